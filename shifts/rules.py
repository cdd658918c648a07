"""What can refuse a sign-up: one ordered list of small rules, `RULES`, asked by every path that seats someone.

sign_up (a volunteer's tap, a coordinator's booking, a walk-in, a move), the waiting list's promotion, a
coordinator's confirm, the admin form, the call for help (who may be asked) and stays (the same shift every day)
all call `check` or `refusal`; none re-decides a rule. Each rule is a function of one `Attempt` that returns a
`SignupRefused` carrying its code, or None. The first refusal in list order is the one the person sees.

Adding a rule: write the function, put it in `RULES` where its message should win over the others, and, if it
needs something about the person, one annotation in `read_people` (the rules read the person once: one query
for all the rules, or for all the candidates of a call for help, never one per rule or per person).

What is NOT a rule here:
- capacity: a full shift never refuses anyone; sign_up decides seat or waiting list under the shift's lock;
- what coordinators do to seats already held (move to a full shift, confirm over capacity, attendance...): the
  services refuse those with their own codes;
- a stay's own rules (dates, beds, 30 nights): stays.services, which asks this list for each shift it books.

This module imports nothing above the models.
"""

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utopia.db import ArrayOf as ArraySubquery
from volunteers.languages import language_names
from volunteers.models import Charter, CharterAcceptance, Qualification, QualificationGrant, Volunteer

from .models import BriefingWaiver, Shift, Signup

# A shift is a night shift when it ends (local time) from NIGHT_FROM to NIGHT_UNTIL, both included.
NIGHT_FROM = time(22, 0)
NIGHT_UNTIL = time(6, 0)


class SignupRefused(ValidationError):
    """A rule said no. The message says which one, in words the person understands; `code` says it to code."""


@dataclass(frozen=True)
class Attempt:
    """One person wanting one seat. `volunteer` comes from read_people (its `rule_*` attributes are the facts);
    `by` is the coordinator booking them (None: the person themselves)."""

    volunteer: Volunteer
    shift: Shift | None
    by: Volunteer | None = None
    on: date | None = None  # the day judged, when not the shift's (a stay's arrival: PERSON_RULES only)

    @property
    def day(self) -> date:
        return self.on or self.shift.local_starts_at.date()

    @property
    def mission(self):
        return self.shift.mission

    @property
    def site(self):
        return self.shift.mission.site

    def say(self, own: str, coordinator: str) -> str:
        """The person's own wording, or the coordinator's when someone else books them."""
        return own if self.by is None else coordinator


# --- what the rules need, read once -------------------------------------------------------------------------


def local_day_bounds(day: date, tz) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)


def local_day_end(shift: Shift) -> datetime:
    """Midnight at the end of the shift's local day, in the site's time zone."""
    return local_day_bounds(shift.local_starts_at.date(), shift.mission.site.tz)[1]


def ends_at_night(ends_at: datetime, tz) -> bool:
    """A shift is a night shift when it ends (local time) from 22:00 to 06:00, both included."""
    end = timezone.localtime(ends_at, tz).time()
    return end >= NIGHT_FROM or end <= NIGHT_UNTIL


@dataclass(frozen=True)
class Nearby:
    """One of the person's confirmed shifts near the one judged (for the hours and rest rules)."""

    shift_id: int
    starts_at: datetime
    ends_at: datetime
    tz: object


def _work():
    """The person's confirmed sign-ups on shifts that run (a no-show still held the time)."""
    return Signup.objects.filter(volunteer_id=OuterRef("pk"), status=Signup.Status.CONFIRMED, shift__is_cancelled=False)


def _at_site(site_id: int, *, briefing: bool):
    """Confirmed work (or briefings) at the site that counts for onboarding: a no-show is as if never there."""
    return (
        _work()
        .filter(shift__mission__site_id=site_id, shift__mission__is_briefing=briefing)
        .exclude(attendance=Signup.Attendance.NO_SHOW)
    )


