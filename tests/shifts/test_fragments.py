"""The home page's needs and sites are cached for everyone alike (shifts/fragments.py), and never shown stale
after a change made through the application."""

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shifts import fragments, services
from shifts.roster.planning import generate_shifts
from tests.factories import ShiftFactory, ShiftTemplateFactory, VolunteerFactory, local_dt

pytestmark = pytest.mark.django_db


def soon(days=1, hour=10):
    return local_dt(timezone.localdate() + timedelta(days=days), time(hour))


def sites(response) -> str:
    text = response.text
    return text[text.index('<section aria-labelledby="gaps-title">') : text.index("</main>")]


def test_the_second_visit_is_served_from_the_cache(client, mission, django_assert_max_num_queries):
    ShiftFactory(mission=mission, capacity=4, starts_at=soon())
    first = client.get("/")
    with django_assert_max_num_queries(0):  # anonymous: no session, no user, and the needs come cached
        second = client.get("/")
    assert sites(second) == sites(first)
    assert "4 people missing" in second.text


def test_a_sign_up_shows_on_the_next_visit(client, mission):
    shift = ShiftFactory(mission=mission, capacity=4, starts_at=soon())
    assert "4 people missing" in client.get("/").text

    services.sign_up(volunteer=VolunteerFactory(), shift=shift)

    assert "3 people missing" in client.get("/").text


def test_a_cancellation_and_a_capacity_change_show_on_the_next_visit(client, mission, coordinator):
    shift = ShiftFactory(mission=mission, capacity=4, starts_at=soon())
    signup = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    assert "3 people missing" in client.get("/").text

    services.cancel(signup=signup)
    assert "4 people missing" in client.get("/").text

    services.update_shift(shift=shift, by=coordinator, capacity=6)
    assert "6 people missing" in client.get("/").text


def test_shifts_generated_in_bulk_show_on_the_next_visit(client, mission):
    tomorrow = timezone.localdate() + timedelta(days=1)
    ShiftTemplateFactory(mission=mission, weekday=tomorrow.weekday(), start_time=time(14), capacity=5)
    assert "5 people missing" not in client.get("/").text

    generate_shifts(site=mission.site, start=tomorrow, days=1)

    assert "5 people missing" in client.get("/").text


def test_a_renamed_mission_shows_on_the_next_visit(client, mission):
    ShiftFactory(mission=mission, starts_at=soon())
    assert "Warehouse sorting" in client.get("/").text

    mission.name = "Sorting at the warehouse"
    mission.save()

    assert "Sorting at the warehouse" in client.get("/").text


def test_each_language_has_its_own_fragment(client, mission):
    ShiftFactory(mission=mission, capacity=4, starts_at=soon())
    assert "4 people missing" in client.get("/", headers={"accept-language": "en"}).text
    french = client.get("/", headers={"accept-language": "fr"}).text
    assert "4 personnes manquantes" in french
    assert "people missing" not in french
    assert "4 people missing" in client.get("/", headers={"accept-language": "en"}).text


def _seconds_left(key: str) -> float:
    """How long the cache keeps `key` (Redis in CI, process memory otherwise)."""
    full = cache.make_and_validate_key(key)
    client = getattr(cache._cache, "get_client", None)
    if client is not None:
        return client(full).ttl(full)
    import time as clock

    return cache._expire_info[full] - clock.time()


def test_a_fragment_expires_even_without_a_change(mission):
    ShiftFactory(mission=mission, starts_at=soon())
    rendered = []
    fragments.cached("probe", lambda: rendered.append(1) or "<p>one</p>")
    fragments.cached("probe", lambda: rendered.append(1) or "<p>one</p>")
    assert rendered == [1]
    key = fragments.current_key("probe")
    assert cache.get(key) == "<p>one</p>"
    # Kept for EXPIRY_S at most, so a change no signal announced shows within that time.
    assert 0 < _seconds_left(key) <= fragments.EXPIRY_S <= 60


def test_the_shift_list_shows_a_sign_up_on_the_next_visit(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=2, starts_at=soon())
    assert "0 of 2 people booked" in client.get("/shifts/").text

    services.sign_up(volunteer=volunteer, shift=shift)

    assert "1 of 2 people booked" in client.get("/shifts/").text
    client.force_login(volunteer)
    mine = client.get("/shifts/").text
    assert "1 of 2 people booked" in mine and "You are booked" in mine


def test_the_shift_list_with_other_parameters_is_rendered_for_the_request(client, mission):
    ShiftFactory(mission=mission, capacity=2, starts_at=soon())
    response = client.get("/shifts/", {"site": "calais", "utm_source": "<script>x</script>"})
    assert response.status_code == 200
    assert "0 of 2 people booked" in response.text
    assert "<script>x</script>" not in response.text
    assert not [key for key in _keys() if "utm_source" in key]


def _keys() -> list[str]:
    client = getattr(cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        return [key.decode() for key in client.get_client().keys("*")]
    return [key for key in getattr(cache, "_cache", {})]  # local memory


def test_a_shift_page_shows_the_latest_sign_up_and_each_visitor_their_own_box(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=3, starts_at=soon())
    other = VolunteerFactory(first_name="Nadia", last_name="Benali")
    client.force_login(volunteer)
    assert "0 of 3 people booked" in client.get(f"/shifts/{shift.pk}/").text

    services.sign_up(volunteer=other, shift=shift)

    page = client.get(f"/shifts/{shift.pk}/").text
    assert "1 of 3 people booked" in page and "Nadia B." in page
    assert "Sign up for this shift" in page and "You are booked" not in page
    services.sign_up(volunteer=volunteer, shift=shift)
    page = client.get(f"/shifts/{shift.pk}/").text
    assert "You are booked" in page and "Cancel my sign-up" in page
    client.logout()
    anonymous = client.get(f"/shifts/{shift.pk}/").text
    assert "Nadia" not in anonymous and "2 volunteers are going." in anonymous
    assert "Log in to sign up" in anonymous and "You are booked" not in anonymous


def test_an_unknown_shift_is_still_404_when_asked_twice(client, db):
    assert client.get("/shifts/999999/").status_code == 404
    assert client.get("/shifts/999999/").status_code == 404


def test_nothing_is_kept_when_the_cache_is_not_shared(client, mission, settings):
    settings.KEEP_FRAGMENTS = False  # production without Redis: one cache per gunicorn worker
    ShiftFactory(mission=mission, capacity=4, starts_at=soon())
    assert "4 people missing" in client.get("/").text
    assert not [key for key in _keys() if "fragments:home" in key]
