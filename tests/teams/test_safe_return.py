"""Safe return: team_out / team_back, the overdue alert once and the escalation once, the team's page and the
night board."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts import services, tasks
from shifts.models import Notification, TeamWatch
from shifts.teams import alerts
from tests.factories import VolunteerFactory
from tests.shifts.test_signup_race import race
from tests.teams.conftest import person_with, shift_in

OVERDUE = "team_overdue"


@pytest.fixture
def night_shift(night, coordinator):
    night.site.emergency_phone = "+33 3 21 00 00 00"
    night.site.save()
    shift = shift_in(night, 1, length=4, capacity=4)
    return shift


@pytest.fixture
def lead(night_shift):
    person = person_with("team-lead", first_name="Lena", last_name="Lead")
    services.sign_up(volunteer=person, shift=night_shift)
    return person


@pytest.mark.django_db
def test_the_team_lead_or_a_coordinator_records_out_and_back_others_may_not(night_shift, lead, coordinator):
    member = VolunteerFactory()
    services.sign_up(volunteer=member, shift=night_shift)
    with pytest.raises(services.TeamRefused) as refused:
        services.team_out(shift=night_shift, by=member)
    assert refused.value.code == "not_allowed"
    watch = services.team_out(shift=night_shift, by=lead)
    assert watch.out_by == lead and watch.is_out
    with pytest.raises(services.TeamRefused):
        services.team_out(shift=night_shift, by=coordinator)  # already out
    assert services.team_back(shift=night_shift, by=coordinator).back_by == coordinator
    with pytest.raises(services.TeamRefused):
        services.team_back(shift=night_shift, by=lead)


@pytest.mark.django_db
def test_a_mission_without_safe_return_has_none(mission, coordinator):
    shift = shift_in(mission, 1)
    with pytest.raises(services.TeamRefused) as refused:
        services.team_out(shift=shift, by=coordinator)
    assert refused.value.code == "no_safe_return"


def _out_and_end(shift, lead, *, minutes_ago: int):
    services.team_out(shift=shift, by=lead)
    ended = timezone.now() - timedelta(minutes=minutes_ago)
    type(shift).objects.filter(pk=shift.pk).update(starts_at=ended - timedelta(hours=3), ends_at=ended)
    shift.refresh_from_db()


@pytest.mark.django_db
def test_overdue_alerts_once_then_escalates_once_with_the_emergency_phone(
    night_shift, lead, coordinator, sms_outbox, django_capture_on_commit_callbacks
):
    _out_and_end(night_shift, lead, minutes_ago=10)
    assert tasks.send_overdue_alerts() == 0  # within the 30 minutes' grace
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.sweep_overdue_alerts(now=now + timedelta(minutes=25)) == 1
    assert alerts.sweep_overdue_alerts(now=now + timedelta(minutes=26)) == 0
    first = Notification.objects.get(kind=OVERDUE)
    assert first.recipient == coordinator and first.context["level"] == 1 and first.sent_at is not None
    assert "Team not back" in mail.outbox[-1].subject and "Lena Lead" in mail.outbox[-1].body
    assert len(sms_outbox) == 1 and "not back" in sms_outbox[0]["text"]
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.sweep_overdue_alerts(now=now + timedelta(minutes=55)) == 1
    assert alerts.sweep_overdue_alerts(now=now + timedelta(minutes=90)) == 0
    second = Notification.objects.filter(kind=OVERDUE).exclude(pk=first.pk).get()
    assert second.context["level"] == 2
    assert "+33 3 21 00 00 00" in mail.outbox[-1].body and "+33 3 21 00 00 00" in sms_outbox[-1]["text"]
    # Back after the alerts: the coordinators hear that too.
    with django_capture_on_commit_callbacks(execute=True):
        services.team_back(shift=night_shift, by=lead)
    assert Notification.objects.filter(kind="team_back", recipient=coordinator).count() == 1
    assert "is back" in sms_outbox[-1]["text"]


@pytest.mark.django_db
def test_back_in_time_means_no_alert(night_shift, lead):
    _out_and_end(night_shift, lead, minutes_ago=5)
    services.team_back(shift=night_shift, by=lead)
    assert alerts.sweep_overdue_alerts(now=timezone.now() + timedelta(hours=3)) == 0
    assert not Notification.objects.filter(kind__in=[OVERDUE, "team_back"]).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_overdue_sweeps_alert_once_and_escalate_once(night_shift, lead, coordinator):
    _out_and_end(night_shift, lead, minutes_ago=40)
    results = race(tasks.send_overdue_alerts, tasks.send_overdue_alerts)
    assert sorted(results) == [0, 1], results
    later = timezone.now() + timedelta(minutes=30)
    results = race(lambda: alerts.sweep_overdue_alerts(now=later), lambda: alerts.sweep_overdue_alerts(now=later))
    assert sorted(results) == [0, 1], results
    levels = sorted(n.context["level"] for n in Notification.objects.filter(kind=OVERDUE))
    assert levels == [1, 2]
    watch = TeamWatch.objects.get(shift=night_shift)
    assert watch.overdue_alerted_at and watch.escalated_at


# --- pages ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_team_page_for_the_lead_and_coordinators_only(client, night_shift, lead, coordinator, outsider):
    member = VolunteerFactory(first_name="Mo", last_name="Member", phone="+33700000001")
    services.sign_up(volunteer=member, shift=night_shift)
    client.force_login(lead)
    page = client.get(f"/shifts/{night_shift.pk}/team/")
    assert page.status_code == 200
    assert "We are leaving" in page.text and "Mo Member" in page.text and "tel:+33700000001" in page.text
    assert "+33 3 21 00 00 00" in page.text  # the emergency line
    client.post(f"/shifts/{night_shift.pk}/team/out/")
    assert "We are back" in client.get(f"/shifts/{night_shift.pk}/team/").text
    for person in (member, outsider):
        client.force_login(person)
        assert client.get(f"/shifts/{night_shift.pk}/team/").status_code == 404
        assert client.post(f"/shifts/{night_shift.pk}/team/back/").status_code == 404
    client.force_login(coordinator)
    client.post(f"/shifts/{night_shift.pk}/team/back/")
    assert TeamWatch.objects.get(shift=night_shift).back_by == coordinator


@pytest.mark.django_db
def test_tonight_board_shows_overdue_in_red_and_refreshes_itself(client, night_shift, lead, coordinator, outsider):
    _out_and_end(night_shift, lead, minutes_ago=45)
    client.force_login(coordinator)
    page = client.get("/roster/calais/tonight/")
    assert page.status_code == 200
    assert "team-card-overdue" in page.text and "overdue" in page.text and "Lena Lead" in page.text
    assert 'hx-trigger="every 60s"' in page.text and "js/htmx.min.js" in page.text
    assert "Reload now" in page.text
    fragment = client.get("/roster/calais/tonight/", HTTP_HX_REQUEST="true")
    assert fragment.text.lstrip().startswith('<div id="tonight-board"') and "<html" not in fragment.text
    client.force_login(outsider)
    assert client.get("/roster/calais/tonight/").status_code == 403


def _board_words(client, coordinator) -> str:
    client.force_login(coordinator)
    client.cookies["django_language"] = "fr"
    # The text a screen reader says: the badge, then the sentence after it.
    return " ".join(client.get("/roster/calais/tonight/").text.replace("</span>", " ").split())


def test_tonight_board_says_a_team_is_out_without_a_doubled_word(client, night_shift, lead, coordinator):
    _out_and_end(night_shift, lead, minutes_ago=-60)  # out, due back in an hour
    text = _board_words(client, coordinator)
    assert "partie à" in text and "retour prévu à" in text
    assert "partie partie" not in text


def test_tonight_board_says_a_team_is_back_without_a_doubled_word(client, night_shift, lead, coordinator):
    _out_and_end(night_shift, lead, minutes_ago=-60)
    services.team_back(shift=night_shift, by=lead)
    text = _board_words(client, coordinator)
    assert "rentrée à" in text
    assert "rentrée rentrée" not in text


@pytest.mark.django_db
def test_tonight_board_query_count_is_flat(client, night, coordinator, django_assert_max_num_queries):
    def teams(count):
        for n in range(count):
            shift = shift_in(night, 1 + n, capacity=4)
            services.sign_up(volunteer=person_with("team-lead"), shift=shift)
            services.sign_up(volunteer=person_with("driving-licence"), shift=shift)

    client.force_login(coordinator)
    teams(2)
    with django_assert_max_num_queries(20) as small:
        client.get("/roster/calais/tonight/")
    teams(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/roster/calais/tonight/")
