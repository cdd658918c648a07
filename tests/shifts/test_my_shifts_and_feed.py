"""/me/shifts/ and the private calendar feed."""

import re
import zoneinfo
from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from shifts import services
from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory, local_dt
from tests.shifts.helpers import fill

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def past_shift(mission, days_ago):
    start = timezone.now() - timedelta(days=days_ago)
    return ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3))


def test_my_shifts_needs_login(client):
    response = client.get("/me/shifts/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/shifts/"


def test_my_shifts_lists_upcoming_with_status_and_cancel_and_past(client, mission, volunteer):
    booked = ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 6), time(8)))
    fill(booked, confirmed=1, people=[volunteer])
    full = ShiftFactory(mission=MissionFactory(site=mission.site, name="Kitchen"), capacity=1)
    fill(full, confirmed=1, waitlisted=1)
    fill(full, waitlisted=1, people=[volunteer])
    went = past_shift(MissionFactory(site=mission.site, name="Old mission"), 10)
    Signup.objects.create(shift=went, volunteer=volunteer, status="confirmed", attendance="present")
    client.force_login(volunteer)

    response = client.get("/me/shifts/")

    assert response.status_code == 200
    assert [s.shift_id for s in response.context["upcoming"]] == [full.pk, booked.pk]
    assert "Waiting list: number 2" in response.text
    assert "You are booked" in response.text
    assert response.text.count('/cancel/?next=/me/shifts/"') == 2
    assert "Old mission" in response.text and "attended" in response.text
    assert f"/calendar/{volunteer.calendar_token}.ics" in response.text
    assert 'action="/me/shifts/calendar/regenerate/"' in response.text


def test_past_shifts_are_paginated(client, mission, volunteer):
    for days_ago in range(1, 26):
        Signup.objects.create(shift=past_shift(mission, days_ago), volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)
    assert len(client.get("/me/shifts/").context["past"].object_list) == 20
    assert len(client.get("/me/shifts/?page=2").context["past"].object_list) == 5


def test_my_shifts_query_count_is_flat(client, mission, volunteer, query_budget):
    client.force_login(volunteer)
    start = timezone.now() + timedelta(days=3)

    def add(n, offset):
        for i in range(n):
            shift = ShiftFactory(mission=mission, capacity=1, starts_at=start + timedelta(hours=offset + i * 5))
            fill(shift, confirmed=1, waitlisted=7)
            Signup.objects.create(shift=shift, volunteer=volunteer, status="waitlisted")
            Signup.objects.create(shift=past_shift(mission, offset + i + 1), volunteer=volunteer, status="confirmed")

    add(3, 0)
    with query_budget() as small:
        assert client.get("/me/shifts/").status_code == 200
    add(30, 100)
    with query_budget(len(small.captured_queries)):
        response = client.get("/me/shifts/")
    # Upcoming shifts come 20 to a page (they used to be listed all at once).
    assert response.text.count("Waiting list: number 8") == 20
    with query_budget(len(small.captured_queries)):
        response = client.get("/me/shifts/?upcoming=2")
    assert response.text.count("Waiting list: number 8") == 13


def test_upcoming_shifts_are_paginated_apart_from_past_ones(client, mission, volunteer):
    start = timezone.now() + timedelta(days=2)
    upcoming = [ShiftFactory(mission=mission, starts_at=start + timedelta(days=i)) for i in range(23)]
    for shift in upcoming:
        Signup.objects.create(shift=shift, volunteer=volunteer, status="confirmed")
    for days_ago in range(1, 26):
        Signup.objects.create(shift=past_shift(mission, days_ago), volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)

    first = client.get("/me/shifts/")
    assert [s.shift_id for s in first.context["upcoming"]] == [shift.pk for shift in upcoming[:20]]
    assert first.text.count("Cancel my sign-up") == 20
    assert 'href="?upcoming=2#upcoming-title"' in first.text and 'href="?page=2"' in first.text

    both = client.get("/me/shifts/?upcoming=2&page=2")
    assert [s.shift_id for s in both.context["upcoming"]] == [shift.pk for shift in upcoming[20:]]
    assert len(both.context["past"].object_list) == 5
    assert 'href="?upcoming=1&amp;page=2#upcoming-title"' in both.text  # each list keeps the other's page
    assert 'href="?upcoming=2&amp;page=1"' in both.text


