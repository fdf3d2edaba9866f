"""Join instead of duplicate: "this is my need too" from a suggestion, supporters seen by the
handler and counted in triage, and a duplicate merged into the case that survives."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case, CaseEvent
from slussen.core import workflow
from slussen.core.models import Notification
from slussen.intake import services
from slussen.intake.models import CaseLink, Submission, Supporter

from .conftest import link_in

DESCRIPTION = "Min pappa har elrullstol och batteriet tog slut medan vi väntade på akuten."


def propose(title, description=DESCRIPTION, organisation=None, email="pia@example.net"):
    data = {"title": title, "description": description, "organisation": organisation,
            "email": email, "name": "Pia Andersson"}  # fmt: skip
    submission, _token = services.submit_proposal(data, language="sv", client="test")
    return submission.case


def join_link(body):
    return re.search(r"https?://[^/\s]+(/join/confirm/\S+)", body).group(1)


def test_supporter_colleague_joins_once_and_hears_of_the_case(world, client, mailbox):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    client.force_login(world.manager)
    url = reverse("intake:join", args=[case.pk])
    first = client.post(url, {"unit": "Akuten", "note": "Samma problem hos oss."})
    second = client.post(url, {"unit": "Akuten", "note": "Samma problem hos oss."})  # twice
    assert first.status_code == second.status_code == 302
    supporter = Supporter.objects.get(case=case)
    assert (supporter.user, supporter.organisation, supporter.unit) == (
        world.manager,
        world.sos,
        "Akuten",
    )
    assert first["Location"] == second["Location"]  # her own page for following it
    start = client.get(reverse("core:home")).text
    assert "Behov du delar" in start and case.registry_number in start
    workflow.apply(case, "start_assessment", world.advisor, reason="Vi tittar på det.")
    notice = Notification.objects.get(recipient=world.manager, kind="intake.supported")
    assert case.registry_number in notice.title and "Bedöms" in notice.title
    assert "Vi tittar på det." not in notice.body  # the submitter's reason stays hers
    page = client.get(first["Location"]).text
    assert "Bedöms" in page and DESCRIPTION not in page


def test_supporter_patient_confirms_by_mail_and_sees_only_what_the_public_may(
    world, client, mailbox
):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    mailbox.wait_for("pia@example.net")
    url = reverse("intake:join", args=[case.pk])
    assert "Laddplatser för rullstolar" in client.get(url).text
    missing = client.post(url, {"email": "", "privacy": "on"})
    assert missing.status_code == 400
    sent = client.post(url, {"email": "Olle@Example.net", "note": "Min mamma också.",
                             "privacy": "on"})  # fmt: skip
    assert sent.status_code == 302 and not Supporter.objects.exists()  # nothing before she confirms
    link = join_link(mailbox.body(mailbox.wait_for("olle@example.net")[0]))
    assert client.get(link).status_code == 200 and not Supporter.objects.exists()  # a scanner
    confirmed = client.post(link)
    again = client.post(link)  # the link opened twice
    assert Supporter.objects.count() == 1
    supporter = Supporter.objects.get()
    assert (supporter.email, supporter.user, supporter.note) == (
        "olle@example.net",
        None,
        "Min mamma också.",
    )
    assert confirmed["Location"] == again["Location"]
    tracking = confirmed["Location"]
    welcome = mailbox.body(mailbox.wait_for("olle@example.net", count=2)[1])
    assert link_in(welcome) == tracking
    page = client.get(tracking).text
    assert case.registry_number in page and "Ny" in page
    for private in (DESCRIPTION, "Pia Andersson", "pia@example.net", "Skriv till"):
        assert private not in page  # neither the submitter's text, nor her, nor her reply form
    assert client.post(tracking.replace("/track/", "/track/") + "reply/",
                       {"body": "Hej"}).status_code == 404  # fmt: skip
    mailbox.clear()
    workflow.apply(case, "start_assessment", world.advisor, reason="Pia, vi ringer dig.")
    told = mailbox.body(mailbox.wait_for("olle@example.net")[0])
    assert "Bedöms" in told and link_in(told) == tracking and "Pia" not in told
    assert "Bedöms" in client.get(tracking).text


def test_supporter_may_join_only_what_they_may_see_and_that_is_open(world, client):
    secret = world.other_case  # Karolinska's secret company case
    client.get(reverse("intake:proposal"))
    found = client.get(reverse("intake:similar"), {"title": secret.title,
                                                   "description": secret.description})  # fmt: skip
    assert secret.registry_number not in found.text  # a suggestion leaks no secret case
    assert client.get(reverse("intake:join", args=[secret.pk])).status_code == 404
    partial = case_services.open_case(
        kind="idea", title="Fallprevention på natten", description="Sensorer vid sängen.",
        organisation=world.sos, actor=world.advisor, submitter=world.advisor, secrecy="partial",
    )  # fmt: skip
    assert client.get(reverse("intake:join", args=[partial.pk])).status_code == 404
    client.force_login(world.external)
    assert client.post(reverse("intake:join", args=[partial.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.join(partial, world.external)
    client.force_login(world.advisor_other)  # Karolinska's advisor may not see SöS's case
    assert client.post(reverse("intake:join", args=[partial.pk])).status_code == 404
    client.force_login(world.employee)  # her own idea, a public case: she is told why not
    own = client.post(reverse("intake:join", args=[world.case.pk]))
    assert own.status_code == 400 and "ditt eget" in own.text
    closed = propose("Gratis wifi i väntrummet", "Wifi.", world.sos)
    workflow.apply(closed, "close", world.advisor, reason="Finns redan.")
    ended = client.post(reverse("intake:join", args=[closed.pk]))
    assert ended.status_code == 400 and "är avslutat" in ended.text
    client.force_login(world.manager)  # a colleague who may not see the partly secret case
    assert client.post(reverse("intake:join", args=[partial.pk])).status_code == 404
    client.force_login(world.coordinator)  # sees it, but handles every case: hers already
    assert client.post(reverse("intake:join", args=[partial.pk])).status_code == 404
    assert not Supporter.objects.exists()
    # One who may see it without handling it: the line manager named on its innovation case.
    from slussen.process import services as process_services
    from slussen.process.templates_data import ensure_seeded

    ensure_seeded()
    workflow.apply(partial, "start_assessment", world.advisor, reason="Läser.")
    workflow.apply(partial, "accept", world.advisor, reason="Bra.")
    partial.refresh_from_db()
    process_services.start(
        partial, world.advisor, innovation_type="service", novelty="organisation",
        degree="incremental", line_owner=world.manager, advisor=world.advisor,
    )  # fmt: skip
    client.force_login(world.manager)
    assert client.post(reverse("intake:join", args=[partial.pk])).status_code == 302
    assert list(Supporter.objects.values_list("case", "user")) == [(partial.pk, world.manager.pk)]


def test_supporter_count_shows_to_the_handler_and_sorts_triage(world, client):
    quiet = propose("Wifi i väntrummet", "Gratis wifi.", world.sos)
    shared = propose("Laddplatser för rullstolar", organisation=world.sos)
    propose("Skyltar till röntgen", "Otydliga skyltar.", world.sos)
    services.join(shared, world.manager, unit="Akuten", note="Vi också.")
    for address in ("olle@example.org", "kim@example.org"):
        services._support(shared, email=address, via=Supporter.Via.SUGGESTION)
    client.force_login(world.advisor)
    rows = client.get(reverse("intake:queue"), {"sort": "-supporter_count"}).text
    numbers = re.findall(r"SLU \d{4}-\d+", rows)
    assert numbers[0] == shared.registry_number
    assert re.search(r"3 stödjare</span></td>", rows) and quiet.registry_number in numbers
    page = client.get(reverse("intake:case", args=[shared.pk])).text
    assert "3 stödjare" in page and "Erik Bergström" in page and "Vi också." in page
    assert "olle@example.org" not in page  # a member of the public is not named


def test_supporter_merge_moves_followers_to_the_survivor_and_tells_both(world, client, mailbox):
    survivor = propose("Laddplatser för rullstolar", organisation=world.sos,
                       email="first@example.net")  # fmt: skip
    duplicate = propose("Ladda elrullstolen på akuten", organisation=world.sos,
                        email="second@example.net")  # fmt: skip
    services.join(duplicate, world.manager)
    services._support(duplicate, email="olle@example.net", via=Supporter.Via.SUGGESTION)
    mailbox.wait_for("second@example.net")
    mailbox.clear()
    client.force_login(world.advisor)
    message = "Båda förslagen gäller laddning av rullstolar; vi hanterar dem som ett ärende."
    into = survivor.registry_number.lower()
    response = client.post(
        reverse("intake:merge", args=[duplicate.pk]), {"into": into, "message": message}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state.code == "merged"
    moved = Supporter.objects.filter(case=survivor)
    assert {(s.user_id, s.email) for s in moved} == {
        (None, "second@example.net"),
        (world.manager.pk, ""),
        (None, "olle@example.net"),
    }
    assert all(s.merged_from == duplicate for s in moved)
    assert Supporter.objects.filter(case=duplicate).count() == 2  # nothing is deleted
    assert Case.objects.filter(pk=duplicate.pk).exists() and Submission.objects.count() == 2
    assert CaseLink.objects.get(case=duplicate, other=survivor).kind == "merged"
    for case, other in ((duplicate, survivor), (survivor, duplicate)):
        event = CaseEvent.objects.get(case=case, data__link="merged")
        assert event.data["other"] == other.registry_number
    # The message is on each timeline once: the duplicate's merge step carries it there.
    assert CaseEvent.objects.get(case=survivor, data__link="merged").body == message
    assert CaseEvent.objects.get(case=duplicate, type="transition").body == message
    assert not CaseEvent.objects.get(case=duplicate, data__link="merged").body
    second = mailbox.body(mailbox.wait_for("second@example.net")[0])
    assert message in second and survivor.registry_number in second
    assert survivor.registry_number in client.get(link_in(second)).text  # follows the survivor
    first = mailbox.body(mailbox.wait_for("first@example.net")[0])
    assert message in first and duplicate.registry_number in first
    assert len(mailbox.wait_for("second@example.net")) == 1  # one mail, not a status mail too
    mailbox.clear()
    workflow.apply(survivor, "start_assessment", world.advisor, reason="Vi börjar.")
    assert "Bedöms" in mailbox.body(mailbox.wait_for("second@example.net")[0])
    assert Notification.objects.filter(recipient=world.manager, kind="intake.supported").exists()


def test_supporter_merge_is_refused_where_it_makes_no_sense(world, client):
    case = propose("Laddplatser för rullstolar", organisation=world.sos)
    other = propose("Ladda rullstolen", organisation=world.sos)
    closed = propose("Wifi", "Wifi.", world.sos)
    workflow.apply(closed, "close", world.advisor, reason="Finns redan.")
    karolinska = propose("Laddning på Karolinska", organisation=world.karolinska)
    with pytest.raises(ValidationError):
        services.merge(case, case, world.advisor, message="Samma.")
    with pytest.raises(ValidationError):
        services.merge(case, closed, world.advisor, message="Samma.")
    with pytest.raises(ValidationError):
        services.merge(case, other, world.advisor, message="  ")
    with pytest.raises(ValidationError, match="annan organisation"):  # the form's words
        services.merge(case, karolinska, world.advisor, message="Samma.")
    with pytest.raises(PermissionDenied):
        services.merge(case, other, world.employee, message="Samma.")
    services.merge(case, other, world.advisor, message="Samma behov.")
    with pytest.raises(ValidationError):  # twice: the duplicate is merged already
        services.merge(case, other, world.advisor, message="Samma behov.")
    with pytest.raises(ValidationError):  # into a merged case
        services.merge(other, case, world.advisor, message="Samma behov.")
    client.force_login(world.advisor)
    url = reverse("intake:merge", args=[other.pk])
    refused = client.post(url, {"into": karolinska.registry_number, "message": "Samma."})
    assert refused.status_code == 400  # Karolinska's case: not hers to handle
    client.force_login(world.employee)
    assert client.post(url, {"into": case.registry_number, "message": "x"}).status_code == 404
    decide = client.post(reverse("intake:decide", args=[closed.pk]),
                         {"transition": "merge", "reason": "Samma."})  # fmt: skip
    assert decide.status_code == 404
    client.force_login(world.advisor)
    fresh = propose("Parkering", "Parkering.", world.sos)
    buttons = client.post(reverse("intake:decide", args=[fresh.pk]),
                          {"transition": "merge", "reason": "Samma."})  # fmt: skip
    assert buttons.status_code == 400  # the decision buttons cannot merge without a survivor
    fresh.refresh_from_db()
    assert fresh.state.code == "new"


def test_supporter_merge_leaves_the_duplicate_out_of_the_reports_examples(world):
    from slussen.bokslut.selectors import candidate_cases

    survivor = propose("Laddplatser för rullstolar", organisation=world.sos)
    duplicate = propose("Ladda rullstolen", organisation=world.sos)
    services.merge(duplicate, survivor, world.advisor, message="Samma behov.")
    examples = set(candidate_cases(world.advisor, world.sos))
    assert survivor in examples and duplicate not in examples


def test_supporter_list_costs_the_same_with_more_supporters(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = propose("Laddplatser för rullstolar", organisation=world.sos)
    services.join(case, world.manager, unit="Akuten")
    client.force_login(world.advisor)
    url = reverse("intake:case", args=[case.pk])
    client.get(url)  # warm caches (menu, workflow)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        services._support(case, email=f"person{n}@example.org", via=Supporter.Via.SUGGESTION)
    services.join(case, world.employee)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert "8 stödjare" in page
    assert len(many) == len(few)


def test_supporter_address_of_the_public_is_removed_by_the_retention_rule(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.PRIVACY_RETENTION_DAYS = {"proposal": 90}
    case = propose("Laddplatser för rullstolar", organisation=world.sos)
    public, _created = services._support(
        case, email="olle@example.org", via=Supporter.Via.SUGGESTION, note="Jag heter Olle."
    )
    services.join(case, world.manager)
    assert services.forget_public_supporters() == 0  # the case is still open
    workflow.apply(case, "close", world.advisor, reason="Klart.")
    later = timezone.now() + timedelta(days=91)
    assert services.forget_public_supporters(now=timezone.now() + timedelta(days=89)) == 0
    assert services.forget_public_supporters(now=later) == 1
    assert services.forget_public_supporters(now=later) == 0  # safe to run again
    public.refresh_from_db()
    assert "olle" not in public.email and public.note == ""
    assert case.supporters.count() == 2  # the count stays
