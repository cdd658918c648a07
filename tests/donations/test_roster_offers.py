"""Coordinators see their site's offers, answer with a prepared reply by email, and mark them."""

import pytest
from django.core import mail
from django.utils import timezone

from donations import services
from donations.models import DonationOffer, OfferMessage, OfferReply
from tests.donations.conftest import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris_offer(chapelle):
    return OfferFactory(site=chapelle, language="fr", what="<b>Deux sacs</b> de manteaux")


@pytest.fixture
def paula_client(client, point_coordinator):
    client.force_login(point_coordinator)
    return client


def offer_url(offer, suffix=""):
    return f"/roster/{offer.site.slug}/offers/{offer.pk}/{suffix}"


def test_the_roster_shows_how_many_offers_are_new(paula_client, chapelle, paris_offer):
    OfferFactory(site=chapelle, status=DonationOffer.Status.ACCEPTED)
    week = paula_client.get(f"/roster/{chapelle.slug}/")
    assert week.status_code == 200
    assert f'href="/roster/{chapelle.slug}/offers/"' in week.text
    assert "1 new" in week.text
    assert "1 new" in paula_client.get("/roster/").text


def test_coordinators_list_and_open_their_offers_with_the_text_escaped(paula_client, chapelle, paris_offer):
    listing = paula_client.get(f"/roster/{chapelle.slug}/offers/")
    assert listing.status_code == 200
    assert "Dana Donor" in listing.text
    assert "<b>Deux sacs</b>" not in listing.text and "&lt;b&gt;Deux sacs&lt;/b&gt;" in listing.text
    detail = paula_client.get(offer_url(paris_offer))
    assert detail.status_code == 200
    assert "dana@example.org" in detail.text
    assert "&lt;b&gt;Deux sacs&lt;/b&gt;" in detail.text


def test_a_calais_coordinator_cannot_see_or_answer_paris_offers(client, coordinator, chapelle, calais, paris_offer):
    client.force_login(coordinator)
    reply = OfferReply.objects.first()
    assert client.get(f"/roster/{chapelle.slug}/offers/").status_code == 403
    assert client.get(offer_url(paris_offer)).status_code == 403
    assert client.post(offer_url(paris_offer, "answer/"), {"reply": reply.pk}).status_code == 403
    assert client.post(offer_url(paris_offer, "status/"), {"status": "declined"}).status_code == 403
    # Nor through their own site's address with the Paris offer's id.
    assert client.get(f"/roster/calais/offers/{paris_offer.pk}/").status_code == 404
    assert client.post(f"/roster/calais/offers/{paris_offer.pk}/answer/", {"reply": reply.pk}).status_code == 404
    assert client.post(f"/roster/calais/offers/{paris_offer.pk}/status/", {"status": "declined"}).status_code == 404
    assert "Dana Donor" not in client.get("/roster/calais/offers/").text
    paris_offer.refresh_from_db()
    assert paris_offer.status == DonationOffer.Status.NEW
    assert not OfferMessage.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, paris_offer):
    response = client.get(offer_url(paris_offer))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_answering_emails_the_reply_in_the_donors_language_and_marks_the_offer(
    paula_client, chapelle, paris_offer, reply, point_coordinator, django_capture_on_commit_callbacks
):
    chapelle.contact_email = "paris@example.org"
    chapelle.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = paula_client.post(offer_url(paris_offer, "answer/"), {"reply": reply.pk, "note": "Samedi 10 h."})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["dana@example.org"]
    assert email.reply_to == ["paris@example.org"]
    assert email.subject == "Votre proposition"
    assert email.body.startswith(f"Bonjour Dana Donor, oui merci, apportez-le à {chapelle.name}.")
    assert "Samedi 10 h." in email.body
    assert "Vous avez proposé" in email.body
    message = OfferMessage.objects.get()
    assert message.sent_at is not None and message.sent_by == point_coordinator
    paris_offer.refresh_from_db()
    assert paris_offer.status == DonationOffer.Status.ACCEPTED
    assert paris_offer.handled_by == point_coordinator
    page = paula_client.get(offer_url(paris_offer))
    assert "Votre proposition" in page.text


def test_an_offer_without_email_cannot_be_answered_by_email(paula_client, chapelle, reply):
    offer = OfferFactory(site=chapelle, email="", phone="+33612345678")
    page = paula_client.get(offer_url(offer))
    assert "left no email address" in page.text
    assert 'href="tel:+33612345678"' in page.text
    response = paula_client.post(offer_url(offer, "answer/"), {"reply": reply.pk}, follow=True)
    assert "This person left no email address: call them instead." in response.text
    assert not OfferMessage.objects.exists()


def test_a_reply_meant_for_another_site_is_refused(chapelle, calais, paris_offer):
    calais_reply = OfferReply.objects.create(
        site=calais, name="Calais only", subject="s", subject_fr="s", body="b", body_fr="b"
    )
    with pytest.raises(services.DonationRefused):
        services.answer_offer(offer=paris_offer, reply=calais_reply)


def test_marking_an_offer_closed_dates_it_and_reopening_clears_the_date(paula_client, paris_offer):
    response = paula_client.post(offer_url(paris_offer, "status/"), {"status": "collected"})
    assert response.status_code == 302
    paris_offer.refresh_from_db()
    assert paris_offer.status == DonationOffer.Status.COLLECTED
    assert paris_offer.closed_at is not None and paris_offer.closed_at <= timezone.now()
    paula_client.post(offer_url(paris_offer, "status/"), {"status": "accepted"})
    paris_offer.refresh_from_db()
    assert (paris_offer.status, paris_offer.closed_at) == (DonationOffer.Status.ACCEPTED, None)
    assert paula_client.post(offer_url(paris_offer, "status/"), {"status": "lost"}).status_code == 400


def test_the_list_tabs(paula_client, chapelle, paris_offer):
    closed = OfferFactory(site=chapelle, name="Closed Claire")
    services.set_offer_status(offer=closed, status="declined")
    base = f"/roster/{chapelle.slug}/offers/"
    assert "Closed Claire" not in paula_client.get(base).text
    assert "Closed Claire" in paula_client.get(base + "?status=closed").text
    assert "Dana Donor" not in paula_client.get(base + "?status=closed").text
    assert paula_client.get(base + "?status=<script>").status_code == 200


def test_the_admin_marks_offers_through_the_service(client, admin_user, paris_offer):
    client.force_login(admin_user)
    assert client.get("/admin/donations/donationoffer/").status_code == 200
    assert client.get(f"/admin/donations/donationoffer/{paris_offer.pk}/change/").status_code == 200
    client.post(
        "/admin/donations/donationoffer/",
        {"action": "mark_declined", "_selected_action": [paris_offer.pk]},
    )
    paris_offer.refresh_from_db()
    assert paris_offer.status == DonationOffer.Status.DECLINED and paris_offer.closed_at is not None
    for page in ("sites/collectionpoint", "donations/need", "donations/offerreply"):
        assert client.get(f"/admin/{page}/").status_code == 200
        assert client.get(f"/admin/{page}/add/").status_code == 200


def test_the_database_refuses_an_offer_without_any_contact(chapelle):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DonationOffer.objects.create(
            site=chapelle, name="x", what="y", quantity="bag", availability="z", email="", phone=""
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DonationOffer.objects.create(
            site=chapelle, name="x", what="y", quantity="bag", availability="z", email="a@b.org", status="declined"
        )
