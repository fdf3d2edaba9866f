"""Word search in test plans and results, behind one function.

PostgreSQL: full text search with the Swedish configuration (stemming: "mätningar" finds
"mätning"), served by a GIN index on the same expression (migration 0002). Elsewhere (SQLite in
development): every word must occur in the lower-cased title and text.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

CONFIG = "swedish"


def document():
    """The indexed expression; the index in the migration is built from this very expression."""
    return SearchVector("title", "body", config=CONFIG)


def matching(records, q: str):
    words = q.lower().split()
    if not words:
        return records
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        return records.annotate(document=document()).filter(document=query)
    for word in words:
        records = records.filter(search_text__contains=word)
    return records


def text_of(record) -> str:
    return f"{record.title}\n{record.body}".lower()
