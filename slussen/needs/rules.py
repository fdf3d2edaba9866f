"""Who may do what on the needs board. ``visible_q`` is the list form of ``needs.view``;
a test keeps the two in step."""

from django.db.models import Q
from django.utils import timezone

from slussen.accounts.roles import Role
from slussen.core.permissions import can, rule

from .models import Audience

PUBLISHED = "published"


def managers_of(case):
    """Line managers of the case's organisation or above it: who approves a need."""
    from slussen.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.MANAGER,
            memberships__organisation_id__in=case.organisation.ancestor_ids(),
        )
        .distinct()
        .order_by("full_name")
    )


def _audiences(user) -> list[str]:
    """A need for companies is read by any company, with an account or without one (it answers
    through the company way in); a need for employees by the region's staff only."""
    if not user.is_authenticated or user.is_external:
        return [Audience.PUBLIC, Audience.COMPANIES]
    return [Audience.PUBLIC, Audience.COMPANIES, Audience.EMPLOYEES]


def case_ended(case) -> bool:
    """Whether a need's case has ended (closed, handed on, merged into another): from that
    moment the board shows its needs to nobody and they take no answers, whether or not they
    were closed yet (``services.withdraw_with_case`` closes them and tells the companies who
    answered). A case made secret is another matter: a need may be published from a secret
    case in words of its own, approved by the manager; one published before its case was made
    secret is closed at that moment (``signals``). ``case.state`` is read. The list form is
    :func:`case_open_q`."""
    from slussen.cases.rules import ENDED_STATES

    return case.state.code in ENDED_STATES


def case_open_q() -> Q:
    """The list form of ``not case_ended(need.case)``."""
    from slussen.cases.rules import ENDED_STATES

    return ~Q(case__state__code__in=ENDED_STATES)


def _on_board(user, need) -> bool:
    return (
        need.state.code == PUBLISHED
        and need.audience in _audiences(user)
        and not case_ended(need.case)
    )


def on_board_q(user) -> Q:
    """Published needs this person's audience may read, of cases that have not ended."""
    return Q(state__code=PUBLISHED, audience__in=_audiences(user)) & case_open_q()


@rule("needs.create")
def create(user, case):
    return user.is_authenticated and not user.is_external and can(user, "case.handle", case)


@rule("needs.edit")
def edit(user, need):
    return user.is_authenticated and not user.is_external and can(user, "case.handle", need.case)


@rule("needs.reopen")
def reopen(user, need):
    """Its handlers take up again a need that left the board with its case, once the case is
    open again (never one its handler closed, nor while the case has ended)."""
    return need.withdrawn_with_case and not case_ended(need.case) and edit(user, need)


@rule("needs.translate")
def translate(user, need):
    """Its handlers give or change the English texts until the need is closed: a translation of
    what was approved, so the Swedish texts are not opened again."""
    return need.state.code != "closed" and edit(user, need)


@rule("needs.approve")
def approve(user, need):
    if not user.is_authenticated or user.is_external:
        return False
    mandate = user.orgs_with_role(Role.MANAGER)
    return bool(mandate.intersection(need.case.organisation.ancestor_ids()))


@rule("needs.view")
def view(user, need):
    return _on_board(user, need) or edit(user, need) or approve(user, need)


@rule("needs.answer")
def answer(user, need):
    """A company answers a published need for companies or everyone, in time: a company's
    person logged in, or anyone not logged in through the company way in (nothing is kept
    until the address typed confirms it)."""
    return (
        (not user.is_authenticated or user.is_external)
        and need.state.code == PUBLISHED
        and need.audience in (Audience.COMPANIES, Audience.PUBLIC)
        and need.deadline >= timezone.localdate()
        and not case_ended(need.case)
    )


@rule("needs.support")
def support(user, need):
    """An employee says a published need is her unit's need too: she supports and follows its
    case, where the case takes supporters (``intake.join``: never a secret one, nor one that
    has ended, nor by those who handle the case – they published the need)."""
    return (
        user.is_authenticated
        and not user.is_external
        and need.state.code == PUBLISHED
        and can(user, "intake.join", need.case)
    )


def creatable_cases(user):
    """The list form of ``needs.create``: cases this person handles."""
    from slussen.cases.models import Case

    if not user.is_authenticated or user.is_external:
        return Case.objects.none()
    if user.is_region_wide:
        return Case.objects.all()
    return Case.objects.filter(Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))


@rule("needs.create_any")
def create_any(user, obj=None):
    """Publish needs at all: whoever handles cases of some organisation."""
    return (
        user.is_authenticated
        and not user.is_external
        and (user.is_region_wide or user.handles_cases)
    )
