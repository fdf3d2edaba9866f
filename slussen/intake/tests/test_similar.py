"""Similar cases across the region: Swedish stems meet across inflections and wording."""

from django.urls import reverse

from slussen.cases import services as case_services
from slussen.intake import search

OTHERS = [
    ("Digital incheckning på akutmottagningen", "Patienter ska kunna anmäla sig själva."),
    ("Bakteriefria vattenlås", "Vattenlås som motverkar tillväxt av multiresistenta bakterier."),
    ("Omvårdnadsträning med VR", "Träna omvårdnad i virtuell verklighet för att minska fall."),
    ("Drönare för provtransporter", "Leverera prover mellan sjukhus med drönare."),
    ("Tryggare kollektivtrafik för kvinnor", "Bättre belysning vid busshållplatser på kvällen."),
    ("Ledningsstöd för minskad klimatpåverkan", "Visualisera vårdens utsläpp av växthusgaser."),
]


def test_stems_join_inflections():
    assert search.stems("väntetiderna") == search.stems("väntetid")
    assert search.stems("parkeringsplatserna")["parkeringsplats"] == 1


def test_a_differently_worded_proposal_finds_the_existing_case(world, client):
    for title, text in OTHERS:
        case_services.open_case(kind="idea", title=title, description=text, organisation=world.sos)
    existing = case_services.open_case(
        kind="proposal",
        title="Längre parkeringstid vid Södersjukhuset",
        description="Besökare får böter när besöken på avdelningen drar ut på tiden. "
        "Parkeringen borde tillåta längre besök för anhöriga.",
        organisation=world.sos,
    )
    typed = {
        "title": "Parkeringsböter för anhöriga",
        "description": "Min mamma låg inne och jag fick parkeringsbot två gånger. "
        "Anhörigas besök tar tid – parkeringstiderna är för korta.",
    }
    top3 = search.similar(f"{typed['title']} {typed['description']}", limit=3)
    assert existing in top3
    # The same answer reaches a person writing the public form (htmx, while typing).
    page = client.get(reverse("intake:similar"), typed).text
    assert existing.registry_number in page


def test_secret_cases_are_not_shown_to_the_public(world, client):
    page = client.get(
        reverse("intake:similar"),
        {"title": "Distansmonitorering vid hjärtsvikt", "description": "Samarbete om distans."},
    ).text
    assert world.other_case.registry_number not in page  # secret (Karolinska)
    client.force_login(world.coordinator)
    page = client.get(
        reverse("intake:similar"),
        {"title": "Distansmonitorering vid hjärtsvikt", "description": "Samarbete om distans."},
    ).text
    assert world.other_case.registry_number in page


def test_edited_case_is_reindexed(world):
    case = world.case
    case_services.update_case(
        case, world.advisor, expected_version=case.version, title="Drönarleveranser"
    )
    assert case in search.similar("drönarleveranserna drönarleverans dagboken")
