"""The accessibility scan: axe-core (from npm, ``node_modules/axe-core``) run in headless Chromium
on every page of the URL configuration, as every role that may see it.

axe is injected with ``page.evaluate(<source>)``. That goes through the DevTools protocol, which
the page's Content-Security-Policy does not govern, so the page is scanned exactly as a visitor
gets it: with its strict CSP in force. ``bypass_csp`` would also work, but it would let inline
``style=""`` and ``<script>`` run that real browsers block, and the scan would then judge a page
nobody sees.
"""

import re
from functools import cache

from django.conf import settings
from django.test import Client
from django.urls import reverse

from .access import OK
from .world import ROLES

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
NARROW = 320
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe leaves these "for review" because a script might still add the missing element; on a
# server-rendered page a dangling ARIA reference or a duplicated id is simply a fault.
STRICT = {"aria-valid-attr-value", "duplicate-id-aria", "form-field-multiple-labels"}
# Tokens differ on every response and say nothing about accessibility.
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken(?:&quot;|"): (?:&quot;|"))\w+')


@cache
def axe_source():
    return AXE.read_text(encoding="utf-8")


def run_axe(page):
    """The WCAG 2.1 A/AA violations on the page as loaded, one readable line per node."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    found = result["violations"] + [v for v in result["incomplete"] if v["id"] in STRICT]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {' '.join(map(str, node['target']))}"
        for v in found
        for node in v["nodes"]
    ]


def session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


class Scan:
    """Scans the pages of one world in one browser context, counting what it did."""

    def __init__(self, context, live_server, world):
        self.context = context
        self.page = context.new_page()
        self.live_server = live_server
        self.world = world
        self.scanned = 0
        self.skipped = 0
        self.refused = []  # what the strict CSP blocked: inline script or style
        self.page.on(
            "console",
            lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else None,
        )

    def visit(self, url, role=None, language=None):
        """Load ``url`` as ``role`` (None: anonymous). Returns the final HTML, or None when the
        page sent this role elsewhere (that page is scanned under its own name)."""
        self.context.clear_cookies()
        self.refused.clear()
        cookies = []
        if role not in (None, "anonymous"):
            cookies.append(session_cookie(self.live_server, self.world.users[role]))
        if language:
            name, server = settings.LANGUAGE_COOKIE_NAME, self.live_server.url
            cookies.append({"name": name, "value": language, "url": server})
        if cookies:
            self.context.add_cookies(cookies)
        response = self.page.goto(self.live_server.url + url)
        if response.request.redirected_from is not None:
            return None
        assert response.status == 200, f"{url} as {role}: HTTP {response.status}"
        return self.page.content()

    def normalised(self, html, role):
        html = CSRF.sub(r"\1…", html)
        if role in self.world.users:  # the signed-in person's own name in the header
            user = self.world.users[role]
            html = html.replace(user.full_name, "…").replace(user.email, "…")
        return html

    def check(self, name, expect):
        """Scan the page ``name`` for every role whose expected outcome is OK; then once in
        English. Returns the problems found, one readable line each."""
        kwargs = expect.kwargs(self.world) if expect.kwargs else {}
        url = reverse(expect.sample or name, kwargs=kwargs)
        problems = []
        seen = set()
        first = None
        for role in ROLES:
            if expect.expected(role) != OK:
                continue
            html = self.visit(url, role)
            if html is None:
                continue
            # A role whose page is identical, once tokens and its own name are set aside, to a
            # page already scanned at this URL would give the same result: skip the re-scan.
            key = self.normalised(html, role)
            if key in seen:
                self.skipped += 1
                continue
            seen.add(key)
            first = first or role
            problems += self.problems(f"{url} as {role}")
        if first is not None:  # English, on a narrow screen: WCAG 1.4.10 asks for 320 px
            size = self.page.viewport_size
            self.page.set_viewport_size({"width": NARROW, "height": 800})
            self.visit(url, first, language="en")
            where = f"{url} as {first} (English, {NARROW} px)"
            problems += self.problems(where)
            width = self.page.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROW:
                problems.append(
                    f"{where}: reflow (WCAG 1.4.10): the page is {width} px wide; "
                    "content must fit without scrolling sideways (wide tables may scroll "
                    "inside a .table-scroll box)"
                )
            self.page.set_viewport_size(size)
        return problems

    def problems(self, where):
        """axe's findings on the loaded page, and what the CSP refused while loading it."""
        found = run_axe(self.page) + [f"CSP refused: {text}" for text in self.refused]
        self.refused.clear()
        self.scanned += 1
        return [f"{where}: {line}" for line in found]
