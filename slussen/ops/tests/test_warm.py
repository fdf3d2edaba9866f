"""A server's workers start with the templates compiled, the catalogues read and the URL map
built in the master (``slussen.ops.warm``, called by ``deploy/gunicorn.conf.py``)."""

import logging

from django.template import engines

from slussen.ops.warm import _templates, warm


def test_warm_compiles_every_template_of_the_apps_ahead(caplog):
    names = set(_templates())
    assert {"base.html", "cases/register.html", "core/home.html"} <= names
    with caplog.at_level(logging.WARNING, logger="slussen.ops.warm"):
        compiled = warm()
    assert compiled == len(names)
    assert not caplog.records  # every template compiles
    loader = engines["django"].engine.template_loaders[0]
    kept = getattr(loader, "get_template_cache", None)
    if kept is not None:  # the cached loader (DEBUG off): a worker forked now finds them there
        assert "cases/register.html" in kept


def test_the_deployed_server_warms_the_application_before_its_workers_start():
    from pathlib import Path

    config = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"
    text = config.read_text()
    assert "preload_app = True" in text and "def when_ready(server):" in text
    assert "warm()" in text


def test_warm_reads_the_searchs_word_lists_ahead():
    """The word lists every search reads (related words, the English glossary, the misspelling
    look-up: some 60 ms to read; the thesaurus, some 0.4 s) are read in the master, not by each
    worker's first search."""
    from slussen.core import search

    lists = (search._related, search._english, search._listed_by_beginning, search._thesaurus)
    for read in lists:
        read.cache_clear()
    warm()
    assert all(read.cache_info().currsize == 1 for read in lists)
