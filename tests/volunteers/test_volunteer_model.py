from datetime import date

import pytest
from django.db import IntegrityError

from tests.factories import VolunteerFactory
from volunteers.models import Volunteer


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # a leap-day birthday comes on 1 March in common years
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_on_counts_whole_years(born, on, age):
    assert Volunteer(birth_date=born).age_on(on) == age


def test_age_unknown_without_birth_date():
    person = Volunteer()
    assert person.age_on(date(2026, 1, 1)) is None
    assert not person.is_adult_on(date(2026, 1, 1))


@pytest.mark.django_db
def test_email_is_lowercased_and_unique_whatever_the_case():
    Volunteer.objects.create_user(email="Marie@Example.org", password="x" * 12)
    assert Volunteer.objects.get_by_natural_key("MARIE@example.org").email == "marie@example.org"
    with pytest.raises(IntegrityError):
        Volunteer.objects.create(email="MARIE@EXAMPLE.ORG")


@pytest.mark.django_db
def test_french_numbers_without_country_code_are_accepted():
    person = VolunteerFactory(phone="06 12 34 56 78")
    person.full_clean()
    person.refresh_from_db()
    assert str(person.phone) == "+33612345678"


def test_public_name_shows_first_name_and_initial_only():
    assert Volunteer(first_name="Maria", last_name="Schmidt").public_name == "Maria S."
