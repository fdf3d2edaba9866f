from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import WorkflowState, WorkflowTransition


class Direction(models.TextChoices):
    """The four strategic directions of the region's innovation strategy (seed 001)."""

    INTEGRATED = "integrated", _("Integrated innovation")
    INTERNAL = "internal", _("Internal development")
    TESTBEDS = "testbeds", _("Test environments")
    PROCUREMENT = "procurement", _("Innovation and procurement")


class Project(models.Model):
    """A region-wide strategic project: proposed by the coordination group, commented by group
    management, decided by the committee (workflow ``strategic``)."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    state = models.ForeignKey(
        WorkflowState, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+"
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_strategic_projects",
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="strategic_projects",
    )
    partners = models.CharField(
        _("external partners"),
        max_length=300,
        blank=True,
        help_text=_("Companies, universities and others outside the region."),
    )
    start_year = models.PositiveIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveIntegerField(_("end year"), null=True, blank=True)
    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategic_project",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("strategic project")
        verbose_name_plural = _("strategic projects")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategic:detail", args=[self.pk])

    @property
    def direction_codes(self):
        return [d.code for d in self.directions.all()]

    @property
    def direction_labels(self):
        return [Direction(d.code).label for d in self.directions.all()]


class ProjectDirection(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="directions")
    code = models.CharField(max_length=16, choices=Direction.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="project_direction_unique")
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.code


class Funding(models.Model):
    """External funding of a project (EU, Vinnova, Tillväxtverket …)."""

    class Currency(models.TextChoices):
        SEK = "SEK", "SEK"
        EUR = "EUR", "EUR"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(_("funder"), max_length=200)
    programme = models.CharField(_("programme or call"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Leave empty if the amount is not known."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    start_year = models.PositiveIntegerField(_("from year"))
    end_year = models.PositiveIntegerField(_("to year"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_year", "id"]
        verbose_name = _("external funding")
        verbose_name_plural = _("external funding")

    def __str__(self):
        return f"{self.funder} {self.amount or ''} {self.currency}"


class Step(models.Model):
    """One recorded step of the decision path: who said what, when, with which reference."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    transition = models.ForeignKey(WorkflowTransition, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"))
    occurred_on = models.DateField(_("date of the meeting or decision"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.project_id} {self.transition}"
