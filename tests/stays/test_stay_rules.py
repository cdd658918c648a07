"""Every rule of plan_stay / change_stay / cancel_stay, and the code it refuses with."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from shifts.models import Signup
from stays import services
from stays.models import Stay, StayNight
from tests.factories import AccommodationFactory, SiteFactory, VolunteerFactory

from .conftest import ARRIVAL, working

pytestmark = pytest.mark.django_db


def plan(volunteer, site, arrives_on=ARRIVAL, nights=3, needs_bed=False, **kw):
    return services.plan_stay(
        volunteer=volunteer,
        site=site,
        arrives_on=arrives_on,
        leaves_on=arrives_on + timedelta(days=nights),
        needs_bed=needs_bed,
        **kw,
    )


def refused_code(call) -> str:
    with pytest.raises(services.StayRefused) as caught:
        call()
    return caught.value.code


def test_a_stay_without_a_bed_needs_no_shift(volunteer, calais):
    stay = plan(volunteer, calais)
    assert stay.status == Stay.Status.CONFIRMED
    assert not stay.bed_nights.exists()


def test_a_stay_with_a_bed_holds_one_bed_each_night(volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 3)
    stay = plan(volunteer, calais, needs_bed=True)
    nights = list(stay.bed_nights.order_by("night"))
    assert [n.night for n in nights] == [ARRIVAL + timedelta(days=i) for i in range(3)]
    assert {(n.accommodation_id, n.bed) for n in nights} == {(bungalows.pk, 1)}


def test_under_18_on_the_arrival_day_is_refused(calais):
    teenager = VolunteerFactory(birth_date=ARRIVAL.replace(year=ARRIVAL.year - 18) + timedelta(days=1))
    assert refused_code(lambda: plan(teenager, calais)) == "under_18"
    assert not Stay.objects.exists()


def test_turning_18_on_the_arrival_day_is_enough(calais):
    person = VolunteerFactory(birth_date=date(ARRIVAL.year - 18, ARRIVAL.month, ARRIVAL.day))
    assert plan(person, calais).pk


def test_no_birth_date_is_refused_as_under_18(calais):
    person = VolunteerFactory(birth_date=None)
    assert refused_code(lambda: plan(person, calais)) == "under_18"


@pytest.mark.parametrize(
    ("arrives", "leaves"),
    [
        (ARRIVAL, ARRIVAL),  # no night
        (ARRIVAL, ARRIVAL - timedelta(days=1)),  # leaves before arriving
        (ARRIVAL, ARRIVAL + timedelta(days=31)),  # more than 30 nights
        (date.today() - timedelta(days=3), date.today() + timedelta(days=2)),  # arrives in the past
    ],
)
def test_dates_are_checked(volunteer, calais, arrives, leaves):
    call = lambda: services.plan_stay(  # noqa: E731
        volunteer=volunteer, site=calais, arrives_on=arrives, leaves_on=leaves, needs_bed=False
    )
    assert refused_code(call) == "dates"


def test_thirty_nights_is_allowed(volunteer, calais):
    assert plan(volunteer, calais, nights=30).nights == 30


def test_two_stays_of_one_person_may_not_overlap(volunteer, calais, chapelle):
    plan(volunteer, calais, nights=5)
    assert refused_code(lambda: plan(volunteer, chapelle, arrives_on=ARRIVAL + timedelta(days=4))) == "overlap"
    # Leaving one site the day one arrives at the next is fine.
    assert plan(volunteer, chapelle, arrives_on=ARRIVAL + timedelta(days=5)).pk


def test_a_cancelled_stay_does_not_overlap(volunteer, calais):
    services.cancel_stay(stay=plan(volunteer, calais))
    assert plan(volunteer, calais).pk


def test_a_bed_only_where_the_site_has_accommodation(volunteer, chapelle):
    assert refused_code(lambda: plan(volunteer, chapelle, needs_bed=True)) == "no_accommodation"
    assert plan(volunteer, chapelle, needs_bed=False).pk


def test_closed_accommodation_takes_no_stay(volunteer, calais, mission):
    AccommodationFactory(site=calais, is_active=False)
    working(volunteer, mission, ARRIVAL, 3)
    assert refused_code(lambda: plan(volunteer, calais, needs_bed=True)) == "no_accommodation"


def test_a_bed_needs_a_shift_that_day_or_the_next(volunteer, calais, bungalows, mission):
    # Shifts on the 2nd and 3rd days: the 1st night is backed by the 2nd day's shift (the day after),
    # the 4th night (day 4, shift on neither day 4 nor day 5) is not.
    working(volunteer, mission, ARRIVAL + timedelta(days=1), 2)
    with pytest.raises(services.StayRefused) as caught:
        plan(volunteer, calais, nights=4, needs_bed=True)
    assert caught.value.code == "no_shift"
    assert caught.value.nights == [ARRIVAL + timedelta(days=3)]
    assert not StayNight.objects.exists()
    assert plan(volunteer, calais, nights=3, needs_bed=True).bed_nights.count() == 3


def test_a_waitlisted_or_cancelled_shift_does_not_back_a_bed(volunteer, calais, bungalows, mission):
    shifts = working(volunteer, mission, ARRIVAL, 1)
    Signup.objects.filter(shift=shifts[0]).update(status=Signup.Status.WAITLISTED)
    assert refused_code(lambda: plan(volunteer, calais, nights=1, needs_bed=True)) == "no_shift"


def test_a_full_night_refuses_the_bed_naming_the_nights(volunteer, calais, bungalows, mission):
    for _i in range(3):
        other = VolunteerFactory()
        working(other, mission, ARRIVAL + timedelta(days=1), 1)
        plan(other, calais, arrives_on=ARRIVAL + timedelta(days=1), nights=1, needs_bed=True)
    working(volunteer, mission, ARRIVAL, 3)
    with pytest.raises(services.StayRefused) as caught:
        plan(volunteer, calais, nights=3, needs_bed=True)
    assert caught.value.code == "full"
    assert caught.value.nights == [ARRIVAL + timedelta(days=1)]
    # ... and the same stay without a bed is fine.
    assert plan(volunteer, calais, nights=3, needs_bed=False).pk


def test_a_stay_keeps_one_bed_when_one_is_free_all_along(volunteer, calais, bungalows, mission):
    first = VolunteerFactory()
    working(first, mission, ARRIVAL, 1)
    plan(first, calais, nights=1, needs_bed=True)  # bed 1 on the first night
    working(volunteer, mission, ARRIVAL, 3)
    stay = plan(volunteer, calais, nights=3, needs_bed=True)
    assert set(stay.bed_nights.values_list("bed", flat=True)) == {2}


def test_the_database_refuses_two_people_in_one_bed(volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 1)
    stay = plan(volunteer, calais, nights=1, needs_bed=True)
    other = Stay.objects.create(volunteer=VolunteerFactory(), site=calais, arrives_on=ARRIVAL, leaves_on=stay.leaves_on)
    with pytest.raises(IntegrityError), transaction.atomic():
        StayNight.objects.create(stay=other, accommodation=bungalows, night=ARRIVAL, bed=1)


def test_the_database_refuses_a_stay_ending_before_it_starts(volunteer, calais):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL)


def test_an_inactive_account_cannot_plan(calais):
    person = VolunteerFactory(is_active=False)
    assert refused_code(lambda: plan(person, calais)) == "inactive"


# --- change ---------------------------------------------------------------------------------------------


def test_changing_keeps_the_bed_frees_dropped_nights_and_books_added_ones(volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 5)
    stay = plan(volunteer, calais, nights=3, needs_bed=True)
    services.change_stay(stay=stay, arrives_on=ARRIVAL + timedelta(days=1), leaves_on=ARRIVAL + timedelta(days=5))
    nights = list(stay.bed_nights.order_by("night").values_list("night", "bed"))
    assert nights == [(ARRIVAL + timedelta(days=i), 1) for i in range(1, 5)]


def test_changing_checks_the_added_nights(volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 3)
    stay = plan(volunteer, calais, nights=3, needs_bed=True)
    with pytest.raises(services.StayRefused) as caught:
        services.change_stay(stay=stay, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=6))
    assert caught.value.code == "no_shift"
    assert stay.bed_nights.count() == 3  # nothing changed
    stay.refresh_from_db()
    assert stay.leaves_on == ARRIVAL + timedelta(days=3)


def test_changing_into_another_stay_is_an_overlap(volunteer, calais, chapelle):
    stay = plan(volunteer, calais, nights=2)
    plan(volunteer, chapelle, arrives_on=ARRIVAL + timedelta(days=3), nights=2)
    with pytest.raises(services.StayRefused) as caught:
        services.change_stay(stay=stay, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=4))
    assert caught.value.code == "overlap"


def test_changing_to_more_than_30_nights_is_refused(volunteer, calais):
    stay = plan(volunteer, calais)
    with pytest.raises(services.StayRefused) as caught:
        services.change_stay(stay=stay, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=31))
    assert caught.value.code == "dates"


def test_changing_a_cancelled_stay_is_refused(volunteer, calais):
    stay = services.cancel_stay(stay=plan(volunteer, calais))
    with pytest.raises(services.StayRefused) as caught:
        services.change_stay(stay=stay, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2))
    assert caught.value.code == "cancelled"


# --- cancel ---------------------------------------------------------------------------------------------


def test_cancelling_frees_every_night_at_once(volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 3)
    stay = plan(volunteer, calais, needs_bed=True)
    services.cancel_stay(stay=stay)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CANCELLED
    assert stay.cancelled_by == volunteer
    assert not StayNight.objects.exists()


def test_cancelling_twice_is_refused(volunteer, calais):
    stay = services.cancel_stay(stay=plan(volunteer, calais))
    with pytest.raises(services.StayRefused) as caught:
        services.cancel_stay(stay=stay)
    assert caught.value.code == "cancelled"


def test_beds_cannot_drop_below_a_bed_still_held(volunteer, calais, bungalows, mission):
    others = [VolunteerFactory() for _i in range(3)]
    for person in others:
        working(person, mission, ARRIVAL, 1)
        plan(person, calais, nights=1, needs_bed=True)
    with pytest.raises(services.StayRefused) as caught:
        services.change_beds(accommodation=bungalows, beds=2)
    assert caught.value.code == "beds_taken"
    assert services.change_beds(accommodation=bungalows, beds=5).beds == 5


def test_other_sites_accommodation_is_not_used(volunteer, mission):
    elsewhere = SiteFactory()
    AccommodationFactory(site=elsewhere)
    working(volunteer, mission, ARRIVAL, 3)
    assert refused_code(lambda: plan(volunteer, mission.site, needs_bed=True)) == "no_accommodation"