def test_regenerate_replaces_the_token_and_the_old_feed_is_gone(client, volunteer):
    old = volunteer.calendar_token
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    client.force_login(volunteer)
    response = client.post("/me/shifts/calendar/regenerate/", follow=True)
    assert "Your calendar link has changed" in response.text
    volunteer.refresh_from_db()
    assert volunteer.calendar_token != old and len(volunteer.calendar_token) >= 40
    client.logout()
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{volunteer.calendar_token}.ics").status_code == 200


def test_regenerate_is_post_only(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/me/shifts/calendar/regenerate/").status_code == 405


def test_unknown_token_is_404(client, db):
    assert client.get("/calendar/not-a-real-token-at-all-000000000.ics").status_code == 404


def test_feed_works_without_a_session_and_lists_confirmed_shifts_only(client, calais, volunteer):
    calais.address = "Rue des Verrotières, Calais"
    calais.save()
    mission = MissionFactory(site=calais, name="Warehouse sorting", what_to_bring="Gloves")
    mine = ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 6), time(8)))
    services.sign_up(volunteer=volunteer, shift=mine)
    waiting = ShiftFactory(mission=mission, capacity=1, starts_at=local_dt(date(2031, 1, 7), time(8)))
    fill(waiting, confirmed=1)
    fill(waiting, waitlisted=1, people=[volunteer])
    cancelled = ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 8), time(8)))
    services.cancel(signup=services.sign_up(volunteer=volunteer, shift=cancelled))
    fill(ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 9), time(8))), confirmed=1)  # someone else

    response = client.get(f"/calendar/{volunteer.calendar_token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    events = feed.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Warehouse sorting – Calais"
    assert str(event["LOCATION"]) == "Rue des Verrotières, Calais"
    assert str(event["URL"]) == f"http://testserver/shifts/{mine.pk}/"
    assert "Gloves" in str(event["DESCRIPTION"])
    assert str(event["UID"]).startswith("signup-")
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert event.decoded("DTSTART") == mine.starts_at
    assert event.decoded("DTEND") == mine.ends_at


def next_clock_change(month: int) -> date:
    """The next last Sunday of `month` (March: clocks go forward in Paris; October: back), e.g. 28 March 2027."""
    year = timezone.localdate().year
    while True:
        last_day = date(year, month, 31)
        sunday = last_day - timedelta(days=(last_day.weekday() - 6) % 7)
        if sunday > timezone.localdate() + timedelta(days=2):
            return sunday
        year += 1


@pytest.mark.parametrize(("month", "offsets"), [(3, (1, 2)), (10, (2, 1))])
def test_feed_keeps_08_00_in_paris_on_both_sides_of_the_clock_change(client, mission, volunteer, month, offsets):
    change = next_clock_change(month)
    before = ShiftFactory(mission=mission, starts_at=local_dt(change - timedelta(days=1), time(8)))
    after = ShiftFactory(mission=mission, starts_at=local_dt(change, time(8)))
    services.sign_up(volunteer=volunteer, shift=before)
    services.sign_up(volunteer=volunteer, shift=after)

    feed = Calendar.from_ical(client.get(f"/calendar/{volunteer.calendar_token}.ics").content)

    starts = sorted(event.decoded("DTSTART") for event in feed.walk("VEVENT"))
    assert [start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") for start in starts] == [
        f"{change - timedelta(days=1):%Y-%m-%d} 08:00",
        f"{change:%Y-%m-%d} 08:00",
    ]
    assert [start.utcoffset() for start in starts] == [timedelta(0), timedelta(0)]  # written in UTC
    assert [start.astimezone(PARIS).utcoffset() for start in starts] == [timedelta(hours=h) for h in offsets]
    assert [start.strftime("%H:%M") for start in starts] == [f"{8 - offsets[0]:02d}:00", f"{8 - offsets[1]:02d}:00"]


def test_feed_shows_site_local_shifts_for_any_site_zone(client, volunteer):
    tokyo = SiteFactory(slug="tokyo", name="Tokyo", timezone="Asia/Tokyo")
    shift = ShiftFactory(
        mission=MissionFactory(site=tokyo), starts_at=local_dt(date(2031, 1, 6), time(9), "Asia/Tokyo")
    )
    services.sign_up(volunteer=volunteer, shift=shift)
    feed = Calendar.from_ical(client.get(f"/calendar/{volunteer.calendar_token}.ics").content)
    start = feed.walk("VEVENT")[0].decoded("DTSTART")
    assert start.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).hour == 9


