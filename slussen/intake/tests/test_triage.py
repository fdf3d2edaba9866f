"""Triage: decisions with reasons the submitter sees, the work queue, links between cases."""

from django.urls import reverse

from slussen.cases.models import Case
from slussen.core import workflow
from slussen.intake import services
from slussen.intake.models import CaseLink, Submission

from .conftest import link_in


def propose(title, description, organisation=None, email="pia@example.net"):
    data = {"title": title, "description": description, "organisation": organisation,
            "email": email}  # fmt: skip
    submission, token = services.submit_proposal(data, language="sv", client="test")
    return submission, token


def test_a_referral_reaches_the_submitter_with_its_kind_and_reason(world, client, mailbox):
    submission, token = propose("Parkering för föräldrar", "Svårt att parkera.", world.sos)
    mailbox.wait_for("pia@example.net")
    mailbox.clear()
    client.force_login(world.advisor)
    url = reverse("intake:decide", args=[submission.case.pk])
    missing = client.post(url, {"transition": "refer_fund", "reason": ""})
    assert missing.status_code == 400  # a reason is required: the submitter is told why
    client.post(url, {"transition": "refer_fund", "reason": "Sök medel ur Innovationsfonden."})
    case = Case.objects.get(pk=submission.case.pk)
    assert case.state.code == "referred"
    mail = mailbox.wait_for("pia@example.net")[0]
    body = mailbox.body(mail)
    assert "Hänvisa till Innovationsfonden" in body and "Sök medel ur Innovationsfonden." in body
    page = client.get(link_in(body)).text
    assert "Hänvisa till Innovationsfonden" in page and "Sök medel ur Innovationsfonden." in page
    submission.refresh_from_db()
    assert submission.first_response is not None  # the first response was given


def test_triage_page_is_hidden_from_other_organisations(world, client):
    submission, _token = propose("Matsal", "Bättre mat.", world.sos)
    client.force_login(world.advisor_other)
    assert client.get(reverse("intake:case", args=[submission.case.pk])).status_code == 404
    client.force_login(world.advisor)
    assert client.get(reverse("intake:case", args=[submission.case.pk])).status_code == 200


def test_queue_per_organisation_and_for_coordinators(world, client, django_assert_max_num_queries):
    for n in range(6):
        propose(f"Förslag {n} om väntrum", "Fler stolar i väntrummet.", world.sos)
        propose(f"Förslag {n} om hjärtsvikt", "Uppföljning på distans.", world.karolinska)
    client.force_login(world.advisor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("intake:queue")).text
    assert "om väntrum" in page and "om hjärtsvikt" not in page
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("intake:queue")).text
    assert "om väntrum" in page and "om hjärtsvikt" in page
    filtered = client.get(reverse("intake:queue"), {"organisation": world.karolinska.pk}).text
    assert "om väntrum" not in filtered and "om hjärtsvikt" in filtered


def test_queue_shows_what_waits_for_a_decision_unless_asked_for_all(world, client):
    waiting, _t = propose("Väntar på beslut", "Text.", world.sos)
    decided, _t = propose("Redan avgjort", "Text.", world.sos)
    client.force_login(world.advisor)
    client.post(
        reverse("intake:decide", args=[decided.case.pk]),
        {"transition": "close", "reason": "Finns redan."},
    )
    assert Case.objects.get(pk=decided.case.pk).state.is_final
    page = client.get(reverse("intake:queue")).text
    assert "Väntar på beslut" in page and "Redan avgjort" not in page
    everything = client.get(reverse("intake:queue"), {"state": "all"}).text
    assert "Väntar på beslut" in everything and "Redan avgjort" in everything
    closed = client.get(reverse("intake:queue"), {"state": "closed"}).text
    assert "Väntar på beslut" not in closed and "Redan avgjort" in closed


def test_queue_pages_cost_the_same_with_more_rows(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    propose("Ett förslag", "Text.", world.sos)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("intake:queue"))
    for n in range(20):
        propose(f"Förslag {n}", "Text.", world.sos)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("intake:queue"))


def test_bulk_assign_keeps_the_reason_on_each_timeline(world, client):
    one, _t = propose("Företagsförslag ett", "Text.")
    two, _t = propose("Företagsförslag två", "Text.")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("intake:assign"),
        {"cases": [one.case.pk, two.case.pk], "assign-organisation": world.karolinska.pk,
         "assign-handler": world.advisor_other.pk, "assign-reason": "Karolinska har testbädden."},
    )  # fmt: skip
    assert response.status_code == 302
    for submission in (one, two):
        case = Case.objects.get(pk=submission.case.pk)
        assert case.organisation == world.karolinska and case.handler == world.advisor_other
        event = case.events.get(type="assigned")
        assert event.body == "Karolinska har testbädden." and event.visible_to_submitter
    empty = client.post(reverse("intake:assign"), {"assign-reason": "x"})
    assert empty.status_code == 400


def test_advisor_cannot_bulk_assign_other_organisations_cases(world, client):
    other, _t = propose("Hjärtsvikt", "Text.", world.karolinska)
    client.force_login(world.advisor)
    response = client.post(
        reverse("intake:assign"),
        {"cases": [other.case.pk], "assign-handler": world.advisor.pk, "assign-reason": "Min."},
    )
    assert response.status_code == 400  # not in the advisor's queue: nothing chosen
    assert Case.objects.get(pk=other.case.pk).handler is None


