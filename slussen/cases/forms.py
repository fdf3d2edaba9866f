from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import OrganisationField, PersonField, check_person
from slussen.accounts.models import Organisation
from slussen.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    required_when,
    text_limits,
)
from slussen.core.models import WorkflowState
from slussen.core.reference import reference

from .models import Case, Kind, Secrecy
from .workflows import CASE_WORKFLOW


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=SHORT_TEXT, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    organisation = OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL),
        required=False,
        empty_label=_("All"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + list(Kind.choices)
        self.fields["state"].choices = [("", _("All"))] + reference(
            ("case-states", get_language()), _state_choices
        )


def _state_choices() -> list[tuple[str, str]]:
    """The case workflow's states as a filter offers them (kept per process: core.reference)."""
    states = WorkflowState.objects.filter(workflow__code=CASE_WORKFLOW, workflow__is_current=True)
    return [(s.code, s.label) for s in states]


class CaseForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_limits()
        model = Case
        fields = ["kind", "title", "description", "organisation", "secrecy", "secrecy_reference"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_when(self, _("required if you choose secrecy"), "secrecy_reference")
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.exclude(
                kind=Organisation.Kind.EXTERNAL
            )

    def clean(self):
        data = super().clean()
        if data.get("secrecy") not in (None, Secrecy.PUBLIC) and not data.get("secrecy_reference"):
            self.add_error(
                "secrecy_reference",
                _("Name the provision in the Public Access and Secrecy Act (OSL)."),
            )
        return data


class CaseEditForm(CaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(CaseForm.Meta):
        fields = ["kind", "title", "description", "secrecy", "secrecy_reference"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal = forms.BooleanField(
        label=_("Internal – not shown to the submitter"), required=False, initial=True
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal – not shown to the submitter"), required=False)

    def __init__(self, *args, **kwargs):
        # Shares the case page with the comment form, which also has "internal": distinct ids.
        kwargs.setdefault("auto_id", "id_attachment_%s")
        super().__init__(*args, **kwargs)


class ReassignForm(forms.Form):
    organisation = OrganisationField(
        label=_("Handling organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL),
    )
    handler = PersonField(
        label=_("Handler"),
        picker="case.handler",
        organisation_field="organisation",
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("organisation"):
            check_person(self, "handler", data["organisation"])
        return data


class TransitionForm(forms.Form):
    transition = forms.CharField(max_length=SHORT_TEXT, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (shown to the submitter)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
