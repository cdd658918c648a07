from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.forms.models import model_to_dict
from django.utils import timezone

from shifts import services as shift_services
from shifts.models import Notification, Shift, Signup
from tests.factories import ShiftFactory, SignupFactory
from volunteers import services
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def history(mission, volunteer, outsider):
    """Vera did a shift last month and holds the only seat of a shift in two days; Otto waits for it."""
    past = ShiftFactory(
        mission=mission,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=3),
        capacity=2,
    )
    past_signup = SignupFactory(
        shift=past, volunteer=volunteer, status=Signup.Status.CONFIRMED, attendance=Signup.Attendance.PRESENT
    )
    Shift.objects.filter(pk=past.pk).update(confirmed_count=1)
    upcoming = ShiftFactory(mission=mission, capacity=1)
    upcoming_signup = shift_services.sign_up(volunteer=volunteer, shift=upcoming)
    waiting = shift_services.sign_up(volunteer=outsider, shift=upcoming)
    assert waiting.status == Signup.Status.WAITLISTED
    EmailAddress.objects.create(user=volunteer, email=volunteer.email, primary=True, verified=True)
    Signup.objects.filter(pk=past_signup.pk).update(note="Vera speaks Farsi, call her on 06 12 34 56 78")
    return {"past": past_signup, "upcoming": upcoming_signup, "waiting": waiting}


def volunteer_days(month_start):
    return Signup.objects.filter(
        status=Signup.Status.CONFIRMED,
        shift__starts_at__gte=month_start,
        shift__starts_at__lt=month_start + timedelta(days=40),
    ).count()


def test_get_explains_what_happens(client, volunteer, history):
    client.force_login(volunteer)
    response = client.get("/me/delete/")
    assert response.status_code == 200
    assert "your 1 upcoming sign-up is cancelled" in response.text
    assert 'name="password"' in response.text


def test_erasure_leaves_no_personal_data_while_counts_stay(client, volunteer, history):
    month_start = history["past"].shift.starts_at - timedelta(days=1)
    days_before = volunteer_days(month_start)
    old_token = volunteer.calendar_token
    client.force_login(volunteer)

    response = client.post("/me/delete/", {"password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert "Your account has been erased" in response.text
    assert not response.context["user"].is_authenticated
    person = Volunteer.objects.get(pk=volunteer.pk)
    assert person.email is None
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.phone and not person.emergency_contact_phone and not person.emergency_contact_name
    assert person.birth_date is None
    assert person.languages == []
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.anonymised_at is not None
    assert person.calendar_token != old_token
    assert person.public_name == "Former volunteer"
    assert not EmailAddress.objects.filter(user=person).exists()
    everything = str(model_to_dict(person)) + str(list(Signup.objects.filter(volunteer=person).values()))
    for secret in ("vera", "Vera", "Volunteer", "612345678", "698765432", "Dominique", "1990"):
        assert secret not in everything, secret

    # The past seat stays, anonymous, in the counts.
    past = Signup.objects.get(pk=history["past"].pk)
    assert past.volunteer_id == person.pk
    assert (past.status, past.attendance) == (Signup.Status.CONFIRMED, Signup.Attendance.PRESENT)
    assert volunteer_days(month_start) == days_before

    # The upcoming seat was freed through the sign-up rules and went to the waiting list.
    assert Signup.objects.get(pk=history["upcoming"].pk).status == Signup.Status.CANCELLED
    assert Signup.objects.get(pk=history["waiting"].pk).status == Signup.Status.CONFIRMED
    assert Shift.objects.get(pk=history["upcoming"].shift_id).confirmed_count == 1
    assert Notification.objects.filter(kind="promoted", signup=history["waiting"]).exists()


def test_an_erased_account_cannot_log_in_again(client, volunteer, history):
    client.force_login(volunteer)
    client.post("/me/delete/", {"password": PASSWORD})
    response = client.post("/accounts/login/", {"login": "vera@example.org", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


def test_wrong_password_keeps_everything(client, volunteer, history):
    client.force_login(volunteer)
    response = client.post("/me/delete/", {"password": "not-my-password"})

    assert response.status_code == 200
    assert "This is not your current password" in response.text
    volunteer.refresh_from_db()
    assert volunteer.email == "vera@example.org" and volunteer.is_active and volunteer.anonymised_at is None
    assert Signup.objects.get(pk=history["upcoming"].pk).status == Signup.Status.CONFIRMED
    assert Signup.objects.get(pk=history["waiting"].pk).status == Signup.Status.WAITLISTED
    assert client.get("/me/").status_code == 200  # still logged in


def test_delete_by_get_changes_nothing(client, volunteer, history):
    client.force_login(volunteer)
    client.get("/me/delete/?password=" + PASSWORD)
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None


def test_password_guesses_on_delete_are_limited(client, volunteer):
    client.force_login(volunteer)
    statuses = [client.post("/me/delete/", {"password": f"guess-{n}"}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None


def test_a_shift_that_has_started_keeps_its_seat(mission, volunteer):
    started = ShiftFactory(
        mission=mission,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    SignupFactory(shift=started, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    services.erase_account(volunteer=volunteer)
    assert Signup.objects.get(shift=started).status == Signup.Status.CONFIRMED


def test_erasure_scrubs_admin_history_and_notifications(admin_user, volunteer, history):
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[volunteer], action_flag=CHANGE, change_message="Changed phone"
    )
    Notification.objects.create(kind="urgent_call", recipient=volunteer, dedupe_key="urgent:x")
    services.erase_account(volunteer=volunteer)
    entry = LogEntry.objects.get(object_id=str(volunteer.pk))
    assert "Vera" not in entry.object_repr
    assert not Notification.objects.filter(recipient=volunteer).exists()
    assert Signup.objects.get(pk=history["past"].pk).note == ""


def test_erasure_is_idempotent(volunteer, history):
    first = services.erase_account(volunteer=volunteer)
    stamp = first.anonymised_at
    again = services.erase_account(volunteer=Volunteer.objects.get(pk=volunteer.pk))
    assert again.anonymised_at == stamp


def test_a_coordinator_who_leaves_stops_coordinating(coordinator, calais):
    services.erase_account(volunteer=coordinator)
    assert not calais.coordinators.exists()


def test_many_people_without_an_email_pass_validation():
    from tests.factories import VolunteerFactory

    for _ in range(2):
        walk_in = VolunteerFactory(email=None, is_walk_in=True)
        walk_in.full_clean()
        walk_in.save()
        assert walk_in.email is None
