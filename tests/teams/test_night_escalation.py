"""The night team overdue (issue 24): level two reaches the site's coordinators and the admins, the alert's phones
are those the recipient may see, "we are back" tells who pressed it and the team, a lone team is warned, and the
night board says which alerts went out, when and to whom. A night from 22:00 to 02:00, pinned."""

from datetime import date, time

import pytest
from django.core import mail

from shifts import services
from shifts.models import Notification
from shifts.teams import alerts
from tests.factories import ShiftFactory, VolunteerFactory, local_dt
from tests.teams.conftest import person_with

pytestmark = pytest.mark.django_db

EVENING, NEXT_DAY = date(2031, 6, 10), date(2031, 6, 11)


def at(day, hour, minute=0):
    return local_dt(day, time(hour, minute))


@pytest.fixture
def night_shift(night, coordinator, time_machine):
    time_machine.move_to(at(EVENING, 19), tick=False)
    night.site.emergency_phone = "+33 3 21 00 00 00"
    night.site.save()
    return ShiftFactory(mission=night, starts_at=at(EVENING, 22), ends_at=at(NEXT_DAY, 2), capacity=4)


@pytest.fixture
def second_coordinator(night):
    person = VolunteerFactory(first_name="Sami", last_name="Second", phone="+33700000009")
    night.site.coordinators.add(person)
    return person


@pytest.fixture
def elsewhere(chapelle):
    person = VolunteerFactory(first_name="Paula", last_name="Paris")
    chapelle.coordinators.add(person)
    return person


@pytest.fixture
def lead(night_shift):
    person = person_with("team-lead", first_name="Lena", last_name="Lead", phone="+33700000001")
    services.sign_up(volunteer=person, shift=night_shift)
    return person


@pytest.fixture
def booked_member(night_shift, coordinator):
    """Found by search and booked by the coordinator: their phone is not open to the site."""
    person = VolunteerFactory(first_name="Mo", last_name="Member", phone="+33700000002")
    services.sign_up(volunteer=person, shift=night_shift, by=coordinator)
    return person


def _out(shift, lead, time_machine):
    time_machine.move_to(at(EVENING, 21, 45), tick=False)
    services.team_out(shift=shift, by=lead)


def _sweep_at(moment, time_machine, capture):
    time_machine.move_to(moment, tick=False)
    with capture(execute=True):
        return alerts.sweep_overdue_alerts()


def _recipients(level):
    rows = Notification.objects.filter(kind="team_overdue", context__level=level)
    return set(rows.values_list("recipient_id", flat=True))


