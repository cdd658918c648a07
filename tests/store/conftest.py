from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.models import Signup
from store.models import Partner, Product
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory


@pytest.fixture
def jeans(db):
    return Product.objects.create(category="clothing", name="Jeans", name_fr="Jean", gender="men", size="42")


@pytest.fixture
def socks(db):
    return Product.objects.create(category="underwear", name="New socks", name_fr="Chaussettes neuves")


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Solidarité Nord", kind="association", city="Lille")


@pytest.fixture
def store_mission(calais):
    return MissionFactory(site=calais, name="Store", slug="store", is_store=True)


def on_store_shift(mission, person=None, *, starts_in=timedelta(hours=-1), hours=3, status=Signup.Status.CONFIRMED):
    """A person confirmed on a shift of `mission` (by default running now)."""
    person = person or VolunteerFactory()
    starts_at = timezone.now() + starts_in
    shift = ShiftFactory(mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours))
    SignupFactory(shift=shift, volunteer=person, status=status)
    return person, shift


# The browser tests' fixtures (Chromium at 360 px, login, axe), for the counting flow's test kept beside the rest.
from tests.browser.conftest import _axe_check_fixture, _login_fixture, _playwright, browser, new_page  # noqa: E402, F401
