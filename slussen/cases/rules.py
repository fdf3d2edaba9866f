"""Who may do what with a case. ``visible_q`` is the list form of ``case.view``; a test keeps
the two in step."""

import re
from functools import reduce
from operator import or_

from django.db.models import Q

from slussen.accounts.roles import CASE_HANDLING_ROLES, REGION_WIDE_ROLES
from slussen.core.permissions import rule

# People a domain app names on a case (an innovation case's owners and advisor, say) work with
# its documents: each app registers its object check and its list form side by side.
_PARTICIPANTS: list[tuple] = []


def participants(check, q_form):
    """Register ``check(user, case) -> bool`` with its list form ``q_form(user) -> Q``. The list
    form reads only the person's id (``visible_reach`` compiles it once, for a blank person)."""
    _PARTICIPANTS.append((check, q_form))


def _participates(user, case) -> bool:
    return (
        user.is_authenticated
        and not user.is_external
        and any(check(user, case) for check, _q in _PARTICIPANTS)
    )


def visible_q(user) -> Q | None:
    """Filter for the cases ``user`` may see; ``None`` means all of them."""
    branches = visible_branches(user)
    return None if branches is None else reduce(or_, branches)


ORGANISATION_BRANCHES = 10  # organisations each read through the index alone; more at once


def visible_branches(user) -> list[Q] | None:
    """``visible_q`` as the conditions it is made of, each served by an index of its own
    (``core.scoping.first_of`` reads a list's page a branch at a time)."""
    if not user.is_authenticated:
        return [Q(pk__in=[])]
    if user.is_region_wide:
        return None
    orgs = sorted(user.handled_org_ids)
    if len(orgs) <= ORGANISATION_BRANCHES:
        branches = [Q(organisation_id=org) for org in orgs]
    else:
        branches = [Q(organisation_id__in=orgs)]
    branches += [Q(handler=user), Q(submitter=user)]
    if not user.is_external:
        branches += [q_form(user) for _check, q_form in _PARTICIPANTS]
    return branches


REACH_IDS = 1000  # a person's cases no mark of hers stands for, listed to the search; more: none


def visible_reach(user):
    """``visible_q`` as the search's inverted index tests it (``core.search.Reach``): the
    marks of her organisations' cases, and the ids of the cases she handles, submitted or is
    named on outside them; ``None`` when the index cannot narrow (she sees every case, or is
    named on too many to list). Every case of her scope is in it. Her organisations' cases are
    found through their own lists of each word (an organisation is the cases' scope mark in the
    index): a case she handles or submitted in another organisation is listed by its id, as
    intersecting the region's lists of common words with her handler's mark cost as much as the
    whole search. Only when she handles or submitted too many such cases to list are they found
    by those marks instead."""
    from django.db import connection

    from slussen.core.search import Reach

    # ``visible_branches`` is None for whoever sees every case: asked of her roles, without
    # building each app's list form of the cases she is named on (some 1.4 ms).
    if not user.is_authenticated:
        return Reach()
    if user.is_region_wide:
        return None
    orgs = sorted(user.handled_org_ids)
    marks = [f"@org:{org}" for org in orgs]
    sql, params = _outside_query(len(orgs), named=not user.is_external)
    blanks = {_NO_ONE: user.pk, **{_NO_ONE - 1 - i: org for i, org in enumerate(orgs)}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [blanks.get(p, p) for p in params])
        found = cursor.fetchall()
    named = {pk for pk, own in found if not own}
    own = {pk for pk, own in found if own}
    if len(found) >= OUTSIDE_READ or len(named) > REACH_IDS:  # too many, or not all read
        return None
    if len(own) > REACH_IDS:  # found by her marks, through the region's lists of each word
        marks += [f"@handler:{user.pk}", f"@submitter:{user.pk}"]
        own = set()
    return Reach(marks=tuple(marks), ids=tuple(sorted(named | own)))


# The rows read of a person's cases outside her organisations: as many means some were not read.
OUTSIDE_READ = 2 * (REACH_IDS + 1)
_NO_ONE = -2_000_000_001  # below every id: the blanks of a query compiled once
_named: dict[tuple, tuple[str, tuple]] = {}


