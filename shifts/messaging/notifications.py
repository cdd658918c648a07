"""Recording the messages a change causes. Each is a row first (so it is sent once and never lost),
then a task queued once the transaction commits. shifts.tasks sends them.

What each kind is (recipients, templates, channels, opt-out) lives in shifts.messaging.kinds; the functions
here are the one-line hooks the services call.
"""

from . import kinds


def promoted(*, signup) -> None:
    kinds.PROMOTED.notify(signup=signup)


def late_cancellation(*, signup, message: str = "") -> None:
    """Tell the site's coordinators, with the person's one-line message if they left one."""
    kinds.LATE_CANCELLATION.notify(signup=signup, message=message)


def shift_changed(*, shift, change_id: str) -> None:
    """Tell everyone on `shift` that a coordinator changed it. `change_id` identifies the change (e.g. a timestamp)."""
    kinds.SHIFT_CHANGED.notify(shift=shift, change_id=change_id)


def shift_cancelled(*, shift) -> None:
    """Tell everyone who was on `shift` that it is cancelled. Call before their sign-ups are cancelled."""
    kinds.SHIFT_CANCELLED.notify(shift=shift)


def urgent_call(*, shift, recipients, call_id: str, by=None) -> int:
    """Ask `recipients` to come and help on a short `shift`. Returns how many messages were recorded."""
    return kinds.URGENT_CALL.notify(shift=shift, recipients=recipients, call_id=call_id, by=by)


def signed_up(*, signup, by=None, first_at_site: bool = False) -> None:
    """A booking was made: by someone else, the person hears who booked them (or put them on the waiting
    list); by themselves, a short confirmation unless they turned those off.

    `first_at_site`: the person's first booking at a site with a practical guide (shifts.onboarding.rules).
    The site's welcome goes out once per person and site; for one's own booking it is the confirmation too,
    so the person gets one message that says both, not two that repeat the shift.
    """
    if kinds.acts_for_someone_else(signup=signup, by=by):
        kinds.BOOKED_FOR.notify(signup=signup, by=by)
        if first_at_site:
            kinds.WELCOME.notify(signup=signup, confirms=False)
    elif not (first_at_site and kinds.WELCOME.notify(signup=signup, confirms=True)):
        kinds.OWN_SIGNUP.notify(signup=signup)


def cancelled(*, signup, by=None) -> None:
    if kinds.acts_for_someone_else(signup=signup, by=by):
        kinds.CANCELLED_FOR.notify(signup=signup, by=by)
    else:
        kinds.OWN_CANCELLATION.notify(signup=signup)


def moved(*, signup, origin, by) -> None:
    """`signup` is the new booking on another shift; its booking message becomes this one (one message)."""
    kinds.MOVED_FOR.notify(signup=signup, origin=origin, by=by)


def confirmed(*, signup, by) -> None:
    """A waiting person was given a seat by hand: who did it, or the usual "you have a seat"."""
    if kinds.acts_for_someone_else(signup=signup, by=by):
        kinds.CONFIRMED_FOR.notify(signup=signup, by=by)
    else:
        kinds.PROMOTED.notify(signup=signup)


def buddy_set(*, signup) -> None:
    """Tell a first-timer who their buddy is, and the buddy whom they look after (first names; the phone on the day)."""
    kinds.BUDDY.notify(signup=signup)
    kinds.BUDDY_FOR.notify(signup=signup)


def point_unstaffed(*, shift) -> None:
    """Tell the site's coordinators that `shift`, at a collection point, has nobody left on it (once per shift)."""
    kinds.POINT_UNSTAFFED.notify(shift=shift)


# Safe teams (issue 14): to the site's coordinators (and the person, for an expiring check).


def team_at_risk(*, shift, risks: list[str], alert_id: int) -> int:
    """Tell the site's coordinators that `shift`'s team is at risk (codes of shifts.teams.risks)."""
    return kinds.TEAM_AT_RISK.notify(shift=shift, risks=risks, alert_id=alert_id)


def team_overdue(*, shift, level: int) -> int:
    """A team that went out is not back: level 1 after the grace, level 2 (with the emergency phone) after two."""
    return kinds.TEAM_OVERDUE.notify(shift=shift, level=level)


def team_back(*, shift) -> int:
    return kinds.TEAM_BACK.notify(shift=shift)


def qualification_expiring(*, grant, shift, recipients, shift_count: int) -> int:
    """A grant ends before shifts that need it: tell the person and those shifts' coordinators, once."""
    return kinds.QUALIFICATION_EXPIRING.notify(grant=grant, shift=shift, recipients=recipients, shift_count=shift_count)
