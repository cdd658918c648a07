"""The rules of signing up, in one place. Views, the roster, admin and commands all call these."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from volunteers.languages import language_names

from . import notifications
from .models import Shift, Signup

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


def describe_shift(shift: Shift) -> str:
    start = shift.local_starts_at
    return _("%(mission)s at %(site)s on %(day)s, %(start)s-%(end)s") % {
        "mission": shift.mission.display_name,
        "site": shift.mission.site.name,
        "day": date_format(start, "DATE_FORMAT"),
        "start": start.strftime("%H:%M"),
        "end": shift.local_ends_at.strftime("%H:%M"),
    }


def attended_count(volunteer) -> int:
    return Signup.objects.filter(volunteer=volunteer, attendance=Signup.Attendance.PRESENT).count()


def check_eligible(*, volunteer, shift: Shift) -> None:
    """Raise SignupRefused when `volunteer` may not take a seat on `shift` (seats aside)."""
    if shift.is_cancelled:
        raise SignupRefused(_("This shift has been cancelled."), code="cancelled")
    if shift.has_started:
        raise SignupRefused(_("This shift has already started; sign-ups are closed."), code="started")
    if not volunteer.is_active or volunteer.is_anonymised:
        raise SignupRefused(_("This account is not active."), code="inactive")
    shift_day = shift.local_starts_at.date()
    if volunteer.birth_date is None:
        raise SignupRefused(
            _("We need your date of birth before you can sign up: volunteers must be 18 or older."),
            code="no_birth_date",
        )
    if not volunteer.is_adult_on(shift_day):
        raise SignupRefused(
            _("Volunteers must be 18 or older on the day of the shift (%(day)s).")
            % {"day": date_format(shift_day, "DATE_FORMAT")},
            code="under_18",
        )
    mission = shift.mission
    if mission.requires_driving_licence and not volunteer.has_driving_licence:
        raise SignupRefused(_("This mission needs a driving licence."), code="licence")
    if mission.required_languages and not set(mission.required_languages) & set(volunteer.languages or []):
        raise SignupRefused(
            _("This mission needs someone who speaks one of: %(languages)s.")
            % {"languages": ", ".join(language_names(mission.required_languages))},
            code="languages",
        )
    if mission.min_experience and attended_count(volunteer) < mission.min_experience:
        raise SignupRefused(
            _("This mission is for volunteers who have already done at least %(count)d shifts with us.")
            % {"count": mission.min_experience},
            code="experience",
        )
    other = _overlapping_signup(volunteer=volunteer, shift=shift)
    if other is not None:
        raise SignupRefused(
            _("You are already booked at the same time: %(shift)s.") % {"shift": describe_shift(other.shift)},
            code="overlap",
        )


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
        raise SignupRefused(_("You are already signed up for this shift."), code="duplicate")
    check_eligible(volunteer=volunteer, shift=shift)

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
    return signup


def _add_confirmed(shift: Shift, delta: int) -> None:
    Shift.objects.filter(pk=shift.pk).update(confirmed_count=F("confirmed_count") + delta)
    shift.confirmed_count += delta


def waitlist_position(signup: Signup) -> int | None:
    if signup.status != Signup.Status.WAITLISTED:
        return None
    return (
        Signup.objects.filter(
            shift_id=signup.shift_id, status=Signup.Status.WAITLISTED, created_at__lte=signup.created_at
        )
        .exclude(created_at=signup.created_at, pk__gt=signup.pk)
        .count()
    )


def is_late(shift: Shift) -> bool:
    return shift.starts_at - timezone.now() < timedelta(hours=settings.UTOPIA_LATE_CANCELLATION_HOURS)


@transaction.atomic
def cancel(*, signup: Signup, by=None) -> Signup:
    """Cancel a sign-up; a freed seat goes to the first eligible person on the waiting list."""
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
    if was_confirmed:
        _add_confirmed(shift, -1)
        promote_waitlisted(shift=shift)
    if signup.is_late_cancellation:
        notifications.late_cancellation(signup=signup)
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
