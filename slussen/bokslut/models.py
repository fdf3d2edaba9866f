from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import WorkflowState

from .rubric import DIMENSIONS, Direction

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SurveyRound(models.Model):
    """The annual survey for one year, sent to every reporting organisation."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    due = models.DateField(pgettext_lazy("bokslut", "due date"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self):
        return str(self.year)


class Response(models.Model):
    """One organisation's answer for one year: part 1 per direction, part 2 the maturity."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="bokslut_responses",
    )
    state = models.ForeignKey(
        WorkflowState, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+"
    )
    integrated = models.TextField(Direction.INTEGRATED.label, blank=True)
    internal = models.TextField(Direction.INTERNAL.label, blank=True)
    testbeds = models.TextField(Direction.TESTBEDS.label, blank=True)
    procurement = models.TextField(Direction.PROCUREMENT.label, blank=True)
    score_strategy = models.PositiveSmallIntegerField(
        DIMENSIONS[0].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_organisation = models.PositiveSmallIntegerField(
        DIMENSIONS[1].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_process = models.PositiveSmallIntegerField(
        DIMENSIONS[2].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_collaboration = models.PositiveSmallIntegerField(
        DIMENSIONS[3].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_culture = models.PositiveSmallIntegerField(
        DIMENSIONS[4].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_followup = models.PositiveSmallIntegerField(
        DIMENSIONS[5].label, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    overall = models.DecimalField(
        _("overall maturity"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("5.0"))],
    )
    overall_reason = models.TextField(_("why the overall level differs"), blank=True)
    comment = models.TextField(_("comment on the maturity"), blank=True)
    cases = models.ManyToManyField(Case, through="ResponseCase", related_name="+", blank=True)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correcting = models.BooleanField(_("reopened as a correction"), default=False)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="bokslut_one_per_org")
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.round.year} {self.organisation}"

    def text_for(self, direction):
        return getattr(self, direction)


class ResponseCase(models.Model):
    """A case in Slussen given as an example of the year's work in one direction."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="examples")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=16, choices=Direction.choices)

    class Meta:
        ordering = ["direction", "case__registry_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "case", "direction"], name="bokslut_example_once"
            )
        ]

    def __str__(self):
        return f"{self.response} {self.direction}: {self.case}"


class ReportText(models.Model):
    """A narrative section of the year's report, written by the coordinator."""

    year = models.PositiveIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=32)
    body = models.TextField(_("text"), blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "section"], name="bokslut_text_once")
        ]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")

    def __str__(self):
        return f"{self.year} {self.section}"


def edition_path(edition, filename):
    return f"bokslut/{edition.year}/edition-{edition.number}/{filename}"


class Edition(models.Model):
    """A published edition of a year's report, frozen: its figures, its organisations' answers,
    its pages and files as they were published. Corrections make a new edition; every edition
    stays readable. The files go through Django's storage API (object storage works too)."""

    LANGUAGES = ("sv", "en")

    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("edition"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.TextField(_("what changed"), blank=True)
    figures = models.JSONField(default=dict)  # language -> the report's tables as published
    answers = models.JSONField(default=list)  # the organisations' submitted answers
    texts = models.JSONField(default=dict)  # the coordinator's narrative texts
    html_sv = models.FileField(upload_to=edition_path, max_length=255)
    html_en = models.FileField(upload_to=edition_path, max_length=255)
    pdf_sv = models.FileField(upload_to=edition_path, max_length=255)
    pdf_en = models.FileField(upload_to=edition_path, max_length=255)
    xlsx_sv = models.FileField(upload_to=edition_path, max_length=255)
    xlsx_en = models.FileField(upload_to=edition_path, max_length=255)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="bokslut_edition_once")
        ]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self):
        return f"{self.year}:{self.number}"

    def file(self, kind, language):
        language = language if language in self.LANGUAGES else "sv"
        return getattr(self, f"{kind}_{language}")

    def html(self, language) -> str:
        with self.file("html", language).open("rb") as f:
            return f.read().decode()

    def answers_of(self, organisation_id):
        return next((a for a in self.answers if a["organisation_id"] == organisation_id), None)


class FundHistory(models.Model):
    """The innovation fund's figures from before Slussen, for one year or a period, imported
    with their source, so that the report's "since the start" is computed rather than typed."""

    first_year = models.PositiveIntegerField(_("from year"))
    last_year = models.PositiveIntegerField(_("to year"))
    applications = models.PositiveIntegerField(_("applications"))
    granted = models.PositiveIntegerField(_("granted"))
    amount = models.PositiveBigIntegerField(_("granted amount (SEK)"), null=True, blank=True)
    source = models.TextField(_("source"))
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["first_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_year", "last_year"], name="bokslut_history_once")
        ]
        verbose_name = _("fund history")
        verbose_name_plural = _("fund history")

    def __str__(self):
        return f"{self.first_year}–{self.last_year}"
