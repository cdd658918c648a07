"""Recording the messages a change causes. Each is a row first (so it is sent once and never lost),
then a task queued once the transaction commits. shifts.tasks sends them."""

from django.db import transaction

from .models import Notification


def _record(*, kind, recipient, dedupe_key, shift=None, signup=None, context=None) -> Notification | None:
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"kind": kind, "recipient": recipient, "shift": shift, "signup": signup, "context": context or {}},
    )
    if not created:
        return None
    from .tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(notification.pk))
    return notification


def promoted(*, signup) -> None:
    _record(
        kind=Notification.Kind.PROMOTED,
        recipient=signup.volunteer,
        shift=signup.shift,
        signup=signup,
        dedupe_key=f"promoted:{signup.pk}",
    )


def late_cancellation(*, signup) -> None:
    for coordinator in signup.shift.mission.site.coordinators.all():
        _record(
            kind=Notification.Kind.LATE_CANCELLATION,
            recipient=coordinator,
            shift=signup.shift,
            signup=signup,
            dedupe_key=f"late:{signup.pk}:{coordinator.pk}",
        )
