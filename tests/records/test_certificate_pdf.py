"""The certificate as a person downloads it: read its text back from the PDF, in French and in English."""

import io
import re
from datetime import date, time

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from records.models import Certificate, hash_token
from tests.factories import VolunteerFactory

from .conftest import attend, shift_on

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def download(client, language):
    return client.post("/me/certificate.pdf", {"language": language})


def today_in(language):
    with translation.override(language):
        return date_format(timezone.localdate(), "j F Y")


def test_the_english_certificate_states_everything(client, history, volunteer):
    client.force_login(volunteer)
    text = pdf_text(download(client, "en"))
    assert "Utopia 56" in text
    assert "Certificate of volunteering" in text
    assert "Vera Volunteer" in text
    assert "born on 17 May 1990" in text
    assert "from 10 June 2025 to 31 July 2025" in text
    assert "3 days of volunteering, 13.5 hours over 4 shifts" in text
    assert "Calais" in text and "Porte de la Chapelle (Paris)" in text
    assert "Warehouse sorting" in text and "Sorting donated clothes" in text
    assert "Night outreach" in text and "Breakfast" in text
    assert "Attendance was not taken on 1 of these shifts" in text
    assert f"Issued on {today_in('en')}" in text
    certificate = Certificate.objects.get()
    assert f"Certificate no. {certificate.pk}" in text
    assert (certificate.language, certificate.minutes, certificate.volunteer_days) == ("en", 810, 3)


def test_the_french_certificate_says_it_in_french(client, history, volunteer):
    client.force_login(volunteer)
    text = pdf_text(download(client, "fr"))
    assert "Attestation de bénévolat" in text
    assert "Vera Volunteer" in text
    assert "né·e le 17 mai 1990" in text
    assert "du 10 juin 2025 au 31 juillet 2025" in text
    assert "13,5 heures" in text
    assert "Tri à l'entrepôt" in text and "Trier les dons de vêtements" in text
    assert "Maraude de nuit" in text and "Petit-déjeuner" in text
    assert f"Délivrée le {today_in('fr')}" in text
    assert "Certificate of volunteering" not in text


def test_the_link_in_the_pdf_proves_the_certificate(client, history, volunteer):
    client.force_login(volunteer)
    text = pdf_text(download(client, "en"))
    url = re.search(r"(http\S+/certificates/[A-Za-z0-9_-]+/)", text).group(1)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    certificate = Certificate.objects.get()
    # Only the hash is stored: the database never holds a working link.
    assert certificate.token_hash == hash_token(token) and token not in certificate.token_hash
    client.logout()
    page = client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200
    assert "Vera Volunteer" in page.text


def test_names_from_anywhere_in_europe_print(client, warehouse):
    person = VolunteerFactory(first_name="Łukasz", last_name="Żółć-Øster")
    attend(person, shift_on(warehouse, date(2025, 3, 3), time(9), 60))
    client.force_login(person)
    assert "Łukasz Żółć-Øster" in pdf_text(download(client, "en"))


def test_each_download_is_a_new_certificate_with_its_own_link(client, history, volunteer):
    client.force_login(volunteer)
    download(client, "en")
    download(client, "fr")
    assert list(Certificate.objects.order_by("pk").values_list("language", flat=True)) == ["en", "fr"]
    assert Certificate.objects.values("token_hash").distinct().count() == 2


def test_nothing_to_certify_yet(client, volunteer):
    client.force_login(volunteer)
    response = download(client, "en")
    assert response.status_code == 302 and response["Location"] == "/me/record/"
    assert "no shift has been attended" in client.get("/me/record/").text
    assert not Certificate.objects.exists()


def test_an_unknown_language_is_refused_with_a_message(client, history, volunteer):
    client.force_login(volunteer)
    response = download(client, "de")
    assert response.status_code == 302
    assert "Choose French or English" in client.get("/me/record/").text
    assert not Certificate.objects.exists()


def test_get_leads_to_the_form_and_anonymous_visitors_log_in(client, volunteer):
    assert client.post("/me/certificate.pdf", {"language": "en"})["Location"].startswith("/accounts/login/")
    client.force_login(volunteer)
    response = client.get("/me/certificate.pdf")
    assert response.status_code == 302 and response["Location"] == "/me/record/#certificate"


def pdf_of(attachment) -> str:
    name, content, mimetype = attachment
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_coordinator_sends_it_to_the_person_and_never_sees_it(client, history, volunteer, coordinator, mailoutbox):
    client.force_login(coordinator)
    page = client.get(f"/volunteers/{volunteer.pk}/")
    assert f'action="/volunteers/{volunteer.pk}/certificate.pdf"' in page.text
    response = client.post(f"/volunteers/{volunteer.pk}/certificate.pdf", {"language": "en"})
    assert response.status_code == 302 and response["Location"] == f"/volunteers/{volunteer.pk}/"
    assert "application/pdf" not in response.get("Content-Type", "")
    assert "The certificate was sent to Vera Volunteer by email." in client.get(response["Location"]).text
    [email] = mailoutbox
    assert email.to == [volunteer.email]
    [attachment] = email.attachments
    text = pdf_of(attachment)
    assert "Vera Volunteer" in text and "13.5 hours" in text
    assert "Issued by Colette Coordinator for Utopia 56" in text
    certificate = Certificate.objects.get()
    assert (certificate.volunteer, certificate.issued_by) == (volunteer, coordinator)
    assert not certificate.is_revoked


def test_a_person_without_an_email_address_gets_none(client, history, volunteer, coordinator, mailoutbox):
    type(volunteer).objects.filter(pk=volunteer.pk).update(email=None)
    client.force_login(coordinator)
    response = client.post(f"/volunteers/{volunteer.pk}/certificate.pdf", {"language": "en"})
    assert "they can download the certificate from their record page" in client.get(response["Location"]).text
    assert not Certificate.objects.exists() and not mailoutbox


def test_a_certificate_that_could_not_be_sent_proves_nothing(client, history, volunteer, coordinator, monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    client.force_login(coordinator)
    response = client.post(f"/volunteers/{volunteer.pk}/certificate.pdf", {"language": "fr"})
    assert "could not be sent by email" in client.get(response["Location"]).text
    assert Certificate.objects.get().is_revoked


def test_a_coordinator_of_another_site_cannot_issue_it(client, warehouse, volunteer, chapelle):
    attend(volunteer, shift_on(warehouse, date(2025, 3, 3), time(9), 60))
    paris = VolunteerFactory()
    chapelle.coordinators.add(paris)
    client.force_login(paris)
    assert client.post(f"/volunteers/{volunteer.pk}/certificate.pdf", {"language": "en"}).status_code == 404
    assert not Certificate.objects.exists()


def test_a_plain_link_with_the_language_shows_the_form_and_issues_nothing(client, history, volunteer):
    client.force_login(volunteer)
    for _ in range(2):
        response = client.get("/me/certificate.pdf", {"language": "fr"})
        assert response.status_code == 302 and response["Location"] == "/me/record/?language=fr#certificate"
    page = client.get("/me/record/?language=fr")
    assert '<option value="fr" selected>' in page.text
    assert not Certificate.objects.exists()


def test_a_name_of_150_and_150_characters_gets_its_certificate(client, warehouse):
    person = VolunteerFactory(first_name="A" * 150, last_name="B" * 150)
    attend(person, shift_on(warehouse, date(2025, 3, 3), time(9), 60))
    client.force_login(person)
    text = pdf_text(download(client, "en"))
    assert Certificate.objects.get(volunteer=person).full_name == "A" * 150 + " " + "B" * 150
    assert "AAAA" in text and "BBBB" in text
