import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases.models import Case
from slussen.core import search
from slussen.core.models import AuditEvent
from slussen.testbeds import models, selectors, services
from slussen.testbeds.access import make_testbed
from slussen.testbeds.models import Record, Request

FORM = {
    "title": "Test av AI-segmentering",
    "description": "Vi vill jämföra vår segmentering med centrets arbetsflöde.",
    "company": "Siemens Healthineers AB",
    "name": "Per Andersson",
    "email": "per@example.com",
    "period": "Hösten",
}


def test_catalogue_is_public_and_filters(world, client, testbed):
    make_testbed(world.sos, slug="sim", name="Simuleringscentrum", open_to="employees")
    make_testbed(world.sos, slug="hidden", name="Dold miljö", is_published=False)
    response = client.get(reverse("testbeds:catalogue"))
    assert response.status_code == 200
    assert "3D-centrum Karolinska" in response.text and "Simuleringscentrum" in response.text
    assert "Dold miljö" not in response.text
    response = client.get(reverse("testbeds:catalogue"), {"open_to": "companies"})
    assert "3D-centrum" in response.text and "Simuleringscentrum" not in response.text
    response = client.get(reverse("testbeds:catalogue"), {"organisation": world.sos.pk})
    assert "3D-centrum" not in response.text and "Simuleringscentrum" in response.text
    response = client.get(reverse("testbeds:catalogue"), {"q": "3d"})
    assert "3D-centrum" in response.text and "Simuleringscentrum" not in response.text
    assert client.get(reverse("testbeds:detail", args=["hidden"])).status_code == 404


def test_anonymous_company_request_opens_a_case_routed_to_the_owner(
    world, client, testbed, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("testbeds:request", args=[testbed.slug]), FORM)
    assert response.status_code == 302
    req = Request.objects.get()
    case = req.case
    assert case.kind == "testbed_request" and case.organisation == world.karolinska
    assert case.submitter is None and case.submitter_email == "per@example.com"
    assert case.registry_number in mailbox.body(mailbox.wait_for("per@example.com")[0])
    owner_mail = mailbox.wait_for(world.testbed_owner.email)[0]
    assert f"/testbeds/requests/{req.pk}/" in mailbox.body(owner_mail)
    assert AuditEvent.objects.filter(action="testbeds.request").exists()


def test_invalid_request_keeps_what_was_typed(client, testbed):
    response = client.post(
        reverse("testbeds:request", args=[testbed.slug]), {**FORM, "email": "inte-en-adress"}
    )
    assert response.status_code == 400
    assert "Test av AI-segmentering" in response.text
    assert not Case.objects.filter(kind="testbed_request").exists()


def test_logged_in_employee_requests_with_the_account(world, client, testbed):
    client.force_login(world.employee)
    data = {k: v for k, v in FORM.items() if k not in ("name", "email")}
    response = client.post(reverse("testbeds:request", args=[testbed.slug]), data)
    req = Request.objects.get()
    assert response.url == reverse("testbeds:request_detail", args=[req.pk])
    assert req.case.submitter == world.employee
    assert req.case.submitter_email == world.employee.email


