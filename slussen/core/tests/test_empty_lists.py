"""An empty list says why it is empty: a search with no hits says so, with the words searched
for; filters that match nothing say so; only a list nobody narrowed says nothing is there yet.
Every list with a search says it through the one tag (``{% empty_list %}``)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from slussen.core.tests.test_words_on_every_page import visible_text
from slussen.strategic.models import Direction

LISTS = [  # (who, url name) – lists with a search box
    ("expert", "testbeds:results"),
    ("advisor", "cases:register"),
    ("anonymous", "cases:public_register"),
    ("anonymous", "testbeds:catalogue"),
    ("anonymous", "navigator:directory"),
    ("advisor", "process:index"),
    ("coordinator", "fund:applications"),
    ("expert", "fund:applications"),
]


@pytest.mark.parametrize(("role", "name"), LISTS)
def test_a_search_with_no_hits_says_so(world, client, role, name):
    if role != "anonymous":
        client.force_login(world.users[role])
    page = visible_text(client.get(reverse(name), {"q": "zyxwvu"}).content.decode())
    assert "Inga träffar för ”zyxwvu”." in page
    assert "ännu" not in page and " än." not in page


def test_filters_that_match_nothing_say_so(world, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("strategic:portfolio"), {"direction": Direction.values[0]})
    text = visible_text(page.content.decode())
    assert "Inget matchar de här filtren. Prova med färre filter." in text
    assert "ännu" not in text


def test_a_list_nobody_narrowed_says_nothing_is_there_yet(world, client):
    client.force_login(world.expert)
    page = visible_text(client.get(reverse("testbeds:results")).content.decode())
    assert "Inga testplaner eller testresultat registrerade ännu." in page
    assert "träffar" not in page


def test_every_page_with_a_search_or_filters_says_an_empty_list_through_the_one_tag():
    """A page with a search form (``role="search"``) says an empty list with ``{% empty_list %}``
    itself or in a part it includes (before: the fund's three lists said "No application
    matches the search." or nothing)."""
    root = Path(__file__).resolve().parents[3]  # the repository
    templates = {
        str(p).split("/templates/", 1)[1]: p for p in root.glob("slussen/*/templates/**/*.html")
    }

    def says(path, seen=()):
        text = path.read_text()
        if "{% empty_list " in text:
            return True
        included = re.findall(r'{% include "([^"]+)"', text)
        return any(
            says(templates[name], (*seen, name))
            for name in included
            if name in templates and name not in seen and not name.startswith("partials/")
        )

    silent = [
        str(p.relative_to(root))
        for p in templates.values()
        if 'role="search"' in p.read_text() and not says(p)
    ]
    assert silent == []


def test_every_list_with_a_search_says_no_hits_through_the_one_tag():
    """No template words a search's empty answer itself (it looked in no template before:
    its root was the package, not the repository). The tag's own template and the person
    picker's options (no list: "no one who can be chosen here matches") aside."""
    root = Path(__file__).resolve().parents[3]  # the repository
    own = [
        str(p.relative_to(root))
        for p in root.glob("slussen/*/templates/**/*.html")
        if re.search(r"(matches( the search)?|Try fewer filters)\.", p.read_text())
        and p.name not in ("empty.html", "_people_options.html")
    ]
    assert own == []
