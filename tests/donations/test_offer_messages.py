"""An answer to a donor is sent once: claimed before sending, never lost, never twice."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from donations import mail as offer_mail
from donations import services
from donations.models import OfferMessage
from tests.donations.conftest import OfferFactory


@pytest.mark.django_db
def test_a_lost_queue_message_is_sent_by_the_sweep(chapelle, reply, django_capture_on_commit_callbacks):
    offer = OfferFactory(site=chapelle, language="en")
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost it
        message = services.answer_offer(offer=offer, reply=reply)
    OfferMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert offer_mail.sweep_offer_messages() == 1
    assert offer_mail.sweep_offer_messages() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your offer"  # the offer was written in English


@pytest.mark.django_db
def test_a_failed_send_is_retried_later(chapelle, reply, monkeypatch, django_capture_on_commit_callbacks):
    offer = OfferFactory(site=chapelle)
    with django_capture_on_commit_callbacks(execute=False):
        message = services.answer_offer(offer=offer, reply=reply)

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert offer_mail.deliver_offer_message(message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_at is None and "mail server down" in message.last_error
    monkeypatch.undo()
    assert offer_mail.deliver_offer_message(message.pk) is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_one_answer_once(chapelle, reply):
    offer = OfferFactory(site=chapelle)
    message = OfferMessage.objects.create(offer=offer, reply=reply, subject="Your offer", body="Thanks")
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(offer_mail.deliver_offer_message(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_outboxs_one_sweep_sends_what_the_queue_lost(chapelle, reply, django_capture_on_commit_callbacks):
    from outbox.tasks import send_due_messages

    offer = OfferFactory(site=chapelle, language="en")
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the answer and the notice
        services.answer_offer(offer=offer, reply=reply)
    OfferMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert send_due_messages() == 1
    assert send_due_messages() == 0
    assert [message.to for message in mail.outbox] == [[offer.email]]
