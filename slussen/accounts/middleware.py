"""Who the person is, read with her session; session rules for staff: log out after idle time;
prove the second factor before anything else.

The rules read only the session (filled at log-in by ``signals.on_login``), so no page pays a
query for them.
"""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import backends, sso, twofactor

STAFF_KEY = "staff"
SEEN_KEY = "last_seen"
# Refresh the last-seen time at most once a minute: no session write on every request.
SEEN_RESOLUTION = 60


def _redirect_to(url_name, next_url):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


def _exempt(path: str, prefixes) -> bool:
    return path.startswith(tuple(prefixes))


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's: ``request.user`` is worked out by Django's own ``auth.get_user`` (the session
    hash check and all), the person taken from what the session store read with the session
    (``backends.reading``): one query for both."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def _user(request):
    if not hasattr(request, "_cached_user"):
        with backends.reading(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class IdleStaffTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.get(STAFF_KEY):
            now = int(time.time())
            seen = request.session.get(SEEN_KEY, now)
            if now - seen > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.STAFF_IDLE_TIMEOUT // 60},
                )
                return redirect(
                    f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
                )
            if now - seen >= SEEN_RESOLUTION or SEEN_KEY not in request.session:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A session that owes its second factor reaches only the 2FA pages and log-out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = request.session.get(twofactor.SESSION_KEY)
            if state is None:  # a session from before this rule: decide now, once
                twofactor.start_session(request, user)
                state = request.session[twofactor.SESSION_KEY]
            if state == "pending" and not _exempt(request.path, self._exempt_paths()):
                return _redirect_to("accounts:second_factor", request.get_full_path())
        return self.get_response(request)

    def _exempt_paths(self):
        if self.exempt is None:
            self.exempt = [
                reverse("accounts:second_factor"),
                reverse("accounts:enrol"),
                reverse("accounts:logout"),
                reverse("core:health"),
                reverse("set_language"),
                settings.STATIC_URL,
            ]
        return self.exempt


class ProviderLogoutMiddleware:
    """After a single sign-on, log-out ends at the identity provider (RP-initiated log-out).
    The log-out form is on every page, so those pages' CSP ``form-action`` must allow the
    redirect to the provider's end-session endpoint."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "oidc_id_token" in getattr(request, "session", {}):
            origin = sso.end_session_origin()
            if origin:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), origin]
                response._csp_update = update
        return response
