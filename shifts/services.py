"""The rules of signing up, in one place. Views, the roster, admin and commands all call these."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from volunteers import validators
from volunteers.languages import language_names
from volunteers.models import Qualification, QualificationGrant

from .messaging import notifications
from .models import Shift, Signup
from .onboarding import rules as onboarding
from .selectors import describe_shift
from .teams import alerts as team_alerts
from .teams.risks import team_risks, would_remove_risk

Volunteer = get_user_model()


class SignupRefused(ValidationError):
    """A rule said no. The message says which one, in words the person understands."""


def _overlapping_signup(*, volunteer, shift) -> Signup | None:
    # Adjacent shifts (one ends when the other starts) do not overlap.
    return (
        Signup.objects.confirmed()
        .filter(
            volunteer=volunteer,
            shift__is_cancelled=False,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift__mission__site")
        .first()
    )


def attended_count(volunteer) -> int:
    return Signup.objects.filter(volunteer=volunteer, attendance=Signup.Attendance.PRESENT).count()


def missing_qualifications(*, volunteer, mission, day) -> list[Qualification]:
    """The qualifications `mission` requires that `volunteer` does not hold valid on `day` (the shift's local
    date, not today: a check that expires before the shift does not count). One query."""
    valid = QualificationGrant.objects.valid_on(day).filter(volunteer_id=volunteer.pk).values("qualification_id")
    return list(mission.required_qualifications.exclude(pk__in=valid).order_by("position", "name"))


def check_eligible(*, volunteer, shift: Shift, by=None) -> None:
    """Raise SignupRefused when `volunteer` may not take a seat on `shift` (seats aside).

    Volunteers book until the start; a coordinator (`by`) may still add someone to a running shift,
    such as a walk-in who turned up on the spot, until it ends.
    """
    if shift.is_cancelled:
        raise SignupRefused(_("This shift has been cancelled."), code="cancelled")
    if shift.ends_at <= timezone.now():
        raise SignupRefused(_("This shift is over."), code="over")
    if shift.has_started and by is None:
        raise SignupRefused(_("This shift has already started; sign-ups are closed."), code="started")
    if not volunteer.is_active or volunteer.is_anonymised:
        raise SignupRefused(_("This account is not active."), code="inactive")
    shift_day = shift.local_starts_at.date()
    if volunteer.birth_date is None:
        raise SignupRefused(
            _("We need your date of birth before you can sign up: volunteers must be 18 or older.")
            if by is None
            else _("We need this person's date of birth first: volunteers must be 18 or older."),
            code="no_birth_date",
        )
    if not volunteer.is_adult_on(shift_day):
        raise SignupRefused(
            _("Volunteers must be 18 or older on the day of the shift (%(day)s).")
            % {"day": date_format(shift_day, "DATE_FORMAT")},
            code="under_18",
        )
    mission = shift.mission
    missing = missing_qualifications(volunteer=volunteer, mission=mission, day=shift_day)
    if missing:
        names = ", ".join(qualification.display_name for qualification in missing)
        raise SignupRefused(
            (
                _("This mission needs %(qualifications)s, valid on the day of the shift (%(day)s).")
                if by is None
                else _("This person lacks %(qualifications)s, valid on the day of the shift (%(day)s).")
            )
            % {"qualifications": names, "day": date_format(shift_day, "DATE_FORMAT")},
            code="qualification",
        )
    if mission.required_languages and not set(mission.required_languages) & set(volunteer.languages or []):
        raise SignupRefused(
            _("This mission needs someone who speaks one of: %(languages)s.")
            % {"languages": ", ".join(language_names(mission.required_languages))},
            code="languages",
        )
    onboarding.check_experience(volunteer=volunteer, shift=shift, by=by)
    other = _overlapping_signup(volunteer=volunteer, shift=shift)
    if other is not None:
        raise SignupRefused(
            (
                _("You are already booked at the same time: %(shift)s.")
                if by is None
                else _("This person is already booked at the same time: %(shift)s.")
            )
            % {"shift": describe_shift(other.shift)},
            code="overlap",
        )
    onboarding.check_briefing(volunteer=volunteer, shift=shift, by=by)


def _lock_shift(shift_id: int) -> Shift:
    # Every change of a shift's seats takes this row lock first, so concurrent sign-ups and
    # cancellations for one shift queue up here and count what the previous one wrote.
    # of=("self",): lock the shift only, not its mission and site (joined for reading), or every
    # sign-up of a site would queue behind every other. no_key: rows that merely point at the shift
    # (a new sign-up, a notification) need not wait for it.
    return Shift.objects.select_for_update(of=("self",), no_key=True).select_related("mission__site").get(pk=shift_id)


@transaction.atomic
def sign_up(*, volunteer, shift: Shift, by=None) -> Signup:
    """Book `volunteer` on `shift`: a seat if one is free, the waiting list otherwise."""
    shift = _lock_shift(shift.pk)
    # Lock the person too (after the shift, always in that order) so two sign-ups of one
    # volunteer for overlapping shifts cannot both pass the overlap check.
    volunteer = Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)
    if Signup.objects.active().filter(shift=shift, volunteer=volunteer).exists():
        raise SignupRefused(
            _("You are already signed up for this shift.")
            if by is None
            else _("This person is already signed up for this shift."),
            code="duplicate",
        )
    onboarding.check_charter(volunteer=volunteer, by=by)
    check_eligible(volunteer=volunteer, shift=shift, by=by)

    has_seat = shift.confirmed_count < shift.capacity
    signup = Signup(
        shift=shift,
        volunteer=volunteer,
        status=Signup.Status.CONFIRMED if has_seat else Signup.Status.WAITLISTED,
        booked_by=by,
    )
    signup.full_clean()
    signup.save()
    if has_seat:
        _add_confirmed(shift, 1)
    Volunteer.objects.filter(pk=volunteer.pk).update(last_activity_at=timezone.now())
    notifications.signed_up(signup=signup, by=by, first_at_site=onboarding.is_first_at_site(signup=signup))
    return signup


def _add_confirmed(shift: Shift, delta: int) -> None:
    Shift.objects.filter(pk=shift.pk).update(confirmed_count=F("confirmed_count") + delta)
    shift.confirmed_count += delta


def is_late(shift: Shift) -> bool:
    return shift.starts_at - timezone.now() < timedelta(hours=settings.UTOPIA_LATE_CANCELLATION_HOURS)


CANCEL_MESSAGE_MAX = 300


@transaction.atomic
def cancel(*, signup: Signup, by=None, message: str = "") -> Signup:
    """Cancel a sign-up; a freed seat goes to the first eligible person on the waiting list.

    `message`: a line for the coordinators, sent with the alert of a late cancellation."""
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=signup.pk)
    if signup.status == Signup.Status.CANCELLED:
        raise SignupRefused(_("This sign-up was already cancelled."), code="already_cancelled")
    if by is None and shift.has_started:
        raise SignupRefused(
            _("This shift has already started. Please call the site's coordinators instead."), code="started"
        )
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.cancelled_by = by or signup.volunteer
    signup.is_late_cancellation = was_confirmed and not shift.has_started and is_late(shift)
    signup.full_clean()
    signup.save()
    onboarding.release_buddy(signup=signup)
    if was_confirmed:
        _add_confirmed(shift, -1)
        promote_waitlisted(shift=shift)
        # A team that the cancellation leaves at risk, close to its start: the coordinators hear at once.
        team_alerts.alert_now_if_risky(shift=shift)
    if signup.is_late_cancellation:
        notifications.late_cancellation(signup=signup, message=(message or "").strip()[:CANCEL_MESSAGE_MAX])
    if was_confirmed and shift.confirmed_count == 0 and shift.mission.collection_point_id:
        notifications.point_unstaffed(shift=shift)  # the point just closed to the public
    notifications.cancelled(signup=signup, by=by)
    return signup


def promote_waitlisted(*, shift: Shift) -> list[Signup]:
    """Fill free seats from the waiting list, in order, skipping (and keeping) those not eligible now.

    The caller holds the shift's row lock.
    """
    promoted = []
    if shift.is_cancelled or shift.has_started:
        return promoted
    waiting = list(
        Signup.objects.select_for_update(of=("self",))
        .filter(shift=shift, status=Signup.Status.WAITLISTED)
        .select_related("volunteer")
        .order_by("created_at", "pk")
    )
    # Lock the waiting people (as sign_up does) so none of them books an overlapping shift while we
    # check them; always in pk order, so two promotions sharing people cannot deadlock.
    list(
        Volunteer.objects.select_for_update(no_key=True)
        .filter(pk__in=[candidate.volunteer_id for candidate in waiting])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for candidate in waiting:
        if shift.confirmed_count >= shift.capacity:
            break
        try:
            check_eligible(volunteer=candidate.volunteer, shift=shift)
        except SignupRefused:
            continue
        candidate.status = Signup.Status.CONFIRMED
        candidate.save(update_fields=["status", "updated_at"])
        _add_confirmed(shift, 1)
        notifications.promoted(signup=candidate)
        promoted.append(candidate)
    return promoted


# ---------------------------------------------------------------------------------------------------
# Coordinators' actions (the roster, planning and admin). Each reuses the rules above.
# ---------------------------------------------------------------------------------------------------

SHIFT_EDITABLE_FIELDS = ("starts_at", "ends_at", "capacity", "notes")


def _lock_shifts(*shift_ids: int) -> dict[int, Shift]:
    # Several shifts are always locked in primary-key order, so two coordinators moving people in
    # opposite directions between the same shifts cannot deadlock.
    locked = {}
    for shift_id in sorted(set(shift_ids)):
        locked[shift_id] = _lock_shift(shift_id)
    return locked


def _lock_signup(signup_id: int) -> Signup:
    return Signup.objects.select_for_update().select_related("volunteer").get(pk=signup_id)


@transaction.atomic
def move(*, signup: Signup, to_shift: Shift, by: Volunteer | None) -> Signup:
    """Move a confirmed person to another shift of the same site; their old seat goes to the waiting list.

    Refused when the other shift is full: nobody loses a seat to land on a waiting list.
    """
    shifts = _lock_shifts(signup.shift_id, to_shift.pk)
    origin, target = shifts[signup.shift_id], shifts[to_shift.pk]
    signup = _lock_signup(signup.pk)
    if origin.pk == target.pk:
        raise SignupRefused(_("This person is already on that shift."), code="same_shift")
    if origin.mission.site_id != target.mission.site_id:
        raise SignupRefused(_("People can only be moved to a shift of the same site."), code="other_site")
    if signup.status != Signup.Status.CONFIRMED:
        raise SignupRefused(_("Only a confirmed person can be moved."), code="not_confirmed")
    if target.is_full:
        raise SignupRefused(_("%(shift)s is full: nobody was moved.") % {"shift": describe_shift(target)}, code="full")
    # Release the old seat first so it does not count as an overlap. Not `cancel()`: the person did not
    # cancel, so no late-cancellation flag or alert. If the new booking is refused, the whole transaction
    # (release and any promotion from the old shift's waiting list) is rolled back.
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.cancelled_by = by
    signup.full_clean()
    signup.save()
    onboarding.release_buddy(signup=signup)
    _add_confirmed(origin, -1)
    moved = sign_up(volunteer=signup.volunteer, shift=target, by=by)
    promote_waitlisted(shift=origin)
    notifications.moved(signup=moved, origin=origin, by=by)
    return moved


@transaction.atomic
def mark_attendance(*, signup: Signup, attendance: str, by: Volunteer | None) -> Signup:
    """Record whether a confirmed person came. Only once the shift has started."""
    shift = _lock_shift(signup.shift_id)
    signup = _lock_signup(signup.pk)
    if attendance not in Signup.Attendance.values:
        raise SignupRefused(_("Unknown attendance value."), code="attendance_value")
    if not shift.has_started:
        raise SignupRefused(_("Attendance can be recorded once the shift has started."), code="attendance_too_early")
    if signup.status != Signup.Status.CONFIRMED:
        raise SignupRefused(_("Only confirmed people can be marked present or absent."), code="not_confirmed")
    signup.attendance = attendance
    signup.full_clean()
    signup.save(update_fields=["attendance", "updated_at"])
    return signup


@transaction.atomic
def set_note(*, signup: Signup, note: str, by: Volunteer | None) -> Signup:
    """The coordinator's note on a sign-up (what to tell the team, who to pick up...)."""
    signup = _lock_signup(signup.pk)
    signup.note = (note or "").strip()
    signup.full_clean()
    signup.save(update_fields=["note", "updated_at"])
    return signup


