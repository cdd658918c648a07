"""`python -m bench` (`make bench`): a year of data, gunicorn with production settings, every page rendered from the
database (there is no page cache), an urgent call, a sign-up storm and a realistic mix of reads and writes.

Writes bench/report.json (the shape issue 8 gives, with what issue 12 adds) and bench/out/details.json (every
concurrency level, status codes, CPU per request, the machine), and prints a table.
"""

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import scenarios

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
REPORT = BENCH_DIR / "report.json"
TARGET_QUERIES = 15  # issue 8: every page, whatever the data size
TARGET_RATIO = 3  # issue 8: p95 within a small multiple of the baseline; we aim for 3x
AFRESH_REQUESTS = 20  # in-process requests per page, for its CPU ms (every request renders the page afresh)
LEVEL_BUDGET_S = 45  # at most about this long per page and concurrency level
PAGES = ["home", "shift_list", "shift_list_deep", "shift_detail", "my_shifts", "roster_day", "calendar_feed"]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "utopia_bench_run"))
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--volunteers", type=int, default=3000)
    parser.add_argument("--concurrency", default="1,10,20", help="comma-separated levels, e.g. 1,10,20")
    parser.add_argument("--requests", type=int, default=400, help="requests per page at the highest level")
    parser.add_argument("--storm-clients", type=int, default=None, help="default 200 (60 with --quick)")
    parser.add_argument("--urgent-visitors", type=int, default=None, help="default 300 (60 with --quick)")
    parser.add_argument("--urgent-signups", type=int, default=None, help="default 60 (12 with --quick)")
    parser.add_argument("--urgent-window", type=float, default=None, help="seconds; default 30 (6 with --quick)")
    parser.add_argument("--mix-requests", type=int, default=None, help="default 1100 (220 with --quick)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="a small data set and few requests: checks the machinery")
    parser.add_argument(
        "--profile",
        metavar="PAGE",
        help="print where one request of PAGE spends its CPU (cProfile, cumulative) and stop; PAGE is one of "
        + ", ".join(["baseline", *PAGES, "calendar_feed_two_weeks", "signup_post"])
        + " (comma-separated for several)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database a previous run of the same --database filled (with --profile: minutes saved)",
    )
    parser.add_argument(
        "--afresh", action="store_true", help="only the in-process figures (queries, CPU ms, ratios), no server"
    )
    parser.add_argument("--profile-lines", type=int, default=45, help="lines of the profile to print")
    args = parser.parse_args(argv)
    if args.quick:
        args.days, args.volunteers, args.requests = 28, 400, 40
        args.storm_clients = args.storm_clients or 60
        args.urgent_visitors = args.urgent_visitors or 60
        args.urgent_signups = args.urgent_signups or 12
        args.urgent_window = args.urgent_window or 6.0
        args.mix_requests = args.mix_requests or 220
        args.concurrency = "1,5"
    args.storm_clients = args.storm_clients or 200
    args.urgent_visitors = args.urgent_visitors or 300
    args.urgent_signups = args.urgent_signups or 60
    args.urgent_window = args.urgent_window or 30.0
    args.mix_requests = args.mix_requests or 1100
    args.levels = [int(level) for level in args.concurrency.split(",") if level.strip()]
    return args


def bench_database_url(database: str) -> str:
    server = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/")
    if not server.scheme.startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/anything")
    return urlunsplit((server.scheme, server.netloc, f"/{database}", "", ""))


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url: str, port: int) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "utopia.settings.base",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "UTOPIA_BENCH": "true",
        "STATIC_ROOT": str(OUT_DIR / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    return env


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on the machine skews every figure: the load average says how much there was.
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# --- in-process helpers (Django is set up against the bench database) ---------------------------------


def deepest_page(client) -> int | None:
    response = client.get("/shifts/")
    if response.status_code != 200:
        return None
    numbers = [int(n) for n in re.findall(r"[?&](?:amp;)?page=(\d+)", response.content.decode(errors="replace"))]
    return max(numbers) if numbers else None


def count_queries(urls: dict[str, tuple[str, object]]) -> dict[str, dict]:
    """Per page, in this process (Django's test client on the bench database): its queries, the CPU a request
    takes (every page renders from the database on every request) and the size of the page."""
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a page not built yet is reported, not logged
    found = {}
    for name, (url, user) in urls.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)  # the first request warms caches (content types, translations)
        # Counted at once: every request starts by emptying the connection's query log.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        count = len(captured)  # now: the log it reads is emptied by the next request
        started = time.process_time()
        for _ in range(AFRESH_REQUESTS):
            client.get(url)
        found[name] = {
            "status": response.status_code,
            "queries": count,
            "afresh_cpu_ms": round((time.process_time() - started) * 1000 / AFRESH_REQUESTS, 1),
            "bytes": len(response.content),
        }
        if response.has_header("ETag"):  # the calendar feed: what a calendar app's poll of an unchanged feed costs
            found[name]["not_modified"] = conditional_get(client, url, response["ETag"])
    return found


