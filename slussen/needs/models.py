"""The needs board (*behov*): a need published from a case for employees, companies or the
public, and the answers companies give to it.

A need is written in its own words by the case's advisor; the board never reads the case's
title or description, so nothing secret in the case reaches it. Its ``state`` is its place in
the ``need`` workflow (``workflows.py``): the unit's manager approves it before it is published.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import WorkflowState, in_reader_language


class Audience(models.TextChoices):
    EMPLOYEES = "employees", _("Employees of the region")
    COMPANIES = "companies", _("Companies")
    PUBLIC = "public", _("Everyone")


class Need(models.Model):
    WORKFLOW = "need"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="needs")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    who = models.TextField(_("who has the need"))
    requirements = models.TextField(_("what a solution must fulfil"))
    offer = models.TextField(
        _("what the unit offers"),
        blank=True,
        help_text=_("For example a test environment, data, clinical time."),
    )
    title_en = models.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages; without it they show the Swedish title."),
    )
    problem_en = models.TextField(_("the problem, in English"), blank=True)
    who_en = models.TextField(_("who has the need, in English"), blank=True)
    requirements_en = models.TextField(_("what a solution must fulfil, in English"), blank=True)
    offer_en = models.TextField(_("what the unit offers, in English"), blank=True)
    deadline = models.DateField(_("answers by"))
    audience = models.CharField(_("for"), max_length=16, choices=Audience.choices)
    state = models.ForeignKey(WorkflowState, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="needs_written"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Closed because its case ended or was made secret (``services.withdraw_with_case``), not
    # by its handler: when the case is opened again its handlers are told, and may take the
    # need up again (``reopen``: a draft the manager approves before it is published again).
    withdrawn_with_case = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs:detail", args=[self.pk])

    # The need's own words in the reader's language: the English ones on English pages when
    # the advisor gave them, the Swedish ones otherwise.
    @property
    def local_title(self) -> str:
        return in_reader_language(self.title, self.title_en)

    @property
    def local_problem(self) -> str:
        return in_reader_language(self.problem, self.problem_en)

    @property
    def local_who(self) -> str:
        return in_reader_language(self.who, self.who_en)

    @property
    def local_requirements(self) -> str:
        return in_reader_language(self.requirements, self.requirements_en)

    @property
    def local_offer(self) -> str:
        return in_reader_language(self.offer, self.offer_en)


class Answer(models.Model):
    """A company's solution proposal to a need; one per company and need."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        SHORTLISTED = "shortlisted", _("Shortlisted for early dialogue")
        DECLINED = "declined", _("Not taken further")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="answers")
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposal = models.TextField(_("your solution"))
    fulfils = models.TextField(_("how it fulfils the requirements"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "company"], name="needs_answer_company")
        ]

    def __str__(self):
        return f"{self.company} → {self.need}"
