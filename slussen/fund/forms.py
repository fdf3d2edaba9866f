from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import PeopleField, PersonField, check_person
from slussen.accounts.models import Organisation
from slussen.core.forms import LONG_TEXT, required_when, text_limits

from .models import Application, Call, FollowUpReport, Kind, Recommendation, Sector

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M:%S")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.ModelForm):
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Accepted kinds of application"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        formfield_callback = text_limits()
        model = Call
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "budget",
            "grant_year",
            "accepted_kinds",
            "prescreeners",
            "experts",
            "reviewers_per_application",
            "review_deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "review_deadline": DATETIME,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at", "review_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        self.fields["reviewers_per_application"].required = False
        self.fields["reviewers_per_application"].min_value = 1
        self.fields["reviewers_per_application"].max_value = 20
        self.fields["reviewers_per_application"].validators.append(MinValueValidator(1))
        self.fields["reviewers_per_application"].validators.append(MaxValueValidator(20))
        for name, picker in (("prescreeners", "fund.prescreener"), ("experts", "fund.expert")):
            self.fields[name] = PeopleField(
                label=self.fields[name].label, picker=picker, required=False
            )

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The call must close after it opens."))
        if not data.get("reviewers_per_application"):
            data["reviewers_per_application"] = self.instance.reviewers_per_application or 3
        deadline = data.get("review_deadline")
        if deadline and data.get("closes_at") and deadline <= data["closes_at"]:
            self.add_error("review_deadline", _("The review deadline must come after closing."))
        return data


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name_sv = forms.CharField(label=_("Criterion (Swedish)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=200, required=False)
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=10, initial=1, required=False,
        help_text=_("1–10; the overview ranks by the weighted mean."),
    )  # fmt: skip

    def clean_weight(self):
        return self.cleaned_data.get("weight") or 1


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1)


class AssignForm(forms.Form):
    experts = PeopleField(label=_("Experts who review this application"), picker="fund.expert")


class QuestionForm(forms.Form):
    text_sv = forms.CharField(
        label=_("Question (Swedish)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=36)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2)


class ApplicationForm(forms.ModelForm):
    manager_email = PersonField(
        label=_("Your manager"),
        picker="fund.manager",
        organisation_field="organisation",
        required=False,
        help_text=_(
            "A line manager of your organisation. Type the beginning of their name or their "
            "e-mail address and choose. Your manager gets a link to read and approve the "
            "application. Without approval it does not go to review."
        ),
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("For example a CV or a letter of intent. PDF, Word, images; at most 20 MB."),
    )
    origin_case = forms.IntegerField(widget=forms.HiddenInput, required=False)
    draft_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = text_limits()
        model = Application
        fields = [
            "kind",
            "previous",
            "title",
            "summary",
            "goal",
            "benefit",
            "organisation",
            "sector",
            "applicant_gender",
            "design_support",
            "eligible",
            "results_owned_by_region",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "sector": forms.RadioSelect,
            "applicant_gender": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "benefit": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, call, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.call = user, call
        for name in ("summary", "goal", "benefit"):
            self.fields[name].required = False
        self.fields["kind"].choices = [(k, Kind(k).label) for k in call.accepted_kinds]
        self.fields["sector"].choices = list(Sector.choices)
        self.fields["applicant_gender"].choices = [("", _("I prefer not to say"))] + list(
            self.fields["applicant_gender"].choices
        )[1:]
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            kind=Organisation.Kind.EXTERNAL
        )
        own_orgs = user.memberships.values("organisation_id")
        self.fields["previous"].queryset = (
            Application.objects.filter(granted_amount__isnull=False)
            .filter(Q(applicant=user) | Q(organisation_id__in=own_orgs))
            .select_related("case")
        )
        self.fields["previous"].label_from_instance = lambda a: f"{a.registry_number} {a.title}"
        self.fields["previous"].empty_label = _("None – this is a new project")
        if self.instance.manager_id and not self.is_bound:
            self.initial["manager_email"] = self.instance.manager
        self.question_fields = []
        answers = answers or {}
        for q in questions:
            name = f"q_{q.pk}"
            self.fields[name] = forms.CharField(
                label=q.text,
                max_length=LONG_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answers.get(q.key, ""),
            )
            self.question_fields.append((q, name))

    def clean_manager_email(self):
        manager = self.cleaned_data.get("manager_email")
        if manager is not None and manager == self.user:
            raise forms.ValidationError(_("You cannot approve your own application."))
        return manager

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.NEW:
            data["previous"] = None
        if data.get("organisation"):
            check_person(self, "manager_email", data["organisation"])
        return data

    def model_fields(self):
        data = {k: self.cleaned_data[k] for k in self._meta.fields}
        data["manager"] = self.cleaned_data.get("manager_email")
        return data

    def answer_fields(self):
        return [self[name] for _q, name in self.question_fields]

    def answers(self):
        return {q.pk: self.cleaned_data.get(name, "") for q, name in self.question_fields}

    def sections(self):
        """The form's fields in the order the application is read."""
        return {
            name: [self[n] for n in names]
            for name, names in {
                "about": ["kind", "previous", "title", "summary", "goal", "benefit"],
                "who": ["organisation", "sector", "manager_email", "applicant_gender"],
                "declarations": ["eligible", "results_owned_by_region", "design_support"],
            }.items()
        }


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role in the project"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)


class MilestoneForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=200)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must come after the start."))
        return data


# No application or grant is near a thousand million kronor; far larger numbers are typos
# (and would not fit the database).
MAX_AMOUNT = 1_000_000_000


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Cost item"), max_length=200)
    amount = forms.IntegerField(label=_("Amount (SEK)"), min_value=0, max_value=MAX_AMOUNT)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2)
BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=2)


class SignoffForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (
                "approve",
                _(
                    "I approve: the project may run and its results will be taken care of in "
                    "the line"
                ),
            ),
            ("decline", _("I do not approve")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the applicant"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required if you do not approve."),
    )


class PrescreenForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Are the requirements and criteria met?"),
        choices=[("yes", _("Requirements met")), ("no", _("Requirements not met"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("If the requirements are not met, the applicant is told these reasons."),
    )


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest in this application?"),
        choices=[("no", _("No conflict of interest")), ("yes", _("Yes, I have a conflict"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "For example a close relationship with an applicant, or an interest of your own in "
            "the project. A conflict means you do not review this application."
        ),
    )
    note = forms.CharField(
        label=_("About the conflict"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = []
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.label,
                choices=[(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = weak, 5 = excellent"),
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": c.label},
                max_length=LONG_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.criteria.append((self[f"score_{c.pk}"], self[f"comment_{c.pk}"]))
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Your recommendation"),
            choices=Recommendation.choices,
            widget=forms.RadioSelect,
        )

    def scores(self, criteria):
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"].strip())
            for c in criteria
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label=_("Granted amount (SEK)"), min_value=1, max_value=MAX_AMOUNT, required=False
    )
    motivation = forms.CharField(
        label=_("Motivation (part of the decision letter)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    override = forms.BooleanField(
        label=_("Grant even though the call's budget is exceeded (logged)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Why the budget may be exceeded"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required to exceed the budget. Logged with your name."),
    )

    def __init__(self, *args, may_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override:  # only the head of the fund sees, or can post, the override
            del self.fields["override"]
            del self.fields["override_reason"]
        required_when(self, _("required if you grant"), "amount")

    def clean(self):
        data = super().clean()
        data.setdefault("override", False)
        data.setdefault("override_reason", "")
        if data.get("decision") == "grant" and not data.get("amount"):
            self.add_error("amount", _("Give the granted amount."))
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", _("Write why the budget may be exceeded."))
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_limits()
        model = FollowUpReport
        fields = ["progress", "results", "spent", "next_steps"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class ProjectStepForm(forms.Form):
    """The next step of a granted project, chosen among those its workflow allows now."""

    step = forms.ChoiceField(label=_("Step"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the case's timeline and told to the applicant."),
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(t.code, t.label) for t in steps]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        years = years or [timezone.localdate().year]
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["year"].initial = years[0]


class ApplicationFilterForm(forms.Form):
    """Search and filters over all applications one may see (``selectors.find_applications``)."""

    q = forms.CharField(label=_("Search words or registry number"), required=False, max_length=200)
    call = forms.ModelChoiceField(
        label=_("Call"), queryset=Call.objects.order_by("-opens_at"), required=False
    )
    year = forms.TypedChoiceField(label=_("Year submitted"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL).order_by("name"),
        required=False,
    )
    score_min = forms.DecimalField(
        label=_("Weighted score from"), required=False, min_value=1, max_value=5, decimal_places=2
    )
    score_max = forms.DecimalField(
        label=_("Weighted score to"), required=False, min_value=1, max_value=5, decimal_places=2
    )

    def __init__(self, *args, years=(), states=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["year"].choices = anything + [(y, y) for y in years]
        self.fields["kind"].choices = anything + list(Kind.choices)
        self.fields["state"].choices = anything + [(s.code, s.label) for s in states]
        self.fields["call"].empty_label = _("All")
        self.fields["organisation"].empty_label = _("All")

    def clean(self):
        data = super().clean()
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low > high:
            self.add_error("score_max", _("The upper score is below the lower one."))
        return data


BULK_ACTIONS = [
    ("export_csv", _("Export the chosen as CSV")),
    ("export_xlsx", _("Export the chosen as Excel (XLSX)")),
    ("remind", _("Remind the chosen applications' experts who have not reviewed")),
]
