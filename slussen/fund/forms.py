from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import PeopleField, PersonField, check_person
from slussen.accounts.models import Organisation
from slussen.core import scoring
from slussen.core.forms import LONG_TEXT, SHORT_TEXT, required_when, text_limits
from slussen.core.scoring import CriterionForm, CriterionFormSet  # noqa: F401

from . import formtypes
from .models import (
    Application,
    Call,
    FinalAssessment,
    FollowUpReport,
    Kind,
    Question,
    QuestionType,
    Recommendation,
    Sector,
)

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

    grant_conditions = forms.CharField(
        label=_("Conditions of the grants"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What every grant of the call comes with; each decision may word its own. The "
            "project accepts them in Slussen before anything is paid."
        ),
    )

    def __init__(self, *args, conditions="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant_conditions"].initial = conditions
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


class BuilderQuestionForm(QuestionForm):
    """One row of the form builder: a typed question, a section heading, or a condition."""

    type = forms.ChoiceField(
        label=_("Type"), choices=QuestionType.choices, initial="long_text", required=False
    )
    help_sv = forms.CharField(
        label=_("Help text (Swedish)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    help_en = forms.CharField(
        label=_("Help text (English)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    max_length = forms.IntegerField(
        label=_("At most characters"),
        min_value=1,
        max_value=LONG_TEXT,
        required=False,
        help_text=_("For short and long text. Empty: 200 for a short text, 5 000 for a long."),
    )
    options = forms.CharField(
        label=_("Options or columns"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One a line, Swedish | English. A choice's options; a table's columns, with "
            "| text, | amount or | date after the English name."
        ),
    )
    condition_key = forms.ChoiceField(
        label=_("Show only when the question"), required=False, choices=[]
    )
    condition_value = forms.CharField(
        label=_("has the answer"),
        max_length=200,
        required=False,
        help_text=_("Ja or Nej, or one of the options."),
    )

    field_order = [
        "type",
        "text_sv",
        "text_en",
        "help_sv",
        "help_en",
        "required",
        "max_length",
        "options",
        "condition_key",
        "condition_value",
        "key",
    ]

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_key"].choices = [("", _("(always shown)"))] + list(targets)
        self.fields["text_sv"].label = _("Question or heading (Swedish)")
        self.fields["text_en"].label = _("Question or heading (English)")

    def clean(self):
        data = super().clean()
        data["type"] = data.get("type") or QuestionType.LONG_TEXT
        try:
            data["options"] = formtypes.parse_lines(
                data.get("options", ""), columns=data.get("type") == QuestionType.TABLE
            )
        except forms.ValidationError as error:
            self.add_error("options", error)
        if data.get("condition_key") and not data.get("condition_value", "").strip():
            self.add_error("condition_value", _("Give the answer that shows the question."))
        return data


class BaseBuilderFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Place in the form")
        form.fields["DELETE"].label = _("Remove the row")


BuilderFormSet = forms.formset_factory(
    BuilderQuestionForm,
    formset=BaseBuilderFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class QuestionsMixin:
    """A form that asks a call's typed questions (see formtypes.py), as fields ``q_<id>``."""

    def answers(self):
        """{question key: cleaned answer} of the answers the form accepted; a file question
        only when a file was sent."""
        out = {}
        for q, name in self.question_fields:
            if name in self.errors or name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if q.type == QuestionType.FILE and not value:
                continue
            out[q.key] = value
        return out

    def question_items(self):
        """The questions in order: headings, and fields with the condition that shows them."""
        fields = dict(self.question_fields_by_key)
        pks = {str(q.key): q.pk for q in self.questions}
        items = []
        for q in self.questions:
            target = pks.get(str(q.condition_key)) if q.condition_key else None
            items.append(
                {
                    "question": q,
                    "heading": q.type == QuestionType.SECTION,
                    "field": self[fields[q.key]] if q.key in fields else None,
                    "show_if": f"q_{target}" if target else "",
                    "show_value": q.condition_value,
                }
            )
        return items

    def only_answer_errors(self):
        """Every error is an answer's: the draft can be saved with the other answers."""
        names = {name for _q, name in self.question_fields}
        return bool(self.errors) and set(self.errors) <= names


def add_question_fields(form, questions, answers=None):
    """The typed question fields ``q_<id>`` of ``questions`` on ``form``, showing ``answers``
    ({question key: Answer or text})."""
    answers = answers or {}
    form.questions = list(questions)
    if form.is_bound:
        _follow_keys(form, form.questions)
    by_key = {str(q.key): q for q in form.questions}
    form.question_fields, form.question_fields_by_key = [], []
    for q in form.questions:
        if q.type == QuestionType.SECTION:
            continue
        name = f"q_{q.pk}"
        form.fields[name] = formtypes.field_for(q, by_key)
        form.initial.setdefault(name, formtypes.initial_for(q, answers.get(q.key)))
        form.question_fields.append((q, name))
        form.question_fields_by_key.append((q.key, name))


def _follow_keys(form, questions):
    """A page loaded before the coordinator published a new version posts the answers under
    the earlier version's question ids: each is read as the answer to the current question
    with the same key, so nothing typed is lost."""
    missing = {
        q.key: q.pk
        for q in questions
        if q.type != QuestionType.SECTION
        and f"q_{q.pk}" not in form.data
        and f"q_{q.pk}-rows" not in form.data
        and f"q_{q.pk}" not in form.files
    }
    if not missing:
        return
    posted = {
        int(name[2:].split("-")[0])
        for name in list(form.data) + list(form.files)
        if name.startswith("q_") and name[2:].split("-")[0].isdigit()
    }
    earlier = (
        Question.objects.filter(pk__in=posted, key__in=missing).values_list("pk", "key")
        if posted
        else []
    )
    data, files = form.data.copy(), form.files.copy() if form.files else form.files
    for old, key in earlier:
        new = missing[key]
        for source, target in ((form.data, data), (form.files, files)):
            for name in list(source or []):
                if name == f"q_{old}" or name.startswith(f"q_{old}-"):
                    renamed = f"q_{new}" + name[len(f"q_{old}") :]
                    if hasattr(target, "setlist"):
                        target.setlist(renamed, source.getlist(name))
                    else:
                        target[renamed] = source[name]
    form.data, form.files = data, files


class QuestionsForm(QuestionsMixin, forms.Form):
    """Only the typed questions: the preview, and the follow-up report's questions. With
    ``require``, the required questions shown must be answered (a report has no draft)."""

    def __init__(self, *args, questions, answers=None, require=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require = require
        add_question_fields(self, questions, answers)

    def clean(self):
        data = super().clean()
        if not self.require:
            return data
        texts = {
            str(q.key): getattr(data.get(name), "name", "")
            if q.type == QuestionType.FILE
            else formtypes.store(q, data.get(name))[0]
            for q, name in self.question_fields
        }
        shown = formtypes.shown_keys(self.questions, texts)
        for q, name in self.question_fields:
            if name in self.errors or not q.required or str(q.key) not in shown:
                continue
            if not texts[str(q.key)]:
                self.add_error(name, _("Answer this question."))
        return data

    def summary(self):
        """The errors as (anchor, text) for the error summary of the page's main form."""
        return [
            (self[name].id_for_label, f"{self[name].label}: {error}")
            for _q, name in self.question_fields
            for error in self.errors.get(name, [])
        ]


class ApplicationForm(QuestionsMixin, forms.ModelForm):
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
        add_question_fields(self, questions, answers)

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


class ScoreForm(scoring.ScoreForm):
    """The expert's scores and a recommendation (grant, grant with changes, reject)."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, criteria=criteria, recommendations=Recommendation.choices, **kwargs)


class DecisionForm(forms.Form):
    """The decision on one application, and (``BatchRowForm``) on each line of a batch: the
    fields are declared once here."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label=_("Granted amount (SEK)"), min_value=1, max_value=MAX_AMOUNT, required=False
    )
    above_request_reason = forms.CharField(
        label=_("Why the grant exceeds the request"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required to grant more than the application asks for. Logged with your name."),
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
    conditions = forms.CharField(
        label=_("Conditions of the grant"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the project accepts in Slussen before anything is paid; left empty, the "
            "call's conditions."
        ),
    )

    def __init__(self, *args, may_override=False, conditions="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].initial = conditions
        if not may_override:  # only the head of the fund sees, or can post, the override
            del self.fields["override"]
            del self.fields["override_reason"]
        required_when(self, _("required if you grant"), "amount")

    def clean(self):
        data = super().clean()
        data.setdefault("override", False)
        data.setdefault("override_reason", "")
        if self.decides(data):
            self.check(data)
        return data

    def decides(self, data) -> bool:
        return True

    def check(self, data):
        if data.get("decision") == "grant" and not data.get("amount"):
            self.add_error("amount", _("Give the granted amount."))
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", _("Write why the budget may be exceeded."))


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


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the applicant"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The application goes back to the applicant, who is told the question by e-mail, "
            "completes the application and sends it back to this step."
        ),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your answer"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Edit the application first if the question asks for it; then answer here."),
    )


class BatchRowForm(DecisionForm):
    """One application's line in a batch of decisions; only a chosen line is checked."""

    include = forms.BooleanField(label=_("Decide this application now"), required=False)
    field_order = ["include"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, prefix=f"a{application.pk}", **kwargs)
        self.application = application
        for name in ("decision", "motivation"):  # asked for by check() on a chosen line only
            self.fields[name].required = False
        self.fields["motivation"].widget.attrs["rows"] = 3
        required_when(self, _("required if you decide it now"), "decision", "motivation")
        required_when(self, _("required if you exceed the budget"), "override_reason")

    def decides(self, data) -> bool:
        return bool(data.get("include"))

    def check(self, data):
        if not data.get("decision"):
            self.add_error("decision", _("Choose grant or reject."))
        if not (data.get("motivation") or "").strip():
            self.add_error("motivation", _("Write the motivation; it is part of the letter."))
        super().check(data)

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "application": self.application,
            "grant": data["decision"] == "grant",
            "amount": data["amount"] if data["decision"] == "grant" else None,
            "motivation": data["motivation"],
            "override": data["override"],
            "override_reason": data["override_reason"],
            "above_request_reason": data["above_request_reason"],
            "conditions": data["conditions"],
        }


# --- Post-award ------------------------------------------------------------------------------


class ConditionsForm(forms.Form):
    conditions = forms.CharField(
        label=_("Conditions of the grant"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The project accepts these in Slussen; until then nothing is paid."),
    )


class InstalmentForm(forms.Form):
    planned = forms.DateField(label=_("Planned date"), widget=DATE)
    amount = forms.IntegerField(label=_("Amount (SEK)"), min_value=1, max_value=MAX_AMOUNT)
    released_by = forms.ModelChoiceField(
        label=_("Released by the approved report"),
        queryset=FollowUpReport.objects.none(),
        required=False,
        empty_label=_("No report needed"),
    )

    def __init__(self, *args, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["released_by"].queryset = reports if reports is not None else (
            FollowUpReport.objects.none()
        )  # fmt: skip


InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=2)


class ProjectReportForm(ReportForm):
    """A follow-up report, saved as a draft or submitted: the texts, the money used so far per
    budget line of the application, attachments. Everything is needed only to submit."""

    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("For example a measurement or a photo. PDF, Word, images; at most 20 MB."),
    )

    def __init__(self, *args, lines=(), submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for field in self.fields.values():
            field.required = False
        if self.lines:  # the total is the sum of the lines
            del self.fields["spent"]
        spent = (
            {s.line_id: s.amount for s in self.instance.spending.all()} if self.instance.pk else {}
        )
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=_("Used so far on “%(item)s” (SEK)") % {"item": line.item},
                min_value=0,
                max_value=MAX_AMOUNT,
                required=submitting,
                initial=spent.get(line.pk),
            )
        if submitting:
            for name in ("progress", "results", "next_steps", "spent"):
                if name in self.fields:
                    self.fields[name].required = True

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines]

    def text_fields(self):
        return [
            self[name]
            for name in ("progress", "results", "spent", "next_steps")
            if name in self.fields
        ]

    def clean_attachment(self):
        from slussen.cases import uploads

        upload = self.cleaned_data.get("attachment")
        if upload:
            uploads.check(upload)
        return upload

    def spending(self):
        if not self.lines:
            return None
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") for line in self.lines}


class ReportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the report")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the project"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you ask for changes: say what to change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_when(self, _("required if you ask for changes"), "comment")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Tell the project what to change."))
        return data


class CloseOutForm(forms.Form):
    goal = forms.ChoiceField(
        label=_("The goal"), choices=FinalAssessment.Goal.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Final assessment"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the project achieved and what happens next; told to the applicant."),
    )


class SearchForm(forms.Form):
    """The search of the coordinators' lists of applications (the fund's start page, a call's
    applications and scores): words or a registry number (``core.forms.list_filters``)."""

    q = forms.CharField(
        label=_("Search words or registry number"), required=False, max_length=SHORT_TEXT
    )


class ApplicationFilterForm(forms.Form):
    """Search and filters over all applications one may see (``selectors.find_applications``)."""

    q = forms.CharField(
        label=_("Search words or registry number"), required=False, max_length=SHORT_TEXT
    )
    # Every call and organisation is listed on every page of the list: read with what the
    # choice shows (a chosen one filters by its id), not the calls' texts.
    call = forms.ModelChoiceField(
        label=_("Call"), queryset=Call.objects.order_by("-opens_at").only("title"), required=False
    )
    year = forms.TypedChoiceField(label=_("Year submitted"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)
        .order_by("name")
        .only("name"),
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
