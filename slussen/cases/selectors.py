"""Reads of the register that pages and the API share."""

from django.db.models import Q

from .models import Case, CaseEvent
from .rules import visible_q


def visible_cases(user):
    qs = Case.objects.all()
    scope = visible_q(user)
    return qs if scope is None else qs.filter(scope)


def register(user, *, q="", kind="", state="", organisation=None, year=None):
    qs = visible_cases(user).select_related("state", "organisation", "handler")
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(registry_number__icontains=q) | Q(title__icontains=q) | Q(description__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state__code=state)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if year:
        qs = qs.filter(registry_year=year)
    return qs.order_by("-registry_year", "-registry_seq")


def timeline(case, *, internal: bool):
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    return events if internal else events.filter(visible_to_submitter=True)


def attachments(case, *, internal: bool):
    qs = case.attachments.select_related("uploaded_by")
    return qs if internal else qs.filter(visible_to_submitter=True)