def test_feed_of_an_anonymised_volunteer_is_404(client, db):
    gone = VolunteerFactory(anonymised_at=timezone.now())
    assert client.get(f"/calendar/{gone.calendar_token}.ics").status_code == 404


def test_feed_query_count_is_flat(client, mission, volunteer, query_budget):
    start = timezone.now() + timedelta(days=3)
    for i in range(3):
        fill(ShiftFactory(mission=mission, starts_at=start + timedelta(hours=5 * i)), confirmed=1, people=[volunteer])
    url = f"/calendar/{volunteer.calendar_token}.ics"
    with query_budget() as small:
        client.get(url)
    for i in range(30):
        shift = ShiftFactory(mission=mission, capacity=8, starts_at=start + timedelta(hours=100 + 5 * i))
        fill(shift, confirmed=8, people=[volunteer])
    with query_budget(len(small.captured_queries)):
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 33


def test_feed_escapes_and_folds_long_text(client, calais, volunteer):
    calais.address = "Rue des Verrotières; entrée B, Calais"
    calais.contact_phone = "+33 6 00 00 00 00"
    calais.save()
    notes = "Bring water, a hat; and patience.\nAsk for Zoé at the gate \\ the blue door. " * 4
    mission = MissionFactory(site=calais, name="Distribution, evening", what_to_bring="Gloves, boots")
    shift = ShiftFactory(mission=mission, notes=notes, starts_at=local_dt(date(2031, 1, 6), time(8)))
    services.sign_up(volunteer=volunteer, shift=shift)

    response = client.get(f"/calendar/{volunteer.calendar_token}.ics")

    assert all(len(line) <= 75 for line in response.content.split(b"\r\n")), "lines are folded at 75 octets"
    assert response.content.endswith(b"END:VCALENDAR\r\n")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Distribution, evening – Calais"
    assert str(event["LOCATION"]) == "Rue des Verrotières; entrée B, Calais"
    assert str(event["DESCRIPTION"]) == (
        "What to bring: Gloves, boots\n" + notes.replace("\r\n", "\n") + "\nCoordinators: +33 6 00 00 00 00"
    )


def test_feed_answers_304_when_unchanged_and_200_once_it_changes(
    client, mission, volunteer, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 6), time(8)))
    services.sign_up(volunteer=volunteer, shift=shift)
    url = f"/calendar/{volunteer.calendar_token}.ics"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""

    shift.notes = "Meet at the warehouse."
    with django_capture_on_commit_callbacks(execute=True):  # the kept feed is let go when the change commits
        shift.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Meet at the warehouse." in str(Calendar.from_ical(changed.content).walk("VEVENT")[0]["DESCRIPTION"])


