"""Who may grant and revoke which qualification, the record it leaves, /me/, a person's page and the roster."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory, qualification
from volunteers import services
from volunteers.models import CheckRequest, QualificationGrant
from volunteers.qualifications.services import QualificationRefused, request_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def safeguarding(db):
    return qualification("safeguarding")


@pytest.fixture
def licence(db):
    return qualification("driving-licence")


@pytest.fixture
def signed_up(volunteer, mission):
    """The volunteer signed up once at Calais, so Calais's coordinators may check them."""
    SignupFactory(shift=ShiftFactory(mission=mission), volunteer=volunteer)
    return volunteer


def test_a_coordinator_of_a_site_where_they_signed_up_grants_a_checked_one(signed_up, coordinator, safeguarding):
    granted = services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=coordinator)
    assert granted.granted_by == coordinator
    assert granted.granted_on == timezone.localdate()
    # Three years' validity, from the qualification.
    assert granted.valid_until == timezone.localdate() + timedelta(days=3 * 365)


def test_a_coordinator_of_another_site_may_not(signed_up, chapelle, safeguarding):
    stranger = VolunteerFactory()
    chapelle.coordinators.add(stranger)
    with pytest.raises(QualificationRefused) as refused:
        services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=stranger)
    assert refused.value.code == "not_allowed"
    assert not QualificationGrant.objects.exists()


def test_asking_a_site_for_a_check_lets_its_coordinators_grant(volunteer, chapelle, safeguarding):
    paris = VolunteerFactory()
    chapelle.coordinators.add(paris)
    request_check(volunteer=volunteer, qualification=safeguarding, site=chapelle)
    granted = services.grant_qualification(volunteer=volunteer, qualification=safeguarding, by=paris)
    check = CheckRequest.objects.get()
    assert check.status == CheckRequest.Status.GRANTED and check.closed_by == paris
    assert granted.volunteer == volunteer


def test_nobody_checks_themselves_and_a_volunteer_cannot_grant_a_checked_one(volunteer, coordinator, safeguarding):
    for person, by in ((volunteer, volunteer), (coordinator, coordinator)):
        with pytest.raises(QualificationRefused):
            services.grant_qualification(volunteer=person, qualification=safeguarding, by=by)


def test_an_admin_may_grant_anyone(volunteer, admin_user, safeguarding):
    assert services.grant_qualification(volunteer=volunteer, qualification=safeguarding, by=admin_user).pk


def test_a_volunteer_declares_a_declared_one_but_not_for_someone_else(volunteer, outsider, licence):
    assert (
        services.grant_qualification(volunteer=volunteer, qualification=licence, by=volunteer).granted_by == volunteer
    )
    with pytest.raises(QualificationRefused):
        services.grant_qualification(volunteer=outsider, qualification=licence, by=volunteer)


def test_validity_cannot_be_longer_than_the_qualification_allows_nor_in_the_past(signed_up, coordinator, safeguarding):
    today = timezone.localdate()
    with pytest.raises(QualificationRefused) as too_late:
        services.grant_qualification(
            volunteer=signed_up, qualification=safeguarding, by=coordinator, valid_until=today + timedelta(days=4 * 365)
        )
    assert too_late.value.code == "valid_until_too_late"
    with pytest.raises(QualificationRefused) as past:
        services.grant_qualification(
            volunteer=signed_up, qualification=safeguarding, by=coordinator, valid_until=today - timedelta(days=1)
        )
    assert past.value.code == "valid_until_past"


def test_renewal_and_revocation_are_recorded_not_erased(signed_up, coordinator, admin_user, safeguarding):
    first = services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=coordinator)
    second = services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=admin_user)
    first.refresh_from_db()
    assert first.revoked_by == admin_user and first.revoked_at is not None
    services.revoke_qualification(grant=second, by=coordinator)
    second.refresh_from_db()
    assert second.revoked_by == coordinator
    assert QualificationGrant.objects.filter(volunteer=signed_up).count() == 2
    with pytest.raises(QualificationRefused):
        services.revoke_qualification(grant=second, by=coordinator)


def test_a_volunteer_may_withdraw_a_declared_one_but_not_revoke_a_checked_one(
    signed_up, coordinator, safeguarding, licence
):
    declared = services.grant_qualification(volunteer=signed_up, qualification=licence, by=signed_up)
    services.revoke_qualification(grant=declared, by=signed_up)
    checked = services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=coordinator)
    with pytest.raises(QualificationRefused):
        services.revoke_qualification(grant=checked, by=signed_up)


