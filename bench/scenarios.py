"""What a real day brings, beyond one page requested again and again: the urgent call and the mix.

Both run against the gunicorn server with logged-in people (sessions written straight into the session store),
after the pages are measured; they write to the bench database, so they come after everything that reads it.
"""

import random
from datetime import timedelta

from bench import load

READS = ("home", "shift_list", "shift_detail", "my_shifts", "roster_day", "calendar_feed")
WRITES = ("signup", "cancel", "attendance", "profile_save")
READS_PER_WRITE = 10
MIX_PEOPLE = 200  # different volunteers taking part in the mix
THINK_S = (1.0, 5.0)  # how long a person of the urgent call reads the page before signing up, in a 30 s call


def session_headers(user) -> dict[str, str]:
    """A logged-in session written straight into the session store, and a CSRF token to go with it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    csrf = get_random_string(32)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }


def _seats(shift_id: int) -> dict:
    """What the database holds for one shift once a burst is over."""
    from shifts.models import Shift, Signup

    shift = Shift.objects.get(pk=shift_id)
    confirmed = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
    return {
        "capacity": shift.capacity,
        "confirmed": confirmed,
        "waitlisted": Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count(),
        "overbooked": max(0, confirmed - shift.capacity),
        "confirmed_count_matches": shift.confirmed_count == confirmed,
    }


def urgent_call(base: str, data, *, visitors: int, signups: int, window_s: float, seed: int = 12) -> tuple[dict, dict]:
    """`visitors` different logged-in volunteers open the same shift page at random moments within `window_s`;
    `signups` of them then sign up with the CSRF token their page gave them. The p95 is the pages'."""
    from django.db import connection

    from shifts.models import Signup
    from volunteers.models import Volunteer

    rng = random.Random(seed)  # nosec B311  # a repeatable schedule, not a secret
    people = list(Volunteer.objects.filter(pk__in=data.urgent_volunteer_ids[:visitors]).order_by("pk"))
    signing = set(rng.sample(range(len(people)), min(signups, len(people))))
    arrivals = sorted(rng.uniform(0, window_s) for _ in people)
    page = f"{base}/shifts/{data.urgent_shift_id}/"
    visits = [
        load.Visit(
            at_s=at,
            url=page,
            cookie=session_headers(person)["Cookie"],
            signup_url=f"{page}signup/" if index in signing else None,
            think_s=rng.uniform(*THINK_S) * min(1.0, window_s / 30),  # a shorter call (--quick), quicker readers
        )
        for index, (person, at) in enumerate(zip(people, arrivals, strict=True))
    ]
    before = _seats(data.urgent_shift_id)
    connection.close()
    burst = load.burst(visits)
    seats = _seats(data.urgent_shift_id)
    booked = Signup.objects.active().filter(shift_id=data.urgent_shift_id, volunteer__in=people).count()
    report = {
        "visitors": len(people),
        "signups": booked,
        "p95_ms": burst.pages.p95,
        "overbooked": seats["overbooked"],
        "errors_5xx": burst.pages.errors_5xx + burst.signups.errors_5xx,
    }
    details = seats | {
        "window_s": window_s,
        "signups_sent": len(signing),
        "already_booked": before["confirmed"],
        "page_p50_ms": burst.pages.p50,
        "page_statuses": {str(k): v for k, v in sorted(burst.pages.statuses.items())},
        "signup_p50_ms": burst.signups.p50,
        "signup_p95_ms": burst.signups.p95,
        "signup_statuses": {str(k): v for k, v in sorted(burst.signups.statuses.items())},
        "pages_without_csrf_field": burst.tokens_missing,
        "connection_errors": burst.pages.errors + burst.signups.errors,
        "wall_s": round(burst.pages.wall_s, 2),
    }
    return report, details


# --- the mix ------------------------------------------------------------------------------------------------


def _profile_form(person) -> list[tuple[str, str]]:
    """What /me/ sends back when a person saves their profile unchanged (plus an emergency contact)."""
    form = [
        ("first_name", person.first_name),
        ("last_name", person.last_name),
        ("phone", str(person.phone or "+33612345678")),
        ("emergency_contact_name", person.emergency_contact_name or "Dominique Bench"),
        ("emergency_contact_phone", str(person.emergency_contact_phone or "+33698765432")),
        ("preferred_language", person.preferred_language or "fr"),
    ]
    form += [("languages", code) for code in person.languages or []]
    form += [(name, "on") for name in ("sms_reminders", "urgent_calls") if getattr(person, name)]
    return form


def _effects() -> dict[str, int]:
    from shifts.models import Signup

    return {
        "signups_made": Signup.objects.count(),
        "cancelled": Signup.objects.filter(status=Signup.Status.CANCELLED).count(),
    }


