"""Strategic region-wide projects. Those the committee has decided (approved or completed) are
open data; the region's staff also see proposals in preparation, as on the portfolio page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.response import Response

from slussen.core.permissions import can
from slussen.strategic.models import Direction, Funding
from slussen.strategic.selectors import portfolio

from .. import selectors
from ..framework import ListEndpoint, PublicEndpoint, Query, document, get_or_404
from ..opendata import CHUNK, Dataset
from .cases import Status

TAG = [_("Strategic projects")]


class FundingOut(serializers.Serializer):
    funder = serializers.CharField()
    programme = serializers.CharField(allow_blank=True)
    amount = serializers.IntegerField(allow_null=True)
    currency = serializers.ChoiceField(choices=Funding.Currency.choices)
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()


class ProjectOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = Status(source="state")
    lead_organisation = serializers.CharField(source="lead_organisation.name")
    organisations = serializers.SerializerMethodField()
    directions = serializers.ListField(
        source="direction_codes", child=serializers.ChoiceField(choices=Direction.choices)
    )
    partners = serializers.CharField(allow_blank=True)
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    funding = FundingOut(many=True, help_text=_("External funding (EU, Vinnova …)."))

    def get_organisations(self, project) -> list[str]:
        return [org.name for org in project.organisations.all()]


class ProjectFilters(Query):
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    state = serializers.SlugField(
        required=False, max_length=64, help_text=_("A status code, e.g. approved.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Id of a participating organisation.")
    )


def projects_for(user, **filters):
    if can(user, "strategic.view"):
        return portfolio(**filters)
    return selectors.public_portfolio(**filters)


class ProjectList(ListEndpoint, PublicEndpoint):
    filters = ProjectFilters
    serializer_class = ProjectOut

    def get_queryset(self, **filters):
        return projects_for(self.request.user, **filters)

    @document(
        ProjectOut(many=True),
        400,
        tags=TAG,
        summary=_("Strategic projects"),
        description=_("Decided projects for everyone; proposals too for the region's staff."),
    )
    def get(self, request):
        return self.list(request)


class ProjectRead(PublicEndpoint):
    @document(ProjectOut, 404, tags=TAG, summary=_("One strategic project"))
    def get(self, request, pk):
        project = get_or_404(projects_for(request.user), pk=pk)
        return Response(ProjectOut(project).data)


def _funding_text(funding):
    amount = f"{funding.amount} {funding.currency}" if funding.amount is not None else "–"
    source = f"{funding.funder} ({funding.programme})" if funding.programme else funding.funder
    return f"{source}: {amount}, {funding.start_year}–{funding.end_year}"


def project_rows():
    for project in selectors.public_portfolio().iterator(chunk_size=CHUNK):
        row = ProjectOut(project).data
        row["status"] = project.state.code
        row["funding"] = [_funding_text(f) for f in project.funding.all()]
        yield row


DATASETS = [
    Dataset(
        slug="strategic-projects",
        title=_("Strategic projects"),
        description=_(
            "Region-wide strategic projects that the committee has decided: aims, lead and "
            "participating organisations, strategic directions and external funding."
        ),
        columns=[
            ("id", _("Identifier")),
            ("title", _("Title")),
            ("summary", _("Summary")),
            ("status", _("approved or completed")),
            ("lead_organisation", _("Lead organisation")),
            ("organisations", _("Participating organisations")),
            ("directions", _("Strategic directions (codes)")),
            ("partners", _("External partners")),
            ("start_year", _("Start year")),
            ("end_year", _("End year")),
            ("funding", _("External funding: funder (programme): amount currency, years")),
        ],
        rows=project_rows,
    )
]

urlpatterns = [
    path("strategic-projects/", ProjectList.as_view(), name="strategic_projects"),
    path("strategic-projects/<id:pk>/", ProjectRead.as_view(), name="strategic_project"),
]
