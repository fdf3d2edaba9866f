"""People never read a code: after steps of every flow, the timelines, the tracking page, the
notices and every e-mail name states and steps in words."""

import re
from datetime import date

from django.urls import reverse

from slussen.core import workflow
from slussen.core.models import Notification, OutboundMail, WorkflowState, WorkflowTransition
from slussen.process import services as process_services
from slussen.process.models import TemplatePhase
from slussen.process.templates_data import SCREENING, ensure_seeded

TODAY = date.today()


def _codes():
    """Every state, step and phase code, but those that are also words of a Swedish label
    (“problem” is a code and a word of “Identifiera problem och behov”)."""
    codes = set(WorkflowState.objects.values_list("code", flat=True))
    codes |= set(WorkflowTransition.objects.values_list("code", flat=True))
    codes |= set(TemplatePhase.objects.values_list("code", flat=True))
    words = " ".join(
        [*WorkflowState.objects.values_list("name_sv", flat=True)]
        + [*WorkflowTransition.objects.values_list("name_sv", flat=True)]
        + [*TemplatePhase.objects.values_list("name_sv", flat=True)]
    ).lower()
    return {c for c in codes if not re.search(rf"\b{re.escape(c)}\b", words)}


def _visible_text(html: str) -> str:
    """What a reader sees: the page's text, without markup, scripts and attribute values."""
    body = html[html.index("<main") : html.index("</main>")]
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


def _assert_no_codes(text, codes, where):
    found = sorted(c for c in codes if re.search(rf"(?<![\w/.-]){re.escape(c)}(?![\w/-])", text))
    assert not found, f"{where} shows codes {found}: {text[:400]}"


def test_timelines_notices_and_mail_name_states_in_words(world, client, settings):
    ensure_seeded()
    case = world.case
    workflow.apply(case, "start_assessment", world.advisor, reason="Vi läser förslaget.")
    workflow.apply(case, "accept", world.advisor, reason="Tydligt behov.")
    case.refresh_from_db()
    ic = process_services.start(
        case,
        world.advisor,
        innovation_type="service",
        novelty="organisation",
        degree="incremental",
        line_owner=world.manager,
        advisor=world.advisor,
    )
    screening = ic.phase.checklist.get(code=SCREENING)  # compulsory: no medical purpose
    process_services.save_checklist(ic, world.advisor, {screening.pk: ("not_applicable", "")})
    process_services.decide(
        ic, world.advisor, decision="go", basis="Behovet är bekräftat.", zone="green",
        decided_on=TODAY,
    )  # fmt: skip
    process_services.decide(
        ic, world.advisor, decision="pause", basis="Väntar på budget.", zone="green",
        decided_on=TODAY,
    )  # fmt: skip
    codes = _codes()
    assert {"start_assessment", "need_idea", "assessing", "paused"} <= codes

    for user, url in (
        (world.advisor, case.get_absolute_url()),
        (world.advisor, reverse("intake:case", args=[case.pk])),
        (world.advisor, ic.get_absolute_url()),
        (world.employee, case.get_absolute_url()),
        (world.employee, reverse("core:notifications")),
        (world.manager, reverse("core:notifications")),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_codes(_visible_text(response.content.decode()), codes, f"{url} as {user}")

    for notice in Notification.objects.all():
        _assert_no_codes(f"{notice.title} {notice.body}", codes, f"notice {notice.kind}")
    assert OutboundMail.objects.exists()
    for mail in OutboundMail.objects.all():
        _assert_no_codes(f"{mail.subject} {mail.body}", codes, f"mail {mail.subject}")
