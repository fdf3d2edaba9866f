"""Reads of challenges shared by the pages and the start page."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils import timezone

from slussen.cases.models import Case
from slussen.cases.rules import public_title
from slussen.cases.rules import visible_q as cases_visible_q
from slussen.core.scoring import summarise
from slussen.intake.rules import shared_q

from .models import Challenge, Criterion, Entry, Review, Score
from .rules import scoring_q, visible_q


def challenges(user):
    """The challenges this person may see, open ones first (the soonest closing first)."""
    scope = visible_q(user)
    qs = Challenge.objects.select_related("state", "organisation")
    return (qs if scope is None else qs.filter(scope)).distinct()


def open_now(user):
    today = timezone.localdate()
    return (
        challenges(user)
        .filter(state__code="open", opens_on__lte=today, closes_on__gte=today)
        .order_by("closes_on", "pk")
    )


def ideas(challenge, user):
    """The ideas sent to ``challenge`` that this person may read: the cases they may see
    (their own, their unit's, the panel's and owner's), and for employees the colleagues'
    ideas shared with them – never a secret case, never one's name to the public."""
    entries = challenge.entries.select_related("case__state").order_by("created", "pk")
    scope = cases_visible_q(user)
    if scope is None:
        return entries
    if user.is_authenticated and not user.is_external:
        scope |= shared_q()
    return entries.filter(case__in=Case.objects.filter(scope).values("pk"))


def chosen(challenge) -> list:
    """The ideas chosen when the challenge was decided, named to every reader as the public
    register names them (``cases.rules.public_title``: the title of a public case only)."""
    entries = list(
        challenge.entries.filter(outcome=Entry.Outcome.CHOSEN)
        .select_related("case")
        .order_by("case__registry_year", "case__registry_seq", "pk")
    )
    for entry in entries:
        entry.case.public_title = public_title(entry.case)
    return entries


def ranking(challenge):
    """Every idea of the challenge with its panel summary (weighted mean, spread), the best
    first; and the criteria with their means. A fixed number of queries whatever the size."""
    criteria = list(Criterion.objects.filter(challenge=challenge))
    weights = {c.pk: c.weight for c in criteria}
    reviews = Review.objects.select_related("expert").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )
    entries = list(
        challenge.entries.select_related("case__state").prefetch_related(
            Prefetch("reviews", queryset=reviews)
        )
    )
    for entry in entries:
        entry.summary = summarise(entry.reviews.all(), weights)
    entries.sort(key=lambda e: (-(e.summary.weighted or 0), e.created, e.pk))
    return entries, criteria


def to_score(user):
    """Ideas waiting for this panel member's scores, in challenges being evaluated."""
    return Entry.objects.filter(_to_score_q(user)).select_related("challenge", "case")


def _to_score_q(user) -> Q:
    if not user.is_authenticated or user.is_external:
        return Q(pk__in=[])
    scored = Review.objects.filter(
        entry_id=OuterRef("pk"), expert_id=user.pk, submitted_at__isnull=False
    )
    panels = Challenge.objects.filter(scoring_q(user)).values("pk")
    return Q(challenge__in=panels) & ~Q(Exists(scored))


def start_entries(user):
    """For the start page, in one query: the ideas waiting for this person's scores (first,
    ``to_score`` true) and the ideas they sent to challenges, with where each stands."""
    return (
        Entry.objects.annotate(
            to_score=ExpressionWrapper(_to_score_q(user), output_field=BooleanField())
        )
        .filter(Q(case__submitter=user) | Q(to_score=True))
        .select_related("challenge__state", "case")
        .order_by("-to_score", "-created", "-pk")
    )
