"""The sweeps that tell coordinators about teams: at risk before the shift, not back after it, and checks that
expire before shifts that need them.

Each alert is claimed by a conditional UPDATE of the row that says it is due (TeamWatch, QualificationGrant) in
the transaction that records its Notification rows: two sweeps at once record it once (the second UPDATE finds
the row changed), and a sweep that dies before committing leaves it due for the next one. The Notification
rows are then sent once by the usual machinery (through the outbox), never lost.
"""

import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone

from shifts.models import Shift, Signup, TeamWatch
from volunteers.models import QualificationGrant

from . import messages
from .risks import has_team_rules, team_risks_for

logger = logging.getLogger(__name__)

EXPIRY_NOTICE_DAYS = 30


def shifts_in_alert_window(now: datetime):
    """Shifts not started that start within their site's `team_alert_hours`, of missions with a team rule."""
    window = ExpressionWrapper(
        Cast("mission__site__team_alert_hours", IntegerField()) * Value(timedelta(hours=1)),
        output_field=DurationField(),
    )
    window_end = ExpressionWrapper(Value(now) + window, output_field=DateTimeField())
    ids = (
        Shift.objects.filter(is_cancelled=False, starts_at__gt=now, starts_at__lte=window_end)
        .filter(has_team_rules())
        .values("pk")
    )
    return Shift.objects.filter(pk__in=ids).select_related("mission__site").order_by("starts_at", "pk")


def record_risk_alert(*, shift: Shift, risks: list[str], told: str) -> bool:
    """Claim and record one alert for `shift`, whose coordinators were last told `told`. True when recorded.

    Risks that went away are remembered silently, so that a shift turning risky again alerts again.
    """
    current = ",".join(risks)
    with transaction.atomic():
        TeamWatch.objects.get_or_create(shift_id=shift.pk)
        claimed = TeamWatch.objects.filter(shift_id=shift.pk, alerted_risks=told).update(
            alerted_risks=current,
            alerted_at=timezone.now() if current else None,
            alert_count=F("alert_count") + (1 if current else 0),
        )
        if not claimed or not current:
            return False
        alert_id = TeamWatch.objects.values_list("alert_count", flat=True).get(shift_id=shift.pk)
        messages.TEAM_AT_RISK.notify(shift=shift, risks=risks, alert_id=alert_id)
    return True


def sweep_team_alerts(*, now: datetime | None = None) -> int:
    """Every 15 minutes: one message per shift at risk within its window, and a new one when its risks change."""
    now = now or timezone.now()
    shifts = list(shifts_in_alert_window(now))
    if not shifts:
        return 0
    risks = team_risks_for(shifts)
    told = dict(TeamWatch.objects.filter(shift_id__in=[s.pk for s in shifts]).values_list("shift_id", "alerted_risks"))
    alerted = 0
    for shift in shifts:
        if ",".join(risks[shift.pk]) != told.get(shift.pk, ""):
            alerted += record_risk_alert(shift=shift, risks=risks[shift.pk], told=told.get(shift.pk, ""))
    if alerted:
        logger.info("send_team_alerts recorded alerts for %d shifts", alerted)
    return alerted


def alert_now_if_risky(*, shift: Shift) -> bool:
    """After a cancellation: a shift within its alert window whose risks changed alerts at once (in the caller's
    transaction, so the alert is recorded with the change or not at all)."""
    now = timezone.now()
    site = shift.mission.site
    if shift.is_cancelled or shift.starts_at <= now or shift.starts_at > now + timedelta(hours=site.team_alert_hours):
        return False
    risks = team_risks_for([shift])[shift.pk]
    told = TeamWatch.objects.filter(shift_id=shift.pk).values_list("alerted_risks", flat=True).first() or ""
    if ",".join(risks) == told or not risks:
        return False
    return record_risk_alert(shift=shift, risks=risks, told=told)


# --- Teams not back --------------------------------------------------------------------------------------


def sweep_overdue_alerts(*, now: datetime | None = None) -> int:
    """Every 5 minutes: a team out and not back by its end plus the site's grace alerts the coordinators (SMS and
    email) once; still not back after a second grace, once more, with the emergency phone."""
    now = now or timezone.now()
    watches = (
        TeamWatch.objects.filter(out_at__isnull=False, back_at=None, escalated_at=None, shift__is_cancelled=False)
        .filter(shift__ends_at__lt=now)
        .select_related("shift__mission__site")
        .order_by("shift__ends_at", "pk")
    )
    sent = 0
    for watch in watches:
        shift = watch.shift
        grace = timedelta(minutes=shift.mission.site.return_grace_minutes)
        if watch.overdue_alerted_at is None:
            if now >= shift.ends_at + grace:
                sent += _claim_overdue(shift=shift, field="overdue_alerted_at", level=1, now=now)
        elif now >= shift.ends_at + 2 * grace:
            sent += _claim_overdue(shift=shift, field="escalated_at", level=2, now=now)
    return sent


def _claim_overdue(*, shift: Shift, field: str, level: int, now: datetime) -> int:
    with transaction.atomic():
        claim = TeamWatch.objects.filter(shift_id=shift.pk, back_at=None, **{field: None})
        if level == 2:
            claim = claim.filter(overdue_alerted_at__isnull=False)
        if not claim.update(**{field: now}):
            return 0  # another sweep has it, or the team came back
        messages.TEAM_OVERDUE.notify(shift=shift, level=level)
    logger.warning("team of shift %s not back: alert level %d", shift.pk, level)
    return 1


# --- Checks expiring before shifts that need them --------------------------------------------------------


def _shifts_needing(grant: QualificationGrant):
    """The person's active sign-ups' shifts after `grant` expires whose mission needs its qualification."""
    after = datetime.combine(grant.valid_until + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    needs = Q(mission__required_qualifications=grant.qualification_id) | Q(
        mission__team_needs__qualification=grant.qualification_id
    )
    ids = (
        Signup.objects.active()
        .filter(volunteer_id=grant.volunteer_id, shift__is_cancelled=False)
        # A day of margin for time zones; the exact local day is compared below.
        .filter(shift__starts_at__gte=after - timedelta(days=1))
        .values("shift_id")
    )
    shifts = (
        Shift.objects.filter(pk__in=ids).filter(needs).distinct().select_related("mission__site").order_by("starts_at")
    )
    return [shift for shift in shifts if shift.local_starts_at.date() > grant.valid_until]


def sweep_expiry_notices(*, today=None) -> int:
    """Daily: thirty days before a grant expires, tell the person (if shifts after that need it) and those
    shifts' coordinators, once per grant."""
    today = today or timezone.localdate()
    grants = (
        QualificationGrant.objects.filter(
            revoked_at=None,
            expiry_notice_at=None,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        )
        .select_related("qualification", "volunteer")
        .order_by("valid_until", "pk")
    )
    told = 0
    for grant in grants:
        shifts = _shifts_needing(grant)
        if not shifts:
            continue  # nothing needs it after that date (yet): looked at again tomorrow
        with transaction.atomic():
            if not QualificationGrant.objects.filter(pk=grant.pk, revoked_at=None, expiry_notice_at=None).update(
                expiry_notice_at=timezone.now()
            ):
                continue
            recipients = {grant.volunteer_id: grant.volunteer}
            for shift in shifts:
                for coordinator in shift.mission.site.coordinators.all():
                    recipients.setdefault(coordinator.pk, coordinator)
            messages.QUALIFICATION_EXPIRING.notify(
                grant=grant, shift=shifts[0], recipients=recipients.values(), shift_count=len(shifts)
            )
        told += 1
    return told
