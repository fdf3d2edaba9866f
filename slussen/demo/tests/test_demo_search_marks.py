"""The demo region's search documents carry the marks and places of their objects as they are:
``seed_demo`` loads some of it in bulk (the fund's applications and their cases) and changes
some of it after (handovers, merges, dates), and a search in a person's scope reads the marks."""

import os

import pytest
from django.core.management import call_command

from slussen.core import search
from slussen.core.models import SearchDocument, SearchTerm


def stale_documents():
    """(type, id) of every document whose marks or place are not those of its object now."""
    stale = []
    for name, doc in search.TYPES.items():
        if not doc.attrs():
            continue
        rows = SearchDocument.objects.filter(doc_type=name).values_list(
            "doc_id", "marks", "position"
        )
        written = {pk: (marks, position) for pk, marks, position in rows}
        objects = search.attrs_of_ids(name, list(written))
        assert set(objects) == set(written), name  # a document for every object, and no more
        stale += [
            (name, pk)
            for pk, values in objects.items()
            if written[pk] != ((doc.marks_of(values) if doc.marks else ""), doc.position_of(values))
        ]
    return stale


@pytest.mark.django_db
def test_the_demo_regions_documents_carry_their_objects_marks_and_places():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert SearchDocument.objects.filter(doc_type="case").count() > 100
    assert stale_documents() == []
    # Counted from the first question, not when the daily job runs: no stem left uncounted.
    assert not SearchTerm.objects.filter(documents__isnull=True).exists()