@transaction.atomic
def add_walk_in(
    *,
    first_name: str,
    last_name: str,
    phone: str | PhoneNumber,
    birth_date: date | None,
    email: str | None = None,
    charter_read: bool = False,
    by: Volunteer | None,
) -> Volunteer:
    """A minimal record for someone who turned up on the spot. 18 or older today.

    The account has no usable password; when an email is given, the person can claim it later with
    the ordinary "forgotten password" page. When a charter is published, the coordinator confirms the
    person read it (`charter_read`), and their acceptance is recorded with the coordinator's name.
    """
    today = timezone.localdate()
    email = (email or "").strip().lower() or None
    person = Volunteer(
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        phone=phone,
        birth_date=birth_date,
        email=email,
        is_walk_in=True,
    )
    if birth_date is None or not person.is_adult_on(today):
        raise SignupRefused(_("Volunteers must be 18 or older."), code="under_18")
    # The same bounds as registration: more than a century ago is a typing slip.
    try:
        validators.validate_birth_date(birth_date=birth_date, today=today)
    except ValidationError as error:
        raise SignupRefused(" ".join(error.messages), code="birth_date") from None
    if not person.first_name or not person.last_name:
        raise SignupRefused(_("A walk-in needs a first and a last name."), code="name")
    try:
        for name in (person.first_name, person.last_name):
            validators.validate_plain_name(name)
    except ValidationError as error:
        raise SignupRefused(" ".join(error.messages), code="name") from None
    if email and Volunteer.objects.filter(email__iexact=email).exists():
        raise SignupRefused(
            _("Someone already has an account with this email: search for them and assign them instead."),
            code="email_taken",
        )
    person.set_unusable_password()
    # Without an email the address stays NULL (not ""), so many walk-ins without one can coexist
    # under the unique email constraints; the model's clean() would turn None into "".
    person.full_clean(exclude=None if email else ["email"])
    person.email = email
    person.save()
    onboarding.record_walk_in_charter(volunteer=person, charter_read=charter_read, by=by)
    return person