def _first_start(queryset):
    return Subquery(queryset.order_by("shift__starts_at").values("shift__starts_at")[:1])


def briefing_facts(site, *, without_signup: int | None = None) -> dict:
    """Annotations (on volunteers) for `needs_briefing`: the first work and the first briefing at `site`, and
    whether a coordinator waived it. `without_signup`: as if that sign-up were cancelled."""
    work, briefings = _at_site(site.pk, briefing=False), _at_site(site.pk, briefing=True)
    if without_signup is not None:
        work, briefings = work.exclude(pk=without_signup), briefings.exclude(pk=without_signup)
    return {
        "rule_first_work": _first_start(work),
        "rule_first_briefing": _first_start(briefings),
        "rule_waived": Exists(BriefingWaiver.objects.filter(volunteer_id=OuterRef("pk"), site_id=site.pk)),
    }


def needs_briefing(volunteer, shift: Shift) -> bool:
    """Whether `shift` would be `volunteer`'s first at a site that asks for a briefing, with none booked on or
    before that day and no waiver. `volunteer` annotated with briefing_facts."""
    if not shift.mission.site.requires_briefing or shift.mission.is_briefing or volunteer.rule_waived:
        return False
    if volunteer.rule_first_work is not None and volunteer.rule_first_work < shift.starts_at:
        return False
    return volunteer.rule_first_briefing is None or volunteer.rule_first_briefing >= local_day_end(shift)


def _nearby_window(shift, site) -> tuple[datetime, datetime]:
    day_start, day_end = local_day_bounds(shift.local_starts_at.date(), site.tz)
    rest = timedelta(hours=site.rest_after_night_hours)
    return min(day_start, shift.starts_at - rest), max(day_end, shift.ends_at + rest)


def nearby_fact(lo: datetime, hi: datetime):
    """An annotation (on volunteers): their confirmed shifts running between `lo` and `hi`, as an array of rows."""
    rows = _work().filter(shift__starts_at__lt=hi, shift__ends_at__gt=lo).order_by("shift__starts_at")
    return ArraySubquery(
        rows.values(
            row=JSONObject(
                id="shift_id", starts="shift__starts_at", ends="shift__ends_at", tz="shift__mission__site__timezone"
            )
        )
    )


def _aware(text: str) -> datetime:
    # PostgreSQL's JSON writes the offset; SQLite's (make run) writes the stored UTC time without one.
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def nearby(volunteer) -> list[Nearby]:
    cached = getattr(volunteer, "_rule_nearby", None)
    if cached is None:
        cached = [
            Nearby(
                shift_id=row["id"],
                starts_at=_aware(row["starts"]),
                ends_at=_aware(row["ends"]),
                tz=zoneinfo.ZoneInfo(row["tz"]),
            )
            for row in volunteer.rule_nearby or []
        ]
        volunteer._rule_nearby = cached
    return cached


def hours_that_day(volunteer, shift: Shift) -> timedelta:
    """The length of `shift` plus the person's other confirmed shifts starting on its local day (any site)."""
    start, end = local_day_bounds(shift.local_starts_at.date(), shift.mission.site.tz)
    others = [n for n in nearby(volunteer) if n.shift_id != shift.pk and start <= n.starts_at < end]
    return (shift.ends_at - shift.starts_at) + sum((n.ends_at - n.starts_at for n in others), timedelta(0))


def rest_clash(volunteer, shift: Shift) -> Nearby | None:
    """A confirmed shift of the person too close to `shift` for the site's rest after a night: a night shift that
    ended less than the rest before `shift` starts, or (`shift` being a night shift) one starting less than the
    rest after it ends."""
    rest = timedelta(hours=shift.mission.site.rest_after_night_hours)
    night = ends_at_night(shift.ends_at, shift.mission.site.tz)
    for other in nearby(volunteer):
        if other.shift_id == shift.pk:
            continue
        if ends_at_night(other.ends_at, other.tz) and shift.starts_at - rest < other.ends_at <= shift.starts_at:
            return other
        if night and shift.ends_at <= other.starts_at < shift.ends_at + rest:
            return other
    return None


