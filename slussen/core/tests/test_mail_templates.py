"""Every mail the product sends, in both languages: the subject is one line of plain text
(“&” and “<” as typed, never “&amp;”), the body too, every link into Slussen starts with
SITE_URL, and the Swedish and English versions differ. Mail follows the recipient's language."""

import re
from pathlib import Path

import pytest
from django.utils import translation

import slussen
from slussen.core import notify
from slussen.core.models import OutboundMail

TYPED = "Fall & <b>halka</b>"
SITE_URL = "https://slussen.example:8123"
# Links out of Slussen that a mail may give.
ELSEWHERE = ("https://www.digg.se",)


class Anything(int):
    """Whatever a mail template asks of a value: shown, text with characters HTML would
    escape; counted or formatted as a number, 1; an id where an address needs one."""

    def __new__(cls):
        return super().__new__(cls, 1)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in {"pk", "id"} or name.endswith("_id"):
            return 1
        if name == "get_absolute_url":
            return lambda: "/cases/1/"
        return Anything()

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else Anything()

    def __str__(self):
        return TYPED

    def __iter__(self):
        return iter([])


ROOT = Path(slussen.__file__).parent


def mail_templates():
    return sorted(
        str(p.relative_to(p.parents[2])).removesuffix("_subject.txt")
        for p in ROOT.glob("*/templates/*/email/*_subject.txt")
    )


@pytest.mark.parametrize("template", mail_templates())
def test_every_mail_is_text_with_links_from_site_url_in_both_languages(settings, template):
    settings.SITE_URL = SITE_URL
    names = set(
        re.findall(r"\b([a-z_]\w*)\b", re.sub(r"\"[^\"]*\"|'[^']*'", "", _source(template)))
    )
    context = {name: Anything() for name in names - {"site_url", "region"}}
    context.update(
        url=SITE_URL + "/track/x/", link=SITE_URL + "/accounts/enrol/x/", uid="MQ", token="a-1"
    )
    rendered = {lang: notify._render(template, context, lang) for lang in ("sv", "en")}
    for subject, body in rendered.values():
        assert "\n" not in subject and subject.strip()
        for text in (subject, body):
            assert "&amp;" not in text and "&lt;" not in text and "&#x27;" not in text
        if TYPED in _source(template, "_subject.txt") or "{{" in _source(template, "_subject.txt"):
            assert "&" not in subject.replace(TYPED, "") or TYPED in subject
        for link in re.findall(r"[^\s(”\"]*://[^\s)”\"]+", body):
            assert link.startswith((SITE_URL, *ELSEWHERE)), link
    assert rendered["sv"] != rendered["en"]


def _source(template, part="_body.txt"):
    app = template.split("/")[0]
    text = (ROOT / app / "templates" / f"{template}{part}").read_text()
    if part == "_body.txt":
        text += (ROOT / app / "templates" / f"{template}_subject.txt").read_text()
    return text


def test_a_title_with_ampersand_and_angle_brackets_arrives_as_typed(world):
    subject, body = notify._render(
        "intake/email/reply", {"case": world.case, "body": TYPED, "url": "x"}, "sv"
    )
    assert TYPED in body


@pytest.mark.django_db
def test_mail_without_a_language_follows_each_recipient_s_account(world):
    world.advisor.language = "en"
    world.advisor.save()
    with translation.override("sv"):
        notify.email(
            [world.advisor.email, world.manager.email, "someone@example.net"],
            "intake/email/reply",
            {"case": world.case, "body": "Hej", "url": SITE_URL},
        )
    mails = {tuple(m.to): m for m in OutboundMail.objects.all()}
    english = mails[(world.advisor.email,)]
    swedish = mails[(world.manager.email, "someone@example.net")]
    assert english.subject != swedish.subject
    with translation.override("en"):
        assert (
            english.subject == notify._render("intake/email/reply", {"case": world.case}, "en")[0]
        )
