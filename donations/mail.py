"""Sending the messages about donation offers through the one outbox (outbox.delivery): to donors (OfferMessage)
and to coordinators (OfferNotice).

The message is a row first (donations.services), claimed with a conditional UPDATE just before it is sent, sent
outside any transaction and marked sent right after. Two workers never send it twice; a lost queue message or a
failed send is picked up by the one sweep (outbox.tasks.send_due_messages), which runs the sweeps registered in
DonationsConfig.ready.
"""

from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.utils import timezone

from outbox import delivery
from outbox.delivery import SWEEP_BATCH, SWEEP_BUDGET_SECONDS, Skip

from . import messages
from .models import OfferMessage, OfferNotice

# A message younger than this is still on its way through the queue; the sweep leaves it alone.
QUEUE_GRACE = timedelta(minutes=1)


def _load_message(message_id: int) -> OfferMessage | None:
    return OfferMessage.objects.select_related("offer__site").filter(pk=message_id).first()


def _send_message(message: OfferMessage) -> str:
    offer = message.offer
    if not offer.email:
        raise Skip("skipped: no email")
    EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[offer.email],
        # The donor answers the site's coordinators directly, never a no-reply address.
        reply_to=messages.reply_to(offer.site) or None,
    ).send()
    return ""


def deliver_offer_message(message_id: int, *, reraise: bool = False) -> bool:
    """Send one message to a donor if nobody has (or is). True when it went out."""
    return delivery.deliver(OfferMessage.outbox(), message_id, load=_load_message, send=_send_message, reraise=reraise)


def sweep_offer_messages(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    now = now or timezone.now()
    due = (
        OfferMessage.objects.filter(OfferMessage.outbox().pending(now), created_at__lte=now - QUEUE_GRACE)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return delivery.sweep(due, deliver_offer_message, budget_seconds=budget_seconds)


def _load_notice(notice_id: int) -> OfferNotice | None:
    # Claimed: close the notice to new offers. This UPDATE waits for the row lock an offer takes to join it
    # (donations.notices), so every offer that joined has committed before the offers are read; an offer that
    # comes later finds it closed and opens the next one.
    OfferNotice.objects.filter(pk=notice_id, frozen_at=None).update(frozen_at=timezone.now())
    return OfferNotice.objects.select_related("site").filter(pk=notice_id).first()


def _send_notice(notice: OfferNotice) -> str:
    site = notice.site
    offers = list(notice.offers.order_by("created_at", "pk"))
    if not offers:
        raise Skip("skipped: no offer left")
    languages: dict[str, list[str]] = {}
    for email, language in (
        site.coordinators.filter(is_active=True).exclude(email="").values_list("email", "preferred_language")
    ):
        languages.setdefault(language or "en", []).append(email)
    if not languages:
        raise Skip("skipped: no coordinator")
    for language, emails in sorted(languages.items()):
        subject, body = messages.notice(site=site, offers=offers, language=language)
        # Blind copies: the coordinators' addresses are not handed to each other by this message.
        EmailMessage(subject=subject, body=body, bcc=emails).send()
    return ""


def deliver_offer_notice(notice_id: int, *, reraise: bool = False) -> bool:
    """Tell a site's coordinators about the offers of one notice, each in their language. True when it went out."""
    # due_at never changes once the notice exists, so checking it before the claim is safe.
    if not OfferNotice.objects.filter(pk=notice_id, due_at__lte=timezone.now()).exists():
        return False
    return delivery.deliver(OfferNotice.outbox(), notice_id, load=_load_notice, send=_send_notice, reraise=reraise)


def sweep_offer_notices(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    now = now or timezone.now()
    due = (
        OfferNotice.objects.filter(OfferNotice.outbox().pending(now), due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return delivery.sweep(due, deliver_offer_notice, budget_seconds=budget_seconds)
