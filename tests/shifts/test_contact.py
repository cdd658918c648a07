"""The contact-details door (shifts/contact.py): who may see a person's email and phone, and the one people search."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from shifts import contact
from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, SiteFactory, VolunteerFactory
from volunteers.models import CheckRequest, Qualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(mission):
    start = timezone.now() + timedelta(days=3)
    return ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3))


@pytest.fixture
def person(db):
    return VolunteerFactory(
        first_name="Paula", last_name="Person", email="paula.person@example.org", phone="+33655443322", languages=["fr"]
    )


def test_booking_oneself_opens_the_details_to_the_sites_coordinators(coordinator, shift, person):
    SignupFactory(shift=shift, volunteer=person)
    assert contact.may_see_contact(coordinator, person, site=shift.mission.site)


def test_a_coordinators_booking_opens_nothing(coordinator, shift, person):
    SignupFactory(shift=shift, volunteer=person, booked_by=coordinator)
    assert not contact.may_see_contact(coordinator, person, site=shift.mission.site)


def test_a_cancelled_own_booking_opens_nothing(coordinator, shift, person):
    SignupFactory(shift=shift, volunteer=person, status=Signup.Status.CANCELLED)
    assert not contact.may_see_contact(coordinator, person)


def test_having_come_opens_the_details_even_when_booked_by_a_coordinator(coordinator, shift, person):
    SignupFactory(shift=shift, volunteer=person, booked_by=coordinator, attendance=Signup.Attendance.PRESENT)
    assert contact.may_see_contact(coordinator, person, site=shift.mission.site)


def test_a_walk_ins_details_are_open(coordinator, shift):
    walk_in = VolunteerFactory(is_walk_in=True)
    SignupFactory(shift=shift, volunteer=walk_in, booked_by=coordinator)
    assert contact.may_see_contact(coordinator, walk_in)


def test_asking_a_site_for_a_check_opens_the_details_there(coordinator, calais, person):
    qualification = Qualification.objects.create(slug="first-aid-x", name="First aid", needs_check=True)
    CheckRequest.objects.create(volunteer=person, qualification=qualification, site=calais)
    assert contact.may_see_contact(coordinator, person, site=calais)


def test_a_coordinator_of_another_site_sees_nothing(shift, person):
    SignupFactory(shift=shift, volunteer=person)
    elsewhere = VolunteerFactory()
    SiteFactory(slug="elsewhere").coordinators.add(elsewhere)
    assert not contact.may_see_contact(elsewhere, person)
    assert not contact.may_see_contact(elsewhere, person, site=shift.mission.site)


def test_details_open_at_one_site_stay_closed_at_another(coordinator, person):
    other_site = SiteFactory(slug="other")
    start = timezone.now() + timedelta(days=2)
    SignupFactory(
        shift=ShiftFactory(
            mission=MissionFactory(site=other_site), starts_at=start, ends_at=start + timedelta(hours=2)
        ),
        volunteer=person,
    )
    other_site.coordinators.add(coordinator)
    calais = coordinator.coordinated_sites.get(slug="calais")
    assert not contact.may_see_contact(coordinator, person, site=calais)
    assert contact.may_see_contact(coordinator, person, site=other_site)


def test_admins_see_everyone(admin_user, person):
    assert contact.may_see_contact(admin_user, person)


def test_nobody_sees_an_erased_person(admin_user, person):
    person.anonymised_at = timezone.now()
    assert not contact.may_see_contact(admin_user, person)


def test_a_plain_volunteer_sees_nobody(volunteer, shift, person):
    SignupFactory(shift=shift, volunteer=person)
    assert not contact.may_see_contact(volunteer, person, site=shift.mission.site)


def test_visible_ids_answers_for_many_people_in_one_query(coordinator, shift, django_assert_num_queries):
    people = VolunteerFactory.create_batch(5)
    for someone in people[:3]:
        SignupFactory(shift=shift, volunteer=someone)
    for someone in people[3:]:
        SignupFactory(shift=shift, volunteer=someone, booked_by=coordinator)
    with django_assert_num_queries(2):
        shown = contact.visible_ids(coordinator, site=shift.mission.site, volunteer_ids=[p.pk for p in people])
    assert shown == {p.pk for p in people[:3]}


def test_a_team_lead_sees_their_team_as_the_coordinators_do(volunteer, shift, person):
    SignupFactory(shift=shift, volunteer=person)
    site = shift.mission.site
    assert contact.visible_ids(volunteer, site=site, volunteer_ids=[person.pk]) == set()
    assert contact.visible_ids(volunteer, site=site, volunteer_ids=[person.pk], leads_team=True) == {person.pk}


def test_hidden_details_are_empty(person):
    assert contact.contact_of(person, visible=False) == contact.HIDDEN
    assert not contact.contact_of(person, visible=False)


def test_shown_details_carry_email_and_phone(person):
    shown = contact.contact_of(person, visible=True)
    assert shown.email == "paula.person@example.org"
    assert shown.tel == "+33655443322"
    assert shown.phone_national.replace(" ", "") == "0655443322"


def test_buddies_see_phones_from_the_shifts_day_on(shift):
    with time_machine.travel(shift.starts_at - timedelta(days=2)):
        assert not contact.buddies_see_phones(shift)
    with time_machine.travel(shift.starts_at - timedelta(hours=1)):
        assert contact.buddies_see_phones(shift)


# --- the people search ---------------------------------------------------------------------------


def _found(query, viewer, site, **kwargs):
    return list(contact.search_people(query, viewer=viewer, site=site, **kwargs))


def test_the_search_finds_by_name(coordinator, calais, person):
    assert _found("paula pers", coordinator, calais) == [person]


def test_the_search_finds_by_a_whole_email(coordinator, calais, person):
    assert _found("PAULA.person@example.org", coordinator, calais) == [person]


def test_the_search_finds_by_a_whole_phone_written_locally(coordinator, calais, person):
    assert _found("06 55 44 33 22", coordinator, calais) == [person]


@pytest.mark.parametrize("fragment", ["@", "@example.org", "paula.person@", "3322", "55443322", "+3365544", "p"])
def test_the_search_never_matches_a_fragment_of_an_email_or_phone(coordinator, calais, person, fragment):
    assert _found(fragment, coordinator, calais) == []


def test_the_search_is_for_the_sites_coordinators_only(outsider, calais, person):
    assert _found("paula", outsider, calais) == []


def test_the_search_leaves_out_erased_and_inactive_people(coordinator, calais):
    VolunteerFactory(first_name="Gone", anonymised_at=timezone.now())
    VolunteerFactory(first_name="Goneinactive", is_active=False)
    assert _found("gone", coordinator, calais) == []


def test_the_search_lists_at_most_its_limit_known_people_first(coordinator, shift):
    VolunteerFactory.create_batch(contact.MAX_NAME_RESULTS + 5, first_name="Manymany")
    known = VolunteerFactory(first_name="Manymany", last_name="Zzz")
    SignupFactory(shift=shift, volunteer=known, booked_by=coordinator)
    found = _found("manymany", coordinator, shift.mission.site)
    assert len(found) == contact.MAX_NAME_RESULTS
    assert known in found


def test_the_search_says_who_is_free_then(coordinator, shift, person):
    overlapping = ShiftFactory(
        mission=MissionFactory(site=SiteFactory(slug="paris-x")), starts_at=shift.starts_at, ends_at=shift.ends_at
    )
    SignupFactory(shift=overlapping, volunteer=person, status=Signup.Status.CONFIRMED)
    free = VolunteerFactory(first_name="Paula", last_name="Free")
    found = {p.pk: p for p in _found("paula", coordinator, shift.mission.site, shift=shift)}
    assert found[person.pk].is_busy and not found[free.pk].is_busy
    assert not found[person.pk].on_shift


def test_the_search_ignores_a_nul_byte(coordinator, calais, person):
    assert _found("paula\x00", coordinator, calais) == [person]