def in_process_pages(data, volunteer, coordinator) -> dict[str, tuple[str, object]]:
    """{page: (URL, who asks or None)}: the pages measured in-process (the HTTP ones are those of PAGES)."""
    from django.test import Client

    from volunteers.models import Volunteer

    probe = Client()
    probe.force_login(volunteer)
    deep = deepest_page(probe)
    fortnight = Volunteer.objects.filter(pk=data.fortnight_volunteer_id).first()
    pages = {
        "baseline": ("/bench/baseline/", None),
        "home": ("/", volunteer),
        "shift_list": ("/shifts/", volunteer),
        "shift_list_deep": (f"/shifts/?page={deep}" if deep else "/shifts/?page=2", volunteer),
        "shift_detail": (f"/shifts/{data.busy_shift_id}/", volunteer),
        "my_shifts": ("/me/shifts/", volunteer),
        "roster_day": (f"/roster/{data.busy_site}/{data.busy_day}/", coordinator),
        "calendar_feed": (f"/calendar/{volunteer.calendar_token}.ics", None),
    }
    if fortnight is not None:
        pages["calendar_feed_two_weeks"] = (f"/calendar/{fortnight.calendar_token}.ics", None)
    return pages


def signup_posts(data):
    """(client, URL) per sign-up POST the data set keeps for in-process measures: a volunteer free after the year
    and a shift of their own there, so every POST books (none is refused or waitlisted by an earlier one)."""
    from django.test import Client

    from shifts.models import Shift, Signup
    from volunteers.models import Volunteer

    # A run with --reuse finds the sign-ups of the one before: out with them, so each POST books again.
    Signup.objects.filter(shift_id__in=data.probe_shift_ids).delete()
    Shift.objects.filter(pk__in=data.probe_shift_ids).update(confirmed_count=0)
    people = Volunteer.objects.in_bulk(data.probe_volunteer_ids)
    posts = []
    handler = None
    for person_id, shift_id in zip(data.probe_volunteer_ids, data.probe_shift_ids, strict=False):
        client = Client()  # the test client skips the CSRF check: the POST costs what a browser's would, less it
        # One handler for every client, as one server process serves everyone: a client's own handler loads the
        # middleware on its first request, and WhiteNoise's then reads every static file's headers (~5 ms here).
        if handler is None:
            handler = client.handler
        client.handler = handler
        client.force_login(people[person_id])
        posts.append((client, f"/shifts/{shift_id}/signup/", {}))
    return posts


def measure_signup_post(data) -> dict:
    """A sign-up POST in-process: its queries and CPU ms (each POST by someone else, on a shift of their own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    posts = signup_posts(data)
    if len(posts) < 3:
        return {"status": None, "queries": None, "afresh_cpu_ms": None}
    client, url, form = posts[0]
    client.post(url, form)  # warms caches
    client, url, form = posts[1]
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, form)
    count = len(captured)
    timed = posts[2:]
    started = time.process_time()
    for client, url, form in timed:
        client.post(url, form)
    return {
        "status": response.status_code,
        "queries": count,
        "afresh_cpu_ms": round((time.process_time() - started) * 1000 / len(timed), 1),
    }


def profile_page(name: str, pages: dict, data, *, lines: int) -> None:
    """One request of page `name`, profiled after a first one warmed the caches: cumulative time, then own time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if name == "signup_post":
        posts = signup_posts(data)
        posts[0][0].post(posts[0][1], posts[0][2])
        client, url, form = posts[1]

        def request():
            return client.post(url, form)
    else:
        if name not in pages:
            sys.exit(f"--profile: no page {name!r}; pages: {', '.join([*pages, 'signup_post'])}")
        url, user = pages[name]
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)

        def request():
            return client.get(url)

    profiler = cProfile.Profile(time.process_time)  # CPU, as afresh_cpu_ms: not the wait for PostgreSQL
    with CaptureQueriesContext(connection) as captured:
        started = time.process_time()
        profiler.enable()
        response = request()
        profiler.disable()
        cpu_ms = (time.process_time() - started) * 1000
    print(
        f"\n=== {name} {url}: {response.status_code}, {len(captured)} queries, {len(response.content):,} bytes, "
        f"{cpu_ms:.1f} CPU ms under the profiler"
    )
    for sort in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(lines)
        text = out.getvalue()
        print(text[text.find("   ncalls") :] if "   ncalls" in text else text)


