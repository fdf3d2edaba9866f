from django.dispatch import receiver

from slussen.core.workflow import labels, transitioned

from .models import Case, CaseEvent


@receiver(transitioned, sender=Case)
def timeline_on_transition(sender, obj, transition, source, user, reason, **kwargs):
    """Every status change lands on the timeline, with its reason, visible to the submitter."""
    CaseEvent.objects.create(
        case=obj,
        type=CaseEvent.Type.TRANSITION,
        actor=user if user.is_authenticated else None,
        body=reason,
        visible_to_submitter=True,
        data={
            "from": source.code,
            "to": transition.target.code,
            "transition": transition.code,
            "labels": labels(source, transition.target),
        },
    )