@transaction.atomic
def confirm(*, signup: Signup, by: Volunteer | None) -> Signup:
    """Give a waitlisted person a free seat, if they are still eligible."""
    shift = _lock_shift(signup.shift_id)
    signup = _lock_signup(signup.pk)
    if signup.status != Signup.Status.WAITLISTED:
        raise SignupRefused(_("Only someone on the waiting list can be confirmed."), code="not_waitlisted")
    if shift.is_full:
        raise SignupRefused(_("This shift is full: raise its capacity first."), code="full")
    check_eligible(volunteer=signup.volunteer, shift=shift, by=by)
    signup.status = Signup.Status.CONFIRMED
    signup.full_clean()
    signup.save(update_fields=["status", "updated_at"])
    _add_confirmed(shift, 1)
    notifications.confirmed(signup=signup, by=by)
    return signup


@transaction.atomic
def update_shift(*, shift: Shift, by: Volunteer | None, **changes) -> Shift:
    """Change one shift (time, capacity, notes) without touching its template; tell the people on it."""
    unknown = set(changes) - set(SHIFT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"update_shift cannot change {sorted(unknown)}")
    shift = _lock_shift(shift.pk)
    if shift.is_cancelled:
        raise SignupRefused(_("This shift has been cancelled."), code="cancelled")
    changed = {field: value for field, value in changes.items() if getattr(shift, field) != value}
    if "capacity" in changed and changed["capacity"] < shift.confirmed_count:
        raise SignupRefused(
            _(
                "%(confirmed)d people are confirmed on this shift: the capacity cannot be lower than that. "
                "Move or cancel someone first."
            )
            % {"confirmed": shift.confirmed_count},
            code="capacity_below_confirmed",
        )
    if not changed:
        return shift
    if "starts_at" in changed and changed["starts_at"] <= timezone.now():
        raise SignupRefused(_("A shift cannot be moved to a time that has already passed."), code="past")
    for field, value in changed.items():
        setattr(shift, field, value)
    shift.full_clean()
    shift.save()
    if "capacity" in changed:
        promote_waitlisted(shift=shift)
    if changed.keys() & {"starts_at", "ends_at", "notes"}:
        notifications.shift_changed(shift=shift, change_id=shift.updated_at.strftime("%Y%m%dT%H%M%S%f"))
    return shift


