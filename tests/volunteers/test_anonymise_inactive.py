import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from shifts.models import Signup
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory
from volunteers import services, tasks
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=365)


def person(*, joined_years_ago, last_login_years_ago=None, **kwargs):
    someone = VolunteerFactory(**kwargs)
    now = timezone.now()
    Volunteer.objects.filter(pk=someone.pk).update(
        date_joined=now - joined_years_ago * YEAR,
        last_login=None if last_login_years_ago is None else now - last_login_years_ago * YEAR,
    )
    return someone


@pytest.fixture
def people(calais, mission):
    old_shift_start = timezone.now() - 2 * YEAR
    recent_shift = ShiftFactory(
        mission=mission, starts_at=old_shift_start, ends_at=old_shift_start + timedelta(hours=3)
    )
    with_recent_shift = person(joined_years_ago=6, phone="+33611111111")
    SignupFactory(shift=recent_shift, volunteer=with_recent_shift, status=Signup.Status.CONFIRMED)
    ancient_shift_start = timezone.now() - 5 * YEAR
    ancient_shift = ShiftFactory(
        mission=mission, starts_at=ancient_shift_start, ends_at=ancient_shift_start + timedelta(hours=3)
    )
    gone = person(joined_years_ago=6, last_login_years_ago=4, email="gone@example.org", phone="+33622222222")
    SignupFactory(shift=ancient_shift, volunteer=gone, status=Signup.Status.CONFIRMED)
    coordinator = person(joined_years_ago=8, last_login_years_ago=5)
    calais.coordinators.add(coordinator)
    return {
        "gone": gone,
        "never_logged_in": person(joined_years_ago=4),
        "recent_login": person(joined_years_ago=6, last_login_years_ago=1),
        "recent_joiner": person(joined_years_ago=0.5),
        "with_recent_shift": with_recent_shift,
        "staff": person(joined_years_ago=9, last_login_years_ago=5, is_staff=True),
        "coordinator": coordinator,
        "ancient_signup": Signup.objects.get(volunteer=gone),
    }


def anonymised_ids():
    return set(Volunteer.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))


def test_only_the_long_inactive_are_anonymised(people):
    result = services.anonymise_inactive(years=3)
    expected = {people["gone"].pk, people["never_logged_in"].pk}
    assert set(result.ids) == expected
    assert anonymised_ids() == expected
    gone = Volunteer.objects.get(pk=people["gone"].pk)
    assert gone.email is None and not gone.phone and gone.birth_date is None and not gone.is_active
    # Their old seat still counts.
    assert Signup.objects.get(pk=people["ancient_signup"].pk).status == Signup.Status.CONFIRMED


def test_staff_and_coordinators_are_never_anonymised(people):
    services.anonymise_inactive(years=1)
    untouched = Volunteer.objects.filter(pk__in=[people["staff"].pk, people["coordinator"].pk])
    assert all(someone.anonymised_at is None and someone.email for someone in untouched)


def test_it_is_idempotent(people):
    first = services.anonymise_inactive(years=3)
    stamps = dict(Volunteer.objects.filter(pk__in=first.ids).values_list("pk", "anonymised_at"))
    second = services.anonymise_inactive(years=3)
    assert second.ids == []
    assert dict(Volunteer.objects.filter(pk__in=first.ids).values_list("pk", "anonymised_at")) == stamps


def test_a_shorter_period_reaches_more_people(people):
    result = services.anonymise_inactive(years=1)
    assert people["with_recent_shift"].pk in result.ids
    assert people["recent_login"].pk in result.ids
    assert people["recent_joiner"].pk not in result.ids


def test_the_period_defaults_to_the_setting(people, settings):
    settings.UTOPIA_INACTIVITY_YEARS = 5
    assert set(services.anonymise_inactive().ids) == set()
    settings.UTOPIA_INACTIVITY_YEARS = 3
    assert len(services.anonymise_inactive().ids) == 2


def test_dry_run_changes_nothing(people):
    out = StringIO()
    call_command("anonymise_inactive", "--years", "3", "--dry-run", stdout=out)
    assert "would anonymise 2 volunteers" in out.getvalue()
    assert anonymised_ids() == set()


def test_command_reports_counts_and_ids_only(people, caplog):
    out = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("anonymise_inactive", "--years", "3", stdout=out)
    assert "anonymised 2 volunteers" in out.getvalue()
    assert str(people["gone"].pk) in out.getvalue()
    everything = out.getvalue() + caplog.text
    for secret in ("gone@example.org", "+33622222222", "0622222222", "First", "Last"):
        assert secret not in everything


def test_command_refuses_a_period_under_one_year(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("anonymise_inactive", "--years", "0")
    assert anonymised_ids() == set()


def test_celery_task_calls_the_same_service(people):
    assert tasks.anonymise_inactive_volunteers.delay().get() == 2
    assert anonymised_ids() == {people["gone"].pk, people["never_logged_in"].pk}


def test_task_is_scheduled_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-inactive-volunteers"]
    assert entry["task"] == "volunteers.tasks.anonymise_inactive_volunteers"


def test_the_service_refuses_a_period_under_one_year(people):
    with pytest.raises(ValueError):
        services.anonymise_inactive(years=0)
    assert anonymised_ids() == set()
