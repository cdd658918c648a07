"""Sending what the database says is due: shift reminders and notifications.

State lives in PostgreSQL, not in the queue. A message is claimed with a conditional UPDATE just before it
is sent (one row at a time, so a claim is never older than one send), sent outside any transaction, and
marked sent right after it went out. So:
- two sweeps or workers at once: only one wins the claim, the other skips the row;
- a sweep run twice: the second finds `sent_at` set;
- a worker killed mid-send: its claim expires after CLAIM_TIMEOUT and the next sweep sends;
- Redis down: nothing is queued, but the rows say what is due and the next sweep sends.
A failed send releases the claim and records the error; each claim counts one attempt, and rows stop being
tried at the configured maximum (visible in admin as attempts / last error).

SMS (volunteers who opted in): sent after the reminder email is recorded as sent, once, best effort. An SMS
failure is logged and recorded in `reminder_last_error` ("SMS: ...") but never retried, because retrying
would mean claiming the reminder again and sending the email twice; the email is the reminder of record.
Notifications whose kind has an SMS template (shifts.messaging.kinds) work the same way: the SMS goes once,
after the row is marked sent; a person without an email address but with text messages gets the SMS alone.
"""

import logging
import re
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shifts.models import Notification, Shift, Signup

from . import kinds, replies, sms

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send: the message is due again. Far above
# EMAIL_TIMEOUT + UTOPIA_SMS_TIMEOUT, the longest a live worker holds one claim.
CLAIM_TIMEOUT = timedelta(minutes=10)
# The sweep stops starting new sends after this long and leaves the rest to the next one (below the
# task's time limit, so it is never killed mid-send by its own limit).
SWEEP_BUDGET_SECONDS = 240
SWEEP_BATCH = 500
# A notification younger than this is still on its way through the queue; the sweep leaves it alone.
NOTIFICATION_QUEUE_GRACE = timedelta(minutes=1)


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:255]


def _claim_is_free(prefix: str, now: datetime) -> Q:
    return Q(**{f"{prefix}claimed_at": None}) | Q(**{f"{prefix}claimed_at__lt": now - CLAIM_TIMEOUT})


