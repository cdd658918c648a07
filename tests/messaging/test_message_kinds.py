"""Each kind of message says in one place its templates, channels and whether it may be turned off."""

import pytest
from django.template.loader import get_template

from shifts.messaging import kinds
from shifts.models import Notification
from shifts.teams import messages as team_messages

# Every kind that rows in the database may name: a registered kind is never renamed or dropped.
KNOWN = [
    "booked_for", "buddy", "buddy_for", "cancelled_for", "confirmed_for", "late_cancellation", "moved_for",
    "own_cancellation", "own_signup", "point_unstaffed", "promoted", "qualification_expiring", "shift_cancelled",
    "shift_changed", "team_at_risk", "team_back", "team_overdue", "urgent_call", "welcome",
]  # fmt: skip


def test_every_kind_is_registered_at_start_up_by_its_owner():
    assert set(KNOWN) <= set(kinds.KINDS)
    assert kinds.of("team_at_risk").__module__ == "shifts.teams.messages"
    assert kinds.of("buddy").__module__ == "shifts.onboarding.messages"
    assert kinds.of("promoted").__module__ == "shifts.messaging.bookings"


def test_a_new_kind_needs_no_migration_the_kind_column_has_no_choices():
    assert not Notification._meta.get_field("kind").choices


def test_every_kind_has_a_label_for_the_admin():
    assert all(str(kind.label) for kind in kinds.KINDS.values())


@pytest.mark.parametrize("slug", sorted(kinds.KINDS))
def test_every_kind_has_its_templates(slug):
    kind = kinds.of(slug)
    for suffix in ("subject.txt", "body.txt", "body.html"):
        get_template(f"emails/{kind.template}_{suffix}")
    if kind.sms_template:
        get_template(f"emails/{kind.sms_template}.txt")
    if kind.opt_out_field:
        from volunteers.models import Volunteer

        assert Volunteer._meta.get_field(kind.opt_out_field).get_internal_type() == "BooleanField"


def test_the_kinds_that_act_for_someone_and_the_safe_return_alerts_go_by_sms_too():
    by_sms = sorted(slug for slug, kind in kinds.KINDS.items() if kind.sms_template)
    assert by_sms == [
        "booked_for",
        "cancelled_for",
        "confirmed_for",
        "moved_for",
        "team_back",
        "team_back_recorded",
        "team_overdue",
    ]


def test_the_safe_return_alerts_reach_a_coordinators_phone_even_without_sms_reminders():
    from volunteers.models import Volunteer

    coordinator = Volunteer(phone="+33612345678", sms_reminders=False)
    assert team_messages.TEAM_OVERDUE.wants_sms(coordinator) and team_messages.TEAM_BACK.wants_sms(coordinator)
    assert not team_messages.TEAM_AT_RISK.wants_sms(coordinator)
    assert not team_messages.TEAM_OVERDUE.wants_sms(Volunteer(phone="", sms_reminders=True))
    # "We are back" recorded, to who pressed it and the team: by text only to those who asked for text messages.
    assert not team_messages.TEAM_BACK_RECORDED.wants_sms(coordinator)
    assert team_messages.TEAM_BACK_RECORDED.wants_sms(Volunteer(phone="+33612345678", sms_reminders=True))