def read_people(queryset: QuerySet, shift: Shift) -> QuerySet:
    """`queryset` of volunteers annotated with what the rules need to judge them for `shift` (`rule_*`), in the
    same query. Only what this shift's rules will read is annotated."""
    mission, site = shift.mission, shift.mission.site
    day = shift.local_starts_at.date()
    current_charter = Charter.objects.filter(published_at__isnull=False).order_by("-version").values("pk")[:1]
    valid = QualificationGrant.objects.valid_on(day).filter(volunteer_id=OuterRef(OuterRef("pk")))
    missing = (
        Qualification.objects.filter(pk__in=mission.required_qualifications.values("pk"))
        .exclude(pk__in=valid.values("qualification_id"))
        .order_by("position", "name")
        .values("pk")
    )
    overlapping = (
        _work()
        .filter(shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at)
        .exclude(shift_id=shift.pk)
        .order_by("shift__starts_at")
        .values("shift_id")[:1]
    )
    facts = {
        "rule_on_shift": Exists(Signup.objects.active().filter(volunteer_id=OuterRef("pk"), shift_id=shift.pk)),
        "rule_charter_pending": Exists(current_charter)
        & ~Exists(CharterAcceptance.objects.filter(volunteer_id=OuterRef("pk"), charter_id=Subquery(current_charter))),
        "rule_missing_qualifications": ArraySubquery(missing),
        "rule_overlap": Subquery(overlapping),
    }
    if mission.min_experience:
        done = (
            Signup.objects.filter(
                volunteer_id=OuterRef("pk"),
                attendance=Signup.Attendance.PRESENT,
                shift__mission__site_id=site.pk,
                shift__mission__is_briefing=False,
            )
            .order_by()
            .values("volunteer_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        facts["rule_attended_here"] = Coalesce(Subquery(done), 0)
    if site.max_hours_per_day or site.rest_after_night_hours:
        facts["rule_nearby"] = nearby_fact(*_nearby_window(shift, site))
    if site.requires_briefing and not mission.is_briefing:
        facts.update(briefing_facts(site))
    return queryset.annotate(**facts)


def _shift_text(shift_id: int) -> str:
    return Shift.objects.select_related("mission__site").get(pk=shift_id).describe()


# --- the rules, in the order their refusals win ---------------------------------------------------------------


def duplicate(a: Attempt):
    if a.volunteer.rule_on_shift:
        return SignupRefused(
            a.say(
                _("You are already signed up for this shift."), _("This person is already signed up for this shift.")
            ),
            code="duplicate",
        )


def charter(a: Attempt):
    """A volunteer's own sign-up waits until they accepted the latest charter; a coordinator's booking does not."""
    if a.by is None and a.volunteer.rule_charter_pending:
        return SignupRefused(
            _("We have published a new version of our charter. Please read it and accept it before you sign up."),
            code="charter",
        )


def cancelled(a: Attempt):
    if a.shift.is_cancelled:
        return SignupRefused(_("This shift has been cancelled."), code="cancelled")


def over(a: Attempt):
    if a.shift.ends_at <= timezone.now():
        return SignupRefused(_("This shift is over."), code="over")


def started(a: Attempt):
    """Volunteers book until the start; a coordinator may still add someone (a walk-in) until it ends."""
    if a.shift.has_started and a.by is None:
        return SignupRefused(_("This shift has already started; sign-ups are closed."), code="started")


def inactive(a: Attempt):
    if not a.volunteer.is_active or a.volunteer.is_anonymised:
        return SignupRefused(_("This account is not active."), code="inactive")


def no_birth_date(a: Attempt):
    if a.volunteer.birth_date is None:
        return SignupRefused(
            a.say(
                _("We need your date of birth before you can sign up: volunteers must be 18 or older."),
                _("We need this person's date of birth first: volunteers must be 18 or older."),
            ),
            code="no_birth_date",
        )


def under_18(a: Attempt):
    if not a.volunteer.is_adult_on(a.day):
        return SignupRefused(
            _("Volunteers must be 18 or older on the day of the shift (%(day)s).")
            % {"day": date_format(a.day, "DATE_FORMAT")},
            code="under_18",
        )


def qualification(a: Attempt):
    """A check that expires before the shift does not count: valid on the shift's local day, not today."""
    missing = a.volunteer.rule_missing_qualifications
    if missing:
        names = ", ".join(q.display_name for q in Qualification.objects.filter(pk__in=missing).order_by("position"))
        return SignupRefused(
            a.say(
                _("This mission needs %(qualifications)s, valid on the day of the shift (%(day)s)."),
                _("This person lacks %(qualifications)s, valid on the day of the shift (%(day)s)."),
            )
            % {"qualifications": names, "day": date_format(a.day, "DATE_FORMAT")},
            code="qualification",
        )


def languages(a: Attempt):
    wanted = a.mission.required_languages
    if wanted and not set(wanted) & set(a.volunteer.languages or []):
        return SignupRefused(
            _("This mission needs someone who speaks one of: %(languages)s.")
            % {"languages": ", ".join(language_names(wanted))},
            code="languages",
        )


def experience(a: Attempt):
    mission = a.mission
    if not mission.min_experience:
        return None
    missing = mission.min_experience - a.volunteer.rule_attended_here
    if missing > 0:
        return SignupRefused(
            ngettext(
                "This mission is for volunteers who have done at least %(count)d shifts at %(site)s: "
                "%(missing)d more to go.",
                "This mission is for volunteers who have done at least %(count)d shifts at %(site)s: "
                "%(missing)d more to go.",
                missing,
            )
            % {"count": mission.min_experience, "site": mission.site.name, "missing": missing},
            code="experience",
        )


def overlap(a: Attempt):
    """Adjacent shifts (one ends when the other starts) do not overlap."""
    if a.volunteer.rule_overlap:
        return SignupRefused(
            a.say(
                _("You are already booked at the same time: %(shift)s."),
                _("This person is already booked at the same time: %(shift)s."),
            )
            % {"shift": _shift_text(a.volunteer.rule_overlap)},
            code="overlap",
        )


def too_many_hours(a: Attempt):
    """The site's most hours a day (shifts starting that local day, at any site). A coordinator may book past
    it: the roster then warns on the person's row (shifts.selectors.rest_warnings)."""
    limit = a.site.max_hours_per_day
    if not limit or a.by is not None:
        return None
    total = hours_that_day(a.volunteer, a.shift)
    if total > timedelta(hours=limit):
        return SignupRefused(
            _("This would make %(hours)s hours of shifts on %(day)s; %(site)s asks for at most %(limit)d a day.")
            % {
                "hours": _hours(total),
                "day": date_format(a.day, "DATE_FORMAT"),
                "site": a.site.name,
                "limit": limit,
            },
            code="too_many_hours",
        )


def rest(a: Attempt):
    """After a night shift, the site's hours of rest before the next one. A coordinator may book past it."""
    hours = a.site.rest_after_night_hours
    if not hours or a.by is not None:
        return None
    clash = rest_clash(a.volunteer, a.shift)
    if clash is not None:
        return SignupRefused(
            _("%(site)s asks for %(hours)d hours of rest after a night shift, and this is too close to %(shift)s.")
            % {"site": a.site.name, "hours": hours, "shift": _shift_text(clash.shift_id)},
            code="rest",
        )


def needs_emergency_contact(shift: Shift) -> bool:
    """A night shift (ending 22:00-06:00 local) or a mission out in the streets that checks everyone is back."""
    return shift.mission.needs_safe_return or ends_at_night(shift.ends_at, shift.mission.site.tz)


def emergency_contact(a: Attempt):
    """Someone to call if something happens, asked when it matters rather than at registration: the shift page
    offers the two fields and books in the same step. A coordinator booking someone is not refused: they ask for it
    on the day, and may be booking a walk-in who has no account of their own."""
    person = a.volunteer
    if a.by is not None or (person.emergency_contact_name and person.emergency_contact_phone):
        return None
    if needs_emergency_contact(a.shift):
        return SignupRefused(
            _(
                "This shift runs at night or out in the streets: give us the name and phone number of someone we "
                "can call if something happens to you."
            ),
            code="emergency_contact",
        )


def briefing(a: Attempt):
    if not needs_briefing(a.volunteer, a.shift):
        return None
    site = a.site.name
    message = a.say(
        _(
            "Your first shift at %(site)s starts with a short briefing, on or before that day. "
            "Book a briefing first, or book both at once from the shift's page."
        ),
        _(
            "This is this person's first shift at %(site)s and they have no briefing on or before that day: "
            "book them on a briefing first, or waive it for them from the roster's briefing page."
        ),
    )
    return SignupRefused(message % {"site": site}, code="briefing")


Rule = Callable[[Attempt], SignupRefused | None]

RULES: list[Rule] = [
    duplicate,
    charter,
    cancelled,
    over,
    started,
    inactive,
    no_birth_date,
    under_18,
    qualification,
    languages,
    experience,
    overlap,
    too_many_hours,
    rest,
    emergency_contact,
    briefing,
]

# Someone already on the shift's waiting list, given a seat (promotion, a coordinator's confirm): their sign-up
# is the one on the shift, and the charter was asked when they joined the list.
SEATING_WAITING = ("duplicate", "charter")


def briefing_needed(*, signup: Signup, shift: Shift, by=None) -> SignupRefused | None:
    """The list's mirror when cancelling: a person's own cancellation of the briefing their booked first shift at
    the site depends on is refused (code briefing_needed): they cancel that shift first, or book another briefing
    by then. Refused rather than cancelling both: a tap on a briefing should never silently take away a shift
    the person still means to do. A coordinator may cancel it (they can waive the briefing); the roster then
    flags that first shift (roster_flags)."""
    site = shift.mission.site
    if by is not None or not shift.mission.is_briefing or not site.requires_briefing:
        return None
    if signup.status != Signup.Status.CONFIRMED:
        return None
    first = (
        Signup.objects.filter(
            volunteer_id=signup.volunteer_id,
            status=Signup.Status.CONFIRMED,
            shift__is_cancelled=False,
            shift__mission__site_id=site.pk,
            shift__mission__is_briefing=False,
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
        .select_related("shift__mission__site")
        .order_by("shift__starts_at")
        .first()
    )
    if first is None or first.shift.has_started:
        return None
    person = Volunteer.objects.annotate(**briefing_facts(site, without_signup=signup.pk)).get(pk=signup.volunteer_id)
    if not needs_briefing(person, first.shift):
        return None
    return SignupRefused(
        _(
            "Your first shift at %(site)s (%(shift)s) needs this briefing. Cancel that shift first, or book "
            "another briefing on or before that day."
        )
        % {"site": site.name, "shift": first.shift.describe()},
        code="briefing_needed",
    )


def roster_flags(site, shifts: list[Shift]) -> dict[int, list[str]]:
    """What the roster warns about on a confirmed person's row, by sign-up id: the rules a coordinator may book
    past (hours, rest) and a first shift with no briefing, decided by the same functions as the refusals. One
    query for the day's people, none when the site asks for none of these."""
    if not (site.max_hours_per_day or site.rest_after_night_hours or site.requires_briefing):
        return {}
    shifts = [shift for shift in shifts if not shift.is_cancelled]
    signups = [
        signup for shift in shifts for signup in shift.roster_signups if signup.status == Signup.Status.CONFIRMED
    ]
    if not signups:
        return {}
    rest_span = timedelta(hours=site.rest_after_night_hours)
    day_start, _end = local_day_bounds(shifts[0].local_starts_at.date(), site.tz)
    lo = min(day_start, *(shift.starts_at - rest_span for shift in shifts))
    hi = max(day_start + timedelta(days=1), *(shift.ends_at + rest_span for shift in shifts))
    people = Volunteer.objects.filter(pk__in={signup.volunteer_id for signup in signups}).only("pk")
    people = people.annotate(rule_nearby=nearby_fact(lo, hi), **briefing_facts(site)).in_bulk()
    by_id = {shift.pk: shift for shift in shifts}
    flags: dict[int, list[str]] = {}
    for signup in signups:
        person, shift = people[signup.volunteer_id], by_id[signup.shift_id]
        found = []
        limit = site.max_hours_per_day
        if limit and hours_that_day(person, shift) > timedelta(hours=limit):
            found.append(_("over %(limit)d hours that day") % {"limit": limit})
        if site.rest_after_night_hours and rest_clash(person, shift) is not None:
            found.append(_("under %(hours)d hours of rest after a night") % {"hours": site.rest_after_night_hours})
        if needs_briefing(person, shift):
            found.append(_("first shift here, no briefing"))
        if found:
            flags[signup.pk] = found
    return flags


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:g}" if hours == int(hours) else f"{hours:.1f}"


# The rules about the person alone, on a day: what a stay asks too (stays.services, in a stay's words).
PERSON_RULES: list[Rule] = [inactive, no_birth_date, under_18]


def person_refusal(*, volunteer, day: date, by=None) -> SignupRefused | None:
    attempt = Attempt(volunteer=volunteer, shift=None, by=by, on=day)
    return next((found for found in (rule(attempt) for rule in PERSON_RULES) if found is not None), None)


def refusal(*, volunteer, shift: Shift, by=None, skip: Iterable[str] = ()) -> SignupRefused | None:
    """The first refusal of the list for `volunteer` (read by read_people for this shift) on `shift`, or None."""
    attempt = Attempt(volunteer=volunteer, shift=shift, by=by)
    skip = set(skip)
    for rule in RULES:
        if rule.__name__ in skip:
            continue
        refused = rule(attempt)
        if refused is not None:
            return refused
    return None


def read_person(volunteer, shift: Shift, *, lock: bool = False) -> Volunteer:
    """`volunteer` read afresh with the facts for `shift` (one query); `lock` takes the person's row lock first."""
    if lock:
        lock_people([volunteer.pk])
    return read_people(Volunteer.objects.filter(pk=volunteer.pk), shift).get()


def lock_people(pks) -> None:
    """The people's row locks, in primary-key order, in a statement of their own: the facts must be read by a
    later statement. A SELECT ... FOR UPDATE that waited for a lock sees the locked row afresh but evaluates its
    subqueries on the snapshot it started with, so facts read in it would miss what the transaction it waited
    for just wrote (the other overlapping shift of two sign-ups racing). no_key: rows that merely point at the
    person need not wait."""
    list(Volunteer.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk").values_list("pk"))


def check(*, volunteer, shift: Shift, by=None, skip: Iterable[str] = (), read: bool = True) -> None:
    """Raise the first refusal of the list. `read=False` when `volunteer` came from read_people for `shift`."""
    if read:
        volunteer = read_person(volunteer, shift)
    refused = refusal(volunteer=volunteer, shift=shift, by=by, skip=skip)
    if refused is not None:
        raise refused


def eligible(people: QuerySet, shift: Shift, *, by=None, skip: Iterable[str] = ()) -> list[Volunteer]:
    """Those of `people` the list lets on `shift`, judged from one query."""
    return [
        person
        for person in read_people(people, shift)
        if refusal(volunteer=person, shift=shift, by=by, skip=skip) is None
    ]


def warnings(*, volunteer, shift: Shift) -> list[SignupRefused]:
    """What the rules a coordinator may book past (hours, rest) would say of `volunteer` on `shift`, as if the
    person booked themselves. `volunteer` from read_people."""
    attempt = Attempt(volunteer=volunteer, shift=shift, by=None)
    return [found for found in (too_many_hours(attempt), rest(attempt)) if found is not None]
