"""The board follows its needs' cases: a case made secret or ended takes its needs off it."""

from django.dispatch import receiver

from slussen.cases.models import Case
from slussen.cases.services import secrecy_changed
from slussen.core.workflow import transitioned

from . import services


@receiver(transitioned, sender=Case)
def withdraw_when_the_case_ends(sender, obj, user, **kwargs):
    services.withdraw_with_case(obj, user)


@receiver(secrecy_changed, sender=Case)
def withdraw_when_the_case_is_made_secret(sender, case, actor, **kwargs):
    services.withdraw_with_case(case, actor)
