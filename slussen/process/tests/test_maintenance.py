"""After roll-out: maintenance with an owner, a funding source, a review date and an
end-of-life decision; reminders before the review; an owner who leaves raises an alert to the
head of the case's unit and the advisor; a hand-over moves one case or many."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from slussen.accounts.models import Membership, User
from slussen.cases.services import open_case
from slussen.core.models import AuditEvent, Notification
from slussen.process import reminders, selectors
from slussen.process.models import InnovationCase

from .conftest import start_service_case

TODAY = date.today()


def implemented(world, owner, title="IVA-dagboken", **fields):
    """A case closed as implemented (set directly: these tests are about what comes after)."""
    case = world.case if title == "IVA-dagboken" else open_case(
        kind="idea", title=title, description="En idé.", organisation=world.sos
    )  # fmt: skip
    ic = start_service_case(world, case=case)
    InnovationCase.objects.filter(pk=ic.pk).update(
        status="implemented", closed_on=TODAY, maintenance_owner=owner,
        maintenance_plan="Årlig översyn.", **fields,
    )  # fmt: skip
    ic.refresh_from_db()
    return ic


def alerts(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__full_name", flat=True)
    )


@pytest.fixture
def owner(world):
    person = User.objects.create(email="forvaltare@example.org", full_name="Frida Förvaltare")
    Membership.objects.create(user=person, organisation=world.sos, role="employee")
    return person


def test_maintenance_lifecycle_deactivated_owner_alerts_the_units_head_and_advisor(
    world, owner, client
):
    ic = implemented(world, owner)
    reminders.run()
    assert alerts("innovation.maintenance_owner_left") == []  # the owner is still here

    owner.is_active = False
    owner.save(update_fields=["is_active"])
    reminders.run()
    # The head of the case's unit (SöS' line manager) and the advisor; nobody else.
    assert alerts("innovation.maintenance_owner_left") == ["Erik Bergström", "Sara Holm"]
    reminders.run()  # run again: no second alert
    assert len(alerts("innovation.maintenance_owner_left")) == 2
    assert [c.pk for c in selectors.portfolio(world.coordinator)["maintenance_left"]] == [ic.pk]
    assert selectors.portfolio(world.innovation_head)["maintenance_left"] == []  # Karolinska's
    client.force_login(world.advisor)
    page = client.get(ic.get_absolute_url()).text
    assert "Förvaltningsägaren har slutat eller saknas" in page

    # The coordinator hands the case over; the new owner is told; the alert stops.
    client.force_login(world.coordinator)
    answer = client.post(
        reverse("process:hand_over"),
        {"person": owner.pk, "successor": world.manager.email, "cases": [ic.pk]},
    )
    assert answer.status_code == 302
    ic.refresh_from_db()
    assert ic.maintenance_owner == world.manager
    assert Notification.objects.filter(
        recipient=world.manager, kind="innovation.hand_over"
    ).exists()
    assert selectors.portfolio(world.coordinator)["maintenance_left"] == []


def test_maintenance_lifecycle_hand_over_moves_one_case_or_many(world, owner, client):
    first = implemented(world, owner)
    second = implemented(world, owner, title="Sårappen")
    User.objects.filter(pk=owner.pk).update(is_active=False)
    client.force_login(world.coordinator)
    url = reverse("process:hand_over")
    data = {"person": owner.pk, "successor": world.manager.email}
    assert client.post(url, {**data, "cases": [second.pk]}).status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.maintenance_owner, second.maintenance_owner) == (owner, world.manager)
    # A case in which the person has no role (any more) cannot be ticked for them.
    wrong = client.post(url, {**data, "cases": [second.pk]})
    assert wrong.status_code == 400
    first.refresh_from_db()
    assert first.maintenance_owner == owner
    assert client.post(url, data).status_code == 302  # none ticked: all that is left
    first.refresh_from_db()
    assert first.maintenance_owner == world.manager
    told = Notification.objects.filter(recipient=world.manager, kind="innovation.hand_over")
    assert told.count() == 2
    client.force_login(world.advisor)  # no portfolio mandate: no hand-over
    assert client.post(url, data).status_code == 403


def test_maintenance_lifecycle_reminds_before_the_review_date(world, owner):
    soon = implemented(world, owner, review_on=TODAY + timedelta(days=10))
    implemented(world, owner, title="Sårappen", review_on=TODAY + timedelta(days=90))
    reminders.run()
    sent = Notification.objects.filter(kind="innovation.review_due")
    assert sorted(n.recipient.full_name for n in sent) == ["Frida Förvaltare", "Sara Holm"]
    assert {n.url for n in sent} == {soon.get_absolute_url()}
    reminders.run()
    assert Notification.objects.filter(kind="innovation.review_due").count() == 2
    assert [c.pk for c in selectors.portfolio(world.coordinator)["review_due"]] == [soon.pk]


def test_maintenance_lifecycle_fields_are_saved_with_the_old_value_in_the_audit(
    world, owner, client
):
    ic = implemented(world, owner)
    client.force_login(world.advisor)
    url = reverse("process:plans", args=[ic.pk])
    form = {
        "ip_claim": "undecided",
        "procurement": "none",
        "maintenance_owner": owner.email,
        "maintenance_plan": "Årlig översyn.",
        "maintenance_funding": "Verksamhetens driftbudget",
        "review_on": (TODAY + timedelta(days=365)).isoformat(),
        "end_of_life": "phase_out",
        "end_of_life_note": "",
    }
    bad = client.post(url, form)
    assert bad.status_code == 400 and "Ange underlaget för beslutet om avveckling." in bad.text
    assert 'value="Verksamhetens driftbudget"' in bad.text
    answer = client.post(url, {**form, "end_of_life_note": "Ersätts av journalens modul."})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    ic.refresh_from_db()
    assert (ic.maintenance_funding, ic.end_of_life) == ("Verksamhetens driftbudget", "phase_out")
    event = AuditEvent.objects.filter(action="process.plans").latest("id")
    assert event.data["changes"]["end_of_life"] == ["undecided", "phase_out"]
