"""What every endpoint of the API shares: authentication (API keys and the browser session),
the scope check, rate limits, cursor pagination, JSON only, and the documented error answers.

An endpoint is a :class:`Endpoint` subclass; its object-level checks are the pages' own
(``slussen.core.permissions.require``), so the API never opens a door the pages keep shut.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
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
            token = services.authenticate(header[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("The API key is unknown, expired or revoked."))
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


class Endpoint(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ScopeAllows]
    throttle_classes = [RateLimit]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser, FormParser, MultiPartParser]  # JSON, or a form (curl -d/-F)


# Class docstrings would become the operations' descriptions in the schema: comments here.


class PublicEndpoint(Endpoint):
    # Open data: anyone may read, without log-in.

    permission_classes = [AllowAny, ScopeAllows]


class ListEndpoint(Endpoint):
    # A paginated, filtered list: ``filters`` validates the query string (400 on bad input).
    # Subclasses document and define ``get`` as ``return self.list(request)``.

    pagination_class = Cursor
    filters: type[serializers.Serializer] | None = None
    serializer_class: type[serializers.Serializer]

    def get_queryset(self, **filters):
        raise NotImplementedError

    def list(self, request):
        filters = {}
        if self.filters is not None:
            form = self.filters(data=request.query_params)
            form.is_valid(raise_exception=True)
            filters = {k: v for k, v in form.validated_data.items() if v not in ("", None)}
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(self.get_queryset(**filters), request, view=self)
        return paginator.get_paginated_response(self.present(page))

    def present(self, page):
        return self.serializer_class(page, many=True).data


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
