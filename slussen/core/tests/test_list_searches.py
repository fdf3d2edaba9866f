"""Every list with a search reads it one way (``core.forms.list_filters``) and says the same
when it is empty (``{% empty_list %}``): nothing typed is cut short without a word, "OR" and
"ELLER" join words as alternatives, and "Did you mean …?" proposes only words that find
something in the person's own list. Run on SQLite and PostgreSQL (``scripts/pg-throwaway``)."""

import re

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.core import search
from slussen.core.tests.test_words_on_every_page import visible_text
from slussen.fund.tests.factories import make_application, make_call

TOO_LONG = "sår " * 60  # 240 characters: longer than a search takes (SHORT_TEXT, 200)
INVALID = "Inget visas förrän sökningen ovan är rättad."


@pytest.fixture
def call(world):
    call = make_call(world)
    make_application(world, call, state="review")
    return call


def _lists(world, call):
    """(who, url) of the lists with a search that the register's way came late to."""
    return [
        (world.advisor, reverse("process:index")),
        (world.coordinator, reverse("fund:index")),
        (world.coordinator, reverse("fund:applications")),
        (world.coordinator, reverse("fund:overview", args=[call.pk])),
    ]


def test_a_search_longer_than_a_list_takes_shows_nothing_keeps_the_text_and_says_why(
    world, client, call
):
    """Before: the innovation cases' list cut the words at 100 characters, the fund's lists at
    200, and listed what the cut words found, as if that had been the search."""
    for user, url in _lists(world, call):
        client.force_login(user)
        response = client.get(url, {"q": TOO_LONG})
        assert response.status_code == 400, url
        text = response.content.decode()
        assert f'value="{TOO_LONG}"' in text, url  # kept in the box, whole
        assert INVALID in visible_text(text), url


def test_a_search_of_150_characters_is_searched_whole(world, client):
    """A search whose last word, after 100 characters (a pasted text's spaces), finds nothing:
    the innovation cases' list cut it at 100 and listed what its first word found."""
    from slussen.process.tests.test_search import innovation_case

    ic = innovation_case(world, world.sos, "Trycksår i hemsjukvården", "Vändschema.")
    client.force_login(world.coordinator)
    assert ic.case.title in client.get(reverse("process:index"), {"q": "trycksår"}).text
    words = "trycksår" + " " * 140 + "zyxwvu"  # 154 characters
    page = client.get(reverse("process:index"), {"q": words})
    assert page.status_code == 200
    assert ic.case.title not in page.text
    assert "Inga träffar för" in visible_text(page.content.decode())


def test_the_fund_lists_say_what_an_empty_search_found(world, client, call):
    """Before: "No application matches the search." or nothing at all, never the words."""
    client.force_login(world.coordinator)
    for _user, url in _lists(world, call)[1:]:
        text = visible_text(client.get(url, {"q": "zyxwvu"}).content.decode())
        assert "Inga träffar för ”zyxwvu”. Prova andra ord." in text, url


# --- OR -----------------------------------------------------------------------------------


@pytest.fixture
def wounds(world):
    texts = [
        ("Trycksår hos sängliggande", "Vändschema på natten."),
        ("Fotografera svårläkta bensår", "Bilder av benet i hemmet."),
        ("Skyltning till akuten", "Tydligare skyltar."),
    ]
    return [
        case_services.open_case(kind="idea", title=t, description=d, organisation=world.sos)
        for t, d in texts
    ]


def _found(client, q):
    from slussen.cases.models import Case

    page = client.get(reverse("cases:register"), {"q": q}).text
    return {c.title for c in Case.objects.all() if c.registry_number in page}


def test_or_and_eller_between_words_find_either(world, client, wounds):
    """Before: "OR" and "ELLER" were stop words, so "trycksår OR skyltning" asked for both."""
    client.force_login(world.coordinator)
    pressure, leg, signs = (c.title for c in wounds)
    assert _found(client, "trycksår skyltning") == set()  # every word, as before
    for q in ("trycksår OR skyltning", "trycksår ELLER skyltning", "trycksår eller skyltning"):
        assert _found(client, q) == {pressure, signs}, q
    assert _found(client, "bensår OR skyltar OR trycksår") == {pressure, leg, signs}
    # An alternative and a word: either of the two, and the word.
    assert _found(client, "trycksår OR bensår natten") == {pressure}
    # "OR" first or last joins nothing: the words as they are.
    assert _found(client, "OR skyltning") == {signs}
    assert _found(client, "skyltning OR") == {signs}


def test_alternatives_are_grouped_around_or():
    groups = search.alternatives(search.words("sår OR the trycksår häl", keep_stop_words=True))
    assert groups == [[search.stem("sår"), search.stem("trycksår")], [search.stem("häl")]]
    assert search.alternatives(["och", "eller"]) == []


# --- Did you mean -------------------------------------------------------------------------


def test_did_you_mean_offers_only_words_that_find_something_the_person_may_see(world, client):
    """A misspelling of a word only another organisation's secret case holds ("hjärtsvikt",
    Karolinska's): a colleague of another organisation is offered nothing (before: "Did you
    mean hjärtsvikt?", a search that found nothing for her and a word the secret case holds);
    the coordinator, who sees the case, is offered it and it finds the case."""
    assert search.suggestion("hjärtsvkt") == "hjärtsvikt"
    client.force_login(world.employee)
    for name in ("cases:register", "cases:public_register"):
        text = client.get(reverse(name), {"q": "hjärtsvkt"}).text
        assert "Inga träffar för ”hjärtsvkt”" in text, name
        assert "Menade du" not in text and "hjärtsvikt" not in text, name
    client.force_login(world.coordinator)
    text = client.get(reverse("cases:register"), {"q": "hjärtsvkt"}).text
    link = re.search(r'Menade du <a href="\?([^"]+)">([^<]+)</a>\?', text)
    assert link and link.group(2) == "hjärtsvikt"
    found = client.get(reverse("cases:register"), {"q": "hjärtsvikt"}).text
    assert world.other_case.registry_number in found


def test_a_proposal_is_checked_in_a_few_queries_and_only_when_nothing_was_found(world, client):
    """The check of "Did you mean …?" asks the person's list once (its search's own look-ups
    and an ``exists``), only for a search that found nothing and has words to propose."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    counts = {}
    for q in ("hjärtsvkt", "zyxwvu", "hjärtsvikt"):  # a typo, no proposal, found
        client.get(reverse("cases:register"), {"q": q})  # warm (session, word lists)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cases:register"), {"q": q})
        counts[q] = len(queries)
    assert counts["hjärtsvkt"] - counts["zyxwvu"] <= 3, counts