def _mail_to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def test_level_one_tells_the_sites_coordinators_level_two_adds_the_admins(
    night_shift, lead, coordinator, second_coordinator, elsewhere, admin_user, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _out(night_shift, lead, time_machine)
    assert _sweep_at(at(NEXT_DAY, 2, 20), time_machine, django_capture_on_commit_callbacks) == 0  # within the grace
    assert _sweep_at(at(NEXT_DAY, 2, 31), time_machine, django_capture_on_commit_callbacks) == 1
    assert _recipients(1) == {coordinator.pk, second_coordinator.pk}
    assert _sweep_at(at(NEXT_DAY, 3, 1), time_machine, django_capture_on_commit_callbacks) == 1
    assert _recipients(2) == {coordinator.pk, second_coordinator.pk, admin_user.pk}
    assert elsewhere.pk not in _recipients(1) | _recipients(2)
    second = _mail_to(admin_user)[-1]
    assert "STILL NOT BACK" in second.subject and "+33 3 21 00 00 00" in second.body


def test_the_alert_shows_only_the_phones_the_recipient_may_see(
    night_shift, lead, booked_member, coordinator, admin_user, time_machine, django_capture_on_commit_callbacks
):
    _out(night_shift, lead, time_machine)
    _sweep_at(at(NEXT_DAY, 2, 31), time_machine, django_capture_on_commit_callbacks)
    _sweep_at(at(NEXT_DAY, 3, 1), time_machine, django_capture_on_commit_callbacks)
    to_coordinator = _mail_to(coordinator)[-1]
    text, html = to_coordinator.body, to_coordinator.alternatives[0][0]
    # The lead booked themselves: open to the site. The member was booked by the coordinator: hidden, as on pages.
    assert "Lena Lead: +33 7 00 00 00 01" in text and "tel:+33700000001" in html
    assert "Mo M." in text and "Mo Member" not in text
    assert "00 00 00 02" not in text and "+33700000002" not in html
    # An admin sees everyone's details, on pages and in the alert alike.
    to_admin = _mail_to(admin_user)[-1]
    assert "Mo Member: +33 7 00 00 00 02" in to_admin.body


def test_we_are_back_confirms_to_who_pressed_it_and_tells_the_team_and_the_alerted(
    night_shift, lead, booked_member, coordinator, admin_user, time_machine, django_capture_on_commit_callbacks
):
    _out(night_shift, lead, time_machine)
    _sweep_at(at(NEXT_DAY, 2, 31), time_machine, django_capture_on_commit_callbacks)
    _sweep_at(at(NEXT_DAY, 3, 1), time_machine, django_capture_on_commit_callbacks)
    time_machine.move_to(at(NEXT_DAY, 3, 14), tick=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.team_back(shift=night_shift, by=lead)
    told = {(n.kind, n.recipient_id) for n in Notification.objects.filter(kind__startswith="team_back")}
    assert told == {
        ("team_back_recorded", lead.pk),
        ("team_back_recorded", booked_member.pk),
        ("team_back", coordinator.pk),
        ("team_back", admin_user.pk),  # alerted at level two, told too
    }
    to_lead = _mail_to(lead)[-1].body
    assert "you said the team was back at 03:14" in to_lead
    to_member = _mail_to(booked_member)[-1].body
    assert "recorded as back at 03:14 (by Lena L.)" in to_member and "Nobody needs to press it again" in to_member
    assert "is back" in _mail_to(admin_user)[-1].body


def test_back_in_time_tells_who_pressed_it_and_the_team_not_the_coordinators(
    night_shift, lead, booked_member, coordinator, time_machine, django_capture_on_commit_callbacks
):
    _out(night_shift, lead, time_machine)
    time_machine.move_to(at(NEXT_DAY, 1, 50), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.team_back(shift=night_shift, by=coordinator)
    told = {(n.kind, n.recipient_id) for n in Notification.objects.filter(kind__startswith="team_back")}
    assert told == {
        ("team_back_recorded", coordinator.pk),
        ("team_back_recorded", lead.pk),
        ("team_back_recorded", booked_member.pk),
    }
    assert "you said the team was back at 01:50" in _mail_to(coordinator)[-1].body


# --- the team page: a team of one with no lead ------------------------------------------------------------


def test_a_team_of_one_without_a_lead_is_warned_and_may_still_leave(client, night_shift, coordinator, time_machine):
    alone = VolunteerFactory(first_name="Solo")
    services.sign_up(volunteer=alone, shift=night_shift)
    time_machine.move_to(at(EVENING, 21, 30), tick=False)
    client.force_login(coordinator)
    page = " ".join(client.get(f"/shifts/{night_shift.pk}/team/").text.split())
    assert 'id="goes-alone"' in page and "Nobody should go out alone at night" in page
    # The warning comes before the button, which it describes for a screen reader.
    assert page.index('id="goes-alone"') < page.index("We are leaving")
    assert 'aria-describedby="goes-alone">We are leaving' in page
    client.post(f"/shifts/{night_shift.pk}/team/out/")
    assert night_shift.team_watch.out_at is not None


def test_no_warning_with_a_lead_or_with_two(client, night_shift, lead, coordinator, time_machine):
    time_machine.move_to(at(EVENING, 21, 30), tick=False)
    client.force_login(lead)
    assert "goes-alone" not in client.get(f"/shifts/{night_shift.pk}/team/").text
    other = ShiftFactory(mission=night_shift.mission, starts_at=at(EVENING, 23), ends_at=at(NEXT_DAY, 3))
    for _n in range(2):
        services.sign_up(volunteer=VolunteerFactory(), shift=other)
    client.force_login(coordinator)
    assert "goes-alone" not in client.get(f"/shifts/{other.pk}/team/").text


# --- the night board ---------------------------------------------------------------------------------------


def _board(client, coordinator) -> str:
    client.force_login(coordinator)
    return " ".join(client.get("/roster/calais/tonight/").text.split())


def test_the_board_says_which_alerts_went_out_when_and_to_whom(
    client, night_shift, lead, coordinator, second_coordinator, admin_user, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _out(night_shift, lead, time_machine)
    time_machine.move_to(at(NEXT_DAY, 2, 35), tick=False)
    assert "No alert has gone out yet." in _board(client, coordinator)  # overdue, the sweep not run yet
    _sweep_at(at(NEXT_DAY, 2, 36), time_machine, django_capture_on_commit_callbacks)
    board = _board(client, coordinator)
    assert "First alert at 02:36. Sent to Colette Coordinator, Sami Second." in board
    assert "Second alert" not in board
    _sweep_at(at(NEXT_DAY, 3, 6), time_machine, django_capture_on_commit_callbacks)
    board = _board(client, coordinator)
    assert "Second alert at 03:06. Sent to Ada Admin, Colette Coordinator, Sami Second." in board
    # Names, never the coordinators' phones.
    assert "+33700000009" not in board and "00 00 00 09" not in board


def test_the_board_says_an_alert_recorded_but_not_sent_yet(
    client, night_shift, lead, coordinator, time_machine, django_capture_on_commit_callbacks
):
    _out(night_shift, lead, time_machine)
    time_machine.move_to(at(NEXT_DAY, 2, 40), tick=False)
    alerts.sweep_overdue_alerts()  # recorded; its sending is queued on commit, not run here
    board = _board(client, coordinator)
    assert "First alert at 02:40. Not sent yet to Colette Coordinator." in board
