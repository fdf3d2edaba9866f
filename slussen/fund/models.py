import uuid

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import Labelled, WorkflowState


class Kind(models.TextChoices):
    NEW = "new", _("New project")
    CONTINUATION = "continuation", _("Continuation")
    IMPLEMENTATION = "implementation", _("Implementation")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other / non-binary")


class Sector(models.TextChoices):
    HEALTH_CARE = "health_care", _("Health and medical care, including dental care")
    OTHER = "other", _("Another operation (e.g. public transport, culture, property, archives)")


class Bilingual:
    """``text_sv``/``text_en`` shown in the interface language."""

    @property
    def text(self):
        return self.text_en if translation.get_language() == "en" and self.text_en else self.text_sv


class Call(models.Model):
    """An application period (utlysning) of the fund."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    budget = models.PositiveBigIntegerField(_("budget (SEK)"))
    grant_year = models.PositiveIntegerField(
        _("year the money is for"), help_text=_("Granted money must be used in this year.")
    )
    accepted_kinds = models.JSONField(_("accepted kinds of application"), default=list)
    form_version = models.PositiveIntegerField(_("version of the form"), default=1)
    report_form_version = models.PositiveIntegerField(
        _("version of the follow-up report form"), default=0
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("experts per application"),
        default=3,
        help_text=_("Assigned automatically, the fewest-loaded first, never one with a conflict."),
    )
    review_deadline = models.DateTimeField(
        _("review deadline"),
        null=True,
        blank=True,
        help_text=_("Assigned experts are reminded in the days before."),
    )
    prescreeners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("pre-screeners"), blank=True, related_name="+"
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("expert group"), blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:call", args=[self.pk])

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at <= self.closes_at

    def kind_labels(self):
        return [Kind(k).label for k in self.accepted_kinds]

    def current_questions(self):
        return self.questions.filter(version=self.form_version, form=FormKind.APPLICATION)

    def current_report_questions(self):
        return self.questions.filter(version=self.report_form_version, form=FormKind.REPORT)


class FormKind(models.TextChoices):
    APPLICATION = "application", _("Application form")
    REPORT = "report", _("Follow-up report form")


class QuestionType(models.TextChoices):
    SECTION = "section", _("Section heading")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", pgettext_lazy("type of answer", "Number")
    AMOUNT = "amount", _("Amount (SEK)")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File")
    TABLE = "table", _("Table")


class Question(Bilingual, models.Model):
    """One question of a call's form (the application form or the follow-up report form).
    Revising a form adds a new version of every row of that form."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    form = models.CharField(max_length=16, choices=FormKind.choices, default=FormKind.APPLICATION)
    type = models.CharField(
        _("type"), max_length=16, choices=QuestionType.choices, default=QuestionType.LONG_TEXT
    )
    help_sv = models.TextField(_("help text (Swedish)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    max_length = models.PositiveIntegerField(_("at most characters"), null=True, blank=True)
    # A choice's options [{"sv", "en"}]; a table's columns [{"sv", "en", "type"}].
    options = models.JSONField(default=list, blank=True)
    # Shown (and required) only when the question with this key has this answer.
    condition_key = models.UUIDField(null=True, blank=True)
    condition_value = models.CharField(max_length=200, blank=True)
    # The question's identity across versions: a reworded question keeps its key, and the
    # drafts their answers to it.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField()
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=32, blank=True)
    text_sv = models.TextField(_("question (Swedish)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["call", "version", "order", "id"]
        indexes = [models.Index(fields=["call", "version", "order"])]

    def __str__(self):
        return self.text_sv

    @property
    def help(self):
        return self.help_en if translation.get_language() == "en" and self.help_en else self.help_sv

    def spec(self) -> dict:
        """What an answer keeps of its question, so that it reads as it was asked."""
        return {
            "help_sv": self.help_sv,
            "help_en": self.help_en,
            "max_length": self.max_length,
            "options": self.options,
            "condition_key": str(self.condition_key) if self.condition_key else "",
            "condition_value": self.condition_value,
        }


class Criterion(Labelled):
    """A review criterion; experts score each 1–5; the weighted mean ranks the call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField(default=0)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["call", "order", "id"]


class ApplicationQuerySet(models.QuerySet):
    def update(self, **fields):
        """A change made in bulk stamps the calls of the changed applications, as a save does
        (``signals.stamp_call``): the call overview kept for a call is never read again."""
        from .services import stamp_calls

        with transaction.atomic(using=self.db):
            stamp_calls(self.values("call_id"))
            return super().update(**fields)


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    case = models.OneToOneField(
        Case,
        verbose_name=_("registry case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_application",
    )
    origin_case = models.ForeignKey(
        Case,
        verbose_name=_("started from case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_applications_started",
    )
    state = models.ForeignKey(WorkflowState, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of application"), max_length=16, choices=Kind.choices)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("earlier granted project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
        help_text=_("For a continuation or an implementation."),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("main applicant"),
        on_delete=models.PROTECT,
        related_name="fund_applications",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("operation"), max_length=16, choices=Sector.choices)
    applicant_gender = models.CharField(
        _("main applicant's gender (voluntary)"),
        max_length=8,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Optional. Used only for the fund's statistics in the annual innovation report "
            "(how many women and men apply), never in the review."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    goal = models.TextField(_("goal"), blank=True)
    benefit = models.TextField(_("benefit and degree of innovation"), blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("your manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_signoffs",
        help_text=_("Approves that the project may run and that its results are taken care of."),
    )
    eligible = models.BooleanField(
        _(
            "I work at least 50 % in the region, or for an employer with an agreement and "
            "assignment from the region"
        ),
        default=False,
    )
    results_owned_by_region = models.BooleanField(
        _("I understand that the results, and the way to them, are owned by the region"),
        default=False,
    )
    design_support = models.BooleanField(
        _(
            "We would like support in service design from the competence centre for system "
            "and service design"
        ),
        default=False,
    )
    form_version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    signoff_comment = models.TextField(_("manager's comment"), blank=True)
    signoff_at = models.DateTimeField(null=True, blank=True)
    signoff_reminded_at = models.DateTimeField(null=True, blank=True)
    granted_amount = models.PositiveBigIntegerField(
        _("granted amount (SEK)"), null=True, blank=True
    )
    decision_motivation = models.TextField(_("motivation"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    above_request_reason = models.TextField(_("why the grant exceeds the request"), blank=True)
    budget_override = models.BooleanField(default=False)
    budget_override_reason = models.TextField(_("why the budget may be exceeded"), blank=True)
    letter = models.ForeignKey(
        "cases.Attachment",
        verbose_name=_("decision letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Sent with the form that started the draft: the same form posted twice (a double click,
    # the back button) saves into the same draft instead of starting another.
    draft_token = models.UUIDField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["submitted_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "draft_token"], name="fund_application_draft_once"
            )
        ]
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:application", args=[self.pk])

    @property
    def registry_number(self):
        return self.case.registry_number if self.case_id else ""

    @property
    def total_budget(self):
        return sum(line.amount for line in self.budget_lines.all())


class Participant(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A line of the time plan."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="milestones"
    )
    activity = models.CharField(_("activity"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        ordering = ["start", "id"]

    def __str__(self):
        return self.activity


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("cost item"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.item


class Answer(models.Model):
    """An answer with the exact question text the applicant was given."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=32, blank=True)
    question_sv = models.TextField()
    question_en = models.TextField(blank=True)
    text = models.TextField(blank=True)
    # The question's stable key: a reworded question keeps its answer.
    key = models.UUIDField(null=True, blank=True)
    type = models.CharField(
        max_length=16, choices=QuestionType.choices, default=QuestionType.LONG_TEXT
    )
    spec = models.JSONField(default=dict, blank=True)  # Question.spec() when answered
    value = models.JSONField(null=True, blank=True)  # a table's rows; a file's id

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.question_sv

    @property
    def question_text(self):
        if translation.get_language() == "en" and self.question_en:
            return self.question_en
        return self.question_sv

    @property
    def help(self):
        spec = self.spec or {}
        if translation.get_language() == "en" and spec.get("help_en"):
            return spec["help_en"]
        return spec.get("help_sv", "")

    @property
    def shown(self):
        """The answer as the reader sees it: yes/no and options in the reader's language."""
        from .formtypes import display

        return display(self)


def file_path(instance, filename):
    return f"fund/{instance.application_id}/{filename}"


class ApplicationFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=file_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.filename


class Prescreening(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="prescreenings"
    )
    prescreener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("requirements met"))
    reasons = models.TextField(_("reasons"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.met}"


class Assignment(models.Model):
    """An expert assigned to review one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="fund_assign_once")
        ]

    def __str__(self):
        return f"{self.application_id}: {self.expert_id}"


class Recommendation(models.TextChoices):
    GRANT = "grant", _("Grant")
    GRANT_WITH_CHANGES = "grant_with_changes", _("Grant with changes")
    REJECT = "reject", _("Reject")


class Review(models.Model):
    """One expert's review of one application: the conflict declaration first, then scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("I have a conflict of interest"))
    conflict_note = models.TextField(_("about the conflict"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=Recommendation.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="fund_review_once")
        ]

    def __str__(self):
        return f"{self.application_id}: {self.expert_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="fund_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="fund_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class Project(models.Model):
    """A granted application becomes a project, followed up until it closes. Its ``status`` is
    its state in the ``fund_project`` workflow (``fund/workflows.py``)."""

    WORKFLOW = "fund_project"
    STATE_FIELD = "status"

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="project"
    )
    year = models.PositiveIntegerField(_("year"))
    budget = models.PositiveBigIntegerField(_("budget (SEK)"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.application.title

    def get_absolute_url(self):
        return reverse("fund:project", args=[self.pk])


class FollowUpReport(models.Model):
    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term report")
        FINAL = "final", _("Final report")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=16, choices=Kind.choices)
    due = models.DateField(_("due"))
    progress = models.TextField(_("what has been done, compared with the time plan"), blank=True)
    results = models.TextField(
        _("results and measured benefit, compared with the goal"), blank=True
    )
    spent = models.PositiveBigIntegerField(_("money used so far (SEK)"), null=True, blank=True)
    next_steps = models.TextField(_("next steps, implementation and who takes over"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="fund_report_kind_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due}"

    @property
    def late(self) -> bool:
        """Its due date has passed and it is not in (a report sent back for changes is not in
        either); the list form is ``selectors.late_reports_q``."""
        return self.submitted_at is None and self.due < timezone.localdate()


class ThreadMessage(models.Model):
    """A question sent to the applicant (more information needed) or the applicant's reply, in
    the application's thread. Each holds the application as it stood then, so that reviewers
    see what the reply changed."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        REPLY = "reply", _("Reply")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="thread_messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(_("message"))
    # The step a question was asked in, to which the reply returns the application.
    state_code = models.CharField(max_length=64)
    snapshot = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.application_id}: {self.kind}"


# --- Post-award: acceptance, payment plan, reports' attachments and spending -----------------


class GrantAcceptance(models.Model):
    """The project's acceptance of the grant and its conditions (one per project). The
    conditions are the decision's own, defaulting from the call; until the applicant or the
    manager who signed off accepts them, nothing is paid and no report is submitted."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="acceptance")
    conditions = models.TextField(_("conditions of the grant"), blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.project_id}: {self.accepted_at or '-'}"


class CallConditions(models.Model):
    """The conditions a call's grants come with, unless a decision words its own."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="grant_conditions")
    text = models.TextField(_("conditions of the grant"), blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.text[:60]


class Instalment(models.Model):
    """One payment of the grant: planned date and amount, optionally released by an approved
    follow-up report; the coordinator marks it paid."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="instalments")
    planned = models.DateField(_("planned date"))
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))
    released_by = models.ForeignKey(
        FollowUpReport,
        verbose_name=_("released by the approved report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["planned", "id"]

    def __str__(self):
        return f"{self.planned} {self.amount}"

    @property
    def released(self):
        return self.released_by_id is None or report_status(self.released_by) == "approved"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report", "Submitted, awaiting the coordinator")
    CHANGES = "changes", pgettext_lazy("report", "Changes asked for")
    APPROVED = "approved", pgettext_lazy("report", "Approved")


class ReportReview(models.Model):
    """Where a follow-up report stands: drafts, submission, the coordinator's verdict."""

    report = models.OneToOneField(FollowUpReport, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    comment = models.TextField(_("the coordinator's comment"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)

    def __str__(self):
        return f"{self.report_id}: {self.status}"


def report_status(report) -> str:
    """A report's status code; a report nobody has touched yet is a draft."""
    try:
        return report.review.status
    except ReportReview.DoesNotExist:
        return ReportStatus.SUBMITTED if report.submitted_at else ReportStatus.DRAFT


def report_file_path(instance, filename):
    return f"fund/reports/{instance.report_id}/{filename}"


class ReportFile(models.Model):
    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=report_file_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.filename


class ReportSpend(models.Model):
    """Money used so far on one budget line of the application, as a report gives it."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="spending")
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="+")
    amount = models.PositiveBigIntegerField(_("used (SEK)"))

    class Meta:
        ordering = ["line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "line"], name="fund_report_spend_once")
        ]

    def __str__(self):
        return f"{self.line_id}: {self.amount}"


class FinalAssessment(models.Model):
    """The coordinator's final assessment that closes a project."""

    class Goal(models.TextChoices):
        MET = "met", _("The goal was met")
        PARTLY = "partly", _("The goal was partly met")
        NOT_MET = "not_met", _("The goal was not met")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="final_assessment"
    )
    goal = models.CharField(_("the goal"), max_length=8, choices=Goal.choices)
    text = models.TextField(_("final assessment"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.project_id}: {self.goal}"


class ReportAnswer(models.Model):
    """An answer to a typed question of the call's follow-up report form, with the question as
    it was asked (like :class:`Answer`)."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, on_delete=models.SET_NULL, related_name="+")
    key = models.UUIDField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    type = models.CharField(
        max_length=16, choices=QuestionType.choices, default=QuestionType.LONG_TEXT
    )
    question_sv = models.TextField()
    question_en = models.TextField(blank=True)
    spec = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.question_sv

    question_text = Answer.question_text
    help = Answer.help
    shown = Answer.shown


class CallStamp(models.Model):
    """How often a call's rows have changed, counted in the writing transaction
    (``services.stamp_calls``): ``applications`` by every write of its applications (what the
    statistics read), ``details`` by every write of their reviews, scores, budget lines,
    assignments and pre-screenings and the call's criteria (what only the call overview
    reads). Counters, never times: a server whose clock is behind changes them too, and they
    never come back to a value something was kept under. A row of its own, so that saving a
    call read earlier never writes an old count back."""

    call = models.OneToOneField(Call, primary_key=True, on_delete=models.CASCADE, related_name="+")
    applications = models.PositiveBigIntegerField(default=0)
    details = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.call_id}: {self.applications}/{self.details}"
