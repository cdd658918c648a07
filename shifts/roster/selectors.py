"""What the roster's pages show: the week's fill, the day's shifts and people, the assign search, the calls
for help. Reads only; a fixed number of queries whatever the size of the day."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Prefetch, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from shifts import contact, rules
from shifts.models import Notification, Shift, Signup
from shifts.selectors import eligible_helpers
from shifts.teams.risks import with_team_risks
from sites.models import Closure, Site
from volunteers.languages import language_names

Volunteer = get_user_model()

WEEK_DAYS = 7


# --- the week -----------------------------------------------------------------------------------


@dataclass
class WeekCell:
    day: date
    mission: object = None
    capacity: int = 0
    confirmed: int = 0
    shifts: int = 0
    risks: list = field(default_factory=list)  # words, once each, of its shifts' team risks

    @property
    def missing(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    @property
    def level(self) -> str:
        if not self.shifts:
            return "none"
        if self.missing == 0:
            return "ok"
        return "bad" if self.confirmed * 2 < self.capacity else "warn"


# What the week grid reads of each shift, and of its mission for the team risks.
WEEK_SHIFT_FIELDS = (
    "mission_id",
    "starts_at",
    "ends_at",
    "capacity",
    "confirmed_count",
    "is_cancelled",
    "mission__min_to_run",
    "mission__needs_experienced",
    "mission__site__timezone",
)


def week_grid(site: Site, start: date) -> tuple[list, list[dict]]:
    """The site's missions, and one row per day of the week from `start` with a cell per mission."""
    days = [start + timedelta(days=offset) for offset in range(WEEK_DAYS)]
    begin = datetime.combine(start, datetime.min.time(), tzinfo=site.tz)
    end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=site.tz)
    missions = list(site.missions.order_by("position", "name"))
    shifts = with_team_risks(
        Shift.objects.filter(mission__site=site, is_cancelled=False, starts_at__gte=begin, starts_at__lt=end)
        .select_related("mission__site")
        .only(*WEEK_SHIFT_FIELDS)
    )
    cells = {(m.pk, d): WeekCell(day=d, mission=m) for m in missions for d in days}
    for shift in shifts:
        cell = cells.get((shift.mission_id, timezone.localtime(shift.starts_at, site.tz).date()))
        if cell is not None:
            cell.shifts += 1
            cell.capacity += shift.capacity
            cell.confirmed += shift.confirmed_count
            cell.risks += [words for words in shift.team_risk_labels if words not in cell.risks]
    return missions, [{"day": d, "cells": [cells[(m.pk, d)] for m in missions]} for d in days]


def upcoming_closures(site: Site, start: date):
    return Closure.objects.filter(site=site, date__gte=start).select_related("mission")[:30]


# --- the day ------------------------------------------------------------------------------------


@dataclass
class HelpCall:
    """The calls for help sent for a shift: how many people were asked, the last call's time and sender."""

    asked: int
    last_at: datetime
    by: Volunteer | None = None


@dataclass
class RosterShift:
    shift: Shift
    confirmed: list = field(default_factory=list)
    waitlisted: list = field(default_factory=list)
    late_cancelled: list = field(default_factory=list)
    first_timers: set = field(default_factory=set)
    languages: list = field(default_factory=list)
    help_call: HelpCall | None = None

    @property
    def missing(self) -> int:
        return 0 if self.shift.is_cancelled else max(self.shift.capacity - len(self.confirmed), 0)


def _people_facts(site: Site, day: date, volunteer_ids: set[int]) -> tuple[set[int], set[int]]:
    """Of `volunteer_ids`: who did (or were booked on) a shift at `site` before `day`, and whose contact
    details are open at the site (shifts.contact.opened_at). One query.

    An EXISTS per person stops at their first such row, where a minimum over all their shifts here read
    every one of them (a regular has hundreds).
    """
    day_start = datetime.combine(day, datetime.min.time(), tzinfo=site.tz)
    at_site = Signup.objects.filter(volunteer_id=OuterRef("pk"), shift__mission__site=site)
    earlier = at_site.filter(
        shift__is_cancelled=False, shift__starts_at__lt=day_start, status=Signup.Status.CONFIRMED
    ).exclude(attendance=Signup.Attendance.NO_SHOW)
    rows = (
        Volunteer.objects.filter(pk__in=volunteer_ids)
        # `came` as a scalar subquery (the first such row, or NULL), not an EXISTS: PostgreSQL planned that EXISTS
        # as a hashed subplan over every confirmed sign-up of the site (30 ms on a year of data); a scalar
        # subquery is looked up person by person through the sign-ups' volunteer index (under 1 ms).
        .annotate(
            came=Subquery(earlier.order_by().values("pk")[:1]),
            reachable=ExpressionWrapper(contact.opened_at(site.pk), output_field=BooleanField()),
        )
        # No filter on the two: Django would write both EXISTS again in the WHERE, and run them twice.
        .order_by()
        .values_list("pk", "came", "reachable")
    )
    came, reachable = set(), set()
    for pk, has_come, is_reachable in rows:
        if has_come is not None:
            came.add(pk)
        if is_reachable:
            reachable.add(pk)
    return came, reachable


