"""Reads of the API app: the public part of the register, the public strategic portfolio and a
person's API keys."""

from django.db.models import Q
from django.utils import timezone, translation

from slussen.cases.models import Case, Kind, Secrecy
from slussen.strategic.selectors import portfolio

from .models import ApiToken

REGISTER_FIELDS = (
    "id",
    "registry_number",
    "created",
    "kind",
    "title",
    "secrecy",
    "secrecy_reference",
    "organisation__name",
    "state__code",
    "state__name_sv",
    "state__name_en",
)
# Decisions of the political committee are public acts; proposals in preparation are not.
PUBLIC_PROJECT_STATES = ("approved", "completed")


def public_register(*, q="", kind="", state="", year=None):
    """Every registered case, newest first, as plain rows (see :func:`public_record`).

    The search matches the registry number of any case, but the title only of public ones, so
    that a search cannot reveal a word of a secret title."""
    qs = Case.objects.all()
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(registry_number__icontains=q) | Q(secrecy=Secrecy.PUBLIC, title__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state__code=state)
    if year:
        qs = qs.filter(registry_year=year)
    return qs.order_by("-id").values(*REGISTER_FIELDS)


def public_record(row: dict) -> dict:
    """What the register shows anyone. For a secret or partly secret case the title is withheld
    (the secrecy provision is named instead); who submitted a case is never shown."""
    public = row["secrecy"] == Secrecy.PUBLIC
    english = translation.get_language() == "en"
    return {
        "registry_number": row["registry_number"],
        "registered": timezone.localdate(row["created"]),
        "kind": row["kind"],
        "kind_label": str(Kind(row["kind"]).label) if row["kind"] in Kind.values else row["kind"],
        "title": row["title"] if public else None,
        "secrecy": row["secrecy"],
        "secrecy_reference": "" if public else row["secrecy_reference"],
        "organisation": row["organisation__name"],
        "status": row["state__code"],
        "status_label": row["state__name_en"] if english else row["state__name_sv"],
    }


def public_portfolio(**filters):
    """Strategic projects that the committee has decided (approved or completed)."""
    return portfolio(**filters).filter(state__code__in=PUBLIC_PROJECT_STATES)


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked", "-created", "-id")