@transaction.atomic
def cancel_shift(*, shift: Shift, by: Volunteer | None) -> Shift:
    """Cancel one shift: tell everyone on it, then release their sign-ups."""
    shift = _lock_shift(shift.pk)
    if shift.is_cancelled:
        raise SignupRefused(_("This shift has already been cancelled."), code="already_cancelled")
    notifications.shift_cancelled(shift=shift)
    now = timezone.now()
    # Not `cancel()` per person: the people did not cancel, so no late-cancellation flag, no alert
    # to coordinators, and no promotion from a waiting list of a shift that no longer runs.
    Signup.objects.active().filter(shift=shift).update(
        status=Signup.Status.CANCELLED, cancelled_at=now, cancelled_by=by, updated_at=now
    )
    shift.is_cancelled = True
    shift.confirmed_count = 0
    shift.full_clean()
    shift.save(update_fields=["is_cancelled", "confirmed_count", "updated_at"])
    return shift


def eligible_helpers(*, shift: Shift) -> list[Volunteer]:
    """People who may be called on for `shift`: opted in, free then, not on it, and eligible by the rules."""
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
    helpers = []
    for person in candidates:
        try:
            check_eligible(volunteer=person, shift=shift)
        except SignupRefused:
            continue
        helpers.append(person)
    return helpers


