"""The board follows its needs' cases: a case that ends, or is made secret after its needs
were published, takes them off it (a need may be published from a case secret already, in words
of its own approved by the manager)."""

from django.dispatch import receiver

from slussen.cases.models import Case, Secrecy
from slussen.cases.rules import ENDED_STATES
from slussen.cases.services import secrecy_changed
from slussen.core.workflow import transitioned

from . import services
from .models import Need
from .rules import case_ended


@receiver(transitioned, sender=Case)
def withdraw_when_the_case_ends(sender, obj, user, **kwargs):
    if case_ended(obj):
        services.withdraw_with_case(obj, user)


@receiver(transitioned, sender=Case)
def offer_again_when_the_case_is_opened_again(sender, obj, user, source, **kwargs):
    if source.code in ENDED_STATES and not case_ended(obj):
        services.offer_again(obj, user)


@receiver(transitioned, sender=Need)
def taken_up_again(sender, obj, transition, **kwargs):
    if transition.code == "reopen":
        services.taken_up_again(obj)


@receiver(secrecy_changed, sender=Case)
def withdraw_when_the_case_is_made_secret(sender, case, before, after, actor, **kwargs):
    if after == Secrecy.SECRET and before != Secrecy.SECRET:
        services.withdraw_with_case(case, actor)
