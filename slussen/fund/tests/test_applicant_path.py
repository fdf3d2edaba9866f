"""The applicant's path: one submit that names every missing answer and keeps the draft, one
application however often the button is pressed, drafts that can be deleted, table errors
named at the top, and answers that follow a reworded question."""

import uuid

from django.urls import reverse

from slussen.core.models import AuditEvent
from slussen.fund import services
from slussen.fund.models import Application

from .factories import make_application
from .test_applications import form_data


def _new_form(application, **changes):
    data = form_data(application, **changes)
    data["manager_email"] = application.manager.pk
    return data


def test_submit_with_an_unanswered_question_names_it_and_keeps_the_draft(
    application, world, client
):
    client.force_login(world.employee)
    first, second = application.answers.all()[:2]
    data = _new_form(
        application, **{f"q_{second.question_id}": "", "title": "Ny titel", "action": "submit"}
    )
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    page = response.text
    assert 'class="error-summary"' in page
    assert f'href="#id_q_{second.question_id}"' in page  # the unanswered question, named
    assert "inte inskickad" in page
    assert "Ditt utkast är sparat" not in page
    application.refresh_from_db()
    assert application.state.code == "draft" and application.submitted_at is None
    assert application.title == "Ny titel"  # everything typed is kept
    assert application.answers.get(question_id=first.question_id).text == first.text


def test_double_submit_of_a_new_application_creates_one(world, call, client):
    template = make_application(world, call)  # the testbed owner's, only to build the post
    client.force_login(world.testbed_owner)
    token = str(uuid.uuid4())
    data = _new_form(template, draft_token=token, title="Dubbelklick", action="submit")
    for key in list(data):
        if key.startswith("q_"):
            data.pop(key)
    for q in call.current_questions():
        data[f"q_{q.pk}"] = "Svar."
    url = reverse("fund:apply", args=[call.pk])
    first = client.post(url, data)
    second = client.post(url, data)  # the double click, or the back button and submit again
    made = Application.objects.filter(title="Dubbelklick")
    assert made.count() == 1
    app = made.get()
    assert app.state.code == "signoff"
    assert first.status_code == 302 and second.status_code == 302
    assert second.url == app.get_absolute_url()
    # Submitting again from the edit page answers with the submitted application, not 403.
    again = client.post(reverse("fund:edit", args=[app.pk]), data)
    assert again.status_code == 302 and again.url == app.get_absolute_url()
    assert Application.objects.filter(title="Dubbelklick").count() == 1


def test_a_failed_submit_of_a_new_application_then_saves_into_the_same_draft(world, call, client):
    client.force_login(world.employee)
    data = {
        "kind": "new",
        "title": "Halvfärdig",
        "organisation": world.sos.pk,
        "sector": "health_care",
        "action": "submit",
        "draft_token": str(uuid.uuid4()),
        **{f"{p}-TOTAL_FORMS": 0 for p in ("participants", "milestones", "budget")},
        **{f"{p}-INITIAL_FORMS": 0 for p in ("participants", "milestones", "budget")},
    }
    url = reverse("fund:apply", args=[call.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    app = Application.objects.get(title="Halvfärdig")
    # The page now posts to the draft itself.
    assert f'action="{reverse("fund:edit", args=[app.pk])}"' in response.text
    client.post(url, data)
    assert Application.objects.filter(title="Halvfärdig").count() == 1


def test_the_owner_deletes_an_orphan_draft_and_nobody_else_can(application, world, client):
    url = reverse("fund:delete", args=[application.pk])
    yes = {"confirm": "yes"}
    client.force_login(world.testbed_owner)  # another organisation's employee
    assert client.post(url, yes).status_code == 404
    client.force_login(world.coordinator)  # sees every application, deletes none
    assert client.post(url, yes).status_code == 403
    client.force_login(world.employee)
    assert "Det går inte att ångra" in client.get(url).text  # asked first
    assert client.post(url).status_code == 400  # not confirmed: kept
    assert Application.objects.filter(pk=application.pk).exists()
    response = client.post(url, yes)
    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()
    assert AuditEvent.objects.filter(action="fund.draft.delete").exists()
    assert client.post(url, yes).status_code == 404  # twice: gone


def test_a_submitted_application_cannot_be_deleted(application, world, client):
    services.submit(application, world.employee)
    client.force_login(world.employee)
    url = reverse("fund:delete", args=[application.pk])
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_table_errors_are_named_at_the_top_and_the_draft_keeps_what_was_typed(
    application, world, client
):
    client.force_login(world.employee)
    data = _new_form(
        application,
        title="Ändrad titel",
        **{
            "budget-0-amount": "tjugo",
            "budget-1-amount": "-5",
            "milestones-0-start": "2027-05-01",
            "milestones-0-end": "2027-04-01",
            "action": "save",
        },
    )
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    page = response.text
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_budget-0-amount"' in summary
    assert 'href="#id_budget-1-amount"' in summary
    assert 'href="#id_milestones-0-end"' in summary
    assert "Budget, rad 1" in summary
    assert 'value="tjugo"' in page  # what was typed is on the page
    application.refresh_from_db()
    assert application.title == "Ändrad titel"  # and the rest is saved as the draft
    assert application.state.code == "draft"


def test_huge_amounts_are_refused_in_words(application, world, client):
    client.force_login(world.employee)
    data = _new_form(application, **{"budget-0-amount": "9" * 30, "action": "save"})
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    assert 'href="#id_budget-0-amount"' in response.text


def test_rewording_a_question_keeps_the_drafts_answer(application, world, client):
    call = application.call
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:call_questions", args=[call.pk]))
    formset = page.context["formset"]
    data = {"form-TOTAL_FORMS": len(formset.forms), "form-INITIAL_FORMS": len(formset.initial)}
    for i, form in enumerate(formset.forms):
        for name in ("text_sv", "text_en", "key"):
            data[f"form-{i}-{name}"] = form.initial.get(name, "")
        data[f"form-{i}-required"] = "on"
    data["form-0-text_sv"] = "Vilket problem löser projektet?"  # reworded
    response = client.post(reverse("fund:call_questions", args=[call.pk]), data)
    assert response.status_code == 302
    call.refresh_from_db()
    reworded = call.current_questions().get(order=0)
    assert reworded.text_sv == "Vilket problem löser projektet?"
    client.force_login(world.employee)
    page = client.get(reverse("fund:edit", args=[application.pk])).text
    assert "Vilket problem löser projektet?" in page
    assert "Svar på fråga 1." in page  # the draft's answer follows the reworded question
    # Saving moves the answer to the new version, still with its text.
    client.post(reverse("fund:edit", args=[application.pk]), _form_for_edit(application, call))
    answer = application.answers.get(order=0)
    assert answer.question == reworded and answer.text == "Svar på fråga 1."


def _form_for_edit(application, call):
    data = _new_form(application, action="save")
    by_key = {a.question.key: a.text for a in application.answers.select_related("question")}
    for key in list(data):
        if key.startswith("q_"):
            data.pop(key)
    for q in call.current_questions():
        data[f"q_{q.pk}"] = by_key.get(q.key, "")
    return data