def test_owner_answers_and_requester_gets_mail_and_sees_it(
    world, client, testbed, mailbox, django_capture_on_commit_callbacks
):
    req = services.open_request(
        testbed,
        user=world.external,
        **{k: v for k, v in FORM.items() if k not in ("name", "email")},
    )
    client.force_login(world.testbed_owner)
    url = reverse("testbeds:answer", args=[req.pk])
    assert client.post(url, {"body": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Välkommen i oktober."})
    assert response.status_code == 302
    assert "Välkommen i oktober." in mailbox.body(mailbox.wait_for(world.external.email)[-1])
    req.refresh_from_db()
    assert req.answered is not None
    client.force_login(world.external)
    response = client.get(reverse("testbeds:request_detail", args=[req.pk]))
    assert "Välkommen i oktober." in response.text
    assert "Skicka svaret" not in response.text  # the requester cannot answer
    # The answer is on the case's timeline, visible to the submitter in the register too.
    assert req.case.events.filter(type="comment", visible_to_submitter=True).count() == 1


def test_owner_of_another_organisation_cannot_handle(world, client):
    other = make_testbed(world.sos)
    req = services.open_request(
        other, user=world.external, title="T", description="D", company="Cuviva AB"
    )
    client.force_login(world.testbed_owner)
    assert client.get(reverse("testbeds:request_detail", args=[req.pk])).status_code == 404
    url = reverse("testbeds:record", args=[other.slug])
    assert client.post(url, {"kind": "result", "title": "x", "body": "y"}).status_code == 403
    assert not Record.objects.exists()


def test_result_is_recorded_on_the_environment_and_the_case_and_found(world, client, testbed):
    req = services.open_request(
        testbed, user=world.external, title="T", description="D", company="Cuviva AB"
    )
    client.force_login(world.testbed_owner)
    url = reverse("testbeds:record", args=[testbed.slug]) + f"?request={req.pk}"
    response = client.post(
        url,
        {
            "request": req.pk,
            "kind": "result",
            "title": "Resultat",
            "body": "Segmenteringen av höftledsproteser krävde manuell justering.",
        },
    )
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.testbed == testbed and record.case == req.case and record.request == req
    for who in (world.advisor, world.coordinator, world.testbed_owner):
        found = selectors.records(who, q="höftledsproteser")
        assert list(found) == [record], who
    assert list(selectors.records(world.advisor, q="höftledsproteser manuell")) == [record]
    assert not selectors.records(world.advisor, q="höftledsproteser drönare").exists()
    # Not public: the anonymous catalogue search does not find it; once public, it does.
    assert not selectors.records(client_user(), q="höftledsproteser").exists()
    Record.objects.update(is_public=True)
    assert selectors.catalogue(client_user(), q="höftledsproteser").get() == testbed


def client_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_records_of_a_secret_case_stay_with_those_who_see_the_case(world, testbed):
    req = services.open_request(
        testbed, user=world.external, title="T", description="D", company="Cuviva AB"
    )
    Case.objects.filter(pk=req.case.pk).update(secrecy="secret")
    services.record(
        testbed,
        world.testbed_owner,
        kind="result",
        title="Hemligt",
        body="affärshemlighet",
        request=Request.objects.get(pk=req.pk),
    )
    assert not selectors.records(world.advisor, q="affärshemlighet").exists()  # SöS advisor
    assert selectors.records(world.advisor_other, q="affärshemlighet").exists()  # Karolinska
    assert selectors.records(world.external, q="affärshemlighet").exists()  # the requester
    assert selectors.records(world.testbed_owner, q="affärshemlighet").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_postgresql_search_stems_swedish_and_uses_the_index(world, testbed):
    services.record(testbed, world.testbed_owner, kind="result", title="Mätningar", body="text")
    assert selectors.records(world.coordinator, q="mätning").exists()
    with connection.cursor() as cursor:
        # With few rows the planner may read them all; forbid that (and reading a whole other
        # index) so that the plan shows whether the search can use its index at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.document_query("testbed_record", [[search.stem("mätning")]])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # the one search's inverted index (core.SearchDocument)
    assert "Bitmap Index Scan on search_document_terms" in plan


def test_owner_edits_the_entry_and_bad_input_is_kept(world, client, testbed):
    client.force_login(world.testbed_owner)
    url = reverse("testbeds:edit", args=[testbed.slug])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": "3D-centrum Karolinska",
        "slug": "new",
        "organisation": world.karolinska.pk,
        "summary": "Ny sammanfattning",
        "offer": "Erbjudande",
        "audience": "Alla",
        "open_to": "all",
        "contact_name": "Lars Dahl",
        "contact_email": "lars@example.org",
        "is_published": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Ny sammanfattning" in response.text
    response = client.post(url, {**data, "slug": "3d-centrum"})
    assert response.status_code == 302
    testbed.refresh_from_db()
    assert testbed.summary == "Ny sammanfattning"
    assert AuditEvent.objects.filter(action="testbeds.edit").exists()
    # The owner can only place entries in organisations they own.
    response = client.post(url, {**data, "slug": "3d-centrum", "organisation": world.sos.pk})
    assert response.status_code == 400


def test_list_pages_do_not_grow_in_queries(world, client, testbed, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            t = make_testbed(world.karolinska, slug=f"tb-{Request.objects.count()}-{i}")
            req = services.open_request(
                t, user=world.external, title="T", description="D", company="C"
            )
            services.record(t, world.testbed_owner, kind="result", title="R", body="B", request=req)

    client.force_login(world.testbed_owner)
    urls = [
        reverse("testbeds:catalogue"),
        reverse("testbeds:inbox"),
        reverse("testbeds:results"),
        reverse("testbeds:detail", args=[testbed.slug]),
    ]
    add(2)
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    add(15)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    assert max(counts.values()) <= 12, counts


def catalogue_names(client, q):
    page = client.get(reverse("testbeds:catalogue"), {"q": q})
    assert page.status_code == 200
    return {t.name for t in models.Testbed.objects.all() if t.get_absolute_url() in page.text}


@pytest.mark.parametrize("q", ["vårdmiljön", "vårdmiljöerna", "miljöer"])
def test_the_catalogue_finds_an_entry_by_any_inflection_or_part_of_a_compound(world, client, q):
    make_testbed(world.sos)  # "Simulering av vårdmiljöer."
    make_testbed(world.sos, slug="drone", name="Drönarlabbet", summary="Flygningar.")
    assert catalogue_names(client, q) == {"Simuleringscentrum"}
    assert catalogue_names(client, "drönare") == {"Drönarlabbet"}
    assert catalogue_names(client, "drönare vårdmiljö") == set()  # every word must match


def test_the_catalogue_search_never_shows_another_organisations_unpublished_entry(
    world, client, testbed
):
    make_testbed(world.karolinska, slug="secret", name="Dolt drönarlabb", is_published=False)
    assert catalogue_names(client, "drönarlabbet") == set()  # anonymous
    client.force_login(world.advisor)  # SöS
    assert catalogue_names(client, "drönarlabbet") == set()
    client.force_login(world.testbed_owner)  # Karolinska owns it
    assert catalogue_names(client, "drönarlabbet") == {"Dolt drönarlabb"}
