from django import forms
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import OrganisationField, PersonField
from slussen.accounts.models import Organisation, User
from slussen.cases.models import Case
from slussen.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    ModelChoiceField,
    ModelMultipleChoiceField,
    required_when,
    text_limits,
)

from .models import (
    Adoption,
    ChecklistAnswer,
    Degree,
    Direction,
    EndOfLife,
    Funding,
    GateDecision,
    GenericPhase,
    Indicator,
    InnovationCase,
    InnovationType,
    Measurement,
    Novelty,
    Participant,
    Perspective,
    ProcessTemplate,
    RolloutWave,
    Showcase,
    Task,
    TestRecord,
)

# The case's people and the pickers that say who may be named (slussen.accounts.people).
PICKERS = {
    "line_owner": "process.owner",
    "advisor": "process.advisor",
    "receiving_owner": "process.owner",
    "maintenance_owner": "process.owner",
}


def person_field(name, label):
    return PersonField(label=label, picker=PICKERS[name], required=False)


def set_organisation(form, organisation):
    """Point the form's person pickers at the case's organisation."""
    for field in form.fields.values():
        if isinstance(field, PersonField):
            field.organisation = organisation


def region_orgs():
    return Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ClassificationForm(forms.ModelForm):
    directions = forms.MultipleChoiceField(
        label=_("Strategic directions"),
        choices=Direction.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    perspectives = forms.MultipleChoiceField(
        label=_("Perspectives"),
        choices=Perspective.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The value the case creates."),
    )

    class Meta:
        model = InnovationCase
        fields = ["novelty", "degree", "directions", "perspectives"]
        widgets = {"novelty": forms.RadioSelect, "degree": forms.RadioSelect}
        help_texts = {
            "degree": _(
                "An incremental innovation must be scalable and qualitatively different – "
                "routine improvement is not innovation."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["novelty"].choices = Novelty.choices  # radio buttons: no empty choice
        self.fields["degree"].choices = Degree.choices


class StartForm(ClassificationForm):
    innovation_type = forms.ChoiceField(
        label=_("Innovation type"),
        choices=InnovationType.choices,
        help_text=_("Chooses the process template: its phases and checklists."),
    )
    line_owner = person_field("line_owner", _("Owner in the line"))
    advisor = person_field("advisor", _("Supporting advisor"))

    class Meta(ClassificationForm.Meta):
        fields = ["innovation_type", "novelty", "degree", "directions", "perspectives"]
        fields += ["line_owner", "advisor"]
        widgets = {"novelty": forms.RadioSelect, "degree": forms.RadioSelect}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        set_organisation(self, organisation)


class PeopleForm(forms.ModelForm):
    line_owner = person_field("line_owner", _("Owner in the line"))
    advisor = person_field("advisor", _("Supporting advisor"))

    class Meta:
        model = InnovationCase
        fields = ["line_owner", "advisor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_organisation(self, self.instance.case.organisation)


class PlansForm(forms.ModelForm):
    receiving_owner = person_field("receiving_owner", _("Receiving line owner"))
    maintenance_owner = person_field("maintenance_owner", _("Maintenance owner"))

    class Meta:
        formfield_callback = text_limits()
        model = InnovationCase
        fields = [
            "ip_rights",
            "ip_claim",
            "ip_decision",
            "ip_decided_on",
            "procurement",
            "procurement_note",
            "spread_plan",
            "receiving_owner",
            "maintenance_owner",
            "maintenance_plan",
            "maintenance_funding",
            "review_on",
            "end_of_life",
            "end_of_life_note",
        ]
        widgets = {
            "review_on": DateInput(),
            "end_of_life_note": forms.Textarea(attrs={"rows": 3}),
            "ip_decision": forms.Textarea(attrs={"rows": 3}),
            "ip_decided_on": DateInput(),
            "procurement_note": forms.Textarea(attrs={"rows": 3}),
            "spread_plan": forms.Textarea(attrs={"rows": 5}),
            "maintenance_plan": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_organisation(self, self.instance.case.organisation)
        required_when(self, _("required once the IP claim is decided"), "ip_decided_on")
        required_when(self, _("required once an end-of-life decision is taken"), "end_of_life_note")

    def clean(self):
        data = super().clean()
        if data.get("ip_claim") not in (None, InnovationCase.IPClaim.UNDECIDED) and not data.get(
            "ip_decided_on"
        ):
            self.add_error("ip_decided_on", _("Give the date of the IP decision."))
        if (
            data.get("end_of_life") not in (None, EndOfLife.UNDECIDED)
            and not (data.get("end_of_life_note") or "").strip()
        ):
            self.add_error("end_of_life_note", _("Give the basis of the end-of-life decision."))
        return data


class GateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=GateDecision.Decision.choices, widget=forms.RadioSelect
    )
    to_phase = ModelChoiceField(
        label=_("To phase"),
        queryset=None,
        required=False,
        empty_label=_("Next phase (go) or previous phase (go back)"),
    )
    overlap = forms.BooleanField(
        label=_("Keep working in the current phase in parallel"), required=False
    )
    basis = forms.CharField(
        label=_("Basis for the decision"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the decision rests on: results, assessments, documents."),
    )
    zone = forms.ChoiceField(
        label=_("Mandate zone"), choices=GateDecision.Zone.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    manager = ModelChoiceField(
        label=_("Line manager who approves"),
        queryset=None,
        required=False,
        help_text=_(
            "For a yellow decision: the manager is asked in Slussen and the decision is taken "
            "when they approve."
        ),
    )

    def __init__(self, *args, innovation, **kwargs):
        from .rules import line_managers

        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].queryset = innovation.template.phases.exclude(
            pk=innovation.phase_id
        )
        self.fields["manager"].queryset = line_managers(innovation)


class GateAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you do not approve: the advisor reads it."),
    )


class ChecklistForm(forms.Form):
    """One state and note per checklist item of the case's template."""

    def __init__(self, *args, items, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            answer = answers.get(item.pk)
            self.fields[f"state_{item.pk}"] = forms.ChoiceField(
                label=item.label,
                choices=ChecklistAnswer.State.choices,
                initial=answer.state if answer else ChecklistAnswer.State.OPEN,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": item.label},
                required=False,
                max_length=500,
                initial=answer.note if answer else "",
            )

    def states(self):
        return {
            item.pk: (self.cleaned_data[f"state_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        }


class ParticipantForm(forms.ModelForm):
    organisation = OrganisationField(label=_("Organisation"), queryset=Organisation.objects.all())

    class Meta:
        model = Participant
        fields = ["name", "organisation", "role", "email"]


class TaskForm(forms.ModelForm):
    assignee = PersonField(label=_("Responsible"), picker="process.assignee", required=False)

    class Meta:
        model = Task
        fields = ["title", "due", "assignee"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        set_organisation(self, innovation.case.organisation)


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = [
            "funder",
            "amount",
            "period_start",
            "period_end",
            "co_financing",
            "co_financing_by",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        for name in ("amount", "co_financing"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, _("Enter an amount of zero or more."))
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]


class MeasurementForm(forms.ModelForm):
    unit = OrganisationField(
        label=_("Unit of care"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The case as a whole"),
        help_text=Measurement._meta.get_field("unit").help_text,
    )

    class Meta:
        model = Measurement
        fields = ["indicator", "measured_on", "value", "unit"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = innovation.indicators.all()
        # Only the units of the case's roll-out plan; none in the plan: no choice to make.
        # (A measured unit since removed from the plan stays as it was when corrected.)
        units = Organisation.objects.filter(
            Q(pk__in=innovation.adoptions.values("unit_id")) | Q(pk=self.instance.unit_id)
        )
        self.fields["unit"].queryset = units
        if not units.exists():
            self.fields.pop("unit")


class TestRecordForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Stored with the case as an internal attachment."),
    )

    class Meta:
        formfield_callback = text_limits()
        model = TestRecord
        fields = ["kind", "title", "summary", "tested_on", "environment"]
        widgets = {"tested_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class WaveForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_limits()
        model = RolloutWave
        fields = ["name", "planned_start"]
        widgets = {"planned_start": DateInput()}
        help_texts = {"name": _("For example “Wave 1: the medical clinic's wards”.")}


class AdoptionForm(forms.ModelForm):
    unit = OrganisationField(label=_("Receiving unit"), queryset=Organisation.objects.none())
    wave = ModelChoiceField(label=_("Wave"), queryset=RolloutWave.objects.none(), required=False)

    class Meta:
        model = Adoption
        fields = ["unit", "wave", "planned_on", "pilot"]
        widgets = {"planned_on": DateInput()}
        help_texts = {
            "unit": _("A clinic, ward or care centre. Its manager confirms when it is in use."),
            "planned_on": _("Empty: the wave's planned start."),
        }

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = region_orgs()
        self.fields["wave"].queryset = innovation.waves.all()


class AdoptionStepForm(forms.Form):
    """A step of one unit's adoption: which step, its date and a note."""

    step = forms.CharField(label=_("Step"), max_length=32)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Required when the unit stops using the solution: say why."),
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = [(t.code, t.label) for t in steps]
        self.fields["step"].widget = forms.HiddenInput()
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("step") not in dict(self.steps):
            self.errors.pop("step", None)
            raise forms.ValidationError(
                _("This step is not possible now; the page shows the unit's status.")
            )
        return data


# kind in the URL -> (form class, needs the innovation case, heading)
RECORD_FORMS = {
    "participant": (ParticipantForm, False),
    "task": (TaskForm, True),
    "funding": (FundingForm, False),
    "indicator": (IndicatorForm, False),
    "measurement": (MeasurementForm, True),
    "test": (TestRecordForm, False),
    "wave": (WaveForm, False),
    "adoption": (AdoptionForm, True),
}


def record_form(kind, ic, data=None, files=None, instance=None):
    """The form that adds a record of ``kind`` – or, with ``instance``, corrects it (a unit in
    the roll-out plan keeps its unit; a test keeps its file)."""
    form_class, needs_case = RECORD_FORMS[kind]
    kwargs = {"innovation": ic} if needs_case else {}
    form = form_class(data, files, prefix=kind, instance=instance, **kwargs)
    if instance is not None:
        if kind == "adoption":
            form.fields["unit"].disabled = True
        form.fields.pop("file", None)
    return form


class ListFilterForm(forms.Form):
    """The innovation cases' search and filters (``views.index``, ``core.forms.list_filters``)."""

    q = forms.CharField(label=_("Search"), max_length=SHORT_TEXT, required=False)
    innovation_type = forms.ChoiceField(
        label=_("Innovation type"),
        required=False,
        choices=[("", _("All")), *InnovationType.choices],
    )
    generic = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All")), *GenericPhase.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InnovationCase.Status.choices]
    )


class LookupForm(forms.Form):
    registry_number = forms.CharField(
        label=_("Registry number"),
        max_length=SHORT_TEXT,
        help_text=_("For example SLU 2026-00042."),
    )

    def clean_registry_number(self):
        number = " ".join(self.cleaned_data["registry_number"].split()).upper()
        case = Case.objects.filter(registry_number__iexact=number).first()
        if case is None:
            raise forms.ValidationError(_("No case has that registry number."))
        self.case = case
        return number


class HandOverForm(forms.Form):
    person = ModelChoiceField(label=_("Person who has left"), queryset=User.objects.none())
    successor = PersonField(label=_("Takes over"), picker="process.successor")
    cases = ModelMultipleChoiceField(
        label=_("Cases"),
        queryset=InnovationCase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the cases to hand over; none ticked hands over all the person's cases."),
    )

    def __init__(self, *args, leavers, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = leavers
        if cases is not None:
            self.fields["cases"].queryset = cases
            self.fields["cases"].label_from_instance = lambda ic: (
                f"{ic.case.registry_number} {ic.case.title}"
            )


def newest_templates(exclude=None):
    """The newest published version of each innovation type: what a case may move to."""
    newest = (
        ProcessTemplate.objects.filter(
            is_published=True, innovation_type=OuterRef("innovation_type")
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    queryset = ProcessTemplate.objects.filter(pk=Subquery(newest)).order_by("innovation_type")
    return queryset.exclude(pk=exclude.pk) if exclude is not None else queryset


class ChooseTemplateForm(forms.Form):
    """Step one of moving a case: the template whose changes are shown (a GET form)."""

    template = ModelChoiceField(
        label=_("Template"),
        queryset=None,
        help_text=_(
            "The newest version of the case's own template, or the template of another "
            "innovation type. You see what changes before anything is moved."
        ),
    )

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = newest_templates(exclude=innovation.template)
        self.fields["template"].label_from_instance = lambda t: (
            _("%(template)s, version %(version)s") % {"template": t.label, "version": t.version}
        )


class MoveTemplateForm(forms.Form):
    """Step two: move the case to the template whose changes were shown."""

    template = ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the case's timeline and told to its handler and people."),
    )

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ProcessTemplate.objects.filter(
            is_published=True
        ).exclude(pk=innovation.template_id)


class MoveCasesForm(forms.Form):
    """The template page: the running cases on older versions to move to the newest one."""

    cases = forms.ModelMultipleChoiceField(
        label=_("Cases to move"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the cases to move.")},
    )
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on each case's timeline. Left empty, it says that the template has a new "
            "version."
        ),
    )

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        # Any case of the type: a finished or current one is refused by the service, in words.
        self.fields["cases"].queryset = InnovationCase.objects.filter(
            template__innovation_type=template.innovation_type
        )


class ShowcaseForm(forms.ModelForm):
    """The showcase's public words, in Swedish and (optionally) English."""

    class Meta:
        formfield_callback = text_limits()
        model = Showcase
        fields = ["problem_sv", "problem_en", "solution_sv", "solution_en"]
        help_texts = {
            "problem_sv": _("Public: other regions read it. No names, no patient details."),
            "problem_en": _("Shown to English readers; the Swedish text is shown when empty."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReuseForm(forms.Form):
    """ "We want to use this": another region's contact for a showcased innovation."""

    name = forms.CharField(label=_("Your name"), max_length=SHORT_TEXT)
    organisation = forms.CharField(label=_("Region or organisation"), max_length=SHORT_TEXT)
    email = forms.EmailField(label=_("E-mail"), max_length=SHORT_TEXT)
    message = forms.CharField(
        label=_("Message"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you would like to use it for and what you want to know."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""
