"""The decision letter: a PDF in the applicant's language with the registry number and a
signature block, attached to the case and linked from the mail and the application."""

import io

from django.urls import reverse
from pypdf import PdfReader

from slussen.cases.models import Attachment
from slussen.fund import services

from .factories import make_application


def _text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_decision_letter_pdf_in_the_applicants_language_attached_to_the_case(
    world, call, client, mailbox, django_capture_on_commit_callbacks
):
    app = make_application(world, call, state="review")
    applicant = app.applicant
    applicant.language = "en"
    applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(app, world.coordinator, grant=True, amount=200_000, motivation="Bra.")
    app.refresh_from_db()
    letter = Attachment.objects.get(case=app.case, pk=app.letter_id)
    assert letter.visible_to_submitter and letter.content_type == "application/pdf"
    text = _text(letter.file.read())
    assert "Decision" in text and app.registry_number in text
    assert "200,000" in text or "200 000" in text
    assert world.coordinator.full_name in text  # the signature block
    mail = mailbox.wait_for(applicant.email)[-1]
    assert reverse("fund:letter", args=[app.pk]) in mailbox.body(mail)
    client.force_login(applicant)
    response = client.get(reverse("fund:letter", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Nobody outside the application reads it.
    client.force_login(world.employee)
    assert client.get(reverse("fund:letter", args=[app.pk])).status_code == 404


def test_decision_letter_rejection_in_swedish(world, call):
    app = make_application(world, call, state="review")
    services.decide(app, world.coordinator, grant=False, motivation="Behovet är inte visat.")
    app.refresh_from_db()
    text = _text(app.letter.file.read())
    assert "Beslut" in text and "Behovet är inte visat." in text
    assert app.registry_number in text


def test_decision_letter_there_is_none_before_the_decision(world, call, client):
    app = make_application(world, call, state="review")
    client.force_login(app.applicant)
    assert client.get(reverse("fund:letter", args=[app.pk])).status_code == 404