def conditional_get(client, url: str, etag: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    count = len(captured)
    started = time.process_time()
    for _ in range(AFRESH_REQUESTS):
        client.get(url, HTTP_IF_NONE_MATCH=etag)
    cpu_ms = round((time.process_time() - started) * 1000 / AFRESH_REQUESTS, 1)
    return {"status": response.status_code, "queries": count, "cpu_ms": cpu_ms}


# --- the server ---------------------------------------------------------------------------------------------


def start_gunicorn(port: int, workers: int, log) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "utopia.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=BASE_DIR, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603  # our own command line


def wait_ready(base: str, server: subprocess.Popen) -> None:
    from bench import load

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); see {OUT_DIR / 'gunicorn.log'}")
        try:
            status, _ = load.get(f"{base}/bench/baseline/")
            if status == 200:
                return
        except Exception:  # noqa: BLE001, S110  # nosec B110  # not listening yet
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within 60 s; see {OUT_DIR / 'gunicorn.log'}")


def worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU time of gunicorn's workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


# --- measuring ----------------------------------------------------------------------------------------------


def requests_at(level: int, top: int) -> int:
    return max(30, min(top, 20 * level)) if level > 1 else max(20, top // 5)


def measure(base: str, pages: dict[str, tuple[str, dict]], levels: list[int], top_requests: int, master_pid: int):
    from bench import load

    results = {}
    for name, (path, headers) in pages.items():
        status, _ = load.get(base + path, headers=headers)
        entry = {"url": path, "probe_status": status, "levels": {}}
        results[name] = entry
        if status == 404:
            entry["missing"] = True
            print(f"  {name:16} {path}: 404, missing (not built yet)")
            continue
        if status != 200:
            print(f"  {name:16} {path}: answered {status} (measured anyway)")
        warm = load.hammer(base + path, requests=40, concurrency=8, headers=headers)  # every worker and connection
        # A very slow page gets fewer requests, so the whole run stays within minutes whatever it finds.
        throughput = 40 / warm.wall_s if warm.wall_s else 1000
        for level in levels:
            count = max(3 * level, min(requests_at(level, top_requests), int(LEVEL_BUDGET_S * throughput)))
            # The baseline again, just before, at the same level: on a machine shared with other work the
            # ratio of two neighbouring runs is steadier than a ratio to one run minutes earlier.
            beside = None
            if name != "baseline":
                beside = load.hammer(base + pages["baseline"][0], requests=count, concurrency=level)
            cpu_before = worker_cpu_seconds(master_pid)
            run = load.hammer(base + path, requests=count, concurrency=level, headers=headers)
            cpu = worker_cpu_seconds(master_pid) - cpu_before
            entry["levels"][str(level)] = {
                "requests": count,
                "p50_ms": run.p50,
                "p95_ms": run.p95,
                "rps": round(count / run.wall_s, 1) if run.wall_s else None,
                "cpu_ms_per_request": round(cpu * 1000 / count, 1),
                "statuses": {str(k): v for k, v in sorted(run.statuses.items())},
                "connection_errors": run.errors,
                "baseline_beside": {"p50_ms": beside.p50, "p95_ms": beside.p95} if beside else None,
            }
        top = entry["levels"][str(levels[-1])]
        print(f"  {name:16} {path}: p50 {top['p50_ms']} ms, p95 {top['p95_ms']} ms at {levels[-1]} concurrent")
    return results


def run_storm(base: str, data, clients: int, log=print) -> tuple[dict, dict]:
    from django.db import connection

    from bench import load
    from bench.scenarios import session_headers
    from shifts.models import Shift, Signup
    from volunteers.models import Volunteer

    volunteers = list(Volunteer.objects.filter(pk__in=data.storm_volunteer_ids[:clients]).order_by("pk"))
    requests = []
    for index, person in enumerate(volunteers):
        headers = session_headers(person)
        shift_id = data.storm_shift_ids[index % len(data.storm_shift_ids)]
        form = {"csrfmiddlewaretoken": headers["X-CSRFToken"]}
        requests.append((f"{base}/shifts/{shift_id}/signup/", headers, form))
    connection.close()
    probe_status, _ = load.get(f"{base}/shifts/{data.storm_shift_ids[0]}/signup/")
    run = load.storm(requests)
    shifts = Shift.objects.filter(pk__in=data.storm_shift_ids)
    capacity = confirmed = waitlisted = overbooked = 0
    counters_match = True
    for shift in shifts:
        shift_confirmed = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
        capacity += shift.capacity
        confirmed += shift_confirmed
        waitlisted += Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count()
        overbooked += max(0, shift_confirmed - shift.capacity)
        counters_match &= shift.confirmed_count == shift_confirmed
    report = {
        "clients": len(requests),
        "capacity": capacity,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "overbooked": overbooked,
        "errors_5xx": run.errors_5xx,
        "p95_ms": run.p95,
    }
    details = {
        "probe_get_status": probe_status,
        "missing": probe_status == 404,
        "statuses": {str(k): v for k, v in sorted(run.statuses.items())},
        "connection_errors": run.errors,
        "wall_s": round(run.wall_s, 2),
        "p50_ms": run.p50,
        "confirmed_count_matches": counters_match,
    }
    return report, details


def ratio(value, baseline):
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)


