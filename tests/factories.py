from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from shifts.models import Shift, ShiftTemplate, Signup
from sites.models import Mission, Site
from volunteers.models import Qualification, QualificationGrant, Volunteer


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    birth_date = date(1990, 5, 17)
    phone = "+33612345678"
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    emergency_contact_name = "Dominique Contact"
    emergency_contact_phone = "+33698765432"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    address = "1 rue de la Paix"


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Mission {n}")
    slug = factory.Sequence(lambda n: f"mission-{n}")
    description = "What the mission is about."


def local_dt(day: date, at: time, tz="Europe/Paris") -> datetime:
    import zoneinfo

    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(tz))


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    mission = factory.SubFactory(MissionFactory)
    starts_at = factory.LazyFunction(lambda: local_dt(timezone.localdate() + timedelta(days=2), time(10)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    capacity = 3


class ShiftTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftTemplate

    mission = factory.SubFactory(MissionFactory)
    weekday = 0
    start_time = time(8)
    end_time = time(12)
    capacity = 3


class SignupFactory(factory.django.DjangoModelFactory):
    """Writes a row directly, bypassing the rules: for arranging data, never for testing them."""

    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = Signup.Status.WAITLISTED


class AccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sites.Accommodation"

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Bungalows {n}")
    address = "Campsite, 62100 Calais"
    beds = 10
    price_per_night = "5.00"
    house_rules = "Quiet after 22:00."
    house_rules_fr = "Calme après 22 h."


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"qualification-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    name_fr = factory.LazyAttribute(lambda o: f"{o.name} (fr)")


def qualification(slug: str) -> Qualification:
    """The seeded qualifications, as seed_sites writes them (tests may run after a flush that removed them)."""
    from sites.seed import QUALIFICATIONS

    data = dict(next(item for item in QUALIFICATIONS if item["slug"] == slug))
    return QualificationFactory(**data)


def grant(person, slug: str, **fields) -> QualificationGrant:
    """Writes a grant directly, bypassing the rules: for arranging data, never for testing them."""
    fields.setdefault("granted_on", timezone.localdate())
    return QualificationGrant.objects.create(volunteer=person, qualification=qualification(slug), **fields)


def requiring(mission: Mission, *slugs: str) -> Mission:
    """`mission` with required qualifications (as seed_sites sets them)."""
    mission.required_qualifications.add(*[qualification(slug) for slug in slugs])
    return mission


def driver(**fields) -> Volunteer:
    """A volunteer who declared a driving licence."""
    person = VolunteerFactory(**fields)
    grant(person, "driving-licence", granted_by=person)
    return person