@transaction.atomic
def ask_for_help(*, shift: Shift, by: Volunteer | None) -> int:
    """Send one message to each eligible helper for a short shift. Returns how many were newly asked.

    A person is asked at most once per shift, however many times the button is pressed.
    """
    shift = _lock_shift(shift.pk)
    if shift.is_cancelled:
        raise SignupRefused(_("This shift has been cancelled."), code="cancelled")
    if shift.has_started:
        raise SignupRefused(_("This shift has already started."), code="started")
    if shift.is_full:
        raise SignupRefused(_("This shift is full: nobody needs to be called."), code="full")
    helpers = eligible_helpers(shift=shift)
    # A team at risk asks first those who would remove the risk (a driver when the driver is missing); the next
    # press asks everyone else. Each person is still asked at most once per shift.
    risks = team_risks(shift)
    removers = would_remove_risk(shift=shift, codes=risks, people=helpers) if risks else set()
    first = [person for person in helpers if person.pk in removers]
    if first:
        asked = notifications.urgent_call(shift=shift, recipients=first, call_id="help", by=by)
        if asked:
            return asked
    return notifications.urgent_call(shift=shift, recipients=helpers, call_id="help", by=by)


def check_bookable(*, volunteer: Volunteer, shift: Shift, by: Volunteer | None = None) -> None:
    """What sign_up would refuse, without booking: for forms that show the refusal on the form (admin).

    sign_up checks again under its locks; this is only the early, readable answer.
    """
    if Signup.objects.active().filter(shift=shift, volunteer=volunteer).exists():
        raise SignupRefused(_("This person is already signed up for this shift."), code="duplicate")
    check_eligible(volunteer=volunteer, shift=shift, by=by)