def build_report(data, signups, baseline_run, measured, queries, scenarios: dict, top_level) -> dict:
    top = str(top_level)
    base_level = baseline_run["levels"].get(top, {})
    base_afresh = queries.get("baseline", {}).get("afresh_cpu_ms")
    pages = {}
    for name in PAGES:
        entry = measured.get(name)
        level = entry["levels"].get(top) if entry and not entry.get("missing") else None
        beside = (level or {}).get("baseline_beside") or base_level
        pages[name] = {
            "p50_ms": level["p50_ms"] if level else None,
            "p95_ms": level["p95_ms"] if level else None,
            "p50_ratio": ratio(level["p50_ms"], beside.get("p50_ms")) if level else None,
            "p95_ratio": ratio(level["p95_ms"], beside.get("p95_ms")) if level else None,
            "queries": queries.get(name, {}).get("queries") if level else None,
            "cpu_ms_per_request": level["cpu_ms_per_request"] if level else None,
            "afresh_cpu_ms": queries.get(name, {}).get("afresh_cpu_ms") if level else None,
            "afresh_ratio": ratio(queries.get(name, {}).get("afresh_cpu_ms"), base_afresh) if level else None,
        }
    roster = queries.get("roster_day", {})
    fortnight = queries.get("calendar_feed_two_weeks", {})
    post = queries.get("signup_post", {})
    return {
        "dataset": {"shifts": data.shifts, "volunteers": data.volunteers, "signups": signups},
        "baseline": {
            "p50_ms": base_level.get("p50_ms"),
            "p95_ms": base_level.get("p95_ms"),
            "afresh_cpu_ms": base_afresh,
        },
        "pages": pages,
        "roster_day_kb": round(roster["bytes"] / 1024, 1) if roster.get("status") == 200 else None,
        # In-process only (no HTTP load): a volunteer's feed of the last 30 days and two weeks ahead.
        "calendar_feed_two_weeks": {
            "queries": fortnight.get("queries"),
            "afresh_cpu_ms": fortnight.get("afresh_cpu_ms"),
            "afresh_ratio": ratio(fortnight.get("afresh_cpu_ms"), base_afresh),
            "bytes": fortnight.get("bytes"),
        },
        "signup_post": {
            "status": post.get("status"),
            "queries": post.get("queries"),
            "afresh_cpu_ms": post.get("afresh_cpu_ms"),
            "afresh_ratio": ratio(post.get("afresh_cpu_ms"), base_afresh),
        },
        "urgent_call": scenarios["urgent_call"],
        "signup_storm": scenarios["signup_storm"],
        "mix": scenarios["mix"],
    }


def cell(value, width, fmt="{:.1f}"):
    return f"{'-' if value is None else fmt.format(value):>{width}}"


