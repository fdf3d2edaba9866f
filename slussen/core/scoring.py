"""Scoring against weighted criteria by a group of reviewers: what the innovation fund's expert
review and a challenge's panel have in common.

Each keeps its own tables (a criterion with ``weight``; a review with ``expert``,
``has_conflict``, ``submitted_at``, ``recommendation`` and ``scores``; a score with
``criterion``, ``value`` and ``comment``); this module holds what is the same for both: the
scoring form, the check that every criterion is scored 1–5, saving a review's scores, and the
summary of the reviews of one item (weighted mean, spread between reviewers).
"""

from dataclasses import dataclass, field
from statistics import mean, pstdev

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import LONG_TEXT

LOW, HIGH = 1, 5


@dataclass
class ScoreSummary:
    """Mean and spread of the reviewers' scores for one item."""

    reviews: int = 0
    conflicts: int = 0
    mean: float | None = None
    low: float | None = None  # the lowest and highest reviewer's mean
    high: float | None = None
    # How far the reviewers disagree: per criterion, the standard deviation of the reviewers'
    # scores; here their mean over the criteria (the criteria differing among themselves is
    # no disagreement).
    stdev: float | None = None
    by_criterion: dict = field(default_factory=dict)  # criterion id -> mean
    spread_by_criterion: dict = field(default_factory=dict)  # criterion id -> stdev
    weighted: float | None = None  # the criteria's means weighted by their weights
    recommendations: dict = field(default_factory=dict)  # code -> how many reviewers
    comments: list = field(default_factory=list)  # (reviewer, criterion, comment)


def weighted_mean(means: dict, weights: dict):
    """``means``: criterion id -> mean score; ``weights``: criterion id -> weight (1 if absent)."""
    total = sum(weights.get(c, 1) for c in means)
    return round(sum(m * weights.get(c, 1) for c, m in means.items()) / total, 2)


def summarise(reviews, weights=None) -> ScoreSummary:
    """The summary of one item's reviews (with their ``scores`` prefetched)."""
    summary = ScoreSummary()
    per_expert, values, per_criterion = [], [], {}
    for review in reviews:
        if review.has_conflict:
            summary.conflicts += 1
            continue
        scores = list(review.scores.all())
        if review.submitted_at is None or not scores:
            continue
        summary.reviews += 1
        if review.recommendation:
            summary.recommendations[review.recommendation] = (
                summary.recommendations.get(review.recommendation, 0) + 1
            )
        per_expert.append(mean(s.value for s in scores))
        for s in scores:
            values.append(s.value)
            per_criterion.setdefault(s.criterion_id, []).append(s.value)
            if s.comment:
                summary.comments.append((review.expert, s.criterion, s.comment))
    if values:
        summary.mean = round(mean(values), 2)
        summary.low, summary.high = round(min(per_expert), 2), round(max(per_expert), 2)
        summary.by_criterion = {k: round(mean(v), 2) for k, v in per_criterion.items()}
        summary.spread_by_criterion = {k: round(pstdev(v), 2) for k, v in per_criterion.items()}
        summary.stdev = round(mean(pstdev(v) for v in per_criterion.values()), 2)
        summary.weighted = weighted_mean(
            {k: mean(v) for k, v in per_criterion.items()}, weights or {}
        )
    return summary


def check_scores(criteria, scores: dict) -> None:
    """``scores``: {criterion id: (value, comment)}; every criterion, each from 1 to 5."""
    if {c.pk for c in criteria} != set(scores) or any(
        not LOW <= value <= HIGH for value, _c in scores.values()
    ):
        raise ValidationError(_("Score every criterion from 1 to 5."))


def save_scores(review, criteria, scores: dict, score_model, *, recommendation="") -> None:
    """Replace the review's scores with ``scores`` (checked) and mark it submitted; inside the
    caller's transaction, with the review locked."""
    check_scores(criteria, scores)
    review.scores.all().delete()
    score_model.objects.bulk_create(
        score_model(review=review, criterion=c, value=scores[c.pk][0], comment=scores[c.pk][1])
        for c in criteria
    )
    review.submitted_at = timezone.now()
    review.recommendation = recommendation
    review.save(update_fields=["submitted_at", "recommendation"])


class ScoreForm(forms.Form):
    """A score 1–5 and a comment per criterion, and a recommendation when ``recommendations``
    (choices) are given."""

    def __init__(self, *args, criteria, recommendations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = []
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.label,
                choices=[(str(i), str(i)) for i in range(LOW, HIGH + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=gettext_lazy("1 = weak, 5 = excellent"),
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": c.label},
                max_length=LONG_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.criteria.append((self[f"score_{c.pk}"], self[f"comment_{c.pk}"]))
        if recommendations:
            self.fields["recommendation"] = forms.ChoiceField(
                label=gettext_lazy("Your recommendation"),
                choices=recommendations,
                widget=forms.RadioSelect,
            )

    def scores(self, criteria):
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"].strip())
            for c in criteria
        }

    @staticmethod
    def initial_from(review) -> dict:
        """The form's initial values from a review already given (or ``None``)."""
        initial = {}
        if review is not None:
            initial["recommendation"] = review.recommendation
            for s in review.scores.all():
                initial[f"score_{s.criterion_id}"] = str(s.value)
                initial[f"comment_{s.criterion_id}"] = s.comment
        return initial


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name_sv = forms.CharField(
        label=gettext_lazy("Criterion (Swedish)"), max_length=200, required=False
    )
    name_en = forms.CharField(
        label=gettext_lazy("Criterion (English)"), max_length=200, required=False
    )
    weight = forms.IntegerField(
        label=gettext_lazy("Weight"), min_value=1, max_value=10, initial=1, required=False,
        help_text=gettext_lazy("1–10; the overview ranks by the weighted mean."),
    )  # fmt: skip

    def clean_weight(self):
        return self.cleaned_data.get("weight") or 1


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1)


def set_criteria(owner_field: str, owner, model, score_model, rows) -> list:
    """Set the criteria (``model`` rows pointing at ``owner`` through ``owner_field``) and their
    weights (1–10) from ``rows`` (dicts: id, name_sv, name_en, weight). A criterion already
    scored is kept (it can be renamed and reweighted, not removed). Returns the ids kept; in
    the caller's transaction."""
    rows = [r for r in rows if (r.get("name_sv") or "").strip()]
    if not rows:
        raise ValidationError(_("At least one criterion is needed."))
    if any(not 1 <= int(r.get("weight") or 0) <= 10 for r in rows):
        raise ValidationError(_("A weight is a whole number from 1 to 10."))
    existing = {c.pk: c for c in model.objects.filter(**{owner_field: owner})}
    kept = []
    for order, row in enumerate(rows):
        criterion = existing.get(row.get("id")) or model(**{owner_field: owner})
        criterion.order = order
        criterion.name_sv = row["name_sv"].strip()
        criterion.name_en = (row.get("name_en") or "").strip()
        criterion.weight = int(row["weight"])
        criterion.save()
        kept.append(criterion.pk)
    gone = model.objects.filter(**{owner_field: owner}).exclude(pk__in=kept)
    scored = set(score_model.objects.filter(criterion__in=gone).values_list("criterion", flat=True))
    gone.exclude(pk__in=scored).delete()
    return kept
