from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from slussen.core import notify

from .lockout import normalise_email


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is wrong. After five failed attempts the "
            "account is locked for 15 minutes."
        ),
        "sso_only": _(
            "Staff log in through their organisation's log-in (single sign-on), not with a "
            "password here."
        ),
    }

    def clean_username(self):
        # The one spelling the lock-out counts under (see lockout.py).
        return normalise_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.STAFF_PASSWORD_LOGIN and user.is_staff_member:
            raise forms.ValidationError(self.error_messages["sso_only"], code="sso_only")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Password-reset mail goes through the outbox like all other mail (never lost)."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # As every mail: in the recipient's language, links from SITE_URL, text not HTML.
        user = context.get("user")
        notify.email(
            to_email,
            email_template_name.removesuffix("_body.txt"),
            context,
            getattr(user, "language", None),
        )


# What the person picker's field takes (``fields.PersonWidget``'s ``maxlength``): a name and an
# e-mail address as the picker writes them, "Anna Maria Lindqvist <anna.lindqvist@…>".
PERSON_TEXT = 320


class PeopleSearchForm(forms.Form):
    """What is typed in the person picker, read whole (``core.forms.list_filters``): more than
    its field takes is refused in words, never cut to find whoever its beginning matches."""

    q = forms.CharField(max_length=PERSON_TEXT, required=False, strip=True)
