"""The form builder: typed questions with sections, help and conditions, built and previewed
by the coordinator, answered by the applicant with every error named at the top, answers that
follow their question's stable key, snapshots that stay with submitted applications, cloned
calls, and typed questions on the follow-up report form."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.core.models import AuditEvent
from slussen.fund import services
from slussen.fund.models import Answer, Call, Criterion, ReportAnswer

from .factories import make_application, make_call
from .test_applications import form_data

YES_NO = {"type": "yes_no", "text_sv": "Behandlar projektet personuppgifter?", "text_en": ""}
COLUMNS = [
    {"sv": "Aktivitet", "en": "Activity", "type": "text"},
    {"sv": "Belopp", "en": "Amount", "type": "amount"},
    {"sv": "Datum", "en": "Date", "type": "date"},
]


def _rows(call):
    """The call's current form as the builder's rows (what revise_questions takes)."""
    return [
        {
            "key": str(q.key),
            "type": q.type,
            "text_sv": q.text_sv,
            "text_en": q.text_en,
            "required": q.required,
            "options": q.options,
            "max_length": q.max_length,
            "condition_key": str(q.condition_key or ""),
            "condition_value": q.condition_value,
        }
        for q in call.current_questions()
    ]


def _typed_form(world, call):
    """The default ten questions, then a section with one question of every type."""
    rows = _rows(call) + [
        {"type": "section", "text_sv": "Ekonomi och plan"},
        {"type": "short_text", "text_sv": "Kortnamn", "max_length": 10},
        {"type": "number", "text_sv": "Antal deltagande enheter"},
        {"type": "amount", "text_sv": "Medfinansiering"},
        {"type": "date", "text_sv": "Önskat startdatum"},
        {
            "type": "choice",
            "text_sv": "Fas",
            "options": [{"sv": "Idé", "en": "Idea"}, {"sv": "Pilot", "en": "Pilot"}],
        },
        {**YES_NO, "key": "6f1c2f0e-0000-4000-8000-000000000001"},
        {
            "type": "long_text",
            "text_sv": "Beskriv hur personuppgifterna skyddas",
            "condition_key": "6f1c2f0e-0000-4000-8000-000000000001",
            "condition_value": "Ja",
        },
        {"type": "table", "text_sv": "Kostnader per aktivitet", "options": COLUMNS},
    ]
    services.revise_questions(call, world.coordinator, rows)
    call.refresh_from_db()
    return {q.text_sv: q for q in call.current_questions()}


def _post(application, call, **answers):
    """The application form as posted, with the current form's answers from the draft."""
    data = form_data(application, action="save")
    data["manager_email"] = application.manager.pk
    for key in list(data):
        if key.startswith("q_"):
            data.pop(key)
    stored = {a.key: a.text for a in application.answers.all()}
    for q in call.current_questions():
        if q.type in ("section", "file", "table"):
            continue
        data[f"q_{q.pk}"] = stored.get(q.key, "")
    data.update(answers)
    return data


def _summary(page):
    return page.split('class="error-summary"')[1].split("</div>")[0]


# --- The builder -----------------------------------------------------------------------------


