"""Similar cases: the core search's ranking over the indexed cases (``slussen.core.search``),
answered on SQLite and PostgreSQL alike. Inflections, compound words and related words meet, so
differently worded texts about the same thing are found."""

from slussen.cases import projects
from slussen.cases.models import Case
from slussen.core import search

DOC_TYPE = "case"
# The suggestion box ranks this many times the cases it shows: a project's other cases give
# their places to the next projects.
WIDER = 4


def similar(text: str, cases=None, *, exclude=None, limit=5) -> list[Case]:
    """The cases (of ``cases``, default all) most similar to ``text``, best first; the scope is
    applied inside the ranking, and tested in the query that reads the cases. A case merged
    into another is never one of them: the case that handles it now is, in its place."""
    exclude = getattr(exclude, "pk", exclude)
    cases = (Case.objects.all() if cases is None else cases).select_related("state", "organisation")
    # A case merged into another is found by its words as the case that handles it now; a
    # case already offered is offered once (``projects.handled_as``).
    found = search.ranked_objects(DOC_TYPE, text, cases, exclude=exclude, limit=limit)
    return projects.handled_as(found, cases, exclude=exclude, limit=limit)


def suggestions(text: str, cases=None, *, limit=3) -> list[Case]:
    """What the writing forms' suggestion box shows: the ``limit`` projects (of ``cases``,
    default all) most similar to ``text``, best first, each once: the best-placed case of a
    project stands for it, its other cases among the best ``limit * WIDER`` in its
    ``same_project`` (``cases.projects``). One query more than ``similar``, of a few rows."""
    return projects.one_per_project(similar(text, cases, limit=limit * WIDER), limit)
