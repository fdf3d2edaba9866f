from django.urls import reverse

from slussen.cases.models import Case, Kind
from slussen.core.models import AuditEvent

REPORT = {
    "name": "Gun Persson",
    "email": "gun.persson@example.net",
    "page": "http://testserver/cases/new/",
    "description": "Jag når inte knappen Registrera med tangentbordet.",
}


def test_statement_says_what_the_law_asks(world, client):
    page = client.get(reverse("pages:accessibility")).text
    for text in [
        "Tillgänglighetsredogörelse",
        "delvis förenlig",  # status of compliance
        "EN 301 549",
        "WCAG 2.1",
        "Innehåll som inte är tillgängligt",  # known shortcomings
        "axe-core",  # how it was tested
        "innovation.foi@example.org",  # contact: the central coordinators' unit
        "Myndigheten för digital förvaltning",
        "digg.se",
        reverse("pages:accessibility_report"),
    ]:
        assert text in page, text


def test_every_page_links_the_statement_and_the_report_form(world, client):
    client.force_login(world.advisor)
    page = client.get(reverse("cases:register")).text
    assert f'href="{reverse("pages:accessibility")}"' in page
    assert f"{reverse('pages:accessibility_report')}?page=/cases/" in page


def test_report_from_the_footer_names_the_page(world, client):
    page = client.get(reverse("pages:accessibility_report") + "?page=/cases/%3Fq%3Dx").text
    assert 'value="http://testserver/cases/?q=x"' in page


def test_anonymous_report_becomes_a_case_of_the_region_with_a_receipt(
    world, client, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pages:accessibility_report"), REPORT)
    assert response.status_code == 302
    case = Case.objects.get(kind=Kind.ACCESSIBILITY_REPORT)
    assert case.organisation == world.region
    assert case.title == "Tillgänglighetsproblem: http://testserver/cases/new/"
    assert REPORT["description"] in case.description
    assert (case.submitter, case.submitter_name, case.submitter_email) == (
        None,
        "Gun Persson",
        "gun.persson@example.net",
    )
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.pk)).exists()

    sent = client.get(response["Location"]).text
    assert case.registry_number in sent and "Vad händer nu" in sent

    (mail,) = mailbox.wait_for("gun.persson@example.net")
    assert case.registry_number in mail["Subject"]
    body = mailbox.body(mail)
    assert "Hej Gun Persson" in body and "fem arbetsdagar" in body and "DIGG" in body


def test_name_and_email_are_optional_and_no_receipt_is_sent(
    world, client, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pages:accessibility_report"), {**REPORT, "name": "", "email": ""}
        )
    assert response.status_code == 302
    case = Case.objects.get(kind=Kind.ACCESSIBILITY_REPORT)
    assert case.submitter_email == ""
    assert mailbox.messages == []


def test_signed_in_reporter_can_follow_the_case(world, client):
    client.force_login(world.employee)
    form = client.get(reverse("pages:accessibility_report")).text
    assert 'value="employee@example.org"' in form  # prefilled, may be changed
    client.post(reverse("pages:accessibility_report"), REPORT)
    case = Case.objects.get(kind=Kind.ACCESSIBILITY_REPORT)
    assert case.submitter == world.employee
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_invalid_report_answers_400_and_keeps_what_was_typed(world, client):
    response = client.post(
        reverse("pages:accessibility_report"),
        {**REPORT, "email": "gun(at)example.net", "description": ""},
    )
    assert response.status_code == 400
    page = response.text
    assert 'role="alert"' in page
    assert 'value="Gun Persson"' in page and 'value="gun(at)example.net"' in page
    assert not Case.objects.filter(kind=Kind.ACCESSIBILITY_REPORT).exists()


def test_demo_seed_is_idempotent(world):
    from slussen.pages import demo

    assert demo.seed(None).startswith("1 accessibility report")
    assert demo.seed(None) == "accessibility report already there"
    assert Case.objects.filter(kind=Kind.ACCESSIBILITY_REPORT).count() == 1