def _outside_query(orgs: int, *, named: bool) -> tuple[str, tuple]:
    """The cases a person handles or submitted (``own`` true) or is named on (false) outside
    her ``orgs`` organisations, as SQL of ``(id, own)`` rows and its parameters with blanks for
    her id and theirs, compiled once per process for each number of organisations (the rules'
    list forms read only her id: compiling them cost more than reading them), up to
    ``REACH_IDS + 1`` of each. Each branch is read alone, in no order, through its own index
    (the cases one handles with their organisation, ``case_handler_organisation``): as one OR
    in the register's order the database walked the register (0.14 s at a million). The cases
    of her organisations need no id: their mark is hers already."""
    from django.db import connection
    from django.db.models import BooleanField, Value

    from slussen.accounts.models import User

    from .models import Case

    key = (connection.vendor, orgs, len(_PARTICIPANTS), named)
    found = _named.get(key)
    if found is None:
        blank = User(pk=_NO_ONE)
        outside = Case.objects.exclude(organisation_id__in=[_NO_ONE - 1 - i for i in range(orgs)])
        forms = [(Q(handler=blank), True), (Q(submitter=blank), True)]
        if named:
            forms += [(q_form(blank), False) for _check, q_form in _PARTICIPANTS]
        parts = [
            outside.filter(q)
            .order_by()
            .annotate(own=Value(own, output_field=BooleanField()))
            .values_list("pk", "own")
            for q, own in forms
        ]
        query = parts[0].union(*parts[1:])[:OUTSIDE_READ].query
        found = _named[key] = query.get_compiler(connection=connection).as_sql()
    return found


def _handles(user, case) -> bool:
    if not user.is_authenticated:
        return False
    return (
        user.is_region_wide
        or case.handler_id == user.pk
        or case.organisation_id in user.handled_org_ids
    )


@rule("case.view")
def view(user, case):
    return (
        _handles(user, case)
        or (user.is_authenticated and case.submitter_id == user.pk)
        or _participates(user, case)
    )


@rule("case.documents")
def documents(user, case):
    """Internal attachments: the handling unit and the people named to work in the case."""
    return _handles(user, case) or _participates(user, case)


@rule("case.handle")
def handle(user, case):
    """Edit, reassign, internal comments, attachments on behalf of the region."""
    return _handles(user, case)


# Where a case no longer takes supporters or merged duplicates: it was handed on, closed, or
# merged itself. (An accepted case lives on in the innovation process.)
ENDED_STATES = ("referred", "closed", "merged")


def merge_refusal(user, case, duplicate=None) -> str:
    """Why ``user`` may not merge a case of hers (``duplicate``, when known) into ``case``, in
    words she can act on; "" when she may. The case must be one she handles (another
    organisation's is merged by its own handlers), not secret (the duplicate's submitters would
    follow a case they may not read), and still open; the duplicate must not be secret (the
    surviving case's submitter reads of every case merged into hers) nor the case itself.
    ``case.state`` and ``case.organisation`` are read. Every merge is refused here: the merge
    form and the similar cases ask it, and so do the merge service and the workflow's merge
    step, whoever calls them."""
    from django.utils.translation import gettext as _

    from .models import Secrecy

    if duplicate is not None:
        if duplicate.pk == case.pk:
            return _("A case cannot be merged into itself.")
        if refusal := merge_from_refusal(duplicate):
            return refusal
    if not _handles(user, case):
        return _(
            "A case of another organisation (%(organisation)s): contact its handler, who may "
            "merge a case into it."
        ) % {"organisation": case.organisation.display_name}
    if case.secrecy == Secrecy.SECRET:
        return _("A secret case: the submitters of this case could not follow it.")
    if case.state.code in ENDED_STATES:
        return _("%(number)s has ended (%(state)s); merge into a case that is still open.") % {
            "number": case.registry_number,
            "state": case.state.label,
        }
    return ""


