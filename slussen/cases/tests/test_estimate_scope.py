"""The register's count of a search that is too common to count ("more than 1 000") is of what
the reader may see: an advisor of one organisation is never told a number the rest of the
register makes up."""

import pytest
from django.db import connection
from django.urls import reverse

from slussen.cases import services, views
from slussen.core import search

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's estimate of a common word"
)


def _open(world, title, organisation):
    return services.open_case(
        kind="idea", title=title, description="En kylväska som håller läkemedlen svala.",
        organisation=organisation, actor=world.advisor,
    )  # fmt: skip


def test_an_advisors_count_of_a_common_word_is_of_her_own_matches(world, client, monkeypatch):
    # As at a million cases, scaled down: the word is common region-wide (63 cases), counted
    # no further than 10 and sorted up to 20. Her organisation has 43 cases, 3 with the word:
    # PostgreSQL expects the word's share of the register in her scope, more than 20.
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "CANDIDATES", 0)
    monkeypatch.setattr(search, "REACH_FROM", 0)
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    monkeypatch.setattr(views, "SORT_UP_TO", 20)
    hers = [_open(world, f"Kylväska {n} på SöS", world.sos) for n in range(3)]
    for n in range(60):
        _open(world, f"Kylväska {n} på Karolinska", world.karolinska)
    for n in range(40):
        services.open_case(
            kind="idea", title=f"Sängvätskeprov {n}", description="Prover tas vid sängen.",
            organisation=world.sos, actor=world.advisor,
        )  # fmt: skip
    from slussen.core import paginator

    estimates = []
    real = paginator.estimated_rows
    monkeypatch.setattr(
        paginator, "estimated_rows", lambda rows: estimates.append(real(rows)) or estimates[-1]
    )
    search.count_documents(["case"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client.force_login(world.coordinator)
    everyone = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
    assert everyone.paginator.capped  # the coordinator sees them all: more than 10
    client.force_login(world.advisor)
    response = client.get(reverse("cases:register"), {"q": "kylväska"})
    page = response.context["page"]
    assert estimates[-1] > 20  # PostgreSQL expects more of her than she has: the trap
    mine = [c.pk for c in page.object_list]
    assert set(mine) <= {c.pk for c in hers} | {world.case.pk}
    assert not page.paginator.capped, "a count made up by the rest of the register"
    assert page.paginator.count == len(mine)
    assert "Fler än" not in response.text
    # More of her own than the count goes to: "more than 10", counted from hers.
    hers += [_open(world, f"Kylväska {n} i SöS bil", world.sos) for n in range(10)]
    page = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
    assert page.paginator.capped and page.paginator.count == 10
    assert {c.pk for c in page.object_list} <= {c.pk for c in hers} | {world.case.pk}
