"""Seats: sign up, cancel, the waiting list, several days in one go. What may refuse a sign-up is
shifts.rules' list; these functions hold the locks, ask it, then write."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.models import Volunteer

from .. import rules
from ..messaging import notifications
from ..models import Shift, Signup
from ..onboarding import rules as onboarding
from ..rules import SignupRefused
from ..teams import alerts as team_alerts


def check_eligible(*, volunteer, shift: Shift, by=None) -> None:
    """Raise SignupRefused when `volunteer`, already on the shift's waiting list, may not take a seat on it
    (seats aside): the rule list but the sign-up's own rules (duplicate, charter)."""
    rules.check(volunteer=volunteer, shift=shift, by=by, skip=rules.SEATING_WAITING)


def _lock_shift(shift_id: int) -> Shift:
    # Every change of a shift's seats takes this row lock first, so concurrent sign-ups and
    # cancellations for one shift queue up here and count what the previous one wrote.
    # of=("self",): lock the shift only, not its mission and site (joined for reading), or every
    # sign-up of a site would queue behind every other. no_key: rows that merely point at the shift
    # (a new sign-up, a notification) need not wait for it.
    return Shift.objects.select_for_update(of=("self",), no_key=True).select_related("mission__site").get(pk=shift_id)


def lock_shifts(*shift_ids: int) -> dict[int, Shift]:
    # Several shifts are always locked in primary-key order, so two coordinators moving people in
    # opposite directions between the same shifts cannot deadlock.
    locked = {}
    for shift_id in sorted(set(shift_ids)):
        locked[shift_id] = _lock_shift(shift_id)
    return locked


def _lock_signup(signup_id: int) -> Signup:
    return Signup.objects.select_for_update().select_related("volunteer").get(pk=signup_id)


@transaction.atomic
def sign_up(*, volunteer, shift: Shift, by=None, notify: bool = True) -> Signup:
    """Book `volunteer` on `shift`: a seat if one is free, the waiting list otherwise. `notify=False`: the
    caller sends one message for the whole booking (a stay's days: stays.messages) instead of one per shift."""
    shift = _lock_shift(shift.pk)
    # Lock the person too (after the shift, always in that order) so two sign-ups of one volunteer for
    # overlapping shifts cannot both pass the overlap check. The UPDATE takes that row lock (as
    # rules.lock_people would) in a statement of its own, so the read of the facts after it sees what a sign-up
    # it waited for wrote; refused, the transaction rolls it back.
    Volunteer.objects.filter(pk=volunteer.pk).update(last_activity_at=timezone.now())
    site = shift.mission.site
    person = rules.read_people(Volunteer.objects.filter(pk=volunteer.pk), shift)
    volunteer = person.annotate(**onboarding.first_at_site_facts(site)).get()
    rules.check(volunteer=volunteer, shift=shift, by=by, read=False)

    has_seat = shift.confirmed_count < shift.capacity
    signup = Signup(
        shift=shift,
        volunteer=volunteer,
        status=Signup.Status.CONFIRMED if has_seat else Signup.Status.WAITLISTED,
        booked_by=by,
    )
    # The shift and the person are the rows just locked, and the one-active-sign-up constraint is the rule
    # list's `duplicate`, checked under those locks: validating them again would only cost four queries (the
    # database's constraints stay the backstop).
    signup.full_clean(exclude=["shift", "volunteer", "booked_by", "buddy"])
    signup.save()
    if has_seat:
        _add_confirmed(shift, 1)
    if notify:
        first_at_site = onboarding.is_first_at_site(volunteer=volunteer, site=site)
        notifications.signed_up(signup=signup, by=by, first_at_site=first_at_site)
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
    refused = rules.briefing_needed(signup=signup, shift=shift, by=by)
    if refused is not None:
        raise refused
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
    pks = [candidate.volunteer_id for candidate in waiting]
    rules.lock_people(pks)
    people = {person.pk: person for person in rules.read_people(Volunteer.objects.filter(pk__in=pks), shift)}
    for candidate in waiting:
        if shift.confirmed_count >= shift.capacity:
            break
        if rules.refusal(volunteer=people[candidate.volunteer_id], shift=shift, skip=rules.SEATING_WAITING):
            continue
        candidate.status = Signup.Status.CONFIRMED
        candidate.save(update_fields=["status", "updated_at"])
        _add_confirmed(shift, 1)
        notifications.promoted(signup=candidate)
        promoted.append(candidate)
    return promoted


def check_bookable(*, volunteer: Volunteer, shift: Shift, by: Volunteer | None = None) -> None:
    """What sign_up would refuse, without booking: for forms that show the refusal on the form (admin).

    sign_up checks again under its locks; this is only the early, readable answer. The charter is not asked
    here: the admin books people for them.
    """
    rules.check(volunteer=volunteer, shift=shift, by=by, skip=("charter",))