def _writes(base: str, rng: random.Random, people: list, headers: dict, coordinators: dict, count: int) -> list:
    """`count` writes of each kind, each on its own row: sign-ups on shifts a few weeks ahead, cancellations of
    sign-ups to come, attendance on the past week's shifts (by the site's coordinator), profiles saved."""
    from django.utils import timezone

    from shifts.models import Shift, Signup

    now = timezone.now()
    mine = {person.pk: person for person in people}

    def post(label, url, pk, form):
        form = (form if isinstance(form, list) else list(form.items())) + [
            ("csrfmiddlewaretoken", headers[pk]["X-CSRFToken"])
        ]
        return load.Request(label, base + url, headers[pk], method="POST", data=form)

    later = list(
        Shift.objects.filter(is_cancelled=False, starts_at__gt=now + timedelta(days=14))
        .filter(starts_at__lt=now + timedelta(days=60))
        .order_by("?")
        .values_list("pk", flat=True)[: count * 4]
    )
    signups = [post("signup", f"/shifts/{rng.choice(later)}/signup/", rng.choice(people).pk, {}) for _ in range(count)]
    to_cancel = (
        Signup.objects.active()
        .filter(volunteer_id__in=mine, shift__starts_at__gt=now + timedelta(days=2), shift__is_cancelled=False)
        .order_by("?")
        .values_list("shift_id", "volunteer_id")[:count]
    )
    cancels = [post("cancel", f"/shifts/{shift}/cancel/", pk, {}) for shift, pk in to_cancel]
    attended = (
        Signup.objects.filter(status=Signup.Status.CONFIRMED, shift__starts_at__range=(now - timedelta(days=7), now))
        .order_by("?")
        .values_list("pk", "shift__mission__site__slug")[:count]
    )
    attendance = [
        post(
            "attendance",
            f"/roster/{site}/signup/{pk}/attendance/",
            coordinators[site],
            {"attendance": rng.choice([Signup.Attendance.PRESENT, Signup.Attendance.NO_SHOW]).value},
        )
        for pk, site in attended
    ]
    profiles = [post("profile_save", "/me/", person.pk, _profile_form(person)) for person in rng.sample(people, count)]
    return signups + cancels + attendance + profiles


def interleave(reads: list, writes: list, rng: random.Random) -> list:
    """Both shuffled, then ten reads at a time with one write somewhere among them (reads left over go last)."""
    reads, writes = rng.sample(reads, len(reads)), rng.sample(writes, len(writes))
    ordered = []
    for index, write in enumerate(writes):
        block = reads[index * READS_PER_WRITE : (index + 1) * READS_PER_WRITE]
        block.insert(rng.randrange(len(block) + 1), write)
        ordered += block
    return ordered + reads[len(writes) * READS_PER_WRITE :]


def mix(base: str, *, requests: int, concurrency: int, seed: int = 13) -> tuple[dict, dict]:
    """The six pages read by logged-in people (equal shares), one write for every ten reads, `concurrency` clients
    at once: p50 and p95 per page (and per kind of write, in the details)."""
    from django.db import connection
    from django.utils import timezone

    from shifts.models import Shift
    from sites.models import Site
    from volunteers.models import Volunteer

    rng = random.Random(seed)  # nosec B311  # a repeatable mix, not a secret
    volunteers = list(Volunteer.objects.filter(email__startswith="volunteer").values_list("pk", flat=True))
    people = list(Volunteer.objects.filter(pk__in=rng.sample(volunteers, min(MIX_PEOPLE, len(volunteers)))))
    coordinator_of = {site.slug: site.coordinators.order_by("pk").first() for site in Site.objects.all()}
    headers = {person.pk: session_headers(person) for person in [*people, *coordinator_of.values()]}
    coordinators = {slug: person.pk for slug, person in coordinator_of.items()}
    today, now = timezone.localdate(), timezone.now()
    soon = list(
        Shift.objects.filter(is_cancelled=False, starts_at__range=(now, now + timedelta(days=14))).values_list(
            "pk", flat=True
        )
    )

    def read(page: str) -> load.Request:
        person = rng.choice(people)
        if page == "home":
            return load.Request(page, f"{base}/", headers[person.pk])
        if page == "shift_list":
            return load.Request(page, f"{base}/shifts/", headers[person.pk])
        if page == "shift_detail":
            return load.Request(page, f"{base}/shifts/{rng.choice(soon)}/", headers[person.pk])
        if page == "my_shifts":
            return load.Request(page, f"{base}/me/shifts/", headers[person.pk])
        if page == "roster_day":
            site = rng.choice(sorted(coordinators))
            day = today + timedelta(days=rng.randrange(7))
            return load.Request(page, f"{base}/roster/{site}/{day.isoformat()}/", headers[coordinators[site]])
        return load.Request(page, f"{base}/calendar/{person.calendar_token}.ics", {})

    per_kind = max(1, requests // (READS_PER_WRITE + 1) // len(WRITES))
    writes = _writes(base, rng, people, headers, coordinators, per_kind)
    reads = [read(READS[n % len(READS)]) for n in range(len(writes) * READS_PER_WRITE)]
    ordered = interleave(reads, writes, rng)
    before = _effects()
    connection.close()
    runs, wall_s = load.mix(ordered, concurrency=concurrency)
    after = _effects()
    report = {page: {"p50_ms": runs[page].p50, "p95_ms": runs[page].p95} for page in READS if page in runs}
    details = {
        "concurrency": concurrency,
        "people": len(people),
        "requests": len(ordered),
        "wall_s": round(wall_s, 2),
        "rps": round(len(ordered) / wall_s, 1) if wall_s else None,
        # What the writes did (a refused sign-up, say for overlapping shifts, still answers a redirect).
        "effects": {name: after[name] - before[name] for name in after},
        "labels": {
            label: {
                "requests": len(run.latencies_ms) + run.errors,
                "p50_ms": run.p50,
                "p95_ms": run.p95,
                "statuses": {str(k): v for k, v in sorted(run.statuses.items())},
                "connection_errors": run.errors,
            }
            for label, run in runs.items()
        },
    }
    return report, details


def expected_statuses(details: dict) -> list[str]:
    """What the mix answered that a page or a write should not (a read is a 200, a write a redirect)."""
    found = []
    for label, entry in details["labels"].items():
        wanted = "302" if label in WRITES else "200"
        other = {status: n for status, n in entry["statuses"].items() if status != wanted}
        if other:
            found.append(f"{label} {other}")
    return found
