from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema

from slussen.core.permissions import require

from . import schema, selectors, services
from .forms import TokenForm
from .framework import PublicEndpoint, rates
from .models import MAX_DAYS_2FA, ApiToken
from .opendata import LICENCE, csv_lines, json_chunks
from .resources import MODULES

DATASETS = {d.slug: d for module in MODULES for d in getattr(module, "DATASETS", [])}


def docs(request):
    groups = schema.operations(schema.build())
    key_days = getattr(settings, "API_KEY_MAX_DAYS_2FA", MAX_DAYS_2FA)
    return render(
        request, "api/docs.html", {"groups": groups, "rates": rates(), "key_days": key_days}
    )


def openapi(request):
    """The machine-readable schema, always in English (the docs page follows the language)."""
    with translation.override("en"):
        return JsonResponse(schema.build(), json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # it changes nothing; a POST to a wrong address gets the same JSON 404
def not_found(request):
    return JsonResponse({"detail": _("Not found.")}, status=404)


def open_data(request):
    return render(
        request, "api/open_data.html", {"datasets": DATASETS.values(), "licence": LICENCE}
    )


def _in_language(chunks, language):
    """Streamed rows are written after the view returned: keep the request's language."""
    with translation.override(language):
        yield from chunks


class Download(PublicEndpoint):
    # One dataset as CSV or JSON, streamed row by row.

    @extend_schema(exclude=True)
    def get(self, request, slug, fmt):
        dataset = DATASETS.get(slug)
        if dataset is None:
            raise Http404
        if fmt == "csv":
            chunks, content_type = csv_lines(dataset), "text/csv; charset=utf-8"
        else:
            url = request.build_absolute_uri(reverse("api:open_data"))
            chunks, content_type = json_chunks(dataset, url), "application/json"
        response = StreamingHttpResponse(
            _in_language(chunks, translation.get_language()), content_type=content_type
        )
        response["Content-Disposition"] = f'inline; filename="slussen-{slug}.{fmt}"'
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response


@login_required
def tokens(request):
    require(request.user, "api.tokens")
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, key = services.create_token(request.user, **form.cleaned_data)
        response = render(request, "api/token_created.html", {"token": token, "key": key})
        add_never_cache_headers(response)  # the key is shown this once and never stored
        return response
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    require(request.user, "api.token.revoke", token, hide=True)
    services.revoke_token(token, request.user)
    messages.success(request, _("The key “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