def test_grants_and_revocations_are_in_the_export(signed_up, coordinator, safeguarding, licence):
    services.grant_qualification(volunteer=signed_up, qualification=licence, by=signed_up, note="")
    checked = services.grant_qualification(
        volunteer=signed_up, qualification=safeguarding, by=coordinator, note="bulletin n°3 and sworn statement seen"
    )
    services.revoke_qualification(grant=checked, by=coordinator)
    exported = {row["qualification"]: row for row in services.export_data(volunteer=signed_up)["qualifications"]}
    assert exported["driving-licence"]["granted_by"] == "themselves"
    assert exported["safeguarding"]["granted_by"] == "Colette Coordinator"
    assert exported["safeguarding"]["revoked_by"] == "Colette Coordinator"
    assert exported["safeguarding"]["revoked_at"] is not None
    assert exported["safeguarding"]["note"] == "bulletin n°3 and sworn statement seen"


def test_erasure_removes_every_record_of_a_check(signed_up, coordinator, safeguarding):
    services.grant_qualification(volunteer=signed_up, qualification=safeguarding, by=coordinator)
    services.erase_account(volunteer=signed_up)
    assert not QualificationGrant.objects.filter(volunteer=signed_up).exists()


# --- pages ----------------------------------------------------------------------------------------


def test_me_declares_and_withdraws(client, volunteer, licence):
    qualification("first-aid")
    client.force_login(volunteer)
    assert "Driving licence" in client.get("/me/").text
    client.post("/me/qualifications/", {"held": [licence.pk]})
    assert QualificationGrant.objects.active().filter(volunteer=volunteer, qualification=licence).exists()
    client.post("/me/qualifications/", {})
    assert not QualificationGrant.objects.active().filter(volunteer=volunteer).exists()
    assert QualificationGrant.objects.filter(volunteer=volunteer).count() == 1  # the record stays


def test_a_check_asked_from_me_is_seen_by_that_sites_coordinators_only(
    client, volunteer, calais, chapelle, coordinator, safeguarding
):
    client.force_login(volunteer)
    response = client.post(
        "/me/qualifications/check/", {"qualification": safeguarding.pk, "site": calais.pk}, follow=True
    )
    assert "Your request is sent to the coordinators of Calais" in response.text
    client.force_login(coordinator)
    page = client.get("/roster/calais/checks/")
    assert page.status_code == 200 and "Vera Volunteer" in page.text
    # They may now open the person's page, though the person never signed up at Calais.
    assert client.get(f"/volunteers/{volunteer.pk}/").status_code == 200
    paris = VolunteerFactory()
    chapelle.coordinators.add(paris)
    client.force_login(paris)
    assert "Vera Volunteer" not in client.get("/roster/porte-de-la-chapelle/checks/").text
    assert client.get("/roster/calais/checks/").status_code == 403


def test_a_coordinator_grants_and_revokes_from_the_persons_page(client, signed_up, coordinator, safeguarding):
    client.force_login(coordinator)
    page = client.get(f"/volunteers/{signed_up.pk}/")
    assert "Record a qualification" in page.text
    response = client.post(
        f"/volunteers/{signed_up.pk}/qualifications/",
        {"qualification": safeguarding.pk, "valid_until": "", "note": "bulletin n°3 seen"},
        follow=True,
    )
    assert "recorded for Vera Volunteer" in response.text
    granted = QualificationGrant.objects.get()
    client.post(f"/volunteers/{signed_up.pk}/qualifications/{granted.pk}/revoke/")
    granted.refresh_from_db()
    assert granted.revoked_by == coordinator


def test_a_refusal_names_the_qualification_in_the_persons_language(client, volunteer, coordinator, safeguarding):
    # The coordinator has no link to this person: refused, in French with the French name.
    client.force_login(coordinator)
    with translation.override("fr"):
        with pytest.raises(QualificationRefused) as refused:
            services.grant_qualification(volunteer=volunteer, qualification=safeguarding, by=coordinator)
    assert safeguarding.name_fr in refused.value.messages[0]
    with translation.override("en"):
        with pytest.raises(QualificationRefused) as refused:
            services.grant_qualification(volunteer=volunteer, qualification=safeguarding, by=coordinator)
    assert safeguarding.name in refused.value.messages[0]


def test_admin_grants_through_the_service(client, admin_user, volunteer, safeguarding):
    client.force_login(admin_user)
    response = client.post(
        "/admin/volunteers/qualificationgrant/add/",
        {"volunteer": volunteer.pk, "qualification": safeguarding.pk, "valid_until": "", "note": "seen"},
    )
    assert response.status_code == 302, response.text[:2000]
    granted = QualificationGrant.objects.get()
    assert granted.granted_by == admin_user and granted.valid_until is not None  # the service's default validity
    # Someone granting themselves a check is refused on the form, not with an error page.
    response = client.post(
        "/admin/volunteers/qualificationgrant/add/",
        {"volunteer": admin_user.pk, "qualification": safeguarding.pk, "valid_until": "", "note": ""},
    )
    assert response.status_code == 200 and "Nobody records their own" in response.text
