"""scripts/compare-hypha measures Slussen's side with paths it makes from the bench's dataset
(scripts/hypha/measure.py): every one of them answers a coordinator, so a renamed page or a
changed filter cannot make the comparison measure error pages."""

import importlib.util
import random
import re
from pathlib import Path

import pytest
from django.db import connection

MEASURE = Path(__file__).resolve().parents[3] / "scripts" / "hypha" / "measure.py"

pg = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bench's dataset is loaded with COPY"
)


def _measure():
    spec = importlib.util.spec_from_file_location("compare_hypha_measure", MEASURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pg
def test_compare_hypha_measures_slussen_pages_that_answer(transactional_db, client):
    from slussen.accounts.models import User
    from slussen.bench import dataset

    dataset.build(0.0001, log=lambda text: None)  # its calls of 20 and 200 applications
    paths = _measure().slussen_side(random.Random(7))
    assert {"floor", "statistics", "list_20", "list_200", "status_200", "detail_200"} <= set(paths)
    client.force_login(User.objects.get(email="bench-coordinator@bench.example.org"))
    for key, found in paths.items():
        assert found, key
        for path in found[:3]:
            response = client.get(path)
            assert response.status_code == 200, (key, path, response.status_code)
    # The list of granted applications lists some: the filter is one the page knows.
    response = client.get(paths["status_200"][0])
    assert re.search(rb'href="/fund/applications/\d+/"', response.content)
