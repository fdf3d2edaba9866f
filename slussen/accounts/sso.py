"""Single sign-on for staff over OpenID Connect, built on mozilla-django-oidc.

The library runs the code flow (state, nonce, PKCE, token exchange, signature check against the
provider's keys); this module adds what a region needs: endpoints from the issuer's discovery
document, issuer and audience checks on the ID token, first-time linking by *verified* e-mail,
roles and organisation from claims, and RP-initiated log-out.
"""

import logging
from functools import cache
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from slussen.core import audit

from .models import Membership, Organisation, SingleSignOnIdentity
from .roles import Role

log = logging.getLogger(__name__)

# mozilla-django-oidc setting -> key of the discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
FIXED = {
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_PKCE": True,
    "OIDC_STORE_ID_TOKEN": True,  # the hint for RP-initiated log-out
    "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
    "OIDC_TIMEOUT": 10,
}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


@cache
def _discover(issuer: str) -> dict:
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured("The discovery document names another issuer")
    return document


def discovery() -> dict:
    return _discover(settings.OIDC_ISSUER)


def setting(attr, *default):
    if attr in DISCOVERED:
        return discovery()[DISCOVERED[attr]]
    if hasattr(settings, attr):
        return getattr(settings, attr)
    if attr in FIXED:
        return FIXED[attr]
    return import_from_settings(attr, *default)


class RegionOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # Endpoints are read only when a callback arrives, so password log-in never depends
        # on the identity provider being reachable.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "code" not in request.GET:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):  # the person of a session comes with her roles
        from .backends import with_roles

        user = with_roles(user_id)
        return user if user is not None and user.is_active else None  # as the password's

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if payload.get("iss", "").rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # Claims such as roles often travel in the ID token only (Entra ID); take both.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        return bool(claims.get("sub") and claims.get("email"))

    def filter_users_by_claims(self, claims):
        linked = self.UserModel.objects.filter(
            sso_identities__issuer=settings.OIDC_ISSUER, sso_identities__subject=claims["sub"]
        )
        if linked.exists():
            return linked
        if claims.get("email_verified") is not True:
            self.request.sso_error = _(
                "Your organisation's log-in did not confirm your e-mail address, so it cannot "
                "be linked to an account in Slussen. Contact the administrator."
            )
            raise SuspiciousOperation("E-mail address not verified by the identity provider")
        return self.UserModel.objects.filter(email__iexact=claims["email"])

    def create_user(self, claims):
        with transaction.atomic():
            user = self.UserModel.objects.create_user(
                claims["email"], full_name=claims.get("name") or claims["email"]
            )
            audit.record(user, "account.create_sso", user)
            return self.update_user(user, claims)

    def update_user(self, user, claims):
        with transaction.atomic():
            identity, linked = SingleSignOnIdentity.objects.get_or_create(
                issuer=settings.OIDC_ISSUER, subject=claims["sub"], defaults={"user": user}
            )
            if linked:
                audit.record(user, "account.link_sso", user, issuer=settings.OIDC_ISSUER)
            if claims.get("name") and claims["name"] != user.full_name:
                user.full_name = claims["name"]
                user.save(update_fields=["full_name"])
            sync_memberships(user, claims)
        return user


def _claim_values(claims, name) -> list[str]:
    value = claims.get(name) if name else None
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def sync_memberships(user, claims) -> None:
    """Roles from claims where configured. Roles granted in Slussen itself are left alone."""
    if not settings.OIDC_ROLE_CLAIM:
        return
    valid = set(Role.values)
    roles = {
        settings.OIDC_ROLE_MAP.get(v, v) for v in _claim_values(claims, settings.OIDC_ROLE_CLAIM)
    }
    roles &= valid
    codes = _claim_values(claims, settings.OIDC_ORG_CLAIM)
    orgs = list(Organisation.objects.filter(code__in=codes)) if codes else []
    if roles and not orgs:
        log.warning("SSO roles for user %s name no known organisation", user.pk)
    wanted = {(role, org.pk) for role in roles for org in orgs}
    current = {(m.role, m.organisation_id): m for m in user.memberships.all()}
    removed = [m for key, m in current.items() if m.from_sso and key not in wanted]
    added = [key for key in wanted if key not in current]
    if not removed and not added:
        return
    Membership.objects.filter(pk__in=[m.pk for m in removed]).delete()
    Membership.objects.bulk_create(
        Membership(user=user, role=role, organisation_id=org, from_sso=True) for role, org in added
    )
    user.__dict__.pop("role_set", None)
    user.__dict__.pop("handled_org_ids", None)
    audit.record(
        user,
        "account.sso_roles",
        user,
        added=sorted(f"{r}@{o}" for r, o in added),
        removed=sorted(f"{m.role}@{m.organisation_id}" for m in removed),
    )


def _end_session_endpoint() -> str | None:
    if not enabled():
        return None
    try:
        return discovery().get("end_session_endpoint")
    except (requests.RequestException, ImproperlyConfigured):
        return None


def end_session_origin() -> str | None:
    endpoint = _end_session_endpoint()
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def end_session_url(request) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated log-out)."""
    id_token = request.session.get("oidc_id_token")
    endpoint = _end_session_endpoint()
    if not (endpoint and id_token):
        return None
    home = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": home})
    return f"{endpoint}?{query}"


class LoginView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(setting)

    def get(self, request):
        if not enabled():
            messages.error(request, _("Single sign-on is not configured."))
            return redirect(settings.LOGIN_URL)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ImproperlyConfigured):
            log.exception("The identity provider cannot be reached")
            messages.error(
                request,
                _("Your organisation's log-in cannot be reached right now. Try again shortly."),
            )
            return redirect(settings.LOGIN_URL)
        return super().get(request)

    def __init__(self, *args, **kwargs):
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(setting)

    def login_failure(self):
        messages.error(
            self.request,
            getattr(self.request, "sso_error", None)
            or _("The log-in through your organisation did not succeed. Please try again."),
        )
        return redirect(settings.LOGIN_URL)
