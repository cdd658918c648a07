"""send_team_alerts: one message per shift at risk within the window, a new one when the risks change, at once
after a cancellation, and once only under concurrent sweeps."""

import pytest
from django.core import mail

from shifts import services, tasks
from shifts.models import Notification, Signup, TeamWatch
from tests.factories import VolunteerFactory
from tests.shifts.test_signup_race import race
from tests.teams.conftest import person_with, shift_in

AT_RISK = "team_at_risk"


def alerts(shift):
    return Notification.objects.filter(kind=AT_RISK, shift=shift)


@pytest.mark.django_db
def test_a_risky_shift_within_the_window_alerts_its_coordinators_once(
    night, coordinator, django_capture_on_commit_callbacks
):
    shift = shift_in(night, 6, capacity=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_team_alerts() == 1
    assert tasks.send_team_alerts() == 0
    sent = alerts(shift).get()
    assert sent.recipient == coordinator and sent.context["risks"] == [
        "too_few",
        "missing:team-lead",
        "missing:driving-licence",
    ]
    assert sent.sent_at is not None  # sent once recorded (on commit)
    message = mail.outbox[-1]
    assert "Team at risk" in message.subject and "missing: Team lead" in message.body


@pytest.mark.django_db
def test_outside_the_window_or_without_rules_nothing(night, mission, coordinator):
    shift_in(night, 30, capacity=4)  # the site's window is 24 hours
    shift_in(mission, 6)
    assert tasks.send_team_alerts() == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_new_message_only_when_the_risks_change(night, coordinator):
    shift = shift_in(night, 6, capacity=4)
    tasks.send_team_alerts()
    services.sign_up(volunteer=person_with("team-lead"), shift=shift)
    assert tasks.send_team_alerts() == 1
    assert alerts(shift).count() == 2
    assert alerts(shift).order_by("-pk").first().context["risks"] == ["too_few", "missing:driving-licence"]
    assert tasks.send_team_alerts() == 0


@pytest.mark.django_db
def test_risks_gone_then_back_alert_again(minors):
    coordinator = VolunteerFactory()
    minors.site.coordinators.add(coordinator)
    shift = shift_in(minors, 6)
    first = services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    tasks.send_team_alerts()
    second = services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    assert tasks.send_team_alerts() == 0  # no risk: remembered silently
    assert TeamWatch.objects.get(shift=shift).alerted_risks == ""
    services.cancel(signup=second)  # within the window: alerts at once, no sweep needed
    assert alerts(shift).count() == 2
    assert first.pk


@pytest.mark.django_db
def test_a_cancellation_that_makes_a_shift_risky_alerts_at_once(minors, coordinator):
    paris = VolunteerFactory()
    minors.site.coordinators.add(paris)
    shift = shift_in(minors, 6)
    a = services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    assert not alerts(shift).exists()
    services.cancel(signup=a)
    sent = alerts(shift).get()
    assert sent.recipient == paris and sent.context["risks"] == ["too_few"]
    assert tasks.send_team_alerts() == 0  # already told


@pytest.mark.django_db
def test_a_cancellation_far_ahead_waits_for_the_sweep(minors):
    paris = VolunteerFactory()
    minors.site.coordinators.add(paris)
    shift = shift_in(minors, 72)
    a = services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    services.cancel(signup=a)
    assert not alerts(shift).exists()
    assert Signup.objects.filter(shift=shift, status="confirmed").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_alert_once(night, coordinator):
    shifts = [shift_in(night, 3 + n, capacity=4) for n in range(5)]
    other = VolunteerFactory()
    night.site.coordinators.add(other)
    results = race(tasks.send_team_alerts, tasks.send_team_alerts)
    assert not any(isinstance(result, Exception) for result in results), results
    assert sum(results) == 5
    for shift in shifts:
        assert alerts(shift).count() == 2  # one each for the two coordinators
    assert len({n.dedupe_key for n in Notification.objects.all()}) == Notification.objects.count()
    assert len(mail.outbox) == 10
