"""Every rule of shifts.services.sign_up / cancel, one behaviour per test."""

import datetime
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from shifts import selectors, services
from shifts.models import Notification, Shift, Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, driver, local_dt, requiring

pytestmark = pytest.mark.django_db

FUTURE_DAY = date(2031, 6, 14)


def refusal(volunteer, shift) -> services.SignupRefused:
    with pytest.raises(services.SignupRefused) as caught:
        services.sign_up(volunteer=volunteer, shift=shift)
    return caught.value


def test_under_18_on_the_shift_local_date_is_refused(mission):
    shift = ShiftFactory(mission=mission, starts_at=local_dt(FUTURE_DAY, time(10)))
    turns_18_next_day = VolunteerFactory(birth_date=date(2013, 6, 15))
    error = refusal(turns_18_next_day, shift)
    assert error.code == "under_18"
    assert "18 or older" in error.messages[0]
    assert not Signup.objects.filter(volunteer=turns_18_next_day).exists()


def test_eighteenth_birthday_on_the_shift_day_is_allowed(mission):
    shift = ShiftFactory(mission=mission, starts_at=local_dt(FUTURE_DAY, time(10)))
    signup = services.sign_up(volunteer=VolunteerFactory(birth_date=date(2013, 6, 14)), shift=shift)
    assert signup.status == Signup.Status.CONFIRMED


def test_age_is_checked_on_the_local_date_not_the_utc_date(mission):
    # 00:30 in Paris on the birthday is still the day before in UTC.
    shift = ShiftFactory(mission=mission, starts_at=local_dt(FUTURE_DAY, time(0, 30)))
    assert shift.starts_at.astimezone(datetime.UTC).date() == FUTURE_DAY - timedelta(days=1)
    signup = services.sign_up(volunteer=VolunteerFactory(birth_date=date(2013, 6, 14)), shift=shift)
    assert signup.status == Signup.Status.CONFIRMED


def test_unknown_birth_date_is_refused(mission):
    error = refusal(VolunteerFactory(birth_date=None), ShiftFactory(mission=mission))
    assert error.code == "no_birth_date"


def test_started_shift_is_refused(mission):
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))
    error = refusal(VolunteerFactory(), shift)
    assert error.code == "started"
    assert "already started" in error.messages[0]


def test_cancelled_shift_is_refused(mission):
    error = refusal(VolunteerFactory(), ShiftFactory(mission=mission, is_cancelled=True))
    assert error.code == "cancelled"


def test_inactive_account_is_refused(mission):
    error = refusal(VolunteerFactory(is_active=False), ShiftFactory(mission=mission))
    assert error.code == "inactive"


def test_overlap_at_another_site_is_refused_and_names_the_other_shift(mission, chapelle):
    volunteer = VolunteerFactory()
    paris = MissionFactory(site=chapelle, name="Breakfast distribution")
    first = ShiftFactory(mission=paris, starts_at=local_dt(FUTURE_DAY, time(8)), ends_at=local_dt(FUTURE_DAY, time(12)))
    services.sign_up(volunteer=volunteer, shift=first)
    second = ShiftFactory(
        mission=mission, starts_at=local_dt(FUTURE_DAY, time(11)), ends_at=local_dt(FUTURE_DAY, time(15))
    )
    error = refusal(volunteer, second)
    assert error.code == "overlap"
    assert "Breakfast distribution" in error.messages[0]
    assert "Porte de la Chapelle" in error.messages[0]
    assert "08:00-12:00" in error.messages[0]


def test_shift_inside_another_is_an_overlap(mission):
    volunteer = VolunteerFactory()
    services.sign_up(
        volunteer=volunteer,
        shift=ShiftFactory(
            mission=mission, starts_at=local_dt(FUTURE_DAY, time(8)), ends_at=local_dt(FUTURE_DAY, time(20))
        ),
    )
    inner = ShiftFactory(
        mission=mission, starts_at=local_dt(FUTURE_DAY, time(10)), ends_at=local_dt(FUTURE_DAY, time(11))
    )
    assert refusal(volunteer, inner).code == "overlap"