def print_table(report: dict, measured: dict, queries: dict, details: dict, levels: list[int]) -> None:
    top = str(levels[-1])
    dataset = report["dataset"]
    print()
    print(
        f"Dataset: {dataset['shifts']:,} shifts, {dataset['volunteers']:,} volunteers, {dataset['signups']:,} sign-ups"
    )
    print(
        f"Every page renders from the database on every request (no page cache). Figures at {top} concurrent clients;"
        " ratios are over the baseline\nmeasured just before each page; 'CPU ms' is the gunicorn workers' per request"
        " under that load, 'afresh' the CPU ms of one request in-process."
    )
    header = (
        f"{'page':17} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>6} {'p95 x':>6} {'queries':>7} {'CPU ms':>7} {'afresh':>7}"
    )
    header += "".join(f" {'p95@' + str(level):>8}" for level in levels[:-1])
    print(header)
    print("-" * len(header))
    base = report["baseline"] | {"p50_ratio": 1.0, "p95_ratio": 1.0}
    base |= {"queries": queries.get("baseline", {}).get("queries")}
    base |= {"afresh_cpu_ms": queries.get("baseline", {}).get("afresh_cpu_ms")}
    rows = [("baseline", base), *report["pages"].items()]
    for name, row in rows:
        entry = measured.get(name, {})
        if entry.get("missing") or name not in measured:
            print(f"{name:17} {'missing (404)':>8}")
            continue
        level = entry["levels"].get(top, {})
        line = (
            f"{name:17} {cell(row['p50_ms'], 8)} {cell(row['p95_ms'], 8)} {cell(row['p50_ratio'], 6)} "
            f"{cell(row['p95_ratio'], 6)} {cell(row['queries'], 7, '{}')} {cell(level.get('cpu_ms_per_request'), 7)}"
            f" {cell(row.get('afresh_cpu_ms'), 7)}"
        )
        line += "".join(f" {cell(entry['levels'].get(str(lv), {}).get('p95_ms'), 8)}" for lv in levels[:-1])
        bad = {s: n for s, n in level.get("statuses", {}).items() if s != "200"}
        if bad:
            line += f"  statuses {bad}"
        print(line)
    misses = [
        f"{name}: {row['queries']} queries (target <= {TARGET_QUERIES})"
        for name, row in report["pages"].items()
        if row["queries"] is not None and row["queries"] > TARGET_QUERIES
    ] + [
        f"{name}: p95 {row['p95_ratio']}x the baseline (aim <= {TARGET_RATIO}x)"
        for name, row in report["pages"].items()
        if row["p95_ratio"] is not None and row["p95_ratio"] > TARGET_RATIO
    ]
    if misses:
        print("Off target: " + "; ".join(misses))
    feed = queries.get("calendar_feed", {}).get("not_modified")
    if feed:
        print(
            f"calendar_feed polled unchanged (If-None-Match): {feed['status']}, {feed['queries']} queries, "
            f"{feed['cpu_ms']} CPU ms in-process"
        )
    print(
        f"roster_day: {report['roster_day_kb']} KB for {details['dataset']['roster_people']} people "
        f"({details['dataset']['roster'][0]}, {details['dataset']['roster'][1]})"
    )

    urgent, more = report["urgent_call"], details["urgent_call"]
    print()
    print(
        f"Urgent call: {urgent['visitors']} logged-in visitors on one shift page within {more['window_s']:g} s, "
        f"{more['signups_sent']} of them sign up: p95 {urgent['p95_ms']} ms (p50 {more['page_p50_ms']}) on the pages, "
        f"sign-ups p95 {more['signup_p95_ms']} ms;\n  {urgent['signups']} booked (capacity {more['capacity']}, "
        f"{more['already_booked']} already on it: {more['confirmed']} confirmed, {more['waitlisted']} waitlisted), "
        f"overbooked {urgent['overbooked']}, 5xx {urgent['errors_5xx']}, pages {more['page_statuses']}, "
        f"sign-ups {more['signup_statuses']}"
    )
    storm, more = report["signup_storm"], details["signup_storm"]
    missing = " (POST /shifts/<pk>/signup/ answers 404: not built yet)" if more.get("missing") else ""
    print(
        f"Sign-up storm{missing}: {storm['clients']} clients at once, capacity {storm['capacity']}, "
        f"confirmed {storm['confirmed']}, waitlisted {storm['waitlisted']}, overbooked {storm['overbooked']}, "
        f"5xx {storm['errors_5xx']}, p95 {storm['p95_ms']} ms, statuses {more['statuses']}"
    )
    more = details["mix"]
    print()
    print(
        f"Mix: {more['requests']} requests by {more['people']} logged-in volunteers and the coordinators, "
        f"{more['concurrency']} at once, one write for every {scenarios.READS_PER_WRITE} reads "
        f"({more['rps']} requests/s)"
    )
    print(f"{'':17} {'p50 ms':>8} {'p95 ms':>8} {'requests':>8}")
    for label in [*scenarios.READS, *scenarios.WRITES]:
        entry = more["labels"].get(label)
        if entry:
            print(f"{label:17} {cell(entry['p50_ms'], 8)} {cell(entry['p95_ms'], 8)} {entry['requests']:>8}")
    effects = more["effects"]
    print(f"The writes made {effects['signups_made']} sign-ups and cancelled {effects['cancelled']}.")
    unexpected = scenarios.expected_statuses(more)
    if unexpected:
        print("Mix answers other than 200 for a page or 302 for a write: " + "; ".join(unexpected))


