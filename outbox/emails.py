"""Emails rendered elsewhere (allauth's account emails), sent through the outbox: a mail server that is down
never fails the request that asked for one (a login with an address to confirm); the sweep sends it later."""

from datetime import datetime, timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone

from . import delivery, publish
from .models import Email

# A row younger than this is still on its way through the queue; the sweep leaves it alone.
QUEUE_GRACE = timedelta(minutes=1)
# Rows hold an address and maybe a link that signs in: kept this long for the admin, sent or given up, then
# deleted (allauth's links expire sooner).
EMAIL_KEPT_DAYS = 7


def record_email(message: EmailMessage) -> Email:
    """Keep `message` (one recipient per row) and send it once the transaction commits."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    rows = [Email.objects.create(to=to, subject=message.subject, text=message.body, html=html) for to in message.to]
    for row in rows:
        publish.queue("outbox.Email", row.pk)
    return rows[0]


def _send(row: Email) -> str:
    message = EmailMultiAlternatives(subject=row.subject, body=row.text, to=[row.to])
    if row.html:
        message.attach_alternative(row.html, "text/html")
    message.send()
    return ""


def deliver_email(pk, *, reraise: bool = False) -> bool:
    return delivery.deliver(
        Email.outbox(), pk, load=lambda pk: Email.objects.filter(pk=pk).first(), send=_send, reraise=reraise
    )


def due_emails(now: datetime):
    return Email.objects.filter(Email.outbox().pending(now), created_at__lte=now - QUEUE_GRACE).order_by("created_at")


def sweep_emails(*, now: datetime | None = None, budget_seconds: float = delivery.SWEEP_BUDGET_SECONDS) -> int:
    now = now or timezone.now()
    Email.objects.filter(created_at__lt=now - timedelta(days=EMAIL_KEPT_DAYS)).delete()
    due = due_emails(now).values_list("pk", flat=True)[: delivery.SWEEP_BATCH]
    return delivery.sweep(due, deliver_email, budget_seconds=budget_seconds)
