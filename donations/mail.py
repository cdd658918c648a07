"""Sending the messages about donation offers: to donors (OfferMessage) and to coordinators (OfferNotice).

Same discipline as shifts' notifications: the message is a row first (donations.services), claimed
with a conditional UPDATE just before it is sent, sent outside any transaction, marked sent right after.
Two workers never send it twice; a lost queue message or a failed send is picked up by the next sweep.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import messages
from .models import OfferMessage, OfferNotice

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
            # The donor answers the site's coordinators directly, never a no-reply address.
            reply_to=messages.reply_to(site) or None,
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


def _claim_notice(notice_id: int, now: datetime) -> OfferNotice | None:
    """Claim a due notice; the first claim also closes it to new offers (under the row lock the offers take to
    join it, so every offer that joined has committed)."""
    with transaction.atomic():
        notice = (
            OfferNotice.objects.select_for_update()
            .select_related("site")
            .filter(pk=notice_id, sent_at=None, due_at__lte=now, attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS)
            .filter(_claim_is_free(now))
            .first()
        )
        if notice is None:
            return None
        notice.frozen_at = notice.frozen_at or now
        notice.claimed_at = now
        notice.attempts += 1
        notice.save(update_fields=["frozen_at", "claimed_at", "attempts"])
    return notice


def deliver_offer_notice(notice_id: int, *, reraise: bool = False) -> bool:
    """Tell a site's coordinators about the offers of one notice, each in their language. True when it went out."""
    notice = _claim_notice(notice_id, timezone.now())
    if notice is None:
        return False
    site = notice.site
    offers = list(notice.offers.order_by("created_at", "pk"))
    languages: dict[str, list[str]] = {}
    for email, language in (
        site.coordinators.filter(is_active=True).exclude(email="").values_list("email", "preferred_language")
    ):
        languages.setdefault(language or "en", []).append(email)
    if not offers or not languages:
        OfferNotice.objects.filter(pk=notice_id).update(
            sent_at=timezone.now(), last_error="skipped: no offer left" if not offers else "skipped: no coordinator"
        )
        return False
    try:
        for language, emails in sorted(languages.items()):
            subject, body = messages.notice(site=site, offers=offers, language=language)
            # Blind copies: the coordinators' addresses are not handed to each other by this message.
            EmailMessage(subject=subject, body=body, bcc=emails).send()
    except Exception as error:
        OfferNotice.objects.filter(pk=notice_id).update(
            claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:255]
        )
        logger.warning("notice of new offers %s failed: %s", notice_id, type(error).__name__)
        if reraise:
            raise
        return False
    OfferNotice.objects.filter(pk=notice_id).update(sent_at=timezone.now(), last_error="")
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
    notices = (
        OfferNotice.objects.filter(
            sent_at=None, due_at__lte=now, attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS
        )
        .filter(_claim_is_free(now))
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    for notice_id in notices[:SWEEP_BATCH]:
        if time.monotonic() - started > budget_seconds:
            break
        if deliver_offer_notice(notice_id):
            sent += 1
    return sent
