"""What every endpoint of the API shares: authentication (API keys and the browser session),
the scope check, rate limits, cursor pagination, JSON only, the checked parameters and the
documented error answers.

An endpoint is a :class:`Endpoint` subclass; its object-level checks are the pages' own
(``slussen.core.permissions.require``), so the API never opens a door the pages keep shut.

Its query parameters are declared once, as a :class:`Query` (a serializer): the same class
checks each request (400 naming the parameter) and writes the parameters into the OpenAPI
schema, so the two cannot drift apart. A parameter the endpoint does not declare, or one given
twice, is refused too. Ids in the path use the converter ``<id:pk>``, which matches only what a
database id can be (1 … 2⁶³−1): anything else is a 404, never an overflow in the database.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.http import Http404
from django.urls import register_converter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from slussen.core import ratelimit
from slussen.core.clientip import client_ip

from . import services
from .models import ApiToken, Scope

# Requests per minute; ``API_RATES`` in the settings overrides them.
RATES = {"anonymous": "120/min", "authenticated": "600/min"}


def rates() -> dict[str, str]:
    return {**RATES, **getattr(settings, "API_RATES", {})}


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer slu_…`` – a personal API key that acts as its owner."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            return None
        token = None
        if len(header) == 2:
            try:
                token = services.authenticate(header[1].decode("latin-1"))
            except services.KeyExpired as expired:
                day = date_format(timezone.localtime(expired.expires), "Y-m-d")
                raise exceptions.AuthenticationFailed(
                    _("The API key expired on %(day)s. Create a new key on the page “API keys”.")
                    % {"day": day}
                ) from None
        if token is None:
            raise exceptions.AuthenticationFailed(_("The API key is unknown or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("A personal API key, created on the page “API keys”.")),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = SessionAuthentication
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class ScopeAllows(BasePermission):
    """A key with the scope ``read`` may only read; a logged-in browser session is not limited
    beyond the owner's own rights (and Django's CSRF check)."""

    message = _("This API key may only read. Create a key with the scope “read and write”.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        return request.auth.allows(Scope.READ if request.method in SAFE_METHODS else Scope.WRITE)


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"120/min"`` → (120, 60): requests per period in seconds."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0]]


class RateLimit(BaseThrottle):
    """Per API key, else per logged-in person, else per client address (seen through the
    trusted proxies only). Counted by :mod:`slussen.core.ratelimit`, atomically and shared by
    every server process."""

    outcome = None

    def allow_request(self, request, view):
        scope = "authenticated" if request.user.is_authenticated else "anonymous"
        if isinstance(request.auth, ApiToken):
            ident = f"key{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user{request.user.pk}"
        else:
            ident = client_ip(request)
        limit, seconds = parse_rate(rates()[scope])
        self.outcome = ratelimit.hit(f"api:{scope}:{ident}", limit, seconds)
        return self.outcome.allowed

    def wait(self):
        return self.outcome.retry_after if self.outcome is not None else None


# The database's limits: ids are BigAutoField, integers at most 64 bits.
MAX_ID = 2**63 - 1
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
MAX_TEXT = 200  # a text parameter that declares no length gets this one


class IdConverter:
    """``<id:pk>``: a database id, 1 … 2⁶³−1. Anything else does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django answers 404
        return number

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}  # its place in the schema
# Django's <slug:…> converter; slugs in the database are at most 80 characters.
SLUG_SCHEMA = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 80}


class Query(serializers.Serializer):
    """The query parameters an endpoint takes, declared once: this class checks the request and
    is the parameters' documentation in the schema. An integer without bounds gets the
    database's; a text without a length gets 1 … ``MAX_TEXT`` characters."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.IntegerField):
                _bound(field, "min_value", MIN_INTEGER, MinValueValidator)
                _bound(field, "max_value", MAX_INTEGER, MaxValueValidator)
            elif type(field) in (serializers.CharField, serializers.SlugField):
                _bound(field, "max_length", MAX_TEXT, MaxLengthValidator)
                # " " is as long as the schema asks; the selectors strip what they search for.
                field.trim_whitespace = False
        return fields

    def read(self, params) -> dict:
        """The given parameters, checked: unknown or repeated ones and bad values raise a
        ValidationError (400) that names each parameter."""
        errors = {}
        for name, values in params.lists():
            if name not in self.fields:
                known = ", ".join(self.fields) or _("none")
                errors[name] = [
                    _("Unknown parameter. This address takes: %(names)s.") % {"names": known}
                ]
            elif len(values) > 1:
                errors[name] = [_("Give this parameter only once.")]
        # A plain dict, not the QueryDict: DRF would read an empty value as "not given", as
        # from an HTML form, while the schema says at least one character.
        self.initial_data = params.dict()
        if not self.is_valid():
            errors.update(self.errors)
        if errors:
            raise exceptions.ValidationError(errors)
        return {k: v for k, v in self.validated_data.items() if v not in ("", None)}


def _bound(field, attribute, default, validator):
    if getattr(field, attribute) is None:
        setattr(field, attribute, default)
        message = field.error_messages[attribute].format(**{attribute: default})
        field.validators.append(validator(default, message=message))


class Cursor(CursorPagination):
    """Cursor pagination: follow ``next``; no COUNT over the whole table, stable under inserts.
    ``ordering`` is a unique field (or nearly so: ties are resolved by an offset)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
    invalid_cursor_message = _("Invalid cursor.")
    cursor_query_description = _("The page: copy it from “next” or “previous”.")
    page_size_query_description = _("Results per page, at most 500 (50 if not given).")

    def decode_cursor(self, request):
        """A cursor that does not decode, or whose position does not fit the ordering field, is
        bad input (400), not a server error."""
        invalid = exceptions.ValidationError(
            {self.cursor_query_param: [self.invalid_cursor_message]}
        )
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise invalid from None
        ordering = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
        position = cursor.position if cursor else None
        if position is not None and ordering.lstrip("-") == "id" and not position.isdigit():
            raise invalid
        return cursor


