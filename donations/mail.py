"""Sending the answers coordinators give to donation offers.

Same discipline as shifts' notifications: the message is a row first (donations.services), claimed
with a conditional UPDATE just before it is sent, sent outside any transaction, marked sent right after.
Two workers never send it twice; a lost queue message or a failed send is picked up by the next sweep.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from .models import OfferMessage

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
QUEUE_GRACE = timedelta(minutes=1)
SWEEP_BUDGET_SECONDS = 240
SWEEP_BATCH = 200


def _claim_is_free(now: datetime) -> Q:
    return Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)


def _claim(message_id: int, now: datetime) -> bool:
    # The conditional UPDATE is the lock: of two workers, exactly one changes the row.
    return bool(
        OfferMessage.objects.filter(pk=message_id, sent_at=None, attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS)
        .filter(_claim_is_free(now))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def deliver_offer_message(message_id: int, *, reraise: bool = False) -> bool:
    """Send one answer to a donor if nobody has (or is). True when it went out."""
    if not _claim(message_id, timezone.now()):
        return False
    message = OfferMessage.objects.select_related("offer__site").filter(pk=message_id).first()
    if message is None:  # the offer was deleted meanwhile
        return False
    offer = message.offer
    if not offer.email:
        OfferMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), last_error="skipped: no email")
        return False
    site = offer.site
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[offer.email],
            # The donor answers the site's coordinators directly, not a no-reply address.
            reply_to=[site.contact_email] if site.contact_email else None,
        ).send()
    except Exception as error:
        OfferMessage.objects.filter(pk=message_id).update(
            claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:255]
        )
        logger.warning("answer to offer %s failed: %s", offer.pk, type(error).__name__)
        if reraise:
            raise
        return False
    OfferMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), last_error="")
    return True


def sweep_offer_messages(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    now = now or timezone.now()
    started = time.monotonic()
    sent = 0
    due = (
        OfferMessage.objects.filter(
            sent_at=None,
            created_at__lte=now - QUEUE_GRACE,
            attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS,
        )
        .filter(_claim_is_free(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    for message_id in due[:SWEEP_BATCH]:
        if time.monotonic() - started > budget_seconds:
            break
        if deliver_offer_message(message_id):
            sent += 1
    return sent
