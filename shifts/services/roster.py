"""The coordinators' actions on seats and shifts (the roster, planning and admin): move, confirm, walk-ins,
attendance, notes, changing or cancelling a shift, the call for help. Each takes the locks booking.py takes, in
the same order, and asks shifts.rules' list where someone takes a seat."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from volunteers import validators
from volunteers.models import Volunteer

from .. import rules
from ..messaging import notifications
from ..models import Shift, Signup
from ..onboarding import rules as onboarding
from ..rules import SignupRefused
from ..selectors import describe_shift, eligible_helpers
from ..teams.risks import team_risks, would_remove_risk
from .booking import (
    _add_confirmed,
    _lock_shift,
    _lock_signup,
    check_eligible,
    lock_shifts,
    promote_waitlisted,
    sign_up,
)

SHIFT_EDITABLE_FIELDS = ("starts_at", "ends_at", "capacity", "notes")


@transaction.atomic
def move(*, signup: Signup, to_shift: Shift, by: Volunteer | None) -> Signup:
    """Move a confirmed person to another shift of the same site; their old seat goes to the waiting list.

    Refused when the other shift is full: nobody loses a seat to land on a waiting list.
    """
    shifts = lock_shifts(signup.shift_id, to_shift.pk)
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
    # The list's rules about the person (a birth date, 18 or older), today: the shift's own day is asked by
    # sign_up, which the walk-in page calls next.
    if rules.person_refusal(volunteer=person, day=today, by=by) is not None:
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