def merge_from_refusal(duplicate) -> str:
    """Why ``duplicate`` may not be merged into any case; "" when it may."""
    from django.utils.translation import gettext as _

    from .models import Secrecy

    if duplicate.secrecy == Secrecy.SECRET:
        return _(
            "%(number)s is secret: the submitter of the case it was merged into would read of "
            "it. Link the cases instead, or change its secrecy first."
        ) % {"number": duplicate.registry_number}
    return ""


@rule("case.merge_into")
def merge_into(user, case):
    """Whether ``user`` may merge a case of hers into ``case``: see :func:`merge_refusal`."""
    return not merge_refusal(user, case)


def merge_into_q(user) -> Q:
    """The list form of ``case.merge_into``: the cases ``user`` may merge a case into."""
    from .models import Secrecy

    if not user.is_authenticated:
        return Q(pk__in=[])
    open_public = ~Q(secrecy=Secrecy.SECRET) & ~Q(state__code__in=ENDED_STATES)
    if user.is_region_wide:
        return open_public
    return open_public & (Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))


@rule("case.triage")
def triage(user, case):
    return _handles(user, case)


@rule("case.comment")
def comment(user, case):
    return view(user, case)


@rule("case.attach")
def attach(user, case):
    return view(user, case)


@rule("case.audit")
def audit(user, case):
    return user.is_authenticated and user.is_region_wide


@rule("case.register")
def register(user, obj):
    """Register an inbound item by hand (a letter, an e-mail) – the registrar's task."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(*(CASE_HANDLING_ROLES | REGION_WIDE_ROLES))
    )


@rule("case.list")
def list_cases(user, obj):
    return user.is_authenticated


# --- The public part of the register (no log-in) --------------------------------------------
# Separate from ``visible_q`` on purpose: this is what *anyone* may see of *every* case, and it
# is the one place that decides it, for the register pages and the API alike. Only the fields
# in ``selectors.PUBLIC_ONLY`` are read at all: never the description, never who submitted it.


def title_is_public(secrecy) -> bool:
    """Anyone may read the title of a public case; of a secret or partly secret one, not."""
    from .models import Secrecy

    return secrecy == Secrecy.PUBLIC


def public_title(case):
    """The title for the public, or a neutral text; ``None`` for secret cases (not shown)."""
    from django.utils.translation import gettext as _

    from .models import Secrecy

    if title_is_public(case.secrecy):
        return case.title
    if case.secrecy == Secrecy.PARTIAL:
        return _("Partly secret case – the title is not public")
    return None


def number_q(q: str):
    """Part of a registry number, or None when the text has no digit: a registry number is
    found by its digits, and an OR with the number would make the database walk the whole
    register for every word search (about 90 ms at 50 000 cases, growing with the register).
    A NUL is in no registry number, and PostgreSQL refuses it in a text: it is left out, for
    every page that passes its search text on as typed."""
    q = q.replace("\x00", "")
    if not any(c.isdigit() for c in q):
        return None
    found = Q(registry_number__icontains=q)
    typed = TYPED_NUMBER.fullmatch(q.strip())
    if typed:  # "SLU2024-00046", "2024 46", "2024/00046": the number as it is written
        year, seq = int(typed["year"]), int(typed["sep"] or typed["glued"])
        found |= Q(registry_year=year, registry_seq=seq)
    return found


# A registry number as people type it ("SLU 2024-00046"): the prefix or not, glued or not, the
# year and the sequence number apart by a space, a hyphen, a slash or a full stop or by nothing
# (then all five digits), the sequence number's leading zeros or not.
TYPED_NUMBER = re.compile(
    r"(?:[^\W\d_]{1,8}[\s-]*)?(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[-/.\s]\s*(?P<sep>\d{1,6})|(?P<glued>\d{5}))"
)


def public_searchable_q(text: str) -> Q:
    """Search the public register: registry number always, the title only where it is public
    (the query form of :func:`title_is_public`), so a search reveals no word of a hidden one."""
    from slussen.core import search

    from .models import Secrecy

    words = Q()
    for ids in search.matching("case", text, heading_only=True):
        words &= search.within("pk", ids)
    number = number_q(text)
    found = Q(secrecy=Secrecy.PUBLIC) & words if words else None
    if number is None:
        return found if found is not None else Q(pk__in=[])
    return number | found if found is not None else number
