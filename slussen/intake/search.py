"""Similar cases: the core search's ranking over the indexed cases (``slussen.core.search``),
answered on SQLite and PostgreSQL alike. Inflections, compound words and related words meet, so
differently worded texts about the same thing are found."""

from slussen.cases.models import Case
from slussen.core import search

DOC_TYPE = "case"


def similar(text: str, cases=None, *, exclude=None, limit=5) -> list[Case]:
    """The cases (of ``cases``, default all) most similar to ``text``, best first; the scope is
    applied inside the ranking."""
    exclude = getattr(exclude, "pk", exclude)
    ids = [pk for pk, _score in search.ranked(DOC_TYPE, text, cases, exclude=exclude, limit=limit)]
    found = Case.objects.filter(pk__in=ids).select_related("state", "organisation").in_bulk()
    return [found[pk] for pk in ids if pk in found]
