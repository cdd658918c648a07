"""The reminder two days before a stay begins: the address (with a bed), the arrival time and the first shift.

As the shift reminders (shifts/messaging/mail.py): the row says it is due, a conditional UPDATE claims it
just before sending (so two sweeps never both send), it is sent outside any transaction, and marked sent
right after. A claim left by a worker that died expires, and the next sweep sends.
"""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from shifts.models import Signup
from sites.models import Site

from . import selectors
from .models import Stay

logger = logging.getLogger(__name__)

DAYS_AHEAD = 2
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 5
SWEEP_BATCH = 500


def due_stays(now: datetime):
    """Confirmed stays beginning within the next DAYS_AHEAD days (in each site's own calendar), not reminded."""
    window = Q(pk__in=[])
    for site in Site.objects.only("pk", "timezone"):
        today = timezone.localtime(now, site.tz).date()
        window |= Q(site_id=site.pk, arrives_on__gt=today, arrives_on__lte=today + timedelta(days=DAYS_AHEAD))
    return (
        Stay.objects.confirmed()
        .filter(window, reminder_sent_at=None, reminder_attempts__lt=MAX_ATTEMPTS)
        .filter(Q(reminder_claimed_at=None) | Q(reminder_claimed_at__lt=now - CLAIM_TIMEOUT))
        .select_related("site", "volunteer")
        .order_by("arrives_on", "pk")
    )


def _claim(stay_id: int, now: datetime) -> bool:
    # The conditional UPDATE is the lock: of two workers, exactly one changes the row.
    return bool(
        Stay.objects.filter(pk=stay_id, status=Stay.Status.CONFIRMED, reminder_sent_at=None)
        .filter(Q(reminder_claimed_at=None) | Q(reminder_claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(reminder_claimed_at=now, reminder_attempts=F("reminder_attempts") + 1)
    )


def first_shift(stay: Stay) -> Signup | None:
    days = selectors.stay_days(stay)
    for entry in days:
        for signup in entry.signups:
            if signup.status == Signup.Status.CONFIRMED:
                return signup
    return None


def render_reminder(stay: Stay) -> tuple[str, str, str]:
    language = stay.volunteer.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(stay.site.tz):
        context = {
            "stay": stay,
            "volunteer": stay.volunteer,
            "site": stay.site,
            "places": selectors.accommodations_of(stay) if stay.needs_bed else [],
            "first": first_shift(stay),
            "stay_url": settings.SITE_URL + reverse("stays:detail", args=[stay.pk]),
        }
        subject = re.sub(r"\s+", " ", render_to_string("emails/stay_reminder_subject.txt", context)).strip()
        text = render_to_string("emails/stay_reminder_body.txt", context).strip() + "\n"
        html = render_to_string("emails/stay_reminder_body.html", context)
    return subject, text, html


def sweep_stay_reminders(*, now: datetime | None = None) -> int:
    """Send each due stay reminder once. Returns how many went out."""
    sent = 0
    for stay in due_stays(now or timezone.now())[:SWEEP_BATCH]:
        if not _claim(stay.pk, timezone.now()):
            continue  # another sweep has it
        if stay.volunteer.email:
            try:
                subject, text, html = render_reminder(stay)
                message = EmailMultiAlternatives(subject=subject, body=text, to=[stay.volunteer.email])
                message.attach_alternative(html, "text/html")
                message.send()
            except Exception as error:
                # Release the claim: the next sweep tries again (the claim counted the attempt).
                Stay.objects.filter(pk=stay.pk).update(reminder_claimed_at=None)
                logger.warning("stay reminder %s failed: %s", stay.pk, type(error).__name__)
                continue
        Stay.objects.filter(pk=stay.pk).update(reminder_sent_at=timezone.now())
        sent += 1
    return sent
