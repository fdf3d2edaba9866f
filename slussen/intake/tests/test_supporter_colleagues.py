"""Joining in from the case side: employees see the ideas colleagues chose to share, support
one naming their unit; a patient's name never reaches them, nor anything secret."""

import pytest
from django.urls import reverse

from slussen.cases.models import Case
from slussen.intake import services
from slussen.intake.models import Supporter

PATIENT = "Birgitta Patientsson"


def idea(world, title, shared=True, user=None):
    data = {"kind": "idea", "title": title, "problem": "Det tar tid.", "for_whom": "Personal",
            "organisation": world.sos, "shared": shared}  # fmt: skip
    return services.submit_idea(user or world.employee, data)[0].case


def proposal(world, title, shared=True):
    data = {"title": title, "description": "Skyltningen är otydlig.", "name": PATIENT,
            "email": "birgitta@example.org", "submitter_role": "patient",
            "shared": shared}  # fmt: skip
    return services.submit_proposal(data, language="sv", client="test")[0].case


@pytest.fixture
def shared(world):
    return {
        "idea": idea(world, "Digital överlämning mellan skift"),
        "private": idea(world, "Egen idé som inte delas", shared=False),
        "patient": proposal(world, "Tydligare skyltar till akuten"),
        "secret": idea(world, "Hemlig delad idé"),
    }


