"""Erasure pseudonymises a person in every field of every model and keeps the cases."""

import json

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from slussen.accounts.models import Membership, User
from slussen.cases import services
from slussen.cases.models import Case, CaseEvent
from slussen.core import audit
from slussen.core.models import AuditEvent
from slussen.privacy.erasure import Identity, erase_person

NAME = "Anna Lindqvist"
EMAIL = "employee@example.org"
PHONE = "070-123 45 67"


def traces(*needles):
    """Every (model, field, pk) whose stored value contains a needle, found in Python from the
    raw rows of every table, independently of the SQL the erasure uses."""
    found = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for row in model._base_manager.all():
            for f in model._meta.concrete_fields:
                value = getattr(row, f.attname)
                text = json.dumps(value, ensure_ascii=False, default=str).lower()
                if any(n in text for n in lowered):
                    found.append((model._meta.label, f.name, row.pk))
    return found


def leave_traces_everywhere(world, client):
    """Anna (the employee) in as many places as a real region would have her."""
    anna = world.employee
    User.objects.filter(pk=anna.pk).update(phone=PHONE)
    proposal = services.open_case(  # sent from the public form, not linked to her account
        kind="proposal",
        title="Bättre skyltning på akuten",
        description=f"Förslag från {NAME}, ring {PHONE} vid frågor.",
        organisation=world.sos,
        submitter_name=NAME,
        submitter_email=EMAIL.upper(),
    )
    services.add_comment(world.case, anna, "Jag kan visa en prototyp.", internal=False)
    services.add_comment(
        world.case, world.advisor, f"Ringde {NAME} ({EMAIL}) om prototypen.", internal=True
    )
    Membership.objects.create(user=anna, organisation=world.sos, role="advisor")  # a handler
    services.reassign(
        world.case, world.advisor, organisation=world.sos, handler=anna, reason="Egen idé"
    )
    audit.record(world.advisor, "note", world.case, said={"who": [NAME, {"mail": EMAIL}]})
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(anna.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "fel"})  # axes log
    return proposal


def test_after_erasure_no_field_anywhere_holds_the_name_or_email(world, client):
    proposal = leave_traces_everywhere(world, client)
    places = {(model, f) for model, f, _pk in traces(NAME, EMAIL, PHONE)}
    assert places >= {  # the scan does see her, in six tables of five apps, before
        ("accounts.User", "full_name"),
        ("accounts.User", "phone"),
        ("admin.LogEntry", "object_repr"),
        ("axes.AccessAttempt", "username"),
        ("cases.Case", "description"),
        ("cases.Case", "submitter_email"),
        ("cases.CaseEvent", "body"),
        ("cases.CaseEvent", "data"),
        ("core.AuditEvent", "data"),
    }
    cases_before = {c.pk: (c.title, c.description) for c in Case.objects.all()}
    anna_comment = CaseEvent.objects.get(body="Jag kan visa en prototyp.")

    client.force_login(world.admin)
    response = client.post(
        reverse("privacy:erase"),
        {"email": EMAIL, "reason": f"Begäran från {NAME} 2026-03-01", "confirm": "on"},
    )
    assert response.status_code == 302

    assert traces(NAME, EMAIL, PHONE) == []
    anna = User.objects.get(pk=world.employee.pk)
    assert anna.full_name.startswith("Pseudonym ") and not anna.is_active
    assert not anna.has_usable_password()
    # The cases are all still there, with their content; only the name gave way.
    assert set(Case.objects.values_list("pk", flat=True)) == set(cases_before)
    assert Case.objects.get(pk=world.case.pk).description == cases_before[world.case.pk][1]
    proposal.refresh_from_db()
    assert (
        proposal.description == f"Förslag från {anna.full_name}, ring {anna.full_name} vid frågor."
    )
    assert proposal.submitter_name == anna.full_name and proposal.submitter_email == anna.email
    # Her comment keeps its text; its author is now the pseudonym.
    comment = CaseEvent.objects.get(pk=anna_comment.pk)
    assert comment.body == "Jag kan visa en prototyp." and comment.actor == anna
    assert Case.objects.get(pk=world.case.pk).submitter == anna
    erased = AuditEvent.objects.get(action="privacy.erase")
    assert erased.actor == world.admin and erased.data["pseudonym"] == anna.full_name


def test_erasure_is_refused_to_all_but_the_administrator(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("privacy:erase"), {"email": EMAIL, "reason": "x", "confirm": "on"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=world.employee.pk).full_name == NAME


def test_a_bad_erasure_form_keeps_what_was_typed(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("privacy:erase"), {"email": "nobody@example.org", "reason": "Begäran 12"}
    )
    assert response.status_code == 400
    assert "Begäran 12" in response.text and "nobody@example.org" in response.text
    assert "Inget aktivt konto" in response.text and "Kryssa i rutan" in response.text


def test_rewrite_reaches_inside_json_and_ignores_case():
    identity = Identity.of(
        name="Åsa Öberg", email="asa@example.org", pseudonym_name="P", pseudonym_email="p@x"
    )
    value = {"ÅSA ÖBERG": ["hej åsa öberg", {"to": "ASA@example.org"}], "n": 3}
    assert identity.rewrite(value) == {"P": ["hej P", {"to": "p@x"}], "n": 3}


def test_erase_person_works_for_non_ascii_names_in_json_on_every_database(world):
    User.objects.filter(pk=world.employee.pk).update(full_name="Åsa Öberg")
    audit.record(world.advisor, "note", world.case, who="Åsa Öberg")
    erase_person(User.objects.get(pk=world.employee.pk), actor=world.admin, reason="")
    assert traces("Åsa Öberg") == []
