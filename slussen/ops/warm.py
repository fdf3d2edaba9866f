"""What every request needs, loaded once before a server's workers start.

gunicorn loads the application in its master process (``preload_app``) and forks its workers
from it; a worker it starts again (``max_requests``: a slow leak never grows for long) starts from
the master too. Without this, each new worker compiled the templates of its first pages, read
the translation catalogues, built the URL map and read the search's word lists while its first
visitors waited (about two seconds for the first page at a million cases). ``warm()`` does that
in the master, so every worker starts with them; it opens no database connection (a connection
must never be shared by processes) and closes any it finds.
"""

import gc
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

SUFFIXES = {".html", ".txt"}


def _templates():
    """Every template the application's apps carry, by the name pages ask for it."""
    for app in apps.get_app_configs():
        root = Path(app.path) / "templates"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.suffix in SUFFIXES and path.is_file():
                    yield path.relative_to(root).as_posix()


def warm() -> int:
    """Compile the templates, read the catalogues and the search's word lists and build the URL
    map; the number of templates compiled."""
    from django.forms.renderers import get_default_renderer
    from django.template import TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils.translation import trans_real

    from slussen.core import search

    get_resolver()._populate()
    search.warm()
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)  # every app's catalogue of the language, read once
    compiled = 0
    for engine in engines.all():
        for name in dict.fromkeys(_templates()):
            try:
                engine.get_template(name)
                compiled += 1
            except TemplateSyntaxError:  # a fragment meant to be included only
                log.warning("template %s not compiled ahead", name)
            except Exception:  # noqa: BLE001 – a template of another engine's kind
                continue
    # The forms' own templates (widgets, fields) are read by the form renderer's engine.
    renderer = get_default_renderer()
    for name in ("django/forms/widgets/input.html", "django/forms/widgets/select.html"):
        try:
            renderer.get_template(name)
        except Exception:  # noqa: BLE001 – a renderer that writes these in Python
            pass
    connections.close_all()
    return compiled


def settle() -> int:
    """Tell Python's garbage collector that everything loaded so far lives as long as the
    server (``gc.freeze``), right before the workers are forked; the number of objects it will
    no longer walk. Its full collections otherwise walked the word lists, templates and
    catalogues each time (some 240 000 objects): a pause of 100–250 ms every hundred-odd
    requests of a worker, while every request of its threads waited – the slowest of the search
    pages' requests at a million cases. It also keeps the forked workers' copies of those pages
    of memory shared with the master (a collection writes into every object it walks)."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
