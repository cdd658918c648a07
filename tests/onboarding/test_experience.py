"""A mission's minimum experience counts shifts attended at that site; the refusal says how many more."""

import pytest

from shifts import services
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory
from tests.onboarding.conftest import attended

pytestmark = pytest.mark.django_db


def test_experience_counts_at_that_site_and_says_how_many_more(calais, mission):
    demanding = ShiftFactory(mission=MissionFactory(site=calais, min_experience=3))
    person = VolunteerFactory()
    attended(person, mission, 1)
    attended(person, MissionFactory(site=SiteFactory(slug="grande-synthe", name="Grande-Synthe")), 5)

    with pytest.raises(services.SignupRefused) as refused:
        services.sign_up(volunteer=person, shift=demanding)

    assert refused.value.code == "experience"
    assert "at least 3 shifts at Calais: 2 more to go" in refused.value.messages[0]
    attended(person, mission, 3)
    assert services.sign_up(volunteer=person, shift=demanding).status == "confirmed"


def test_briefings_are_not_shifts_of_experience(calais, mission):
    demanding = ShiftFactory(mission=MissionFactory(site=calais, min_experience=1))
    person = VolunteerFactory()
    attended(person, MissionFactory(site=calais, is_briefing=True), 2)
    with pytest.raises(services.SignupRefused):
        services.sign_up(volunteer=person, shift=demanding)
