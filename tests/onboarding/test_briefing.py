"""A briefing before a person's first shift at a site that asks for one; both in one go; coordinators' waivers."""

from datetime import time, timedelta

import pytest

from shifts import services
from shifts.models import BriefingWaiver, Signup
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory, local_dt
from tests.onboarding.conftest import attended
from volunteers.models import CharterAcceptance, Volunteer

pytestmark = pytest.mark.django_db


def refusal(volunteer, shift, by=None) -> services.SignupRefused:
    with pytest.raises(services.SignupRefused) as refused:
        services.sign_up(volunteer=volunteer, shift=shift, by=by)
    return refused.value


def test_a_first_timer_is_refused_without_a_briefing(volunteer, first_shift):
    error = refusal(volunteer, first_shift)
    assert error.code == "briefing"
    assert "first shift at Calais" in error.messages[0]
    assert not Signup.objects.filter(volunteer=volunteer).exists()


def test_a_coordinator_is_refused_too_and_told_how_to_waive_it(volunteer, first_shift, coordinator):
    error = refusal(volunteer, first_shift, by=coordinator)
    assert error.code == "briefing" and "waive" in error.messages[0]


def test_briefings_themselves_need_no_briefing(volunteer, briefing):
    assert services.sign_up(volunteer=volunteer, shift=briefing).status == "confirmed"


def test_a_briefing_on_or_before_the_day_opens_the_first_shift(volunteer, first_shift, briefing):
    services.sign_up(volunteer=volunteer, shift=briefing)
    assert services.sign_up(volunteer=volunteer, shift=first_shift).status == "confirmed"


def test_a_briefing_on_a_later_day_does_not(volunteer, first_shift, briefing_mission, shift_day):
    later = ShiftFactory(
        mission=briefing_mission,
        starts_at=local_dt(shift_day + timedelta(days=1), time(9, 30)),
        ends_at=local_dt(shift_day + timedelta(days=1), time(10)),
    )
    services.sign_up(volunteer=volunteer, shift=later)
    assert refusal(volunteer, first_shift).code == "briefing"


def test_only_the_first_shift_needs_it(volunteer, first_shift, briefing, mission, shift_day, coordinator):
    services.sign_up(volunteer=volunteer, shift=briefing)
    services.sign_up(volunteer=volunteer, shift=first_shift)
    # A coordinator may cancel it (the person may not: briefing_needed, tests/shifts/rules).
    services.cancel(signup=Signup.objects.get(volunteer=volunteer, shift=briefing), by=coordinator)
    next_day = ShiftFactory(mission=mission, starts_at=local_dt(shift_day + timedelta(days=1), time(10)))
    # The first shift (confirmed, earlier) counts as having been here.
    assert services.sign_up(volunteer=volunteer, shift=next_day).status == "confirmed"


def test_people_who_already_worked_here_need_none(volunteer, first_shift, mission):
    attended(volunteer, mission, 1)
    assert services.sign_up(volunteer=volunteer, shift=first_shift).status == "confirmed"


def test_by_default_a_site_asks_for_nothing(volunteer, mission):
    assert mission.site.requires_briefing is False
    assert services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission)).status == "confirmed"


def test_sign_up_with_briefing_books_both(volunteer, first_shift, briefing):
    booked_briefing, booked_shift = services.sign_up_with_briefing(volunteer=volunteer, shift=first_shift)

    assert (booked_briefing.shift, booked_briefing.status) == (briefing, "confirmed")
    assert (booked_shift.shift, booked_shift.status) == (first_shift, "confirmed")


def test_sign_up_with_briefing_books_neither_when_the_shift_is_refused(volunteer, first_shift, briefing, mission):
    first_shift.mission.required_languages = ["ar"]  # Vera speaks French and English
    first_shift.mission.save()

    with pytest.raises(services.SignupRefused) as refused:
        services.sign_up_with_briefing(volunteer=volunteer, shift=first_shift)

    assert refused.value.code == "languages"
    assert not Signup.objects.filter(volunteer=volunteer).exists()
    briefing.refresh_from_db()
    assert briefing.confirmed_count == 0


def test_sign_up_with_briefing_without_a_free_briefing(volunteer, first_shift, briefing):
    briefing.capacity = 1
    briefing.save()
    SignupFactory(shift=briefing, status=Signup.Status.CONFIRMED)
    briefing.confirmed_count = 1
    briefing.save()

    with pytest.raises(services.SignupRefused) as refused:
        services.sign_up_with_briefing(volunteer=volunteer, shift=first_shift)

    assert refused.value.code == "briefing"
    assert not Signup.objects.filter(volunteer=volunteer).exists()


def test_the_shift_page_offers_both_in_one_tap(client, volunteer, first_shift, briefing):
    client.force_login(volunteer)
    page = client.get(f"/shifts/{first_shift.pk}/").text
    assert "Book the 09:30 briefing and this shift" in page
    assert f'action="/shifts/{first_shift.pk}/signup/"' not in page

    response = client.post(f"/shifts/{first_shift.pk}/signup-with-briefing/")

    assert response.status_code == 302
    assert set(Signup.objects.filter(volunteer=volunteer).values_list("shift_id", flat=True)) == {
        briefing.pk,
        first_shift.pk,
    }
    page = client.get(response["Location"]).text
    assert "You are booked on the briefing" in page


