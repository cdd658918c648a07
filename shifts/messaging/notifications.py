"""Recording the messages a change causes. Each is a row first (so it is sent once and never lost),
then a task queued once the transaction commits. shifts.tasks sends them."""

from django.db import transaction

from shifts.models import Notification


def _record(*, kind, recipient, dedupe_key, shift=None, signup=None, context=None) -> Notification | None:
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"kind": kind, "recipient": recipient, "shift": shift, "signup": signup, "context": context or {}},
    )
    if not created:
        return None
    from shifts.tasks import send_notification

    # robust: a broker that is down must not break the change that caused the message; the row stays
    # unsent and the periodic sweep (shifts.tasks.send_due_notifications) sends it.
    transaction.on_commit(lambda: send_notification.delay(notification.pk), robust=True)
    return notification


def promoted(*, signup) -> None:
    _record(
        kind=Notification.Kind.PROMOTED,
        recipient=signup.volunteer,
        shift=signup.shift,
        signup=signup,
        dedupe_key=f"promoted:{signup.pk}",
    )


def late_cancellation(*, signup, message: str = "") -> None:
    """Tell the site's coordinators, with the person's one-line message if they left one."""
    for coordinator in signup.shift.mission.site.coordinators.all():
        _record(
            kind=Notification.Kind.LATE_CANCELLATION,
            recipient=coordinator,
            shift=signup.shift,
            signup=signup,
            dedupe_key=f"late:{signup.pk}:{coordinator.pk}",
            context={"message": message} if message else None,
        )


def shift_changed(*, shift, change_id: str) -> None:
    """Tell everyone on `shift` that a coordinator changed it. `change_id` identifies the change (e.g. a timestamp)."""
    for signup in shift.signups.active().select_related("volunteer"):
        _record(
            kind=Notification.Kind.SHIFT_CHANGED,
            recipient=signup.volunteer,
            shift=shift,
            signup=signup,
            dedupe_key=f"changed:{shift.pk}:{change_id}:{signup.volunteer_id}",
        )


def shift_cancelled(*, shift) -> None:
    """Tell everyone who was on `shift` that it is cancelled. Call before their sign-ups are cancelled."""
    for signup in shift.signups.active().select_related("volunteer"):
        _record(
            kind=Notification.Kind.SHIFT_CANCELLED,
            recipient=signup.volunteer,
            shift=shift,
            signup=signup,
            dedupe_key=f"shift-cancelled:{shift.pk}:{signup.volunteer_id}",
        )


def urgent_call(*, shift, recipients, call_id: str) -> int:
    """Ask `recipients` to come and help on a short `shift`. Returns how many messages were recorded."""
    recorded = 0
    for person in recipients:
        if _record(
            kind=Notification.Kind.URGENT_CALL,
            recipient=person,
            shift=shift,
            dedupe_key=f"urgent:{shift.pk}:{call_id}:{person.pk}",
        ):
            recorded += 1
    return recorded


# Safe teams (issue 14): messages to the site's coordinators. `sms` in the context: also sent by text message.


def team_at_risk(*, shift, risks: list[str], alert_id: int) -> int:
    """Tell the site's coordinators that `shift`'s team is at risk (codes of shifts.teams.risks)."""
    recorded = 0
    for coordinator in shift.mission.site.coordinators.all():
        if _record(
            kind=Notification.Kind.TEAM_AT_RISK,
            recipient=coordinator,
            shift=shift,
            dedupe_key=f"team-risk:{shift.pk}:{alert_id}:{coordinator.pk}",
            context={"risks": risks},
        ):
            recorded += 1
    return recorded


def team_overdue(*, shift, level: int) -> int:
    """A team that went out is not back: level 1 after the grace, level 2 (with the emergency phone) after two."""
    recorded = 0
    for coordinator in shift.mission.site.coordinators.all():
        if _record(
            kind=Notification.Kind.TEAM_OVERDUE,
            recipient=coordinator,
            shift=shift,
            dedupe_key=f"team-overdue:{shift.pk}:{level}:{coordinator.pk}",
            context={"level": level, "sms": True},
        ):
            recorded += 1
    return recorded


def team_back(*, shift) -> int:
    recorded = 0
    for coordinator in shift.mission.site.coordinators.all():
        if _record(
            kind=Notification.Kind.TEAM_BACK,
            recipient=coordinator,
            shift=shift,
            dedupe_key=f"team-back:{shift.pk}:{coordinator.pk}",
            context={"sms": True},
        ):
            recorded += 1
    return recorded


def qualification_expiring(*, grant, shift, recipients, shift_count: int) -> int:
    """A grant ends before shifts that need it: tell the person and those shifts' coordinators, once."""
    recorded = 0
    for person in recipients:
        if _record(
            kind=Notification.Kind.QUALIFICATION_EXPIRING,
            recipient=person,
            shift=shift,
            dedupe_key=f"expiring:{grant.pk}:{person.pk}",
            context={
                "qualification": grant.qualification.slug,
                "volunteer_id": grant.volunteer_id,
                "valid_until": grant.valid_until.isoformat(),
                "shift_count": shift_count,
            },
        ):
            recorded += 1
    return recorded
