"""The messages a booking causes, as the services call them: each picks the kind that fits who did what.

Each message is a row first (so it is sent once and never lost), then sent through the outbox once the
transaction commits. What each kind is (recipients, templates, channels, opt-out) lives with its owner:
shifts.messaging.bookings here, shifts.teams.messages, shifts.onboarding.messages. A kind that needs no choice
is called directly (`bookings.URGENT_CALL.notify(...)`); the names below are what shifts.services calls.
"""

from shifts.onboarding import messages as onboarding

from . import bookings
from .kinds import acts_for_someone_else


def promoted(*, signup) -> None:
    bookings.PROMOTED.notify(signup=signup)


def late_cancellation(*, signup, message: str = "") -> None:
    """Tell the site's coordinators, with the person's one-line message if they left one."""
    bookings.LATE_CANCELLATION.notify(signup=signup, message=message)


def shift_changed(*, shift, change_id: str) -> None:
    """Tell everyone on `shift` that a coordinator changed it. `change_id` identifies the change (e.g. a timestamp)."""
    bookings.SHIFT_CHANGED.notify(shift=shift, change_id=change_id)


def shift_cancelled(*, shift) -> None:
    """Tell everyone who was on `shift` that it is cancelled. Call before their sign-ups are cancelled."""
    bookings.SHIFT_CANCELLED.notify(shift=shift)


def urgent_call(*, shift, recipients, call_id: str, by=None) -> int:
    """Ask `recipients` to come and help on a short `shift`. Returns how many messages were recorded."""
    return bookings.URGENT_CALL.notify(shift=shift, recipients=recipients, call_id=call_id, by=by)


def point_unstaffed(*, shift) -> None:
    """Tell the site's coordinators that `shift`, at a collection point, has nobody left on it (once per shift)."""
    bookings.POINT_UNSTAFFED.notify(shift=shift)


def signed_up(*, signup, by=None, first_at_site: bool = False) -> None:
    """A booking was made: by someone else, the person hears who booked them (or put them on the waiting
    list); by themselves, a short confirmation unless they turned those off.

    `first_at_site`: the person's first booking at a site with a practical guide (shifts.onboarding.rules).
    The site's welcome goes out once per person and site; for one's own booking it is the confirmation too,
    so the person gets one message that says both, not two that repeat the shift.
    """
    if acts_for_someone_else(signup=signup, by=by):
        bookings.BOOKED_FOR.notify(signup=signup, by=by)
        if first_at_site:
            onboarding.WELCOME.notify(signup=signup, confirms=False)
    elif not (first_at_site and onboarding.WELCOME.notify(signup=signup, confirms=True)):
        bookings.OWN_SIGNUP.notify(signup=signup)


def cancelled(*, signup, by=None) -> None:
    if acts_for_someone_else(signup=signup, by=by):
        bookings.CANCELLED_FOR.notify(signup=signup, by=by)
    else:
        bookings.OWN_CANCELLATION.notify(signup=signup)


def moved(*, signup, origin, by) -> None:
    """`signup` is the new booking on another shift; its booking message becomes this one (one message)."""
    bookings.MOVED_FOR.notify(signup=signup, origin=origin, by=by)


def confirmed(*, signup, by) -> None:
    """A waiting person was given a seat by hand: who did it, or the usual "you have a seat"."""
    if acts_for_someone_else(signup=signup, by=by):
        bookings.CONFIRMED_FOR.notify(signup=signup, by=by)
    else:
        bookings.PROMOTED.notify(signup=signup)