def test_marking_a_duplicate_tells_both_submitters_and_deletes_nothing(world, client, mailbox):
    first, _t = propose("Wifi i väntrummet", "Gratis wifi.", world.sos, "a@example.net")
    second, _t = propose("Trådlöst nät för patienter", "Wifi.", world.sos, "b@example.net")
    mailbox.wait_for("b@example.net")
    mailbox.clear()
    client.force_login(world.advisor)
    response = client.post(
        reverse("intake:link", args=[second.case.pk]),
        {"other": first.case.registry_number.lower(), "kind": "duplicate", "reason": "Samma."},
    )
    assert response.status_code == 302
    assert CaseLink.objects.get().kind == "duplicate"
    first_told = mailbox.body(mailbox.wait_for("a@example.net")[0])
    second_told = mailbox.body(mailbox.wait_for("b@example.net")[0])
    assert second.case.registry_number in first_told and "Samma." in first_told
    assert first.case.registry_number in second_told
    assert Case.objects.count() == 4 and Submission.objects.count() == 2
    again = client.post(
        reverse("intake:link", args=[first.case.pk]),
        {"other": second.case.registry_number, "kind": "related"},
    )
    assert again.status_code == 400  # already linked
    secret = client.post(
        reverse("intake:link", args=[first.case.pk]),
        {"other": world.other_case.registry_number, "kind": "related"},
    )
    assert secret.status_code == 400  # a case the advisor may not see is not found


def test_reopened_case_can_be_decided_again(world):
    submission, _t = propose("Skyltar", "Text.", world.sos)
    case = submission.case
    workflow.apply(case, "close", world.advisor, reason="Inte ett innovationsärende.")
    workflow.apply(case, "reopen", world.advisor, reason="Nya uppgifter.")
    assert {t.code for t in workflow.available(case, world.advisor)} >= {
        "accept", "refer", "refer_unit", "refer_fund", "close"
    }  # fmt: skip


def test_bulk_assign_goes_back_only_to_a_page_of_this_site(world, client):
    """The hidden ``back`` field is followed only when it is a relative path of this site."""
    submission, _t = propose("Tillbaka hit", "Text.")
    client.force_login(world.coordinator)

    def assign(back):
        data = {"cases": [submission.case.pk], "assign-organisation": world.foi.pk,
                "assign-reason": "Fördelning.", "back": back}  # fmt: skip
        return client.post(reverse("intake:assign"), data)

    queue = reverse("intake:queue")
    assert assign(f"{queue}?page=2&state=new")["Location"] == f"{queue}?page=2&state=new"
    for evil in (
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http://testserver/triage/",  # absolute, even to this host: only paths are followed
        "triage/",
    ):
        response = assign(evil)
        assert response.status_code == 302 and response["Location"] == queue, evil


def test_bulk_assign_refuses_a_handler_without_the_role(world, client):
    """An external actor, a colleague without a handling role and another organisation's
    advisor are refused as handler, posted by id; nothing is reassigned."""
    mine, _t = propose("Skyltning", "Text.", world.sos)
    client.force_login(world.coordinator)
    for key, organisation in (
        ("external", ""),
        ("external", world.sos.pk),
        ("employee", world.sos.pk),
        ("manager", ""),
        ("advisor_other", world.sos.pk),
        ("advisor_other", ""),  # the case stays at SöS: Karolinska's advisor cannot handle it
    ):
        response = client.post(
            reverse("intake:assign"),
            {"cases": [mine.case.pk], "assign-organisation": organisation,
             "assign-handler": world.users[key].pk, "assign-reason": "Byte"},
        )  # fmt: skip
        assert response.status_code == 400, (key, organisation)
        assert Case.objects.get(pk=mine.case.pk).handler is None, key


def test_the_triage_page_links_the_similar_cases_the_reader_may_open_at_one_cost(
    world, client, django_assert_max_num_queries
):
    """The similar cases on the triage page: those of another organisation the advisor may
    not open are named without a link, her own are linked; whether she may open each is read
    with them, so the page costs the same however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slussen.cases import services as case_services

    def twin(i, **fields):
        return case_services.open_case(
            kind="idea", title=f"IVA-dagbok för anhöriga {i}",
            description="En dagbok efter intensivvården, för de anhöriga och patienterna.",
            organisation=world.karolinska, **fields,
        )  # fmt: skip

    shown, own = twin(0), twin(1, submitter=world.advisor)
    url = reverse("intake:case", args=[world.case.pk])
    client.force_login(world.advisor)
    page = client.get(url).text
    assert shown.registry_number in page and own.registry_number in page
    assert f'href="{shown.get_absolute_url()}"' not in page
    assert f'href="{own.get_absolute_url()}"' in page
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    two = len(few.captured_queries)
    for i in range(2, 5):
        twin(i)
    with django_assert_max_num_queries(two):
        assert client.get(url).text.count("IVA-dagbok för anhöriga") == 5
    client.force_login(world.coordinator)  # may open every case: every one linked
    page = client.get(url).text
    assert f'href="{shown.get_absolute_url()}"' in page
    assert f'href="{own.get_absolute_url()}"' in page


def test_the_queue_reads_the_organisations_once_for_its_two_lists(world, client):
    """The filter's and the assignment's lists of organisations (and the advisor's own, the
    handlers suggested) come from one read, with the same options as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    propose("Ett förslag om väntrum", "Fler stolar.", world.sos)
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("intake:queue")).text
    orgs = [q for q in read.captured_queries if 'FROM "accounts_organisation"' in q["sql"]]
    orgs = [q for q in orgs if '"accounts_organisation"."name"' in q["sql"].split("FROM")[0]]
    assert len(orgs) == 1
    assert page.count(f'<option value="{world.karolinska.pk}">Karolinska') == 2
    page = client.get(reverse("intake:queue"), {"organisation": world.sos.pk}).text
    assert f'<option value="{world.sos.pk}" selected>' in page  # the filter keeps its choice
    assert 'name="assign-organisation"' in page and "Ett förslag om väntrum" in page
    assert f'<option value="{world.cuviva.pk}"' not in page  # no external organisation
