"""The catalogue of test environments: public, like its pages."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.response import Response

from slussen.core.permissions import require
from slussen.testbeds import selectors
from slussen.testbeds.models import OpenTo, Testbed

from ..framework import ListEndpoint, PublicEndpoint, Query, cursor_by, document, get_or_404
from ..opendata import CHUNK, Dataset

TAG = [_("Test environments")]


class TestbedOut(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    summary = serializers.CharField()
    offer = serializers.CharField()
    audience = serializers.CharField()
    open_to = serializers.ChoiceField(choices=OpenTo.choices)
    conditions = serializers.CharField(allow_blank=True)
    capacity = serializers.CharField(allow_blank=True)
    contact_name = serializers.CharField()
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    page = serializers.SerializerMethodField()

    def get_page(self, testbed) -> str:
        return settings.SITE_URL + testbed.get_absolute_url()


class TestbedFilters(Query):
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("Words in the entry or in its public test plans and results."),
    )
    organisation = serializers.IntegerField(required=False, min_value=1)
    open_to = serializers.ChoiceField(choices=OpenTo.choices, required=False)


class TestbedList(ListEndpoint, PublicEndpoint):
    filters = TestbedFilters
    serializer_class = TestbedOut
    pagination_class = cursor_by("slug")

    def get_queryset(self, **filters):
        return selectors.catalogue(self.request.user, **filters)

    @document(
        TestbedOut(many=True),
        400,
        tags=TAG,
        summary=_("Test environments"),
    )
    def get(self, request):
        return self.list(request)


class TestbedRead(PublicEndpoint):
    @document(TestbedOut, 404, tags=TAG, summary=_("One test environment"))
    def get(self, request, slug):
        testbed = get_or_404(Testbed.objects.select_related("organisation"), slug=slug)
        require(request.user, "testbeds.view", testbed, hide=True)
        return Response(TestbedOut(testbed).data)


def testbed_rows():
    for testbed in selectors.catalogue(AnonymousUser()).iterator(chunk_size=CHUNK):
        yield TestbedOut(testbed).data


DATASETS = [
    Dataset(
        slug="testbeds",
        title=_("Test environments"),
        description=_(
            "The region's published test and demonstration environments: what each offers, to "
            "whom, on which conditions, and whom to contact."
        ),
        columns=[
            ("slug", _("Short address (stable identifier)")),
            ("name", _("Name")),
            ("organisation", _("Owner organisation")),
            ("summary", _("Summary")),
            ("offer", _("What it offers")),
            ("audience", _("For whom")),
            ("open_to", _("Open to: all, companies or employees")),
            ("conditions", _("Conditions")),
            ("capacity", _("Capacity")),
            ("contact_name", _("Contact person")),
            ("contact_email", _("Contact e-mail")),
            ("contact_phone", _("Contact phone")),
            ("website", _("Website")),
            ("page", _("Page in Slussen")),
        ],
        rows=testbed_rows,
    )
]

urlpatterns = [
    path("testbeds/", TestbedList.as_view(), name="testbeds"),
    path("testbeds/<slug:slug>/", TestbedRead.as_view(), name="testbed"),
]
