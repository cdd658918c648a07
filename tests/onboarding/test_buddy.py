"""Buddies: an experienced volunteer on the same shift looks after a first-timer; both are told."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts import services
from shifts.messaging.mail import render_reminder, sweep_notifications
from shifts.models import Notification, Signup
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory, local_dt
from tests.onboarding.conftest import attended

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(mission):
    day = timezone.localdate() + timedelta(days=2)
    return ShiftFactory(mission=mission, starts_at=local_dt(day, time(10)), ends_at=local_dt(day, time(14)), capacity=5)


@pytest.fixture
def newcomer(shift):
    person = VolunteerFactory(first_name="Nina", phone="+33611111111")
    services.sign_up(volunteer=person, shift=shift)
    return person


@pytest.fixture
def veteran(shift, mission):
    person = VolunteerFactory(first_name="Bruno", phone="+33622222222")
    attended(person, mission, 3)
    services.sign_up(volunteer=person, shift=shift)
    return person


def signup_of(person, shift):
    return Signup.objects.get(volunteer=person, shift=shift)


def test_a_buddy_is_set_and_both_are_told(shift, newcomer, veteran, coordinator):
    signup = services.set_buddy(signup=signup_of(newcomer, shift), buddy=veteran, by=coordinator)

    assert signup.buddy == veteran
    buddy_messages = Notification.objects.filter(kind__in=["buddy", "buddy_for"])
    told = set(buddy_messages.values_list("kind", "recipient_id"))
    assert told == {("buddy", newcomer.pk), ("buddy_for", veteran.pk)}
    # Setting the same buddy again tells nobody twice.
    services.set_buddy(signup=signup_of(newcomer, shift), buddy=veteran, by=coordinator)
    assert buddy_messages.count() == 2


def test_the_messages_give_first_names_and_no_phone_before_the_day(shift, newcomer, veteran, coordinator):
    Notification.objects.all().delete()
    services.set_buddy(signup=signup_of(newcomer, shift), buddy=veteran, by=coordinator)
    mail.outbox.clear()
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    sweep_notifications()

    to = {message.to[0]: message for message in mail.outbox}
    to_newcomer, to_veteran = to[newcomer.email], to[veteran.email]
    assert "Bruno" in to_newcomer.subject and "Bruno" in to_newcomer.body
    assert "Nina" in to_veteran.subject and "Nina" in to_veteran.body
    assert veteran.last_name not in to_newcomer.body and newcomer.last_name not in to_veteran.body
    assert "+33 6 22 22 22 22" not in to_newcomer.body and "+33 6 11 11 11 11" not in to_veteran.body


def test_phones_are_given_on_the_day(mission, coordinator, time_machine):
    # At 10:00 a shift in half an hour is today's; at 23:30 it would be tomorrow's.
    time_machine.move_to(local_dt(timezone.localdate(), time(10)))
    starts = timezone.now() + timedelta(minutes=30)
    today_shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=2))
    newcomer, veteran = VolunteerFactory(first_name="Nina"), VolunteerFactory(first_name="Bruno", phone="+33622222222")
    attended(veteran, mission, 3)
    services.sign_up(volunteer=newcomer, shift=today_shift)
    services.sign_up(volunteer=veteran, shift=today_shift)
    services.set_buddy(signup=signup_of(newcomer, today_shift), buddy=veteran, by=coordinator)

    subject, text, html = render_reminder(signup_of(newcomer, today_shift))

    assert "Bruno" in text and "+33 6 22 22 22 22" in text
    assert "tel:+33622222222" in html


def test_the_buddy_must_be_on_the_same_shift(shift, newcomer, mission, coordinator):
    elsewhere = VolunteerFactory()
    attended(elsewhere, mission, 5)
    with pytest.raises(services.SignupRefused) as refused:
        services.set_buddy(signup=signup_of(newcomer, shift), buddy=elsewhere, by=coordinator)
    assert refused.value.code == "buddy_not_on_shift"


def test_the_buddy_must_have_three_shifts_done_at_that_site(shift, newcomer, mission, coordinator):
    other_site_mission = MissionFactory(site=SiteFactory(slug="grande-synthe"))
    almost = VolunteerFactory()
    attended(almost, mission, 2)
    attended(almost, other_site_mission, 4)
    services.sign_up(volunteer=almost, shift=shift)

    with pytest.raises(services.SignupRefused) as refused:
        services.set_buddy(signup=signup_of(newcomer, shift), buddy=almost, by=coordinator)

    assert refused.value.code == "buddy_inexperienced"
    assert "has done 2 shifts at Calais" in refused.value.messages[0]
    assert "at least 3" in refused.value.messages[0]


def test_nobody_is_their_own_buddy(shift, veteran, coordinator):
    with pytest.raises(services.SignupRefused) as refused:
        services.set_buddy(signup=signup_of(veteran, shift), buddy=veteran, by=coordinator)
    assert refused.value.code == "buddy_self"


def test_a_buddy_who_cancels_is_taken_off(shift, newcomer, veteran, coordinator):
    services.set_buddy(signup=signup_of(newcomer, shift), buddy=veteran, by=coordinator)
    services.cancel(signup=signup_of(veteran, shift))
    assert signup_of(newcomer, shift).buddy is None


def test_the_reminder_names_the_buddy_and_the_meeting_point(shift, newcomer, veteran, coordinator, calais):
    calais.meeting_point = "Blue door of the warehouse"
    calais.save()
    services.set_buddy(signup=signup_of(newcomer, shift), buddy=veteran, by=coordinator)

    subject, text, html = render_reminder(signup_of(newcomer, shift))

    assert "Your buddy on this shift: Bruno" in text
    assert "Meeting point: Blue door of the warehouse" in text
    assert "+33 6 22 22 22 22" not in text  # not before the day
    assert "<strong>Bruno</strong>" in html and "Blue door of the warehouse" in html
    veteran_text = render_reminder(signup_of(veteran, shift))[1]
    assert "You are the buddy of Nina" in veteran_text


def test_the_day_roster_suggests_a_buddy_and_sets_it_in_one_tap(client, shift, newcomer, veteran, coordinator):
    client.force_login(coordinator)
    day = shift.local_starts_at.date().isoformat()
    signup = signup_of(newcomer, shift)

    page = client.get(f"/roster/calais/{day}/").text

    assert "First-timers and their buddies" in page
    assert f'<input type="hidden" name="buddy" value="{veteran.pk}">' in page
    assert "Set Bruno" in page and "as buddy" in page
    # The other choices are on the person's actions, linked from their line.
    assert f'href="/roster/calais/signup/{signup.pk}/#buddy"' in page
    response = client.post(f"/roster/calais/signup/{signup.pk}/buddy/", {"buddy": veteran.pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#buddy-{signup.pk}")
    assert signup_of(newcomer, shift).buddy == veteran
    assert "buddy:" in client.get(f"/roster/calais/{day}/").text


def test_the_persons_actions_offer_every_possible_buddy(client, shift, newcomer, veteran, coordinator, mission):
    other = VolunteerFactory(first_name="Odile")
    attended(other, mission, 5)
    services.sign_up(volunteer=other, shift=shift)
    signup = signup_of(newcomer, shift)
    client.force_login(coordinator)
    url = f"/roster/calais/signup/{signup.pk}/"

    page = client.get(url).text

    # The most experienced first, and both offered.
    assert f'<option value="{other.pk}" selected>' in page and f'<option value="{veteran.pk}">' in page
    response = client.post(f"{url}buddy/", {"buddy": veteran.pk, "next": f"{url}#buddy"})
    assert response["Location"] == f"{url}#buddy"
    assert signup_of(newcomer, shift).buddy == veteran
    # An experienced person's own actions offer no buddy.
    assert 'id="buddy-choice"' not in client.get(f"/roster/calais/signup/{signup_of(veteran, shift).pk}/").text
    client.post(f"{url}buddy/", {"buddy": "", "next": url})
    assert signup_of(newcomer, shift).buddy is None


def test_first_timers_alone_are_named_linked_to_their_row_with_the_fixes(client, shift, coordinator):
    alone = [VolunteerFactory(first_name=name, last_name="Newman") for name in ("Ana", "Bea", "Cleo")]
    for person in alone:
        services.sign_up(volunteer=person, shift=shift, by=coordinator)
    client.force_login(coordinator)

    page = client.get(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/").text

    assert "3 first-timers alone, with nobody on their shift who has done three shifts here" in page
    for person in alone:
        signup = signup_of(person, shift)
        # Named as the roster names them (a coordinator's booking opens no contact details), linked to their row.
        assert f'<a href="#signup-{signup.pk}" id="a{signup.pk}">{person.first_name} N.</a>' in page
        assert f'href="/roster/calais/signup/{signup.pk}/move/"' in page
    assert f'href="/roster/calais/shift/{shift.pk}/ask-for-help/"' in page
    # Their rows carry the badge.
    assert page.count('<span class="badge badge-bad">first time here, alone</span>') == 3
    assert 'id="buddy-' not in page


def test_past_a_few_the_alone_first_timers_are_counted_their_rows_keep_the_badge(client, shift, coordinator):
    from shifts.onboarding.selectors import ALONE_LISTED

    for _ in range(ALONE_LISTED + 2):
        services.sign_up(volunteer=VolunteerFactory(), shift=shift, by=coordinator)
    client.force_login(coordinator)

    page = client.get(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/").text

    assert page.count('<a href="#signup-') == ALONE_LISTED
    assert 'And 2 more: their rows say "first time here, alone".' in page.replace("&quot;", '"')
    assert page.count('<span class="badge badge-bad">first time here, alone</span>') == ALONE_LISTED + 2


def test_a_first_timer_with_someone_experienced_has_no_alone_badge(client, shift, newcomer, veteran, coordinator):
    client.force_login(coordinator)
    page = client.get(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/").text
    assert "first time here, alone" not in page
    assert f'id="buddy-{signup_of(newcomer, shift).pk}"' in page


def test_the_alone_badge_in_french(client, shift, coordinator):
    services.sign_up(volunteer=VolunteerFactory(first_name="Ana"), shift=shift, by=coordinator)
    client.force_login(coordinator)
    client.cookies["django_language"] = "fr"
    page = client.get(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/").text
    assert "première fois, seul·e" in page


def test_a_first_timer_booked_by_a_coordinator_is_named_as_on_the_roster(client, shift, veteran, coordinator):
    booked = VolunteerFactory(first_name="Paula", last_name="Private")
    services.sign_up(volunteer=booked, shift=shift, by=coordinator)
    client.force_login(coordinator)

    page = client.get(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/").text

    # A coordinator's booking opens no contact details, so the full name stays hidden here too.
    assert "Paula P." in page and "Private" not in page


def test_only_the_sites_coordinators_set_buddies(client, shift, newcomer, veteran, outsider):
    client.force_login(outsider)
    response = client.post(f"/roster/calais/signup/{signup_of(newcomer, shift).pk}/buddy/", {"buddy": veteran.pk})
    assert response.status_code == 403
    assert signup_of(newcomer, shift).buddy is None


def test_the_buddy_board_query_count_is_flat(client, shift, mission, coordinator, query_budget):
    from tests.onboarding.conftest import attended as did

    client.force_login(coordinator)
    day = shift.local_starts_at.date().isoformat()
    services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    with query_budget() as few:
        client.get(f"/roster/calais/{day}/")
    for hour in (15, 17, 19):
        more = ShiftFactory(
            mission=mission,
            starts_at=local_dt(shift.local_starts_at.date(), time(hour)),
            ends_at=local_dt(shift.local_starts_at.date(), time(hour + 1)),
            capacity=5,
        )
        for _ in range(3):
            services.sign_up(volunteer=VolunteerFactory(), shift=more)
        old = VolunteerFactory()
        did(old, mission, 3)
        services.sign_up(volunteer=old, shift=more)
    with query_budget(len(few.captured_queries) + 2):
        client.get(f"/roster/calais/{day}/")