def test_my_shifts_rows_link_each_shift_and_offer_cancel_only_before_it_starts(client, mission, volunteer):
    soon = timezone.now() + timedelta(days=2)
    booked = ShiftFactory(mission=mission, starts_at=soon)
    called_off = ShiftFactory(mission=mission, starts_at=soon + timedelta(days=1), is_cancelled=True)
    started = ShiftFactory(
        mission=mission, starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    for shift in (booked, called_off, started):
        Signup.objects.create(shift=shift, volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)

    response = client.get("/me/shifts/")

    assert [s.shift_id for s in response.context["upcoming"]] == [started.pk, booked.pk, called_off.pk]
    for shift in (booked, called_off, started):
        assert f'<a href="/shifts/{shift.pk}/">Warehouse sorting</a>' in response.text
    assert f'href="/shifts/{booked.pk}/cancel/?next=/me/shifts/"' in response.text
    assert response.text.count("/cancel/?next=") == 1  # not on the started one nor the cancelled one
    assert response.text.count("Shift cancelled") == 1
    assert response.text.count("You are booked") == 2


def test_my_shifts_counts_cancelled_sign_ups_in_the_past_only(client, mission, volunteer):
    start = timezone.now() + timedelta(days=2)
    for i in range(20):
        Signup.objects.create(
            shift=ShiftFactory(mission=mission, starts_at=start + timedelta(days=i)), volunteer=volunteer
        )
        Signup.objects.create(shift=past_shift(mission, i + 1), volunteer=volunteer, status="confirmed")
    Signup.objects.create(shift=ShiftFactory(mission=mission), volunteer=volunteer, status="cancelled")
    Signup.objects.create(shift=past_shift(mission, 40), volunteer=volunteer, status="cancelled")
    client.force_login(volunteer)

    response = client.get("/me/shifts/")

    assert response.context["upcoming"].paginator.count == 20
    assert response.context["past"].paginator.count == 21
    assert "upcoming=2" not in response.text
    assert 'href="?page=2"' in response.text
    last = client.get("/me/shifts/?page=2")
    assert [s.status for s in last.context["past"].object_list] == ["cancelled"]
    assert "cancelled" in last.text


def test_my_shifts_in_french_shows_french_names_and_dates(client, calais, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    mission = MissionFactory(site=calais, name="Warehouse sorting", name_fr="Tri à l'entrepôt")
    shift = ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 6), time(8)))
    Signup.objects.create(shift=shift, volunteer=volunteer, status="confirmed")
    went = past_shift(mission, 3)
    Signup.objects.create(shift=went, volunteer=volunteer, status="confirmed", attendance="no_show")
    client.force_login(volunteer)

    response = client.get("/me/shifts/")

    assert f'<a href="/shifts/{shift.pk}/">Tri à l&#x27;entrepôt</a>' in response.text
    assert '<time datetime="2031-01-06T08:00:00+01:00">lundi 6 janvier, 08:00–' in response.text
    assert "Annuler mon inscription" in response.text


