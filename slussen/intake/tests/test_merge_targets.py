"""An advisor's similar cases say which are hers to merge into, and the merge form accepts
only those, with the reason for the others: another organisation's case, a secret case, a case
merged already. One rule (``case.merge_into``) with its list form decides both."""

import re

import pytest
from django.urls import reverse

from slussen.accounts.models import Organisation
from slussen.cases import services as case_services
from slussen.cases.models import Case, Secrecy
from slussen.core.permissions import can
from slussen.intake import services

DESCRIPTION = "Batteriet till elrullstolen tar slut i väntrummet och det finns ingen laddplats."


def propose(title, organisation):
    data = {"title": title, "description": DESCRIPTION, "organisation": organisation,
            "email": "pia@example.net", "name": "Pia Andersson"}  # fmt: skip
    submission, _token = services.submit_proposal(data, language="sv", client="test")
    return submission.case


@pytest.fixture
def cases(world):
    mine = propose("Laddplatser för elrullstolar i väntrummet", world.sos)
    open_ = propose("Laddplats för elrullstol i väntrummet", world.sos)
    theirs = propose("Laddplatser för elrullstolar på akuten", world.karolinska)
    secret = propose("Laddning av elrullstolar i väntrummen", world.sos)
    case_services.update_case(
        secret, world.advisor, expected_version=secret.version, secrecy=Secrecy.SECRET
    )
    merged = propose("Elrullstolar laddas i väntrummet", world.sos)
    services.merge(merged, open_, world.advisor, message="Samma behov.")
    return {"mine": mine, "open": open_, "theirs": theirs, "secret": secret, "merged": merged}


def test_the_similar_cases_say_which_are_hers_to_merge_into(world, client, cases):
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[cases["mine"].pk])).text
    # A merged case is named beside the case it was merged into, not offered: not an item.
    page = re.sub(r'<span class="meta merged-here">.*', "", page)
    items = {
        name: page.split(case.registry_number, 1)[1].split("</li>", 1)[0]
        for name, case in cases.items()
        if name != "mine" and case.registry_number in page
    }
    assert {"open", "theirs"} <= set(items), items.keys()
    # A case merged into another is not offered: the one it was merged into is, to merge into.
    assert "merged" not in items
    assert f"?into={cases['open'].registry_number.replace(' ', '%20')}" in page
    assert "Slå ihop det här ärendet med det" in items["open"]
    assert "annan organisation" in items["theirs"] and "kontakta" in items["theirs"]
    assert "Slå ihop det här ärendet med det" not in items["theirs"]
    if "secret" in items:
        assert "hemligt ärende" in items["secret"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("theirs", "annan organisation"),
        ("secret", "hemligt ärende"),
        ("merged", "är avslutat"),
    ],
)
def test_the_merge_form_refuses_a_case_not_hers_to_merge_into_and_says_why(
    world, client, cases, target, reason
):
    client.force_login(world.advisor)
    number = cases[target].registry_number
    answer = client.post(
        reverse("intake:merge", args=[cases["mine"].pk]), {"into": number, "message": "Samma."}
    )
    assert answer.status_code == 400
    assert reason in answer.text
    assert "Det finns inget ärende med det numret" not in answer.text
    assert Case.objects.get(pk=cases["mine"].pk).state.code == "new"


def test_a_secret_case_of_another_organisation_stays_unknown(world, client, cases):
    hidden = propose("Laddplatser på Karolinska", world.karolinska)
    Case.objects.filter(pk=hidden.pk).update(secrecy=Secrecy.SECRET)
    client.force_login(world.advisor)
    answer = client.post(
        reverse("intake:merge", args=[cases["mine"].pk]),
        {"into": hidden.registry_number, "message": "Samma."},
    )
    assert answer.status_code == 400
    assert "Det finns inget ärende med det numret" in answer.text
    assert "Karolinska" not in answer.text.split("errorlist", 1)[-1].split("</ul>", 1)[0]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the service does not name it either
        services.merge(cases["mine"], hidden, world.advisor, message="Samma.")


def test_the_merge_into_rule_and_its_list_form_agree(world, cases):
    from slussen.cases.rules import merge_into_q

    for person in (world.advisor, world.advisor_other, world.coordinator, world.employee):
        listed = set(Case.objects.filter(merge_into_q(person)).values_list("pk", flat=True))
        for case in Case.objects.select_related("state", "organisation"):
            assert can(person, "case.merge_into", case) == (case.pk in listed), (person, case)


def test_merging_into_an_open_case_of_hers_from_the_similar_cases(world, client, cases):
    client.force_login(world.advisor)
    url = reverse("intake:case", args=[cases["mine"].pk])
    filled = client.get(url, {"into": cases["open"].registry_number}).text
    assert f'value="{cases["open"].registry_number}"' in filled
    answer = client.post(
        reverse("intake:merge", args=[cases["mine"].pk]),
        {"into": cases["open"].registry_number, "message": "Samma behov."},
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=cases["mine"].pk).state.code == "merged"


def test_a_patient_writing_sees_the_organisations_full_name_in_the_suggestions(world, client):
    Organisation.objects.filter(pk=world.sos.pk).update(short_name="SöS")
    propose("Laddplatser för elrullstolar i väntrummet", world.sos)
    answer = client.get(
        reverse("intake:similar"),
        {"title": "Laddplats för elrullstol", "description": DESCRIPTION},
    ).text
    assert "Handläggs av Södersjukhuset" in answer
    assert "SöS" not in answer  # a patient does not know the short name
    client.cookies["django_language"] = "en"
    english = client.get(
        reverse("intake:similar"),
        {"title": "Laddplats för elrullstol", "description": DESCRIPTION},
    ).text
    assert "Handled by Södersjukhuset" in english


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("theirs", "annan organisation"),
        ("secret", "hemligt ärende"),
        ("merged", "är avslutat"),
        ("mine", "inte slås ihop med sig självt"),
    ],
)
def test_the_merge_service_refuses_what_the_form_refuses_in_the_same_words(
    world, cases, target, reason
):
    """The admin, the API and any later caller reach the service, not the form."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        services.merge(cases["mine"], cases[target], world.advisor, message="Samma.")
    assert reason in " ".join(refused.value.messages)
    assert Case.objects.get(pk=cases["mine"].pk).state.code == "new"


def test_a_secret_case_is_not_merged_away_by_the_service_nor_the_workflow(world, client, cases):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from slussen.core import workflow

    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            services.merge(cases["secret"], cases["open"], world.advisor, message="Samma.")
        assert "är hemligt" in " ".join(refused.value.messages)
        with pytest.raises(ValidationError):
            workflow.apply(
                cases["secret"], "merge", world.advisor, reason="Samma.",
                context={"into": cases["open"]},
            )  # fmt: skip
        with pytest.raises(ValidationError):
            workflow.apply(
                cases["mine"], "merge", world.advisor, reason="Samma.",
                context={"into": cases["secret"]},
            )  # fmt: skip
    assert Case.objects.get(pk=cases["secret"].pk).state.code == "new"
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[cases["secret"].pk])).text
    assert "är hemligt" in page
    assert reverse("intake:merge", args=[cases["secret"].pk]) not in page
