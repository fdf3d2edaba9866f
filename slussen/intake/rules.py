from django.db.models import Q

from slussen.accounts.roles import STAFF_ROLES
from slussen.cases.rules import ENDED_STATES
from slussen.core.permissions import can, rule


@rule("intake.submit_idea")
def submit_idea(user, obj):
    """Employees of the region (anyone with a role in it) submit ideas and needs."""
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("intake.queue")
def queue(user, obj):
    """Advisors and heads of innovation units see their organisations' queue; coordinators all."""
    return user.is_authenticated and (user.is_region_wide or user.handles_cases)


@rule("intake.public_menu")
def public_menu(user, obj):
    return not user.is_authenticated


@rule("intake.company_menu")
def company_menu(user, obj):
    return not user.is_authenticated or user.is_external


@rule("intake.join")
def join(user, case):
    """Who may say "this is my need too" of a case: anybody of a public case, a colleague of
    a partly secret one she may see; nobody of a secret case, of one that has ended, or of her
    own submission, nor those who handle the case (it is theirs already; a coordinator handles
    every case). An external account is not a colleague. The needs board asks the same of a
    need's case. Why not, in words: :func:`join_refusal`."""
    return not join_refusal(user, case)


def join_refusal(user, case) -> str:
    """Why ``user`` may not support ``case`` ("this is my need too"), in the words the join
    page shows instead of its form; "" when she may. ``case.state`` is read. Every join is
    refused here: the page, the join service and the public's confirmation link ask it."""
    from django.utils.translation import gettext as _

    from slussen.cases.models import Secrecy

    if case.secrecy == Secrecy.SECRET:
        return _("This case is secret: it cannot be supported or followed.")
    if case.state.code == "merged" and (instead := handled_in(case)) is not None:
        return _(
            "%(number)s has ended: it was merged into %(survivor)s, which handles the need now. "
            "Support %(survivor)s instead."
        ) % {"number": case.registry_number, "survivor": instead.registry_number}
    if case.state.code in ENDED_STATES:
        return _("%(number)s has ended (%(state)s) and takes no more supporters.") % {
            "number": case.registry_number,
            "state": case.state.label,
        }
    if user.is_authenticated and case.submitter_id == user.pk:
        return _("This is your own submission: you follow it already.")
    if user.is_authenticated and can(user, "case.handle", case):
        return _("You are among those who handle this case: it is yours already.")
    if case.secrecy == Secrecy.PUBLIC:
        return ""
    if user.is_authenticated and not user.is_external and can(user, "case.view", case):
        return ""
    return _("Only colleagues who may read this case may support it.")


def handled_in(case):
    """The case a case merged into another is handled in now: the one it was merged into, or
    the last of a chain of merges; None for a case not merged (``case.state`` is read)."""
    from slussen.cases.models import Case
    from slussen.cases.projects import handling_case_ids

    if case.state.code != "merged" or not case.pk:
        return None
    into = handling_case_ids([case.pk]).get(case.pk)
    return Case.objects.select_related("state", "organisation").filter(pk=into).first()


def link_refusal(case, other=None) -> str:
    """Why ``case`` may not be linked ("related", "duplicate of") to ``other`` (when known), in
    words the triage page shows instead of its link form; "" when it may. A case that has ended
    (closed, handed on, merged into another) takes no more links: both timelines would gain a
    line and both submitters a mail about a case no longer handled here; a merged case's
    surviving case is named instead. ``state`` is read of both. Every link is refused here:
    the page and the link service ask it."""
    from django.utils.translation import gettext as _

    for this in (case, other):
        if this is None or this.state.code not in ENDED_STATES:
            continue
        if this.state.code == "merged":
            survivor = (
                this.links_out.filter(kind="merged").select_related("other").first()
                if this.pk
                else None
            )
            if survivor is not None:
                return _("%(number)s was merged into %(survivor)s: link %(survivor)s instead.") % {
                    "number": this.registry_number,
                    "survivor": survivor.other.registry_number,
                }
        return _(
            "%(number)s has ended (%(state)s) and can no longer be linked to another case."
        ) % {
            "number": this.registry_number,
            "state": this.state.label,
        }
    return ""


def followed(case) -> bool:
    """Whether a case's supporters follow it: they read of it what the public may know, and of
    a secret case the public knows nothing but its registry number. A case made secret after
    people joined it is followed no more (they are told once, ``services.end_following``): its
    supporter page, the start page, notices and e-mail give nothing of it; its supporters stay
    with the case for its handler, and follow it again should it be made public again. The
    list form is :func:`followed_q`."""
    from slussen.cases.models import Secrecy

    return case.secrecy != Secrecy.SECRET


def followed_q(prefix="case__") -> Q:
    """The list form of :func:`followed`, for supporters (``prefix`` leads to their case)."""
    from slussen.cases.models import Secrecy

    return ~Q(**{f"{prefix}secrecy": Secrecy.SECRET})


def shared_q() -> Q:
    """Cases whose submitter let colleagues see them; never a secret or partly secret one."""
    from slussen.cases.models import Secrecy

    return Q(submission__shared=True, secrecy=Secrecy.PUBLIC)


@rule("intake.see_shared")
def see_shared(user, case):
    """An employee sees a colleague's shared idea (not an external account, not the public)."""
    from slussen.cases.models import Secrecy

    if not user.is_authenticated or user.is_external:
        return False
    submission = getattr(case, "submission", None)
    return (
        submission is not None
        and submission.shared
        and case.secrecy == Secrecy.PUBLIC
        and case.state.code not in ENDED_STATES
    )


@rule("intake.comment_shared")
def comment_shared(user, case):
    """Whoever sees a colleague's shared idea may comment on it: the handler reads it."""
    return see_shared(user, case)


@rule("intake.colleagues")
def colleagues(user, obj=None):
    return user.is_authenticated and not user.is_external
