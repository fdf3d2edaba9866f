from django import forms
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    ModelChoiceField,
    ModelMultipleChoiceField,
    text_limits,
)
from slussen.core.models import WorkflowState

from .models import Direction, Funding, Project
from .workflows import STRATEGIC_WORKFLOW


def _regional():
    return Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)


class PortfolioFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Strategic direction"),
        required=False,
        choices=[("", _("All")), *Direction.choices],
    )
    state = forms.ChoiceField(label=_("Status"), required=False)
    organisation = ModelChoiceField(
        label=_("Participating organisation"),
        queryset=_regional(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = WorkflowState.objects.filter(
            workflow__code=STRATEGIC_WORKFLOW, workflow__is_current=True
        )
        self.fields["state"].choices = [("", _("All"))] + [(s.code, s.label) for s in states]


class ProjectForm(forms.ModelForm):
    directions = forms.MultipleChoiceField(
        label=_("Strategic directions"),
        choices=Direction.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=_regional(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        formfield_callback = text_limits()
        model = Project
        fields = ["title", "summary", "lead_organisation", "partners", "start_year", "end_year"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = _regional()
        if self.instance.pk:
            self.initial["directions"] = self.instance.direction_codes
            self.initial["organisations"] = list(self.instance.organisations.all())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        return data


class StepForm(forms.Form):
    transition = forms.CharField(max_length=SHORT_TEXT, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("What was proposed, commented or decided"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    occurred_on = forms.DateField(
        label=_("Date of the meeting or decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=120,
        help_text=_("For example the registry number of the minutes, RS 2024-0123."),
    )


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "programme", "amount", "currency", "start_year", "end_year"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        return data
