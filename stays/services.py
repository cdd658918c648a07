"""The rules of a stay, in one place. The volunteer's pages, the roster, admin and erasure all call these.

Locks, always in this order so that no two paths wait on each other in a circle: a shift (shifts.services
locks it first), then the person, then the site's accommodations in primary-key order. The person's lock
makes the overlap check safe (two stays of one person planned at once are checked one after the other);
the accommodation's lock makes the bed count safe (two stays wanting the last bed count the same nights
one after the other), and the unique (accommodation, night, bed) constraint is the database's backstop.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shifts import rules as sign_up_rules
from shifts import services as shift_services
from shifts.models import Shift, Signup
from shifts.onboarding import rules as onboarding_rules
from shifts.onboarding import selectors as onboarding_selectors
from sites.models import Accommodation, Site

from . import messages
from .models import Stay, StayNight, nights_of

Volunteer = get_user_model()

MAX_NIGHTS = 30


class StayRefused(ValidationError):
    """A rule said no. `code` says which (under_18, dates, overlap, no_accommodation, no_shift, full, ...);
    for no_shift and full, `nights` lists the nights concerned."""

    def __init__(self, message, code=None, params=None, nights=()):
        super().__init__(message, code=code, params=params)
        self.nights = list(nights)


def site_today(site: Site) -> date:
    return timezone.localtime(timezone.now(), site.tz).date()


def describe_nights(nights) -> str:
    return ", ".join(date_format(night, "D j M") for night in sorted(nights))


def _lock_person(volunteer) -> Volunteer:
    # no_key, as shifts.services.sign_up: rows that merely point at the person need not wait.
    return Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)


def _lock_accommodations(site: Site) -> list[Accommodation]:
    return list(Accommodation.objects.select_for_update(no_key=True).filter(site=site, is_active=True).order_by("pk"))


# --- the rules ------------------------------------------------------------------------------------------


def _check_person(volunteer, arrives_on: date, by) -> None:
    """The sign-up list's rules about the person (shifts.rules.PERSON_RULES) on the day they arrive, in a stay's
    words and codes."""
    refused = sign_up_rules.person_refusal(volunteer=volunteer, day=arrives_on, by=by)
    if refused is None:
        return
    if refused.code == "inactive":
        raise StayRefused(_("This account is not active."), code="inactive")
    if refused.code == "no_birth_date":
        raise StayRefused(
            _("We need your date of birth before you can plan a stay: volunteers must be 18 or older.")
            if by is None
            else _("We need this person's date of birth first: volunteers must be 18 or older."),
            code="under_18",
        )
    raise StayRefused(
        _("Volunteers must be 18 or older on the day they arrive (%(day)s).")
        % {"day": date_format(arrives_on, "DATE_FORMAT")},
        code="under_18",
    )


def _check_dates(*, arrives_on: date, leaves_on: date, today: date, arrival_may_be_past: bool = False) -> None:
    if arrives_on is None or leaves_on is None:
        raise StayRefused(_("Please give the day you arrive and the day you leave."), code="dates")
    if leaves_on <= arrives_on:
        raise StayRefused(_("The day you leave must come after the day you arrive."), code="dates")
    if (leaves_on - arrives_on).days > MAX_NIGHTS:
        raise StayRefused(
            _("A stay is at most %(nights)d nights. For a longer one, please talk to the coordinators.")
            % {"nights": MAX_NIGHTS},
            code="dates",
        )
    if arrives_on < today and not arrival_may_be_past:
        raise StayRefused(_("The day you arrive cannot be in the past."), code="dates")
    if leaves_on < today:
        raise StayRefused(_("The day you leave cannot be in the past."), code="dates")


def _check_overlap(*, volunteer, arrives_on: date, leaves_on: date, exclude_pk=None, by=None) -> None:
    # Leaving one site on the day one arrives at another is not an overlap.
    other = (
        Stay.objects.confirmed()
        .filter(volunteer=volunteer, arrives_on__lt=leaves_on, leaves_on__gt=arrives_on)
        .exclude(pk=exclude_pk)
        .select_related("site")
        .first()
    )
    if other is not None:
        raise StayRefused(
            (
                _("You already have a stay at %(site)s from %(arrives)s to %(leaves)s.")
                if by is None
                else _("This person already has a stay at %(site)s from %(arrives)s to %(leaves)s.")
            )
            % {
                "site": other.site.name,
                "arrives": date_format(other.arrives_on, "DATE_FORMAT"),
                "leaves": date_format(other.leaves_on, "DATE_FORMAT"),
            },
            code="overlap",
        )


def shift_days(*, volunteer, site: Site, first: date, last: date) -> set[date]:
    """The local days from `first` to `last` on which `volunteer` has a confirmed shift at `site`."""
    begin = datetime.combine(first, datetime.min.time(), tzinfo=site.tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=site.tz)
    starts = Signup.objects.confirmed().filter(
        volunteer=volunteer,
        shift__mission__site=site,
        shift__is_cancelled=False,
        shift__starts_at__gte=begin,
        shift__starts_at__lt=end,
    )
    return {timezone.localtime(moment, site.tz).date() for moment in starts.values_list("shift__starts_at", flat=True)}


def unbacked_nights(*, volunteer, site: Site, nights: list[date]) -> list[date]:
    """Nights with no confirmed shift of the person at the site on that day or the next: a bed is for
    volunteering, and someone arriving the evening before a morning shift needs the night before it."""
    if not nights:
        return []
    days = shift_days(volunteer=volunteer, site=site, first=min(nights), last=max(nights) + timedelta(days=1))
    return [night for night in nights if night not in days and night + timedelta(days=1) not in days]


def _check_shifts(*, volunteer, site: Site, nights: list[date], by) -> None:
    missing = unbacked_nights(volunteer=volunteer, site=site, nights=nights)
    if missing:
        raise StayRefused(
            (
                _(
                    "A bed goes with volunteering: book a shift on the day of each night or the day after. "
                    "No shift yet for the nights of %(nights)s."
                )
                if by is None
                else _("This person has no shift on the day of, or after, the nights of %(nights)s.")
            )
            % {"nights": describe_nights(missing)},
            code="no_shift",
            nights=missing,
        )


@dataclass(frozen=True)
class Bed:
    accommodation_id: int
    bed: int


def _allocate(*, accommodations: list[Accommodation], nights: list[date], keep: dict[date, Bed]) -> dict[date, Bed]:
    """A free bed for each of `nights`, or StayRefused("full") naming the nights with none left.

    The caller holds the accommodations' locks. One accommodation and one bed for the whole stay when there
    is one (the bed already held on neighbouring nights first), otherwise the lowest free bed night by night.
    """
    if not nights:
        return {}
    taken: dict[tuple[int, date], set[int]] = defaultdict(set)
    rows = StayNight.objects.filter(accommodation__in=accommodations, night__in=nights).values_list(
        "accommodation_id", "night", "bed"
    )
    for accommodation_id, night, bed in rows:
        taken[(accommodation_id, night)].add(bed)

    def free(accommodation: Accommodation, night: date) -> list[int]:
        used = taken[(accommodation.pk, night)]
        return [bed for bed in range(1, accommodation.beds + 1) if bed not in used]

    full = [night for night in nights if not any(free(a, night) for a in accommodations)]
    if full:
        raise StayRefused(
            _("No bed is left for the nights of %(nights)s. You can plan the stay without a bed, or choose other days.")
            % {"nights": describe_nights(full)},
            code="full",
            nights=full,
        )
    preferred = list(dict.fromkeys(keep.values()))
    by_pk = {a.pk: a for a in accommodations}
    candidates = [*preferred, *(Bed(a.pk, bed) for a in accommodations for bed in range(1, a.beds + 1))]
    for candidate in candidates:
        accommodation = by_pk.get(candidate.accommodation_id)
        if accommodation is not None and all(candidate.bed in free(accommodation, night) for night in nights):
            return dict.fromkeys(nights, candidate)
    chosen = {}
    for night in nights:
        accommodation = next(a for a in accommodations if free(a, night))
        chosen[night] = Bed(accommodation.pk, free(accommodation, night)[0])
    return chosen


def _hold(stay: Stay, beds: dict[date, Bed]) -> None:
    nights = [StayNight(stay=stay, accommodation_id=b.accommodation_id, night=n, bed=b.bed) for n, b in beds.items()]
    for night in nights:
        night.full_clean(exclude=["stay", "accommodation"], validate_unique=False, validate_constraints=False)
    StayNight.objects.bulk_create(nights)


def check_stay_dates(*, site: Site, arrives_on: date, leaves_on: date) -> None:
    """The dates of a new stay (in order, at most 30 nights, not in the past), before anything else is read."""
    _check_dates(arrives_on=arrives_on, leaves_on=leaves_on, today=site_today(site))


# --- the services ---------------------------------------------------------------------------------------

STAY_DETAIL_FIELDS = ("arrival_time", "travel", "note")


def plan_stay(*, volunteer, site: Site, arrives_on: date, leaves_on: date, needs_bed: bool, by=None, **details) -> Stay:
    """Plan `volunteer`'s stay at `site` from `arrives_on` to `leaves_on`, with a bed for each night if
    `needs_bed`. `details` may give arrival_time, travel and note."""
    stay, _outcomes = plan_stay_with_shifts(
        volunteer=volunteer,
        site=site,
        arrives_on=arrives_on,
        leaves_on=leaves_on,
        needs_bed=needs_bed,
        shifts=(),
        by=by,
        **details,
    )
    return stay


@transaction.atomic
def plan_stay_with_shifts(
    *, volunteer, site: Site, arrives_on: date, leaves_on: date, needs_bed: bool, shifts, by=None, **details
) -> tuple[Stay, list]:
    """plan_stay, and `shifts` booked with it (the same shift every day): (the stay, the outcomes of book_stay_days:
    a first-timer's briefing within the stay, one message for the stay rather than one per shift).

    Everything about the stay is checked before any shift is booked, the cheapest first (the dates and the
    30 nights before anything is read, so a stay until 9999 is refused at once), and a stay refused as a whole
    books nothing: the shifts are booked in this transaction, which the refusal rolls back. Each shift may still
    be refused on its own (an outcome, not a refusal of the stay).
    """
    unknown = set(details) - set(STAY_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"plan_stay does not take {sorted(unknown)}")
    check_stay_dates(site=site, arrives_on=arrives_on, leaves_on=leaves_on)
    shifts = _sorted_shifts(shifts)
    briefing = stay_briefing(volunteer=volunteer, site=site, arrives_on=arrives_on, shifts=shifts)
    # The module's lock order: the shifts first (in primary-key order, the briefing's with them), then the person,
    # then the beds. Taking every shift before the person lets the bookings below run inside this one transaction
    # without ever waiting for a shift while holding the person (what a cancellation, holding a shift, would then
    # wait for).
    shift_services.lock_shifts(*(shift.pk for shift in shifts), *([briefing[0].pk] if briefing[0] else []))
    volunteer = _lock_person(volunteer)
    _check_person(volunteer, arrives_on, by)
    _check_overlap(volunteer=volunteer, arrives_on=arrives_on, leaves_on=leaves_on, by=by)
    stay = Stay(
        volunteer=volunteer,
        site=site,
        arrives_on=arrives_on,
        leaves_on=leaves_on,
        needs_bed=bool(needs_bed),
        booked_by=by,
        **details,
    )
    stay.full_clean()
    beds, nights = {}, []
    if needs_bed:
        accommodations = _lock_accommodations(site)
        if not accommodations:
            raise StayRefused(
                _("%(site)s has no accommodation for volunteers: please plan your stay without a bed.")
                % {"site": site.name},
                code="no_accommodation",
            )
        nights = nights_of(arrives_on, leaves_on)
        beds = _allocate(accommodations=accommodations, nights=nights, keep={})
    outcomes = _book(volunteer=volunteer, site=site, arrives_on=arrives_on, shifts=shifts, briefing=briefing, by=by)
    if needs_bed:
        _check_shifts(volunteer=volunteer, site=site, nights=nights, by=by)
    stay.save()
    _hold(stay, beds)
    messages.STAY_BOOKED.notify(stay=stay, by=by, key="planned")
    return stay, outcomes


# --- a stay's days: the briefing within the stay, one message for them all -----------------------------


def stay_briefing(*, volunteer, site: Site, arrives_on: date, shifts: list[Shift]) -> tuple[Shift | None, Shift | None]:
    """(the briefing to book with the stay's shifts, the shift it is for), or (None, the first shift) when the
    person needs one and the stay has none with a free seat, or (None, None) when no briefing is needed.

    Within the stay: on or after the day the person arrives, never before (a briefing two days before the
    arrival is one the person cannot attend). For the first shift if it can be; otherwise for the first later
    one that can have one (the days before it are refused, and say why: stays.services._book)."""
    if not shifts or not onboarding_rules.needs_briefing(volunteer=volunteer, shift=shifts[0]):
        return None, None
    arrival = datetime.combine(arrives_on, datetime.min.time(), tzinfo=site.tz)
    for shift in shifts:
        briefing = onboarding_selectors.briefing_for(volunteer=volunteer, shift=shift, not_before=arrival)
        if briefing is not None:
            return briefing, shift
    return None, shifts[0]


def _sorted_shifts(shifts) -> list[Shift]:
    return sorted({shift.pk: shift for shift in shifts}.values(), key=lambda s: (s.starts_at, s.pk))


def _book(*, volunteer, site: Site, arrives_on: date, shifts: list[Shift], briefing, by) -> list:
    """Book the stay's briefing (picked and locked by the caller: stay_briefing), then its shifts, without a
    message each. Called inside the caller's transaction, the shifts already locked."""
    if not shifts:
        return []
    briefing_shift, needed_for = briefing
    outcomes, why_not = [], None
    if briefing_shift is not None:
        try:
            with transaction.atomic():
                signup = shift_services.sign_up(volunteer=volunteer, shift=briefing_shift, by=by, notify=False)
                if signup.status != Signup.Status.CONFIRMED:
                    # A place on a briefing's waiting list is no briefing: undo it (the savepoint).
                    raise sign_up_rules.SignupRefused(_("The briefing is full."), code="briefing_full")
            outcomes.append((briefing_shift, signup))
        except sign_up_rules.SignupRefused as refusal:
            why_not = _("The briefing of %(day)s could not be booked: %(why)s") % {
                "day": date_format(briefing_shift.local_starts_at, "D j M H:i"),
                "why": " ".join(refusal.messages),
            }
    elif needed_for is not None:
        why_not = _(
            "A first shift at %(site)s comes after a short briefing, and none has a free seat between your arrival "
            "and this day. Please ask the coordinators, or book later days."
        ) % {"site": site.name}
    booked = shift_services.sign_up_many(volunteer=volunteer, shifts=shifts, by=by, book_briefing=False, notify=False)
    for shift, outcome in booked:
        if isinstance(outcome, sign_up_rules.SignupRefused) and outcome.code == "briefing":
            if why_not is None and briefing_shift is not None:
                why_not_here = _(
                    "Not booked: your briefing is on %(day)s (the first with a free seat during your stay), "
                    "and a first shift comes after it."
                ) % {"day": date_format(briefing_shift.local_starts_at, "D j M H:i")}
            else:
                why_not_here = why_not or " ".join(outcome.messages)
            outcome = sign_up_rules.SignupRefused(why_not_here, code="briefing")
        outcomes.append((shift, outcome))
    return sorted(outcomes, key=lambda pair: (pair[0].starts_at, pair[0].pk))


@transaction.atomic
def book_stay_days(*, stay: Stay, shifts, by=None) -> list:
    """Book `shifts` (days of `stay`) with the briefing a first-timer needs, within the stay; one message for the
    stay instead of one per shift. Returns (shift, sign-up or refusal) for each, the briefing's first if booked."""
    shifts = _sorted_shifts(shifts)
    if not shifts:
        return []
    briefing = stay_briefing(volunteer=stay.volunteer, site=stay.site, arrives_on=stay.arrives_on, shifts=shifts)
    # The module's lock order: every shift first (the briefing's with them), then the person (in sign_up).
    shift_services.lock_shifts(*(shift.pk for shift in shifts), *([briefing[0].pk] if briefing[0] else []))
    outcomes = _book(
        volunteer=stay.volunteer, site=stay.site, arrives_on=stay.arrives_on, shifts=shifts, briefing=briefing, by=by
    )
    booked = [outcome for _shift, outcome in outcomes if isinstance(outcome, Signup)]
    if booked:
        messages.STAY_BOOKED.notify(stay=stay, by=by, key=f"days:{min(signup.pk for signup in booked)}")
    return outcomes


def _lock_stay(stay: Stay) -> Stay:
    return Stay.objects.select_for_update(of=("self",)).select_related("site", "volunteer").get(pk=stay.pk)


@transaction.atomic
def change_stay(*, stay: Stay, arrives_on: date, leaves_on: date, by=None) -> Stay:
    """Move or shorten/lengthen a stay. Nights kept keep their bed; nights added need a free bed and a shift
    (nights already held are not checked again: a shift cancelled since is flagged to the coordinators)."""
    volunteer = _lock_person(stay.volunteer)
    stay = _lock_stay(stay)
    site = stay.site
    today = site_today(site)
    if stay.status != Stay.Status.CONFIRMED:
        raise StayRefused(_("This stay has been cancelled."), code="cancelled")
    if stay.leaves_on < today:
        raise StayRefused(_("This stay is over."), code="dates")
    started = stay.arrives_on <= today
    if started and arrives_on != stay.arrives_on:
        raise StayRefused(_("The stay has begun: its first day can no longer change."), code="dates")
    _check_person(volunteer, arrives_on, by)
    _check_dates(arrives_on=arrives_on, leaves_on=leaves_on, today=today, arrival_may_be_past=started)
    _check_overlap(volunteer=volunteer, arrives_on=arrives_on, leaves_on=leaves_on, exclude_pk=stay.pk, by=by)
    if stay.needs_bed:
        held = {n.night: n for n in stay.bed_nights.all()}
        wanted = nights_of(arrives_on, leaves_on)
        added = [night for night in wanted if night not in held]
        dropped = [n.pk for night, n in held.items() if night not in set(wanted) and night >= today]
        StayNight.objects.filter(pk__in=dropped).delete()
        if added:
            accommodations = _lock_accommodations(site)
            if not accommodations:
                raise StayRefused(
                    _("%(site)s has no accommodation for volunteers any more.") % {"site": site.name},
                    code="no_accommodation",
                )
            keep = {night: Bed(n.accommodation_id, n.bed) for night, n in held.items()}
            beds = _allocate(accommodations=accommodations, nights=added, keep=keep)
            _check_shifts(volunteer=volunteer, site=site, nights=added, by=by)
            _hold(stay, beds)
    stay.arrives_on, stay.leaves_on = arrives_on, leaves_on
    if started is False:
        # A new arrival day is a new arrival: remind again.
        stay.reminder_sent_at = None
        stay.reminder_claimed_at = None
        stay.reminder_attempts = 0
    stay.full_clean()
    stay.save()
    return stay


@transaction.atomic
def update_details(*, stay: Stay, by=None, **details) -> Stay:
    """Arrival time, how they come, the note: no rule beyond the fields' own."""
    unknown = set(details) - set(STAY_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"update_details does not take {sorted(unknown)}")
    stay = _lock_stay(stay)
    for name, value in details.items():
        setattr(stay, name, value)
    stay.full_clean()
    stay.save()
    return stay


@transaction.atomic
def cancel_stay(*, stay: Stay, by=None) -> Stay:
    """Cancel a stay and free every bed-night still to come at once (nights already slept stay on record)."""
    _lock_person(stay.volunteer)
    stay = _lock_stay(stay)
    if stay.status == Stay.Status.CANCELLED:
        raise StayRefused(_("This stay was already cancelled."), code="cancelled")
    today = site_today(stay.site)
    if stay.leaves_on < today:
        raise StayRefused(_("This stay is over."), code="dates")
    # Freeing needs no accommodation lock: fewer nights can never overbook.
    stay.bed_nights.filter(night__gte=today).delete()
    stay.status = Stay.Status.CANCELLED
    stay.cancelled_at = timezone.now()
    stay.cancelled_by = by or stay.volunteer
    stay.full_clean()
    stay.save()
    return stay


def cancel_future_stays(*, volunteer, by=None) -> int:
    """Cancel every stay of `volunteer` not over yet (erasure). Returns how many."""
    cancelled = 0
    for stay in Stay.objects.confirmed().filter(volunteer=volunteer).select_related("site").order_by("pk"):
        if stay.leaves_on < site_today(stay.site):
            continue
        try:
            cancel_stay(stay=stay, by=by)
        except StayRefused:
            continue
        cancelled += 1
    return cancelled


@transaction.atomic
def change_beds(*, accommodation: Accommodation, beds: int, by=None) -> Accommodation:
    """Change how many beds an accommodation has; never below a bed someone holds tonight or later."""
    accommodation = Accommodation.objects.select_for_update().select_related("site").get(pk=accommodation.pk)
    highest = (
        StayNight.objects.filter(accommodation=accommodation, night__gte=site_today(accommodation.site)).aggregate(
            highest=Max("bed")
        )["highest"]
        or 0
    )
    if beds < highest:
        raise StayRefused(
            _("Bed %(bed)d is booked for a night to come: the accommodation cannot have fewer beds than that.")
            % {"bed": highest},
            code="beds_taken",
        )
    accommodation.beds = beds
    accommodation.full_clean()
    accommodation.save(update_fields=["beds"])
    return accommodation
