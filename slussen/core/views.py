from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from slussen.accounts.roles import Role
from slussen.cases import selectors as case_selectors
from slussen.cases.models import HANDLED_ELSEWHERE


def home(request):
    """The start page: what this person should look at first, by role."""
    user = request.user
    context = {}
    if user.is_authenticated:
        context["roles"] = sorted({Role(role).label for role, _org in user.role_set}, key=str)
        base = case_selectors.register(user)
        context["my_submissions"] = base.filter(submitter=user)[:10]
        if user.is_region_wide or user.handled_org_ids:
            context["queue"] = base.filter(state__code__in=["new", "assessing"]).exclude(
                kind__in=HANDLED_ELSEWHERE
            )[:10]
            context["mine"] = base.filter(handler=user).exclude(state__is_final=True)[:10]
    return render(request, "core/home.html", context)


@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 – health reports the failure, it does not raise it
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "reachable", "vendor": connection.vendor})


def bad_request(request, exception=None):
    """Django's answer to a bad request, except for one over the size limit
    (DATA_UPLOAD_MAX_MEMORY_SIZE): 413 and a page in the site's layout that says so, with a way
    back to the form (the browser's history keeps what was typed there)."""
    if not isinstance(exception, RequestDataTooBig):
        return HttpResponseBadRequest("<h1>Bad Request (400)</h1>")
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"back": back, "text_limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    return render(request, "core/request_too_big.html", context, status=413)
