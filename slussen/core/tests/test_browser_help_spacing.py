"""A help text never sits against what follows it (the next label, field or form), wherever
the form styles put it: inside a field, under a heading before a form, in a fieldset (headless
Chromium, the triage page's merge form, Swedish at 1 280 px and English at 390 px)."""

import pytest

from slussen.conftest import ARTIFACTS
from slussen.testing.browser import login

# Each visible help text and what comes after it in the page's flow, when that is not the
# help's own field's control (a label, a legend, another paragraph, a form): the pixels between
# the help's last line and its top. Side by side (a negative distance) is not "after".
GAPS = """() => [...document.querySelectorAll("main .help")]
  .filter(e => e.offsetParent).map(help => {
    let next = help.nextElementSibling, up = help;
    while (!next && up.parentElement) { up = up.parentElement; next = up.nextElementSibling; }
    while (next && !next.offsetParent) next = next.nextElementSibling;
    if (!next || next.matches("input, select, textarea, .error, .checkbox, ul, div:not(.field)"))
      return null;
    const below = next.getBoundingClientRect().top - help.getBoundingClientRect().bottom;
    const text = help.textContent.trim().slice(0, 40);
    return below < 0 ? null : [text, next.tagName, Math.round(below)];
  }).filter(Boolean)"""


@pytest.mark.parametrize(("language", "width"), [("sv", 1280), ("en", 390)])
def test_a_help_text_keeps_its_distance_from_the_next_label(
    live_server, live_world, page, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}/triage/{live_world.case.pk}/")
    page.locator("#merge-h").wait_for()
    page.locator("#merge-h").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"core-help-spacing-{language}-{width}.png"), full_page=True
    )
    gaps = page.evaluate(GAPS)
    assert len(gaps) >= 2, gaps  # the two help texts before the merge form, at least
    assert [(text, tag, gap) for text, tag, gap in gaps if gap < 8] == []
