"""Files in the one knowledge store for tests (issue 19): a test plan or result – recorded by a
test environment or in an innovation case – can carry a file, checked for size and type like
every upload, listed with the record and in the knowledge search's hits, and downloaded only by
those who may read the record."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from slussen.cases.models import Secrecy
from slussen.core.models import AuditEvent
from slussen.testbeds import services
from slussen.testbeds.models import Record, RecordFile
from slussen.testbeds.tests.test_results_search import innovation_case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name="protokoll.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def results_page(client, q):
    page = client.get(reverse("testbeds:results"), {"q": q})
    assert page.status_code == 200
    return page.text


def test_knowledge_store_a_testbed_record_carries_a_file_listed_and_found_by_the_search(
    world, client, testbed
):
    ic = innovation_case(world, world.sos, "Sensormatta mot fall")
    req = services.open_request(
        testbed, user=world.advisor, title="Sensormatta mot fall", description="Test.",
        company="Södersjukhuset", innovation=ic,
    )  # fmt: skip
    client.force_login(world.testbed_owner)
    sent = client.post(
        f"{reverse('testbeds:record', args=[testbed.slug])}?request={req.pk}",
        {"kind": "result", "title": "Mattan larmade vid alla fall", "body": "Bra utfall.",
         "upload": pdf()},
    )  # fmt: skip
    assert sent.status_code == 302
    kept = RecordFile.objects.get()
    assert (kept.filename, kept.content_type) == ("protokoll.pdf", "application/pdf")
    assert kept.size == len(PDF)
    event = AuditEvent.objects.get(action="testbeds.record_result")
    assert event.data["file"] == kept.pk
    link = reverse("testbeds:record_file", args=[kept.record_id, kept.pk])

    # Listed with the record: on the environment, on the request, on the case, in the search.
    client.force_login(world.advisor)  # SöS's advisor: handles the case
    assert link in client.get(testbed.get_absolute_url()).text
    assert link in client.get(req.get_absolute_url()).text
    assert link in client.get(reverse("process:detail", args=[ic.pk])).text
    assert link in results_page(client, "larmade")
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="protokoll.pdf"' in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="testbeds.download", actor=world.advisor).exists()


def test_knowledge_store_a_case_test_file_is_listed_in_the_search_and_read_within_the_case(
    world, client
):
    ic = innovation_case(world, world.sos, "Digital tillsyn")
    client.force_login(world.advisor)
    sent = client.post(
        reverse("process:add", args=[ic.pk, "test"]),
        {"test-kind": "result", "test-title": "Kameratillsyn nattetid",
         "test-summary": "Nattkamerorna minskade väckningarna.", "test-tested_on": "2026-05-04",
         "test-file": pdf("rapport.pdf")},
    )  # fmt: skip
    assert sent.status_code == 302
    test = ic.tests.get()
    link = reverse("process:test_file", args=[ic.pk, test.pk])
    assert link in client.get(ic.get_absolute_url()).text
    assert link in results_page(client, "väckningarna")
    assert b"".join(client.get(link).streaming_content) == PDF

    client.force_login(world.advisor_other)  # another organisation: sees neither
    assert "Kameratillsyn nattetid" not in results_page(client, "väckningarna")
    assert client.get(link).status_code == 404
    client.force_login(world.external)
    assert client.get(link).status_code == 404


def test_knowledge_store_a_secret_cases_file_is_read_only_by_those_who_may_see_the_case(
    world, client, testbed
):
    secret = innovation_case(
        world, world.karolinska, "Hemlig robot", secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    req = services.open_request(
        testbed, user=world.advisor_other, title="Hemlig robot", description="Test.",
        company="Karolinska", innovation=secret,
    )  # fmt: skip
    rec = services.record(
        testbed, world.testbed_owner, kind="result", title="Robotens greppförmåga",
        body="Greppet höll.", request=req, upload=pdf("grepp.pdf"),
    )  # fmt: skip
    link = rec.files.get().get_absolute_url()
    for person in (world.advisor, world.employee, world.external):  # staff elsewhere, company
        client.force_login(person)
        assert client.get(link).status_code == 404
        assert link not in results_page(client, "greppförmåga")
    client.logout()
    assert client.get(link).status_code == 404
    client.force_login(world.advisor_other)  # Karolinska handles the case
    assert client.get(link).status_code == 200
    assert link in results_page(client, "greppförmåga")
    # A file id of another record is not reached through this one.
    other = services.record(
        testbed, world.testbed_owner, kind="plan", title="Öppen plan", body="Planen.",
        is_public=True, upload=pdf("plan.pdf"),
    )  # fmt: skip
    client.force_login(world.advisor)
    public_link = other.files.get().get_absolute_url()
    assert client.get(public_link).status_code == 200
    crossed = reverse("testbeds:record_file", args=[other.pk, rec.files.get().pk])
    assert client.get(crossed).status_code == 404
    client.logout()
    assert client.get(public_link).status_code == 200  # a public record's file: public


def test_knowledge_store_a_bad_file_type_is_refused_with_the_typed_text_kept(
    world, client, testbed, settings
):
    client.force_login(world.testbed_owner)
    url = reverse("testbeds:record", args=[testbed.slug])
    typed = {"kind": "plan", "title": "Plan för simulering", "body": "Vi prövar larmkedjan."}
    refused = client.post(
        url, {**typed, "upload": SimpleUploadedFile("plan.pdf", EXE, "application/pdf")}
    )
    assert refused.status_code == 400
    assert "Den här filtypen kan inte bifogas" in refused.text
    assert 'value="Plan för simulering"' in refused.text and "Vi prövar larmkedjan." in refused.text
    settings.ATTACHMENT_MAX_BYTES = 10
    too_big = client.post(url, {**typed, "upload": pdf()})
    assert too_big.status_code == 400 and 'value="Plan för simulering"' in too_big.text
    assert not Record.objects.exists() and not RecordFile.objects.exists()

    # The same in an innovation case's tests.
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    ic = innovation_case(world, world.sos, "Digital tillsyn")
    client.force_login(world.advisor)
    refused = client.post(
        reverse("process:add", args=[ic.pk, "test"]),
        {"test-kind": "plan", "test-title": "Plan för nattkameror", "test-summary": "Summering.",
         "test-tested_on": "2026-05-04",
         "test-file": SimpleUploadedFile("plan.pdf", EXE, "application/pdf")},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Den här filtypen kan inte bifogas" in refused.text
    assert 'value="Plan för nattkameror"' in refused.text
    assert not ic.tests.exists()


def test_knowledge_store_search_hits_with_files_in_a_fixed_number_of_queries(
    world, client, testbed, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for i in range(n):
            services.record(
                testbed, world.testbed_owner, kind="result", title=f"Resultat {i}",
                body="Larmkedjan prövad.", is_public=True, upload=pdf(f"r{i}.pdf"),
            )  # fmt: skip

    add(1)
    client.force_login(world.advisor)
    url = reverse("testbeds:results")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).text
    assert page.count("/files/") == 7
    detail = testbed.get_absolute_url()
    client.get(detail)
    with CaptureQueriesContext(connection) as more:
        client.get(detail)
    add(4)
    with django_assert_max_num_queries(len(more.captured_queries)):
        assert client.get(detail).text.count("/files/") == 11