def test_adjacent_shifts_are_fine(mission):
    volunteer = VolunteerFactory()
    morning = ShiftFactory(
        mission=mission, starts_at=local_dt(FUTURE_DAY, time(8)), ends_at=local_dt(FUTURE_DAY, time(12))
    )
    afternoon = ShiftFactory(
        mission=mission, starts_at=local_dt(FUTURE_DAY, time(12)), ends_at=local_dt(FUTURE_DAY, time(16))
    )
    services.sign_up(volunteer=volunteer, shift=morning)
    assert services.sign_up(volunteer=volunteer, shift=afternoon).status == Signup.Status.CONFIRMED


def test_a_cancelled_overlapping_signup_does_not_block(mission):
    volunteer = VolunteerFactory()
    first = ShiftFactory(mission=mission, starts_at=local_dt(FUTURE_DAY, time(8)))
    services.cancel(signup=services.sign_up(volunteer=volunteer, shift=first))
    second = ShiftFactory(mission=mission, starts_at=local_dt(FUTURE_DAY, time(9)))
    assert services.sign_up(volunteer=volunteer, shift=second).status == Signup.Status.CONFIRMED


def test_duplicate_signup_is_refused(mission):
    volunteer = VolunteerFactory()
    shift = ShiftFactory(mission=mission)
    services.sign_up(volunteer=volunteer, shift=shift)
    assert refusal(volunteer, shift).code == "duplicate"
    shift.refresh_from_db()
    assert shift.confirmed_count == 1


def test_duplicate_while_waitlisted_is_refused(mission):
    shift = ShiftFactory(mission=mission, capacity=1)
    services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    waiting = VolunteerFactory()
    services.sign_up(volunteer=waiting, shift=shift)
    assert refusal(waiting, shift).code == "duplicate"


def test_signing_up_again_after_cancelling_is_allowed(mission):
    volunteer = VolunteerFactory()
    shift = ShiftFactory(mission=mission)
    services.cancel(signup=services.sign_up(volunteer=volunteer, shift=shift))
    assert services.sign_up(volunteer=volunteer, shift=shift).status == Signup.Status.CONFIRMED


def test_driving_licence_required(calais):
    driving = requiring(MissionFactory(site=calais), "driving-licence")
    shift = ShiftFactory(mission=driving)
    error = refusal(VolunteerFactory(), shift)
    assert error.code == "qualification"
    assert "Driving licence" in error.messages[0]
    assert services.sign_up(volunteer=driver(), shift=shift).status == "confirmed"


def test_one_of_the_required_languages(calais):
    shift = ShiftFactory(mission=MissionFactory(site=calais, required_languages=["ar", "ps"]))
    error = refusal(VolunteerFactory(languages=["fr", "en"]), shift)
    assert error.code == "languages"
    assert "Arabic" in error.messages[0] and "Pashto" in error.messages[0]
    assert services.sign_up(volunteer=VolunteerFactory(languages=["en", "ps"]), shift=shift).status == "confirmed"


def test_minimum_experience_counts_shifts_attended(calais, mission):
    shift = ShiftFactory(mission=MissionFactory(site=calais, min_experience=2))
    novice = VolunteerFactory()

    def past(attendance):
        past_shift = ShiftFactory(
            mission=mission, starts_at=timezone.now() - timedelta(days=len(novice.signups.all()) + 1)
        )
        SignupFactory(shift=past_shift, volunteer=novice, status=Signup.Status.CONFIRMED, attendance=attendance)

    past(Signup.Attendance.PRESENT)
    past(Signup.Attendance.NO_SHOW)
    error = refusal(novice, shift)
    assert error.code == "experience"
    assert "at least 2 shifts" in error.messages[0]
    past(Signup.Attendance.PRESENT)
    assert services.sign_up(volunteer=novice, shift=shift).status == "confirmed"


def test_full_shift_waitlists_with_positions(mission):
    shift = ShiftFactory(mission=mission, capacity=2)
    signups = [services.sign_up(volunteer=VolunteerFactory(), shift=shift) for _ in range(5)]
    assert [s.status for s in signups] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [selectors.waitlist_position(s) for s in signups] == [None, None, 1, 2, 3]
    shift.refresh_from_db()
    assert shift.confirmed_count == 2


