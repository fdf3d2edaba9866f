"""Reviewers per application: assigned by hand or balanced automatically with conflicts of
interest respected, a review deadline with reminders, a recommendation beside the scores,
and weighted criteria that rank the overview."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.core.models import Notification
from slussen.fund import selectors, services
from slussen.fund.models import Assignment

from .factories import make_application, make_call


@pytest.fixture
def two_experts(world):
    """A call with two experts, one reviewer per application."""
    Membership.objects.create(user=world.advisor, organisation=world.rlk, role="expert")
    call = make_call(world, reviewers_per_application=1)
    call.experts.set([world.expert, world.advisor])
    return call


def _assigned(app):
    return set(Assignment.objects.filter(application=app).values_list("expert_id", flat=True))


def test_reviewer_assignment_is_balanced_and_an_unassigned_expert_cannot_see_or_review(
    world, two_experts, client
):
    first = make_application(world, two_experts, state="review")
    second = make_application(world, two_experts, state="review")
    assert _assigned(first) | _assigned(second) == {world.expert.pk, world.advisor.pk}
    assert len(_assigned(first)) == len(_assigned(second)) == 1
    mine = first if world.expert.pk in _assigned(first) else second
    other = second if mine is first else first
    client.force_login(world.expert)
    assert client.get(reverse("fund:review", args=[mine.pk])).status_code == 200
    assert client.get(reverse("fund:application", args=[other.pk])).status_code == 404
    assert client.get(reverse("fund:review", args=[other.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.declare(other, world.expert, has_conflict=False)
    queue = {a.pk for a in selectors.review_queue(world.expert)}
    assert queue == {mine.pk}


def test_reviewer_assignment_replaces_a_conflicted_expert_and_never_assigns_them_again(
    world, two_experts, client
):
    app = make_application(world, two_experts, state="review")
    (first,) = _assigned(app)
    conflicted = world.expert if first == world.expert.pk else world.advisor
    free = world.advisor if conflicted == world.expert else world.expert
    services.declare(app, conflicted, has_conflict=True, note="Jag känner projektledaren.")
    assert _assigned(app) == {free.pk}  # replaced at once
    assert Notification.objects.filter(recipient=free, kind="fund.review_assigned").exists()
    # The coordinator cannot put the conflicted expert back, by hand or automatically.
    with pytest.raises(ValidationError):
        services.assign_reviewers(app, world.coordinator, [conflicted, free])
    assert _assigned(app) == {free.pk}
    services.assign_automatically(two_experts, world.coordinator)
    assert _assigned(app) == {free.pk}


def test_reviewer_assignment_by_hand_is_the_coordinators(world, two_experts, client):
    app = make_application(world, two_experts, state="review")
    url = reverse("fund:reviewers", args=[app.pk])
    data = {"experts": [world.expert.pk, world.advisor.pk]}
    client.force_login(world.expert)
    assert client.post(url, data).status_code in (403, 404)
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert _assigned(app) == {world.expert.pk, world.advisor.pk}
    # Someone who is not an expert is refused in words.
    response = client.post(url, {"experts": [world.employee.pk]})
    assert response.status_code == 400
    assert _assigned(app) == {world.expert.pk, world.advisor.pk}


def test_reviewer_assignment_reminds_before_the_deadline_and_not_after_the_review(world, call):
    call.review_deadline = timezone.now() + timedelta(days=2)
    call.save()
    app = make_application(world, call, state="review")
    assert services.send_review_reminders() == 1
    assert services.send_review_reminders() == 0  # once, not at every run
    notice = Notification.objects.get(recipient=world.expert, kind="fund.review_due")
    assert app.title in notice.title
    services.declare(app, world.expert, has_conflict=False)
    services.score(
        app, world.expert, {c.pk: (4, "") for c in call.criteria.all()}, recommendation="grant"
    )
    later = timezone.now() + timedelta(days=5)
    assert services.send_review_reminders(now=later) == 0


def test_reviewer_assignment_recommendation_is_given_beside_the_scores(world, call, client):
    app = make_application(world, call, state="review")
    services.declare(app, world.expert, has_conflict=False)
    client.force_login(world.expert)
    data = {"step": "score"}
    for c in call.criteria.all():
        data[f"score_{c.pk}"] = "4"
    url = reverse("fund:review", args=[app.pk])
    assert client.post(url, data).status_code == 400  # no recommendation
    data["recommendation"] = "grant_with_changes"
    assert client.post(url, data).status_code == 302
    review = app.reviews.get()
    assert review.recommendation == "grant_with_changes"
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:decide", args=[app.pk])).text
    assert "Bevilja med ändringar" in page


def test_weighted_criteria_rank_the_overview(world, call, client):
    need = call.criteria.get(order=0)
    services.set_criteria(
        call,
        world.coordinator,
        [{"id": c.pk, "name_sv": c.name_sv, "name_en": c.name_en,
          "weight": 3 if c == need else 1} for c in call.criteria.all()],
    )  # fmt: skip
    strong_need = make_application(world, call, state="review")
    even = make_application(world, call, state="review")
    for app, values in ((strong_need, [5, 1, 1, 1]), (even, [1, 3, 3, 3])):
        services.declare(app, world.expert, has_conflict=False)
        criteria = list(call.criteria.all())
        services.score(
            app, world.expert, {c.pk: (v, "") for c, v in zip(criteria, values, strict=True)}
        )
    # Plain means: 2.0 and 2.5; weighted (3:1:1:1): 3.0 and 2.0.
    summary = selectors.application_scores(strong_need)[0]
    assert summary.weighted == 3.0
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:overview", args=[call.pk])).text
    assert page.index(strong_need.get_absolute_url()) < page.index(even.get_absolute_url())


def test_weighted_criteria_are_set_on_the_calls_page_by_the_coordinator_only(world, call, client):
    url = reverse("fund:call_criteria", args=[call.pk])
    criteria = list(call.criteria.all())
    data = {"criteria-TOTAL_FORMS": len(criteria) + 1, "criteria-INITIAL_FORMS": len(criteria)}
    for i, c in enumerate(criteria):
        row = {"id": c.pk, "name_sv": c.name_sv, "name_en": c.name_en, "weight": i + 1}
        data.update({f"criteria-{i}-{k}": v for k, v in row.items()})
    client.force_login(world.expert)
    assert client.post(url, data).status_code == 403
    client.force_login(world.coordinator)
    assert client.post(url, {**data, "criteria-0-weight": "11"}).status_code == 400
    assert client.post(url, {**data, "criteria-0-weight": "tre"}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert [c.weight for c in call.criteria.all()] == [1, 2, 3, 4]
