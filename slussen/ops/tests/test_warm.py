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


def test_the_master_keeps_what_it_loaded_out_of_the_garbage_collectors_walks(tmp_path):
    """After ``when_ready`` (warm, then settle) the objects loaded in the master are frozen: a
    worker's full collection walks only its own few (it walked some 240 000 and paused a
    request 100–250 ms each time). Run in a process of its own, as gunicorn's master is."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    script = (
        "import gc, json, runpy, django\n"
        "config = runpy.run_path('deploy/gunicorn.conf.py')\n"
        "django.setup()\n"
        "class Log:\n"
        "    def info(self, *args): pass\n"
        "class Server:\n"
        "    log = Log()\n"
        "config['when_ready'](Server())\n"
        "print(json.dumps({'frozen': gc.get_freeze_count(), 'walked': len(gc.get_objects())}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "slussen.config.settings",
        "SLUSSEN_VAR_DIR": str(tmp_path),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["frozen"] > 100_000  # the word lists, templates, catalogues
    assert counts["walked"] < counts["frozen"] / 20
