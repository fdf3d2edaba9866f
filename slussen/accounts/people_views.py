"""Suggestions for the person picker (``fields.PersonWidget``): htmx asks as one types."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from slussen.core.forms import list_filters
from slussen.core.permissions import require

from . import people
from .forms import PeopleSearchForm
from .models import Organisation

LIST_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")
LIMIT = 20


@login_required
@require_GET
def people_search(request):
    """At most ``LIMIT`` people who may hold ``picker`` for ``organisation`` and whose name or
    e-mail address begins with each word of ``q`` (read whole, up to what the picker's field
    takes; more is said to be too long). Never anyone outside that set; staff only."""
    require(request.user, "site.staff_area")
    code = request.GET.get("picker", "")
    if code not in people.PICKERS:
        return HttpResponseBadRequest("picker")
    organisation = None
    raw = request.GET.get("organisation", "").strip()
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            return HttpResponseBadRequest("organisation")
        organisation = Organisation.objects.filter(pk=int(raw)).first()
    list_id = request.GET.get("list", "")
    if not LIST_ID.match(list_id):
        list_id = "person-options"
    filters = list_filters(PeopleSearchForm(request.GET))
    text = (filters or {}).get("q", "")
    found = people.search(code, organisation, text, limit=LIMIT) if text else []
    return render(
        request,
        "accounts/_people_options.html",
        {"people": found, "list_id": list_id, "searched": bool(text), "too_long": filters is None},
    )
