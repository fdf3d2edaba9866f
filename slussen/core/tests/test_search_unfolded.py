"""A word typed without å, ä and ö finds what the word with them finds, when no document uses it
as typed ("sar" finds "sår"; "lakemedlen" finds "läkemedel"); a word the documents use as typed
is that word only ("mal" is no "mål"). The same on SQLite and PostgreSQL (``search.unfolded``)."""

import pytest

from slussen.cases import services
from slussen.cases.models import Case, Secrecy
from slussen.cases.selectors import text_q


def _open(world, title, description):
    return services.open_case(
        kind="idea", title=title, description=description, organisation=world.sos,
        actor=world.advisor, secrecy=Secrecy.PUBLIC, secrecy_reference="",
    )  # fmt: skip


@pytest.fixture
def cases(world):
    return {
        "wound": _open(world, "Sårvård i hemmet", "Bilder av såren skickas till mottagningen."),
        "drone": _open(world, "Drönarleverans av läkemedel", "Läkemedlen flygs ut till ön."),
        "heart": _open(world, "Hjärtsvikt på distans", "Vikten vägs varje morgon."),
        "moth": _open(world, "En mal i förrådet", "Malen åt upp filtarna."),
        "goal": _open(world, "Mål för vården", "Tydliga mål för året."),
    }


def _found(q):
    return set(Case.objects.filter(text_q(q)).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("sar", "sår"), ("saren", "såren"), ("SAR", "sår"), ("lakemedel", "läkemedel"),
     ("lakemedlen", "läkemedlen"), ("dronare", "drönare"), ("dron", "drön"),
     ("dronarleverans", "drönarleverans"), ("hjartsvikt", "hjärtsvikt"),
     ("sar OR hjartsvikt", "sår OR hjärtsvikt"), ("lakemedel dronare", "läkemedel drönare")],
)  # fmt: skip
def test_a_word_typed_without_its_swedish_letters_finds_what_it_means(cases, typed, meant):
    assert _found(meant), meant
    assert _found(typed) == _found(meant), typed


def test_a_word_the_documents_use_as_typed_is_only_that_word(cases):
    assert _found("mal") == {cases["moth"].pk}
    assert _found("mål") == {cases["goal"].pk}


def test_a_word_written_with_a_combining_ring_is_the_word(cases):
    """An "å" typed as "a" and a combining ring (a Mac, text copied from a PDF): the same "å"."""
    assert _found("sa\u030aren") == _found("såren") == {cases["wound"].pk}
    assert _found("la\u0308kemedel") == {cases["drone"].pk}


def test_a_slash_between_two_words_is_either(cases):
    """ "VR/AR", "sår/hjärtsvikt": what either word finds, not only what has both."""
    either = _found("sår") | _found("hjärtsvikt")
    assert {cases["wound"].pk, cases["heart"].pk} <= either
    assert _found("sår/hjärtsvikt") == _found("sår / hjärtsvikt") == either


def test_the_spellings_a_process_looked_up_are_not_asked_again(cases, django_assert_num_queries):
    """Nearly every searched word has an "a" or an "o": asking the vocabulary about its other
    spellings on every search cost each search two round trips (the results search four), at
    a million cases. What a process found is kept (``KNOWN_KEPT``); the search finds the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        found = _found("sar omsorg")
    with CaptureQueriesContext(connection) as again:
        assert _found("sar omsorg") == found

    def asked(queries):  # the look-ups of the vocabulary (its stems, its parts)
        return [
            q["sql"]
            for q in queries
            if q["sql"].startswith("SELECT term FROM") or "WHERE EXISTS (SELECT 1 FROM" in q["sql"]
        ]

    assert asked(first)
    assert not asked(again)
    assert len(again) == len(first) - len(asked(first))