def failures(report: dict, measured: dict, details: dict) -> list[str]:
    """What makes the run fail: anything overbooked, any 5xx, and a burst whose sign-ups could not be sent."""
    found = []
    for name in ("urgent_call", "signup_storm"):
        if report[name]["overbooked"]:
            found.append(f"{name}: {report[name]['overbooked']} overbooked")
        if report[name]["errors_5xx"]:
            found.append(f"{name}: {report[name]['errors_5xx']} answered 5xx")
        if not details[name]["confirmed_count_matches"]:
            found.append(f"{name}: confirmed_count differs from the confirmed sign-ups")
    for name, entry in measured.items():
        for level, run in entry.get("levels", {}).items():
            errors = sum(n for status, n in run["statuses"].items() if status.startswith("5"))
            if errors:
                found.append(f"{name} at {level} clients: {errors} answered 5xx")
    errors = sum(
        n for entry in details["mix"]["labels"].values() for status, n in entry["statuses"].items() if status[0] == "5"
    )
    if errors:
        found.append(f"mix: {errors} answered 5xx")
    if details["urgent_call"]["pages_without_csrf_field"]:
        found.append(f"urgent_call: {details['urgent_call']['pages_without_csrf_field']} shift pages had no CSRF field")
    if report["urgent_call"]["signups"] < details["urgent_call"]["signups_sent"]:
        found.append(
            f"urgent_call: {report['urgent_call']['signups']} of {details['urgent_call']['signups_sent']} sign-ups"
            f" booked (statuses {details['urgent_call']['signup_statuses']})"
        )
    return found


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    load_before = [round(x, 2) for x in os.getloadavg()]
    OUT_DIR.mkdir(exist_ok=True)
    database_url = bench_database_url(args.database)
    port = free_port()
    os.environ.update(production_environment(database_url, port))
    sys.path.insert(0, str(BASE_DIR))
    if not os.environ.get("REDIS_URL"):
        print(
            "Note: REDIS_URL is not set. Production runs with Redis (sessions, rate limits, the task queue): without"
            " it sessions come from the database and tasks run in the request."
        )
    saved = OUT_DIR / f"dataset-{args.database}.json"
    reuse = args.reuse and saved.exists()
    if not reuse:
        print(f"Database {urlsplit(database_url).path.lstrip('/')}: dropped and created; migrating and filling it")
        recreate_database(database_url)

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from bench import dataset
    from bench.scenarios import session_headers
    from shifts.models import Signup
    from sites.models import Site
    from volunteers.models import Volunteer

    sizes = dataset.Sizes(
        days=args.days, volunteers=args.volunteers, long_history=min(400, args.days), storm_clients=args.storm_clients
    )
    if reuse:
        # Only for profiles and trials: the in-process figures do not depend on what an earlier run wrote.
        print(f"Database {args.database}: reused as a previous run filled it ({saved.name})")
        data = dataset.Dataset(**json.loads(saved.read_text()))
    else:
        call_command("migrate", verbosity=0)
        data = dataset.generate(sizes, log=print)
        saved.write_text(json.dumps(dataclasses.asdict(data), indent=2) + "\n")
    signups = Signup.objects.count()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Data and static files ready in {time.monotonic() - started:.0f} s")

    volunteer = Volunteer.objects.get(pk=data.long_history_volunteer_id)
    coordinator = Volunteer.objects.get(pk=data.coordinator_ids[data.busy_site])
    in_process = in_process_pages(data, volunteer, coordinator)
    if args.profile:
        for name in args.profile.split(","):
            profile_page(name.strip(), in_process, data, lines=args.profile_lines)
        return 0
    queries = count_queries(in_process)
    queries["signup_post"] = measure_signup_post(data)
    if args.afresh:
        base = queries["baseline"]["afresh_cpu_ms"]
        for name, row in queries.items():
            print(
                f"  {name:24} {row['status']} {row['queries']:>3} queries {row['afresh_cpu_ms']:>7} CPU ms "
                f"{ratio(row['afresh_cpu_ms'], base):>6}x {row.get('bytes', 0) / 1024:7.1f} KB"
            )
        return 0
    print(
        "In-process (queries, CPU ms): "
        + ", ".join(f"{k} {v['queries']}, {v['afresh_cpu_ms']}" for k, v in queries.items())
    )
    volunteer_headers = session_headers(volunteer)
    coordinator_headers = session_headers(coordinator)
    headers_for = {None: {}, volunteer.pk: volunteer_headers, coordinator.pk: coordinator_headers}
    http_pages = {
        name: (url, headers_for[user.pk if user else None])
        for name, (url, user) in in_process.items()
        if name in ["baseline", *PAGES]
    }
    site_count = Site.objects.count()
    connection.close()

    base = f"http://127.0.0.1:{port}"
    found, more = {}, {}
    with open(OUT_DIR / "gunicorn.log", "w") as log:
        server = start_gunicorn(port, args.workers, log)
        try:
            wait_ready(base, server)
            print(f"gunicorn ({args.workers} workers, DEBUG off) on {base}; measuring at {args.levels}")
            measured = measure(base, http_pages, args.levels, args.requests, server.pid)
            print(
                f"Urgent call: {args.urgent_visitors} visitors within {args.urgent_window:g} s, "
                f"{args.urgent_signups} sign up"
            )
            found["urgent_call"], more["urgent_call"] = scenarios.urgent_call(
                base, data, visitors=args.urgent_visitors, signups=args.urgent_signups, window_s=args.urgent_window
            )
            print(f"Sign-up storm: {args.storm_clients} clients at once on 3 shifts of {dataset.STORM_CAPACITY} seats")
            found["signup_storm"], more["signup_storm"] = run_storm(base, data, args.storm_clients)
            print(f"Mix: {args.mix_requests} requests, {args.levels[-1]} at once")
            found["mix"], more["mix"] = scenarios.mix(base, requests=args.mix_requests, concurrency=args.levels[-1])
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    baseline_run = measured.pop("baseline")
    report = build_report(data, signups, baseline_run, measured, queries, found, args.levels[-1])
    measured["baseline"] = baseline_run
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    details = {
        "machine": machine(),
        "settings": {
            "workers": args.workers,
            "levels": args.levels,
            "requests_at_top": args.requests,
            "mix_requests": args.mix_requests,
        },
        "dataset": {
            "days": args.days,
            "sites": site_count,
            "capacity_scale": sizes.capacity_scale,
            "long_history_signups": Signup.objects.filter(volunteer=volunteer).count(),
            "roster": [data.busy_site, data.busy_day],
            "roster_people": data.busy_day_people,
        },
        "queries": queries,
        "pages": measured,
        "urgent_call": found["urgent_call"] | more["urgent_call"],
        "signup_storm": found["signup_storm"] | more["signup_storm"],
        "mix": more["mix"],
        "elapsed_s": round(time.monotonic() - started, 1),
        "loadavg_before": load_before,
    }
    (OUT_DIR / "details.json").write_text(json.dumps(details, indent=2) + "\n")
    print_table(report, measured, queries, details, args.levels)
    print(
        f"\nWrote {REPORT.relative_to(BASE_DIR)} and {(OUT_DIR / 'details.json').relative_to(BASE_DIR)} "
        f"in {details['elapsed_s']:.0f} s on {details['machine']['nproc']} x {details['machine']['cpu']}"
    )
    if load_before[0] > 0.5:
        print(f"Note: the machine was busy before the run (load average {load_before}); figures are noisier.")
    failed = failures(report, measured, details)
    if failed:
        print("FAILED: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
