"""One knowledge store for tests (issue 19): a testbed request made for an innovation case is
linked to it; what the environment records for the request shows on the case, within the case's
scope; what a case records is found by the results search."""

from django.urls import reverse

from slussen.cases.models import Secrecy
from slussen.testbeds import services
from slussen.testbeds.models import Request
from slussen.testbeds.tests.test_results_search import innovation_case, record_test


def results_page(client, q):
    page = client.get(reverse("testbeds:results"), {"q": q})
    assert page.status_code == 200
    return page.text


def test_knowledge_store_a_result_recorded_by_a_testbed_appears_on_the_linked_case(
    world, client, testbed
):
    ic = innovation_case(world, world.sos, "Sensormatta mot fall")
    case_page = reverse("process:detail", args=[ic.pk])
    client.force_login(world.advisor)  # handles SöS's cases
    form = client.get(reverse("testbeds:request", args=[testbed.slug]), {"innovation": ic.pk})
    assert form.status_code == 200
    assert 'value="Sensormatta mot fall"' in form.text  # prefilled from the case
    link = f"{reverse('testbeds:request', args=[testbed.slug])}?innovation={ic.pk}"
    assert link in client.get(case_page).text  # the action on the case's page
    sent = client.post(
        reverse("testbeds:request", args=[testbed.slug]),
        {
            "innovation": ic.pk,
            "title": "Sensormatta mot fall",
            "description": "Test i simuleringssal.",
            "company": "Södersjukhuset",
        },
    )
    assert sent.status_code == 302
    req = Request.objects.get()
    assert req.innovation == ic

    client.force_login(world.testbed_owner)
    recorded = client.post(
        f"{reverse('testbeds:record', args=[testbed.slug])}?request={req.pk}",
        {"kind": "result", "title": "Mattan larmade vid tre av tre fall", "body": "Bra utfall."},
    )
    assert recorded.status_code == 302
    services.record(
        testbed, world.testbed_owner, kind="result", title="Annat företags test", body="Annat."
    )

    client.force_login(world.advisor)
    page = client.get(case_page).text
    assert "Mattan larmade vid tre av tre fall" in page
    assert "Annat företags test" not in page  # not made for this case
    assert req.case.registry_number in page  # the request, linked from the case
    request_page = client.get(req.get_absolute_url()).text
    assert case_page in request_page  # and the case from the request


def test_knowledge_store_a_result_recorded_in_a_case_is_found_by_the_knowledge_search(
    world, client
):
    ic = innovation_case(world, world.sos, "Digital tillsyn")
    record_test(ic, world.advisor, "Kameratillsyn nattetid", "Nattkamerorna minskade väckningar.")
    client.force_login(world.advisor)  # handles the case
    page = results_page(client, "väckningarna")
    assert "Kameratillsyn nattetid" in page
    assert reverse("process:detail", args=[ic.pk]) in page
    client.force_login(world.advisor_other)  # another organisation: does not see the case
    assert "Kameratillsyn nattetid" not in results_page(client, "väckningarna")


def test_knowledge_store_another_organisations_advisor_does_not_see_a_secret_cases_results(
    world, client, testbed
):
    secret = innovation_case(
        world, world.karolinska, "Hemlig robot", secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    req = services.open_request(
        testbed,
        user=world.advisor_other,
        title="Hemlig robot",
        description="Test av roboten.",
        company="Karolinska",
        innovation=secret,
    )
    services.record(
        testbed, world.testbed_owner, kind="result", title="Robotens greppförmåga",
        body="Greppet höll i alla försök.", request=req,
    )  # fmt: skip
    case_page = reverse("process:detail", args=[secret.pk])

    client.force_login(world.advisor)  # Södersjukhuset's advisor: staff, another organisation
    assert client.get(case_page).status_code == 404
    assert "Robotens greppförmåga" not in results_page(client, "greppförmåga")
    assert "Robotens greppförmåga" not in results_page(client, "")
    assert "Robotens greppförmåga" not in client.get(testbed.get_absolute_url()).text
    form = reverse("testbeds:request", args=[testbed.slug])
    assert client.get(form, {"innovation": secret.pk}).status_code == 404  # nor named

    client.force_login(world.external)
    assert "Robotens greppförmåga" not in results_page(client, "greppförmåga")

    # A case made secret after its request: its results follow the case, not the request.
    later = innovation_case(world, world.karolinska, "Senare hemlig")
    req = services.open_request(
        testbed, user=world.advisor_other, title="Senare hemlig", description="Test.",
        company="Karolinska", innovation=later,
    )  # fmt: skip
    services.record(
        testbed, world.testbed_owner, kind="plan", title="Greppförmåga testplan",
        body="Planen för greppförmåga.", request=req,
    )  # fmt: skip
    client.force_login(world.advisor)  # staff of another organisation: a public case's plan
    assert "Greppförmåga testplan" in results_page(client, "greppförmåga")
    type(later.case).objects.filter(pk=later.case_id).update(
        secrecy=Secrecy.SECRET, secrecy_reference="OSL 31 kap. 16 §"
    )
    assert "Greppförmåga testplan" not in results_page(client, "greppförmåga")

    client.force_login(world.advisor_other)  # Karolinska handles the case
    assert "Greppförmåga testplan" in results_page(client, "greppförmåga")
    assert "Robotens greppförmåga" in client.get(case_page).text
    assert "Robotens greppförmåga" in results_page(client, "greppförmåga")
    client.force_login(world.testbed_owner)  # the environment's owner recorded it
    assert "Robotens greppförmåga" in results_page(client, "greppförmåga")


def test_knowledge_store_the_demo_shows_a_testbed_result_on_its_innovation_case(db, client):
    from django.core.management import call_command

    from slussen.accounts.models import User
    from slussen.process.models import InnovationCase

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 – idempotent
    ic = InnovationCase.objects.get(case__title="Informationsdriven vård med AI")
    assert ic.testbed_requests.count() == 1
    client.force_login(User.objects.get(email__startswith="maria.sjoberg"))
    page = client.get(reverse("process:detail", args=[ic.pk])).text
    assert "Testresultat: AI-larm på hemmonitorerade patienter" in page
