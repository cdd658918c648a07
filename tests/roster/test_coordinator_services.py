"""The coordinators' services: shift changes, cancellations, calls for help, and the locks behind them."""

import threading
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from shifts import services
from shifts.models import Notification, Shift, Signup
from tests.factories import MissionFactory, SignupFactory, VolunteerFactory, grant, requiring
from volunteers.models import Volunteer

from .conftest import FUTURE_DAY, confirmed, make_shift, messages_of, started_shift

pytestmark = pytest.mark.django_db


def test_capacity_below_confirmed_is_refused_with_a_clear_message(mission, coordinator):
    shift = make_shift(mission, capacity=3)
    confirmed(shift)
    confirmed(shift)
    with pytest.raises(services.SignupRefused, match="2 people are confirmed"):
        services.update_shift(shift=shift, by=coordinator, capacity=1)
    shift.refresh_from_db()
    assert shift.capacity == 3


def test_raising_capacity_promotes_the_waiting_list(mission, coordinator):
    shift = make_shift(mission, capacity=1)
    confirmed(shift)
    waiting = SignupFactory(shift=shift)
    services.update_shift(shift=shift, by=coordinator, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED


def test_changing_the_time_tells_everyone_on_the_shift_once(mission, coordinator):
    shift = make_shift(mission)
    people = [confirmed(shift).volunteer, SignupFactory(shift=shift).volunteer]
    SignupFactory(shift=shift, status=Signup.Status.CANCELLED)
    services.update_shift(shift=shift, by=coordinator, starts_at=shift.starts_at + timedelta(hours=1))
    sent = Notification.objects.filter(kind="shift_changed")
    assert sorted(n.recipient_id for n in sent) == sorted(p.pk for p in people)
    # A change that changes nothing tells nobody.
    services.update_shift(shift=shift, by=coordinator, notes=shift.notes)
    assert sent.count() == 2


def test_edit_shift_page_changes_only_that_shift(coordinator_client, mission):
    shift = make_shift(mission, capacity=3)
    confirmed(shift)
    url = reverse("roster:edit_shift", args=["calais", shift.pk])
    data = {"day": FUTURE_DAY.isoformat(), "start_time": "11:00", "end_time": "01:00", "capacity": 4, "notes": "Gate B"}
    response = coordinator_client.post(url, data, follow=True)
    assert response.redirect_chain
    shift.refresh_from_db()
    assert shift.local_starts_at.time() == time(11)
    assert shift.local_ends_at.date() == FUTURE_DAY + timedelta(days=1)  # a night end
    assert (shift.capacity, shift.notes) == (4, "Gate B")
    assert Notification.objects.filter(kind="shift_changed").count() == 1


def test_edit_shift_page_shows_the_capacity_refusal_on_the_field(coordinator_client, mission):
    shift = make_shift(mission, capacity=3)
    confirmed(shift)
    confirmed(shift)
    data = {"day": FUTURE_DAY.isoformat(), "start_time": "10:00", "end_time": "13:00", "capacity": 1, "notes": ""}
    response = coordinator_client.post(reverse("roster:edit_shift", args=["calais", shift.pk]), data)
    assert response.status_code == 200
    assert "2 people are confirmed" in str(response.context["form"].errors["capacity"])
    shift.refresh_from_db()
    assert shift.capacity == 3


def test_cancel_shift_tells_people_then_releases_them(coordinator_client, coordinator, mission):
    shift = make_shift(mission)
    on_it = confirmed(shift)
    waiting = SignupFactory(shift=shift)
    coordinator_client.post(reverse("roster:cancel_shift", args=["calais", shift.pk]))
    shift.refresh_from_db()
    on_it.refresh_from_db()
    waiting.refresh_from_db()
    assert shift.is_cancelled and shift.confirmed_count == 0
    assert on_it.status == waiting.status == Signup.Status.CANCELLED
    assert on_it.cancelled_by == coordinator and not on_it.is_late_cancellation
    told = Notification.objects.filter(kind="shift_cancelled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([on_it.volunteer_id, waiting.volunteer_id])
    assert not Notification.objects.exclude(kind="shift_cancelled").exists()
    with pytest.raises(services.SignupRefused):
        services.cancel_shift(shift=shift, by=coordinator)


def _helper(**kw):
    defaults = {"urgent_calls": True}
    defaults.update(kw)
    return VolunteerFactory(**defaults)


def test_ask_for_help_picks_only_eligible_free_opted_in_people(mission, paris_mission, coordinator):
    shift = make_shift(mission, capacity=3)
    willing = _helper(first_name="Willing")
    _helper(first_name="Minor", birth_date=FUTURE_DAY - timedelta(days=365 * 16))
    VolunteerFactory(first_name="NotOptedIn", urgent_calls=False)
    busy = _helper(first_name="Busy")
    confirmed(make_shift(paris_mission, start=time(11)), busy)
    on_it = _helper(first_name="OnIt")
    confirmed(shift, on_it)
    _helper(first_name="Inactive", is_active=False)
    helpers = services.eligible_helpers(shift=shift)
    assert [p.first_name for p in helpers] == ["Willing"]

    assert services.ask_for_help(shift=shift, by=coordinator) == 1
    assert services.ask_for_help(shift=shift, by=coordinator) == 0  # clicked twice
    calls = Notification.objects.filter(kind="urgent_call")
    assert list(calls.values_list("recipient_id", "shift_id")) == [(willing.pk, shift.pk)]


def test_ask_for_help_respects_mission_requirements(calais, coordinator):
    drivers = requiring(MissionFactory(site=calais), "driving-licence")
    shift = make_shift(drivers)
    _helper()
    driver = _helper()
    grant(driver, "driving-licence", granted_by=driver)
    assert services.eligible_helpers(shift=shift) == [driver]


def test_ask_for_help_button_twice_records_one_message_each(coordinator_client, mission):
    shift = make_shift(mission, capacity=2)
    _helper()
    _helper()
    url = reverse("roster:ask_for_help", args=["calais", shift.pk])
    first = coordinator_client.post(url, follow=True)
    second = coordinator_client.post(url, follow=True)
    assert "2 volunteers" in messages_of(first)[-1]
    assert "Nobody else can be asked" in messages_of(second)[-1]
    assert Notification.objects.filter(kind="urgent_call").count() == 2


def test_ask_for_help_refused_for_a_full_or_started_shift(mission, coordinator):
    full = make_shift(mission, capacity=1)
    confirmed(full)
    _helper()
    with pytest.raises(services.SignupRefused, match="full"):
        services.ask_for_help(shift=full, by=coordinator)
    with pytest.raises(services.SignupRefused, match="started"):
        services.ask_for_help(shift=started_shift(mission), by=coordinator)
    assert not Notification.objects.exists()


def test_walk_in_service_enforces_18_today(coordinator):
    from django.utils import timezone

    today = timezone.localdate()
    with pytest.raises(services.SignupRefused, match="18 or older"):
        services.add_walk_in(
            first_name="Kid",
            last_name="K",
            phone="+33611111111",
            birth_date=today.replace(year=today.year - 10),
            by=coordinator,
        )
    with pytest.raises(services.SignupRefused):
        services.add_walk_in(first_name="No", last_name="Birth", phone="+33611111111", birth_date=None, by=coordinator)
    person = services.add_walk_in(
        first_name="Ada", last_name="Adult", phone="+33611111111", birth_date=date(1980, 1, 1), by=coordinator
    )
    assert person.is_walk_in and person.email is None and not person.has_usable_password()


def test_move_refuses_another_site(mission, paris_mission, coordinator):
    signup = confirmed(make_shift(mission))
    with pytest.raises(services.SignupRefused, match="same site"):
        services.move(signup=signup, to_shift=make_shift(paris_mission), by=coordinator)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_into_the_last_seat_never_overfill(coordinator):
    from tests.factories import SiteFactory

    site = SiteFactory(slug="calais")
    site_mission = MissionFactory(site=site)
    target = make_shift(site_mission, start=time(16), capacity=1)
    origins = [make_shift(site_mission, start=time(8 + i)) for i in range(6)]
    signups = [confirmed(origin) for origin in origins]
    results = []
    barrier = threading.Barrier(len(signups))

    def attempt(signup):
        try:
            barrier.wait()
            services.move(signup=signup, to_shift=target, by=coordinator)
            results.append("moved")
        except services.SignupRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(s,)) for s in signups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["moved"] + ["refused"] * 5
    target.refresh_from_db()
    assert target.confirmed_count == 1
    assert Signup.objects.filter(shift=target, status=Signup.Status.CONFIRMED).count() == 1
    # Those who were refused kept their seat.
    assert Signup.objects.filter(shift__in=origins, status=Signup.Status.CONFIRMED).count() == 5
    assert sum(Shift.objects.filter(pk__in=[o.pk for o in origins]).values_list("confirmed_count", flat=True)) == 5


def test_two_walk_ins_without_email_can_coexist(coordinator):
    for name in ("One", "Two"):
        services.add_walk_in(
            first_name=name, last_name="Walk", phone="+33611111111", birth_date=date(1980, 1, 1), by=coordinator
        )
    assert list(Volunteer.objects.filter(last_name="Walk").values_list("email", flat=True)) == [None, None]


def _race(count, work):
    results, barrier = [], threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            results.append(work(index))
        except services.SignupRefused as refusal:
            results.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ask_for_help_clicked_at_once_by_two_coordinators_sends_one_each(coordinator):
    from tests.factories import SiteFactory

    shift = make_shift(MissionFactory(site=SiteFactory(slug="calais")), capacity=3)
    helpers = [_helper() for _ in range(4)]
    results = _race(2, lambda _i: services.ask_for_help(shift=shift, by=coordinator))
    assert sorted(results) == [0, 4]
    calls = Notification.objects.filter(kind="urgent_call")
    assert sorted(calls.values_list("recipient_id", flat=True)) == sorted(h.pk for h in helpers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_lowering_capacity_while_people_sign_up_never_overfills(coordinator):
    from tests.factories import SiteFactory

    shift = make_shift(MissionFactory(site=SiteFactory(slug="calais")), capacity=5)
    people = [VolunteerFactory() for _ in range(4)]

    def work(index):
        if index == 0:
            return services.update_shift(shift=shift, by=coordinator, capacity=2).capacity
        return services.sign_up(volunteer=people[index - 1], shift=shift).status

    _race(5, work)
    shift.refresh_from_db()
    confirmed_now = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
    assert shift.confirmed_count == confirmed_now <= shift.capacity
    assert Signup.objects.filter(shift=shift).count() == 4
