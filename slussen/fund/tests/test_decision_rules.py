"""The money rules of the decision meeting: the call's budget holds unless the head of the fund
(an administrator) overrides it with a written reason; no grant exceeds what was asked unless
the decider writes why."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.core.models import AuditEvent
from slussen.fund import selectors, services
from slussen.fund.models import Application

from .factories import make_application


def _big(world, call):
    """An application in review asking SEK 7 340 000."""
    app = make_application(world, call, state="review")
    line = app.budget_lines.first()
    line.amount = 7_100_000 + line.amount
    line.save()
    return app


def test_the_budget_cap_cannot_be_passed_by_ticking_a_box(world, call, client):
    first = _big(world, call)
    second = make_application(world, call, state="review")
    services.decide(first, world.coordinator, grant=True, amount=7_300_000, motivation="Bra.")
    # The coordinator ticks the box: refused, in the service and on the page.
    with pytest.raises(PermissionDenied):
        services.decide(
            second, world.coordinator, grant=True, amount=240_000, motivation="Bra.",
            override=True, override_reason="Viktigt.",
        )  # fmt: skip
    client.force_login(world.coordinator)
    response = client.post(
        reverse("fund:decide", args=[second.pk]),
        {"decision": "grant", "amount": 240_000, "motivation": "Bra.", "override": "on",
         "override_reason": "Viktigt."},
    )  # fmt: skip
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.state.code == "review" and second.granted_amount is None
    # The head of the fund overrides, but only with a reason.
    with pytest.raises(ValidationError):
        services.decide(
            second, world.admin, grant=True, amount=240_000, motivation="Bra.", override=True
        )
    services.decide(
        second, world.admin, grant=True, amount=240_000, motivation="Bra.", override=True,
        override_reason="Regionstyrelsen har skjutit till medel.",
    )  # fmt: skip
    second.refresh_from_db()
    assert second.budget_override and second.state.code == "granted"
    logged = AuditEvent.objects.get(action="fund.budget_override")
    assert logged.actor == world.admin and logged.data["total"] == 7_540_000
    assert logged.data["reason"] == "Regionstyrelsen har skjutit till medel."


def test_the_granted_amount_cannot_exceed_what_was_asked(world, call, client):
    app = make_application(world, call, state="review")  # asks SEK 240 000
    with pytest.raises(ValidationError):
        services.decide(app, world.coordinator, grant=True, amount=240_001, motivation="Bra.")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("fund:decide", args=[app.pk]),
        {"decision": "grant", "amount": 10**15, "motivation": "Bra."},
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    app.refresh_from_db()
    assert app.state.code == "review" and app.granted_amount is None
    services.decide(app, world.coordinator, grant=True, amount=240_000, motivation="Bra.")
    app.refresh_from_db()
    assert app.granted_amount == 240_000


def test_since_the_start_counts_only_up_to_the_year_shown(world, call):
    early = make_application(world, call, state="signoff")
    late = make_application(world, call, state="signoff")
    tz = timezone.get_current_timezone()
    Application.objects.filter(pk=early.pk).update(submitted_at=datetime(2024, 3, 1, tzinfo=tz))
    Application.objects.filter(pk=late.pk).update(submitted_at=datetime(2026, 3, 1, tzinfo=tz))
    assert selectors.statistics(2024)["since_start"]["applications"] == 1
    assert selectors.statistics(2026)["since_start"]["applications"] == 2


def _score(app, expert, values):
    services.declare(app, expert, has_conflict=False)
    criteria = list(app.call.criteria.all())
    services.score(app, expert, {c.pk: (v, "") for c, v in zip(criteria, values, strict=True)})


def test_the_spread_between_experts_is_per_criterion_across_experts(world, call, client):
    second = world.advisor
    Membership.objects.create(user=second, organisation=world.rlk, role="expert")
    call.experts.add(second)
    agreed = make_application(world, call, state="review")
    # Both experts give the same scores, which differ between criteria: no spread at all.
    _score(agreed, world.expert, [1, 5, 1, 5])
    _score(agreed, second, [1, 5, 1, 5])
    split = make_application(world, call, state="review")
    _score(split, world.expert, [1, 1, 1, 1])
    _score(split, second, [5, 5, 5, 5])
    summary, criteria = selectors.application_scores(agreed)
    assert summary.stdev == 0
    assert selectors.application_scores(split)[0].stdev == 2
    overview = selectors._call_summaries(call)
    assert overview[agreed.pk].stdev == 0
    assert overview[split.pk].stdev == 2


def test_an_amount_above_the_request_needs_a_reason(world, call, client):
    app = make_application(world, call, state="review")  # asks SEK 240 000
    client.force_login(world.coordinator)
    url = reverse("fund:decide", args=[app.pk])
    data = {"decision": "grant", "amount": 260_000, "motivation": "Bra."}
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'href="#id_above_request_reason"' in response.text  # the summary names the field
    app.refresh_from_db()
    assert app.state.code == "review" and app.granted_amount is None
    reason = "Priset på utrustningen har stigit sedan ansökan skrevs."
    response = client.post(url, {**data, "above_request_reason": reason})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.granted_amount == 260_000 and app.above_request_reason == reason
    logged = AuditEvent.objects.get(action="fund.above_request")
    assert logged.actor == world.coordinator and logged.data["requested"] == 240_000
    assert logged.data["reason"] == reason
