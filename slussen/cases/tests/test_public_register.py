"""The public part of the register: browsable without log-in, showing only what may be shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases import services
from slussen.core.models import AuditEvent

PARTIAL_TITLE = "Avtalsförhandling med Medtech AB"


@pytest.fixture
def partial(world):
    return services.open_case(
        kind="partnership",
        title=PARTIAL_TITLE,
        description="Priser och villkor.",
        organisation=world.karolinska,
        submitter_name="Medtech AB",
        submitter_email="kontakt@medtech.example",
        secrecy="partial",
        secrecy_reference="OSL 19 kap. 3 §",
    )


def test_anyone_sees_number_date_kind_title_unit_and_status(world, client, partial):
    page = client.get(reverse("cases:public_register")).text
    public, secret = world.case, world.other_case
    for case in (public, secret, partial):
        assert case.registry_number in page
    assert "IVA-dagboken" in page and "Södersjukhuset" in page and "Idé" in page
    assert "Ny" in page  # status
    # Secret: no title; partly secret: a neutral text only. Never description or submitter.
    assert secret.title not in page and PARTIAL_TITLE not in page
    assert "Delvis sekretessbelagt ärende – rubriken är inte offentlig" in page
    assert "Sekretess – visas inte" in page
    for hidden in (public.description, secret.description, "Priser och villkor", "Anna Lindqvist"):
        assert hidden not in page
    assert "medtech.example" not in page and "Lena Virtanen" not in page


def test_search_never_matches_a_hidden_title(world, client, partial):
    url = reverse("cases:public_register")
    assert world.case.registry_number in client.get(url, {"q": "dagboken"}).text
    for q in ("Distansmonitorering", "Avtalsförhandling", "Cuviva", "villkor"):
        page = client.get(url, {"q": q}).text
        assert "0 ärenden" in page, q
    page = client.get(url, {"q": world.other_case.registry_number}).text
    assert "1 ärende" in page


def test_filters_and_pagination(world, client, partial):
    url = reverse("cases:public_register")
    page = client.get(url, {"organisation": world.karolinska.pk}).text
    assert "2 ärenden" in page and world.case.registry_number not in page
    page = client.get(url, {"kind": "idea"}).text
    assert "1 ärende" in page
    for i in range(30):
        services.open_case(kind="idea", title=f"Idé {i}", description="…", organisation=world.sos)
    first = client.get(url).text
    assert "Sida 1 av 2" in first and 'rel="next"' in first
    assert "Sida 2 av 2" in client.get(url, {"page": 2}).text


def test_query_count_does_not_grow_with_the_register(world, client, django_assert_max_num_queries):
    url = reverse("cases:public_register")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(40):
        services.open_case(
            kind="need", title=f"Behov {i}", description="…", organisation=world.karolinska
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(few.captured_queries) <= 5


def test_the_public_entry_of_a_secret_case_discloses_nothing_and_is_no_read(world, client):
    secret = world.other_case
    url = reverse("cases:public_detail", args=[secret.pk])
    for user in (None, world.advisor_other):
        if user:
            client.force_login(user)
        page = client.get(url).text
        assert secret.registry_number in page and "Karolinska Universitetssjukhuset" in page
        assert secret.title not in page and secret.description not in page
    assert "Öppna ärendet" in page  # the handler is offered the real case page …
    assert not AuditEvent.objects.filter(action="case.read").exists()
    client.get(reverse("cases:detail", args=[secret.pk]))  # … which audits the read
    assert AuditEvent.objects.get(action="case.read").actor == world.advisor_other


def test_an_unknown_entry_is_404(world, client):
    assert client.get(reverse("cases:public_detail", args=[999999])).status_code == 404


def test_the_list_names_the_organisation_in_full_as_its_entry_does(world, client):
    """A patient does not know "SöS": the public list, and the rows its filters fetch, name
    Södersjukhuset as the entry does; staff lists keep the short name, with the full one."""
    from slussen.accounts.models import Organisation

    Organisation.objects.filter(pk=world.sos.pk).update(short_name="SöS")
    url = reverse("cases:public_register")
    for page in (client.get(url).text, client.get(url, {"q": ""}, HTTP_HX_REQUEST="true").text):
        row = page.split(world.case.registry_number, 1)[1].split("</tr>", 1)[0]
        assert "<td>Södersjukhuset</td>" in row
        assert "SöS" not in row
    detail = client.get(reverse("cases:public_detail", args=[world.case.pk])).text
    assert "Södersjukhuset" in detail
    client.force_login(world.coordinator)
    staff = client.get(reverse("cases:register")).text
    assert '<abbr title="Södersjukhuset">SöS</abbr>' in staff
