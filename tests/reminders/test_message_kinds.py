"""Each kind of message says in one place its templates, channels and whether it may be turned off."""

import pytest
from django.template.loader import get_template

from shifts.messaging import kinds
from shifts.models import Notification


def test_every_kind_of_notification_has_its_class():
    assert set(kinds.KINDS) == set(Notification.Kind.values)


@pytest.mark.parametrize("slug", Notification.Kind.values)
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
    assert by_sms == ["booked_for", "cancelled_for", "confirmed_for", "moved_for", "team_back", "team_overdue"]


def test_the_safe_return_alerts_reach_a_coordinators_phone_even_without_sms_reminders():
    from volunteers.models import Volunteer

    coordinator = Volunteer(phone="+33612345678", sms_reminders=False)
    assert kinds.TEAM_OVERDUE.wants_sms(coordinator) and kinds.TEAM_BACK.wants_sms(coordinator)
    assert not kinds.TEAM_AT_RISK.wants_sms(coordinator)
    assert not kinds.TEAM_OVERDUE.wants_sms(Volunteer(phone="", sms_reminders=True))
