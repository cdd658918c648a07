"""Reads worth naming. Each returns what one page shows in a fixed number of queries."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Greatest, JSONObject, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sites.models import Mission, Site
from utopia.db import ArrayOf as ArraySubquery
from volunteers.localised import in_language
from volunteers.models import Qualification, Volunteer

from . import rules
from .models import Shift, Signup
from .teams.risks import put_risky_first, team_risks, team_risks_for, with_team_risks  # noqa: F401  (safe teams)

# How far back the calendar feed still lists shifts, so a phone keeps the recent past.
FEED_PAST_DAYS = 30
FEED_MAX_EVENTS = 500


def with_times(shifts):
    """Set `when` on each shift: its local day and hours as a <time> element, in its site's zone.

    The same markup as shifts/partials/shift_time.html (date "l j F", times "H:i"), for list rows: the
    {% timezone %} block and three date filters cost more than the rest of a row. Call it while the
    page's language is active; day and month names are translated once per call.
    """
    when = time_writer()
    for shift in shifts:
        shift.when = when(shift.starts_at, shift.ends_at, shift.mission.site.tz)
    return shifts


def time_writer():
    """The function (start, end, zone) -> <time> element behind `with_times`, for rows that are not shifts.

    Written with an f-string: what goes in is digits and the day and month names, escaped once per call (a
    format_html per row cost more than the rest of a row on the pages of 20-40 rows).
    """
    weekdays, months = {}, {}

    def when(starts_at, ends_at, zone):
        start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        weekday = weekdays.get(start.weekday())
        if weekday is None:
            weekday = weekdays[start.weekday()] = escape(str(WEEKDAYS[start.weekday()]))
        month = months.get(start.month)
        if month is None:
            month = months[start.month] = escape(str(MONTHS[start.month]))
        return mark_safe(  # noqa: S308  # nosec B308 B703  # digits and the names escaped above
            f'<time datetime="{start.isoformat()}">{weekday} {start.day} {month}, {start:%H:%M}–{end:%H:%M}</time>'
        )

    return when


def path_for_pk(name: str):
    """`reverse(name, args=[pk])` as a function of pk, for the rows of a list: one reverse() per page."""
    marker = "987654321"
    head, tail = reverse(name, args=[int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def with_urls(shifts):
    """Set `url` (the shift's page) on each shift, at the cost of one reverse() for the whole list."""
    detail = path_for_pk("shifts:detail")
    for shift in shifts:
        shift.url = detail(shift.pk)
    return shifts


def sites_with_missions():
    return Site.objects.prefetch_related(Prefetch("missions", queryset=Mission.objects.order_by("position", "name")))


@dataclass
class SiteNeeds:
    site: Site
    shifts: list = field(default_factory=list)
    shift_count: int = 0
    seats_missing: int = 0


def needs_by_site(*, days: int = 3, per_site: int = 6) -> list[SiteNeeds]:
    """For each site (with its missions): the next days' shifts short of people and the seats missing.

    Five queries whatever the number of shifts: sites, their missions, only the first `per_site` shifts of each
    site with the site's totals beside them (window functions number and count them), then the team rules of
    the missions and the shifts at risk (put_risky_first). Each shift's mission is the one already loaded.
    """
    needs = {site.pk: SiteNeeds(site=site) for site in sites_with_missions()}
    missions = {}
    for need in needs.values():
        for mission in need.site.missions.all():
            mission.site = need.site  # with_times() reads its time zone
            missions[mission.pk] = mission
    now = timezone.now()
    gaps = Shift.objects.filter(
        is_cancelled=False,
        starts_at__gt=now,
        starts_at__lt=now + timedelta(days=days),
        confirmed_count__lt=F("capacity"),
    )
    site = F("mission__site_id")
    order = [F("starts_at").asc(), F("mission__position").asc(), F("pk").asc()]
    first = (
        gaps.annotate(
            site_id=site,
            rank=Window(RowNumber(), partition_by=site, order_by=order),
            site_shifts=Window(Count("pk"), partition_by=site),
            site_missing=Window(Sum(F("capacity") - F("confirmed_count")), partition_by=site),
        )
        .filter(rank__lte=per_site)
        .only("pk", "mission_id", "starts_at", "ends_at", "capacity", "confirmed_count", "is_cancelled")
        .order_by(*order)
    )
    for shift in first:
        need = needs.get(shift.site_id)
        if need is None or shift.mission_id not in missions:
            continue
        shift.mission = missions[shift.mission_id]
        shift.team_risk_labels = []  # put_risky_first gives those at risk theirs
        need.shifts.append(shift)
        need.shift_count, need.seats_missing = shift.site_shifts, shift.site_missing
    # Shifts whose team is at risk come first (safe teams).
    put_risky_first(needs.values(), gaps, per_site=per_site, missions=missions)
    return list(needs.values())


def _local_day_filter(day: date, site: Site | None) -> Q:
    """Shifts starting on `day` in their own site's time zone."""
    zones = [site.timezone] if site else sorted(set(Site.objects.values_list("timezone", flat=True)))
    condition = Q(pk__in=[])
    for zone in zones:
        start = datetime.combine(day, datetime.min.time(), tzinfo=zoneinfo.ZoneInfo(zone))
        condition |= Q(mission__site__timezone=zone, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    return condition


LIST_ROW_FIELDS = (
    "pk",
    "starts_at",
    "ends_at",
    "capacity",
    "confirmed_count",
    "is_cancelled",
    "mission__name",
    "mission__name_fr",
    "mission__position",
    "mission__site__name",
    "mission__site__timezone",
    "mission__site__position",
)


def browse_shifts(*, site: Site | None = None, mission: Mission | None = None, day: date | None = None) -> QuerySet:
    """Upcoming shifts, soonest first, with what a list row shows (site, mission, waiting list size)."""
    # Shifts one can still join: started ones are over for sign-ups.
    shifts = Shift.objects.filter(is_cancelled=False, starts_at__gt=timezone.now())
    shifts = (
        shifts.select_related("mission__site")
        # What a row shows, not the long descriptions of every mission and site.
        .only(*LIST_ROW_FIELDS)
        .with_counts()
    )
    if site is not None:
        shifts = shifts.filter(mission__site=site)
    if mission is not None:
        shifts = shifts.filter(mission=mission)
    if day is not None:
        shifts = shifts.filter(_local_day_filter(day, site))
    return shifts.order_by("starts_at", "mission__site__position", "mission__position", "pk")


def waitlist_positions(*, volunteer, shift_ids) -> dict[int, int]:
    """{shift id: the volunteer's place on its waiting list}, in one query (same order as promotion)."""
    shift_ids = list(shift_ids)
    if not shift_ids:
        return {}
    waiting = Signup.objects.filter(shift_id=OuterRef("shift_id"), status=Signup.Status.WAITLISTED)
    ahead_or_me = (
        waiting.filter(
            Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("shift_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mine = (
        Signup.objects.filter(volunteer=volunteer, shift_id__in=shift_ids, status=Signup.Status.WAITLISTED)
        .annotate(position=Subquery(ahead_or_me))
        .values_list("shift_id", "position")
    )
    return dict(mine)


def my_statuses(*, user, shift_ids) -> dict[int, tuple[str, int | None]]:
    """{shift id: (status, place on the waiting list or None)} of `user`'s active sign-ups among `shift_ids`.

    Two queries at most, for any number of shifts; none for an anonymous visitor.
    """
    shift_ids = list(shift_ids)
    if not user.is_authenticated or not shift_ids:
        return {}
    statuses = dict(
        Signup.objects.active().filter(volunteer=user, shift_id__in=shift_ids).values_list("shift_id", "status")
    )
    waiting = [shift_id for shift_id, status in statuses.items() if status == Signup.Status.WAITLISTED]
    positions = waitlist_positions(volunteer=user, shift_ids=waiting) if waiting else {}
    return {shift_id: (status, positions.get(shift_id)) for shift_id, status in statuses.items()}


def shift_for_page(pk: int) -> Shift:
    """The shift with its mission, site and counts, and its mission's required qualifications (as
    `required_qualifications`, in their order) read in the same query."""
    required = (
        Qualification.objects.filter(required_by_missions=OuterRef("mission_id"))
        .order_by("position", "name")
        .values(row=JSONObject(name="name", name_fr="name_fr", needs_check="needs_check"))
    )
    shift = (
        Shift.objects.select_related("mission__site")
        .with_counts()
        .annotate(required_rows=ArraySubquery(required))
        .get(pk=pk)
    )
    shift.required_qualifications = [Qualification(**row) for row in shift.required_rows]
    return shift


def going(shift: Shift) -> list[Signup]:
    """Who is confirmed on `shift`; only what public_name needs is loaded."""
    return list(
        Signup.objects.confirmed()
        .filter(shift=shift)
        .select_related("volunteer")
        .only("pk", "shift_id", "volunteer__first_name", "volunteer__last_name", "volunteer__anonymised_at")
        .order_by("created_at", "pk")
    )


def going_and_mine(*, user, shift: Shift) -> tuple[list[Signup], Signup | None]:
    """The shift page's sign-ups in one query: who is confirmed on `shift` (as `going`) and `user`'s own active
    sign-up, if any (as `my_signup`). Mine knows how many of the confirmed have me as their buddy
    (`looking_after_count`, which spares onboarding.selectors.buddy_info its query when nobody does)."""
    if not user.is_authenticated:
        return going(shift), None
    rows = list(
        Signup.objects.active()
        .filter(Q(status=Signup.Status.CONFIRMED) | Q(volunteer=user), shift=shift)
        .select_related("volunteer")
        .only(
            "pk",
            "shift_id",
            "volunteer_id",
            "status",
            "buddy_id",
            "created_at",
            "volunteer__first_name",
            "volunteer__last_name",
            "volunteer__anonymised_at",
        )
        .order_by("created_at", "pk")
    )
    confirmed = [signup for signup in rows if signup.status == Signup.Status.CONFIRMED]
    mine = next((signup for signup in rows if signup.volunteer_id == user.pk), None)
    if mine is not None:
        mine.looking_after_count = sum(1 for signup in confirmed if signup.buddy_id == user.pk)
    return confirmed, mine


def waitlist_position(signup: Signup) -> int | None:
    """The sign-up's place on its shift's waiting list (1 is next), or None when it is not waiting."""
    if signup.status != Signup.Status.WAITLISTED:
        return None
    return waitlist_positions(volunteer=signup.volunteer_id, shift_ids=[signup.shift_id]).get(signup.shift_id)


def describe_shift(shift: Shift) -> str:
    """The shift in one line of the active language, for messages: mission, site, local day and hours."""
    return shift.describe()


@dataclass(slots=True)
class MySignup:
    """A row of /me/shifts/: a sign-up with what the page shows of its shift, mission and site.

    Plain rows rather than model instances: select_related builds four instances a row (sign-up, shift,
    mission, site), which cost more than the rest of the page's rows.
    """

    pk: int
    shift_id: int
    status: str
    attendance: str
    starts_at: datetime
    ends_at: datetime
    shift_is_cancelled: bool
    mission_name: str
    mission_name_fr: str
    site_name: str
    address: str
    timezone: str
    site_id: int = 0
    site_slug: str = ""
    is_store: bool = False  # a store mission (the store's own rule says whether it opens the store now)
    position: int | None = None  # on the waiting list (see with_positions)
    when: str = ""  # the shift's local day and hours (see my_signup_rows)
    detail_url: str = ""  # set by the view
    cancel_url: str | None = None  # set by the view while the sign-up can still be cancelled
    # My buddy on this shift, or the first-timers I look after (shifts.onboarding.selectors.with_my_buddies).
    buddies: list | None = None

    @property
    def mission_display_name(self) -> str:
        # As Mission.display_name: the French name when the page is in French and one was written.
        return in_language(self.mission_name, self.mission_name_fr)

    @property
    def status_display(self) -> str:
        return Signup.Status(self.status).label


def _my_signups(*, volunteer) -> QuerySet:
    """A volunteer's sign-ups as dicts of MySignup's fields (the long texts stay in the database)."""
    return Signup.objects.filter(volunteer=volunteer).values(
        "pk",
        "shift_id",
        "status",
        "attendance",
        starts_at=F("shift__starts_at"),
        ends_at=F("shift__ends_at"),
        shift_is_cancelled=F("shift__is_cancelled"),
        mission_name=F("shift__mission__name"),
        mission_name_fr=F("shift__mission__name_fr"),
        site_name=F("shift__mission__site__name"),
        address=F("shift__mission__site__address"),
        timezone=F("shift__mission__site__timezone"),
        site_id=F("shift__mission__site_id"),
        site_slug=F("shift__mission__site__slug"),
        is_store=F("shift__mission__is_store"),
    )


# The start of the shift, for ordering one person's sign-ups. The NULLS FIRST/LAST (starts_at is never null)
# is on purpose: it is not the order of the starts_at index, so PostgreSQL cannot plan to walk every shift in
# index order probing for this person's sign-ups, stopping at the page's LIMIT (the window count of
# `_counted_page` needs every row anyway: 26 ms for a year of data). It starts from their own sign-ups.
_OWN_ORDER = F("shift__starts_at")


def my_upcoming_signups(*, volunteer, now: datetime | None = None) -> QuerySet:
    """Active sign-ups on shifts not over yet, soonest first, as dicts: pass a page of them to `my_signup_rows`
    and then to `with_positions`."""
    return (
        _my_signups(volunteer=volunteer)
        .exclude(status=Signup.Status.CANCELLED)
        .filter(shift__ends_at__gt=now or timezone.now())
        .order_by(_OWN_ORDER.asc(nulls_first=True), "pk")
    )


def my_past_signups(*, volunteer, now: datetime | None = None) -> QuerySet:
    """Sign-ups on shifts over, latest first, as dicts: pass a page of them to `my_signup_rows`."""
    return (
        _my_signups(volunteer=volunteer)
        .filter(shift__ends_at__lte=now or timezone.now())
        .order_by(_OWN_ORDER.desc(nulls_last=True), "-pk")
    )


def my_signup_rows(dicts) -> list[MySignup]:
    """Rows of `my_upcoming_signups` or `my_past_signups` as MySignup, with their local times.

    Call it while the page's language is active (for the day and month names).
    """
    when, zones = time_writer(), {}
    rows = []
    for values in dicts:
        values.pop("list_size", None)  # the size of the whole list, read by the view's paginator
        row = MySignup(**values)
        zone = zones.get(row.timezone) or zones.setdefault(row.timezone, zoneinfo.ZoneInfo(row.timezone))
        row.when = when(row.starts_at, row.ends_at, zone)
        rows.append(row)
    return rows


def with_positions(signups, *, volunteer) -> list:
    """Set `position` (place on the waiting list, or None) on each sign-up: one query."""
    signups = list(signups)
    waiting = [s.shift_id for s in signups if s.status == Signup.Status.WAITLISTED]
    positions = waitlist_positions(volunteer=volunteer, shift_ids=waiting)
    for signup in signups:
        signup.position = positions.get(signup.shift_id) if signup.status == Signup.Status.WAITLISTED else None
    return signups


def _feed_signups(*, volunteer) -> QuerySet:
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return (
        Signup.objects.confirmed()
        .filter(volunteer=volunteer, shift__is_cancelled=False, shift__ends_at__gte=since)
        .order_by("shift__starts_at", "pk")
    )


def feed_version(*, volunteer) -> list[tuple]:
    """What the feed's ETag is made of, in one query: per mission of the feed, the texts an event shows of it
    and its site, how many of the person's sign-ups it has, and their (or their shifts') last change."""
    return list(
        _feed_signups(volunteer=volunteer)
        .order_by()
        .values_list(*FEED_MISSION_FIELDS)
        .annotate(count=Count("pk"), last_change=Max(Greatest("updated_at", "shift__updated_at")))
        .order_by("shift__mission_id")
    )


FEED_MISSION_FIELDS = (
    "shift__mission_id",
    "shift__mission__name",
    "shift__mission__name_fr",
    "shift__mission__what_to_bring",
    "shift__mission__what_to_bring_fr",
    "shift__mission__site__name",
    "shift__mission__site__address",
    "shift__mission__site__contact_phone",
)


def feed_rows(*, volunteer) -> list[tuple]:
    """What the calendar feed writes for each of its sign-ups, as tuples in this order (no model instances,
    no dicts: a busy volunteer has hundreds of rows): sign-up id, shift id, starts at, ends at, last
    modified (sign-up or shift), shift notes, mission id, then the mission's name, name_fr, what_to_bring,
    what_to_bring_fr and its site's name, address and contact_phone (the same on every row of a mission).
    """
    return list(
        _feed_signups(volunteer=volunteer).values_list(
            "pk",
            "shift_id",
            "shift__starts_at",
            "shift__ends_at",
            Greatest("updated_at", "shift__updated_at"),
            "shift__notes",
            *FEED_MISSION_FIELDS,
        )[:FEED_MAX_EVENTS]
    )


def eligible_helpers(*, shift: Shift) -> list:
    """People who may be called on for `shift`: opted in, free then, not on it, and let on it by the rule list.
    One query for the candidates and what the rules need about each of them."""
    day = shift.local_starts_at.date()
    busy = Signup.objects.confirmed().filter(
        shift__is_cancelled=False, shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at
    )
    candidates = (
        Volunteer.objects.filter(
            is_active=True, urgent_calls=True, anonymised_at__isnull=True, birth_date__isnull=False
        )
        .filter(birth_date__lte=day)
        .exclude(pk__in=Signup.objects.active().filter(shift=shift).values("volunteer_id"))
        .exclude(pk__in=busy.values("volunteer_id"))
        .order_by("pk")
    )
    return rules.eligible(candidates, shift, skip=rules.SEATING_WAITING)
