import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from slussen.cases import services
from slussen.cases.models import CaseEvent
from slussen.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_comment_internal_hidden_from_submitter(world, client):
    client.force_login(world.advisor)
    client.post(
        reverse("cases:comment", args=[world.case.pk]),
        {"body": "Intern anteckning", "internal": "on"},
    )
    client.post(reverse("cases:comment", args=[world.case.pk]), {"body": "Tack för ditt förslag!"})
    client.force_login(world.employee)  # the submitter
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert "Tack för ditt förslag!" in page
    assert "Intern anteckning" not in page


def test_submitter_cannot_make_internal_comments(world, client):
    client.force_login(world.employee)
    client.post(reverse("cases:comment", args=[world.case.pk]), {"body": "Fråga", "internal": "on"})
    event = world.case.events.get(type="comment")
    assert event.visible_to_submitter


def test_empty_comment_is_refused_with_a_message(world, client):
    client.force_login(world.advisor)
    response = client.post(reverse("cases:comment", args=[world.case.pk]), {"body": ""})
    assert response.status_code == 400
    assert not world.case.events.filter(type="comment").exists()


def test_pdf_attachment_is_stored_and_downloadable(world, client):
    client.force_login(world.advisor)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("cases:attach", args=[world.case.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = world.case.attachments.get()
    assert attachment.content_type == "application/pdf"
    download = client.get(reverse("cases:download", args=[world.case.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_file_type_is_sniffed_from_content_not_name(world):
    exe = SimpleUploadedFile("harmless.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError):
        services.add_attachment(world.case, world.advisor, exe)
    assert not world.case.attachments.exists()


def test_file_size_limit(world, settings, client):
    settings.ATTACHMENT_MAX_BYTES = 10
    client.force_login(world.advisor)
    upload = SimpleUploadedFile("plan.pdf", PDF)
    response = client.post(reverse("cases:attach", args=[world.case.pk]), {"file": upload})
    assert response.status_code == 400
    assert "gränsen" in response.text or "limit" in response.text


def test_timeline_is_append_only(world):
    event = world.case.events.first()
    event.body = "ändrat"
    with pytest.raises(ValueError):
        event.save()


def test_reading_a_secret_case_is_audited(world, client):
    client.force_login(world.advisor_other)
    client.get(reverse("cases:detail", args=[world.other_case.pk]))
    read = AuditEvent.objects.filter(action="case.read", object_id=str(world.other_case.pk))
    assert read.get().actor == world.advisor_other
    client.get(reverse("cases:detail", args=[world.case.pk]))  # public: not a disclosure
    assert not AuditEvent.objects.filter(action="case.read", object_id=str(world.case.pk))


def test_coordinator_sees_the_audit_trail_advisor_does_not(world, client):
    client.force_login(world.advisor)
    assert client.get(reverse("cases:audit", args=[world.case.pk])).status_code == 403
    client.force_login(world.coordinator)
    response = client.get(reverse("cases:audit", args=[world.case.pk]))
    assert response.status_code == 200
    assert "Registrerade ärendet" in response.text and "case.open" not in response.text


def test_transition_needs_a_reason_and_lands_on_timeline(world, client):
    client.force_login(world.advisor)
    url = reverse("cases:transition", args=[world.case.pk])
    client.post(url, {"transition": "start_assessment", "reason": ""})
    world.case.refresh_from_db()
    assert world.case.state.code == "new"
    client.post(url, {"transition": "start_assessment", "reason": "Vi tittar på det"})
    world.case.refresh_from_db()
    assert world.case.state.code == "assessing"
    event = world.case.events.get(type=CaseEvent.Type.TRANSITION)
    assert event.body == "Vi tittar på det" and event.visible_to_submitter


def test_submitter_cannot_change_status(world, client):
    client.force_login(world.employee)
    url = reverse("cases:transition", args=[world.case.pk])
    response = client.post(url, {"transition": "close", "reason": "x"})
    assert response.status_code == 403


def test_reassign_keeps_reason(world, client):
    client.force_login(world.coordinator)
    client.post(
        reverse("cases:reassign", args=[world.case.pk]),
        {"organisation": world.karolinska.pk, "handler": "", "reason": "Rätt enhet"},
    )
    world.case.refresh_from_db()
    assert world.case.organisation == world.karolinska
    assert world.case.events.get(type="assigned").body == "Rätt enhet"


def test_registering_an_item_by_hand(world, client):
    client.force_login(world.advisor)
    response = client.post(
        reverse("cases:create"),
        {
            "kind": "document",
            "title": "Brev från patientförening",
            "description": "Inkom per post",
            "organisation": world.sos.pk,
            "secrecy": "public",
            "secrecy_reference": "",
        },
    )
    assert response.status_code == 302
    client.force_login(world.employee)
    assert client.get(reverse("cases:create")).status_code == 403


def test_secret_case_needs_osl_reference(world, client):
    client.force_login(world.advisor)
    response = client.post(
        reverse("cases:create"),
        {
            "kind": "document",
            "title": "Affärshemlighet",
            "description": "Text",
            "organisation": world.sos.pk,
            "secrecy": "secret",
            "secrecy_reference": "",
        },
    )
    assert response.status_code == 400
    assert "OSL" in response.text
    assert 'value="Affärshemlighet"' in response.text  # nothing typed is lost


def test_timeline_shows_status_names_not_codes(world, client):
    from slussen.core import workflow

    workflow.apply(world.case, "start_assessment", world.advisor, reason="Vi läser")
    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert "Från Ny till Bedöms" in page


def test_reassign_refuses_a_handler_without_the_role_for_the_organisation(world, client):
    """An external actor, a colleague without a handling role and another organisation's advisor
    are refused as handler even when their id is posted directly; the organisation's advisor
    is accepted."""
    client.force_login(world.coordinator)
    url = reverse("cases:reassign", args=[world.case.pk])
    for key in ("external", "employee", "manager", "advisor_other"):
        response = client.post(
            url,
            {"organisation": world.sos.pk, "handler": world.users[key].pk, "reason": "Byte"},
        )
        assert response.status_code == 400, key
        assert "kan inte väljas här" in response.text, key
        world.case.refresh_from_db()
        assert world.case.handler_id is None, key
    # Karolinska's advisor may handle it once it is moved to Karolinska.
    response = client.post(
        url,
        {"organisation": world.karolinska.pk, "handler": world.advisor_other.pk, "reason": "Byte"},
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.handler == world.advisor_other


def test_reassign_service_refuses_an_external_handler(world):
    with pytest.raises(ValidationError):
        services.reassign(
            world.case,
            world.coordinator,
            organisation=world.sos,
            handler=world.external,
            reason="x",
        )
    world.case.refresh_from_db()
    assert world.case.handler_id is None


def test_a_long_audit_trail_is_read_in_pages_with_nothing_left_out(world, client):
    """Every read is logged, so a case's trail grows; it was cut at 500 events without a word."""
    from slussen.cases.views import AUDIT_PAGE_SIZE
    from slussen.core import audit

    for _ in range(AUDIT_PAGE_SIZE + 20):
        audit.record(world.advisor, "case.read", world.case)
    client.force_login(world.coordinator)
    url = reverse("cases:audit", args=[world.case.pk])
    first = client.get(url).content.decode()
    assert first.count("<tr><td>") == AUDIT_PAGE_SIZE
    assert 'rel="next"' in first and "Sida 1 av 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<tr><td>") >= 20 and "Registrerade ärendet" in second


def test_the_button_that_registers_a_case_says_register_not_the_register_s_name(world, client):
    client.force_login(world.advisor)
    page = client.get(reverse("cases:create")).content.decode()
    assert '<button type="submit">Registrera</button>' in page


def test_the_case_page_suggests_similar_cases_within_what_the_reader_may_see(world, client):
    from slussen.cases import services as case_services

    secret_twin = case_services.open_case(
        kind="idea", title="IVA-dagbok för anhöriga",
        description="En dagbok efter intensivvården, för de anhöriga.",
        organisation=world.karolinska, secrecy="secret", secrecy_reference="OSL 25 kap. 1 §",
    )  # fmt: skip
    public_twin = case_services.open_case(
        kind="idea", title="Dagboken på intensiven",
        description="Dagböcker som hjälper patienter att tillfriskna efter intensivvård.",
        organisation=world.sos,
    )  # fmt: skip
    url = reverse("cases:detail", args=[world.case.pk])  # "IVA-dagboken"
    client.force_login(world.advisor)  # SöS: does not see Karolinska's secret case
    page = client.get(url).text
    assert "Liknande ärenden" in page
    assert public_twin.registry_number in page
    assert secret_twin.registry_number not in page
    client.force_login(world.coordinator)
    assert secret_twin.registry_number in client.get(url).text


def _twins(world, n, **fields):
    """``n`` cases of Karolinska worded like ``world.case`` ("IVA-dagboken"), public unless
    told otherwise: similar cases an advisor of SöS is shown but may not open."""
    from slussen.cases import services as case_services

    return [
        case_services.open_case(
            kind="idea",
            title=f"IVA-dagbok för anhöriga {i}",
            description="En dagbok efter intensivvården, för de anhöriga och patienterna.",
            organisation=world.karolinska,
            **fields,
        )  # fmt: skip
        for i in range(n)
    ]


def test_similar_cases_link_to_those_the_reader_may_open_and_name_the_others(world, client):
    shown = _twins(world, 1)[0]  # Karolinska's, public: shown, not to be opened by SöS
    own = _twins(world, 1, submitter=world.advisor)[0]  # she submitted it: hers to open
    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert shown.registry_number in page and own.registry_number in page
    assert f'href="{shown.get_absolute_url()}"' not in page
    assert f'href="{own.get_absolute_url()}"' in page
    client.force_login(world.coordinator)  # region-wide: opens both
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert f'href="{shown.get_absolute_url()}"' in page
    assert f'href="{own.get_absolute_url()}"' in page


def test_a_case_named_on_an_innovation_case_is_linked_for_the_person_named(world, client):
    """The participants' branch of ``case.view`` (an innovation case naming the reader): the
    manager of SöS handles no cases, but opens those whose innovation case names her."""
    from slussen.process.tests.conftest import start_service_case

    named, other = _twins(world, 2, secrecy="partial")
    for case in (named, other):
        case.organisation = world.sos
        case.save(update_fields=["organisation"])
    start_service_case(world, named)
    start_service_case(world)  # world.case: hers too
    client.force_login(world.manager)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert f'href="{named.get_absolute_url()}"' in page
    assert other.registry_number not in page  # not hers to see at all


@pytest.mark.parametrize("role", ["advisor", "coordinator", "employee"])
def test_the_case_page_costs_the_same_however_many_similar_cases_it_shows(
    world, client, role, django_assert_max_num_queries
):
    """Whether the reader may open each similar case is read with the cases, not asked of
    each one (an advisor's page asked two questions per case of another organisation)."""
    _twins(world, 1)
    user = getattr(world, role)
    client.force_login(user)
    url = reverse("cases:detail", args=[world.case.pk])
    client.get(url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9000 queries: building the world may have filled it
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    one = len(few.captured_queries)
    _twins(world, 4)
    assert client.get(url).text.count('class="regno"') >= 5
    with django_assert_max_num_queries(one):
        client.get(url)


def test_the_innovation_case_and_its_advisor_are_read_with_the_case(world, client):
    """The case page names the innovation case's advisor: read with the case, not two queries
    of their own; a case without one shows none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slussen.process.tests.conftest import start_service_case

    ic = start_service_case(world)
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert reverse("process:detail", args=[ic.pk]) in page and "Sara Holm" in page
    own = [q["sql"] for q in read.captured_queries]
    assert not [q for q in own if q.startswith('SELECT "process_innovationcase"."id"')]
    other = _twins(world, 1, submitter=world.advisor)[0]
    page = client.get(reverse("cases:detail", args=[other.pk])).text
    assert "Innovationsrådgivare" not in page
