"""/donate/offer/: a short public form, routed to the right site, guarded against abuse."""

import pytest
from django.conf import settings

from donations.models import DonationOffer

pytestmark = pytest.mark.django_db

URL = "/donate/offer/"


def valid(**changes) -> dict:
    data = {
        "name": "Dana Donor",
        "email": "dana@example.org",
        "phone": "",
        "what": "Two bags of winter coats, size M",
        "quantity": "bag",
        "arrondissement": "11",
        "town": "",
        "site": "",
        "availability": "Saturday morning",
        "website": "",
    }
    data.update(changes)
    return data


def test_the_form_works_without_login(client, chapelle):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="website"' in response.text
    for value in ("bag", "boxes", "car_boot", "more"):
        assert f'value="{value}"' in response.text


def test_an_offer_from_an_arrondissement_goes_to_paris(client, chapelle, calais):
    response = client.post(URL, valid(site=str(calais.pk)))
    assert response.status_code == 302
    assert response["Location"] == "/donate/offer/thanks/"
    offer = DonationOffer.objects.get()
    assert offer.site == chapelle
    assert offer.status == DonationOffer.Status.NEW
    assert offer.language == "en"
    assert client.get(response["Location"]).status_code == 200


def test_an_offer_from_a_town_goes_to_the_site_picked(client, chapelle, calais):
    response = client.post(URL, valid(arrondissement="", town="Lille", site=str(calais.pk)), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    offer = DonationOffer.objects.get()
    assert (offer.site, offer.town, offer.arrondissement, offer.language) == (calais, "Lille", None, "fr")


def test_a_phone_alone_is_enough(client, chapelle):
    assert client.post(URL, valid(email="", phone="06 12 34 56 78")).status_code == 302
    assert str(DonationOffer.objects.get().phone) == "+33612345678"


def errors_of(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_the_errors_in_english(client, chapelle):
    response = client.post(URL, valid(email="", phone="", arrondissement="", town="", site="", quantity="", what=""))
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["email"] == ["Give an email address or a phone number so we can answer."]
    assert errors["town"] == ["Choose your arrondissement of Paris, or write your town."]
    assert errors["site"] == ["Choose the site your donation is for."]
    assert errors["what"] == ["This field is required."]
    assert "quantity" in errors
    assert 'aria-invalid="true"' in response.text
    assert not DonationOffer.objects.exists()


def test_the_errors_in_french(client, chapelle):
    response = client.post(
        URL,
        valid(email="not-an-address", phone="12", arrondissement="", town="", site=""),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    errors = errors_of(response)
    assert errors["email"] == ["Saisissez une adresse de courriel valide."]
    assert errors["phone"] and "téléphone" in errors["phone"][0]
    assert errors["town"] == ["Choisissez votre arrondissement de Paris, ou indiquez votre ville."]
    assert errors["site"] == ["Choisissez le site auquel votre don est destiné."]
    assert '<html lang="fr"' in response.text


@pytest.mark.parametrize(
    "field, length", [("name", 101), ("what", 1001), ("town", 101), ("availability", 301), ("email", 255)]
)
def test_every_field_has_a_length_limit(client, chapelle, field, length):
    value = "x" * length if field != "email" else "a" * (length - 12) + "@example.org"
    changes = {field: value}
    if field == "town":
        changes.update(arrondissement="", site=str(chapelle.pk))
    response = client.post(URL, valid(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DonationOffer.objects.exists()


def test_the_honeypot_looks_like_success_and_stores_nothing(client, chapelle):
    response = client.post(URL, valid(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/donate/offer/thanks/"
    assert not DonationOffer.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, chapelle):
    html = client.get(URL).text
    start = html.index('name="website"')
    assert html.rfind("<div hidden>", 0, start) > html.rfind("</div>", 0, start)


def test_offers_are_rate_limited_per_address(client, chapelle):
    limit = int(settings.ACCOUNT_RATE_LIMITS["donation_offer"].split("/")[0])
    statuses = [client.post(URL, valid(what=f"Offer {n}")).status_code for n in range(limit)]
    assert statuses == [302] * limit
    response = client.post(URL, valid(what="One too many"))
    assert response.status_code == 429
    assert "Too many offers" in response.text
    assert DonationOffer.objects.count() == limit
    # Another address is not affected.
    assert client.post(URL, valid(what="From elsewhere"), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_rate_limit_page_is_translated(client, chapelle):
    limit = int(settings.ACCOUNT_RATE_LIMITS["donation_offer"].split("/")[0])
    for n in range(limit):
        client.post(URL, valid(what=f"Offer {n}"))
    response = client.post(URL, valid(), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert '<html lang="fr"' in response.text


def test_offers_are_never_on_a_public_page(client, chapelle):
    client.post(URL, valid(what="<script>alert(1)</script> Secret sofa", name="Dana Donor"))
    assert DonationOffer.objects.exists()
    for page in ("/donate/", "/donate.json", "/", "/shifts/"):
        text = client.get(page).text
        assert "Secret sofa" not in text and "Dana Donor" not in text
