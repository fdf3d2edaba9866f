"""Decisions in a batch from the call overview: several applications granted (amount and
motivation each) or rejected in one go, each decided as a single decision is – every rule
checked, its own transaction, audit and letter – and any refused named with why, with what
was typed kept."""

from django.urls import reverse

from slussen.cases.models import Attachment
from slussen.core.models import AuditEvent
from slussen.fund import services

from .factories import make_application, make_call


def _line(app, decision="grant", amount=200_000, motivation="Stort behov.", **extra):
    p = f"a{app.pk}"
    data = {f"{p}-include": "on", f"{p}-decision": decision, f"{p}-motivation": motivation}
    if amount is not None:
        data[f"{p}-amount"] = amount
    data.update({f"{p}-{k}": v for k, v in extra.items()})
    return data


def _letters(app):
    return Attachment.objects.filter(case=app.case, filename__endswith=".pdf").count()


def test_batch_decision_grants_and_rejects_each_with_its_letter(world, call, client):
    first, second, left = (make_application(world, call, state="review") for _ in range(3))
    client.force_login(world.coordinator)
    url = reverse("fund:batch", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200 and all(a.title in page.text for a in (first, second, left))
    assert url in client.get(reverse("fund:overview", args=[call.pk])).text
    response = client.post(
        url, {**_line(first, amount=180_000), **_line(second, "reject", None, "Saknar mål.")}
    )
    assert response.status_code == 302
    for app in (first, second, left):
        app.refresh_from_db()
    assert (first.state.code, first.granted_amount) == ("granted", 180_000)
    assert (second.state.code, second.granted_amount) == ("rejected", None)
    assert second.decision_motivation == "Saknar mål."
    assert left.state.code == "review"  # not chosen: not decided
    assert first.letter.case_id == first.case_id and _letters(first) == _letters(second) == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workflow.grant", "workflow.reject"} <= actions


def test_batch_decision_holds_the_budget_cap_unless_the_head_of_the_fund_overrides(world, client):
    call = make_call(world, budget=300_000)
    first, second = (make_application(world, call, state="review") for _ in range(2))
    client.force_login(world.coordinator)
    url = reverse("fund:batch", args=[call.pk])
    data = {**_line(first), **_line(second, motivation="Ett unikt grepp om fallprevention.")}
    # The coordinator cannot tick the head of the fund's box: the field is not there.
    data.update({f"a{second.pk}-override": "on", f"a{second.pk}-override_reason": "Viktigt."})
    response = client.post(url, data)
    assert response.status_code == 400
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state.code == "granted" and second.state.code == "review"
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert second.title in summary and "budget" in summary.lower()
    assert "Ett unikt grepp om fallprevention." in response.text  # nothing typed is lost
    assert f'id="id_a{first.pk}-include"' not in response.text  # the decided one is gone
    # The head of the fund overrides, with a reason: granted, and logged.
    client.force_login(world.admin)
    response = client.post(
        url,
        _line(second, override="on", override_reason="Regionstyrelsen har skjutit till medel."),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state.code == "granted" and second.budget_override
    logged = AuditEvent.objects.get(action="fund.budget_override")
    assert logged.actor == world.admin and logged.data["reason"].startswith("Regionstyrelsen")


def test_batch_decision_refuses_more_than_was_asked_and_a_line_without_motivation(
    world, call, client
):
    greedy, silent, fine = (make_application(world, call, state="review") for _ in range(3))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("fund:batch", args=[call.pk]),
        {
            **_line(greedy, amount=240_001, motivation="Mer än begärt."),
            **_line(silent, motivation=""),
            **_line(fine),
        },
    )
    assert response.status_code == 400
    for app in (greedy, silent, fine):
        app.refresh_from_db()
    assert greedy.state.code == silent.state.code == "review"
    assert greedy.granted_amount is None and fine.state.code == "granted"
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "240\xa0000" in summary and greedy.title in summary and silent.title in summary
    assert 'value="240001"' in response.text and "Mer än begärt." in response.text
    # With a written reason, more than was asked is granted, and logged.
    response = client.post(
        reverse("fund:batch", args=[call.pk]),
        _line(greedy, amount=240_001, above_request_reason="Priserna har stigit."),
    )
    assert response.status_code == 302
    greedy.refresh_from_db()
    assert greedy.granted_amount == 240_001 and greedy.above_request_reason
    assert AuditEvent.objects.filter(action="fund.above_request").count() == 1


def test_batch_decision_sent_twice_decides_once(world, call, client):
    first, second = (make_application(world, call, state="review") for _ in range(2))
    client.force_login(world.coordinator)
    url = reverse("fund:batch", args=[call.pk])
    data = {**_line(first), **_line(second, "reject", None, "Nej.")}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)  # the back button and send again
    assert again.status_code == 200
    assert "redan beslutad" in again.text or "already decided" in again.text
    assert _letters(first) == _letters(second) == 1
    assert AuditEvent.objects.filter(action__in=["workflow.grant", "workflow.reject"]).count() == 2
    # The service itself names a line already decided, without weighing it again.
    decided, refused = services.decide_batch(
        call,
        world.coordinator,
        [{"application": first, "grant": True, "amount": 1, "motivation": "Igen."}],
    )
    assert decided == [] and refused[0][2] == "decided"


def test_batch_decision_is_for_coordinators_and_only_this_calls_applications(world, call, client):
    app = make_application(world, call, state="review")
    other_call = make_call(world, title="En annan utlysning")
    elsewhere = make_application(world, other_call, state="review")
    url = reverse("fund:batch", args=[call.pk])
    client.force_login(world.expert)
    assert client.post(url, _line(app)).status_code == 403
    client.force_login(world.coordinator)
    response = client.post(url, {**_line(app), **_line(elsewhere)})
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.state.code == "review"  # another call's line is not this batch's
    _decided, refused = services.decide_batch(
        call,
        world.coordinator,
        [{"application": elsewhere, "grant": False, "motivation": "Nej."}],
    )
    assert refused and elsewhere.state.code == "review"


def test_batch_decision_fields_say_when_they_are_required(world, call, client):
    """A line's decision and motivation are needed once the line is ticked: the labels say so
    instead of "optional"."""
    make_application(world, call, state="review")
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:batch", args=[call.pk])).text
    assert "krävs om du beslutar nu" in page and "krävs om du beviljar" in page
