"""The innovation process: templates by innovation type (versioned data), innovation cases
running on one template version, gate decisions, phase periods, checklists and the workspace.

Phases are not a ``core.workflow`` state: a case may work in two phases at once (overlap) and a
gate carries a decision, a basis and a mandate zone, so a case keeps its phase periods
(:class:`PhaseRun`) and decisions (:class:`GateDecision`) itself. Logic keys on stable codes:
``TemplatePhase.code`` and ``TemplatePhase.generic``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slussen.accounts.models import Organisation
from slussen.cases.models import Attachment, Case
from slussen.core.models import Labelled
from slussen.core.search import IndexedQuerySet


class InnovationType(models.TextChoices):
    MEDICAL_DEVICE = "medical_device", _("Medical device")
    PHARMACEUTICAL = "pharmaceutical", _("Pharmaceutical")
    SERVICE = "service", _("Service")
    ORGANISATIONAL = "organisational", _("Organisational")
    PROCESS = "process", _("Process (new clinical method)")
    SYSTEM = "system", _("System innovation")


class Novelty(models.TextChoices):
    WORLD = "world", _("New to the world")
    SWEDEN = "sweden", _("New to Sweden")
    ORGANISATION = "organisation", _("New to the organisation")


class Degree(models.TextChoices):
    RADICAL = "radical", _("Radical")
    INCREMENTAL = "incremental", _("Incremental")


class Direction(models.TextChoices):
    INTEGRATED = "integrated", _("Integrated innovation")
    INTERNAL = "internal_development", _("Internal development work")
    TEST_ENVIRONMENTS = "test_environments", _("Test environments")
    PROCUREMENT = "procurement", _("Innovation and procurement")


class Perspective(models.TextChoices):
    NEW_SERVICES = "new_services", _("New services that ease everyday life")
    QUALITY = "quality", _("Higher quality in public service")
    EFFICIENCY = "efficiency", _("Higher efficiency in producing services")
    INSIGHT = "insight", _("Better insight, analysis and knowledge")


class GenericPhase(models.TextChoices):
    NEED_IDEA = "need_idea", _("Need and idea")
    DEVELOPMENT = "development", _("Development and testing")
    IMPLEMENTATION = "implementation", _("Implementation, spread and follow-up")


class Zone(models.TextChoices):
    """Mandate zones, lowest first. Who decides in each is data: see ``rules.DECIDERS``."""

    GREEN = "green", _("Green – own initiative")
    YELLOW = "yellow", _("Yellow – agreed with the manager")
    RED = "red", _("Red – leadership decision")


ZONE_ORDER = [Zone.GREEN, Zone.YELLOW, Zone.RED]


class HelpTopic(models.TextChoices):
    """Shared with the navigator, which answers ``/navigator/?need=<code>``."""

    REGULATION = "regulation", _("Regulation")
    DATA_PROTECTION = "data_protection", _("Patient data and GDPR")
    ETHICS = "ethics", _("Ethics review")
    PATIENT_SAFETY = "patient_safety", _("Patient safety")
    HTA = "hta", _("Health technology assessment")
    PROCUREMENT = "procurement", _("Procurement")
    IP = "ip", _("Intellectual property")
    TESTING = "testing", _("Testing")
    FUNDING = "funding", _("Funding")
    PARTNERS = "partners", _("Partners")
    IMPLEMENTATION = "implementation", _("Implementation")


class ProcessTemplate(Labelled):
    """The phases of one innovation type, versioned. A version in use is never changed:
    an administrator makes a new version, edits it and publishes it."""

    innovation_type = models.CharField(
        _("innovation type"), max_length=32, choices=InnovationType.choices
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("New cases start on the newest published version."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["innovation_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation_type", "version"], name="process_template_type_version"
            )
        ]
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")

    def __str__(self):
        return f"{self.label} (v{self.version})"


class TemplatePhase(Labelled):
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="phases")
    code = models.SlugField(_("code"), max_length=64)
    order = models.PositiveIntegerField(_("order"), default=0)
    generic = models.CharField(_("generic phase"), max_length=32, choices=GenericPhase.choices)
    entry_zone = models.CharField(
        _("mandate to enter"),
        max_length=8,
        choices=Zone.choices,
        default=Zone.GREEN,
        help_text=_("The lowest mandate zone of a go decision into (or past) this phase."),
    )
    decision_body = models.CharField(
        _("deciding body in red"),
        max_length=200,
        blank=True,
        help_text=_("Who decides in the red zone besides the head of the innovation unit."),
    )

    class Meta:
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="process_phase_code")
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")


class ChecklistItem(Labelled):
    """Something to check in a phase: regulation, IP, procurement, implementation, maintenance."""

    class Area(models.TextChoices):
        REGULATION = "regulation", _("Regulation")
        IP = "ip", _("IP assessment")
        PROCUREMENT = "procurement", _("Procurement track")
        IMPLEMENTATION = "implementation", _("Implementation and spread")
        MAINTENANCE = "maintenance", _("Maintenance")
        OTHER = "other", _("Other")

    phase = models.ForeignKey(TemplatePhase, on_delete=models.CASCADE, related_name="checklist")
    code = models.SlugField(_("code"), max_length=64)
    order = models.PositiveIntegerField(_("order"), default=0)
    area = models.CharField(_("area"), max_length=32, choices=Area.choices)
    help_topic = models.CharField(_("help topic"), max_length=32, choices=HelpTopic.choices)
    help_sv = models.TextField(_("guidance (Swedish)"), blank=True)
    help_en = models.TextField(_("guidance (English)"), blank=True)
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("Must be done or judged not applicable before the case leaves the phase."),
    )

    class Meta:
        ordering = ["phase", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "code"], name="process_checklist_code")
        ]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    @property
    def guidance(self):
        return self.help_en if translation.get_language() == "en" else self.help_sv


class EndOfLife(models.TextChoices):
    UNDECIDED = "undecided", _("Not decided")
    KEEP = "keep", _("Keep in use")
    REPLACE = "replace", _("Replace with another solution")
    PHASE_OUT = "phase_out", _("Phase out")


class InnovationCase(models.Model):
    """Its ``status`` is its state in the ``innovation`` workflow (``process/workflows.py``):
    every gate decision is a step of the engine, with its guards, audit and notices."""

    WORKFLOW = "innovation"
    STATE_FIELD = "status"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")
        IMPLEMENTED = "implemented", _("Implemented")

    class Procurement(models.TextChoices):
        NONE = "none", _("Not decided yet")
        NOT_NEEDED = "not_needed", _("No procurement needed")
        EARLY_DIALOGUE = "early_dialogue", _("Early dialogue with suppliers")
        INNOVATION_PROCUREMENT = "innovation_procurement", _("Innovation procurement")
        INNOVATION_PARTNERSHIP = "innovation_partnership", _("Innovation partnership")
        DYNAMIC_PURCHASING = "dynamic_purchasing", _("Dynamic purchasing system")

    class IPClaim(models.TextChoices):
        UNDECIDED = "undecided", _("Not yet assessed")
        REGION = "region", _("The region claims the rights")
        SHARED = "shared", _("Shared with a partner (agreement)")
        INNOVATOR = "innovator", _("The innovator keeps the rights")
        NONE = "none", _("No rights arise")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="innovation")
    template = models.ForeignKey(
        ProcessTemplate,
        verbose_name=_("process template"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    phase = models.ForeignKey(
        TemplatePhase,
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        related_name="leading_cases",
        help_text=_("The furthest phase the case works in; earlier phases may still be open."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    # Classification
    novelty = models.CharField(_("novelty"), max_length=16, choices=Novelty.choices)
    degree = models.CharField(_("degree"), max_length=16, choices=Degree.choices)
    directions = models.JSONField(_("strategic directions"), default=list)
    perspectives = models.JSONField(_("perspectives"), default=list)
    # People
    line_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner in the line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_innovations",
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporting advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_innovations",
    )
    # IP assessment
    ip_rights = models.CharField(
        _("rights that may arise"),
        max_length=300,
        blank=True,
        help_text=_("For example patent, copyright (software), design, trade secret."),
    )
    ip_claim = models.CharField(
        _("the region's claim"), max_length=16, choices=IPClaim.choices, default=IPClaim.UNDECIDED
    )
    ip_decision = models.TextField(_("IP decision"), blank=True)
    ip_decided_on = models.DateField(_("IP decision date"), null=True, blank=True)
    # Procurement track
    procurement = models.CharField(
        _("procurement track"),
        max_length=32,
        choices=Procurement.choices,
        default=Procurement.NONE,
    )
    procurement_note = models.TextField(_("procurement notes"), blank=True)
    # Implementation and spread plan (required before leaving development and testing)
    spread_plan = models.TextField(
        _("implementation and spread plan"),
        blank=True,
        help_text=_("Which units take it into use, when, with what support and funding."),
    )
    receiving_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving line owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_innovations",
    )
    # Maintenance (required before closing as implemented)
    maintenance_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("maintenance owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maintained_innovations",
    )
    maintenance_plan = models.TextField(_("maintenance plan"), blank=True)
    maintenance_funding = models.CharField(
        _("maintenance funding"),
        max_length=200,
        blank=True,
        help_text=_("Who pays for running the solution after the project, for example a budget."),
    )
    review_on = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("When the solution is reviewed: still useful, still safe, still funded?"),
    )
    end_of_life = models.CharField(
        _("end-of-life decision"),
        max_length=16,
        choices=EndOfLife.choices,
        default=EndOfLife.UNDECIDED,
    )
    end_of_life_note = models.TextField(_("basis of the end-of-life decision"), blank=True)

    started = models.DateTimeField(_("started"), auto_now_add=True)
    last_activity = models.DateTimeField(_("last activity"), db_index=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["-started", "-id"], name="process_case_order")]
        verbose_name = _("innovation case")
        verbose_name_plural = _("innovation cases")

    def __str__(self):
        return str(self.case)

    def get_absolute_url(self):
        return reverse("process:detail", args=[self.pk])

    @property
    def innovation_type(self):
        return self.template.innovation_type

    def get_innovation_type_display(self):
        return InnovationType(self.template.innovation_type).label

    def direction_labels(self):
        return [Direction(c).label for c in self.directions if c in Direction.values]

    def perspective_labels(self):
        return [Perspective(c).label for c in self.perspectives if c in Perspective.values]


class PhaseRun(models.Model):
    """A period in which the case worked in a phase. Periods may overlap; going back opens a
    new period of an earlier phase."""

    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="runs")
    phase = models.ForeignKey(TemplatePhase, on_delete=models.PROTECT, related_name="runs")
    started = models.DateField(_("from"))
    ended = models.DateField(_("until"), null=True, blank=True)
    reopened = models.BooleanField(_("went back"), default=False)

    class Meta:
        ordering = ["started", "id"]
        indexes = [models.Index(fields=["innovation", "ended"])]

    def __str__(self):
        return f"{self.phase} {self.started}–{self.ended or ''}"


class GateDecision(models.Model):
    class Decision(models.TextChoices):
        GO = "go", pgettext_lazy("gate decision", "Go")
        BACK = "back", pgettext_lazy("gate decision", "Go back")
        PAUSE = "pause", pgettext_lazy("gate decision", "Pause")
        STOP = "stop", pgettext_lazy("gate decision", "Stop")

    Zone = Zone

    innovation = models.ForeignKey(
        InnovationCase, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    from_phase = models.ForeignKey(
        TemplatePhase, on_delete=models.PROTECT, related_name="+", verbose_name=_("from phase")
    )
    to_phase = models.ForeignKey(
        TemplatePhase,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("to phase"),
    )
    overlap = models.BooleanField(_("keep working in the current phase"), default=False)
    basis = models.TextField(_("basis for the decision"))
    zone = models.CharField(_("mandate zone"), max_length=8, choices=Zone.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decision date"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by (line manager)"),
    )
    created = models.DateTimeField(auto_now_add=True)
    closes_case = models.BooleanField(default=False)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.get_decision_display()} {self.decided_on}"


class GateRequest(models.Model):
    """A yellow-zone gate decision waiting for the named line manager's approval in Slussen.
    Approved, it becomes the gate decision; refused, the case stays where it is."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    innovation = models.ForeignKey(
        InnovationCase, on_delete=models.CASCADE, related_name="gate_requests"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=GateDecision.Decision.choices)
    to_phase = models.ForeignKey(
        TemplatePhase, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    overlap = models.BooleanField(default=False)
    basis = models.TextField(_("basis for the decision"))
    zone = models.CharField(_("mandate zone"), max_length=8, choices=Zone.choices)
    decided_on = models.DateField(_("decision date"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="gate_requests_to_approve",
        verbose_name=_("line manager"),
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    answer = models.TextField(_("the manager's answer"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    answered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation"],
                condition=models.Q(state="pending"),
                name="process_one_pending_gate_request",
            )
        ]

    def __str__(self):
        return f"{self.innovation} {self.decision} → {self.manager}"


class ChecklistAnswer(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Not done")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["innovation", "item"], name="process_answer_unique")
        ]

    # The workspace

    def __str__(self):
        return f"{self.item} {self.state}"


class Participant(models.Model):
    innovation = models.ForeignKey(
        InnovationCase, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role in the case"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return self.name


class Task(models.Model):
    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due = models.DateField(_("due date"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due", "id"]

    def __str__(self):
        return self.title


class Funding(models.Model):
    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(_("funder"), max_length=200)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=0)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    co_financing = models.DecimalField(
        _("co-financing (SEK)"), max_digits=14, decimal_places=0, default=0
    )
    co_financing_by = models.CharField(_("co-financed by"), max_length=200, blank=True)

    class Meta:
        ordering = ["period_start", "id"]

    def __str__(self):
        return f"{self.funder} {self.amount}"


class Indicator(models.Model):
    innovation = models.ForeignKey(
        InnovationCase, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    # Optionally the unit of care measured, one of the case's roll-out units: the chart then
    # shows one series per unit.
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit of care"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the case as a whole. A unit of the roll-out plan: followed per unit."),
    )

    class Meta:
        ordering = ["measured_on", "id"]

    def __str__(self):
        return f"{self.indicator} {self.measured_on}: {self.value}"


class TestRecord(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Test plan")
        RESULT = "result", _("Test result")

    __test__ = False  # not a pytest class

    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    tested_on = models.DateField(_("date"))
    environment = models.CharField(
        _("test environment"), max_length=200, blank=True, help_text=_("Unit or testbed.")
    )
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # An update of the fields its document is made of writes the document again (no signal).
    objects = IndexedQuerySet.as_manager()

    class Meta:
        ordering = ["-tested_on", "-id"]
        # The results search's order: a page of a common word's matches is met walking it.
        indexes = [models.Index(fields=["tested_on", "id"], name="process_test_day")]

    def __str__(self):
        return self.title


class RolloutWave(models.Model):
    """A step of the roll-out plan: the units that take the solution into use together."""

    innovation = models.ForeignKey(InnovationCase, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("wave"), max_length=200)
    planned_start = models.DateField(_("planned start"))

    class Meta:
        ordering = ["planned_start", "id"]

    def __str__(self):
        return self.name


class Adoption(models.Model):
    """A target unit of the roll-out plan. Its ``status`` is its state in the ``adoption``
    workflow (``process/workflows.py``); every step is kept in :class:`AdoptionStep`."""

    WORKFLOW = "adoption"
    STATE_FIELD = "status"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Preparing")
        IN_USE = "in_use", _("In use")
        ENDED = "ended", _("Stopped")

    innovation = models.ForeignKey(
        InnovationCase, on_delete=models.CASCADE, related_name="adoptions"
    )
    unit = models.ForeignKey(
        Organisation, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    wave = models.ForeignKey(
        RolloutWave,
        verbose_name=_("wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    pilot = models.BooleanField(
        _("pilot unit"),
        default=False,
        help_text=_("Where the solution was tested. The pilot alone does not make a roll-out."),
    )
    planned_on = models.DateField(_("planned in use"), null=True, blank=True)
    adopted_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pilot", "planned_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "unit"], name="process_adoption_unit")
        ]

    def __str__(self):
        return f"{self.innovation.case.title} – {self.unit.name}"

    def get_absolute_url(self):
        return reverse("process:adoption", args=[self.innovation_id, self.pk])

    @property
    def case(self):
        return self.innovation.case

    @property
    def title(self):
        return f"{self.innovation.case.title}, {self.unit.name}"


class AdoptionStep(models.Model):
    """One dated step of a unit's adoption: planned, preparing, in use, stopped – who took it."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=16, choices=Adoption.Status.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.adoption} {self.status} {self.on}"


class Showcase(models.Model):
    """The public words of an innovation in maintenance or rolled out (*Infört i regionen*),
    written for other regions by its advisor in Swedish and English. Only what is written here
    and the case's public facts (title, units using it, indicators) reach the public showcase;
    a case that is not fully public never does."""

    innovation = models.OneToOneField(
        InnovationCase, on_delete=models.CASCADE, related_name="showcase"
    )
    problem_sv = models.TextField(_("the problem (Swedish)"))
    problem_en = models.TextField(_("the problem (English)"), blank=True)
    solution_sv = models.TextField(_("the solution (Swedish)"))
    solution_en = models.TextField(_("the solution (English)"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")

    def __str__(self):
        return str(self.innovation)

    def _in_language(self, sv, en):
        return en if translation.get_language() == "en" and en else sv

    @property
    def problem(self):
        return self._in_language(self.problem_sv, self.problem_en)

    @property
    def solution(self):
        return self._in_language(self.solution_sv, self.solution_en)