def _builder_post(page, **changes):
    """The builder page's formset as the browser posts it."""
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": len(formset.forms),
        "form-INITIAL_FORMS": len(formset.initial),
        "action": "publish",
    }
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            if name == "DELETE":
                continue
            value = form.initial.get(name, "")
            if name == "required":
                if value:
                    data[f"form-{i}-required"] = "on"
                continue
            data[f"form-{i}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_form_builder_rewording_keeps_the_drafts_answer(application, world, client):
    call = application.call
    first = call.current_questions().get(order=0)
    client.force_login(world.coordinator)
    url = reverse("fund:call_questions", args=[call.pk])
    page = client.get(url)
    data = _builder_post(
        page,
        **{
            "form-0-text_sv": "Vilket problem löser projektet?",  # reworded,
            "form-0-type": "short_text",  # retyped,
            "form-0-max_length": "100",
            "form-0-ORDER": "99",  # and moved last
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    call.refresh_from_db()
    reworded = call.current_questions().get(key=first.key)
    assert reworded.text_sv == "Vilket problem löser projektet?"
    assert reworded.type == "short_text" and reworded.order == 9
    client.force_login(world.employee)
    page = client.get(reverse("fund:edit", args=[application.pk])).text
    assert "Vilket problem löser projektet?" in page
    assert f'name="q_{reworded.pk}" value="Svar på fråga 1."' in page  # the answer follows
    response = client.post(reverse("fund:edit", args=[application.pk]), _post(application, call))
    assert response.status_code == 302
    answer = application.answers.get(key=first.key)
    assert answer.question == reworded and answer.text == "Svar på fråga 1."
    assert answer.question_sv == "Vilket problem löser projektet?" and answer.type == "short_text"


def test_form_builder_adds_a_row_with_its_own_key_and_names_a_bad_condition(world, client):
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:call_questions", args=[call.pk])
    page = client.get(url)
    data = _builder_post(page, action="add", new_type="yes_no")
    added = client.post(url, data)
    assert added.status_code == 200
    formset = added.context["formset"]
    assert len(formset.forms) == 11
    new = formset.forms[10]
    assert new["type"].value() == "yes_no" and len(new["key"].value()) == 36
    call.refresh_from_db()
    assert call.form_version == 1  # adding a row publishes nothing
    # A condition on a long-text question cannot hold.
    first_key = formset.forms[0]["key"].value()
    data = _builder_post(
        added,
        **{
            "form-10-text_sv": "Ny fråga",
            "form-10-condition_key": first_key,
            "form-10-condition_value": "Ja",
        },
    )
    data["form-TOTAL_FORMS"] = 11
    for name in ("type", "key", "ORDER"):
        data[f"form-10-{name}"] = new[name].value()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ja-eller-nej-fråga" in _summary(response.text)
    call.refresh_from_db()
    assert call.form_version == 1


def test_form_builder_preview_shows_the_unpublished_rows_as_the_applicant_sees_them(world, client):
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:call_questions", args=[call.pk])
    page = client.get(url)
    data = _builder_post(
        page,
        action="preview",
        **{
            "form-0-type": "choice",
            "form-0-text_sv": "Vilken fas är projektet i?",
            "form-0-options": "Idé | Idea\nPilot | Pilot",
            "form-0-help_sv": "Välj den fas som stämmer bäst.",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Förhandsvisning" in response.text
    assert "Vilken fas är projektet i?" in response.text
    assert 'type="radio"' in response.text and "Välj den fas som stämmer bäst." in response.text
    call.refresh_from_db()
    assert call.form_version == 1  # nothing published
    assert "Vilken fas" not in client.get(reverse("fund:form_preview", args=[call.pk])).text


def test_form_builder_preview_panel_opens_with_a_heading_not_a_question_on_its_border(
    world, client
):
    """A panel has no padding on top (it expects a heading): the preview names the form there,
    so the first question is not drawn across the panel's border."""
    call = make_call(world)
    client.force_login(world.coordinator)
    for params, heading in (({}, "Ansökningsformuläret"), ({"form": "report"}, None)):
        text = client.get(reverse("fund:form_preview", args=[call.pk]), params).text
        panel = text[text.index('<form class="panel stack"') :]
        first = re.search(r"<(h2|h3|div|label|fieldset)\b[^>]*>([^<]*)", panel)
        assert first.group(1) == "h2", panel[:300]
        if heading:
            assert first.group(2) == heading


@pytest.mark.parametrize("role", ["expert", "employee", "prescreener", "external"])
def test_form_builder_only_a_coordinator_edits_previews_or_clones_the_form(world, client, role):
    call = make_call(world)
    person = getattr(world, role)
    client.force_login(person)
    rows = _rows(call)
    rows[0]["text_sv"] = "Kapad fråga"
    for url in (
        reverse("fund:call_questions", args=[call.pk]),
        reverse("fund:call_report_questions", args=[call.pk]),
        reverse("fund:form_preview", args=[call.pk]),
        reverse("fund:call_clone", args=[call.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"form-TOTAL_FORMS": 1, "form-0-text_sv": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.revise_questions(call, person, rows)
    with pytest.raises(PermissionDenied):
        services.clone_call(call, person, title="Kopia")
    call.refresh_from_db()
    assert call.form_version == 1 and Call.objects.count() == 1
    assert not call.questions.filter(text_sv="Kapad fråga").exists()


def test_form_builder_clones_a_call_with_its_forms_criteria_weights_and_settings(world, client):
    call = make_call(world, description="Årets utlysning.", reviewers_per_application=2)
    questions = _typed_form(world, call)
    services.revise_questions(
        call, world.coordinator, [{"type": "amount", "text_sv": "Använda medel"}], form="report"
    )
    services.set_criteria(
        call,
        world.coordinator,
        [{"name_sv": "Behov", "weight": 3}, {"name_sv": "Genomförbarhet", "weight": 1}],
    )
    client.force_login(world.coordinator)
    url = reverse("fund:call_clone", args=[call.pk])
    page = client.get(url)
    assert "(kopia)" in page.text
    opens = timezone.localtime() + timedelta(days=100)
    data = {
        "title": "Innovationsfonden våren 2027",
        "description": "Årets utlysning.",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "budget": 5_000_000,
        "grant_year": opens.year + 1,
        "accepted_kinds": ["new"],
        "reviewers_per_application": 2,
        "experts": [world.expert.pk],
        "prescreeners": [world.prescreener.pk],
    }
    bad = client.post(url, {**data, "closes_at": data["opens_at"]})  # closes before it opens
    assert bad.status_code == 400 and Call.objects.count() == 1
    response = client.post(url, data)
    assert response.status_code == 302
    new = Call.objects.get(title="Innovationsfonden våren 2027")
    assert new.pk != call.pk and new.budget == 5_000_000 and new.reviewers_per_application == 2
    copied = {q.text_sv: q for q in new.current_questions()}
    assert set(copied) == set(questions)
    conditional = copied["Beskriv hur personuppgifterna skyddas"]
    assert conditional.condition_key == questions[YES_NO["text_sv"]].key
    assert copied["Kostnader per aktivitet"].options == COLUMNS
    assert [q.text_sv for q in new.current_report_questions()] == ["Använda medel"]
    assert [(c.name_sv, c.weight) for c in new.criteria.all()] == [
        ("Behov", 3),
        ("Genomförbarhet", 1),
    ]
    assert list(new.experts.all()) == [world.expert]
    assert call.questions.count() + Criterion.objects.filter(call=call).count() > 0  # untouched
    assert AuditEvent.objects.filter(action="fund.call.clone").exists()


# --- The applicant's typed form ---------------------------------------------------------------


def test_form_builder_submit_with_a_table_error_keeps_everything_typed_and_names_it_at_the_top(
    application, world, client
):
    call = application.call
    q = _typed_form(world, call)
    table = q["Kostnader per aktivitet"]
    client.force_login(world.employee)
    data = _post(
        application,
        call,
        title="Ändrad titel",
        action="submit",
        **{
            f"q_{q['Kortnamn'].pk}": "Ett alldeles för långt kortnamn",
            f"q_{q['Antal deltagande enheter'].pk}": "många",
            f"q_{q['Medfinansiering'].pk}": "-5",
            f"q_{q['Önskat startdatum'].pk}": "2027-02-30",
            f"q_{q['Fas'].pk}": "Pilot",
            f"q_{q[YES_NO['text_sv']].pk}": "no",
            f"q_{table.pk}-rows": "2",
            f"q_{table.pk}-0-0": "Förstudie",
            f"q_{table.pk}-0-1": "tjugo",
            f"q_{table.pk}-0-2": "2027-01-01",
            f"q_{table.pk}-1-0": "Pilot",
            f"q_{table.pk}-1-1": "150 000",
            f"q_{table.pk}-1-2": "1 maj",
            "budget-0-amount": "tusen",
        },
    )
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    page = response.text
    summary = _summary(page)
    assert f'href="#id_q_{table.pk}-0-0"' in summary
    assert "Kostnader per aktivitet: rad 1, Belopp" in summary
    assert "rad 2, Datum" in summary
    for name in ("Kortnamn", "Antal deltagande enheter", "Medfinansiering", "Önskat startdatum"):
        assert f'href="#id_q_{q[name].pk}"' in summary
    assert 'href="#id_budget-0-amount"' in summary  # the application's own tables too
    assert "inte inskickad" in page
    # Everything typed is on the page, the wrong answers included.
    for typed in ('value="tjugo"', 'value="1 maj"', 'value="många"', 'value="2027-02-30"'):
        assert typed in page
    assert 'value="Ett alldeles för långt kortnamn"' in page
    # And the draft keeps everything else that was typed.
    application.refresh_from_db()
    assert application.title == "Ändrad titel" and application.state.code == "draft"
    saved = {a.question_sv: a for a in application.answers.all()}
    assert saved["Fas"].text == "Pilot" and saved[YES_NO["text_sv"]].text == "no"
    assert saved["Vilket behov eller problem ska projektet lösa?"].text == "Svar på fråga 1."
    assert saved["Kortnamn"].text == ""  # refused, so not stored
    # Corrected, the typed answers are stored and the table is read back into the form.
    data.update(
        {
            f"q_{q['Kortnamn'].pk}": "VR-vård",
            f"q_{q['Antal deltagande enheter'].pk}": "2,5",
            f"q_{q['Medfinansiering'].pk}": "50 000",
            f"q_{q['Önskat startdatum'].pk}": "2027-02-01",
            f"q_{table.pk}-0-1": "20 000",
            f"q_{table.pk}-1-2": "2027-05-01",
            "budget-0-amount": "1000",
            "action": "save",
        }
    )
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 302
    saved = {a.question_sv: a for a in application.answers.all()}
    assert saved["Antal deltagande enheter"].text == "2.5"
    assert saved["Önskat startdatum"].text == "2027-02-01"
    assert saved["Medfinansiering"].text == "50000"
    assert saved["Kostnader per aktivitet"].value == [
        ["Förstudie", "20000", "2027-01-01"],
        ["Pilot", "150000", "2027-05-01"],
    ]
    page = client.get(reverse("fund:edit", args=[application.pk])).text
    assert f'name="q_{table.pk}-1-1" id="id_q_{table.pk}-1-1" value="150000"' in page


def test_form_builder_a_conditional_question_is_required_only_when_shown(
    application, world, client
):
    call = application.call
    q = _typed_form(world, call)
    asked, conditional = q[YES_NO["text_sv"]], q["Beskriv hur personuppgifterna skyddas"]
    client.force_login(world.employee)
    page = client.get(reverse("fund:edit", args=[application.pk])).text
    assert f'data-show-if="q_{asked.pk}" data-show-value="yes"' in page
    assert "Svara bara om" in page  # the condition, readable without JavaScript
    url = reverse("fund:edit", args=[application.pk])
    filled = {
        f"q_{q['Kostnader per aktivitet'].pk}-rows": "1",
        f"q_{q['Kostnader per aktivitet'].pk}-0-0": "Förstudie",
    }
    for name in ("Kortnamn", "Antal deltagande enheter", "Medfinansiering"):
        filled[f"q_{q[name].pk}"] = "12"
    filled[f"q_{q['Önskat startdatum'].pk}"] = "2027-01-01"
    filled[f"q_{q['Fas'].pk}"] = "Idé"
    yes = _post(
        application,
        call,
        action="submit",
        **filled,
        **{f"q_{asked.pk}": "yes", f"q_{conditional.pk}": ""},
    )
    response = client.post(url, yes)
    assert response.status_code == 400
    assert f'href="#id_q_{conditional.pk}"' in _summary(response.text)
    # Answered "no", the hidden question is not needed, and a stale answer to it is dropped.
    no = {**yes, f"q_{asked.pk}": "no", f"q_{conditional.pk}": "Kryptering."}
    response = client.post(url, no)
    assert response.status_code == 302, _summary(response.text)
    application.refresh_from_db()
    assert application.state.code == "signoff"
    assert application.answers.get(key=conditional.key).text == ""


def test_form_builder_a_removed_question_keeps_its_answer_until_submission(
    application, world, client
):
    call = application.call
    removed = call.current_questions().get(order=2)
    rows = [r for r in _rows(call) if r["key"] != str(removed.key)]
    services.revise_questions(call, world.coordinator, rows)
    call.refresh_from_db()
    client.force_login(world.employee)
    url = reverse("fund:edit", args=[application.pk])
    page = client.get(url).text
    assert "Frågor som tagits bort" in page and "Svar på fråga 3." in page
    response = client.post(url, _post(application, call))  # saving keeps it
    assert response.status_code == 302
    assert application.answers.get(key=removed.key).text == "Svar på fråga 3."
    assert "Svar på fråga 3." in client.get(url).text
    response = client.post(url, _post(application, call, action="submit"))
    assert response.status_code == 302
    assert not application.answers.filter(key=removed.key).exists()
    assert application.answers.count() == 9


def test_form_builder_a_page_loaded_before_the_form_changed_still_saves_its_answers(
    application, world, client
):
    """The applicant opened the form; the coordinator then rewords a question and publishes;
    the applicant's post still names the earlier version's questions."""
    call = application.call
    q = _typed_form(world, call)
    stale = _post(application, call, title="Skrivet innan", action="save")
    table = q["Kostnader per aktivitet"]
    stale[f"q_{table.pk}-rows"] = "1"
    stale[f"q_{table.pk}-0-0"] = "Förstudie"
    stale[f"q_{q['Vilket behov eller problem ska projektet lösa?'].pk}"] = "Nytt svar."
    rows = _rows(call)
    rows[0]["text_sv"] = "Vilket problem löser projektet?"
    services.revise_questions(call, world.coordinator, rows)
    client.force_login(world.employee)
    response = client.post(reverse("fund:edit", args=[application.pk]), stale)
    assert response.status_code == 302
    saved = {a.question_sv: a for a in application.answers.all()}
    assert saved["Vilket problem löser projektet?"].text == "Nytt svar."
    assert saved["Kostnader per aktivitet"].value == [["Förstudie", "", ""]]
    assert application.answers.get(order=1).text == "Svar på fråga 2."


def test_form_builder_changing_the_form_keeps_the_snapshot_of_submitted_applications(world, client):
    call = make_call(world)
    q = _typed_form(world, call)
    application = make_application(world, call, state="review")
    snapshot = list(application.answers.values_list("key", "question_sv", "type", "text"))
    # The coordinator rewords, retypes and removes questions, and adds one.
    rows = _rows(call)
    rows[0]["text_sv"] = "Helt ny formulering"
    rows = [r for r in rows if r["text_sv"] != "Fas"]
    for r in rows:
        if r["text_sv"] == "Medfinansiering":
            r["type"] = "short_text"
    rows.append({"type": "long_text", "text_sv": "En fråga som kom till efteråt"})
    services.revise_questions(call, world.coordinator, rows)
    application.refresh_from_db()
    assert list(application.answers.values_list("key", "question_sv", "type", "text")) == snapshot
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:application", args=[application.pk])).text
    assert "Vilket behov eller problem ska projektet lösa?" in page
    assert "Helt ny formulering" not in page and "En fråga som kom till efteråt" not in page
    assert "Fas" in page and "Ekonomi och plan" in page  # the removed question and the section
    assert q["Fas"].key in {a.key for a in application.answers.all()}


def test_form_builder_huge_input_is_refused_in_words(application, world, client):
    call = application.call
    q = _typed_form(world, call)
    table = q["Kostnader per aktivitet"]
    client.force_login(world.employee)
    data = _post(
        application,
        call,
        **{f"q_{table.pk}-rows": "100000", f"q_{q['Kortnamn'].pk}": "x" * 100_000},
    )
    for r in range(60):
        data[f"q_{table.pk}-{r}-0"] = f"Rad {r}"
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    summary = _summary(response.text)
    assert "högst 50 rader" in summary and f'href="#id_q_{q["Kortnamn"].pk}"' in summary


# --- The follow-up report's typed questions ---------------------------------------------------


def test_form_builder_report_form_asks_typed_questions_beside_the_reports_own_fields(world, client):
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:call_report_questions", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _builder_post(
        page,
        **{"form-0-type": "amount", "form-0-text_sv": "Medfinansiering hittills"},
    )
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.form_version == 1 and call.report_form_version == 1  # only the report's form
    asked = call.current_report_questions().get()
    project = make_application(world, call, state="granted").project
    report = project.reports.get(kind="midterm")
    services.accept_grant(project, world.testbed_owner)
    client.force_login(world.testbed_owner)
    report_url = reverse("fund:report", args=[project.pk, report.pk])
    assert "Medfinansiering hittills" in client.get(report_url).text
    fields = {
        "progress": "Förstudien är klar.",
        "results": "Färre fall.",
        "next_steps": "Pilot.",
        "action": "submit",
        **{f"line_{line.pk}": 45_000 for line in project.application.budget_lines.all()},
    }
    response = client.post(report_url, {**fields, f"q_{asked.pk}": "mycket"})
    assert response.status_code == 400
    assert f'href="#id_q_{asked.pk}"' in _summary(response.text)
    assert "Förstudien är klar." in response.text
    report.refresh_from_db()
    assert report.submitted_at is None
    response = client.post(report_url, {**fields, f"q_{asked.pk}": "25000"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_at and report.progress == "Förstudien är klar."
    answer = ReportAnswer.objects.get(report=report)
    assert (answer.question_sv, answer.text) == ("Medfinansiering hittills", "25000")
    assert "25\xa0000 kr" in client.get(report_url).text


def test_form_builder_an_answer_stored_without_its_key_still_follows_its_question(
    application, world
):
    """Answers from before the keys (or bulk-made by the demo) find theirs through the
    question they were given."""
    Answer.objects.filter(application=application).update(key=None)
    call = application.call
    rows = _rows(call)
    rows[0]["text_sv"] = "Omformulerad"
    services.revise_questions(call, world.coordinator, rows)
    call.refresh_from_db()
    services.save_draft(world.employee, call, application=application, fields={}, answers={})
    answer = application.answers.get(order=0)
    assert (answer.question_sv, answer.text) == ("Omformulerad", "Svar på fråga 1.")


# --- In the browser --------------------------------------------------------------------------


def test_form_builder_in_the_browser_a_conditional_question_built_and_previewed(
    live_server, live_world, page
):
    from slussen.testing.browser import login

    w = live_world
    call = make_call(w)
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}{call.get_absolute_url()}")
    page.get_by_role("link", name="Redigera frågorna").click()
    # A yes-or-no question, then a long text shown only when it is answered "Ja".
    page.get_by_label("Typ för den nya raden").select_option(label="Ja eller nej")
    page.get_by_role("button", name="Lägg till en rad").click()
    page.get_by_label("Fråga eller rubrik (svenska)").last.fill(
        "Behandlar projektet personuppgifter?"
    )
    page.get_by_label("Typ för den nya raden").select_option(label="Lång text")
    page.get_by_role("button", name="Lägg till en rad").click()
    page.get_by_label("Fråga eller rubrik (svenska)").last.fill("Hur skyddas personuppgifterna?")
    page.get_by_label("Hjälptext (svenska)").last.fill("Till exempel kryptering och behörigheter.")
    page.get_by_label("Visa bara när frågan").last.select_option(
        label="11. Behandlar projektet personuppgifter?"
    )
    page.get_by_label("har svaret").last.fill("Ja")
    # The preview before publishing: nothing is published by looking.
    page.get_by_role("button", name="Förhandsvisa som den sökande ser det").click()
    page.get_by_role("heading", name="Förhandsvisning av formuläret").wait_for()
    page.wait_for_load_state()  # conditions.js hides the question once the page has loaded
    conditional = page.get_by_label("Hur skyddas personuppgifterna?")
    # Hidden by conditions.js, which a loaded machine may run a moment after the page's load.
    conditional.wait_for(state="hidden", timeout=5000)
    page.get_by_label("Ja", exact=True).check()
    conditional.wait_for(state="visible")
    page.get_by_text("Till exempel kryptering och behörigheter.").wait_for()
    page.get_by_label("Nej", exact=True).check()
    conditional.wait_for(state="hidden")
    call.refresh_from_db()
    assert call.form_version == 1
    page.go_back()
    page.get_by_role("button", name="Publicera den nya versionen").click()
    page.get_by_text("Version 2 av formuläret är publicerad.").wait_for()
    call.refresh_from_db()
    asked = call.current_questions().get(text_sv="Behandlar projektet personuppgifter?")
    shown = call.current_questions().get(text_sv="Hur skyddas personuppgifterna?")
    assert asked.type == "yes_no"
    assert (shown.condition_key, shown.condition_value) == (asked.key, "yes")
    # The published form, as the applicant sees it.
    page.get_by_role("link", name="Förhandsvisa det publicerade formuläret").click()
    page.wait_for_load_state()
    conditional = page.get_by_label("Hur skyddas personuppgifterna?")
    # Hidden by conditions.js, which a loaded machine may run a moment after the page's load.
    conditional.wait_for(state="hidden", timeout=5000)
    page.get_by_label("Ja", exact=True).check()
    conditional.wait_for(state="visible")


def test_form_builder_refuses_conditions_that_cannot_hold(world):
    call = make_call(world)
    a, b = "6f1c2f0e-0000-4000-8000-00000000000a", "6f1c2f0e-0000-4000-8000-00000000000b"
    cases = [
        # Two questions that each wait for the other would never be shown.
        [
            {
                "key": a,
                "type": "yes_no",
                "text_sv": "A?",
                "condition_key": b,
                "condition_value": "Ja",
            },
            {
                "key": b,
                "type": "yes_no",
                "text_sv": "B?",
                "condition_key": a,
                "condition_value": "Ja",
            },
        ],
        # An answer the question it depends on cannot have.
        [
            {"key": a, "type": "yes_no", "text_sv": "A?"},
            {"type": "long_text", "text_sv": "B?", "condition_key": a, "condition_value": "Kanske"},
        ],
        # A question not in the form.
        [{"type": "long_text", "text_sv": "B?", "condition_key": b, "condition_value": "Ja"}],
        # A choice without options, a table without columns, only a heading.
        [{"type": "choice", "text_sv": "Fas?", "options": [{"sv": "Idé", "en": ""}]}],
        [{"type": "table", "text_sv": "Kostnader"}],
        [{"type": "section", "text_sv": "Bara en rubrik"}],
    ]
    for rows in cases:
        with pytest.raises(ValidationError):
            services.revise_questions(call, world.coordinator, rows)
    call.refresh_from_db()
    assert call.form_version == 1 and call.questions.count() == 10


def test_form_builder_a_file_question_takes_a_checked_file_and_shows_it_to_readers(
    application, world, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    call = application.call
    rows = _rows(call) + [
        {"type": "file", "text_sv": "Avsiktsförklaring från verksamheten", "required": True}
    ]
    services.revise_questions(call, world.coordinator, rows)
    call.refresh_from_db()
    asked = call.current_questions().get(type="file")
    client.force_login(world.employee)
    url = reverse("fund:edit", args=[application.pk])
    data = _post(application, call, action="submit")
    response = client.post(url, data)  # without the file: named at the top, not submitted
    assert response.status_code == 400
    assert f'href="#id_q_{asked.pk}"' in _summary(response.text)
    program = SimpleUploadedFile("intyg.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    response = client.post(url, {**data, f"q_{asked.pk}": program, "title": "Ny titel"})
    assert response.status_code == 400  # not a PDF: refused at its question
    assert f'href="#id_q_{asked.pk}"' in _summary(response.text)
    application.refresh_from_db()
    assert application.title == "Ny titel" and not application.files.exists()
    letter = SimpleUploadedFile("intyg.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(url, {**data, f"q_{asked.pk}": letter})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state.code == "signoff"
    answer = application.answers.get(key=asked.key)
    stored = application.files.get()
    assert (answer.text, answer.value) == ("intyg.pdf", {"file": stored.pk})
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:application", args=[application.pk])).text
    assert reverse("fund:download", args=[application.pk, stored.pk]) in page


def test_form_builder_the_same_form_published_twice_makes_one_version(world, client):
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:call_questions", args=[call.pk])
    data = _builder_post(client.get(url), **{"form-0-help_sv": "Beskriv behovet kort."})
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click, or the back button
    call.refresh_from_db()
    assert call.form_version == 2
    assert call.questions.filter(version=3).count() == 0
    assert AuditEvent.objects.filter(action="fund.call.questions").count() == 1


def test_form_builder_in_english_the_applicant_reads_the_english_texts(world, client, settings):
    call = make_call(world)
    q = _typed_form(world, call)
    rows = _rows(call)
    for row in rows:
        if row["text_sv"] == "Fas":
            row.update(text_en="Phase", help_en="Where the project stands.")
    services.revise_questions(call, world.coordinator, rows)
    client.force_login(world.employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("fund:apply", args=[call.pk])).text
    assert "Phase" in page and "Where the project stands." in page
    assert " Idea</label>" in page and " Yes</label>" in page
    assert "Answer this only if “Behandlar projektet personuppgifter?” is answered “Yes”." in page
    assert "Amount</th>" in page and "Activity</th>" in page  # the table's columns
    assert q["Fas"].text_sv == "Fas"


def test_form_builder_moves_a_row_up_without_publishing(world, client):
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:call_questions", args=[call.pk])
    page = client.get(url)
    third = page.context["formset"].forms[2]["text_sv"].value()
    data = _builder_post(page, move="2:up")
    moved = client.post(url, data)
    assert moved.status_code == 200
    forms = moved.context["formset"].forms
    assert forms[1]["text_sv"].value() == third  # shown in its new place
    assert [f["ORDER"].value() for f in forms[:3]] == ["1", "2", "3"]
    call.refresh_from_db()
    assert call.form_version == 1
    data = _builder_post(moved)
    data.update({k: v for k, v in moved.context["formset"].data.items() if k.startswith("form-")})
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.current_questions().get(order=1).text_sv == third


def test_form_builder_a_continuation_copies_a_table_questions_rows(world, call, client):
    earlier = make_application(world, call, state="granted")
    q = _typed_form(world, call)
    table = q["Kostnader per aktivitet"]
    # The earlier application answered the table (as it stood when it was submitted).
    Answer.objects.create(
        application=earlier,
        question=table,
        key=table.key,
        order=99,
        type="table",
        question_sv=table.text_sv,
        text="Förstudie | 20000 | 2027-01-01\nPilot | 150000",
        value=[["Förstudie", "20000", "2027-01-01"], ["Pilot", "150000"]],
    )
    url = reverse("fund:apply", args=[call.pk]) + f"?continue={earlier.pk}"
    client.force_login(earlier.applicant)
    page = client.get(url).text
    assert f'name="q_{table.pk}-0-0" id="id_q_{table.pk}-0-0" value="Förstudie"' in page
    assert f'name="q_{table.pk}-0-1" id="id_q_{table.pk}-0-1" value="20000"' in page
    assert f'name="q_{table.pk}-1-1" id="id_q_{table.pk}-1-1" value="150000"' in page
    # A short row is filled out to the table's columns, and text answers are copied as before.
    assert f'name="q_{table.pk}-1-2" id="id_q_{table.pk}-1-2" value=""' in page
    assert "Svar på fråga 1." in page
    # Someone else's application copies nothing.
    client.force_login(world.employee)
    assert client.get(url).status_code == 404
