from django.db.models.signals import post_save
from django.dispatch import receiver

from slussen.cases.models import Case, CaseEvent, Secrecy
from slussen.cases.services import secrecy_changed
from slussen.core.workflow import transitioned

from . import services


@receiver(transitioned, sender=Case)
def tell_submitter_why(sender, obj, transition, source, user, reason, **kwargs):
    """Every status change reaches the submitter with its reason and the tracking link, and the
    supporters with the new status and what the step decided, in words of their own (never the
    reason written to the submitter). A merge tells everyone in its own words (``merge``)."""
    if transition.code == "merge":
        return
    services.tell_supporters(obj, state=transition.target, transition=transition.code)
    services.tell_submitter(
        obj,
        "intake/email/status",
        {"case": obj, "transition": transition, "state": transition.target, "reason": reason},
    )


@receiver(post_save, sender=CaseEvent)
def first_response(sender, instance, created, **kwargs):
    """The region's first answer to the submitter (``CaseEvent.answers_submitter``: a status
    change or a message from the region, never a notice of another case) is the first response."""
    if created and instance.answers_submitter:
        services.mark_first_response(instance.case_id)


@receiver(post_save, sender=CaseEvent)
def tell_submitter_of_progress(sender, instance, created, **kwargs):
    """A step after triage that the submitter should know of (a gate of the innovation process,
    roll-out, maintenance) reaches everyone who follows the case, with the tracking link."""
    if created and instance.type == CaseEvent.Type.PROGRESS and instance.data.get("tell_submitter"):
        context = {"event": instance, "case": instance.case}
        services.tell_submitter(instance.case, "intake/email/progress", context)
        services.tell_supporters(instance.case, event=instance)


@receiver(secrecy_changed, sender=Case)
def end_following_of_a_secret_case(sender, case, before, after, actor, **kwargs):
    """A case made secret is followed by nobody outside it any longer: its supporters are told
    so, in words that give nothing of it away."""
    if after == Secrecy.SECRET and before != Secrecy.SECRET:
        services.end_following(case)
