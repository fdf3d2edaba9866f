"""A whole fund round in headless Chromium, with real mail: assigned reviewers, one of whom is
conflicted and replaced and the other reminded; the application sent back once for more
information and completed; granted in a batch; the PDF decision letter on the case; the
applicant accepts the grant and submits the mid-term report with an attachment, which the
coordinator reads.

Each step is a function of the round, so the round can be continued (acceptance of the grant,
follow-up reports) by adding steps after ``letter_on_the_case``."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.cases.models import Attachment
from slussen.fund import tasks
from slussen.fund.models import Application, Assignment
from slussen.testing.browser import login

from .factories import make_application, make_call

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUESTION = "Hur många patienter når piloten? Räkna också om budgeten för utrustningen."
ANSWER = "Piloten når 400 patienter; utrustningen hyrs i stället, så budgeten är sänkt."


@dataclass
class Round:
    page: object
    live_server: object
    w: object
    mailbox: object
    call: object = None
    application: object = None  # the application followed through the round
    other: object = None  # another application of the call, decided in the same batch
    conflicted: object = None  # the expert first assigned, who declares a conflict
    expert: object = None  # the expert who takes the place

    def as_(self, user):
        self.page.context.clear_cookies()
        login(self.page, self.live_server, user)

    def go(self, path):
        self.page.goto(f"{self.live_server.url}{path}")

    def link_in_mail(self, to, count=1):
        message = self.mailbox.wait_for(to, count=count)[-1]
        return re.search(r"https?://\S+", self.mailbox.body(message)).group(0)

    def refresh(self):
        self.application.refresh_from_db()
        return self.application


def open_the_round(r):
    """A call with two experts, one to review each application, reviews due in two days; two
    applications approved by their managers wait for pre-screening (the applicant's own path
    to there is ``test_browser_flow``)."""
    w = r.w
    Membership.objects.get_or_create(user=w.advisor, organisation=w.rlk, role="expert")
    r.call = make_call(
        w, reviewers_per_application=1, review_deadline=timezone.now() + timedelta(days=2)
    )
    r.call.experts.set([w.expert, w.advisor])
    r.application = make_application(w, r.call, state="prescreening")
    r.other = make_application(w, r.call, state="review")
    Application.objects.filter(pk=r.other.pk).update(title="Digital ronderingslista")
    r.other.refresh_from_db()


def prescreen(r):
    """The pre-screener finds the requirements met: one expert is assigned, balanced."""
    r.as_(r.w.prescreener)
    r.go("/fund/")
    r.page.get_by_role("region", name="Att förhandsgranska").get_by_role(
        "link", name=r.application.title
    ).click()
    r.page.get_by_label("Uppfyller kraven", exact=True).check()
    r.page.get_by_label("Motivering").fill("Uppfyller kraven och kriterierna.")
    r.page.get_by_role("button", name="Registrera förhandsgranskningen").click()
    r.page.get_by_text("Förhandsgranskningen är registrerad.").wait_for()
    (first,) = Assignment.objects.filter(application=r.application)
    r.conflicted = first.expert
    r.expert = r.w.advisor if first.expert == r.w.expert else r.w.expert


def conflict_and_replace(r):
    """The assigned expert declares a conflict of interest; the other expert takes the place."""
    r.as_(r.conflicted)
    r.go(f"/fund/applications/{r.application.pk}/review/")
    r.page.get_by_label("Ja, jag är jävig").check()
    r.page.get_by_label("Om jävet").fill("Projektledaren är min syster.")
    r.page.get_by_role("button", name="Registrera min jävsdeklaration").click()
    r.page.get_by_text("Ditt jäv är registrerat").wait_for()
    assigned = set(
        Assignment.objects.filter(application=r.application).values_list("expert", flat=True)
    )
    assert assigned == {r.expert.pk}


def remind(r):
    """The reminder job runs as the deadline nears: the new expert reads the reminder."""
    assert tasks.send_review_reminders.call() >= 1
    r.as_(r.expert)
    r.go("/notifications/")
    r.page.get_by_text(f"Granska ”{r.application.title}” senast").first.wait_for()


def send_back(r):
    """The coordinator asks for more information; the applicant is told by e-mail."""
    r.as_(r.w.coordinator)
    r.go(f"/fund/applications/{r.application.pk}/")
    r.page.get_by_label("Din fråga till den sökande").fill(QUESTION)
    r.page.get_by_role("button", name="Skicka tillbaka ansökan med frågan").click()
    r.page.get_by_text("Ansökan är skickad tillbaka till den sökande").wait_for()
    assert r.refresh().state.code == "more_info"


def complete_and_answer(r):
    """The applicant follows the mail, reads the question, lowers the budget and answers."""
    applicant = r.application.applicant
    r.as_(applicant)
    r.page.goto(r.link_in_mail(applicant.email, count=3))  # receipt, sign-off, the question
    thread = r.page.get_by_role("region", name="Frågor och svar")
    thread.get_by_text(QUESTION).wait_for()
    thread.get_by_role("link", name="Komplettera ansökan").click()
    r.page.get_by_label("Belopp (kr), rad 2").fill("60000")
    r.page.get_by_role("button", name="Spara och gå till frågan").click()
    r.page.get_by_text("Dina ändringar är sparade.").wait_for()
    r.page.get_by_label("Ditt svar", exact=True).fill(ANSWER)
    r.page.get_by_role("button", name="Skicka ditt svar och ansökan").click()
    r.page.get_by_text("Ditt svar och den kompletterade ansökan är skickade.").wait_for()
    assert r.refresh().state.code == "review"


def review(r):
    """The expert is told, sees what the answer changed, declares and scores."""
    r.as_(r.expert)
    r.go(f"/fund/applications/{r.application.pk}/")
    changes = r.page.get_by_role("table", name="Vad svaret ändrade i ansökan")
    row = changes.get_by_role("row", name=re.compile("Budget"))
    assert "VR-utrustning: 90\xa0000" in row.inner_text()
    assert "VR-utrustning: 60\xa0000" in row.inner_text()
    r.page.get_by_role("link", name="Granska ansökan").click()
    r.page.get_by_label("Jag är inte jävig").check()
    r.page.get_by_role("button", name="Registrera min jävsdeklaration").click()
    for criterion in r.call.criteria.all():
        r.page.get_by_role("group", name=criterion.name_sv).get_by_label("4").check()
    r.page.get_by_label("Bevilja", exact=True).check()
    r.page.get_by_role("button", name="Spara min granskning").click()
    r.page.get_by_text("Din granskning är sparad.").wait_for()


def grant_in_a_batch(r):
    """The decision meeting: from the call's overview, the application is granted and the
    other rejected, in one go."""
    r.as_(r.w.coordinator)
    r.go(f"/fund/calls/{r.call.pk}/overview/")
    r.page.get_by_role("link", name="Besluta om flera ansökningar").click()
    line = r.page.get_by_role("group", name=re.compile(re.escape(r.application.title)))
    line.get_by_label("Besluta om den här ansökan nu").check()
    line.get_by_label("Bevilja", exact=True).check()
    line.get_by_label("Beviljat belopp (kr)").fill("210000")
    line.get_by_label("Motivering").fill("Tydligt behov och mätbar nytta.")
    other = r.page.get_by_role("group", name=re.compile(r.other.title))
    other.get_by_label("Besluta om den här ansökan nu").check()
    other.get_by_label("Avslå").check()
    other.get_by_label("Motivering").fill("Nyttan är inte visad.")
    r.page.get_by_role("button", name="Registrera de valda besluten och skicka breven").click()
    r.page.get_by_text("2 beslut är registrerade och deras brev skickade.").wait_for()
    app = r.refresh()
    assert (app.state.code, app.granted_amount) == ("granted", 210_000)
    r.other.refresh_from_db()
    assert r.other.state.code == "rejected"


def letter_on_the_case(r):
    """The PDF decision letter is attached to the registry case, visible on its page."""
    app = r.refresh()
    letter = Attachment.objects.get(pk=app.letter_id)
    assert letter.case_id == app.case_id and letter.filename.endswith(".pdf")
    r.go(f"/cases/{app.case_id}/")
    r.page.get_by_role("link", name=letter.filename).wait_for()
    response = r.page.request.get(f"{r.live_server.url}/fund/applications/{app.pk}/letter.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def accept_the_grant(r):
    """The applicant finds the granted project on the fund's page and accepts the grant and
    its conditions."""
    applicant = r.application.applicant
    r.as_(applicant)
    r.go("/fund/")
    r.page.get_by_role("region", name="Dina beviljade projekt").get_by_role(
        "link", name=r.application.title
    ).click()
    r.page.get_by_role("button", name="Acceptera bidraget och villkoren").click()
    r.page.get_by_text("Tack, bidraget och dess villkor är accepterade.").wait_for()
    r.page.get_by_text(f"Accepterat av {applicant.full_name}").wait_for()


def midterm_report_with_an_attachment(r, tmp_path):
    """The applicant submits the mid-term report with the money used per budget line and a PDF;
    the coordinator finds it with its attachment."""
    pdf = tmp_path / "halvtid.pdf"
    pdf.write_bytes(PDF)
    r.page.get_by_role("link", name="Halvtidsrapport").click()
    r.page.get_by_label("Vad som har gjorts").fill("Piloten på två avdelningar är igång.")
    r.page.get_by_label("Resultat och uppmätt nytta").fill("400 patienter nåddes under våren.")
    r.page.get_by_label("Nästa steg").fill("Verksamheten tar över i höst.")
    for field in r.page.get_by_label(re.compile("Använt hittills på")).all():
        field.fill("50000")
    r.page.get_by_label("Bifoga en fil").set_input_files(str(pdf))
    r.page.get_by_role("button", name="Skicka in rapporten").click()
    r.page.get_by_text("Tack, rapporten är inskickad.").wait_for()
    r.as_(r.w.coordinator)
    r.go("/fund/")
    r.page.get_by_role("link", name="Beviljade projekt").click()
    r.page.get_by_role("row").filter(has_text=r.application.title).get_by_role(
        "link", name=r.application.title
    ).click()
    r.page.get_by_role("link", name="Halvtidsrapport").click()
    r.page.get_by_role("link", name="halvtid.pdf").wait_for()
    r.page.get_by_text("400 patienter nåddes under våren.").wait_for()


def test_fund_round_with_reviewers_more_information_and_a_batch_decision(
    live_server, live_world, page, mailbox, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    r = Round(page, live_server, live_world, mailbox)
    open_the_round(r)
    prescreen(r)
    conflict_and_replace(r)
    remind(r)
    send_back(r)
    complete_and_answer(r)
    review(r)
    grant_in_a_batch(r)
    letter_on_the_case(r)
    accept_the_grant(r)
    midterm_report_with_an_attachment(r, tmp_path)
