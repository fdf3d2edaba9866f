"""The register, public part: anyone may read it, without log-in (offentlighetsprincipen)."""

from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from slussen.cases.models import Kind, Secrecy
from slussen.cases.rules import title_is_public
from slussen.cases.selectors import public_rows

from ..framework import ListEndpoint, PublicEndpoint, Query, document
from ..opendata import CHUNK, Dataset

TAG = [_("Open data")]


class PublicCase(serializers.Serializer):
    registry_number = serializers.CharField()
    registered = serializers.DateField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField(
        allow_null=True, help_text=_("Withheld (null) for secret and partly secret cases.")
    )
    secrecy = serializers.ChoiceField(choices=Secrecy.choices)
    secrecy_reference = serializers.CharField(
        allow_blank=True, help_text=_("The secrecy provision, for cases that are not public.")
    )
    organisation = serializers.CharField(help_text=_("The handling organisation."))
    status = serializers.CharField()
    status_label = serializers.CharField()


class RegisterFilters(Query):
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("Words in the registry number, or in the title of public cases."),
    )
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    state = serializers.SlugField(
        required=False, max_length=64, help_text=_("A status code, e.g. assessing.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Id of the handling organisation.")
    )
    year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)


def public_record(row: dict) -> dict:
    """A row of the public register (``cases.selectors.public_rows``) as the API shows it: the
    title only where ``cases.rules`` makes it public, else the secrecy provision instead."""
    public = title_is_public(row["secrecy"])
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


class Register(ListEndpoint, PublicEndpoint):
    filters = RegisterFilters
    serializer_class = PublicCase

    def get_queryset(self, **filters):
        return public_rows(**filters)

    def present(self, page):
        return PublicCase([public_record(row) for row in page], many=True).data

    @document(
        PublicCase(many=True),
        400,
        tags=TAG,
        summary=_("The public register"),
        description=_("Every registered case with what may be shown of it."),
    )
    def get(self, request):
        return self.list(request)


def register_rows():
    for row in public_rows().iterator(chunk_size=CHUNK):
        yield public_record(row)


DATASETS = [
    Dataset(
        slug="register",
        title=_("The public register"),
        description=_(
            "Every case registered in Slussen: registry number, date, kind, title (public cases "
            "only), secrecy provision, handling organisation and status."
        ),
        columns=[
            ("registry_number", _("Registry number")),
            ("registered", _("Date of registration")),
            ("kind", _("Kind of item (code)")),
            ("kind_label", _("Kind of item")),
            ("title", _("Title; empty for secret and partly secret cases")),
            ("secrecy", _("public, partial or secret")),
            ("secrecy_reference", _("Secrecy provision (OSL) for cases that are not public")),
            ("organisation", _("Handling organisation")),
            ("status", _("Status (code)")),
            ("status_label", _("Status")),
        ],
        rows=register_rows,
    )
]

urlpatterns = [path("register/", Register.as_view(), name="register")]
