from django.dispatch import receiver

from slussen.cases.models import CaseEvent
from slussen.core.workflow import labels, transitioned

from .models import Application

THREAD_STEPS = ("ask", "resubmit", "resubmit_prescreening")


@receiver(transitioned, sender=Application)
def timeline_on_transition(sender, obj, transition, source, user, reason, **kwargs):
    """The fund's steps land on the registry case's timeline too, where the register shows
    them. Internal to the region until a decision is told to the applicant."""
    if obj.case_id is None:
        return
    CaseEvent.objects.create(
        case_id=obj.case_id,
        type=CaseEvent.Type.TRANSITION,
        actor=user if user.is_authenticated else None,
        # A question and its reply stay in the application's thread, which only the applicant,
        # the coordinators and the reviewers read; the timeline shows the step alone.
        body="" if transition.code in THREAD_STEPS else reason,
        visible_to_submitter=True,
        data={
            "from": source.code,
            "to": transition.target.code,
            "transition": transition.code,
            "workflow": "fund_application",
            "labels": labels(source, transition.target),
        },
    )
