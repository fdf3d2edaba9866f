from django import forms
from django.utils.translation import gettext_lazy as _

from slussen.cases.models import Case
from slussen.core.forms import LONG_TEXT, ModelChoiceField, text_limits
from slussen.intake.forms import CompanyForm, HoneypotMixin

from . import services
from .models import Answer, Need
from .rules import creatable_cases


class NeedForm(forms.ModelForm):
    case = ModelChoiceField(
        label=_("From the case"),
        queryset=Case.objects.none(),
        help_text=_("Only what you write below is published; nothing is copied from the case."),
    )

    class Meta:
        formfield_callback = text_limits()
        model = Need
        fields = ["case", "title", "problem", "who", "requirements", "offer", "deadline"]
        fields += ["audience", *services.ENGLISH]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "who": forms.Textarea(attrs={"rows": 2}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "offer": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "audience": forms.RadioSelect,
            "problem_en": forms.Textarea(attrs={"rows": 4}),
            "who_en": forms.Textarea(attrs={"rows": 2}),
            "requirements_en": forms.Textarea(attrs={"rows": 4}),
            "offer_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = creatable_cases(user).order_by("-created")
        self.fields["case"].label_from_instance = lambda c: f"{c.registry_number} {c.title}"


class EnglishForm(forms.ModelForm):
    """The need's texts in English, given after it is written (all optional)."""

    class Meta:
        formfield_callback = text_limits()
        model = Need
        fields = list(services.ENGLISH)
        widgets = NeedForm.Meta.widgets


class AnswerForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_limits()
        model = Answer
        fields = ["proposal", "fulfils"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 5}),
            "fulfils": forms.Textarea(attrs={"rows": 4}),
        }


class CompanyAnswerForm(HoneypotMixin, AnswerForm):
    """The answer of a company without an account: who it is, as in the company way in; the
    address typed gets a link, and the answer is sent when it is confirmed."""

    company_name = CompanyForm.base_fields["company_name"]
    org_number = CompanyForm.base_fields["org_number"]
    contact_name = CompanyForm.base_fields["contact_name"]
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "We send a link to this address: your answer is sent when you confirm it, and you "
            "get an account to follow it."
        ),
    )
    phone = CompanyForm.base_fields["phone"]
    privacy = CompanyForm.base_fields["privacy"]

    field_order = ["proposal", "fulfils", "company_name", "org_number", "contact_name"]
    field_order += ["email", "phone", "privacy", "website"]

    class Meta(AnswerForm.Meta):
        fields = AnswerForm.Meta.fields


class ShortlistForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label=_("Shortlist for early dialogue"),
        queryset=Answer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    dialogue = forms.CharField(
        label=_("The early dialogue"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded on the case: when, with whom, what you will go through."),
    )

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        field.queryset = need.answers.filter(status=Answer.Status.SUBMITTED).select_related(
            "company"
        )
        field.label_from_instance = lambda a: a.company.name
