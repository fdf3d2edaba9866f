"""Who may hold a role for an organisation: one declared table behind every person picker.

A *picker* is a place where someone names a person for a role (the manager who signs off a fund
application, a case's handler, the owner in the line ...). ``PICKERS`` says, for each, which
membership roles qualify and where such a role must be held relative to the organisation the
choice is about:

``up``
    in the organisation itself or an organisation above it. A line manager of a clinic's unit,
    of the clinic or of the hospital may approve for a unit's employee; a manager of a sibling
    unit may not. Case handlers likewise: an advisor of the hospital handles its units' cases
    (as ``User.handled_org_ids`` does for reading).
``line``
    anywhere in the line the organisation belongs to: above it or below it. The owner in the
    line of a hospital's case may sit in one of its units.
``region``
    anywhere in the region (the fund's pre-screeners and experts are one group for the region).

Without an organisation (a form where none is chosen yet) the role counts anywhere in the
region; every service checks again with the organisation the choice is finally about.

Region-wide people (central coordinators, administrators) may hold the roles marked
``region_wide``: they route and handle any case. Roles held in an external organisation never
count, nobody holds a role *for* an external organisation, and no picker accepts the role of
external actor: a company's user is never a manager, handler, owner, advisor, pre-screener or
expert, whatever is posted.

Decisions from the domain brief:

* ``fund.manager`` – a line manager (or the head of the innovation unit, who leads a unit of
  the line) of the applicant's organisation or above. Checked again when the manager signs off,
  so a choice made before a move or before this rule cannot approve.
* ``case.handler`` / ``process.advisor`` – innovation advisors and heads of innovation units of
  the case's organisation or above, and the central coordinators.
* ``process.owner`` (owner in the line, receiving and maintenance owner) and
  ``process.assignee`` (a task's responsible) – staff of the case's line: any role but external
  actor, held above or below the case's organisation, or region-wide.
* ``process.successor`` – who takes over the cases of someone who has left: staff anywhere in
  the region; the hand-over then checks each role in each case (owner, advisor, handler) for
  the case's organisation.
* ``fund.prescreener`` / ``fund.expert`` – holders of that role anywhere in the region.
* ``intake.co_submitter`` – colleagues who submit an idea together (and follow it): staff
  anywhere in the region.
* ``challenges.owner`` – who runs a challenge and chooses its ideas: an innovation advisor or
  head of innovation of the running organisation or above (they triage its ideas), or a central
  coordinator.
* ``challenges.panel`` – who scores a challenge's ideas: staff anywhere in the region.

``eligible(picker, organisation)`` is the list form (a queryset of active users read through
the membership indexes, fit for 50 000 people) and ``may_hold(user, picker, organisation)`` the
check on one person. They read the same table; a test keeps them in step.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, User
from .roles import CASE_HANDLING_ROLES, REGION_WIDE_ROLES, STAFF_ROLES, Role

UP, LINE, REGION = "up", "line", "region"


@dataclass(frozen=True)
class Picker:
    roles: frozenset
    scope: str  # UP, LINE or REGION
    who: str  # who may be chosen, in words: "Choose %(who)s."
    region_wide: bool = False  # coordinators and administrators qualify too


LEADERS = frozenset({Role.MANAGER, Role.INNOVATION_HEAD})
HANDLERS = frozenset(CASE_HANDLING_ROLES)
STAFF = frozenset(STAFF_ROLES)

MANAGERS_WHO = _("a line manager of the organisation or of an organisation above it")
HANDLERS_WHO = _(
    "an innovation advisor or head of innovation of the organisation or of an organisation "
    "above it, or a central coordinator"
)
STAFF_WHO = _("a person who works in the organisation's line (not an external actor)")

PICKERS = {
    "fund.manager": Picker(LEADERS, UP, MANAGERS_WHO),
    "fund.prescreener": Picker(
        frozenset({Role.PRESCREENER}), REGION, _("one of the fund's pre-screeners")
    ),
    "fund.expert": Picker(frozenset({Role.EXPERT}), REGION, _("one of the fund's experts")),
    "case.handler": Picker(HANDLERS, UP, HANDLERS_WHO, region_wide=True),
    "process.advisor": Picker(HANDLERS, UP, HANDLERS_WHO, region_wide=True),
    "process.owner": Picker(STAFF, LINE, STAFF_WHO, region_wide=True),
    "process.assignee": Picker(STAFF, LINE, STAFF_WHO, region_wide=True),
    "intake.co_submitter": Picker(
        STAFF, REGION, _("a person who works in the region (not an external actor)")
    ),
    "challenges.owner": Picker(HANDLERS, UP, HANDLERS_WHO, region_wide=True),
    "challenges.panel": Picker(
        STAFF, REGION, _("a person who works in the region (not an external actor)")
    ),
    "process.successor": Picker(
        STAFF, REGION, _("a person who works in the region (not an external actor)")
    ),
}


def picker(code) -> Picker:
    try:
        return PICKERS[code]
    except KeyError:
        raise LookupError(f"No person picker {code!r}") from None


def _org_q(spec: Picker, organisation) -> Q:
    """Memberships whose organisation counts for ``organisation`` under ``spec``."""
    internal = ~Q(organisation__kind=Organisation.Kind.EXTERNAL)
    if spec.scope == REGION:
        return internal
    if organisation is None:  # not known yet (nothing chosen): anywhere in the region
        return internal
    above = Q(organisation_id__in=organisation.ancestor_ids() or [organisation.pk])
    if spec.scope == UP:
        return above & internal
    return (above | Q(organisation__path__startswith=organisation.path)) & internal


def _memberships(spec: Picker, organisation) -> QuerySet:
    if organisation is not None and organisation.kind == Organisation.Kind.EXTERNAL:
        return Membership.objects.none()  # no role of the region is held for a company
    roles = Q(role__in=[r.value for r in spec.roles] if spec.roles else [])
    query = roles & _org_q(spec, organisation)
    if spec.region_wide:
        query |= Q(role__in=[r.value for r in REGION_WIDE_ROLES]) & _org_q(spec, None)
    return Membership.objects.filter(query)


def eligible(code: str, organisation=None) -> QuerySet:
    """Active people who may hold ``code`` for ``organisation``, ordered by name."""
    spec = picker(code)
    memberships = _memberships(spec, organisation)
    if spec.roles == STAFF:
        # Nearly everyone: EXISTS, probed per person through the membership's (user, ...)
        # index after a search has narrowed the people by name (20 ms, not 200, for 50 000).
        held = Exists(memberships.filter(user_id=OuterRef("pk")))
    else:
        # A role few hold: read them through the (role, organisation) index first.
        held = Q(pk__in=memberships.values("user_id"))
    return User.objects.filter(held, is_active=True).order_by("full_name", "pk")


def may_hold(user, code: str, organisation=None) -> bool:
    """Does ``user`` qualify for ``code`` for ``organisation``? The object form of ``eligible``."""
    if user is None or not getattr(user, "is_active", False) or not user.pk:
        return False
    return _memberships(picker(code), organisation).filter(user_id=user.pk).exists()


def organisations_for(user, code: str) -> QuerySet:
    """The organisations for which ``user`` may hold ``code`` (the reverse of ``eligible``):
    to list only what someone named in a role may act on, in one query."""
    spec = picker(code)
    internal = Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)
    mine = Membership.objects.filter(user_id=user.pk).exclude(
        organisation__kind=Organisation.Kind.EXTERNAL
    )
    if not user.is_active:
        return internal.none()
    if spec.region_wide and mine.filter(role__in=[r.value for r in REGION_WIDE_ROLES]).exists():
        return internal
    roots = list(
        mine.filter(role__in=[r.value for r in spec.roles]).values_list(
            "organisation__path", flat=True
        )
    )
    if not roots:
        return internal.none()
    if spec.scope == REGION:
        return internal
    query = Q()
    for path in roots:
        query |= Q(path__startswith=path)  # the organisation and everything below it
        if spec.scope == LINE:
            query |= Q(pk__in=[int(p) for p in path.strip("/").split("/") if p])
    return internal.filter(query)


def refusal(user, code: str) -> str:
    return _("%(person)s cannot be chosen here. Choose %(who)s.") % {
        "person": user,
        "who": picker(code).who,
    }


def check(user, code: str, organisation=None) -> None:
    """Refuse (``ValidationError``) a person who may not hold ``code`` for ``organisation``;
    ``None`` (nobody chosen) passes. Services call this whatever the form did."""
    if user is not None and not may_hold(user, code, organisation):
        raise ValidationError(refusal(user, code), code="not_eligible")


def search(code: str, organisation, text: str, limit: int = 20) -> list:
    """The eligible people whose name (any word of it) or e-mail address begins with each word
    of ``text``, every word read ("Anna Maria Lindqvist"), as the picker writes a person too
    ("Anna Maria Lindqvist <anna.lindqvist@…>": the brackets are no part of the address).
    The caller bounds ``text`` (``forms.PERSON_TEXT``)."""
    words = [w.strip("<>,;\"'") for w in text.split()]
    words = [w for w in dict.fromkeys(words) if w]
    if not words:
        return []
    people = eligible(code, organisation)
    for word in words:
        people = people.filter(
            Q(full_name__istartswith=word)
            | Q(full_name__icontains=f" {word}")
            | Q(email__istartswith=word)
        )
    return list(people[:limit])
