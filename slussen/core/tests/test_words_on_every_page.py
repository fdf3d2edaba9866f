"""Every page a role of the test world may open is read as that role, and what it shows is words:
no workflow or audit code, no "None", no template tag left unreplaced, no HTML entity shown as
text, no raw JSON or markdown. A new page is read without anyone adding it here (``access.py``
declares it)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from slussen.core.models import AuditEvent, WorkflowState, WorkflowTransition
from slussen.testing.access import OK, collect
from slussen.testing.world import ROLES, build_world

# Pages for machines or developers, where codes are the content (the API's documentation lists
# the values a client sends).
CODES_ARE_CONTENT = ("api:",)


def pages():
    return sorted(n for n, e in collect().items() if e.method == "GET" and e.scan)


def pytest_generate_tests(metafunc):
    if metafunc.function.__name__ == "test_page_shows_words_for_every_role":
        import django

        django.setup()
        metafunc.parametrize("name", pages())


def codes():
    """State and step codes that are not also words of a label, and the audit actions."""
    found = set(WorkflowState.objects.values_list("code", flat=True))
    found |= set(WorkflowTransition.objects.values_list("code", flat=True))
    labels = [*WorkflowState.objects.values_list("name_sv", "name_en")]
    labels += WorkflowTransition.objects.values_list("name_sv", "name_en")
    words = " ".join(" ".join(pair) for pair in labels).lower()
    found = {c for c in found if "_" in c or not re.search(rf"\b{re.escape(c)}\b", words)}
    found |= set(AuditEvent.objects.values_list("action", flat=True).distinct())
    return found


def visible_text(html):
    start = html.find("<main")
    body = html[start : html.index("</main>")] if start >= 0 else html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def problems_in(html, known_codes, check_codes=True):
    text = visible_text(html)
    found = []
    if check_codes:
        shown = sorted(
            c for c in known_codes if re.search(rf"(?<![\w/.@-]){re.escape(c)}(?![\w/@-])", text)
        )
        if shown:
            found.append(f"codes {shown}")
    if re.search(r"\bNone\b", text):
        found.append("None")
    if "{{" in text or "{%" in text:
        found.append("an unreplaced template tag")
    if re.search(r'[{\[]\s*(&quot;|&#34;|")', text):
        found.append("raw JSON")
    if re.search(r"(^|\s)[*-] `|`[^`\s]+`", text):
        found.append("raw markdown")
    ticked = re.sub(r"<select\b.*?</select>", " ", html, flags=re.S)
    if "---------" in visible_text(ticked):
        found.append("Django's empty choice '---------' offered as an answer")
    entity = re.search(r"&amp;(#\d+|#x[0-9a-f]+|[a-z]+);", html[html.find("<main") :], re.I)
    if entity:
        found.append(f"an entity shown as text ({entity.group(0)})")
    return found


@pytest.mark.django_db
def test_page_shows_words_for_every_role(name):
    expect = collect()[name]
    world = build_world()
    url = reverse(expect.sample or name, kwargs=expect.kwargs(world) if expect.kwargs else {})
    known = codes()
    wrong = []
    for role in ROLES:
        if expect.expected(role) != OK:
            continue
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for problem in problems_in(html, known, not name.startswith(CODES_ARE_CONTENT)):
            wrong.append(f"{role}: {problem}")
    assert wrong == [], f"{name} ({url}):\n  " + "\n  ".join(wrong)


def test_the_reader_catches_codes_none_tags_and_entities():
    html = "<main><p>Från need_idea till development</p><p>case.read</p><p>None</p>" \
        "<p>{{ case.title }}</p><p>&amp;lt;b&amp;gt;</p>" \
        "<td>{&quot;organisation&quot;: &quot;SöS&quot;}</td>" \
        "<td>* `idea` - Idé</td>" \
        '<label><input type="radio" name="audience" value=""> ---------</label></main>'  # fmt: skip
    found = problems_in(html, {"need_idea", "case.read"})
    assert found == [
        "codes ['case.read', 'need_idea']", "None", "an unreplaced template tag", "raw JSON",
        "raw markdown",
        "Django's empty choice '---------' offered as an answer",
        "an entity shown as text (&amp;lt;)",
    ]  # fmt: skip
    assert problems_in("<main><p>Fråga Anna &amp; Erik om B&amp;B</p></main>", {"x"}) == []
    # A list to choose from may start empty; only a button to tick may not be named '-----'.
    select = '<main><select name="case"><option value="">---------</option></select></main>'
    assert problems_in(select, {"x"}) == []
