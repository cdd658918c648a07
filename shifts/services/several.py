"""Several days in one go (a stay's "same shift every day"). Each shift goes through sign_up, unchanged."""

from ..models import Shift, Signup
from ..rules import SignupRefused
from .booking import sign_up
from .onboarding import sign_up_with_briefing


def sign_up_many(
    *, volunteer, shifts, by=None, book_briefing: bool = True, notify: bool = True
) -> list[tuple[Shift, Signup | SignupRefused]]:
    """Book `volunteer` on each of `shifts`, in start order: one outcome each (the sign-up, on a seat or the
    waiting list, or the refusal and why).

    `book_briefing=False`: a first shift refused for want of a briefing stays refused (a stay books its briefing
    itself, within the stay: stays.services). `notify=False`: no message per shift (the caller sends one).

    Each shift is its own sign_up (@transaction.atomic: its own transaction, or a savepoint inside the
    caller's), so a refused one leaves nothing half-written and does not undo the others. Deliberately no
    transaction around the loop: it would hold the person's lock while waiting for the next shift's, the
    reverse of the order a cancellation takes them in (shift, then the people waiting on it).
    """
    outcomes = []
    for shift in sorted({shift.pk: shift for shift in shifts}.values(), key=lambda s: (s.starts_at, s.pk)):
        try:
            outcomes.append((shift, sign_up(volunteer=volunteer, shift=shift, by=by, notify=notify)))
        except SignupRefused as refusal:
            if book_briefing:
                refusal = _with_briefing_if_needed(volunteer=volunteer, shift=shift, by=by, refusal=refusal)
            outcomes.append((shift, refusal))
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
