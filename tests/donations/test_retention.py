"""Offers are personal data: deleted 90 days after they are closed, by a nightly task."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from donations import services, tasks
from donations.models import DonationOffer, OfferMessage
from outbox import registry
from tests.donations.conftest import OfferFactory

pytestmark = pytest.mark.django_db


def closed_days_ago(site, days, **kw):
    offer = OfferFactory(site=site, **kw)
    services.set_offer_status(offer=offer, status=DonationOffer.Status.COLLECTED)
    DonationOffer.objects.filter(pk=offer.pk).update(closed_at=timezone.now() - timedelta(days=days))
    return offer


def test_offers_closed_90_days_ago_are_deleted_with_their_messages(chapelle, reply):
    old = closed_days_ago(chapelle, 91, name="Old Olga")
    OfferMessage.objects.create(offer=old, subject="s", body="b")
    recent = closed_days_ago(chapelle, 89, name="Recent Rita")
    waiting = OfferFactory(site=chapelle, created_at=timezone.now() - timedelta(days=400))

    assert tasks.delete_closed_offers() == 1

    assert set(DonationOffer.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not OfferMessage.objects.exists()


def test_the_task_runs_nightly():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "donations.tasks.delete_closed_offers"
    )
    assert entry["schedule"].hour == {3}
    # The messages about offers are swept by the outbox's one sweep, which runs every registered outbox.
    assert any(e["task"] == "outbox.tasks.send_due_messages" for e in settings.CELERY_BEAT_SCHEDULE.values())
    assert {"donations.OfferMessage", "donations.OfferNotice"} <= set(registry.BOXES)
