"""A date or a registry number in running text is read whole on a phone: "sedan 2026-12-07",
never "sedan 2026-" / "12-07" (headless Chromium, Swedish, 390 px wide)."""

from django.utils import timezone

from slussen.conftest import ARTIFACTS
from slussen.intake import services
from slussen.intake.tests.test_browser_flows import PATIENCE
from slussen.testing.browser import login

# Narrows the paragraph holding ``text`` one pixel at a time, from the phone's width down to
# where the text no longer fits a line, and answers the widths at which ``text`` was drawn on
# more than one line: wherever a sentence happens to put it, it must never be broken.
BROKEN_AT = """([selector, text]) => {
  const p = [...document.querySelectorAll(selector)].find(e => e.textContent.includes(text));
  const lines = () => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let node, found = null, offset = 0, flat = "";
    const nodes = [];
    while ((node = walker.nextNode())) { nodes.push([node, flat.length]); flat += node.data; }
    const start = flat.indexOf(text), end = start + text.length;
    for (const [n, at] of nodes) {
      if (!found && at <= start && start <= at + n.data.length) {
        range.setStart(n, start - at);
        found = 1;
      }
      if (at <= end && end <= at + n.data.length) { range.setEnd(n, end - at); break; }
    }
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  };
  const broken = [];
  for (let w = p.getBoundingClientRect().width; w >= 120; w -= 1) {
    p.style.width = w + "px";
    if (lines() > 1) broken.push(w);
  }
  p.style.width = "";
  return broken;
}"""


def test_a_date_in_running_text_is_never_broken_at_its_hyphens_on_a_phone(
    live_server, live_world, page
):
    services.join(live_world.case, live_world.manager)
    day = timezone.localdate().isoformat()
    login(page, live_server, live_world.manager)
    page.set_default_timeout(PATIENCE)
    page.set_default_navigation_timeout(PATIENCE)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/join/{live_world.case.pk}/")
    sentence = page.get_by_text(f"Du stödjer det här ärendet sedan {day}.")
    sentence.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "core-unbroken-date-390.png"), full_page=True)
    assert page.evaluate(BROKEN_AT, ["main p", day]) == []


def test_a_time_in_a_timeline_is_never_broken_on_a_phone(live_server, live_world, page):
    """A ``<time>`` is kept whole by the style sheet alone (no span inside it): a case's
    timeline, "Anna Lindqvist · 2026-12-07 14:05", narrowed a pixel at a time at 390 px."""
    case = live_world.case
    when = timezone.localtime(case.events.order_by("created").first().created)
    stamp = when.strftime("%Y-%m-%d %H:%M")
    login(page, live_server, live_world.coordinator)
    page.set_default_timeout(PATIENCE)
    page.set_default_navigation_timeout(PATIENCE)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator(".timeline time", has_text=stamp).first.wait_for()
    assert page.locator(".timeline time .nowrap").count() == 0  # the one rule, no span
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "core-unbroken-time-390.png"), full_page=True)
    assert page.evaluate(BROKEN_AT, [".timeline .event-head", stamp]) == []
