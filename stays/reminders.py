"""The reminder two days before a stay begins: the address (with a bed), the arrival time and the first shift.

Sent through the outbox like every other message (outbox.delivery): the stay's reminder_* columns say it is
due, a conditional UPDATE claims it just before sending (so two sweeps never both send), it is sent outside any
transaction and marked sent right after; a failure keeps its error and counts an attempt, up to
UTOPIA_REMINDER_MAX_ATTEMPTS as for shift reminders.
"""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox import delivery
from outbox.models import Columns
from shifts.models import Signup
from sites.models import Site

from . import selectors
from .models import Stay

logger = logging.getLogger(__name__)

DAYS_AHEAD = 2
REMINDER = Columns(
    Stay, prefix="reminder_", max_attempts="UTOPIA_REMINDER_MAX_ATTEMPTS", claimable=Q(status=Stay.Status.CONFIRMED)
)


def due_stays(now: datetime):
    """Confirmed stays beginning within the next DAYS_AHEAD days (in each site's own calendar), not reminded."""
    window = Q(pk__in=[])
    for site in Site.objects.only("pk", "timezone"):
        today = timezone.localtime(now, site.tz).date()
        window |= Q(site_id=site.pk, arrives_on__gt=today, arrives_on__lte=today + timedelta(days=DAYS_AHEAD))
    return (
        Stay.objects.confirmed()
        .filter(window, REMINDER.pending(now))
        .select_related("site", "volunteer")
        .order_by("arrives_on", "pk")
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


def _send(stay: Stay) -> str:
    if not stay.volunteer.email:
        return "no email address"
    subject, text, html = render_reminder(stay)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[stay.volunteer.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return ""


def sweep_stay_reminders(*, now: datetime | None = None, budget_seconds: float = delivery.SWEEP_BUDGET_SECONDS) -> int:
    """Send each due stay reminder once. Returns how many went out."""
    due = {stay.pk: stay for stay in due_stays(now or timezone.now())[: delivery.SWEEP_BATCH]}

    def remind(pk) -> bool:
        return delivery.deliver(REMINDER, pk, load=due.get, send=_send)

    return delivery.sweep(due, remind, budget_seconds=budget_seconds)
