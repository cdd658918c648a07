"""Sign-up refuses a missing qualification, or one not valid on the shift's LOCAL date (not today's)."""

from datetime import UTC, time, timedelta

import pytest
from django.utils import timezone, translation

from shifts import services
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, grant, local_dt, qualification

pytestmark = pytest.mark.django_db


def refusal(volunteer, shift):
    with pytest.raises(services.SignupRefused) as caught:
        services.sign_up(volunteer=volunteer, shift=shift)
    return caught.value


def test_missing_qualification_is_refused_and_named(minors):
    shift = ShiftFactory(mission=minors)
    error = refusal(VolunteerFactory(), shift)
    assert error.code == "qualification"
    assert "Checked to accompany minors" in error.messages[0]
    with translation.override("fr"):
        error = refusal(VolunteerFactory(), shift)
    assert "Vérifié pour accompagner des mineurs" in error.messages[0]


def test_validity_is_judged_on_the_shifts_date_not_today(minors):
    day = timezone.localdate() + timedelta(days=10)
    on_the_day = ShiftFactory(mission=minors, starts_at=local_dt(day, time(9)), ends_at=local_dt(day, time(13)))
    day_after = ShiftFactory(
        mission=minors,
        starts_at=local_dt(day + timedelta(days=1), time(9)),
        ends_at=local_dt(day + timedelta(days=1), time(13)),
    )
    checked = VolunteerFactory()
    grant(checked, "safeguarding", valid_until=day)  # valid today, and on `day`, not after
    assert services.sign_up(volunteer=checked, shift=on_the_day).status == "confirmed"
    assert refusal(checked, day_after).code == "qualification"


def test_the_local_date_counts_across_midnight_utc(minors):
    # 00:30 in Paris on day+1 is still `day` in UTC: the check expiring on `day` does not cover it.
    day = timezone.localdate() + timedelta(days=10)
    after_midnight = local_dt(day + timedelta(days=1), time(0, 30))
    assert after_midnight.astimezone(UTC).date() == day
    shift = ShiftFactory(mission=minors, starts_at=after_midnight, ends_at=after_midnight + timedelta(hours=3))
    checked = VolunteerFactory()
    grant(checked, "safeguarding", valid_until=day)
    assert refusal(checked, shift).code == "qualification"


def test_a_revoked_or_not_yet_granted_check_does_not_count(minors):
    shift = ShiftFactory(mission=minors)
    revoked = VolunteerFactory()
    grant(revoked, "safeguarding", revoked_at=timezone.now())
    assert refusal(revoked, shift).code == "qualification"


def test_a_mission_without_requirements_refuses_nobody_new(mission):
    qualification("safeguarding")
    assert services.sign_up(volunteer=VolunteerFactory(), shift=ShiftFactory(mission=mission)).status == "confirmed"


def test_a_coordinator_booking_someone_gets_the_same_rule(minors, coordinator):
    shift = ShiftFactory(mission=minors)
    with pytest.raises(services.SignupRefused) as caught:
        services.sign_up(volunteer=VolunteerFactory(), shift=shift, by=coordinator)
    assert caught.value.code == "qualification"
    assert "This person lacks" in caught.value.messages[0]


def test_declared_driving_licence_replaces_the_old_flag(calais):
    driving = MissionFactory(site=calais)
    driving.required_qualifications.add(qualification("driving-licence"))
    shift = ShiftFactory(mission=driving)
    person = VolunteerFactory()
    assert refusal(person, shift).code == "qualification"
    grant(person, "driving-licence", granted_by=person)
    assert services.sign_up(volunteer=person, shift=shift).status == "confirmed"
