"""Rows of the list pages format their times in Python (selectors.with_times): the same as the partial."""

from datetime import date, time

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from shifts.selectors import with_times
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, local_dt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Tokyo"])
def test_with_times_writes_what_the_shift_time_partial_writes(language, zone):
    site = SiteFactory(slug=f"site-{zone.lower().replace('/', '-')}", timezone=zone)
    shifts = [
        ShiftFactory(mission=MissionFactory(site=site), starts_at=local_dt(day, time(21), zone))
        for day in (date(2031, 1, 6), date(2031, 3, 30), date(2031, 8, 15))  # ends after midnight
    ]
    with translation.override(language):
        expected = [render_to_string("shifts/partials/shift_time.html", {"shift": shift}).strip() for shift in shifts]
        assert [str(shift.when) for shift in with_times(shifts)] == expected
    assert ("janvier" if language == "fr" else "January") in expected[0]
