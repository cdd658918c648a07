"""Offers are personal data: deleted, with the messages sent about them, 90 days after they were closed."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import DonationOffer

OFFER_RETENTION = timedelta(days=90)


def delete_expired_offers(*, now: datetime | None = None) -> int:
    """Delete offers closed more than OFFER_RETENTION ago, with the messages sent about them."""
    cutoff = (now or timezone.now()) - OFFER_RETENTION
    deleted, per_model = DonationOffer.objects.filter(closed_at__lt=cutoff).delete()
    return per_model.get(DonationOffer._meta.label, 0)
