"""A notice is written in the recipient's language when she is told (that is what was
e-mailed), and shown in the language she reads Slussen in now: a Swedish nurse who switches to
English reads her notices in English, and back."""

import re

from django.conf import settings
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.core import workflow
from slussen.core.models import Notification
from slussen.intake import services


def test_a_notice_is_shown_in_the_language_she_reads_slussen_in(world, client, mailbox):
    case = case_services.open_case(
        kind="idea", title="Laddplatser för rullstolar", description="Batteriet tar slut.",
        organisation=world.sos, actor=world.advisor, submitter=world.advisor,
    )  # fmt: skip
    world.manager.language = "sv"
    world.manager.save(update_fields=["language"])
    services.join(case, world.manager)
    workflow.apply(case, "start_assessment", world.advisor, reason="Vi läser.")
    notice = Notification.objects.get(recipient=world.manager, kind="intake.supported")
    assert "som du stödjer" in notice.title  # written, and e-mailed, in her language then

    client.force_login(world.manager)
    swedish = unwrapped(client.get(reverse("core:notifications")).text)
    assert f"{case.registry_number}, som du stödjer:" in swedish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = unwrapped(client.get(reverse("core:notifications")).text)
    assert f"{case.registry_number}, which you support:" in english
    assert "som du stödjer" not in english
    case.refresh_from_db()
    assert f"which you support: {case.state.name_en}" in english  # the state's English name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert "som du stödjer" in unwrapped(client.get(reverse("core:notifications")).text)


def test_a_notice_written_in_english_is_shown_in_swedish_on_a_swedish_page(world, client):
    world.employee.language = "en"
    world.employee.save(update_fields=["language"])
    case = world.case
    workflow.apply(case, "start_assessment", world.advisor, reason="We read it.")
    notices = Notification.objects.filter(recipient=world.employee)
    assert notices.exists()
    notice = notices.first()
    client.force_login(world.employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = unwrapped(client.get(reverse("core:notifications")).text)
    assert notice.title in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = unwrapped(client.get(reverse("core:notifications")).text)
    assert notice.title not in swedish
    assert notice.texts["sv"]["title"] in swedish
    assert "We read it." in swedish  # the reason is the advisor's words, in any language


def test_a_notice_in_the_same_words_in_every_language_keeps_no_copies(world):
    from slussen.core import notify

    (notice,) = notify.tell([world.employee], "test.plain", "Slussen", email=False)
    assert notice.texts == {}
    assert notice.shown_title == "Slussen"


def unwrapped(page):
    """The page as read: a number or date kept on one line (``unbroken``) is its text."""
    return re.sub(r'<span class="nowrap">(.*?)</span>', r"\1", page)
