"""Sending what the database says is due: notifications and shift reminders.

State lives in PostgreSQL: a message is claimed with a conditional UPDATE before it is sent and
marked sent only after it went out, so two workers never send it twice and a lost task is picked
up by the next sweep.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation

from .models import Notification, Signup

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send: the message is due again.
CLAIM_TIMEOUT = timedelta(minutes=10)


def _claim_notification(notification_id: int, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(pk=notification_id, sent_at=None)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def deliver_notification(notification_id: int) -> bool:
    now = timezone.now()
    if not _claim_notification(notification_id, now):
        return False
    notification = Notification.objects.select_related("recipient", "shift__mission__site").get(pk=notification_id)
    recipient = notification.recipient
    try:
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            subject = str(notification.get_kind_display()).capitalize()
            body = str(notification.shift) if notification.shift else subject
            if recipient.email:
                send_mail(subject, body, None, [recipient.email])
    except Exception as error:  # noqa: BLE001 - any failure leaves it for the next sweep
        Notification.objects.filter(pk=notification_id).update(claimed_at=None, last_error=str(error)[:255])
        logger.warning("notification %s failed: %s", notification_id, type(error).__name__)
        return False
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), last_error="")
    return True


def sweep_reminders(*, now: datetime, grace: timedelta) -> int:
    """Send every due reminder once. Returns how many went out."""
    sent = 0
    due = (
        Signup.objects.filter(
            status=Signup.Status.CONFIRMED,
            reminder_sent_at=None,
            reminder_attempts__lt=settings.UTOPIA_REMINDER_MAX_ATTEMPTS,
            shift__is_cancelled=False,
            shift__starts_at__gt=now,
        )
        .filter(Q(reminder_claimed_at=None) | Q(reminder_claimed_at__lt=now - CLAIM_TIMEOUT))
        .select_related("shift__mission__site", "volunteer")
    )
    for signup in due:
        window = timedelta(hours=signup.shift.mission.site.reminder_hours)
        if signup.shift.starts_at - now > window:
            continue
        claimed = (
            Signup.objects.filter(pk=signup.pk, reminder_sent_at=None)
            .filter(Q(reminder_claimed_at=None) | Q(reminder_claimed_at__lt=now - CLAIM_TIMEOUT))
            .update(reminder_claimed_at=now, reminder_attempts=F("reminder_attempts") + 1)
        )
        if not claimed:
            continue
        try:
            with translation.override(signup.volunteer.preferred_language or settings.LANGUAGE_CODE):
                if signup.volunteer.email:
                    send_mail(str(signup.shift), str(signup.shift), None, [signup.volunteer.email])
        except Exception as error:  # noqa: BLE001 - the next sweep retries, up to the limit
            Signup.objects.filter(pk=signup.pk).update(reminder_claimed_at=None, reminder_last_error=str(error)[:255])
            continue
        Signup.objects.filter(pk=signup.pk).update(reminder_sent_at=timezone.now(), reminder_last_error="")
        sent += 1
    return sent
