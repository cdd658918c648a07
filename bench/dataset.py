"""A realistic year of utopia, written fast: bulk inserts and COPY instead of the services one by one.

The rules the services enforce still hold in the result: at most one active sign-up per person and
shift, `confirmed_count` equal to the confirmed sign-ups and within capacity (the database checks it),
waiting lists only on full shifts, attendance recorded only on past shifts.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from shifts.management.commands.seed_demo import FIRST_NAMES, LANGUAGE_SETS, LAST_NAMES, WEEKLY_PATTERN
from shifts.management.commands.seed_sites import give_daily_slots
from shifts.models import Shift, ShiftTemplate, Signup
from shifts.roster.planning import generate_shifts
from sites.models import Mission, Site
from sites.seed import seed_sites
from volunteers.charter import current_charter
from volunteers.models import CharterAcceptance, Volunteer

BENCH_PASSWORD = "bench-password"  # noqa: S105  # nosec B105  # throwaway accounts in a throwaway database
# Missions without requirements, one per site, for the sign-up storm.
STORM_MISSIONS = [
    ("calais", "warehouse-sorting"),
    ("porte-de-la-chapelle", "donation-sorting"),
    ("grande-synthe", "laundry"),
]
STORM_CAPACITY = 5
# The urgent call: a shift short of people at the last minute, on a mission without requirements.
URGENT_MISSION = ("calais", "warehouse-sorting")
URGENT_CAPACITY = 20
URGENT_ALREADY = 8  # people already booked when the call goes out


@dataclass
class Sizes:
    days: int = 365
    volunteers: int = 3000
    # The organisation's real weekly pattern gives ~90 seats a day; a bigger organisation needs more.
    capacity_scale: int = 4
    long_history: int = 400
    seed: int = 8
    # The storm's clients come first in the pool of people free after the year, the urgent call's after them.
    storm_clients: int = 200


@dataclass
class Dataset:
    shifts: int = 0
    volunteers: int = 0
    signups: int = 0
    long_history_volunteer_id: int = 0
    coordinator_ids: dict[str, int] = field(default_factory=dict)
    storm_shift_ids: list[int] = field(default_factory=list)
    storm_volunteer_ids: list[int] = field(default_factory=list)
    urgent_shift_id: int = 0
    urgent_volunteer_ids: list[int] = field(default_factory=list)
    busy_site: str = ""
    busy_day: str = ""
    busy_day_people: int = 0
    busy_shift_id: int = 0
    # A volunteer booked one shift a day from FORTNIGHT_PAST days ago to two weeks ahead (the calendar feed of a
    # usual volunteer, beside the long-history one's year).
    fortnight_volunteer_id: int = 0
    # Shifts after the year nobody else books, for the sign-up POST measured in-process, and who signs up.
    probe_shift_ids: list[int] = field(default_factory=list)
    probe_volunteer_ids: list[int] = field(default_factory=list)


def _templates(scale: int) -> None:
    rows = []
    for site_slug, missions in WEEKLY_PATTERN.items():
        for mission_slug, slots in missions:
            mission = Mission.objects.get(site__slug=site_slug, slug=mission_slug)
            for weekday in range(7):
                for start, end, capacity in slots:
                    rows.append(
                        ShiftTemplate(
                            mission=mission,
                            weekday=weekday,
                            start_time=start,
                            end_time=end,
                            capacity=capacity * scale,
                        )
                    )
    ShiftTemplate.objects.bulk_create(rows)


def _people(sizes: Sizes, rng: random.Random) -> tuple[list[int], dict[str, int]]:
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    people = []
    for n in range(sizes.volunteers):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
        rng.random()  # drew has_driving_licence (now a qualification): kept so the data set stays the same
        people.append(
            Volunteer(
                email=f"volunteer{n:05d}@bench.example.org",
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(n * 7) % len(LAST_NAMES)],
                birth_date=born,
                phone="+33612345678",
                languages=LANGUAGE_SETS[n % len(LANGUAGE_SETS)],
                preferred_language="fr" if n % 3 else "en",
                password=password,
                date_joined=now - timedelta(days=rng.randrange(0, 3 * 365)),
                last_activity_at=now - timedelta(days=rng.randrange(0, 365)),
            )
        )
    coordinators = {}
    for site in Site.objects.all():
        people.append(
            Volunteer(
                email=f"coordinator.{site.slug}@bench.example.org",
                first_name="Camille",
                last_name=f"Coordinator {site.name}",
                birth_date=date(1980, 3, 3),
                password=password,
                date_joined=now,
            )
        )
    Volunteer.objects.bulk_create(people, batch_size=1000)
    volunteer_ids = list(
        Volunteer.objects.filter(email__startswith="volunteer").order_by("pk").values_list("pk", flat=True)
    )
    for site in Site.objects.all():
        person = Volunteer.objects.get(email=f"coordinator.{site.slug}@bench.example.org")
        site.coordinators.add(person)
        coordinators[site.slug] = person.pk
    return volunteer_ids, coordinators


def _fill_fraction(starts_at: datetime, now: datetime, rng: random.Random) -> float:
    days_ahead = (starts_at - now).total_seconds() / 86400
    if days_ahead < 0:
        return rng.uniform(0.6, 1.15)  # past: most shifts ran full or nearly
    if days_ahead < 14:
        return rng.uniform(0.5, 1.2)  # the coming fortnight: filling up, some full with a waiting list
    return max(0.0, rng.uniform(0.55, 0.95) - days_ahead / 365)  # further ahead: fewer sign-ups yet


def _signup(shift: Shift, volunteer_id: int, status: str, now: datetime, rng: random.Random) -> Signup:
    created_at = min(shift.starts_at - timedelta(hours=rng.randrange(2, 24 * 30)), now)
    signup = Signup(
        shift_id=shift.pk,
        volunteer_id=volunteer_id,
        status=status,
        created_at=created_at,
        updated_at=created_at,
    )
    past = shift.ends_at < now
    if status == Signup.Status.CONFIRMED and past:
        signup.attendance = Signup.Attendance.PRESENT if rng.random() < 0.92 else Signup.Attendance.NO_SHOW
        signup.reminder_sent_at = shift.starts_at - timedelta(hours=24)
        signup.reminder_attempts = 1
    elif status == Signup.Status.CANCELLED:
        cancelled_at = min(created_at + timedelta(hours=rng.randrange(1, 24 * 10)), shift.starts_at, now)
        signup.cancelled_at = cancelled_at
        signup.cancelled_by_id = volunteer_id
        signup.is_late_cancellation = shift.starts_at - cancelled_at < timedelta(hours=24)
        signup.updated_at = cancelled_at
    return signup


def _copy(model, objects) -> None:
    """COPY unsaved model instances into their table (every concrete column but the primary key)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608  # nosec B608  # names from the model
            for obj in objects:
                copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])


