from django import forms
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases import uploads
from slussen.core.forms import LONG_TEXT, SHORT_TEXT, ModelChoiceField, text_limits

from .models import OpenTo, Record, Testbed


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=SHORT_TEXT, required=False)
    organisation = ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.filter(testbeds__isnull=False).distinct(),
        required=False,
        empty_label=_("All"),
    )
    open_to = forms.ChoiceField(
        label=_("Open to"),
        required=False,
        choices=[
            ("", _("All")),
            (OpenTo.COMPANIES, _("Companies")),
            (OpenTo.EMPLOYEES, _("Employees")),
        ],
    )


RESERVED_SLUGS = {"new", "results", "requests"}


class TestbedForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        formfield_callback = text_limits()
        model = Testbed
        fields = [
            "name",
            "slug",
            "organisation",
            "summary",
            "offer",
            "audience",
            "open_to",
            "conditions",
            "capacity",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "is_published",
        ]
        widgets = {
            "offer": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, used in the address.")}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page; choose another."))
        return slug


class RequestForm(forms.Form):
    title = forms.CharField(label=_("What do you want to test?"), max_length=200)
    description = forms.CharField(
        label=_("Describe the solution and the test you need"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    company = forms.CharField(label=_("Company or unit"), max_length=200)
    period = forms.CharField(label=_("Desired period"), max_length=120, required=False)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:  # the account gives name and e-mail
            del self.fields["name"], self.fields["email"]


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Answer to the requester"),
        max_length=LONG_TEXT,
        help_text=_("Sent by e-mail and shown on the request."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecordForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "For example the test protocol or the report. Read by those who may read the record."
        ),
    )

    class Meta:
        formfield_callback = text_limits()
        model = Record
        fields = ["kind", "title", "body", "is_public"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean_upload(self):
        """The size and the type sniffed from the content, as for every upload."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            uploads.check(upload)
        return upload


class RecordSearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), max_length=SHORT_TEXT, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Record.Kind.choices]
    )
