"""Reads of the catalogue, the owners' inbox and the test records."""

from django.db.models import Q

from slussen.cases.models import Secrecy
from slussen.cases.selectors import visible_cases
from slussen.core import search

from .models import Record, Request, Testbed
from .rules import is_staff, owned_org_ids


def catalogue(user, *, q="", organisation=None, open_to=""):
    """Published environments (and the user's own unpublished ones), searched and filtered.

    The search looks in the entry's own fields and in its public test plans and results."""
    qs = Testbed.objects.select_related("organisation")
    owned = owned_org_ids(user) if user.is_authenticated else set()
    if owned is not None:
        qs = qs.filter(Q(is_published=True) | Q(organisation_id__in=owned))
    for word in q.split():
        in_records = matching(Record.objects.filter(is_public=True), word)
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(offer__icontains=word)
            | Q(audience__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(pk__in=in_records.values("testbed_id"))
        )
    if organisation:
        qs = qs.filter(organisation=organisation)
    if open_to:
        qs = qs.filter(open_to__in=[open_to, "all"])
    return qs.order_by("name")


def visible_records(user):
    """The list form of the rule ``testbeds.record.view``."""
    qs = Record.objects.all()
    if not user.is_authenticated:
        return qs.filter(is_public=True)
    owned = owned_org_ids(user)
    if owned is None:
        return qs
    scope = Q(is_public=True) | Q(testbed__organisation_id__in=owned)
    scope |= Q(case__in=visible_cases(user).values("pk"))
    if is_staff(user):
        scope |= Q(case__isnull=True) | Q(case__secrecy=Secrecy.PUBLIC)
    return qs.filter(scope)


def matching(records, q: str):
    """The test plans and results of ``records`` with every word of ``q`` (the one search: any
    inflection, compounds, word beginnings; the same on SQLite and PostgreSQL), read from the
    index rows of ``records`` only."""
    for ids in search.matching("testbed_record", q, records):
        records = records.filter(pk__in=ids)
    return records


def records(user, *, q="", testbed=None, kind=""):
    qs = visible_records(user).select_related("testbed", "case", "recorded_by")
    if testbed is not None:
        qs = qs.filter(testbed=testbed)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = matching(qs, q.strip())
    return qs.order_by("-created", "-id")


def inbox(user, *, testbed=None):
    qs = Request.objects.select_related("testbed", "case", "case__state")
    owned = owned_org_ids(user)
    if owned is not None:
        qs = qs.filter(testbed__organisation_id__in=owned)
    if testbed is not None:
        qs = qs.filter(testbed=testbed)
    return qs.order_by("-created", "-id")


def answers(req):
    """The owner's answers: the case's comments that the requester sees."""
    return req.case.events.filter(type="comment", visible_to_submitter=True).select_related("actor")
