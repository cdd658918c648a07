"""Writes with rules about shifts and sign-ups. Views, the roster, admin and commands all call these names.

By job: booking.py (seats: sign up, cancel, the waiting list), roster.py (coordinators' actions), onboarding.py
(a briefing with a first shift, waivers, buddies), several.py (several days in one go); safe teams in
shifts/teams/services.py. What may refuse a sign-up is shifts.rules' list (SignupRefused lives there).
"""

from ..rules import SignupRefused
from ..teams.services import TeamRefused, team_back, team_out
from .booking import (
    CANCEL_MESSAGE_MAX,
    cancel,
    check_bookable,
    check_eligible,
    is_late,
    lock_shifts,
    promote_waitlisted,
    sign_up,
)
from .onboarding import set_buddy, sign_up_with_briefing, waive_briefing
from .roster import (
    SHIFT_EDITABLE_FIELDS,
    add_walk_in,
    ask_for_help,
    cancel_shift,
    confirm,
    mark_attendance,
    move,
    set_note,
    update_shift,
)
from .several import sign_up_many

__all__ = [
    "CANCEL_MESSAGE_MAX",
    "SHIFT_EDITABLE_FIELDS",
    "SignupRefused",
    "TeamRefused",
    "add_walk_in",
    "ask_for_help",
    "cancel",
    "cancel_shift",
    "check_bookable",
    "check_eligible",
    "confirm",
    "is_late",
    "lock_shifts",
    "mark_attendance",
    "move",
    "promote_waitlisted",
    "set_buddy",
    "set_note",
    "sign_up",
    "sign_up_many",
    "sign_up_with_briefing",
    "team_back",
    "team_out",
    "update_shift",
    "waive_briefing",
]
