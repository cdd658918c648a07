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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncTime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def is_night(shift: Shift) -> bool:
    end = shift.local_ends_at.time()
    return end >= NIGHT_FROM or end <= NIGHT_UNTIL


def _work():
    """The person's confirmed sign-ups on shifts that run (a no-show still held the time)."""
    return Signup.objects.filter(volunteer_id=OuterRef("pk"), status=Signup.Status.CONFIRMED, shift__is_cancelled=False)


def _earlier_work(shift: Shift):
    """A confirmed shift of work at the site starting before `shift` (not a no-show), per person."""
    return (
        _work()
        .filter(
            shift__mission__site_id=shift.mission.site_id,
            shift__mission__is_briefing=False,
            shift__starts_at__lt=shift.starts_at,
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
    )


def _briefing_by_then(shift: Shift):
    return (
        _work()
        .filter(
            shift__mission__site_id=shift.mission.site_id,
            shift__mission__is_briefing=True,
            shift__starts_at__lt=local_day_end(shift),
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
    )


def briefing_needed_q(shift: Shift) -> Q:
    """People for whom `shift` would be a first shift at a site that asks for a briefing, with none booked on or
    before that day and no waiver (a filter on volunteers; empty when the site or mission asks for none)."""
    site = shift.mission.site
    if not site.requires_briefing or shift.mission.is_briefing:
        return Q(pk__in=[])
    waived = BriefingWaiver.objects.filter(volunteer_id=OuterRef("pk"), site_id=site.pk)
    return Q(~Exists(_earlier_work(shift)), ~Exists(_briefing_by_then(shift)), ~Exists(waived))


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
    if site.max_hours_per_day:
        start, end = local_day_bounds(day, site.tz)
        length = ExpressionWrapper(F("shift__ends_at") - F("shift__starts_at"), output_field=DurationField())
        booked = (
            _work()
            .filter(shift__starts_at__gte=start, shift__starts_at__lt=end)
            .exclude(shift_id=shift.pk)
            .order_by()
            .values("volunteer_id")
            .annotate(total=Sum(length))
            .values("total")
        )
        facts["rule_hours_that_day"] = Subquery(booked, output_field=DurationField())
    if site.rest_after_night_hours:
        facts["rule_rest_clash"] = Subquery(_rest_clashes(shift).values("shift_id")[:1])
    if site.requires_briefing and not mission.is_briefing:
        facts["rule_needs_briefing"] = briefing_needed_q(shift)
    return queryset.annotate(**facts)


def _rest_clashes(shift: Shift):
    """The person's confirmed shifts too close to `shift` for the site's rest after a night: a night shift that
    ended less than the rest before `shift` starts, or (when `shift` is a night shift) one starting less than the
    rest after it ends. "Night" is read in the booked site's time zone (all the organisation's sites share one)."""
    rest = timedelta(hours=shift.mission.site.rest_after_night_hours)
    tz = shift.mission.site.tz
    ended_at_night = Q(local_end__gte=NIGHT_FROM) | Q(local_end__lte=NIGHT_UNTIL)
    clashes = Q(ended_at_night, shift__ends_at__gt=shift.starts_at - rest, shift__ends_at__lte=shift.starts_at)
    if is_night(shift):
        clashes |= Q(shift__starts_at__gte=shift.ends_at, shift__starts_at__lt=shift.ends_at + rest)
    return (
        _work()
        .exclude(shift_id=shift.pk)
        .annotate(local_end=TruncTime("shift__ends_at", tzinfo=tz))
        .filter(clashes)
        .order_by("shift__starts_at")
    )


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
    booked = a.volunteer.rule_hours_that_day or timedelta(0)
    total = booked + (a.shift.ends_at - a.shift.starts_at)
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
    if not hours or a.by is not None or not a.volunteer.rule_rest_clash:
        return None
    return SignupRefused(
        _("%(site)s asks for %(hours)d hours of rest after a night shift, and this is too close to %(shift)s.")
        % {"site": a.site.name, "hours": hours, "shift": _shift_text(a.volunteer.rule_rest_clash)},
        code="rest",
    )


def briefing(a: Attempt):
    if not getattr(a.volunteer, "rule_needs_briefing", False):
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
    briefing,
]

# Someone already on the shift's waiting list, given a seat (promotion, a coordinator's confirm): their sign-up
# is the one on the shift, and the charter was asked when they joined the list.
SEATING_WAITING = ("duplicate", "charter")


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
    """`volunteer` read afresh with the facts for `shift` (one query); `lock` takes the person's row lock."""
    queryset = Volunteer.objects.filter(pk=volunteer.pk)
    if lock:
        # no_key: rows that merely point at the person need not wait; of self: the facts' subqueries lock nothing.
        queryset = queryset.select_for_update(no_key=True, of=("self",))
    return read_people(queryset, shift).get()


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