def _signups(sizes: Sizes, shifts: list[Shift], volunteer_ids: list[int], rng: random.Random) -> tuple[int, int]:
    now = timezone.now()
    long_history_id = volunteer_ids[0]
    pool = volunteer_ids[1:]
    rows = []
    long_history_days: set[date] = set()
    # The long-history volunteer: one shift a day (never two the same day), most of them past.
    candidates = [s for s in shifts if s.mission.slug in {"warehouse-sorting", "donation-sorting", "laundry"}]
    rng.shuffle(candidates)
    for shift in candidates:
        if len(long_history_days) >= sizes.long_history:
            break
        day = shift.starts_at.date()
        if day in long_history_days:
            continue
        long_history_days.add(day)
        rows.append(_signup(shift, long_history_id, Signup.Status.CONFIRMED, now, rng))
    taken = {(row.shift_id, long_history_id) for row in rows}
    already = {row.shift_id: 1 for row in rows}

    for shift in shifts:
        wanted = round(shift.capacity * _fill_fraction(shift.starts_at, now, rng))
        confirmed = min(wanted, shift.capacity) - already.get(shift.pk, 0)
        waitlisted = max(0, wanted - shift.capacity) if confirmed + already.get(shift.pk, 0) >= shift.capacity else 0
        cancelled = 1 if rng.random() < 0.5 else 0
        cancelled += 1 if rng.random() < 0.5 else 0
        chosen = rng.sample(pool, max(confirmed, 0) + waitlisted + cancelled)
        for index, volunteer_id in enumerate(chosen):
            if (shift.pk, volunteer_id) in taken:
                continue
            if index < confirmed:
                status = Signup.Status.CONFIRMED
            elif index < confirmed + waitlisted:
                status = Signup.Status.WAITLISTED
            else:
                status = Signup.Status.CANCELLED
            rows.append(_signup(shift, volunteer_id, status, now, rng))
    _copy(Signup, rows)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE shifts_shift AS s SET confirmed_count = c.n
            FROM (SELECT shift_id, count(*) AS n FROM shifts_signup WHERE status = 'confirmed' GROUP BY shift_id) AS c
            WHERE s.id = c.shift_id
            """
        )
    return len(rows), long_history_id


def _storm_shifts(sizes: Sizes, end: date) -> list[int]:
    ids = []
    for site_slug, mission_slug in STORM_MISSIONS:
        mission = Mission.objects.select_related("site").get(site__slug=site_slug, slug=mission_slug)
        starts_at = datetime.combine(end + timedelta(days=2), time(10), tzinfo=mission.site.tz)
        shift = Shift.objects.create(
            mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=4), capacity=STORM_CAPACITY
        )
        ids.append(shift.pk)
    return ids


def _urgent_shift(end: date, already: list[int]) -> int:
    """A shift after the generated year (so nobody's other sign-ups overlap it), with a few people booked."""
    site_slug, mission_slug = URGENT_MISSION
    mission = Mission.objects.select_related("site").get(site__slug=site_slug, slug=mission_slug)
    starts_at = datetime.combine(end + timedelta(days=3), time(14), tzinfo=mission.site.tz)
    shift = Shift.objects.create(
        mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=4), capacity=URGENT_CAPACITY
    )
    Signup.objects.bulk_create(
        Signup(shift=shift, volunteer_id=pk, status=Signup.Status.CONFIRMED) for pk in already[:URGENT_ALREADY]
    )
    Shift.objects.filter(pk=shift.pk).update(confirmed_count=min(URGENT_ALREADY, len(already)))
    return shift.pk


