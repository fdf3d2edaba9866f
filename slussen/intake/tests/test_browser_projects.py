"""The suggestion box in headless Chromium: a patient writing a proposal sees one project's two
cases (the same need written for two hospitals) as one suggestion with the other case named
beside it, and the next project in the place the second would have taken."""

from slussen.intake import services

from .test_browser_flows import PATIENCE, shot

PROJECT = "Digital läkemedelsgenomgång för äldre"


def _proposal(world, title, description, org):
    submission, _token = services.submit_proposal(
        {"title": title, "description": description, "organisation": org},
        language="sv",
        client="test",
    )
    return submission.case


def test_a_patient_sees_one_projects_two_cases_as_one_suggestion(live_server, live_world, page):
    w = live_world
    sos = _proposal(w, f"{PROJECT} – Södersjukhuset", f"{PROJECT} inom Södersjukhuset.", w.sos)
    ks = _proposal(
        w,
        f"{PROJECT} – Karolinska Universitetssjukhuset",
        f"{PROJECT} inom Karolinska Universitetssjukhuset.",
        w.karolinska,
    )
    other = _proposal(
        w,
        "Läkemedelsgenomgång på distans i hemmet",
        "Äldre patienter med många läkemedel får en genomgång på distans.",
        w.sos,
    )
    page.set_default_timeout(PATIENCE)
    page.goto(f"{live_server.url}/proposal/")
    page.get_by_label("Ditt förslag i en mening").fill(f"{PROJECT} patienter")
    page.get_by_label("Beskriv ditt förslag").fill("Läkemedelsgenomgång för äldre patienter.")
    page.locator("#similar li", has_text=other.registry_number).wait_for()
    items = page.locator("#similar li")
    assert items.count() == 2
    project = items.filter(has_text="Samma projekt, ett ärende till:")
    text = project.inner_text()
    assert sos.registry_number in text and ks.registry_number in text
    # The sibling is named with its hospital, in full, as the patient reads the handler's.
    assert "(Karolinska Universitetssjukhuset)" in text or "(Södersjukhuset)" in text
    shot(page, "similar-one-project")
