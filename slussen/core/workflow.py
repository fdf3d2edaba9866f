"""One engine for every workflow.

An object under a workflow has a foreign key ``state`` to :class:`WorkflowState`; the
definition (states, transitions, and the permission each transition needs) is data. A
transition is looked up by its stable code, checked against its sources and its permission,
applied in one transaction with the object row locked, audited, and announced with the
``transitioned`` signal, which the owning app turns into a timeline event and notifications.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from . import audit
from .models import Workflow, WorkflowState, WorkflowTransition
from .permissions import can

transitioned = Signal()  # sender=model class; obj, transition, source, user, reason


class TransitionError(ValidationError):
    pass


def current(code: str) -> Workflow:
    return Workflow.objects.filter(code=code, is_current=True).order_by("-version").first() or (
        Workflow.objects.filter(code=code).order_by("-version").get()
    )


def initial_state(code: str) -> WorkflowState:
    return current(code).states.get(is_initial=True)


def state_labels(workflow_id) -> dict[str, str]:
    """Code → label in the active language, for timelines that store codes."""
    return {s.code: s.label for s in WorkflowState.objects.filter(workflow_id=workflow_id)}


def available(obj, user) -> list[WorkflowTransition]:
    """Transitions ``user`` may take from the object's current state."""
    candidates = WorkflowTransition.objects.filter(
        workflow_id=obj.state.workflow_id, sources=obj.state_id
    ).select_related("target")
    return [t for t in candidates if can(user, t.permission, obj)]


def apply(obj, code: str, user, *, reason: str = "", **data):
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().select_related("state").get(pk=obj.pk)
        try:
            tr = WorkflowTransition.objects.select_related("target").get(
                workflow_id=locked.state.workflow_id, code=code
            )
        except WorkflowTransition.DoesNotExist:
            raise TransitionError(_("This step does not exist.")) from None
        if not tr.sources.filter(pk=locked.state_id).exists():
            raise TransitionError(
                _("This step is not possible from the status “%(state)s”.")
                % {"state": locked.state.label}
            )
        if not can(user, tr.permission, locked):
            raise PermissionDenied
        if tr.requires_reason and not reason:
            raise TransitionError(_("Please give a reason; it is shown on the timeline."))
        source = locked.state
        locked.state = tr.target
        locked.save(update_fields=["state", "updated"])
        audit.record(
            user, f"workflow.{code}", locked, source=source.code, target=tr.target.code, **data
        )
        transitioned.send(
            sender=type(locked),
            obj=locked,
            transition=tr,
            source=source,
            user=user,
            reason=reason,
        )
    obj.state = locked.state
    return tr


def define(code: str, name_sv: str, name_en: str, states, transitions, version: int = 1):
    """Create or update a workflow definition from plain data (used by seeds and migrations).

    ``states``: ``[(code, name_sv, name_en, flags)]`` where flags may contain "initial"/"final".
    ``transitions``: ``[(code, name_sv, name_en, [source codes], target, permission)]``.
    """
    wf, _created = Workflow.objects.update_or_create(
        code=code, version=version, defaults={"name_sv": name_sv, "name_en": name_en}
    )
    by_code = {}
    for order, (scode, sv, en, flags) in enumerate(states):
        by_code[scode], _c = WorkflowState.objects.update_or_create(
            workflow=wf,
            code=scode,
            defaults={
                "name_sv": sv,
                "name_en": en,
                "order": order,
                "is_initial": "initial" in flags,
                "is_final": "final" in flags,
            },
        )
    for order, (tcode, sv, en, sources, target, permission) in enumerate(transitions):
        tr, _c = WorkflowTransition.objects.update_or_create(
            workflow=wf,
            code=tcode,
            defaults={
                "name_sv": sv,
                "name_en": en,
                "target": by_code[target],
                "permission": permission,
                "order": order,
            },
        )
        tr.sources.set([by_code[s] for s in sources])
    return wf
