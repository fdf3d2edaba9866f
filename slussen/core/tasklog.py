"""Carry the request id into background tasks: the id of the request that queued a task is
kept beside it (``core.TaskOrigin``) and set again while the worker runs it."""

from django.dispatch import receiver
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks_db.backend import DatabaseBackend

from .logs import request_id
from .models import TaskOrigin

_token = {}


def _queued(sender) -> bool:
    """A task of the database queue (the worker sends the backend, enqueue its class)."""
    backend = sender if isinstance(sender, type) else type(sender)
    return issubclass(backend, DatabaseBackend)


@receiver(task_enqueued)
def remember_origin(sender, task_result, **kwargs):
    rid = request_id.get()
    if rid and _queued(sender):  # the immediate backend runs in the request
        TaskOrigin.objects.update_or_create(
            task_id=str(task_result.id), defaults={"request_id": rid}
        )


@receiver(task_started)
def restore_origin(sender, task_result, **kwargs):
    if _queued(sender):
        origin = TaskOrigin.objects.filter(task_id=str(task_result.id)).first()
        _token[task_result.id] = request_id.set(origin.request_id if origin else "")


@receiver(task_finished)
def forget_origin(sender, task_result, **kwargs):
    if _queued(sender):
        TaskOrigin.objects.filter(task_id=str(task_result.id)).delete()
        token = _token.pop(task_result.id, None)
        if token is not None:
            request_id.reset(token)
