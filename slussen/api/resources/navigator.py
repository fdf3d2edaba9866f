"""The navigator of the innovation system: who helps with what, in which phase, for which type
of innovation. Public, like its pages."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.response import Response

from slussen.navigator import selectors
from slussen.navigator.models import Actor, InnovationType, Need, Phase

from ..framework import ListEndpoint, PublicEndpoint, Query, cursor_by, document, get_or_404
from ..opendata import CHUNK, Dataset

TAG = [_("Navigator")]


class ActorOut(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Actor.Kind.choices)
    summary_sv = serializers.CharField(help_text=_("What it helps with, in Swedish."))
    summary_en = serializers.CharField(allow_blank=True)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices))
    phases = serializers.ListField(
        child=serializers.ChoiceField(choices=Phase.choices),
        help_text=_("Empty: helps in every phase."),
    )
    types = serializers.ListField(
        child=serializers.ChoiceField(choices=InnovationType.choices),
        help_text=_("Empty: helps with every type of innovation."),
    )
    website = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    page = serializers.CharField()

    def to_representation(self, actor):
        data = {
            name: getattr(actor, name)
            for name in (
                "slug",
                "name",
                "short_name",
                "kind",
                "summary_sv",
                "summary_en",
                "website",
                "email",
                "phone",
            )
        }
        data["needs"] = actor.codes("need")
        data["phases"] = actor.codes("phase")
        data["types"] = actor.codes("type")
        data["page"] = settings.SITE_URL + actor.get_absolute_url()
        return data


class ActorFilters(Query):
    need = serializers.ChoiceField(choices=Need.choices, required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    type = serializers.ChoiceField(choices=InnovationType.choices, required=False)
    kind = serializers.ChoiceField(choices=Actor.Kind.choices, required=False)
    q = serializers.CharField(required=False, max_length=200)


class ActorList(ListEndpoint, PublicEndpoint):
    filters = ActorFilters
    serializer_class = ActorOut
    pagination_class = cursor_by("slug")

    def get_queryset(self, **filters):
        return selectors.actors(**filters)

    @document(
        ActorOut(many=True),
        400,
        tags=TAG,
        summary=_("Actors of the innovation system"),
        description=_("An actor with no phase (or type) helps in all of them."),
    )
    def get(self, request):
        return self.list(request)


class ActorRead(PublicEndpoint):
    @document(ActorOut, 404, tags=TAG, summary=_("One actor"))
    def get(self, request, slug):
        actor = get_or_404(Actor.objects.prefetch_related("facets"), slug=slug)
        return Response(ActorOut(actor).data)


def actor_rows():
    for actor in selectors.actors().iterator(chunk_size=CHUNK):
        yield ActorOut(actor).data


DATASETS = [
    Dataset(
        slug="navigator",
        title=_("The innovation system navigator"),
        description=_(
            "Agencies, science parks, universities and the region's own units: what each helps "
            "with, in which phase and for which type of innovation, and how to reach it."
        ),
        columns=[
            ("slug", _("Short address (stable identifier)")),
            ("name", _("Name")),
            ("short_name", _("Short name")),
            ("kind", _("agency, park, university or region")),
            ("summary_sv", _("What it helps with (Swedish)")),
            ("summary_en", _("What it helps with (English)")),
            ("needs", _("Needs it helps with (codes)")),
            ("phases", _("Phases (codes); empty: every phase")),
            ("types", _("Types of innovation (codes); empty: every type")),
            ("website", _("Website")),
            ("email", _("E-mail")),
            ("phone", _("Phone")),
            ("page", _("Page in Slussen")),
        ],
        rows=actor_rows,
    )
]

urlpatterns = [
    path("navigator/actors/", ActorList.as_view(), name="actors"),
    path("navigator/actors/<slug:slug>/", ActorRead.as_view(), name="actor"),
]
