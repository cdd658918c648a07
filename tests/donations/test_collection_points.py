"""A collection point is open to the public only while someone is there."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from shifts import services as shift_services
from shifts.models import Notification
from sites.models import Mission
from tests.donations.conftest import SOON, CollectionPointFactory, point_mission, point_shift, staff
from tests.factories import MissionFactory, SiteFactory, VolunteerFactory, driver

pytestmark = pytest.mark.django_db


def test_a_point_with_nobody_booked_is_not_shown(client, point):
    point_shift(point)
    response = client.get("/donate/")
    assert response.status_code == 200
    assert "Place Léon-Blum" not in response.text
    assert "No collection point is open in the next 7 days" in response.text


def test_a_staffed_shift_opens_the_point_with_its_address_times_and_map_link(client, point):
    point.access_notes = "Under the arcades, by the town hall."
    point.save()
    shift = point_shift(point, start=time(10), hours=3)
    staff(shift)
    response = client.get("/donate/")
    assert "Place Léon-Blum" in response.text
    assert point.address in response.text
    assert "11th arrondissement" in response.text
    assert f"{SOON:%A} {SOON.day} {SOON:%B}, 10:00" in response.text  # the day in words, local time
    assert "13:00" in response.text
    assert 'href="geo:48.857500,2.380000?q=48.857500,2.380000(Place%20L%C3%A9on-Blum)"' in response.text
    assert "Under the arcades, by the town hall." in response.text


def test_the_last_volunteer_cancelling_closes_the_point_at_the_next_request(client, point):
    shift = point_shift(point)
    volunteer = VolunteerFactory()
    signup = shift_services.sign_up(volunteer=volunteer, shift=shift)
    assert "Place Léon-Blum" in client.get("/donate/").text

    shift_services.cancel(signup=signup)

    assert "Place Léon-Blum" not in client.get("/donate/").text
    assert client.get("/donate.json").json()["sites"][0]["collection_points"] == []


def test_a_cancellation_that_leaves_someone_keeps_the_point_open(client, point):
    shift = point_shift(point)
    first = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    shift_services.cancel(signup=first)
    assert "Place Léon-Blum" in client.get("/donate/").text
    assert not Notification.objects.filter(kind="point_unstaffed").exists()


def test_coordinators_are_told_once_when_a_point_due_within_48_hours_empties(
    point, point_coordinator, coordinator, django_capture_on_commit_callbacks
):
    start = timezone.localtime() + timedelta(hours=30)
    shift = point_shift(point, day=start.date(), start=start.time().replace(second=0, microsecond=0))
    signup = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        shift_services.cancel(signup=signup)
    # Someone books and cancels again: still one message per coordinator for this shift.
    again = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    with django_capture_on_commit_callbacks(execute=True):
        shift_services.cancel(signup=again)

    alerts = Notification.objects.filter(kind="point_unstaffed")
    assert [alert.recipient for alert in alerts] == [point_coordinator]  # Paris's coordinators, not Calais's
    sent = [message for message in mail.outbox if message.to == [point_coordinator.email]]
    assert len(sent) == 1
    assert "Place Léon-Blum" in sent[0].subject
    assert f"/roster/{point.site.slug}/" in sent[0].body


def test_no_message_when_the_empty_point_is_further_than_48_hours_away(point, point_coordinator):
    shift = point_shift(point, day=timezone.localdate() + timedelta(days=4))
    signup = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    shift_services.cancel(signup=signup)
    assert not Notification.objects.filter(kind="point_unstaffed").exists()


def test_no_message_for_an_ordinary_mission(chapelle, point_coordinator):
    mission = MissionFactory(site=chapelle)
    start = timezone.localtime() + timedelta(hours=30)
    shift = point_shift(CollectionPointFactory(site=chapelle), day=start.date(), start=time(10), mission=mission)
    signup = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    shift_services.cancel(signup=signup)
    assert not Notification.objects.filter(kind="point_unstaffed").exists()


def test_the_message_is_skipped_if_someone_booked_before_it_went_out(
    point, point_coordinator, django_capture_on_commit_callbacks
):
    from shifts.messaging.mail import deliver_notification

    start = timezone.localtime() + timedelta(hours=30)
    shift = point_shift(point, day=start.date(), start=time(10))
    signup = shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    with django_capture_on_commit_callbacks(execute=False):
        shift_services.cancel(signup=signup)
    shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    alert = Notification.objects.get(kind="point_unstaffed")
    mail.outbox.clear()
    assert deliver_notification(alert.pk) is False
    assert mail.outbox == []
    alert.refresh_from_db()
    assert alert.last_error.startswith("skipped")


def test_inactive_points_and_cancelled_or_past_shifts_are_not_shown(client, point):
    staff(point_shift(point, is_cancelled=True))
    past = point_shift(point, day=timezone.localdate() - timedelta(days=1))
    staff(past)
    other = CollectionPointFactory(site=point.site, name="Closed for works", is_active=False)
    staff(point_shift(other))
    far = CollectionPointFactory(site=point.site, name="Next month")
    staff(point_shift(far, day=timezone.localdate() + timedelta(days=9)))
    text = client.get("/donate/").text
    assert "Place Léon-Blum" not in text
    assert "Closed for works" not in text
    assert "Next month" not in text


def test_back_to_back_shifts_show_as_one_opening(client, point):
    mission = point_mission(point)
    staff(point_shift(point, start=time(9), hours=2, mission=mission))
    staff(point_shift(point, start=time(11), hours=2, mission=mission))
    data = client.get("/donate.json").json()
    [entry] = data["sites"][0]["collection_points"]
    assert len(entry["openings"]) == 1
    assert entry["openings"][0]["starts_at"].endswith("09:00:00" + entry["openings"][0]["starts_at"][-6:])
    assert "T13:00:00" in entry["openings"][0]["ends_at"]


def test_points_are_grouped_by_arrondissement_and_filtered_with_a_plain_select(client, point):
    staff(point_shift(point))
    north = CollectionPointFactory(site=point.site, name="Square Léon", arrondissement=18)
    staff(point_shift(north))

    everything = client.get("/donate/").text
    assert everything.index("11th arrondissement</h4>") < everything.index("18th arrondissement</h4>")
    assert '<select name="arrondissement"' in everything

    filtered = client.get("/donate/?arrondissement=18").text
    assert "Square Léon" in filtered and "Place Léon-Blum" not in filtered
    assert '<option value="18" selected>' in filtered

    empty = client.get("/donate/?arrondissement=3").text
    assert "No collection point is open in this arrondissement" in empty

    french = client.get("/donate/?arrondissement=18", HTTP_ACCEPT_LANGUAGE="fr").text
    assert "18e arrondissement" in french


@pytest.mark.parametrize("value", ["21", "0", "abc", "<script>alert(1)</script>", "9" * 40])
def test_a_bad_arrondissement_shows_every_point(client, point, value):
    staff(point_shift(point))
    response = client.get("/donate/", {"arrondissement": value})
    assert response.status_code == 200
    assert "Place Léon-Blum" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_a_mission_cannot_use_another_sites_point(point, calais):
    mission = Mission(site=calais, name="Elsewhere", slug="elsewhere", collection_point=point)
    with pytest.raises(ValidationError) as refused:
        mission.full_clean()
    assert "collection_point" in refused.value.message_dict


def test_the_collection_round_needs_a_driver(chapelle):
    from django.core.management import call_command

    call_command("seed_sites", verbosity=0)
    round_ = Mission.objects.get(site__slug="porte-de-la-chapelle", slug="collection-round")
    shift = point_shift(CollectionPointFactory(site=round_.site), mission=round_)
    # seed_sites publishes a charter and asks for a briefing before a first shift: these two are past both.
    from volunteers.charter import accept_charter, current_charter

    walker, licensed = VolunteerFactory(), driver()
    for person in (walker, licensed):
        accept_charter(volunteer=person, charter=current_charter())
        shift_services.waive_briefing(volunteer=person, site=round_.site, reason="A regular", by=None)
    with pytest.raises(shift_services.SignupRefused) as refused:
        shift_services.sign_up(volunteer=walker, shift=shift)
    assert refused.value.code == "qualification"
    assert shift_services.sign_up(volunteer=licensed, shift=shift)


def test_the_page_costs_the_same_queries_for_20_points_over_7_days(client, query_budget, chapelle):
    def build(points: int):
        for n in range(points):
            point = CollectionPointFactory(site=chapelle, arrondissement=n % 20 + 1)
            mission = point_mission(point)
            for day in range(7):
                staff(point_shift(point, day=timezone.localdate() + timedelta(days=day), mission=mission))

    SiteFactory(slug="calais", name="Calais")
    build(1)
    with query_budget(6) as few:  # sites, needs, staffed shifts; the store's stock and targets (goods asked)
        assert client.get("/donate/").status_code == 200
    build(19)
    with query_budget(len(few.captured_queries)):
        response = client.get("/donate/")
    assert response.text.count('class="card point"') == 20
    with query_budget(len(few.captured_queries)):
        data = client.get("/donate.json").json()
    [paris] = [site for site in data["sites"] if site["slug"] == chapelle.slug]
    assert len(paris["collection_points"]) == 20
