"""Volunteers never see other volunteers' email, phone, last name or birth date on the sign-up pages."""

from datetime import date

import pytest

from tests.factories import ShiftFactory, VolunteerFactory
from tests.shifts.helpers import fill

pytestmark = pytest.mark.django_db


def test_no_page_shows_another_volunteers_contact_details(client, mission, volunteer):
    other = VolunteerFactory(
        email="zebulon.secret@example.org",
        first_name="Zebulon",
        last_name="Quackenbush",
        phone="+33699887766",
        birth_date=date(1985, 2, 3),
        emergency_contact_name="Hortense Hidden",
        emergency_contact_phone="+33611223344",
    )
    shift = ShiftFactory(mission=mission, capacity=2)
    fill(shift, confirmed=2, people=[other, volunteer])
    full = ShiftFactory(mission=mission, capacity=1)
    fill(full, confirmed=1, waitlisted=1, people=[other, volunteer])
    client.force_login(volunteer)

    pages = {
        url: client.get(url) for url in ("/", "/shifts/", f"/shifts/{shift.pk}/", f"/shifts/{full.pk}/", "/me/shifts/")
    }
    pages["feed"] = client.get(f"/calendar/{volunteer.calendar_token}.ics")
    pages["htmx"] = client.post(f"/shifts/{full.pk}/cancel/", headers={"HX-Request": "true"})

    assert "Zebulon Q." in pages[f"/shifts/{shift.pk}/"].text
    for url, response in pages.items():
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in (
            "zebulon.secret",
            "Quackenbush",
            "99887766",
            "99 88 77 66",
            "1985",
            "Hortense",
            "11223344",
            other.calendar_token,
        ):
            assert secret not in text, (url, secret)