def _busy_day(site: Site, today: date) -> tuple[date, int]:
    """The day of the coming week with the most active sign-ups at `site`, and how many."""
    best, best_count = today, -1
    for offset in range(1, 8):
        day = today + timedelta(days=offset)
        count = Signup.objects.active().filter(shift__in=Shift.objects.on_local_day(site, day)).count()
        if count > best_count:
            best, best_count = day, count
    return best, best_count


FORTNIGHT_PAST, FORTNIGHT_AHEAD = 30, 14
PROBE_SIGNUPS = 24


def _fortnight_volunteer(today: date) -> tuple[int, int]:
    """A volunteer with one confirmed shift a day with a free seat, from FORTNIGHT_PAST days ago to two weeks
    ahead: the calendar feed most people have (the feed lists the last 30 days and what is ahead)."""
    person = Volunteer.objects.create(
        email="volunteer.fortnight@bench.example.org",
        first_name="Dominique",
        last_name="Fortnight",
        birth_date=date(1990, 5, 5),
        password=make_password(BENCH_PASSWORD),
    )
    _accept_charter([person.pk])
    now = timezone.now()
    rows, taken = [], []
    for offset in range(-FORTNIGHT_PAST, FORTNIGHT_AHEAD + 1):
        day = today + timedelta(days=offset)
        shift = (
            Shift.objects.filter(
                starts_at__date=day, confirmed_count__lt=F("capacity"), mission__slug__in=[m for _, m in STORM_MISSIONS]
            )
            .order_by("starts_at", "pk")
            .first()
        )
        if shift is None:
            continue
        signup = Signup(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)
        if shift.ends_at < now:
            signup.attendance = Signup.Attendance.PRESENT
        rows.append(signup)
        taken.append(shift.pk)
    Signup.objects.bulk_create(rows)
    Shift.objects.filter(pk__in=taken).update(confirmed_count=F("confirmed_count") + 1)
    return person.pk, len(rows)


