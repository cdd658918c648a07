from datetime import date, time

import pytest

from records.selectors import record_for
from shifts import services as shift_services
from tests.factories import VolunteerFactory

from .conftest import attend, shift_on

pytestmark = pytest.mark.django_db


def test_hours_days_and_shifts_against_known_data(history, volunteer):
    record = record_for(volunteer)
    assert record.shifts == 4
    assert record.minutes == 13 * 60 + 30
    assert record.day_count == 3
    assert (record.first_day, record.last_day) == (date(2025, 6, 10), date(2025, 7, 31))
    assert record.unrecorded == 1


def test_hours_per_site_and_per_month(history, volunteer):
    record = record_for(volunteer)
    assert [(line.label, line.minutes, line.day_count, line.shifts) for line in record.by_site] == [
        ("Calais", 690, 2, 3),
        ("Porte de la Chapelle (Paris)", 120, 1, 1),
    ]
    # The night shift from 31 July 21:00 to 1 August 01:00 counts in July, on the day it started.
    assert [(line.key, line.minutes, line.day_count) for line in record.by_month] == [
        (date(2025, 6, 1), 450, 1),
        (date(2025, 7, 1), 360, 2),
    ]


def test_no_shows_cancellations_waiting_places_and_the_future_do_not_count(history, volunteer):
    counted, not_counted = history
    record = record_for(volunteer)
    assert record.shifts == len(counted)
    for signup in not_counted:
        others = VolunteerFactory()
        signup.volunteer = others
        signup.save()
    assert record_for(volunteer).minutes == record.minutes


def test_a_walk_in_who_came_has_their_hours(coordinator, warehouse):
    person = shift_services.add_walk_in(
        first_name="Wanda", last_name="Walkin", phone="+33611111111", birth_date=date(1995, 1, 2), by=coordinator
    )
    attend(person, shift_on(warehouse, date(2025, 6, 20), time(8), 300))
    record = record_for(person)
    assert (record.shifts, record.minutes, record.day_count, record.unrecorded) == (1, 300, 1, 0)


def test_someone_who_never_came_has_an_empty_record(volunteer, warehouse):
    attend(volunteer, shift_on(warehouse, date(2025, 6, 20), time(8), 300), attendance="no_show")
    record = record_for(volunteer)
    assert (record.shifts, record.minutes, record.day_count, record.first_day) == (0, 0, 0, None)


def test_the_record_reads_two_queries_however_long_the_history(query_budget, volunteer, warehouse):
    def count():
        with query_budget() as queries:
            record_for(volunteer)
        return len(queries)

    attend(volunteer, shift_on(warehouse, date(2025, 1, 1), time(8), 60))
    few = count()
    for day in range(2, 29):
        attend(volunteer, shift_on(warehouse, date(2025, 2, day), time(8), 60))
    assert count() == few == 2