def test_feed_writes_each_event_of_a_mission_with_its_own_notes_in_the_volunteers_language(client, calais, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    calais.contact_phone = "+33 6 00 00 00 00"
    calais.save()
    sorting = MissionFactory(
        site=calais, name="Sorting", name_fr="Tri", what_to_bring="Gloves", what_to_bring_fr="Gants"
    )
    kitchen = MissionFactory(site=calais, name="Kitchen")
    first = ShiftFactory(mission=sorting, starts_at=local_dt(date(2031, 1, 6), time(8)), notes="Gate B")
    second = ShiftFactory(mission=sorting, starts_at=local_dt(date(2031, 1, 7), time(8)))
    third = ShiftFactory(mission=kitchen, starts_at=local_dt(date(2031, 1, 8), time(8)))
    for shift in (first, second, third):
        services.sign_up(volunteer=volunteer, shift=shift)
    Signup.objects.filter(shift=second).update(updated_at=timezone.now() + timedelta(days=1))

    feed = Calendar.from_ical(client.get(f"/calendar/{volunteer.calendar_token}.ics").content)

    assert str(feed["X-WR-CALNAME"]) == "Mes créneaux utopia"
    events = {str(event["URL"]): event for event in feed.walk("VEVENT")}
    one, two, three = (events[f"http://testserver/shifts/{shift.pk}/"] for shift in (first, second, third))
    assert [str(event["SUMMARY"]) for event in (one, two, three)] == [
        "Tri – Calais",
        "Tri – Calais",
        "Kitchen – Calais",
    ]
    assert str(one["DESCRIPTION"]) == "À apporter : Gants\nGate B\nCoordination : +33 6 00 00 00 00"
    assert str(two["DESCRIPTION"]) == "À apporter : Gants\nCoordination : +33 6 00 00 00 00"
    assert str(three["DESCRIPTION"]) == "Coordination : +33 6 00 00 00 00"
    signup = Signup.objects.get(shift=second)
    assert two.decoded("LAST-MODIFIED") == signup.updated_at.replace(microsecond=0)
    assert one.decoded("LAST-MODIFIED") == max(first.updated_at, Signup.objects.get(shift=first).updated_at).replace(
        microsecond=0
    )
    assert len({str(event["UID"]) for event in (one, two, three)}) == 3


def test_feed_without_anything_to_describe_has_no_description_nor_location(client, mission, volunteer):
    mission.site.address = ""
    mission.site.save()
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission))
    body = client.get(f"/calendar/{volunteer.calendar_token}.ics").content
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert "DESCRIPTION" not in event and "LOCATION" not in event
    assert body.count(b"DTSTAMP:") == 1


def test_feed_etag_changes_when_a_mission_or_site_text_changes(client, mission, volunteer):
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission))
    url = f"/calendar/{volunteer.calendar_token}.ics"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    mission.name = "Warehouse sorting, evening"
    mission.save()
    renamed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200
    assert str(Calendar.from_ical(renamed.content).walk("VEVENT")[0]["SUMMARY"]).startswith(
        "Warehouse sorting, evening"
    )

    mission.site.address = "Quai de la Loire"
    mission.site.save()
    moved = client.get(url, HTTP_IF_NONE_MATCH=renamed["ETag"])
    assert moved.status_code == 200
    assert str(Calendar.from_ical(moved.content).walk("VEVENT")[0]["LOCATION"]) == "Quai de la Loire"


def test_my_shifts_page_numbers_out_of_range_or_not_numbers_show_a_real_page(client, mission, volunteer):
    for days_ago in range(1, 26):
        Signup.objects.create(shift=past_shift(mission, days_ago), volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)

    cases = [("?page=9", 2, 5), ("?page=0", 2, 5), ("?page=-1", 2, 5), ("?page=abc", 1, 20)]
    for query, number, rows in [*cases, ("?page=" + "9" * 40, 2, 5)]:
        past = client.get("/me/shifts/" + query).context["past"]
        assert (past.number, len(past.object_list), past.paginator.num_pages) == (number, rows, 2), query
    empty = client.get("/me/shifts/?upcoming=3").context["upcoming"]
    assert (empty.number, list(empty.object_list), empty.paginator.count) == (1, [], 0)


def test_past_rows_say_what_became_of_each_sign_up(client, mission, volunteer):
    outcomes = [("confirmed", "present"), ("confirmed", "no_show"), ("confirmed", "unknown"), ("waitlisted", "unknown")]
    for days_ago, (status, attendance) in enumerate(outcomes, start=1):
        Signup.objects.create(
            shift=past_shift(mission, days_ago), volunteer=volunteer, status=status, attendance=attendance
        )
    client.force_login(volunteer)

    cells = re.findall(r"<td>([^<]*)</td>\s*</tr>", client.get("/me/shifts/").text)

    assert cells == ["attended", "did not come", "confirmed", "on the waiting list"]