def _probe_shifts(end: date, count: int) -> list[int]:
    """Shifts after the year (nobody's other sign-ups overlap them), one a day, for the in-process sign-up POST."""
    site_slug, mission_slug = URGENT_MISSION
    mission = Mission.objects.select_related("site").get(site__slug=site_slug, slug=mission_slug)
    ids = []
    for n in range(count):
        starts_at = datetime.combine(end + timedelta(days=5 + n), time(9), tzinfo=mission.site.tz)
        shift = Shift.objects.create(
            mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=4), capacity=STORM_CAPACITY
        )
        ids.append(shift.pk)
    return ids


def _accept_charter(volunteer_ids: list[int]) -> None:
    """Everyone has accepted the charter seed_sites published, so the storm's sign-ups are not refused for it."""
    charter = current_charter()
    if charter is not None:
        CharterAcceptance.objects.bulk_create(
            [CharterAcceptance(volunteer_id=pk, charter=charter) for pk in volunteer_ids], batch_size=1000
        )


def generate(sizes: Sizes | None = None, *, log=print) -> Dataset:
    """Fill an empty, migrated database. Returns what the benchmark needs to know about it."""
    sizes = sizes or Sizes()
    rng = random.Random(sizes.seed)  # nosec B311  # repeatable benchmark data, not a secret
    today = timezone.localdate()
    start = today - timedelta(days=sizes.days // 2)
    data = Dataset()
    with transaction.atomic():
        seed_sites(new_briefing=give_daily_slots)
        _templates(sizes.capacity_scale)
        for site in Site.objects.all():
            generate_shifts(site=site, start=start, days=sizes.days)
        shifts = list(Shift.objects.select_related("mission").order_by("starts_at", "pk"))
        log(f"  {len(shifts):,} shifts")
        volunteer_ids, data.coordinator_ids = _people(sizes, rng)
        _accept_charter(volunteer_ids)
        log(f"  {len(volunteer_ids):,} volunteers")
        data.signups, data.long_history_volunteer_id = _signups(sizes, shifts, volunteer_ids, rng)
        log(f"  {data.signups:,} sign-ups")
        # Before the storm's and the urgent call's shifts exist: none of theirs is booked.
        data.fortnight_volunteer_id, booked = _fortnight_volunteer(today)
        data.signups += booked
        data.storm_shift_ids = _storm_shifts(sizes, start + timedelta(days=sizes.days))
        # The people already on the urgent shift come from the end of the list, the callers from after the storm's.
        data.urgent_shift_id = _urgent_shift(start + timedelta(days=sizes.days), volunteer_ids[::-1])
        data.signups += min(URGENT_ALREADY, len(volunteer_ids))
        data.probe_shift_ids = _probe_shifts(start + timedelta(days=sizes.days), PROBE_SIGNUPS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Storm clients and the urgent call's visitors: volunteers with nothing booked after the generated year, so
    # nothing overlaps; the storm's first, then the call's (never the same person in both).
    data.storm_volunteer_ids = volunteer_ids[1 : 1 + sizes.storm_clients]
    data.urgent_volunteer_ids = volunteer_ids[1 + sizes.storm_clients : len(volunteer_ids) - URGENT_ALREADY]
    # The in-process sign-up POST: the last of the call's pool (its visitors come from the front).
    data.probe_volunteer_ids = data.urgent_volunteer_ids[-PROBE_SIGNUPS:]
    data.urgent_volunteer_ids = data.urgent_volunteer_ids[:-PROBE_SIGNUPS]
    data.shifts = Shift.objects.count()
    data.volunteers = len(volunteer_ids)
    busiest = max(((site.slug, *_busy_day(site, today)) for site in Site.objects.all()), key=lambda row: row[2])
    data.busy_site, data.busy_day, data.busy_day_people = busiest[0], busiest[1].isoformat(), busiest[2]
    busy = (
        Shift.objects.filter(starts_at__gt=timezone.now(), confirmed_count__gte=1)
        .order_by("-confirmed_count", "starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    data.busy_shift_id = busy or 0
    return data
