"""Challenges: ideas sent to a time-boxed campaign are intake cases; the panel scores them with
the fund's review mechanism; the owner accepts the chosen ones through the case workflow and
every participant is told. The wrong paths: not on the panel, closed, the wrong audience, the
same idea twice, the wrong person deciding."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.accounts import people
from slussen.cases.models import Case, Secrecy
from slussen.challenges import selectors, services
from slussen.challenges.models import Entry, Review
from slussen.core import home, workflow
from slussen.core.models import AuditEvent, Notification
from slussen.core.permissions import can
from slussen.intake import services as intake_services

from .conftest import colleague, idea, make_challenge


def scores(challenge, *values):
    return {c.pk: (v, "") for c, v in zip(challenge.criteria.all(), values, strict=True)}


def entries_of(challenge, world, *people_and_titles):
    made = []
    for user, title in people_and_titles:
        submission, _token = services.submit_idea(challenge, user, idea(title))
        made.append(submission.case.challenge_entry)
    return made


def test_challenge_an_idea_is_an_intake_case_in_triage_at_the_challenges_unit(world, challenge):
    submission, _token = services.submit_idea(challenge, world.employee, idea("Sensormatta"))
    case = submission.case
    assert case.state.code == "new"  # in triage as usual
    assert case.organisation == world.sos  # the challenge's unit, not one the form chose
    assert case.submitter == world.employee
    assert case.challenge_entry.challenge == challenge
    assert AuditEvent.objects.filter(action="challenges.submit", object_id=str(challenge.pk))
    assert AuditEvent.objects.filter(action="intake.submit", object_id=str(case.pk))


def test_challenge_someone_not_on_the_panel_cannot_score(world, challenge, client):
    (entry,) = entries_of(challenge, world, (world.employee, "Sensormatta"))
    workflow.apply(challenge, "evaluate", world.advisor)
    for outsider in (world.employee, world.advisor_other, world.coordinator, world.external):
        assert not can(outsider, "challenges.score", challenge)
        with pytest.raises(PermissionDenied):
            services.score(entry, outsider, scores(challenge, 5, 5))
    # The owner runs the challenge but is not on its panel.
    with pytest.raises(PermissionDenied):
        services.score(entry, world.advisor, scores(challenge, 5, 5))
    client.force_login(world.employee)
    url = reverse("challenges:score", args=[entry.pk])
    assert client.get(url).status_code == 403
    post = {f"score_{c.pk}": "5" for c in challenge.criteria.all()}
    assert client.post(url, post).status_code == 403
    assert not Review.objects.exists()


def test_challenge_the_panel_scores_only_while_evaluating_and_every_criterion(world, challenge):
    (entry,) = entries_of(challenge, world, (world.employee, "Sensormatta"))
    with pytest.raises(PermissionDenied):  # still open for ideas
        services.score(entry, world.expert, scores(challenge, 4, 4))
    workflow.apply(challenge, "evaluate", world.advisor)
    first = challenge.criteria.first()
    with pytest.raises(ValidationError):
        services.score(entry, world.expert, {first.pk: (4, "")})
    with pytest.raises(ValidationError):
        services.score(entry, world.expert, scores(challenge, 6, 4))
    services.score(entry, world.expert, scores(challenge, 4, 2))
    services.score(entry, world.expert, scores(challenge, 5, 2))  # changed: replaced, not added
    review = Review.objects.get()
    assert sorted(s.value for s in review.scores.all()) == [2, 5]


def test_challenge_a_closed_challenge_takes_no_ideas(world, client):
    today = timezone.localdate()
    ended = make_challenge(
        world, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    evaluating = make_challenge(world)
    workflow.apply(evaluating, "evaluate", world.advisor)
    draft = make_challenge(world, opened=False)
    for challenge in (ended, evaluating, draft):
        with pytest.raises(PermissionDenied):
            services.submit_idea(challenge, world.employee, idea(f"Sent late {challenge.pk}"))
    client.force_login(world.employee)
    for challenge in (ended, evaluating):
        response = client.post(reverse("challenges:idea", args=[challenge.pk]), idea("Sensormatta"))
        assert response.status_code == 302
    assert not Case.objects.filter(title__in=["Sensormatta"]).exists()
    assert not Entry.objects.exists()


def test_challenge_an_employee_of_the_wrong_audience_cannot_send_an_idea(world, client):
    for_companies = make_challenge(world, audience="companies")
    with pytest.raises(PermissionDenied):
        services.submit_idea(for_companies, world.employee, idea("Sensormatta"))
    client.force_login(world.employee)
    response = client.post(reverse("challenges:idea", args=[for_companies.pk]), idea("Matta"))
    assert response.status_code == 302
    # And a company's account is not an employee: a challenge for employees refuses it, and
    # does not even exist for it.
    for_employees = make_challenge(world)
    assert not can(world.external, "challenges.submit", for_employees)
    client.force_login(world.external)
    assert client.get(for_employees.get_absolute_url()).status_code == 404
    data = {"title": "Sensormatta", "description": "Vi har en matta.", "privacy": "on"}
    client.post(reverse("challenges:proposal", args=[for_employees.pk]), data)
    assert not Entry.objects.exists()


def test_challenge_the_same_idea_sent_twice_is_one_case(world, challenge, client):
    client.force_login(world.employee)
    url = reverse("challenges:idea", args=[challenge.pk])
    first = client.post(url, idea("Sensormatta"))
    second = client.post(url, idea("Sensormatta"))  # a double click, the back button
    assert first.status_code == second.status_code == 302
    assert Entry.objects.filter(challenge=challenge).count() == 1
    assert Case.objects.filter(title="Sensormatta").count() == 1


def test_challenge_anyone_sends_a_proposal_to_a_challenge_for_everyone(world, client):
    challenge = make_challenge(world, audience="public")
    data = {
        "title": "Halkfria tofflor",
        "description": "Dela ut halkfria tofflor.",
        "email": "besokare@example.org",
        "privacy": "on",
    }
    response = client.post(reverse("challenges:proposal", args=[challenge.pk]), data)
    assert response.status_code == 302
    entry = Entry.objects.get(challenge=challenge)
    assert entry.case.submitter_email == "besokare@example.org"
    assert entry.case.organisation == world.sos


def test_challenge_the_owner_accepts_the_chosen_through_the_case_workflow_and_all_are_told(
    world, challenge, mailbox, django_capture_on_commit_callbacks
):
    nurse = colleague(world, "nurse", "Nina Sköterska")
    physio = colleague(world, "physio", "Petra Fysio")
    mat, larm, skor = entries_of(
        challenge,
        world,
        (world.employee, "Sensormatta"),
        (nurse, "Nattlarm"),
        (physio, "Halkfria skor"),
    )
    workflow.apply(challenge, "evaluate", world.advisor)
    services.score(mat, world.expert, scores(challenge, 5, 4))
    services.score(mat, world.manager, scores(challenge, 3, 4))
    services.score(larm, world.expert, scores(challenge, 2, 5))
    ranked, _criteria = selectors.ranking(challenge)
    assert [e.pk for e in ranked][0] == mat.pk
    assert ranked[0].summary.weighted == 4.0  # (4 × 3 + 4 × 1) / 4
    assert ranked[0].summary.stdev == 0.5  # the panel disagrees on the first criterion

    with pytest.raises(PermissionDenied):  # a panel member does not decide
        services.decide(challenge, world.expert, [mat], reason="Bäst")
    with pytest.raises(ValidationError):
        services.decide(challenge, world.advisor, [], reason="Bäst")

    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(challenge, world.advisor, [mat], reason="Störst nytta för patienterna.")
    challenge.refresh_from_db()
    assert challenge.state.code == "decided"
    mat.case.refresh_from_db()
    assert mat.case.state.code == "accepted"  # the case workflow's own step into the process
    steps = AuditEvent.objects.filter(object_id=str(mat.case.pk), action__startswith="workflow.")
    assert {e.action for e in steps} == {"workflow.start_assessment", "workflow.accept"}
    for other in (larm, skor):
        other.case.refresh_from_db()
        assert other.case.state.code == "new"  # still in triage as usual
    outcomes = dict(Entry.objects.values_list("case__title", "outcome"))
    assert outcomes == {
        "Sensormatta": "chosen",
        "Nattlarm": "not_chosen",
        "Halkfria skor": "not_chosen",
    }
    for user in (world.employee, nurse, physio):
        assert Notification.objects.filter(recipient=user, kind="challenges.outcome").count() == 1
        mailbox.wait_for(user.email)
        section = next(s for s in home.sections_for(user) if s["key"] == "challenges")
        (item,) = section["items"]
        assert item.status in (str(Entry.Outcome.CHOSEN.label), str(Entry.Outcome.NOT_CHOSEN.label))
    with pytest.raises(ValidationError):  # decided once
        workflow.apply(challenge, "decide", world.advisor, context={"chosen": [mat.pk]})


def test_challenge_a_member_of_the_public_is_told_by_mail(
    world, mailbox, django_capture_on_commit_callbacks
):
    challenge = make_challenge(world, audience="public")
    data = {"title": "Halkfria tofflor", "description": "Tofflor.", "email": "besok@example.org"}
    services.submit_proposal(challenge, data, language="sv", client="test")
    workflow.apply(challenge, "evaluate", world.advisor)
    entry = Entry.objects.get()
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(challenge, world.advisor, [entry], reason="En enkel åtgärd.")
    mailbox.wait_for("besok@example.org")
    # Besides triage's own status mails, the outcome in the challenge's words.
    (message,) = [m for m in mailbox.to("besok@example.org") if "utmaningen" in m["Subject"]]
    assert "Färre fall på våra avdelningar" in message["Subject"]
    body = mailbox.body(message)
    assert "En enkel åtgärd." in body
    assert intake_services.tracking_url(entry.case.submission) in body


def test_challenge_decide_only_from_the_page_and_only_its_own_ideas(world, challenge):
    (mine,) = entries_of(challenge, world, (world.employee, "Sensormatta"))
    other = make_challenge(world, title="Kortare väntetider")
    (foreign,) = entries_of(other, world, (world.employee, "Väntelista"))
    workflow.apply(challenge, "evaluate", world.advisor)
    with pytest.raises(ValidationError):  # the button alone names no ideas
        workflow.apply(challenge, "decide", world.advisor)
    with pytest.raises(ValidationError):
        services.decide(challenge, world.advisor, [foreign], reason="Fel utmaning")
    foreign.case.refresh_from_db()
    assert foreign.case.state.code == "new"


def test_challenge_a_secret_idea_is_listed_only_to_those_who_may_see_the_case(world, challenge):
    nurse = colleague(world, "nurse", "Nina Sköterska")
    (entry,) = entries_of(challenge, world, (world.employee, "Hemlig sensor"))
    Case.objects.filter(pk=entry.case.pk).update(secrecy=Secrecy.SECRET)
    assert not selectors.ideas(challenge, nurse).exists()  # a colleague
    assert list(selectors.ideas(challenge, world.employee)) == [entry]  # the author
    assert list(selectors.ideas(challenge, world.expert)) == [entry]  # the panel
    assert can(world.expert, "case.view", entry.case)
    assert not can(world.expert, "case.view", world.other_case)  # only the challenge's ideas
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.ideas(challenge, AnonymousUser()).exists()


def test_challenge_the_owner_and_panel_are_checked_on_the_server(world):
    today = timezone.localdate()
    base = dict(
        title="Färre fall",
        description="Idéer.",
        audience="employees",
        organisation=world.sos,
        opens_on=today,
        closes_on=today + timedelta(days=10),
    )
    with pytest.raises(ValidationError):  # a company's user is never on a panel
        services.create(world.advisor, owner=world.advisor, panel=[world.external], **base)
    with pytest.raises(ValidationError):  # the other hospital's advisor does not own SöS ideas
        services.create(world.advisor, owner=world.advisor_other, panel=[], **base)
    with pytest.raises(PermissionDenied):  # an employee does not run challenges
        services.create(world.employee, owner=world.advisor, panel=[], **base)
    assert not people.may_hold(world.external, "challenges.panel", world.sos)


def test_challenge_opens_only_with_criteria_and_a_panel(world):
    challenge = make_challenge(world, opened=False, panel=[])
    with pytest.raises(ValidationError):
        workflow.apply(challenge, "open", world.advisor)


def test_challenge_the_ranking_keeps_its_queries_whatever_the_ideas(
    world, challenge, client, django_assert_max_num_queries
):
    people_ = [colleague(world, f"p{i}", f"Person {i}") for i in range(6)]
    made = entries_of(challenge, world, *[(p, f"Idé {i}") for i, p in enumerate(people_)])
    workflow.apply(challenge, "evaluate", world.advisor)
    for entry in made:
        services.score(entry, world.expert, scores(challenge, 3, 4))
    client.force_login(world.advisor)
    with django_assert_max_num_queries(40):
        response = client.get(challenge.get_absolute_url())
    assert response.status_code == 200
    assert b"Id\xc3\xa9 5" in response.content


def test_challenge_the_list_and_the_check_agree(world, challenge):
    from slussen.challenges.models import Challenge
    from slussen.challenges.rules import scoring_q, visible_q

    draft = make_challenge(world, opened=False, audience="companies")
    from django.contrib.auth.models import AnonymousUser

    evaluating = make_challenge(world, title="Kortare väntetider", audience="public")
    workflow.apply(evaluating, "evaluate", world.advisor)
    for user in [AnonymousUser(), *world.users.values()]:
        scope = visible_q(user)
        listed = set(Challenge.objects.all() if scope is None else Challenge.objects.filter(scope))
        scoring = set(Challenge.objects.filter(scoring_q(user)))
        for c in (challenge, draft, evaluating):
            assert (c in listed) == can(user, "challenges.view", c), (user, c)
            assert (c in scoring) == can(user, "challenges.score", c), (user, c)
    assert can(world.expert, "challenges.score", evaluating)


@pytest.mark.django_db
def test_challenge_demo_has_one_open_and_one_decided_challenge():
    import os

    from django.core.management import call_command

    from slussen.challenges.models import Challenge

    call_command("seed_demo", stdout=open(os.devnull, "w"))
    states = dict(Challenge.objects.values_list("title", "state__code"))
    assert sorted(states.values()) == ["decided", "open"]
    decided = Challenge.objects.get(state__code="decided")
    assert decided.entries.filter(outcome="chosen", case__state__code="accepted").count() == 1
    assert decided.closes_on < timezone.localdate()
    opened = Challenge.objects.get(state__code="open")
    assert opened.takes_ideas() and opened.entries.count() == 2
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # again: nothing more
    assert Challenge.objects.count() == 2


def test_challenge_an_idea_leaves_the_persons_own_intake_draft_alone(world, challenge):
    """The idea form of a challenge has no draft: sending to it neither takes the files kept
    with the person's unfinished idea elsewhere nor throws that draft away."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.intake.models import Draft

    intake_services.save_draft(world.employee, {"title": "Halvfärdig idé"})
    intake_services.keep_files(
        world.employee, [SimpleUploadedFile("skiss.txt", b"En skiss.", "text/plain")]
    )
    submission, _token = services.submit_idea(challenge, world.employee, idea("Sensormatta"))
    assert not submission.case.attachments.exists()
    draft = Draft.objects.get(user=world.employee)
    assert draft.data["title"] == "Halvfärdig idé"
    assert draft.files.count() == 1