def help_calls(shift_ids: list[int]) -> dict[int, HelpCall]:
    """The calls for help of these shifts (Notification rows of kind urgent_call). Two queries at most."""
    if not shift_ids:
        return {}
    urgent = Notification.objects.filter(kind="urgent_call", shift_id__in=shift_ids)
    calls = {
        row["shift_id"]: HelpCall(asked=row["asked"], last_at=row["last_at"])
        for row in urgent.values("shift_id").annotate(asked=Count("pk"), last_at=Max("created_at")).order_by()
    }
    if not calls:
        return calls
    senders = {}
    for shift_id, created_at, sender in urgent.filter(
        created_at__in=[call.last_at for call in calls.values()]
    ).values_list("shift_id", "created_at", "context__by"):
        if calls[shift_id].last_at == created_at and isinstance(sender, int):
            senders[shift_id] = sender
    people = Volunteer.objects.only("first_name", "last_name", "anonymised_at").in_bulk(set(senders.values()))
    for shift_id, sender in senders.items():
        calls[shift_id].by = people.get(sender)
    return calls


def display_name(person) -> str:
    """How the roster names a person: "Former volunteer" once erased, else their name, else their email."""
    if person.anonymised_at:
        return person.public_name
    return person.get_full_name() or person.email or person.public_name


def day_roster(site: Site, day: date, *, viewer=None) -> list[RosterShift]:
    """Every shift of `site` on its local `day`, with its people, as `viewer` may see them. A fixed handful of
    queries whatever the size.

    Each sign-up gets what its row shows, worked out here once: `name`, `is_first_time`, `languages_text`,
    `show_contact` (shifts.contact decides whether `viewer` may see this person's phone and email) and, when
    shown, `email`, `tel`, `phone_international` and `phone_national` (the phone read as its stored text
    rather than parsed into a PhoneNumber on every row); all empty otherwise.
    """
    people = (
        Signup.objects.filter(
            Q(status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITLISTED]) | Q(is_late_cancellation=True)
        )
        .select_related("volunteer")
        # Only what the page, its print view and the CSV show: no password hash, no phone to parse.
        .only(
            "shift_id",
            "volunteer_id",
            "status",
            "is_late_cancellation",
            "attendance",
            "note",
            "buddy_id",
            "volunteer__first_name",
            "volunteer__last_name",
            "volunteer__email",
            "volunteer__languages",
            "volunteer__is_walk_in",
            "volunteer__anonymised_at",
        )
        .annotate(stored_phone=Cast("volunteer__phone", output_field=TextField()))
        .order_by("created_at", "pk")
    )
    shifts = list(
        Shift.objects.on_local_day(site, day)
        .select_related("mission__site")
        .prefetch_related(Prefetch("signups", queryset=people, to_attr="roster_signups"))
        .order_by("starts_at", "mission__position", "pk")
    )
    with_team_risks(shifts)
    volunteer_ids = {s.volunteer_id for shift in shifts for s in shift.roster_signups}
    came_before_today, reachable = _people_facts(site, day, volunteer_ids) if volunteer_ids else (set(), set())
    # The door's rule, asked once for the page: the ids open at the site come with the people facts above.
    see_all, sees_open = contact.sees_everyone(viewer), contact.sees_open_at(viewer, site)
    calls = help_calls([shift.pk for shift in shifts])
    # The start of each person's first shift of the day that counts as having been here.
    first_today: dict[int, datetime] = {}
    for shift in shifts:
        if shift.is_cancelled:
            continue
        for signup in shift.roster_signups:
            if signup.status == Signup.Status.CONFIRMED and signup.attendance != Signup.Attendance.NO_SHOW:
                first = first_today.get(signup.volunteer_id)
                if first is None or shift.starts_at < first:
                    first_today[signup.volunteer_id] = shift.starts_at
    flags = rules.roster_flags(site, shifts)
    spoken_names: dict[str, str] = {}
    roster = []
    for shift in shifts:
        entry = RosterShift(shift=shift, help_call=calls.get(shift.pk))
        spoken = set()
        for signup in shift.roster_signups:
            person = signup.volunteer
            if signup.status == Signup.Status.CONFIRMED:
                entry.confirmed.append(signup)
                spoken.update(person.languages or [])
            elif signup.status == Signup.Status.WAITLISTED:
                entry.waitlisted.append(signup)
            else:
                entry.late_cancelled.append(signup)
            first = first_today.get(signup.volunteer_id)
            signup.is_first_time = signup.volunteer_id not in came_before_today and (
                first is None or first >= shift.starts_at
            )
            if signup.is_first_time:
                entry.first_timers.add(signup.pk)
            signup.rule_flags = flags.get(signup.pk, ())
            # A first-timer with nobody experienced on the shift: set by the buddy board when the page builds it
            # (shifts.onboarding.selectors.buddy_board_for_roster), from the same rows.
            signup.is_alone = False
            signup.show_contact = not person.anonymised_at and (
                see_all or (sees_open and signup.volunteer_id in reachable)
            )
            # Without the right to see their contact details, the roster names them as other volunteers do.
            signup.name = display_name(person) if signup.show_contact else person.public_name
            for code in person.languages or []:
                if code not in spoken_names:
                    spoken_names[code] = language_names([code])[0]
            signup.languages_text = ", ".join(spoken_names[code] for code in person.languages or [])
            details = contact.contact_of(person, visible=signup.show_contact, stored_phone=signup.stored_phone or "")
            signup.email, signup.tel = details.email, details.tel
            signup.phone_international, signup.phone_national = details.phone_international, details.phone_national
        entry.languages = sorted(language_names(sorted(spoken)))
        roster.append(entry)
    return roster


# --- calls for help ------------------------------------------------------------------------------


def help_candidates(shift: Shift) -> list:
    """Who a call for help on `shift` would reach now: the eligible helpers not asked for it yet."""
    asked = set(Notification.objects.filter(kind="urgent_call", shift=shift).values_list("recipient_id", flat=True))
    return [person for person in eligible_helpers(shift=shift) if person.pk not in asked]
