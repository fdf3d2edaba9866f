"""The innovation fund: its calls and granted projects are public, like the call pages and their
decision pages; its statistics are for the fund's coordinators, like the statistics page."""

from django.conf import settings
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from slussen.core.permissions import require
from slussen.fund import selectors
from slussen.fund.models import Kind

from ..framework import Endpoint, ListEndpoint, PublicEndpoint, Query, document, get_or_404
from ..opendata import CHUNK, Dataset

TAG = [_("Innovation fund")]
STATUS = [("upcoming", _("Upcoming")), ("open", _("Open")), ("closed", _("Closed"))]


class CallOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    is_open = serializers.BooleanField(help_text=_("Open for applications now."))
    budget = serializers.IntegerField(help_text=_("In SEK."))
    grant_year = serializers.IntegerField(help_text=_("The year the granted money is for."))
    accepted_kinds = serializers.ListField(child=serializers.ChoiceField(choices=Kind.choices))
    criteria = serializers.SerializerMethodField(help_text=_("What the experts score, 1–5."))
    page = serializers.SerializerMethodField()

    def get_criteria(self, call) -> list[str]:
        return [criterion.label for criterion in call.criteria.all()]

    def get_page(self, call) -> str:
        return settings.SITE_URL + call.get_absolute_url()


class CallFilters(Query):
    status = serializers.ChoiceField(choices=STATUS, required=False)
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=9999, help_text=_("The year the money is for.")
    )


class CallList(ListEndpoint, PublicEndpoint):
    filters = CallFilters
    serializer_class = CallOut

    def get_queryset(self, **filters):
        return selectors.calls(**filters)

    @document(CallOut(many=True), 400, tags=TAG, summary=_("Calls of the fund"))
    def get(self, request):
        return self.list(request)


class CallRead(PublicEndpoint):
    @document(CallOut, 404, tags=TAG, summary=_("One call"))
    def get(self, request, pk):
        return Response(CallOut(get_or_404(selectors.calls(), pk=pk)).data)


class GrantedProject(serializers.Serializer):
    registry_number = serializers.CharField()
    title = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    amount = serializers.IntegerField(source="granted_amount", help_text=_("Granted, in SEK."))
    call = serializers.CharField(source="call.title")
    call_id = serializers.IntegerField()
    year = serializers.IntegerField(
        source="call.grant_year", help_text=_("The year the granted money is for.")
    )


class GrantedFilters(Query):
    call = serializers.IntegerField(required=False, min_value=1, help_text=_("Id of a call."))
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=9999, help_text=_("The year the money is for.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Id of the organisation.")
    )
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)


class GrantedList(ListEndpoint, PublicEndpoint):
    filters = GrantedFilters
    serializer_class = GrantedProject

    def get_queryset(self, **filters):
        return selectors.granted_projects(**filters)

    @document(
        GrantedProject(many=True),
        400,
        tags=TAG,
        summary=_("Granted projects"),
        description=_("What the calls' public decision pages show."),
    )
    def get(self, request):
        return self.list(request)


class Figures(serializers.Serializer):
    applications = serializers.IntegerField()
    granted = serializers.IntegerField()
    amount = serializers.IntegerField(help_text=_("Granted, in SEK."))


class KindFigures(Figures):
    kind = serializers.ChoiceField(source="code", choices=Kind.choices)
    kind_label = serializers.CharField(source="kind")


class OrganisationFigures(Figures):
    organisation = serializers.CharField(source="organisation__name")


class CallFigures(Figures):
    call = serializers.CharField(source="call__title")
    budget = serializers.IntegerField(source="call__budget")


class SinceStart(Figures):
    first_year = serializers.IntegerField(allow_null=True)


class FundStatistics(Figures):
    year = serializers.IntegerField()
    granted_share = serializers.IntegerField(help_text=_("Per cent of the applications."))
    women = serializers.IntegerField(help_text=_("Main applicants (stated voluntarily)."))
    men = serializers.IntegerField()
    other = serializers.IntegerField()
    not_stated = serializers.IntegerField()
    outside_health_care = serializers.IntegerField()
    outside_health_care_share = serializers.IntegerField(
        help_text=_("Per cent of the applications.")
    )
    by_kind = KindFigures(many=True)
    by_organisation = OrganisationFigures(many=True)
    by_call = CallFigures(many=True)
    since_start = SinceStart()


YEAR = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 1900, "maximum": 9999},
    OpenApiParameter.PATH,
    description=_("Applications submitted this year."),
)


class Statistics(Endpoint):
    @document(
        FundStatistics,
        403,
        404,
        tags=[_("Statistics")],
        parameters=[YEAR],
        summary=_("The fund's figures for one year"),
        description=_("For the fund's coordinators, like the statistics page."),
    )
    def get(self, request, year):
        require(request.user, "fund.manage")
        if not 1900 <= year <= 9999:
            raise Http404
        return Response(FundStatistics(selectors.statistics(year)).data)


def granted_rows():
    for application in selectors.granted_projects().iterator(chunk_size=CHUNK):
        yield GrantedProject(application).data


DATASETS = [
    Dataset(
        slug="fund-projects",
        title=_("Granted innovation fund projects"),
        description=_(
            "Every project the innovation fund has granted money: registry number, title, "
            "organisation, kind, amount, call and the year the money is for."
        ),
        columns=[
            ("registry_number", _("Registry number")),
            ("title", _("Title")),
            ("organisation", _("Organisation")),
            ("kind", _("Kind of application (code)")),
            ("kind_label", _("Kind of application")),
            ("amount", _("Granted amount (SEK)")),
            ("call", _("Call")),
            ("call_id", _("Id of the call")),
            ("year", _("Year the money is for")),
        ],
        rows=granted_rows,
    )
]

urlpatterns = [
    path("fund/calls/", CallList.as_view(), name="fund_calls"),
    path("fund/calls/<id:pk>/", CallRead.as_view(), name="fund_call"),
    path("fund/granted-projects/", GrantedList.as_view(), name="fund_granted"),
    path("statistics/fund/<int:year>/", Statistics.as_view(), name="fund_statistics"),
]
