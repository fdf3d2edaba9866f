from django import forms
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import PersonField, check_person
from slussen.core.forms import LONG_TEXT, ModelChoiceField, text_limits
from slussen.core.scoring import CriterionFormSet, ScoreForm  # noqa: F401
from slussen.intake.forms import CompanyForm, IdeaForm, ProposalForm, internal_orgs

from .models import Challenge, Entry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PANEL_SIZE = 5


class ChallengeForm(forms.ModelForm):
    organisation = ModelChoiceField(
        label=_("Running organisation"),
        queryset=internal_orgs().exclude(innovation_unit=""),
        help_text=_("The ideas go to this organisation's innovation unit, which triages them."),
    )
    owner = PersonField(
        label=_("Owner"),
        picker="challenges.owner",
        organisation_field="organisation",
        help_text=_(
            "An innovation advisor or head of innovation of the organisation: chooses the ideas "
            "that go into the innovation process."
        ),
    )

    class Meta:
        formfield_callback = text_limits()
        model = Challenge
        fields = [
            "title",
            "description",
            "title_en",
            "description_en",
            "audience",
            "organisation",
            "opens_on",
            "closes_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.RadioSelect,
            "opens_on": DATE,
            "closes_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, PANEL_SIZE + 1):
            self.fields[f"panel_{i}"] = PersonField(
                label=_("Panel member %(n)s") % {"n": i},
                picker="challenges.panel",
                required=False,
            )
        if self.instance.pk:
            self.initial["owner"] = self.instance.owner
            for i, person in enumerate(self.instance.panel.order_by("full_name"), start=1):
                if i <= PANEL_SIZE:
                    self.initial[f"panel_{i}"] = person

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The challenge must close on or after the day it opens."))
        if data.get("organisation"):
            check_person(self, "owner", data["organisation"])
        panel = []
        for i in range(1, PANEL_SIZE + 1):
            person = data.get(f"panel_{i}")
            if person is not None and person not in panel:
                panel.append(person)
        data["panel"] = panel
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        return {**fields, "owner": data["owner"], "panel": data["panel"]}


class ChallengeIdeaForm(IdeaForm):
    """Intake's employee form, sent to the challenge's unit (no organisation to choose)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisation"]
        del self.fields["attachments"]


class ChallengeProposalForm(ProposalForm):
    """Intake's public form, sent to the challenge's unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisation"]
        del self.fields["area"]


class ChallengeCompanyForm(CompanyForm):
    """Intake's company form for a logged-in company, whose details are known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, known_company=True, **kwargs)


class DecisionForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label=_("Ideas that go into the innovation process"),
        queryset=Entry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Why these ideas"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every participant is told the outcome with this text."),
    )

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        field.queryset = challenge.entries.select_related("case")
        field.label_from_instance = lambda e: f"{e.case.registry_number} {e.case.title}"