def test_the_offer_in_french(client, volunteer, first_shift, briefing, settings):
    volunteer.preferred_language = "fr"
    volunteer.save()
    client.force_login(volunteer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(f"/shifts/{first_shift.pk}/").text
    assert "Réserver le briefing de 09:30 et ce créneau" in page


def test_waiving_the_briefing(volunteer, first_shift, coordinator):
    with pytest.raises(services.SignupRefused) as refused:
        services.waive_briefing(volunteer=volunteer, site=first_shift.mission.site, reason="  ", by=coordinator)
    assert refused.value.code == "reason"

    waiver = services.waive_briefing(
        volunteer=volunteer, site=first_shift.mission.site, reason="Briefed on the spot", by=coordinator
    )

    assert (waiver.waived_by, waiver.reason) == (coordinator, "Briefed on the spot")
    assert services.sign_up(volunteer=volunteer, shift=first_shift).status == "confirmed"


def test_the_waiver_page_is_for_the_sites_coordinators(client, volunteer, first_shift, coordinator, outsider):
    client.force_login(outsider)
    assert client.get("/roster/calais/briefing/").status_code == 403
    client.force_login(coordinator)
    response = client.get("/roster/calais/briefing/", {"q": "Vera"})
    assert "Waive the briefing for Vera" in response.text
    # Names, emails and phones of others: never kept by a browser or a proxy, as every roster page.
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}

    response = client.post("/roster/calais/briefing/", {"volunteer": volunteer.pk, "reason": "Regular in Paris"})

    assert response.status_code == 302
    assert BriefingWaiver.objects.get().waived_by == coordinator
    assert "Regular in Paris" in client.get("/roster/calais/briefing/").text


def walk_in_data(**overrides):
    data = {
        "first_name": "Wanda",
        "last_name": "Walkin",
        "phone": "+33611223344",
        "birth_date": "1990-01-01",
    }
    data.update(overrides)
    return data


def test_a_walk_in_is_booked_with_a_waiver_and_the_charter_read(client, coordinator, first_shift, charter):
    client.force_login(coordinator)
    url = f"/roster/calais/shift/{first_shift.pk}/walk-in/"
    assert "No photos without consent." in client.get(url).text

    refused = client.post(url, walk_in_data(briefing_waiver="Briefed on the spot"))
    assert "confirm they have read it" in refused.text
    refused = client.post(url, walk_in_data(charter_read="on"))
    assert "no briefing on or before that day" in refused.text
    assert not Volunteer.objects.filter(first_name="Wanda").exists()

    response = client.post(url, walk_in_data(charter_read="on", briefing_waiver="Briefed on the spot"))

    assert response.status_code == 302
    person = Volunteer.objects.get(first_name="Wanda")
    assert CharterAcceptance.objects.get(volunteer=person).recorded_by == coordinator
    assert BriefingWaiver.objects.get(volunteer=person).reason == "Briefed on the spot"
    assert Signup.objects.get(volunteer=person).shift == first_shift


def test_the_shift_page_query_count_does_not_grow_with_briefings(
    client, volunteer, first_shift, briefing_mission, shift_day, query_budget
):
    client.force_login(volunteer)
    with query_budget() as few:
        client.get(f"/shifts/{first_shift.pk}/")
    for days in range(1, 10):
        ShiftFactory(
            mission=briefing_mission,
            starts_at=local_dt(shift_day - timedelta(days=days), time(9, 30)),
            ends_at=local_dt(shift_day - timedelta(days=days), time(10)),
        )
        SignupFactory(shift__mission=first_shift.mission, volunteer=VolunteerFactory())
    with query_budget(len(few.captured_queries)):
        client.get(f"/shifts/{first_shift.pk}/")


def test_booking_several_days_books_the_briefing_with_the_first(volunteer, first_shift, briefing, mission, shift_day):
    later = [ShiftFactory(mission=mission, starts_at=local_dt(shift_day + timedelta(days=n), time(10))) for n in (1, 2)]
    outcomes = services.sign_up_many(volunteer=volunteer, shifts=[first_shift, *later])
    assert [getattr(outcome, "status", outcome) for _shift, outcome in outcomes] == ["confirmed"] * 3
    assert Signup.objects.get(volunteer=volunteer, shift=briefing).status == "confirmed"


def test_booking_several_days_without_any_briefing_to_be_had_says_why(volunteer, first_shift, mission, shift_day):
    later = ShiftFactory(mission=mission, starts_at=local_dt(shift_day + timedelta(days=1), time(10)))
    outcomes = services.sign_up_many(volunteer=volunteer, shifts=[first_shift, later])
    assert [outcome.code for _shift, outcome in outcomes] == ["briefing", "briefing"]
    assert not Signup.objects.filter(volunteer=volunteer).exists()
