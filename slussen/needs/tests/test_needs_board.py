"""The needs board: a need published from a case after the manager's approval, answered by
companies, shortlisted for early dialogue; nothing of a secret case reaches the board."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from slussen.accounts.models import Membership, Organisation, User
from slussen.cases.models import CaseEvent
from slussen.core.models import Notification
from slussen.needs import services
from slussen.needs.models import Answer, Need
from slussen.needs.workflows import ensure_defined

SOON = date.today() + timedelta(days=30)


@pytest.fixture(autouse=True)
def defined(db):
    ensure_defined()


def need_for(world, case=None, author=None, audience="companies", **extra):
    fields = dict(
        title="Färre fall på natten",
        problem="Äldre patienter faller när de går upp på natten.",
        who="Vårdavdelningar med äldre patienter.",
        requirements="Fungerar utan kamera; larmar personalen.",
        offer="Testmiljö på avdelning 54, klinisk tid.",
        deadline=SOON,
        audience=audience,
    )
    fields.update(extra)
    return services.create_need(case or world.case, author or world.advisor, **fields)


def published(world, **kw):
    need = need_for(world, **kw)
    services.ask_approval(need, world.advisor)
    services.approve(need, world.manager)
    need.refresh_from_db()
    return need


def company(name, email):
    org = Organisation.objects.create(code=name.lower()[:10], name=name, kind="external")
    user = User.objects.create(email=email, full_name=f"Kontakt {name}")
    Membership.objects.create(user=user, organisation=org, role="external")
    return user


def test_needs_board_a_need_is_published_only_after_the_managers_approval(world, client):
    need = need_for(world)
    url = reverse("needs:detail", args=[need.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.approve(need, world.manager)  # not asked yet: no such step from the draft
    services.ask_approval(need, world.advisor)
    assert Notification.objects.filter(recipient=world.manager, kind="need.ask_approval").exists()
    with pytest.raises(PermissionDenied):
        services.approve(need, world.advisor)  # the advisor cannot approve her own need
    client.force_login(world.external)
    assert "Färre fall" not in client.get(reverse("needs:board")).text
    assert client.get(url).status_code == 404
    services.approve(need, world.manager)
    assert "Färre fall" in client.get(reverse("needs:board")).text
    assert Notification.objects.filter(recipient=world.advisor, kind="need.approve").exists()


def test_needs_board_manager_of_another_hospital_cannot_approve(world):
    need = need_for(world)
    services.ask_approval(need, world.advisor)
    other = User.objects.create(email="chef.ks@example.org", full_name="Chef KS")
    Membership.objects.create(user=other, organisation=world.karolinska, role="manager")
    with pytest.raises(PermissionDenied):
        services.approve(need, other)


def test_needs_board_secret_case_text_never_reaches_the_board(world, client):
    manager = User.objects.create(email="chef.ks@example.org", full_name="Chef KS")
    Membership.objects.create(user=manager, organisation=world.karolinska, role="manager")
    need = need_for(world, case=world.other_case, author=world.advisor_other, audience="public")
    services.ask_approval(need, world.advisor_other)
    services.approve(need, manager)
    secret = [world.other_case.title, world.other_case.description, "Cuviva föreslår",
              world.other_case.registry_number]  # fmt: skip
    pages = [
        reverse("needs:board"),
        reverse("needs:detail", args=[need.pk]),
    ]
    for who in (None, world.external, world.employee, world.advisor):
        client.logout()
        if who:
            client.force_login(who)
        for url in pages:
            text = client.get(url).text
            assert "Färre fall på natten" in text, (who, url)
            for words in secret:
                assert words not in text, (who, url, words)


def test_needs_board_audience_decides_who_reads_and_who_answers(world, client):
    for_staff = published(world, audience="employees", title="Behov för medarbetare")
    for_companies = published(world, audience="companies", title="Behov för företag")
    board = client.get(reverse("needs:board")).text  # a company without an account reads it
    assert "Behov för medarbetare" not in board and "Behov för företag" in board
    assert client.get(reverse("needs:detail", args=[for_staff.pk])).status_code == 404
    client.force_login(world.external)
    board = client.get(reverse("needs:board")).text
    assert "Behov för företag" in board and "Behov för medarbetare" not in board
    assert client.get(reverse("needs:detail", args=[for_staff.pk])).status_code == 404
    client.force_login(world.employee)
    assert "Behov för medarbetare" in client.get(reverse("needs:board")).text
    with pytest.raises(PermissionDenied):
        services.answer(for_companies, world.employee, proposal="x", fulfils="y")
    late = published(world, title="Sent behov", deadline=date.today() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.answer(late, world.external, proposal="x", fulfils="y")


def test_needs_board_a_company_answers_once(world, client):
    need = published(world)
    url = reverse("needs:detail", args=[need.pk])
    client.force_login(world.external)
    assert client.post(url, {"proposal": "", "fulfils": ""}).status_code == 400
    data = {"proposal": "Sensormatta vid sängen.", "fulfils": "Ingen kamera."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit changes nothing
    assert Answer.objects.filter(need=need).count() == 1
    with pytest.raises(ValidationError):
        services.answer(need, world.external, **data)
    assert Notification.objects.filter(recipient=world.advisor, kind="needs.answered").count() == 1


def test_needs_board_shortlist_records_early_dialogue_and_tells_everyone(world, client):
    need = published(world)
    other = company("Fallskydd AB", "kontakt@fallskydd.example.org")
    chosen = services.answer(need, world.external, proposal="Sensormatta.", fulfils="Ja.")
    declined = services.answer(need, other, proposal="Kamera.", fulfils="Delvis.")
    with pytest.raises(PermissionDenied):
        services.shortlist(need, world.external, [chosen], dialogue="x")
    client.force_login(world.advisor)
    url = reverse("needs:shortlist", args=[need.pk])
    assert client.post(url, {"chosen": [], "dialogue": "x"}).status_code == 400
    response = client.post(url, {"chosen": [chosen.pk], "dialogue": "Möte 12 maj på avd 54."})
    assert response.status_code == 302
    chosen.refresh_from_db()
    declined.refresh_from_db()
    assert (chosen.status, declined.status) == ("shortlisted", "declined")
    event = CaseEvent.objects.filter(case=world.case, type="comment").latest("created")
    assert "Cuviva AB" in event.body and "Möte 12 maj" in event.body
    assert not event.visible_to_submitter
    told = Notification.objects.filter(kind="needs.outcome")
    assert (
        "not taken further" in told.get(recipient=other).title
        or "inte vidare" in told.get(recipient=other).title
    )
    assert told.filter(recipient=world.external).count() == 1
    # The other company sees only its own outcome, never the shortlisted company's name.
    client.force_login(other)
    assert "Cuviva" not in client.get(reverse("needs:detail", args=[need.pk])).text


def test_needs_board_list_and_rule_agree_for_every_role(world):
    """``on_board_q`` (the board's list) and ``needs.view`` (one need) say the same for readers
    who neither handle the case nor approve its needs."""
    from slussen.core.permissions import can
    from slussen.needs.rules import on_board_q
    from slussen.testing.world import ROLES

    needs = [published(world, audience=a, title=f"Behov {a}") for a in ("employees", "companies")]
    needs.append(published(world, audience="public", title="Behov public"))
    needs.append(need_for(world, title="Utkast"))
    from django.contrib.auth.models import AnonymousUser

    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else getattr(world, role)
        listed = set(Need.objects.filter(on_board_q(user)).values_list("pk", flat=True))
        for need in needs:
            if can(user, "needs.edit", need) or can(user, "needs.approve", need):
                continue
            assert can(user, "needs.view", need) == (need.pk in listed), (role, need.title)


def test_needs_board_shortlist_puts_the_innovation_case_on_early_dialogue(world):
    from slussen.process import services as process_services
    from slussen.process.models import InnovationCase
    from slussen.process.templates_data import ensure_seeded

    ensure_seeded()
    ic = process_services.start(
        world.case, world.advisor, innovation_type="service", novelty="organisation",
        degree="incremental", directions=["internal_development"], perspectives=["quality"],
    )  # fmt: skip
    need = published(world)
    chosen = services.answer(need, world.external, proposal="Sensormatta.", fulfils="Ja.")
    services.shortlist(need, world.advisor, [chosen], dialogue="Möte i maj.")
    ic.refresh_from_db()
    assert ic.procurement == InnovationCase.Procurement.EARLY_DIALOGUE
    # A track already chosen is kept.
    InnovationCase.objects.filter(pk=ic.pk).update(procurement="innovation_procurement")
    later = published(world, title="Ett behov till")
    again = services.answer(later, world.external, proposal="Igen.", fulfils="Ja.")
    services.shortlist(later, world.advisor, [again], dialogue="Nytt möte.")
    ic.refresh_from_db()
    assert ic.procurement == "innovation_procurement"


def test_needs_board_a_company_with_an_account_is_led_to_log_in_and_back(world, client):
    """'Already have an account? Log in first.' is a link to the log-in that returns to the need;
    a logged-in company is not told to log in."""
    need = published(world)
    url = reverse("needs:detail", args=[need.pk])
    page = client.get(url).text
    login = f'<a href="{reverse("accounts:login")}?next={url}">Logga in först</a>'
    assert login in page
    client.force_login(world.external)
    assert "Logga in först" not in client.get(url).text


def test_needs_board_an_employee_says_a_need_is_her_units_too(world, client):
    """An employee reading a published need can say it is her unit's need too (naming the
    unit): she supports and follows its case, once however often she clicks; a company, a
    need not yet published or a need of a secret case takes no such support."""
    from slussen.intake.models import Supporter

    need = published(world, audience="employees")
    nurse = User.objects.create(email="sjukskoterska@example.org", full_name="Sara Sjuksköterska")
    Membership.objects.create(user=nurse, organisation=world.karolinska, role="employee")
    client.force_login(nurse)
    page = client.get(need.get_absolute_url()).text
    assert 'name="unit"' in page
    url = reverse("needs:support", args=[need.pk])
    data = {"unit": "Avdelning 54, Karolinska Solna", "note": "Vi har samma problem."}
    huge = client.post(url, {"unit": "x" * 201, "note": "Vi har samma problem."})
    assert huge.status_code == 400 and "Vi har samma problem." in huge.text
    assert not Supporter.objects.exists()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit supports once
    supporter = Supporter.objects.get(case=need.case)
    assert (supporter.user, supporter.unit) == (nurse, "Avdelning 54, Karolinska Solna")
    page = client.get(need.get_absolute_url()).text
    assert "Du stöder behovet" in page and 'name="unit"' not in page

    # The advisor who published it handles its case: nothing to support.
    client.force_login(world.advisor)
    assert 'name="unit"' not in client.get(need.get_absolute_url()).text
    assert client.post(url, data).status_code == 403
    # A company reads a need for companies but does not support a case in the region.
    for_companies = published(world, audience="companies")
    client.force_login(world.external)
    assert 'name="unit"' not in client.get(for_companies.get_absolute_url()).text
    assert client.post(reverse("needs:support", args=[for_companies.pk]), data).status_code == 403
    # Not yet published: no such need for a colleague.
    draft = need_for(world, audience="employees")
    client.force_login(nurse)
    assert client.post(reverse("needs:support", args=[draft.pk]), data).status_code == 404
    # A need from a secret case: the board shows it, the case takes no supporters.
    secret = need_for(world, case=world.other_case, author=world.advisor_other,
                      audience="employees")  # fmt: skip
    services.ask_approval(secret, world.advisor_other)
    manager = User.objects.create(email="chef.ks2@example.org", full_name="Chef KS")
    Membership.objects.create(user=manager, organisation=world.karolinska, role="manager")
    services.approve(secret, manager)
    client.force_login(world.advisor)
    assert 'name="unit"' not in client.get(secret.get_absolute_url()).text
    assert client.post(reverse("needs:support", args=[secret.pk]), data).status_code == 403
    assert Supporter.objects.count() == 1


def test_needs_board_a_company_reads_its_own_answer_and_where_it_stands(world, client):
    """After answering, the company reads what it sent and its status on the need's page and on
    its start page; another company reads neither."""
    need = published(world)
    services.answer(
        need, world.external, proposal="Vår sensormatta larmar diskret.", fulfils="Utan kamera."
    )
    other = company("Annat Företag AB", "kontakt@annat.example")
    client.force_login(world.external)
    page = client.get(need.get_absolute_url()).text
    assert "Vår sensormatta larmar diskret." in page and "Utan kamera." in page
    assert "Mottaget" in page
    start = client.get(reverse("core:home")).text
    assert need.title in start and "Mottaget" in start
    client.force_login(other)
    assert "Vår sensormatta" not in client.get(need.get_absolute_url()).text
    assert "Era svar på behovstavlan" not in client.get(reverse("core:home")).text

    services.shortlist(need, world.advisor, list(need.answers.all()), dialogue="Möte i maj.")
    client.force_login(world.external)
    assert "Utvalt för tidig dialog" in client.get(reverse("core:home")).text
    assert "Utvalt för tidig dialog" in client.get(need.get_absolute_url()).text


def test_needs_board_open_needs_invite_from_the_start_page(world, client):
    """Published needs are on the start page of those they are for: an employee's, and a
    company's until it has answered; a draft is on nobody's."""
    for_employees = published(world, audience="employees", title="Laddplatser i väntrummen")
    for_companies = published(world, title="Digital uppföljning efter utskrivning")
    need_for(world, title="Ett utkast")
    client.force_login(world.employee)
    page = client.get(reverse("core:home")).text
    assert "Öppna behov" in page
    assert for_employees.title in page and for_companies.title in page
    assert for_employees.get_absolute_url() in page and "Ett utkast" not in page
    client.force_login(world.advisor)  # she published them: they are hers, not an invitation
    assert "Öppna behov" not in client.get(reverse("core:home")).text
    client.force_login(world.external)
    page = client.get(reverse("core:home")).text
    assert for_companies.title in page and for_employees.title not in page
    services.answer(for_companies, world.external, proposal="Vår plattform.", fulfils="Allt.")
    page = client.get(reverse("core:home")).text
    assert "Öppna behov" not in page  # answered: under the company's answers instead


ENGLISH = dict(
    title_en="Fewer falls at night",
    problem_en="Older patients fall when they get up at night.",
    who_en="Wards with older patients.",
    requirements_en="Works without a camera; alerts the staff.",
    offer_en="A test ward, clinical time.",
)


def test_needs_board_its_own_texts_in_english_on_english_pages_swedish_otherwise(
    world, client, mailoutbox
):
    """The advisor may write the need in English too (optional): the English board, the
    need's page, the start page and the notices read in English show it; the Swedish pages,
    and a need without English texts, show the Swedish."""
    need = published(world, **ENGLISH)
    swedish_only = published(world, title="Kortare väntan på akuten")
    client.force_login(world.employee)
    client.cookies["django_language"] = "en"
    for url in (reverse("needs:board"), need.get_absolute_url(), reverse("core:home")):
        page = client.get(url).text
        assert "Fewer falls at night" in page, url
        assert "Färre fall på natten" not in page, url
    page = client.get(need.get_absolute_url()).text
    for text in list(ENGLISH.values())[1:]:
        assert text in page
    assert "Äldre patienter faller" not in page
    assert "Older patients fall when" in client.get(reverse("needs:board")).text
    assert "Kortare väntan på akuten" in client.get(swedish_only.get_absolute_url()).text
    client.cookies["django_language"] = "sv"
    page = client.get(need.get_absolute_url()).text
    assert "Färre fall på natten" in page and "Fewer falls" not in page
    assert "Äldre patienter faller" in page and "Older patients fall" not in page

    # The advisor gives them on the need's form; they are optional.
    client.force_login(world.advisor)
    form = client.get(reverse("needs:create")).text
    for name in ENGLISH:
        assert f'name="{name}"' in form
    data = {
        "case": world.case.pk,
        "title": "Säkrare läkemedel",
        "problem": "Fel dos.",
        "who": "Sjuksköterskor.",
        "requirements": "Enkel.",
        "deadline": SOON.isoformat(),
        "audience": "companies",
        "title_en": "  Safer medication  ",
    }
    response = client.post(reverse("needs:create"), data)
    assert response.status_code == 302
    made = Need.objects.get(title="Säkrare läkemedel")
    assert made.title_en == "Safer medication" and made.problem_en == ""


def test_needs_board_its_handler_gives_the_english_texts_after_it_is_published(world, client):
    """A need published in Swedish only gets its English texts from its handlers later (a
    translation of what the manager approved: the Swedish texts are not opened again); the
    step is audited; nobody else may, nor once the need is closed."""
    from slussen.core import workflow
    from slussen.core.models import AuditEvent

    need = published(world)
    url = reverse("needs:english", args=[need.pk])
    client.force_login(world.advisor)
    detail = client.get(need.get_absolute_url()).text
    assert url in detail  # offered on the need's page
    form = client.get(url).text
    assert 'name="title_en"' in form and 'name="title"' not in form
    assert client.post(url, {"title_en": "x" * 201}).status_code == 400  # kept, not saved
    response = client.post(url, {**ENGLISH, "title_en": " Fewer falls at night "})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title_en, need.offer_en, need.title) == (
        "Fewer falls at night",
        "A test ward, clinical time.",
        "Färre fall på natten",
    )
    assert AuditEvent.objects.filter(action="needs.english", object_id=str(need.pk)).exists()
    client.cookies["django_language"] = "en"
    assert "Fewer falls at night" in client.get(need.get_absolute_url()).text
    client.cookies["django_language"] = "sv"

    for outsider in (world.employee, world.external, world.advisor_other):  # they read it
        client.force_login(outsider)
        assert client.post(url, {"title_en": "Hacked"}).status_code == 403
        assert url not in client.get(need.get_absolute_url()).text
    workflow.apply(need, "close", world.advisor, reason="Klart.")
    client.force_login(world.advisor)
    assert client.post(url, {"title_en": "Too late"}).status_code == 403
    need.refresh_from_db()
    assert need.title_en == "Fewer falls at night"


def test_needs_board_its_handler_sees_who_says_a_need_for_employees_is_theirs_too(world, client):
    """Companies do not answer a need for employees: its handler's page lists, instead of
    answers, the colleagues who said it is their unit's need too (name, unit, note); the
    employees reading it do not see that list."""
    need = published(world, audience="employees")
    nurse = User.objects.create(email="sjukskoterska@example.org", full_name="Sara Sjuksköterska")
    Membership.objects.create(user=nurse, organisation=world.karolinska, role="employee")
    services.support(need, nurse, unit="Avdelning 54, Karolinska Solna", note="Samma problem.")
    client.force_login(world.advisor)
    page = client.get(need.get_absolute_url()).text
    assert "Sara Sjuksköterska" in page and "Avdelning 54, Karolinska Solna" in page
    assert "Samma problem." in page
    assert "Inga svar ännu" not in page and "Välj ut för tidig dialog" not in page
    client.force_login(world.employee)
    page = client.get(need.get_absolute_url()).text
    assert "Sara Sjuksköterska" not in page and "Samma problem." not in page
    # A need for companies lists its answers to the handler as before.
    client.force_login(world.advisor)
    assert "Inga svar ännu" in client.get(published(world).get_absolute_url()).text
