"""The demo's fund applications read as applicants write: what the project is about, never a
closing "… inom Södersjukhuset." that every application of an organisation shares (a text about
nothing but "sjukhuset" met three of them in the similar-case suggestions)."""

import os

import pytest
from django.core.management import call_command

from slussen.fund.models import Application
from slussen.intake import search as similar


def test_every_generated_theme_has_an_applicants_own_text():
    from slussen.fund.demo import THEME_TEXTS, THEMES_CARE, THEMES_OTHER

    assert set(THEMES_CARE) | set(THEMES_OTHER) <= set(THEME_TEXTS)


@pytest.mark.django_db
def test_no_demo_application_describes_itself_by_its_organisations_name():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    apps = list(Application.objects.select_related("organisation", "case"))
    assert len(apps) > 150
    named = [
        a.title
        for a in apps
        if a.organisation.name in a.summary
        or (a.case and a.organisation.name in a.case.description)
    ]
    assert named == []
    # Their texts differ as their projects do: no one sentence shared by more than a theme's.
    assert len({a.summary for a in apps}) >= 30
    # Nor does a title carry it ("… – Södertälje sjukhus"): the organisation is its own field.
    assert [a.title for a in apps if a.organisation.name in a.title] == []
    for text in ("sjukhuset", "Det gäller sjukhuset.", "Något på sjukhuset"):
        shown = [c for c in similar.suggestions(text) if c.kind == "fund_application"]
        assert shown == [], (text, [c.title for c in shown])