# ---------------------------------------------------------------------------------------------------
# Several days in one go (a stay). Each shift goes through sign_up, unchanged.
# ---------------------------------------------------------------------------------------------------


def sign_up_many(*, volunteer, shifts, by=None) -> list[tuple[Shift, Signup | SignupRefused]]:
    """Book `volunteer` on each of `shifts`, in start order: one outcome each (the sign-up, on a seat or the
    waiting list, or the refusal and why).

    Each shift is its own sign_up (@transaction.atomic: its own transaction, or a savepoint inside the
    caller's), so a refused one leaves nothing half-written and does not undo the others. Deliberately no
    transaction around the loop: it would hold the person's lock while waiting for the next shift's, the
    reverse of the order a cancellation takes them in (shift, then the people waiting on it).
    """
    outcomes = []
    for shift in sorted({shift.pk: shift for shift in shifts}.values(), key=lambda s: (s.starts_at, s.pk)):
        try:
            outcomes.append((shift, sign_up(volunteer=volunteer, shift=shift, by=by)))
        except SignupRefused as refusal:
            outcomes.append((shift, _with_briefing_if_needed(volunteer=volunteer, shift=shift, by=by, refusal=refusal)))
    return outcomes


def _with_briefing_if_needed(*, volunteer, shift: Shift, by, refusal: SignupRefused) -> Signup | SignupRefused:
    """A first-timer's week at a site that asks for a briefing: the first day books the briefing with it (both or
    neither), and the days after need none. Any other refusal, or no briefing to be had, stays the refusal."""
    if refusal.code != "briefing":
        return refusal
    try:
        return sign_up_with_briefing(volunteer=volunteer, shift=shift, by=by)[1]
    except SignupRefused:
        return refusal


# ---------------------------------------------------------------------------------------------------
# Onboarding (shifts/onboarding/services.py): a briefing and a first shift in one go, briefing waivers,
# buddies. Named here, as every write with a rule is; loaded when called (that module builds on this one).
# ---------------------------------------------------------------------------------------------------


def sign_up_with_briefing(*, volunteer, shift: Shift, by=None) -> tuple[Signup, Signup]:
    """Book the best briefing for `shift` and `shift` itself, both or neither: (briefing sign-up, shift sign-up)."""
    from .onboarding import services as onboarding_services

    return onboarding_services.sign_up_with_briefing(volunteer=volunteer, shift=shift, by=by)


def waive_briefing(*, volunteer, site, reason: str, by):
    """A coordinator decides that `volunteer` needs no briefing at `site`; recorded with who and why."""
    from .onboarding import services as onboarding_services

    return onboarding_services.waive_briefing(volunteer=volunteer, site=site, reason=reason, by=by)


def set_buddy(*, signup: Signup, buddy, by) -> Signup:
    """Give a first-timer an experienced buddy on the same shift (None takes the buddy away)."""
    from .onboarding import services as onboarding_services

    return onboarding_services.set_buddy(signup=signup, buddy=buddy, by=by)


# Safe teams (issue 14): the published names shifts.services.team_out / team_back.
from .teams.services import TeamRefused, team_back, team_out  # noqa: E402, F401
