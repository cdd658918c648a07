import random

from bench import scenarios
from bench.__main__ import PAGES, build_report, failures
from bench.dataset import Dataset
from bench.load import CSRF_FIELD, Run

STORM = {"clients": 200, "capacity": 15, "confirmed": 15, "waitlisted": 185, "overbooked": 0, "errors_5xx": 0}
STORM |= {"p95_ms": 900.0}
URGENT = {"visitors": 300, "signups": 60, "p95_ms": 120.0, "overbooked": 0, "errors_5xx": 0}
MIX = {page: {"p50_ms": 10.0, "p95_ms": 30.0} for page in scenarios.READS}


def report_for(queries=None):
    level = {"p50_ms": 10.0, "p95_ms": 20.0, "cpu_ms_per_request": 6.5}
    level["baseline_beside"] = {"p50_ms": 5.0, "p95_ms": 4.0}
    measured = {"home": {"levels": {"20": level}}, "shift_list": {"missing": True, "levels": {}}}
    baseline = {"levels": {"20": {"p50_ms": 2.0, "p95_ms": 3.0}}}
    queries = queries or {
        "baseline": {"queries": 1, "afresh_cpu_ms": 1.2},
        "home": {"queries": 5, "afresh_cpu_ms": 7.2},
        "calendar_feed_two_weeks": {"queries": 5, "afresh_cpu_ms": 6.0, "bytes": 15_000},
        "signup_post": {"status": 302, "queries": 11, "afresh_cpu_ms": 9.6},
    }
    data = Dataset(shifts=10220, volunteers=3000)
    found = {"signup_storm": STORM, "urgent_call": URGENT, "mix": MIX}
    return build_report(data, 100000, baseline, measured, queries, found, 20)


def test_report_keeps_the_shape_of_issue_8_and_adds_what_issue_12_asks():
    report = report_for()

    assert set(report) == {
        "dataset",
        "baseline",
        "pages",
        "signup_storm",
        "roster_day_kb",
        "urgent_call",
        "mix",
        "calendar_feed_two_weeks",
        "signup_post",
    }
    assert report["dataset"] == {"shifts": 10220, "volunteers": 3000, "signups": 100000}
    assert report["baseline"] == {"p50_ms": 2.0, "p95_ms": 3.0, "afresh_cpu_ms": 1.2}
    assert list(report["pages"]) == PAGES
    keys = {"p50_ms", "p95_ms", "p50_ratio", "p95_ratio", "queries", "cpu_ms_per_request", "afresh_cpu_ms"}
    keys |= {"afresh_ratio"}
    assert all(set(row) == keys for row in report["pages"].values())
    # Ratios are over the baseline measured beside the page; one query count; CPU under load and in-process.
    assert report["pages"]["home"] == {
        "p50_ms": 10.0,
        "p95_ms": 20.0,
        "p50_ratio": 2.0,
        "p95_ratio": 5.0,
        "queries": 5,
        "cpu_ms_per_request": 6.5,
        "afresh_cpu_ms": 7.2,
        "afresh_ratio": 6.0,  # in-process CPU over the baseline's, both rendered afresh in the same run
    }
    assert report["calendar_feed_two_weeks"] == {
        "queries": 5,
        "afresh_cpu_ms": 6.0,
        "afresh_ratio": 5.0,
        "bytes": 15_000,
    }
    assert report["signup_post"] == {"status": 302, "queries": 11, "afresh_cpu_ms": 9.6, "afresh_ratio": 8.0}
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
    assert set(report["urgent_call"]) == {"visitors", "signups", "p95_ms", "overbooked", "errors_5xx"}
    assert all(set(row) == {"p50_ms", "p95_ms"} for row in report["mix"].values())
    assert report["roster_day_kb"] is None  # not measured: the page did not answer


def test_roster_size_is_in_kilobytes():
    report = report_for({"roster_day": {"status": 200, "bytes": 61_952, "queries": 5, "afresh_cpu_ms": 9.0}})
    assert report["roster_day_kb"] == 60.5


def test_the_run_fails_on_overbooking_5xx_or_sign_ups_that_could_not_be_sent():
    report = report_for()
    urgent = {"confirmed_count_matches": True, "pages_without_csrf_field": 0, "signups_sent": 60}
    urgent["signup_statuses"] = {"302": 60}
    details = {"urgent_call": urgent, "signup_storm": {"confirmed_count_matches": True}}
    details["mix"] = {"labels": {"home": {"statuses": {"200": 90}}, "signup": {"statuses": {"302": 9}}}}
    measured = {"home": {"levels": {"20": {"statuses": {"200": 400}}}}}
    assert failures(report, measured, details) == []

    report["signup_storm"] = STORM | {"overbooked": 1}
    report["urgent_call"] = URGENT | {"signups": 0}
    urgent["pages_without_csrf_field"] = 60
    measured["home"]["levels"]["20"]["statuses"]["502"] = 3
    details["mix"]["labels"]["signup"]["statuses"]["500"] = 1
    found = failures(report, measured, details)
    assert found == [
        "signup_storm: 1 overbooked",
        "home at 20 clients: 3 answered 5xx",
        "mix: 1 answered 5xx",
        "urgent_call: 60 shift pages had no CSRF field",
        "urgent_call: 0 of 60 sign-ups booked (statuses {'302': 60})",
    ]


def test_the_mix_has_one_write_in_every_eleven_requests():
    reads, writes = [f"read{n}" for n in range(103)], [f"write{n}" for n in range(10)]
    ordered = scenarios.interleave(reads, writes, random.Random(1))

    assert sorted(ordered) == sorted(reads + writes)
    for start in range(0, 110, 11):
        assert sum(item.startswith("write") for item in ordered[start : start + 11]) == 1
    assert all(item.startswith("read") for item in ordered[110:])


def test_mix_answers_other_than_a_page_or_a_redirect_are_named():
    details = {"labels": {"home": {"statuses": {"200": 9, "403": 1}}, "cancel": {"statuses": {"302": 2, "200": 1}}}}
    assert scenarios.expected_statuses(details) == ["home {'403': 1}", "cancel {'200': 1}"]


def test_the_csrf_field_is_read_from_the_page():
    page = b'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc123XYZ"></form>'
    assert CSRF_FIELD.search(page).group(1) == b"abc123XYZ"


def test_percentiles_are_nearest_rank():
    run = Run(latencies_ms=[float(n) for n in range(1, 101)])
    assert run.p50 == 50.5
    assert run.p95 == 95.0
    assert Run().p95 is None
