from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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
