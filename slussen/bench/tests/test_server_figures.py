"""The bench's server figures per page: the database's block counters and the machine's
processor time, sampled beside the load and cut into each page's paced run."""

from slussen.bench import server


def _sampler(samples):
    sampler = server.Sampler()
    sampler.samples = samples
    return sampler


def test_a_pages_paced_run_gets_the_growth_of_the_counters_in_its_window():
    # (wall time, blocks read, blocks hit, read ms, cpu busy, cpu total)
    sampler = _sampler(
        [
            (100.0, 10, 100, 1.0, 0, 0),
            (101.0, 20, 300, 2.0, 50, 100),
            (104.0, 220, 2300, 12.0, 200, 300),
            (106.0, 420, 4300, 22.0, 250, 400),
        ]
    )
    results = {
        "search": {"paced": {"requests": 10, "window": [100.5, 103.0]}},
        "similar": {"paced": {"requests": 0, "window": [103.0, 104.0]}},  # nothing to divide
        "floor": {"saturated": {"requests": 5}},  # no paced run
    }
    found = server.per_page(sampler, results)
    # From the first sample in the window to the first one a flush later (103 + 1.5).
    assert found == {
        "search": {
            "read_per_request": 40.0,
            "hit_per_request": 400.0,
            "read_ms_per_request": 2.0,
            "cpu_busy_percent": 67,
        }
    }


def test_a_window_without_samples_after_it_has_no_figures():
    sampler = _sampler([(100.0, 0, 0, 0.0, 0, 0), (101.0, 5, 5, 0.0, 1, 2)])
    assert sampler.between(100.5, 110.0) is None
    assert server.per_page(sampler, {"x": {"paced": {"requests": 3, "window": [100, 109]}}}) == {}


def test_the_report_says_when_the_read_time_is_unknown_and_how_the_pending_lists_grew():
    pages = {
        "search": {
            "read_per_request": 4.5,
            "hit_per_request": 1500.0,
            "read_ms_per_request": 0.5,
            "cpu_busy_percent": 100,
        }
    }
    text = "\n".join(
        server.lines(
            pages,
            {"search": "Register search"},
            {"search_document_terms": {"pages": 1, "entries": 10}},
            {"search_document_terms": {"pages": 2, "entries": 40}},
            timing=False,
        )
    )
    assert "| Register search | 4.5 | 1500.0 | – | 100 |" in text
    assert "track_io_timing" in text
    assert "search_document_terms 10 → 40 entries (2 pages)" in text
    assert server.lines({}, {}, None, None, timing=True) == []
