from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from slussen.cases.models import CaseEvent
from slussen.core.workflow import labels, transitioned

from .models import (
    Application,
    Assignment,
    BudgetLine,
    Call,
    CallStamp,
    Criterion,
    Prescreening,
    Review,
    Score,
)

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


# What the call overview and the statistics show comes from these rows: a save or delete of
# any of them counts a change of the call (``services.stamp_calls``) in the same transaction,
# so that what is kept for the call is not read again. Changes of applications made in bulk
# count through ``ApplicationQuerySet.update``.
def _call_of(instance):
    if isinstance(instance, Application | Criterion):
        return [instance.call_id]
    if isinstance(instance, Score):
        return Application.objects.filter(reviews=instance.review_id).values("call_id")
    return Application.objects.filter(pk=instance.application_id).values("call_id")


def stamp_call(sender, instance, **kwargs):
    from .services import stamp_calls

    stamp_calls(_call_of(instance), "applications" if sender is Application else "details")


for _model in (Application, Review, Score, BudgetLine, Criterion, Assignment, Prescreening):
    post_save.connect(stamp_call, sender=_model, dispatch_uid=f"fund-stamp-{_model.__name__}")
    post_delete.connect(stamp_call, sender=_model, dispatch_uid=f"fund-stamp-{_model.__name__}-d")


@receiver(post_save, sender=Call, dispatch_uid="fund-stamp-call")
def stamp_a_call(sender, instance, created, **kwargs):
    """A new call gets its stamp; a changed one (its title, its budget) counts a change."""
    if created:
        CallStamp.objects.get_or_create(call=instance)
    else:
        from .services import stamp_calls

        stamp_calls([instance.pk])
