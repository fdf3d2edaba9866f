"""Every search box says how it reads what one types (``{% search_help %}``), and only what is
true of the one search (each example of the help is searched for here, on SQLite and
PostgreSQL alike); a search of more words than it reads names the words it left out
(``{% search_read %}``, ``search.read``), and reads all the words of a pasted sentence."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core import search
from slussen.core.tests.test_words_on_every_page import visible_text

ROOT = Path(__file__).resolve().parents[3]  # the repository


def _templates():
    return {
        str(p).split("/templates/", 1)[1]: p for p in ROOT.glob("slussen/*/templates/**/*.html")
    }


def _uses(templates, path, tag, seen=()):
    text = path.read_text()
    if "{% " + tag + " " in text:
        return True
    return any(
        _uses(templates, templates[name], tag, (*seen, name))
        for name in re.findall(r'{% include "([^"]+)"', text)
        if name in templates and name not in seen and not name.startswith("partials/")
    )


def test_every_search_form_says_how_it_reads_and_what_it_left_out():
    """A form with ``role="search"`` holds ``{% search_help %}``; its page (or the part a
    search replaces, which it includes) says the words left out with ``{% search_read %}``."""
    templates = _templates()
    searching = {name: p for name, p in templates.items() if 'role="search"' in p.read_text()}
    assert len(searching) >= 10  # the register, the public register, the queue, the fund's…
    without_help = []
    for name, path in searching.items():
        for form in re.findall(r'<form[^>]*role="search".*?</form>', path.read_text(), re.S):
            if "{% search_help " not in form:
                without_help.append(name)
    assert without_help == []
    silent = [
        name
        for name, path in searching.items()
        if "{% empty_list " in path.read_text() or _uses(templates, path, "empty_list")
        if not _uses(templates, path, "search_read")
    ]
    assert silent == []


LISTS = [  # (who, url name) – lists with a search box that reads words
    ("advisor", "cases:register"),
    ("anonymous", "cases:public_register"),
    ("anonymous", "testbeds:catalogue"),
    ("expert", "testbeds:results"),
    ("anonymous", "navigator:directory"),
    ("advisor", "process:index"),
    ("coordinator", "fund:applications"),
    ("coordinator", "fund:index"),
]


@pytest.mark.parametrize(("role", "name"), LISTS)
def test_the_help_is_a_disclosure_under_every_search_box_in_both_languages(
    world, client, role, name
):
    if role != "anonymous":
        client.force_login(world.users[role])
    page = client.get(reverse(name)).text
    form = re.search(r'<form[^>]*role="search".*?</form>', page, re.S).group(0)
    assert '<details class="search-help">' in form
    assert "<summary>Så läser sökningen dina ord</summary>" in form
    assert "”trycksår ELLER liggsår”" in form
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse(name)).text
    assert "<summary>How the search reads your words</summary>" in english
    assert "OR or ELLER between two words finds either of them" in english


def test_the_work_queue_searches_words_and_says_how(world, client):
    """The work queue got the register's search (a word of her queue's cases, their registry
    numbers): its help is there too, in the same words."""
    client.force_login(world.advisor)
    page = client.get(reverse("intake:queue")).text
    assert 'name="q"' in page
    assert "search-help" in page and "Så läser sökningen dina ord" in page


TEXTS = [
    ("Fjärrbedömning av svårläkta sår", "Sjuksköterskan fotograferar såret i hemmet."),
    ("Drönarleveranser av blodprover", "Blodprover flygs mellan akutsjukhusen."),
    ("Stöd vid nacksmärta", "Övningar för den som sitter vid datorn hela dagen."),
    ("Diabetes i hemmet", "Blodsockret mäts varje morgon."),
    ("Trycksår på hälen", "Madrassen byts på natten."),
    ("Liggsår hos äldre", "Vändschema på avdelningen."),
]


@pytest.fixture
def cases(world):
    return {
        t.split()[0]: case_services.open_case(
            kind="idea", title=t, description=d, organisation=world.sos
        ).registry_number
        for t, d in TEXTS
    }


def found(client, q):
    """The cases of ``TEXTS`` the register finds (the world has cases of its own)."""
    page = client.get(reverse("cases:register"), {"q": q}).text
    ours = Case.objects.filter(title__in=[t for t, _ in TEXTS])
    return {c.registry_number for c in ours if c.registry_number in page}


def test_every_example_of_the_help_is_true(world, client, cases):
    client.force_login(world.coordinator)
    assert found(client, "såren") == {cases["Fjärrbedömning"]}  # any form
    assert found(client, "drönare") == {cases["Drönarleveranser"]}  # a compound it begins
    assert found(client, "smärta") == {cases["Stöd"]}  # a compound it ends
    assert found(client, "diab") == {cases["Diabetes"]}  # a beginning of four letters or more
    assert found(client, "trycksår ELLER liggsår") == {cases["Trycksår"], cases["Liggsår"]}
    assert found(client, "trycksår OR liggsår") == {cases["Trycksår"], cases["Liggsår"]}
    assert found(client, "trycksår/liggsår") == {cases["Trycksår"], cases["Liggsår"]}
    assert found(client, "trycksar") == {cases["Trycksår"]}  # å, ä and ö left out
    assert found(client, "trycksår liggsår") == set()  # every word must be found
    assert found(client, "drönare och för på") == found(client, "DRÖNARE")  # small words, capitals
    # Quotation marks keep no words together: words far apart are found.
    assert (
        found(client, "”sitter hela dagen”") == found(client, '"dagen sitter"') == {cases["Stöd"]}
    )


def test_the_search_reads_every_word_of_a_pasted_sentence(world, client, cases):
    """Before, the first eight words (stop words counted) were read and the rest dropped: a
    sentence whose ninth word no case has found the case as if that word had not been typed."""
    client.force_login(world.coordinator)
    sentence = "Övningar för den som sitter vid datorn hela dagen med nacksmärta"
    assert found(client, sentence) == {cases["Stöd"]}
    assert found(client, sentence + " och drönare") == set()  # its last word, too, is read
    page = client.get(reverse("cases:register"), {"q": sentence}).text
    assert "search-left-out" not in page


def test_words_past_the_most_it_reads_are_named_on_the_page(world, client, cases):
    client.force_login(world.coordinator)
    many = " ".join(f"ord{n:02d}a" for n in range(search.MAX_SEARCHED)) + " drönare akuten"
    page = client.get(reverse("cases:register"), {"q": many}).text
    note = f"Sökningen läser högst {search.MAX_SEARCHED} ord. Söktes inte: ”drönare akuten”."
    assert note in visible_text(page)
    # In the part a search replaces as one types (htmx), too.
    part = client.get(reverse("cases:register"), {"q": many}, HTTP_HX_REQUEST="true").text
    assert note in visible_text(part)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = visible_text(client.get(reverse("cases:register"), {"q": many}).text)
    assert "Not searched for: “drönare akuten”." in english


def test_read_counts_only_the_words_that_are_searched_for():
    words, left_out = search.read("jag har ont i nacken när jag sitter vid datorn hela dagen")
    assert left_out == [] and "dagen" in words
    many = " ".join(f"ord{n:02d}a" for n in range(search.MAX_SEARCHED + 2))
    words, left_out = search.read("och " + many.replace(" ", " och "))
    assert left_out == [f"ord{n:02d}a" for n in range(search.MAX_SEARCHED, search.MAX_SEARCHED + 2)]
    assert "och" in words and len([w for w in words if w != "och"]) == search.MAX_SEARCHED
    only_small = " ".join(["och"] * (search.MAX_SEARCHED + 3))
    assert len(search.read(only_small)[0]) == search.MAX_SEARCHED  # a search of stop words alone
