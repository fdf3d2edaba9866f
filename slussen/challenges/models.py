"""Challenges (*utmaningar*): a time-boxed campaign on a theme, for employees, companies or the
public. Ideas sent to a challenge are intake cases like any other (``Entry`` records which
challenge a case answers); a small panel scores them against the challenge's weighted criteria
with the review mechanism the fund uses (``slussen.core.scoring``); the owner moves the chosen
ones into the innovation process and every participant is told the outcome.

A challenge's ``state`` is its place in the ``challenge`` workflow (``workflows.py``):
draft → open → evaluating → decided.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import Labelled, WorkflowState, in_reader_language
from slussen.needs.models import Audience

__all__ = ["Audience", "Challenge", "Criterion", "Entry", "Review", "Score"]


class Challenge(models.Model):
    WORKFLOW = "challenge"

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("The theme, why it matters and what kind of ideas you seek.")
    )
    title_en = models.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages; without it they show the Swedish title."),
    )
    description_en = models.TextField(
        _("description in English"),
        blank=True,
        help_text=_("Shown on the English pages; without it they show the Swedish description."),
    )
    audience = models.CharField(_("for"), max_length=16, choices=Audience.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("running organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The ideas go to this organisation's innovation unit, which triages them."),
    )
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"), help_text=_("The last day ideas are taken."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="challenges_owned",
        help_text=_("Chooses the ideas that go into the innovation process."),
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("panel"), blank=True, related_name="+"
    )
    state = models.ForeignKey(WorkflowState, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_written"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenges:detail", args=[self.pk])

    @property
    def local_title(self) -> str:
        """The title in the reader's language: the English one on English pages when the
        owner gave it, the Swedish one otherwise."""
        return in_reader_language(self.title, self.title_en)

    @property
    def local_description(self) -> str:
        return in_reader_language(self.description, self.description_en)

    def takes_ideas(self, today=None) -> bool:
        """Open, and today between its first and last day."""
        today = today or timezone.localdate()
        return self.state.code == "open" and self.opens_on <= today <= self.closes_on


class Criterion(Labelled):
    """An evaluation criterion; the panel scores each 1–5; the weighted mean ranks the ideas."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField(default=0)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["challenge", "order", "id"]


class Entry(models.Model):
    """A case sent in to a challenge, and what the owner decided of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        CHOSEN = "chosen", _("Chosen – goes into the innovation process")
        NOT_CHOSEN = "not_chosen", _("Not chosen this time")

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="entries")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="challenge_entry")
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("idea in a challenge")
        verbose_name_plural = _("ideas in challenges")

    def __str__(self):
        return f"{self.challenge_id}: {self.case_id}"


class Review(models.Model):
    """One panel member's scores of one idea (the shape ``core.scoring`` reads)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panel member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    has_conflict = models.BooleanField(default=False)
    recommendation = models.CharField(max_length=24, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "expert"], name="challenges_review_once")
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.expert_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="challenges_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="challenges_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"
