"""Withdrawing a certificate asks first (a page of its own, then its POST), and /me/ lists each certificate's
language."""

import pytest

from records import services
from records.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(history, volunteer):
    return services.issue_certificate(volunteer=volunteer, language="fr", by=volunteer)


def test_the_list_names_each_certificates_language(client, history, volunteer):
    services.issue_certificate(volunteer=volunteer, language="fr", by=volunteer)
    services.issue_certificate(volunteer=volunteer, language="en", by=volunteer)
    client.force_login(volunteer)
    text = " ".join(client.get("/me/").text.split())
    assert text.count(", in French") == 1 and text.count(", in English") == 1


def test_the_list_names_the_language_in_french_too(client, issued, volunteer):
    client.force_login(volunteer)
    client.cookies["django_language"] = "fr"
    text = " ".join(client.get("/me/").text.split())
    assert ", en français" in text


def test_withdrawing_asks_first_and_a_look_withdraws_nothing(client, issued, volunteer):
    client.force_login(volunteer)
    url = f"/me/certificates/{issued.certificate.pk}/revoke/"
    # The list offers a link to the question, not a button that withdraws at once.
    me = client.get("/me/").text
    assert f'href="{url}"' in me and f'action="{url}"' not in me
    page = client.get(url)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "<h1>Withdraw a certificate?</h1>" in text
    assert f"Certificate no. {issued.certificate.pk}" in text and "in French" in text
    # One real button in a form (reachable by keyboard), described by what it withdraws; a way back.
    assert f'<form method="post" action="{url}">' in text
    assert 'aria-describedby="certificate-summary certificate-effect"' in text
    assert "Keep it" in text
    assert Certificate.objects.get().revoked_at is None
    assert client.get(f"/certificates/{issued.token}/").status_code == 200
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/me/#certificates")
    assert Certificate.objects.get().revoked_by == volunteer
    assert client.get(f"/certificates/{issued.token}/").status_code == 404


def test_the_question_of_a_withdrawn_certificate_says_so(client, issued, volunteer):
    services.revoke_certificate(certificate=issued.certificate, by=volunteer)
    client.force_login(volunteer)
    text = " ".join(client.get(f"/me/certificates/{issued.certificate.pk}/revoke/").text.split())
    assert "already withdrawn" in text and '<form method="post" action="/me/certificates/' not in text


def test_nobody_else_sees_the_question(client, issued, outsider):
    client.force_login(outsider)
    assert client.get(f"/me/certificates/{issued.certificate.pk}/revoke/").status_code == 404
