"""Donations fixtures: Paris collection points, shifts at them, offers."""

from datetime import date, time, timedelta
from decimal import Decimal

import factory
import pytest
from django.utils import timezone

from donations.models import DonationOffer, OfferReply
from shifts.models import Signup
from sites.models import CollectionPoint
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, local_dt

SOON = timezone.localdate() + timedelta(days=2)


class CollectionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionPoint

    name = factory.Sequence(lambda n: f"Point {n}")
    arrondissement = 11
    address = factory.Sequence(lambda n: f"{n} rue de la République, 75011 Paris")
    latitude = Decimal("48.857500")
    longitude = Decimal("2.380000")


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonationOffer

    name = "Dana Donor"
    email = "dana@example.org"
    what = "Two bags of winter coats"
    quantity = DonationOffer.Quantity.BAG
    arrondissement = 11
    availability = "Saturday morning"


@pytest.fixture
def point(chapelle):
    return CollectionPointFactory(site=chapelle, name="Place Léon-Blum", arrondissement=11)


def point_mission(point):
    return MissionFactory(site=point.site, name=f"Collection point: {point.name}", collection_point=point)


@pytest.fixture
def point_coordinator(chapelle):
    person = VolunteerFactory(email="paula@example.org", first_name="Paula", last_name="Paris")
    chapelle.coordinators.add(person)
    return person


def point_shift(point, *, day: date = SOON, start: time = time(10), hours: float = 3, mission=None, **kw):
    starts_at = local_dt(day, start, point.site.timezone)
    return ShiftFactory(
        mission=mission or point_mission(point),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **kw,
    )


def staff(shift, volunteer=None):
    """A confirmed seat arranged directly (bypassing the rules), keeping the counter right."""
    signup = SignupFactory(shift=shift, volunteer=volunteer or VolunteerFactory(), status=Signup.Status.CONFIRMED)
    shift.confirmed_count += 1
    shift.save(update_fields=["confirmed_count"])
    return signup


@pytest.fixture
def reply(db):
    return OfferReply.objects.create(
        name="Yes please",
        name_fr="Oui merci",
        subject="Your offer",
        subject_fr="Votre proposition",
        body="Hello {name}, yes please, bring it to {site}.",
        body_fr="Bonjour {name}, oui merci, apportez-le à {site}.",
        sets_status=OfferReply.SetsStatus.ACCEPTED,
    )
