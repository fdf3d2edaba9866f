"""The needs board's section of a company's start page: the needs its company answered and
where each answer stands. One query."""

from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item

from .models import Answer
from .services import company_of


def answers(user):
    """Shown to a company's person whose company has answered a need."""
    if not (user.is_authenticated and user.is_external):
        return None
    company = company_of(user)
    if company is None:
        return None
    given = Answer.objects.filter(company=company).select_related("need").order_by("-created")
    shown = [
        Item(a.need.title, a.need.get_absolute_url(), a.get_status_display())
        for a in given[: home.SHOWN + 1]
    ]
    return shown or None


def register():
    home.add(
        "needs_answers",
        gettext_lazy("Your answers on the needs board"),
        answers,
        order=23,
        more="needs:board",
        counted=False,
    )
