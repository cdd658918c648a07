from bench.__main__ import PAGES, build_report
from bench.dataset import Dataset
from bench.load import Run


def test_report_has_exactly_the_shape_of_issue_8():
    level = {"p50_ms": 10.0, "p95_ms": 20.0, "baseline_beside": {"p50_ms": 5.0, "p95_ms": 4.0}}
    measured = {"home": {"levels": {"20": level}}, "shift_list": {"missing": True, "levels": {}}}
    baseline = {"levels": {"20": {"p50_ms": 2.0, "p95_ms": 3.0}}}
    storm = {"clients": 200, "capacity": 15, "confirmed": 15, "waitlisted": 185, "overbooked": 0}
    storm |= {"errors_5xx": 0, "p95_ms": 900.0}
    data = Dataset(shifts=10220, volunteers=3000)

    report = build_report(data, 100000, baseline, measured, {"home": {"queries": 5}}, storm, 20)

    assert set(report) == {"dataset", "baseline", "pages", "signup_storm"}
    assert report["dataset"] == {"shifts": 10220, "volunteers": 3000, "signups": 100000}
    assert report["baseline"] == {"p50_ms": 2.0, "p95_ms": 3.0}
    assert list(report["pages"]) == PAGES
    keys = {"p50_ms", "p95_ms", "p50_ratio", "p95_ratio", "queries"}
    assert all(set(row) == keys for row in report["pages"].values())
    # Ratios are over the baseline measured beside the page.
    assert report["pages"]["home"] == {"p50_ms": 10.0, "p95_ms": 20.0, "p50_ratio": 2.0, "p95_ratio": 5.0, "queries": 5}
    assert report["pages"]["shift_list"] == dict.fromkeys(keys)
    assert set(report["signup_storm"]) == {
        "clients",
        "capacity",
        "confirmed",
        "waitlisted",
        "overbooked",
        "errors_5xx",
        "p95_ms",
    }


def test_percentiles_are_nearest_rank():
    run = Run(latencies_ms=[float(n) for n in range(1, 101)])
    assert run.p50 == 50.5
    assert run.p95 == 95.0
    assert Run().p95 is None
