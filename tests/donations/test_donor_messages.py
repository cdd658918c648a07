"""A donor on a phone: an acknowledgement in their language, the coordinators told once for the offers of an
hour, replies that name the next open collection point and carry a reply-to address and the site's phone."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings

from donations import mail as offer_mail
from donations import messages, services
from donations.models import DonationOffer, OfferMessage, OfferNotice, OfferReply
from tests.donations.conftest import OfferFactory, point_shift, staff
from tests.factories import VolunteerFactory

PARIS = ZoneInfo("Europe/Paris")
MONDAY_NOON = datetime(2026, 12, 7, 12, 0, tzinfo=PARIS)


def offer_data(**changes) -> dict:
    data = {
        "name": "Dana Donor",
        "email": "dana@example.org",
        "what": "Two bags of winter coats",
        "quantity": DonationOffer.Quantity.BAG,
        "availability": "Saturday morning",
        "arrondissement": 11,
    }
    data.update(changes)
    return data


@pytest.fixture
def paris(chapelle):
    chapelle.contact_email = "chapelle@example.org"
    chapelle.contact_phone = "+33 1 23 45 67 89"
    chapelle.save()
    return chapelle


@pytest.fixture
def coordinators(paris):
    french = VolunteerFactory(email="fanny@example.org", preferred_language="fr")
    english = VolunteerFactory(email="eric@example.org", preferred_language="en")
    paris.coordinators.add(french, english)
    return french, english


@pytest.mark.django_db
def test_the_donor_is_thanked_in_their_language_with_a_reply_address_and_the_phone(
    client, paris, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/donate/offer/",
            {**offer_data(), "quantity": "bag", "arrondissement": "11", "phone": "", "town": "", "site": ""},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert response.status_code == 302
    thanks = [message for message in mail.outbox if message.to == ["dana@example.org"]]
    assert len(thanks) == 1
    assert thanks[0].subject == "Nous avons bien reçu votre proposition de don (Porte de la Chapelle (Paris))"
    assert "Deux" not in thanks[0].body and "Two bags of winter coats" in thanks[0].body
    assert "+33 1 23 45 67 89" in thanks[0].body
    assert thanks[0].reply_to == ["chapelle@example.org"]
    assert OfferMessage.objects.get().kind == OfferMessage.ACKNOWLEDGEMENT


@pytest.mark.django_db
def test_an_offer_with_only_a_phone_gets_no_email(paris, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_offer(**offer_data(email="", phone="+33612345678"))
    assert not OfferMessage.objects.exists()
    assert not [message for message in mail.outbox if message.to]


@pytest.mark.django_db
def test_coordinators_are_told_once_for_the_offers_of_an_hour(paris, coordinators, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_offer(**offer_data(email="", phone="+33612345678"))
        assert len(mail.outbox) == 2  # one message per language, to the coordinators
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_offer(**offer_data(email="", phone="+33612345678", what="Sleeping bags"))
            services.submit_offer(**offer_data(email="", phone="+33612345678", what="New socks"))
        assert len(mail.outbox) == 2  # nothing more for now
        assert offer_mail.sweep_offer_notices() == 0
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=61), tick=False):
        assert offer_mail.sweep_offer_notices() == 1
        assert offer_mail.sweep_offer_notices() == 0
    later = mail.outbox[2:]
    assert len(later) == 2
    by_recipient = {message.bcc[0]: message for message in later}
    site = "Porte de la Chapelle (Paris)"
    assert by_recipient["eric@example.org"].subject == f"2 new donation offers for {site}"
    assert by_recipient["fanny@example.org"].subject == f"2 nouvelles propositions de don pour {site}"
    body = by_recipient["eric@example.org"].body
    assert "Sleeping bags" in body and "New socks" in body and "winter coats" not in body
    assert "+33612345678" not in body  # contact details stay on the roster page
    assert all(message.to == [] for message in later)
    assert OfferNotice.objects.filter(sent_at=None).count() == 0


@pytest.mark.django_db
def test_an_offer_after_the_notice_went_out_waits_an_hour_from_it(paris, coordinators):
    with time_machine.travel(MONDAY_NOON, tick=False):
        first = services.submit_offer(**offer_data())
        assert offer_mail.deliver_offer_notice(first.notice_id) is True
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=5), tick=False):
        second = services.submit_offer(**offer_data(what="Tents"))
    assert second.notice_id != first.notice_id
    assert second.notice.due_at == MONDAY_NOON + timedelta(hours=1)


@pytest.mark.django_db
def test_a_site_without_coordinators_skips_the_notice(paris):
    offer = services.submit_offer(**offer_data())
    assert offer_mail.deliver_offer_notice(offer.notice_id) is False
    assert OfferNotice.objects.get().last_error == "skipped: no coordinator"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_offers_arriving_together_share_one_notice(paris):
    barrier = threading.Barrier(4)
    errors = []

    def donor(index):
        try:
            barrier.wait(timeout=30)
            services.submit_offer(**offer_data(what=f"Bag {index}"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=donor, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # The first notice may go out at once with the first offer to commit; the others then wait for the next one,
    # an hour later. Either way the coordinators are told of each offer once, and never more than once now.
    notices = list(OfferNotice.objects.order_by("due_at"))
    assert 1 <= len(notices) <= 2
    assert sum(notice.offers.count() for notice in notices) == 4
    assert DonationOffer.objects.filter(notice=None).count() == 0
    assert sum(notice.sent_at is not None for notice in notices) <= 1
    if len(notices) == 2:
        assert notices[1].due_at - notices[0].due_at >= timedelta(minutes=59)


@pytest.fixture
def bring_it(db):
    return OfferReply.objects.create(
        name="Bring it",
        subject="Your offer",
        subject_fr="Votre proposition",
        body="Hello {name}, bring it to {point}",
        body_fr="Bonjour {name}, apportez-le : {point}",
    )


@pytest.mark.django_db
def test_a_prepared_reply_names_the_next_open_point_and_its_hours(paris, point, bring_it):
    with time_machine.travel(MONDAY_NOON, tick=False):
        staff(point_shift(point, day=MONDAY_NOON.date() + timedelta(days=5), start=time(10), hours=3))
        offer = OfferFactory(site=paris, language="en")
        message = services.answer_offer(offer=offer, reply=bring_it)
        french = services.answer_offer(offer=OfferFactory(site=paris, language="fr"), reply=bring_it)
    assert "Place Léon-Blum" in message.body and "Saturday 12 December from 10:00 to 13:00" in message.body
    assert "samedi 12 décembre de 10:00 à 13:00" in french.body
    assert "+33 1 23 45 67 89" in message.body


@pytest.mark.django_db
def test_with_no_point_open_the_reply_says_where_to_look(paris, bring_it):
    message = services.answer_offer(offer=OfferFactory(site=paris, language="en"), reply=bring_it)
    assert "no collection point is open in the coming days" in message.body and "/donate/" in message.body


@pytest.mark.django_db
def test_the_reply_address_is_never_a_no_reply_one(paris):
    assert messages.reply_to(paris) == ["chapelle@example.org"]
    paris.contact_email = ""
    with override_settings(DEFAULT_FROM_EMAIL="utopia <no-reply@localhost>"):
        assert messages.reply_to(paris) == []
    with override_settings(DEFAULT_FROM_EMAIL="Utopia 56 <noreply@utopia56.org>"):
        assert messages.reply_to(paris) == []
    with override_settings(DEFAULT_FROM_EMAIL="Utopia 56 <benevoles@utopia56.org>"):
        assert messages.reply_to(paris) == ["Utopia 56 <benevoles@utopia56.org>"]