def test_cancel_frees_the_seat_and_promotes_the_first_waiting(mission):
    shift = ShiftFactory(mission=mission, capacity=1)
    booked = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    first = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    second = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    services.cancel(signup=booked)
    first.refresh_from_db()
    second.refresh_from_db()
    shift.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert selectors.waitlist_position(second) == 1
    assert shift.confirmed_count == 1
    assert Notification.objects.filter(kind="promoted", signup=first).count() == 1


def test_promotion_skips_and_keeps_those_who_now_overlap_or_are_ineligible(calais):
    driving = requiring(MissionFactory(site=calais), "driving-licence")
    shift = ShiftFactory(mission=driving, capacity=1, starts_at=local_dt(FUTURE_DAY, time(10)))
    booked = services.sign_up(volunteer=driver(), shift=shift)
    busy = driver()
    lost_licence = driver()
    eligible = driver()
    waiting = [services.sign_up(volunteer=person, shift=shift) for person in (busy, lost_licence, eligible)]
    # Since joining the waiting list, `busy` booked an overlapping shift and `lost_licence` lost it.
    other = ShiftFactory(mission=MissionFactory(site=calais), starts_at=local_dt(FUTURE_DAY, time(11)))
    services.sign_up(volunteer=busy, shift=other)
    lost_licence.qualification_grants.update(revoked_at=timezone.now())

    services.cancel(signup=booked)

    for signup in waiting:
        signup.refresh_from_db()
    assert [s.status for s in waiting] == ["waitlisted", "waitlisted", "confirmed"]
    assert [selectors.waitlist_position(s) for s in waiting[:2]] == [1, 2]
    shift.refresh_from_db()
    assert shift.confirmed_count == 1


def test_cancelling_a_waitlisted_signup_promotes_nobody(mission):
    shift = ShiftFactory(mission=mission, capacity=1)
    services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    first = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    second = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    services.cancel(signup=first)
    second.refresh_from_db()
    assert second.status == "waitlisted"
    assert selectors.waitlist_position(second) == 1


def test_late_cancellation_is_flagged_to_the_site_coordinators(mission, coordinator):
    soon = timezone.now() + timedelta(hours=10)
    shift = ShiftFactory(mission=mission, starts_at=soon)
    signup = services.cancel(signup=services.sign_up(volunteer=VolunteerFactory(), shift=shift))
    assert signup.is_late_cancellation is True
    notes = Notification.objects.filter(kind="late_cancellation", signup=signup)
    assert [n.recipient for n in notes] == [coordinator]


def test_cancellation_well_ahead_is_not_late(mission, coordinator):
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=30))
    signup = services.cancel(signup=services.sign_up(volunteer=VolunteerFactory(), shift=shift))
    assert signup.is_late_cancellation is False
    assert not Notification.objects.filter(kind="late_cancellation").exists()


def test_leaving_a_waiting_list_late_is_not_a_late_cancellation(mission, coordinator):
    shift = ShiftFactory(mission=mission, capacity=1, starts_at=timezone.now() + timedelta(hours=3))
    services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    signup = services.cancel(signup=services.sign_up(volunteer=VolunteerFactory(), shift=shift))
    assert signup.is_late_cancellation is False
    assert not Notification.objects.filter(kind="late_cancellation").exists()


def test_cancelling_twice_is_refused(mission):
    signup = services.sign_up(volunteer=VolunteerFactory(), shift=ShiftFactory(mission=mission))
    services.cancel(signup=signup)
    with pytest.raises(services.SignupRefused) as caught:
        services.cancel(signup=signup)
    assert caught.value.code == "already_cancelled"


def test_volunteer_cannot_cancel_a_started_shift_but_a_coordinator_can(mission, coordinator):
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3))
    signup = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    Shift.objects.filter(pk=shift.pk).update(starts_at=now - timedelta(minutes=10))
    with pytest.raises(services.SignupRefused) as caught:
        services.cancel(signup=signup)
    assert caught.value.code == "started"
    cancelled = services.cancel(signup=signup, by=coordinator)
    assert cancelled.status == "cancelled" and cancelled.cancelled_by == coordinator
    assert cancelled.is_late_cancellation is False


def test_booking_by_a_coordinator_records_who_booked(mission, coordinator, volunteer):
    signup = services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission), by=coordinator)
    assert signup.booked_by == coordinator
    assert signup.volunteer == volunteer
