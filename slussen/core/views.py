from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from slussen.accounts.roles import Role

from . import home as start_page
from . import notify
from .models import Notification, NotificationSetting


def home(request):
    """The start page: what this person should look at first, by role."""
    user = request.user
    context = {}
    if user.is_authenticated:
        context["roles"] = sorted({Role(role).label for role, _org in user.role_set}, key=str)
        # Each app declares its sections (slussen.core.home), so core imports none of them.
        context["sections"] = start_page.sections_for(user)
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


# The context of an error page rendered without the request (no context processors).
_BARE = {"error_bare": True, "REGION_NAME": settings.REGION_NAME}


def bad_request(request, exception=None):
    """A bad request in the site's layout; one over the size limit (DATA_UPLOAD_MAX_MEMORY_SIZE)
    answers 413 and a page that says so, with a way back to the form (the browser's history
    keeps what was typed there)."""
    if not isinstance(exception, RequestDataTooBig):
        if not hasattr(request, "user"):  # refused before the middleware knew the person
            return HttpResponseBadRequest(loader.render_to_string("errors/400.html", _BARE))
        return render(request, "errors/400.html", status=400)
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"back": back, "text_limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    return render(request, "core/request_too_big.html", context, status=413)


def permission_denied(request, exception=None):
    """403 in the site's layout. It names no object: a hidden one answers 404 anyway."""
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    """404 in the site's layout, the same for a missing page and one the person may not see."""
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """500 in the site's layout, rendered without the request: no context processor runs and
    nothing touches the database (which may be what failed). The language is the visitor's:
    the middleware has already chosen it."""
    return HttpResponseServerError(loader.render_to_string("errors/500.html", _BARE))


class NotificationSettingForm(forms.ModelForm):
    class Meta:
        model = NotificationSetting
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}


@login_required
def notifications(request):
    """The person's notices, newest first, with how they want to hear of them by e-mail."""
    setting = NotificationSetting.objects.filter(user=request.user).first()
    setting = setting or NotificationSetting(user=request.user)
    form = NotificationSettingForm(request.POST or None, instance=setting)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your choice is saved."))
            return redirect("core:notifications")
        return render(
            request, "core/notifications.html", _notices_context(request, form), status=400
        )
    return render(request, "core/notifications.html", _notices_context(request, form))


def _notices_context(request, form):
    notices = Notification.objects.filter(recipient=request.user)
    if request.GET.get("show") == "unread":
        notices = notices.filter(read__isnull=True)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return {
        "page": page,
        "notices": page.object_list,
        "form": form,
        "show": request.GET.get("show"),
    }


@login_required
def open_notification(request, pk):
    """Mark one's own notice read and go where it points."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notify.mark_read(request.user, [notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("core:notifications")


@login_required
@require_POST
def mark_notifications_read(request):
    count = notify.mark_read(request.user)
    messages.success(
        request, _("All notices are marked as read.") if count else _("Nothing was unread.")
    )
    return redirect("core:notifications")