def get_or_404(queryset, **lookup):
    """The object, or a 404 that says nothing about what was looked for."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def cursor_by(field: str):
    return type(f"CursorBy{field.strip('-').title()}", (Cursor,), {"ordering": field})


class EndpointSchema(AutoSchema):
    """The query parameters in the schema are the endpoint's :class:`Query`, field for field
    (pagination's included), never a second list written by hand."""

    def get_override_parameters(self):
        query = self.view.query_class()
        return [*super().get_override_parameters(), *([query] if query().fields else [])]

    def _get_pagination_parameters(self):
        return []  # part of the endpoint's Query (see ListEndpoint.query_class)


class Endpoint(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ScopeAllows]
    throttle_classes = [RateLimit]
    renderer_classes = [JSONRenderer]
    # A body is JSON, checked by a Body, and the schema names only JSON; a form (curl -d/-F) is
    # read too, as texts.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    schema = EndpointSchema()
    # The query parameters it takes; none unless a subclass declares them.
    query: type[Query] = Query

    @classmethod
    def query_class(cls) -> type[Query]:
        return cls.query

    def initial(self, request, *args, **kwargs):
        """After authentication, the permission check and the rate limit (so a missing key is
        a 401 whatever the parameters), the query parameters are read: ``self.params``."""
        super().initial(request, *args, **kwargs)
        self.params = self.query_class()().read(request.query_params)


# Class docstrings would become the operations' descriptions in the schema: comments here.


class PublicEndpoint(Endpoint):
    # Open data: anyone may read, without log-in.

    permission_classes = [AllowAny, ScopeAllows]


class Page(Query):
    cursor = serializers.CharField(
        required=False, max_length=1000, help_text=Cursor.cursor_query_description
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=Cursor.max_page_size,
        help_text=Cursor.page_size_query_description,
    )


class ListEndpoint(Endpoint):
    # A paginated, filtered list: ``filters`` (a Query) and the page's parameters are its query
    # string. Subclasses document and define ``get`` as ``return self.list(request)``.

    pagination_class = Cursor
    filters: type[Query] = Query
    serializer_class: type[serializers.Serializer]
    _queries: dict = {}

    @classmethod
    def query_class(cls):
        if cls not in ListEndpoint._queries:
            name = cls.filters.__name__
            ListEndpoint._queries[cls] = type(
                name, (cls.filters, Page), {"__module__": cls.__module__}
            )
        return ListEndpoint._queries[cls]

    def get_queryset(self, **filters):
        raise NotImplementedError

    def list(self, request):
        filters = {k: v for k, v in self.params.items() if k not in Page._declared_fields}
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(self.get_queryset(**filters), request, view=self)
        return paginator.get_paginated_response(self.present(page))

    def present(self, page):
        return self.serializer_class(page, many=True).data


class Body(serializers.Serializer):
    """A JSON request body, checked as strictly as the schema declares it: a text must be a
    JSON string, a yes/no a JSON boolean, a number a JSON integer (DRF on its own would take
    ``0`` for a text and ``"0"`` for a boolean). Fields the schema does not name are ignored.
    A form (a QueryDict) has only texts: DRF reads those as before."""

    TYPES = (
        (serializers.BooleanField, bool, _("Must be true or false.")),
        (serializers.CharField, str, _("Must be a text (a JSON string).")),
        (serializers.IntegerField, int, _("Must be a whole number.")),
    )

    def to_internal_value(self, data):
        if type(data) is dict:  # parsed JSON
            errors = {}
            for name, field in self.fields.items():
                if name not in data or field.read_only or data[name] is None:
                    continue
                for kind, python_type, message in self.TYPES:
                    value = data[name]
                    wrong = not isinstance(value, python_type) or (
                        python_type is int and isinstance(value, bool)
                    )
                    if isinstance(field, kind) and wrong:
                        errors[name] = [message]
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class Error(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(
        description=_("Bad input: the answer names each field that was wrong."),
        response={"type": "object", "additionalProperties": True},
    ),
    401: OpenApiResponse(Error, description=_("The API key is missing, unknown or expired.")),
    403: OpenApiResponse(Error, description=_("Not allowed (for example a read-only key).")),
    404: OpenApiResponse(Error, description=_("Not found, or not yours to see.")),
    429: OpenApiResponse(Error, description=_("Too many requests: wait and try again.")),
}


def document(ok, *errors, status=200, **kwargs):
    """``extend_schema`` with the error answers every endpoint can give (401 for a bad key,
    429 when over the limit) and those it names."""
    codes = sorted({401, 429, *errors})
    responses = {status: ok, **{code: ERRORS[code] for code in codes}}
    return extend_schema(responses=responses, **kwargs)
