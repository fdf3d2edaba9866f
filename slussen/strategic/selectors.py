from collections import defaultdict

from django.db.models import Prefetch

from .models import Funding, Project


def portfolio(*, direction="", state="", organisation=None):
    qs = Project.objects.select_related("state", "lead_organisation").prefetch_related(
        "directions", "organisations", Prefetch("funding", queryset=Funding.objects.all())
    )
    if direction:
        qs = qs.filter(directions__code=direction)
    if state:
        qs = qs.filter(state__code=state)
    if organisation:
        qs = qs.filter(organisations=organisation)
    return qs.order_by("title").distinct()


def funding_totals(projects):
    """External funding with a known amount, summed per currency (no conversion)."""
    totals = defaultdict(int)
    for project in projects:
        for funding in project.funding.all():
            if funding.amount is not None:
                totals[funding.currency] += funding.amount
    return sorted(totals.items())