def test_supporter_colleagues_see_shared_ideas_never_a_patients_name(world, client, shared):
    Case.objects.filter(pk=shared["secret"].pk).update(
        secrecy="partial", secrecy_reference="OSL 31 kap. 16 §"
    )
    url = reverse("intake:colleagues")
    client.force_login(world.advisor_other)  # a colleague at another hospital
    page = client.get(url).text
    assert "Digital överlämning mellan skift" in page
    assert "Anna" in page  # the employee chose to share, with her name
    assert "Tydligare skyltar till akuten" in page
    assert "En patient, närstående eller invånare" in page
    assert PATIENT not in page and "birgitta@example.org" not in page
    assert "Egen idé som inte delas" not in page
    assert "Hemlig delad idé" not in page
    # The join page a colleague reaches from the list never names the patient either.
    join = client.get(reverse("intake:join", args=[shared["patient"].pk]) + "?via=case").text
    assert PATIENT not in join and "birgitta@example.org" not in join

    client.force_login(world.external)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_supporter_a_colleague_supports_naming_her_unit(world, client, shared):
    target = shared["idea"]
    client.force_login(world.advisor_other)
    url = reverse("intake:join", args=[target.pk]) + "?via=case"
    data = {"unit": "Avdelning 54, Karolinska Solna", "note": "Vi har samma problem."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit supports once
    supporter = Supporter.objects.get(case=target)
    assert (supporter.via, supporter.unit, supporter.user) == (
        "case",
        "Avdelning 54, Karolinska Solna",
        world.advisor_other,
    )
    assert "1 stödjare" in client.get(reverse("intake:colleagues")).text
    # Her own idea she cannot support; an external account cannot reach the list at all.
    client.force_login(world.employee)
    own = client.post(reverse("intake:join", args=[target.pk]) + "?via=case", data)
    assert own.status_code == 400 and "ditt eget" in own.text  # refused, in words
    assert Supporter.objects.filter(case=target).count() == 1


def test_supporter_list_costs_the_same_queries_however_many(
    world, client, shared, django_assert_max_num_queries
):
    for n in range(5):
        idea(world, f"Idé nummer {n}")
    client.force_login(world.advisor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("intake:colleagues")).status_code == 200


def test_supporter_counts_in_the_portfolio(world, client, shared):
    from slussen.process import selectors as process_selectors
    from slussen.process import services as process_services
    from slussen.process.templates_data import ensure_seeded

    ensure_seeded()
    target = shared["idea"]
    ic = process_services.start(
        target, world.advisor, innovation_type="service", novelty="organisation",
        degree="incremental", directions=["internal_development"], perspectives=["quality"],
    )  # fmt: skip
    services.join(target, world.advisor_other, unit="Avd 54", via=Supporter.Via.CASE)
    services.join(target, world.manager, unit="Avd 12", via=Supporter.Via.CASE)
    data = process_selectors.portfolio(world.coordinator)
    assert [(item.pk, item.support_count) for item in data["supported"]] == [(ic.pk, 2)]
    client.force_login(world.coordinator)
    page = client.get(reverse("process:portfolio")).text
    assert "Mest stöd från kollegor" in page and "2 stödjare" in page


def test_supporter_list_and_rule_agree_for_every_role(world, shared):
    """The colleagues' list and ``intake.see_shared`` say the same for every role."""
    from django.contrib.auth.models import AnonymousUser

    from slussen.core.permissions import can
    from slussen.intake.selectors import colleagues_ideas
    from slussen.testing.world import ROLES

    Case.objects.filter(pk=shared["secret"].pk).update(secrecy="secret")
    cases = list(Case.objects.select_related("submission", "state"))
    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else getattr(world, role)
        listed = set(colleagues_ideas(user).values_list("pk", flat=True))
        for case in cases:
            assert can(user, "intake.see_shared", case) == (case.pk in listed), (role, case.title)


def test_supporter_colleagues_comment_and_the_handler_reads_it(world, client, shared):
    from slussen.cases.models import CaseEvent
    from slussen.core.models import Notification

    target = shared["idea"]
    comment = reverse("intake:colleague_comment", args=[target.pk])
    join = reverse("intake:join", args=[target.pk]) + "?via=case"
    client.force_login(world.advisor_other)  # a colleague at another hospital
    assert client.post(comment, {"body": ""}).status_code == 400
    assert client.post(comment, {"body": "x" * 20_000}).status_code == 400
    body = {"body": "Vi har löst det med en checklista på avd 12."}
    assert client.post(comment, body).status_code == 302
    assert client.post(comment, body).status_code == 302  # a double submit comments once
    event = CaseEvent.objects.get(case=target, type="comment", actor=world.advisor_other)
    assert event.body == body["body"] and not event.visible_to_submitter
    # Colleagues read it beside the idea, with who wrote it; so does the idea's author.
    client.force_login(world.manager)
    page = client.get(join).text
    assert "checklista på avd 12" in page and world.advisor_other.full_name in page
    client.force_login(world.employee)
    assert "checklista på avd 12" in client.get(join).text
    # The handlers are told and read it on the case.
    told = Notification.objects.filter(kind="intake.colleague_comment")
    assert told.exists() and world.advisor_other not in {n.recipient for n in told}
    handler = told.first().recipient
    client.force_login(handler)
    assert "checklista på avd 12" in client.get(target.get_absolute_url()).text


def test_supporter_comments_only_where_colleagues_may_see(world, client, shared):
    from slussen.cases.models import Case, CaseEvent

    Case.objects.filter(pk=shared["secret"].pk).update(
        secrecy="partial", secrecy_reference="OSL 31 kap. 16 §"
    )
    body = {"body": "Kommentar som inte får fastna."}
    client.force_login(world.advisor_other)
    for key in ("private", "secret"):
        url = reverse("intake:colleague_comment", args=[shared[key].pk])
        assert client.post(url, body).status_code == 404, key
    client.force_login(world.external)
    url = reverse("intake:colleague_comment", args=[shared["idea"].pk])
    assert client.post(url, body).status_code == 404
    client.logout()
    assert client.post(url, body).status_code == 302  # to the log-in
    assert client.get(reverse("intake:join", args=[shared["idea"].pk])).status_code == 200
    assert (
        "Kollegors kommentarer"
        not in client.get(reverse("intake:join", args=[shared["idea"].pk])).text
    )
    assert not CaseEvent.objects.filter(body=body["body"]).exists()


def test_supporter_the_author_chooses_later_whether_colleagues_see_it(world, client, shared):
    from slussen.core.models import AuditEvent

    data = {"kind": "need", "title": "Behov av fler lyftar", "problem": "Det saknas lyftar.",
            "for_whom": "Personal", "organisation": world.sos, "shared": False}  # fmt: skip
    submission, token = services.submit_idea(world.employee, data)
    share = reverse("intake:share", args=[token])
    colleagues = reverse("intake:colleagues")
    client.force_login(world.advisor_other)
    assert "Behov av fler lyftar" not in client.get(colleagues).text
    # Someone else's link, or a supporter's, changes nothing.
    supporter = services.join(shared["idea"], world.advisor_other, unit="Avd 3")
    other = services.supporter_path(supporter).split("/")[-2]
    assert client.post(reverse("intake:share", args=[other]), {"shared": "on"}).status_code == 404
    assert client.post(reverse("intake:share", args=["x" + token]), {}).status_code == 404
    # The author, from her tracking page: a need is seen beside the ideas once she shares it.
    client.force_login(world.employee)
    assert "Kollegor får se" in client.get(reverse("intake:track", args=[token])).text
    assert client.post(share, {"shared": "on"}).status_code == 302
    client.force_login(world.advisor_other)
    assert "Behov av fler lyftar" in client.get(colleagues).text
    client.logout()  # the link alone is the submitter's key, as for her replies
    assert client.post(share, {}).status_code == 302
    client.force_login(world.advisor_other)
    assert "Behov av fler lyftar" not in client.get(colleagues).text
    changes = AuditEvent.objects.filter(action="intake.share", object_id=submission.case.pk)
    assert changes.count() == 2


def test_supporter_a_colleague_reads_the_shared_idea_before_supporting_it(world, client):
    """From the colleagues' list a colleague opens the idea itself – what the problem is, for
    whom, what could be done, who shared it and which units already support it – not the page
    that offers to follow a case instead of sending a duplicate; its author reads it as hers."""
    data = {"kind": "idea", "title": "Digital överlämning mellan skift",
            "problem": "Överlämningen tar en halvtimme varje skift.",
            "for_whom": "Sjuksköterskor på vårdavdelningar",
            "suggestion": "En gemensam digital tavla för överlämningen.",
            "organisation": world.sos, "shared": True}  # fmt: skip
    case = services.submit_idea(world.employee, data)[0].case
    services.join(case, world.advisor_other, unit="Avdelning 54, Karolinska Solna",
                  via=Supporter.Via.CASE)  # fmt: skip
    url = reverse("intake:join", args=[case.pk]) + "?via=case"
    client.force_login(world.manager)
    page = client.get(url).text
    h1 = page.split("<h1>")[1].split("</h1>")[0]
    assert h1 == "Digital överlämning mellan skift"
    for text in (
        "Överlämningen tar en halvtimme varje skift.",
        "Sjuksköterskor på vårdavdelningar",
        "En gemensam digital tavla för överlämningen.",
        world.employee.full_name,
        "1 stödjare",
    ):
        assert text in page, text
    assert "Det här är mitt behov också" not in page
    assert "tillbaka till formuläret" not in page
    assert reverse("intake:colleagues") in page
    assert 'name="unit"' in page  # she may support it, naming her unit

    client.force_login(world.employee)  # the author
    page = client.get(url).text
    assert "Det här är din idé" in page and 'name="unit"' not in page
    assert "Avdelning 54" not in page  # the unit is the handler's to read
    assert "Det här är mitt behov också" not in page


def _section(page, title):
    """The start page's section under ``title`` (up to the next section)."""
    return page.split(title, 1)[1].split("<h2", 1)[0] if title in page else ""


def test_supporter_colleagues_shared_ideas_invite_from_the_start_page(world, client, shared):
    """An employee finds colleagues' shared ideas from her start page (not her own, not one she
    already supports, never a secret one); a company's person does not."""
    services.join(shared["patient"], world.manager, unit="Akuten", via=Supporter.Via.CASE)
    client.force_login(world.manager)
    section = _section(client.get(reverse("core:home")).text, "Kollegors idéer att stödja")
    assert "Digital överlämning mellan skift" in section
    assert reverse("intake:join", args=[shared["idea"].pk]) in section
    assert "Tydligare skyltar till akuten" not in section  # she supports it already
    assert "Hemlig delad idé" in section  # public: shared and not secret
    client.force_login(world.employee)  # their author
    section = _section(client.get(reverse("core:home")).text, "Kollegors idéer att stödja")
    assert "Digital överlämning mellan skift" not in section
    client.force_login(world.advisor)  # she handles SöS's ideas: they are in her queue
    section = _section(client.get(reverse("core:home")).text, "Kollegors idéer att stödja")
    assert "Digital överlämning mellan skift" not in section
    client.force_login(world.advisor_other)  # Karolinska's advisor is a colleague to them
    section = _section(client.get(reverse("core:home")).text, "Kollegors idéer att stödja")
    assert "Digital överlämning mellan skift" in section
    client.force_login(world.external)
    assert "Kollegors idéer att stödja" not in client.get(reverse("core:home")).text


def test_supporter_the_colleagues_list_says_which_ideas_are_the_readers_own(world, client, shared):
    client.force_login(world.employee)
    page = client.get(reverse("intake:colleagues")).text
    card = page.split("Digital överlämning mellan skift", 1)[1].split("</li>", 1)[0]
    assert "Din idé" in card
    client.force_login(world.manager)
    card = client.get(reverse("intake:colleagues")).text.split("Digital överlämning", 1)[1]
    assert "Din idé" not in card.split("</li>", 1)[0]


def test_supporter_the_shared_ideas_are_found_without_reading_every_submission(world, shared):
    """The colleagues' ideas (the start page's invitation, the colleagues' page) start from the
    shared submissions: a partial index holds those few, so a region's million submissions are
    not read to find them (270 ms on every employee's and advisor's start page)."""
    from django.db import connection

    from slussen.intake.models import Submission

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Submission._meta.db_table)
    assert found["submission_shared"]["columns"] == ["case_id"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'submission_shared'")
            assert cursor.fetchone()[0].endswith("WHERE shared")


def test_supporter_the_handlers_of_an_idea_are_not_offered_to_support_it(world, client, shared):
    """An advisor whose unit handles a shared idea reads it from the colleagues' list, and is
    led to the case instead of being offered to support it (she handles it); so is a
    coordinator, who handles every case. A colleague elsewhere is still offered it."""
    from django.core.exceptions import ValidationError

    from slussen.core.permissions import can

    target = shared["idea"]
    url = reverse("intake:join", args=[target.pk]) + "?via=case"
    data = {"unit": "SöS Innovation", "note": ""}
    for handler in (world.advisor, world.coordinator):
        assert not can(handler, "intake.join", target)
        client.force_login(handler)
        response = client.get(url)
        assert response.status_code == 200
        page = response.text
        assert "Digital överlämning mellan skift" in page  # she reads the idea
        assert 'name="unit"' not in page and "Stöd och följ ärendet" not in page
        assert "Är den viktig för din verksamhet också?" not in page
        assert target.get_absolute_url() in page  # the case she handles, one click away
        refused = client.post(url, data)
        assert refused.status_code == 400 and "handlägger" in refused.text
        with pytest.raises(ValidationError, match="handlägger"):
            services.join(target, handler, unit="SöS Innovation")
    assert not Supporter.objects.filter(case=target).exists()

    client.force_login(world.advisor_other)
    page = client.get(url).text
    assert 'name="unit"' in page and "Stöd och följ ärendet" in page
