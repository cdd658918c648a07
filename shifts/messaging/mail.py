"""Shift reminders and notifications, sent through the outbox (outbox.delivery: claimed with a conditional
UPDATE just before the send, sent outside any transaction, marked sent right after; the sweep picks up what the
queue lost). This module says only what is due, how it is rendered and how it goes out.

SMS (volunteers who opted in): sent after the reminder email is recorded as sent, once, best effort. An SMS
failure is logged and recorded in `reminder_last_error` ("SMS: ...") but never retried, because retrying
would mean claiming the reminder again and sending the email twice; the email is the reminder of record.
Notifications whose kind has an SMS template (shifts.messaging.kinds) work the same way: the SMS goes once,
after the row is marked sent; a person without an email address but with text messages gets the SMS alone.
"""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox import delivery
from outbox.delivery import SWEEP_BATCH, SWEEP_BUDGET_SECONDS, Skip
from outbox.models import CLAIM_TIMEOUT, Columns  # noqa: F401 - CLAIM_TIMEOUT: read here by the tests
from shifts.models import Notification, Shift, Signup
from shifts.onboarding import selectors as buddy_selectors

from . import kinds, replies, sms

logger = logging.getLogger(__name__)

# A notification younger than this is still on its way through the queue; the sweep leaves it alone.
NOTIFICATION_QUEUE_GRACE = timedelta(minutes=1)
# A sign-up carries its reminder's outbox columns (reminder_sent_at is part of the published interface).
REMINDER = Columns(
    Signup, prefix="reminder_", max_attempts="UTOPIA_REMINDER_MAX_ATTEMPTS", claimable=Q(status="confirmed")
)


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
            REMINDER.pending(now),
            shift__is_cancelled=False,
            shift__starts_at__gt=now,
            shift__starts_at__lte=window_end,
        )
        .select_related("shift__mission__site", "volunteer", "buddy")
        .annotate(looking_after_count=buddy_selectors.looking_after_count())
        .prefetch_related("shift__mission__site__coordinators")
        .order_by("shift__starts_at", "pk")
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
        REMINDER.note(signup.pk, f"SMS: {type(error).__name__}: {error}")


def _send_reminder(signup: Signup) -> str:
    if not signup.volunteer.email:
        return "no email address"  # counted as sent: the SMS, if asked for, is the reminder
    subject, text, html = render_reminder(signup)
    _send_email(to=signup.volunteer.email, subject=subject, text=text, html=html)
    return ""


def sweep_reminders(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    """Send every due reminder once. Returns how many went out."""
    due = {signup.pk: signup for signup in due_reminders(now or timezone.now())[:SWEEP_BATCH]}

    def remind(pk) -> bool:
        return delivery.deliver(REMINDER, pk, load=due.get, send=_send_reminder, after=_send_reminder_sms)

    return delivery.sweep(due, remind, budget_seconds=budget_seconds)


# Notifications ---------------------------------------------------------------------------------------


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
        Notification.outbox().note(notification.pk, f"SMS: {type(error).__name__}: {error}")


def _load_notification(notification_id: int) -> Notification | None:
    notification = (
        Notification.objects.select_related("recipient", "shift__mission__site", "signup__volunteer")
        .prefetch_related("shift__mission__site__coordinators")
        .filter(pk=notification_id)
        .first()
    )
    signup = notification.signup if notification is not None else None
    if signup is not None and signup.shift_id == notification.shift_id:
        # The sign-up's shift is the row's, already read: its .ics would read it, its mission and site again.
        signup.shift = notification.shift
    return notification


def _send_notification(notification: Notification) -> str:
    skip = _skip_reason(notification, timezone.now())
    if skip:
        raise Skip(skip)
    if notification.recipient.email:
        subject, text, html = render_notification(notification)
        _send_email(
            to=notification.recipient.email,
            subject=subject,
            text=text,
            html=html,
            attachments=_notification_attachments(notification),
        )
    return ""


def deliver_notification(notification_id: int, *, reraise: bool = False) -> bool:
    """Send one notification if nobody has (or is). True when it went out.

    With `reraise`, a failure is raised again after the claim is released, so the Celery task can retry it.
    """
    return delivery.deliver(
        Notification.outbox(),
        notification_id,
        load=_load_notification,
        send=_send_notification,
        after=_send_notification_sms,
        reraise=reraise,
    )


def due_notifications(now: datetime):
    """Unsent notifications whose queue message should have been processed by now (lost, or failed)."""
    return Notification.objects.filter(
        Notification.outbox().pending(now), created_at__lte=now - NOTIFICATION_QUEUE_GRACE
    ).order_by("created_at", "pk")


def sweep_notifications(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    due = due_notifications(now or timezone.now()).values_list("pk", flat=True)[:SWEEP_BATCH]
    return delivery.sweep(due, deliver_notification, budget_seconds=budget_seconds)