def shift_url(shift: Shift) -> str:
    # /shifts/<pk>/ is part of the published interface (see INTERFACES.md).
    return f"{settings.SITE_URL}/shifts/{shift.pk}/"


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of `templates/emails/<template>_{subject,body}.{txt,html}`, in the active language."""
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    subject = re.sub(r"\s+", " ", subject).strip()
    text = render_to_string(f"emails/{template}_body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, text, html


def _send_email(*, to: str, subject: str, text: str, html: str, attachments=()) -> None:
    # The SMTP backend gives up after EMAIL_TIMEOUT seconds, so a stuck server never holds a claim for long.
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def _language_of(person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def _shift_context(shift: Shift) -> dict:
    site = shift.mission.site
    return {
        "shift": shift,
        "mission": shift.mission,
        "site": site,
        "starts": shift.local_starts_at,
        "ends": shift.local_ends_at,
        "shift_url": shift_url(shift),
        "site_url": settings.SITE_URL,
        "organisation": settings.UTOPIA_ORGANISATION_NAME,
        # Prefetched by the callers: no query per message.
        "coordinators": [person.get_full_name() or person.public_name for person in site.coordinators.all()],
    }


# Reminders -------------------------------------------------------------------------------------------


def due_reminders(now: datetime):
    """Confirmed sign-ups whose shift starts within its site's reminder window, not yet reminded.

    The window is computed in the database (starts_at <= now + reminder_hours), so the query returns only
    what is due whatever the number of future sign-ups.
    """
    window = ExpressionWrapper(
        Cast("shift__mission__site__reminder_hours", IntegerField()) * Value(timedelta(hours=1)),
        output_field=DurationField(),
    )
    window_end = ExpressionWrapper(Value(now) + window, output_field=DateTimeField())
    return (
        Signup.objects.filter(
            status=Signup.Status.CONFIRMED,
            reminder_sent_at=None,
            reminder_attempts__lt=settings.UTOPIA_REMINDER_MAX_ATTEMPTS,
            shift__is_cancelled=False,
            shift__starts_at__gt=now,
            shift__starts_at__lte=window_end,
        )
        .filter(_claim_is_free("reminder_", now))
        .select_related("shift__mission__site", "volunteer")
        .prefetch_related("shift__mission__site__coordinators")
        .order_by("shift__starts_at", "pk")
    )


def _claim_reminder(signup_id: int, now: datetime) -> bool:
    # The conditional UPDATE is the lock: of two workers, exactly one changes the row.
    return bool(
        Signup.objects.filter(
            pk=signup_id,
            status=Signup.Status.CONFIRMED,
            reminder_sent_at=None,
            reminder_attempts__lt=settings.UTOPIA_REMINDER_MAX_ATTEMPTS,
        )
        .filter(_claim_is_free("reminder_", now))
        .update(reminder_claimed_at=now, reminder_attempts=F("reminder_attempts") + 1)
    )


def reminder_context(signup: Signup) -> dict:
    return {
        **_shift_context(signup.shift),
        "volunteer": signup.volunteer,
        "signup": signup,
        "coming_url": replies.reply_url(signup_id=signup.pk, purpose=replies.COMING),
        "cant_come_url": replies.reply_url(signup_id=signup.pk, purpose=replies.CANT_COME),
    }


def render_reminder(signup: Signup) -> tuple[str, str, str]:
    with translation.override(_language_of(signup.volunteer)), timezone.override(signup.shift.mission.site.tz):
        return render_email("reminder", reminder_context(signup))


def render_reminder_sms(signup: Signup) -> str:
    with translation.override(_language_of(signup.volunteer)), timezone.override(signup.shift.mission.site.tz):
        text = render_to_string("emails/reminder_sms.txt", reminder_context(signup))
    return re.sub(r"\s+", " ", text).strip()


def _send_reminder_sms(signup: Signup) -> None:
    volunteer = signup.volunteer
    if not (volunteer.sms_reminders and volunteer.phone):
        return
    try:
        sms.send_sms(to=volunteer.phone.as_e164, text=render_reminder_sms(signup))
    except Exception as error:  # noqa: BLE001 - best effort, see the module docstring
        logger.warning("reminder SMS for sign-up %s failed: %s", signup.pk, type(error).__name__)
        Signup.objects.filter(pk=signup.pk).update(reminder_last_error=f"SMS: {_error_text(error)}"[:255])


def sweep_reminders(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    """Send every due reminder once. Returns how many went out."""
    started = time.monotonic()
    sent = 0
    for signup in due_reminders(now or timezone.now())[:SWEEP_BATCH]:
        if time.monotonic() - started > budget_seconds:
            break  # the next sweep takes the rest
        if not _claim_reminder(signup.pk, timezone.now()):
            continue  # another sweep has it
        if signup.volunteer.email:
            try:
                subject, text, html = render_reminder(signup)
                _send_email(to=signup.volunteer.email, subject=subject, text=text, html=html)
            except Exception as error:
                # Release the claim so the next sweep tries again (the attempt was counted by the claim).
                Signup.objects.filter(pk=signup.pk).update(
                    reminder_claimed_at=None, reminder_last_error=_error_text(error)
                )
                logger.warning("reminder for sign-up %s failed: %s", signup.pk, type(error).__name__)
                if _is_time_limit(error):
                    raise
                continue
            last_error = ""
        else:
            last_error = "no email address"
        Signup.objects.filter(pk=signup.pk).update(reminder_sent_at=timezone.now(), reminder_last_error=last_error)
        _send_reminder_sms(signup)
        sent += 1
    return sent


def _is_time_limit(error: BaseException) -> bool:
    from celery.exceptions import SoftTimeLimitExceeded

    return isinstance(error, SoftTimeLimitExceeded)


# Notifications ---------------------------------------------------------------------------------------


def _claim_notification(notification_id: int, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id, sent_at=None, attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS
        )
        .filter(_claim_is_free("", now))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def _skip_reason(notification: Notification, now: datetime) -> str:
    """Why this message should not go out any more (empty: send it)."""
    recipient = notification.recipient
    kind = kinds.of(notification.kind)
    reachable = recipient.email or kind.wants_sms(recipient)
    if not reachable or not recipient.is_active:
        return "skipped: no email address"
    return kind.skip_reason(notification, now)


def notification_context(notification: Notification) -> dict:
    context = {"recipient": notification.recipient, "notification": notification, "extra": notification.context}
    if notification.shift is not None:
        context.update(_shift_context(notification.shift))
    signup = notification.signup
    if signup is not None:
        context["signup"] = signup
        context["volunteer"] = signup.volunteer
    context.update(kinds.of(notification.kind).context(notification))
    return context


def _notification_overrides(notification: Notification):
    tz = notification.shift.mission.site.tz if notification.shift else timezone.get_default_timezone()
    return translation.override(_language_of(notification.recipient)), timezone.override(tz)


def render_notification(notification: Notification) -> tuple[str, str, str]:
    language, tz = _notification_overrides(notification)
    with language, tz:
        return render_email(kinds.of(notification.kind).template, notification_context(notification))


def render_notification_sms(notification: Notification) -> str:
    language, tz = _notification_overrides(notification)
    with language, tz:
        text = render_to_string(
            f"emails/{kinds.of(notification.kind).sms_template}.txt", notification_context(notification)
        )
    return re.sub(r"\s+", " ", text).strip()


def _notification_attachments(notification: Notification) -> list:
    language, tz = _notification_overrides(notification)
    with language, tz:
        return kinds.of(notification.kind).attachments(notification)


def _send_notification_sms(notification: Notification) -> None:
    """Best effort, once, after the email (see the module docstring: retrying would send the email again)."""
    recipient = notification.recipient
    if not kinds.of(notification.kind).wants_sms(recipient):
        return
    try:
        sms.send_sms(to=recipient.phone.as_e164, text=render_notification_sms(notification))
    except Exception as error:  # noqa: BLE001 - best effort
        logger.warning("SMS for notification %s failed: %s", notification.pk, type(error).__name__)
        Notification.objects.filter(pk=notification.pk).update(last_error=f"SMS: {_error_text(error)}"[:255])


def deliver_notification(notification_id: int, *, reraise: bool = False) -> bool:
    """Send one notification if nobody has (or is). True when it went out.

    With `reraise`, a failure is raised again after the claim is released, so the Celery task can retry it.
    """
    if not _claim_notification(notification_id, timezone.now()):
        return False
    notification = (
        Notification.objects.select_related("recipient", "shift__mission__site", "signup__volunteer")
        .prefetch_related("shift__mission__site__coordinators")
        .get(pk=notification_id)
    )
    skip = _skip_reason(notification, timezone.now())
    if skip:
        Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), last_error=skip)
        return False
    if notification.recipient.email:
        try:
            subject, text, html = render_notification(notification)
            _send_email(
                to=notification.recipient.email,
                subject=subject,
                text=text,
                html=html,
                attachments=_notification_attachments(notification),
            )
        except Exception as error:
            Notification.objects.filter(pk=notification_id).update(claimed_at=None, last_error=_error_text(error))
            logger.warning("notification %s failed: %s", notification_id, type(error).__name__)
            if reraise or _is_time_limit(error):
                raise
            return False
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), last_error="")
    _send_notification_sms(notification)
    return True


def due_notifications(now: datetime):
    """Unsent notifications whose queue message should have been processed by now (lost, or failed)."""
    return (
        Notification.objects.filter(
            sent_at=None,
            created_at__lte=now - NOTIFICATION_QUEUE_GRACE,
            attempts__lt=settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS,
        )
        .filter(_claim_is_free("", now))
        .order_by("created_at", "pk")
    )


def sweep_notifications(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    started = time.monotonic()
    sent = 0
    for notification_id in due_notifications(now or timezone.now()).values_list("pk", flat=True)[:SWEEP_BATCH]:
        if time.monotonic() - started > budget_seconds:
            break
        if deliver_notification(notification_id):
            sent += 1
    return sent
