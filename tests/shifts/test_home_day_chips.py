"""The home page: each site's next days, one tap each, to the shift list filtered to that site and day."""

from datetime import date, time, timedelta

import pytest
import time_machine

from tests.factories import ShiftFactory, local_dt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hour", [time(6), time(23, 30)])
def test_each_site_links_its_next_three_days(client, mission, chapelle, hour):
    today = date(2031, 6, 10)
    with time_machine.travel(local_dt(today, hour), tick=False):
        ShiftFactory(mission=mission, starts_at=local_dt(today + timedelta(days=1), time(10)))
        page = client.get("/")
        for n in range(3):
            day = (today + timedelta(days=n)).isoformat()
            assert f"/shifts/?site=calais&amp;date={day}" in page.text
            assert f"/shifts/?site=porte-de-la-chapelle&amp;date={day}" in page.text
        assert ">Today<" in page.text and ">Tomorrow<" in page.text
        listed = client.get(f"/shifts/?site=calais&date={(today + timedelta(days=1)).isoformat()}")
        assert listed.status_code == 200 and "Warehouse sorting" in listed.text
