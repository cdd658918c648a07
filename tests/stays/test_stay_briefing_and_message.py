"""A week with a bed, for a first-timer: the briefing is booked within the stay (never before the arrival) or the
page says why not; the person gets one email for the stay, not one per shift."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from stays import services
from stays.models import Stay
from tests.factories import MissionFactory, ShiftTemplateFactory, VolunteerFactory

from .conftest import ARRIVAL, shift_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def vera(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def briefings(calais):
    calais.requires_briefing = True
    calais.save()
    return MissionFactory(site=calais, name="Newcomers' briefing", slug="briefing", is_briefing=True)


def week(mission, days=3, start=time(15)):
    ShiftTemplateFactory(mission=mission, start_time=start, end_time=time(start.hour + 4))
    return [shift_on(mission, ARRIVAL + timedelta(days=i), start) for i in range(days)]


def plan(client, *, nights=3, **extra):
    data = {
        "arrives_on": ARRIVAL.isoformat(),
        "leaves_on": (ARRIVAL + timedelta(days=nights)).isoformat(),
        "travel": "train",
        "note": "",
        **extra,
    }
    return client.post(reverse("stays:plan", args=["calais"]), data)


def booked_shifts(person) -> set[int]:
    return set(Signup.objects.active().filter(volunteer=person).values_list("shift_id", flat=True))


def test_the_briefing_is_within_the_stay_never_two_days_before(vera, volunteer, calais, mission, briefings):
    before = shift_on(briefings, ARRIVAL - timedelta(days=2), time(9), hours=1)
    on_arrival = shift_on(briefings, ARRIVAL, time(11), hours=1)
    shifts = week(mission)

    response = plan(vera, slot=f"{mission.pk}-1500")

    assert response.status_code == 302
    assert booked_shifts(volunteer) == {on_arrival.pk, *(s.pk for s in shifts)}
    assert before.pk not in booked_shifts(volunteer)
    result = vera.get(response["Location"]).content.decode()
    assert "Newcomers" in result
    assert "briefing" not in "".join(result.split("refused")[1:2])  # day 1 is not refused for want of one


def test_no_briefing_during_the_stay_the_page_says_why(vera, volunteer, calais, mission, briefings):
    shift_on(briefings, ARRIVAL - timedelta(days=2), time(9), hours=1)  # before the arrival: not offered
    week(mission)

    response = plan(vera, slot=f"{mission.pk}-1500")

    assert booked_shifts(volunteer) == set()
    result = vera.get(response["Location"]).content.decode()
    assert "none has a free seat between your arrival and this day" in result


def test_a_briefing_later_in_the_stay_says_why_the_days_before_it_are_not_booked(volunteer, calais, mission, briefings):
    day_two = shift_on(briefings, ARRIVAL + timedelta(days=1), time(9), hours=1)
    shifts = week(mission)

    stay, outcomes = services.plan_stay_with_shifts(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=False,
        shifts=shifts,
    )  # fmt: skip

    assert booked_shifts(volunteer) == {day_two.pk, shifts[1].pk, shifts[2].pk}
    refused = dict(outcomes)[shifts[0]]
    assert refused.code == "briefing"
    assert "your briefing is on" in refused.messages[0]


def test_a_full_briefing_books_nothing_and_says_so(volunteer, calais, mission, briefings):
    full = shift_on(briefings, ARRIVAL, time(9), hours=1, capacity=1)
    Signup.objects.create(shift=full, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)
    type(full).objects.filter(pk=full.pk).update(confirmed_count=1)
    shifts = week(mission, days=1)

    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=1), needs_bed=False
    )
    outcomes = services.book_stay_days(stay=stay, shifts=shifts)

    assert booked_shifts(volunteer) == set()
    assert dict(outcomes)[shifts[0]].code == "briefing"


def test_one_email_for_the_stay_with_the_bed_and_the_days(
    vera, volunteer, calais, bungalows, mission, briefings, django_capture_on_commit_callbacks
):
    shift_on(briefings, ARRIVAL, time(11), hours=1)
    week(mission)

    with django_capture_on_commit_callbacks(execute=True):
        response = plan(vera, needs_bed="on", slot=f"{mission.pk}-1500")
    assert response.status_code == 302

    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert message.subject.startswith("Your stay in Calais")
    assert "Bungalows, Campsite, 62100 Calais" in message.body
    assert message.body.count("Warehouse sorting 15:00–19:00") == 3
    assert "Newcomers' briefing 11:00–12:00" in message.body
    assert "bed 1, Bungalows" in message.body
    assert "Bungalows" in message.alternatives[0][0]
    assert list(Notification.objects.values_list("kind", flat=True)) == ["stay_booked"]
    later = timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)
    assert messaging.sweep_notifications(now=later) == 0  # once


def test_days_added_later_send_one_email_too(vera, volunteer, calais, mission, django_capture_on_commit_callbacks):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    shifts = [shift_on(mission, ARRIVAL + timedelta(days=i), time(9)) for i in range(3)]
    mail.outbox.clear()
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        vera.post(
            reverse("stays:repeat", args=[stay.pk]) + f"?slot={mission.pk}-0900", {"shifts": [s.pk for s in shifts]}
        )

    assert booked_shifts(volunteer) == {s.pk for s in shifts}
    (message,) = mail.outbox
    assert "Your days" in message.body
    assert message.body.count("09:00–13:00") == 3


def test_the_stay_email_in_french(vera, volunteer, calais, mission, django_capture_on_commit_callbacks):
    volunteer.preferred_language = "fr"
    volunteer.save()
    week(mission)
    with django_capture_on_commit_callbacks(execute=True):
        plan(vera, slot=f"{mission.pk}-1500")
    (message,) = mail.outbox
    assert message.subject.startswith("Votre séjour à Calais")
    assert "Vos journées" in message.body


def test_a_cancelled_stay_sends_nothing(volunteer, calais):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    services.cancel_stay(stay=stay)
    later = timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)
    messaging.sweep_notifications(now=later)
    assert mail.outbox == []
    assert Notification.objects.get(kind="stay_booked").last_error == "skipped: the stay was cancelled"
    assert Stay.objects.get().status == "cancelled"
