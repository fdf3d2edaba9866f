"""Background jobs of accounts (enqueued by ``manage.py run_scheduler``): the sessions that
have expired are removed."""

from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from slussen.core.scheduler import every


@task()
def clear_expired_sessions() -> int:
    """Remove the sessions that have expired (what Django's ``clearsessions`` does), daily: a
    log-in's row, which names its person, is otherwise kept for ever. Sessions kept in a cache
    expire there on their own. Returns how many rows were removed."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    if model is None:
        store.clear_expired()
        return 0
    deleted, _kinds = model().objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


PERIODIC = [every(clear_expired_sessions, minutes=24 * 60)]
