"""Cases in the register, for those who may see them: the same rules as the case pages. A case
the caller may not see answers 404, exactly like one that does not exist."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.response import Response

from slussen.cases import selectors, services
from slussen.cases.models import Case, Kind
from slussen.core.permissions import can, require

from ..framework import Body, Endpoint, ListEndpoint, Query, document, get_or_404

TAG = [_("Cases")]


class Status(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable code of the status."))
    label = serializers.CharField(help_text=_("The status in the language asked for."))


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSummary(serializers.Serializer):
    id = serializers.IntegerField()
    registry_number = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField()
    status = Status(source="state")
    organisation = OrganisationRef(help_text=_("The handling organisation."))
    handler = serializers.CharField(source="handler.full_name", allow_null=True)
    secrecy = serializers.CharField()
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()


class CaseDetail(CaseSummary):
    description = serializers.CharField()
    secrecy_reference = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text=_("Grows with every change of the details."))


class CaseFilters(Query):
    q = serializers.CharField(
        required=False, max_length=200, help_text=_("Words in the registry number, title or text.")
    )
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    state = serializers.SlugField(
        required=False, max_length=64, help_text=_("A status code, e.g. assessing.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Id of the handling organisation.")
    )
    year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)


class Event(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    created = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.full_name", allow_null=True)
    body = serializers.CharField(allow_blank=True)
    visible_to_submitter = serializers.BooleanField()


class NewComment(Body):
    body = serializers.CharField(
        max_length=10_000, validators=[RegexValidator(r"\S")], help_text=_("Not only spaces.")
    )
    internal = serializers.BooleanField(
        default=False,
        help_text=_("Only for the case's handlers; hidden from the submitter."),
    )


def visible_case(request, pk):
    case = get_or_404(Case.objects.select_related("state", "organisation", "handler"), pk=pk)
    return require(request.user, "case.view", case, hide=True)


class CaseList(ListEndpoint):
    filters = CaseFilters
    serializer_class = CaseSummary

    def get_queryset(self, **filters):
        return selectors.register(self.request.user, **filters)

    @document(
        CaseSummary(many=True),
        400,
        tags=TAG,
        summary=_("The cases you may see"),
    )
    def get(self, request):
        return self.list(request)


class CaseRead(Endpoint):
    @document(CaseDetail, 404, tags=TAG, summary=_("One case"))
    def get(self, request, pk):
        case = visible_case(request, pk)
        services.record_read(case, request.user)
        return Response(CaseDetail(case).data)


class CaseEvents(Endpoint):
    @document(
        Event(many=True),
        404,
        tags=TAG,
        summary=_("A case's timeline"),
        description=_("Handlers see internal events too; the submitter sees the rest."),
    )
    def get(self, request, pk):
        case = visible_case(request, pk)
        internal = can(request.user, "case.handle", case)
        return Response(Event(selectors.timeline(case, internal=internal), many=True).data)


class CaseComment(Endpoint):
    @document(
        Event,
        400,
        403,
        404,
        status=201,
        tags=TAG,
        request=NewComment,
        summary=_("Comment on a case"),
        description=_("Needs a key with write scope."),
    )
    def post(self, request, pk):
        case = visible_case(request, pk)
        require(request.user, "case.comment", case)
        data = NewComment(data=request.data)
        data.is_valid(raise_exception=True)
        internal = data.validated_data["internal"] and can(request.user, "case.handle", case)
        try:
            event = services.add_comment(
                case, request.user, data.validated_data["body"], internal=internal
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"body": error.messages}) from None
        return Response(Event(event).data, status=201)


urlpatterns = [
    path("cases/", CaseList.as_view(), name="cases"),
    path("cases/<id:pk>/", CaseRead.as_view(), name="case"),
    path("cases/<id:pk>/events/", CaseEvents.as_view(), name="case_events"),
    path("cases/<id:pk>/comments/", CaseComment.as_view(), name="case_comment"),
]
