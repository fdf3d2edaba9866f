from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from slussen.core.redirects import local_path

from . import sso, twofactor
from .forms import CodeForm, EmailLoginForm, QueuedPasswordResetForm

# A second factor may be tried this many times per log-in; then the session ends.
MAX_CODE_ATTEMPTS = 5


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": sso.enabled()}


class LogoutView(auth_views.LogoutView):
    """Log out here and, after a single sign-on, at the identity provider too."""

    def post(self, request, *args, **kwargs):
        provider_logout = sso.end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return redirect(provider_logout) if provider_logout else response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


def _next(request):
    url = request.POST.get("next") or request.GET.get("next")
    return local_path(request, url) or resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def second_factor(request):
    """Prove the second factor after log-in: a code from the app or a recovery code."""
    if request.session.get(twofactor.SESSION_KEY) != "pending":
        return redirect(_next(request))
    if not twofactor.has_confirmed_device(request.user):
        return redirect(f"{reverse_lazy('accounts:enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request.user, form.cleaned_data["code"]):
            twofactor.mark_verified(request)
            return redirect(_next(request))
        failures = request.session.get("second_factor_failures", 0) + 1
        request.session["second_factor_failures"] = failures
        if failures >= MAX_CODE_ATTEMPTS:
            logout(request)
            messages.error(request, _("Too many wrong codes. Log in again to try once more."))
            return redirect(settings.LOGIN_URL)
        form.add_error("code", _code_error(request.user))
    status = 400 if form.errors else 200
    context = {"form": form, "next": _next(request)}
    return render(request, "accounts/second_factor.html", context, status=status)


def _code_error(user, enrolling=False):
    if enrolling:
        wrong = _("The code did not match. Check that the phone's clock is right and try again.")
    else:
        wrong = _("The code is not right. Try the next code from the app.")
    until = twofactor.locked_until(user)
    if until is None:
        return wrong
    wait = _("After a wrong code the next one is tried only from %(time)s.") % {
        "time": date_format(timezone.localtime(until), "TIME_FORMAT")
    }
    return f"{wrong} {wait}"


@never_cache
@login_required
def enrol(request):
    """Set up the authenticator app: QR code or key, one code to confirm, recovery codes.
    Only after single sign-on or with the link mailed to the account's address."""
    if twofactor.has_confirmed_device(request.user):
        messages.info(request, _("Your authenticator app is already set up."))
        return redirect("accounts:security")
    if not twofactor.may_enrol(request):
        context = {"next": _next(request), "sso_enabled": sso.enabled()}
        status = 403 if request.method == "POST" else 200
        return render(request, "accounts/enrol_confirm.html", context, status=status)
    device = twofactor.start_enrolment(request.user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("The six digits your authenticator app shows now.")
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request.user, form.cleaned_data["code"])
        if codes is not None:
            request.session.pop(twofactor.ENROL_KEY, None)
            twofactor.mark_verified(request)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _code_error(request.user, enrolling=True))
    secret = twofactor.secret_of(device)
    context = {
        "form": form,
        "qr": twofactor.qr_data_uri(device),
        "key": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next(request),
    }
    return render(request, "accounts/enrol.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def enrol_link_send(request):
    """Mail the link that allows setting up an authenticator to the account's own address."""
    twofactor.send_enrol_link(request.user)
    messages.success(
        request,
        _(
            "We sent a link to %(email)s. Open it in this browser within %(minutes)d minutes "
            "to set up your authenticator app."
        )
        % {"email": request.user.email, "minutes": settings.ENROL_LINK_MINUTES},
    )
    return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': _next(request)})}")


@never_cache
@login_required
def enrol_link(request, token):
    """The mailed link: opened by its own account, once, in time, it allows setting up."""
    if not twofactor.open_enrol_link(request, token):
        messages.error(
            request,
            _("The link does not work: it is too old, was already used or is for another account."),
        )
    return redirect("accounts:enrol")


@never_cache
@login_required
def security(request):
    user = request.user
    context = {
        "device": twofactor.device_of(user),
        "required": twofactor.required_for(user),
        "remaining": twofactor.remaining_recovery_codes(user),
        "identities": user.sso_identities.all(),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    if not twofactor.has_confirmed_device(request.user):
        return redirect("accounts:enrol")
    codes = twofactor.regenerate_recovery_codes(request.user)
    messages.success(request, _("New recovery codes were made; the old ones no longer work."))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": resolve_url("accounts:security")},
    )