def test_challenge_start_page_sections_keep_their_queries(world, challenge, client):
    """The panel's and the participant's sections cost the same with one idea as with five."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("core:home")).status_code == 200
        return len(queries)

    entries_of(challenge, world, (world.employee, "Idé 0"))
    workflow.apply(challenge, "evaluate", world.advisor)
    few = count(world.expert), count(world.employee)
    more = make_challenge(world, title="Kortare väntetider")
    entries_of(more, world, *[(world.employee, f"Idé {i}") for i in range(1, 5)])
    workflow.apply(more, "evaluate", world.advisor)
    assert (count(world.expert), count(world.employee)) == few
    client.force_login(world.expert)
    page = client.get(reverse("core:home")).content.decode()
    assert "Poängsätt idén" in page and "Idé 4" in page


def test_challenge_a_company_answers_through_the_company_way_in_and_is_told(
    world, client, django_capture_on_commit_callbacks
):
    challenge = make_challenge(world, audience="companies")
    client.force_login(world.external)
    url = reverse("challenges:proposal", args=[challenge.pk])
    page = client.get(url).content.decode()
    assert 'name="company_name"' not in page  # a logged-in company is known already
    data = {
        "kind": "collaboration",
        "title": "Fallsensor i golvet",
        "description": "Vi erbjuder en golvsensor som larmar vid fall.",
        "privacy": "on",
    }
    assert client.post(url, data).status_code == 302
    entry = Entry.objects.get(challenge=challenge)
    assert entry.case.submitter == world.external  # follows it with the company's account
    assert entry.case.organisation == world.sos  # the challenge's unit triages it
    assert entry.case.submission.channel == "company"
    workflow.apply(challenge, "evaluate", world.advisor)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(challenge, world.advisor, [entry], reason="Testas på avdelning 54.")
    assert Notification.objects.filter(recipient=world.external, kind="challenges.outcome")
    # The public may not answer a challenge for companies: it is asked to log in.
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_challenge_only_its_owner_changes_it_and_not_once_decided(world, challenge, client):
    fields = dict(
        title="Färre fall – nattetid",
        description=challenge.description,
        audience=challenge.audience,
        organisation=challenge.organisation,
        opens_on=challenge.opens_on,
        closes_on=challenge.closes_on,
    )
    for outsider in (world.expert, world.employee, world.advisor_other):
        with pytest.raises(PermissionDenied):
            services.edit(challenge, outsider, owner=world.advisor, panel=[world.expert], **fields)
    services.edit(challenge, world.advisor, owner=world.advisor, panel=[world.expert], **fields)
    challenge.refresh_from_db()
    assert challenge.title == "Färre fall – nattetid"
    assert list(challenge.panel.all()) == [world.expert]
    (entry,) = entries_of(challenge, world, (world.employee, "Sensormatta"))
    workflow.apply(challenge, "evaluate", world.advisor)
    services.decide(challenge, world.advisor, [entry], reason="Bäst.")
    with pytest.raises(ValidationError):
        services.edit(challenge, world.advisor, owner=world.advisor, panel=[], **fields)
    with pytest.raises(PermissionDenied):  # decided once: a second decision is refused
        services.decide(challenge, world.advisor, [entry], reason="Igen.")
    client.force_login(world.advisor)
    response = client.post(
        reverse("challenges:decide", args=[challenge.pk]),
        {"chosen": [entry.pk], "reason": "Igen."},
    )
    assert response.status_code == 403


def test_challenge_the_count_of_ideas_says_which_of_them_the_reader_sees(world, challenge, client):
    """'2 ideas have been sent in' over a list of one: the list says it holds the ideas the
    reader may read; when it holds them all, nothing is added."""
    other = colleague(world, "bo", "Bo Berg")
    entries_of(challenge, world, (world.employee, "Sensormatta"), (other, "Nattlampa"))
    client.force_login(world.employee)
    text = client.get(reverse("challenges:detail", args=[challenge.pk])).text
    assert "2 idéer har skickats in." in text and "Sensormatta" in text
    assert "Nattlampa" not in text
    assert "De du får läsa:" in text
    client.force_login(world.advisor)  # the challenge's owner reads them all
    text = client.get(reverse("challenges:detail", args=[challenge.pk])).text
    assert "Nattlampa" in text and "Sensormatta" in text
    assert "De du får läsa:" not in text


def test_challenge_its_own_texts_in_english_on_english_pages_swedish_otherwise(world, client):
    """The owner may give the title and the description in English too: the English pages
    (the list, the page, the idea form, the start page) show them; the Swedish pages and a
    challenge without English texts show the Swedish."""
    english = make_challenge(
        world,
        title="Färre fall på våra avdelningar",
        title_en="Fewer falls on our wards",
        description="Idéer som minskar fallen bland äldre patienter.",
        description_en="Ideas that reduce falls among older patients.",
    )
    swedish_only = make_challenge(world, title="Kortare väntetider på akuten")
    entries_of(english, world, (world.employee, "Sensormatta"))
    client.force_login(world.employee)
    client.cookies["django_language"] = "en"
    for url in (
        reverse("challenges:index"),
        english.get_absolute_url(),
        reverse("challenges:idea", args=[english.pk]),
        reverse("core:home"),
    ):
        page = client.get(url).text
        assert "Fewer falls on our wards" in page, url
        assert "Färre fall på våra avdelningar" not in page, url
    page = client.get(english.get_absolute_url()).text
    assert "Ideas that reduce falls among older patients." in page
    assert "Kortare väntetider på akuten" in client.get(swedish_only.get_absolute_url()).text
    client.cookies["django_language"] = "sv"
    page = client.get(english.get_absolute_url()).text
    assert "Färre fall på våra avdelningar" in page and "Fewer falls" not in page

    # The owner gives them on the challenge's form; they are optional.
    client.force_login(world.advisor)
    form = client.get(reverse("challenges:edit", args=[english.pk])).text
    assert 'name="title_en"' in form and 'name="description_en"' in form
    assert 'value="Fewer falls on our wards"' in form


def test_challenge_once_decided_its_page_names_the_chosen_ideas_as_far_as_they_are_public(
    world, client
):
    """A decided challenge's page says which ideas were chosen, to everyone who reads it: the
    registry number and, as in the public register, the title only of a public case (a partly
    secret one says its title is not public, a secret one shows none). Ideas not chosen are
    not named; before the decision nothing is."""
    challenge = make_challenge(world, audience="public")
    nurse = colleague(world, "nurse", "Nina Sköterska")
    mat, secret, partial, larm = entries_of(
        challenge,
        world,
        (world.employee, "Sensormatta vid sängen"),
        (nurse, "Hemlig sensor"),
        (world.employee, "Delvis hemlig sensor"),
        (nurse, "Nattlarm i korridoren"),
    )
    Case.objects.filter(pk=secret.case.pk).update(secrecy=Secrecy.SECRET)
    Case.objects.filter(pk=partial.case.pk).update(
        secrecy=Secrecy.PARTIAL, secrecy_reference="OSL 31 kap. 16 §"
    )
    workflow.apply(challenge, "evaluate", world.advisor)
    url = challenge.get_absolute_url()
    assert "Sensormatta vid sängen" not in client.get(url).text
    services.decide(challenge, world.advisor, [mat, secret, partial], reason="Störst nytta.")

    page = client.get(url).text  # the public, not logged in
    assert "Valda idéer" in page
    assert "Sensormatta vid sängen" in page and mat.case.registry_number in page
    assert reverse("cases:public_detail", args=[mat.case.pk]) in page
    assert "Hemlig sensor" not in page and "Delvis hemlig sensor" not in page
    assert partial.case.registry_number in page
    assert "Delvis sekretessbelagt ärende – rubriken är inte offentlig" in page
    assert "Nattlarm i korridoren" not in page and larm.case.registry_number not in page
    client.cookies["django_language"] = "en"
    page = client.get(url).text
    assert "Chosen ideas" in page and "Sensormatta vid sängen" in page
