"""/certificates/<token>/: proves a certificate genuine (name, period, totals, date of issue) and nothing else."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from records import services
from records.admin import CertificateAdmin
from records.models import Certificate
from tests.factories import VolunteerFactory
from volunteers.services import erase_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(history, volunteer):
    return services.issue_certificate(volunteer=volunteer, language="en", by=volunteer)


def link(issued):
    return f"/certificates/{issued.token}/"


def test_a_valid_certificate_is_shown_genuine(client, issued):
    response = client.get(link(issued))
    assert response.status_code == 200
    text = response.text
    assert "Genuine" in text
    assert "Vera Volunteer" in text
    assert "Tue 10 Jun 2025 to Thu 31 Jul 2025" in text
    assert "13.5" in text and ">3<" in text
    assert f">{issued.certificate.pk}<" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_shows_nothing_else(client, issued, volunteer):
    page = client.get(link(issued)).text
    text = page[page.index('<main id="main"') : page.index("</main>")]
    for private in ("1990", "vera@example.org", "06 12 34 56 78", "Warehouse", "Calais", "Dominique"):
        assert private not in text


def test_what_it_shows_is_what_was_printed_even_after_more_shifts(client, issued, volunteer, warehouse):
    from datetime import date, time

    from .conftest import attend, shift_on

    attend(volunteer, shift_on(warehouse, date(2025, 9, 1), time(9), 600))
    assert "13.5" in client.get(link(issued)).text


def test_a_revoked_certificate_answers_404(client, issued, volunteer):
    client.force_login(volunteer)
    me = client.get("/me/")
    assert f'href="/me/certificates/{issued.certificate.pk}/revoke/"' in me.text
    response = client.post(f"/me/certificates/{issued.certificate.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(link(issued)).status_code == 404
    certificate = Certificate.objects.get()
    assert certificate.revoked_at is not None and certificate.revoked_by == volunteer
    assert "withdrawn" in client.get("/me/").text


def test_nobody_else_can_revoke_it(client, issued, outsider):
    client.force_login(outsider)
    assert client.post(f"/me/certificates/{issued.certificate.pk}/revoke/").status_code == 404
    assert client.get(link(issued)).status_code == 200


def test_an_erased_persons_certificates_answer_404_and_forget_the_name(client, issued, volunteer):
    erase_account(volunteer=volunteer)
    assert client.get(link(issued)).status_code == 404
    certificate = Certificate.objects.get()
    assert certificate.revoked_at is not None
    assert certificate.full_name == ""


def test_unknown_or_malformed_tokens_answer_404(client, issued):
    assert client.get("/certificates/" + "A" * 43 + "/").status_code == 404
    assert client.get("/certificates/short/").status_code == 404
    # The page looks the token up by its hash only: the hash itself is no key.
    assert client.get(f"/certificates/{issued.certificate.token_hash}/").status_code == 404


def test_an_admin_revokes_from_the_admin(client, issued, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/records/certificate/",
        {"action": "revoke", "_selected_action": [issued.certificate.pk]},
    )
    assert response.status_code == 302
    assert client.get(link(issued)).status_code == 404
    assert Certificate.objects.get().revoked_by == admin_user


def test_staff_without_the_permission_cannot_revoke(issued):
    staff = VolunteerFactory(is_staff=True)
    request = RequestFactory().get("/admin/records/certificate/")
    request.user = staff
    assert not CertificateAdmin(Certificate, admin_site).has_revoke_permission(request)


def test_the_admin_cannot_add_change_or_delete_them(client, issued, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/records/certificate/add/").status_code == 403
    page = client.get(f"/admin/records/certificate/{issued.certificate.pk}/change/")
    assert page.status_code == 200 and issued.certificate.token_hash not in page.text
    assert client.get(f"/admin/records/certificate/{issued.certificate.pk}/delete/").status_code == 403
