"""The messages about bookings and shifts: a seat, a change, a cancellation, a call for help, and what a
coordinator or an admin did for someone. Registered when imported (ShiftsConfig.ready)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shifts.models import Shift, Signup

from . import ics, replies
from .kinds import KINDS, MessageKind, register

# The existing kinds -----------------------------------------------------------------------------------


@register
class Promoted(MessageKind):
    """A seat from the waiting list, to the person who gets it."""

    slug = "promoted"
    label = gettext_lazy("seat from the waiting list")
    template = "promoted"

    def notify(self, *, signup: Signup) -> None:
        self.record(recipient=signup.volunteer, shift=signup.shift, signup=signup, dedupe_key=f"promoted:{signup.pk}")

    def skip_reason(self, notification, now):
        if notification.signup is None or notification.signup.status != Signup.Status.CONFIRMED:
            return super().skip_reason(notification, now) or "skipped: the sign-up is no longer confirmed"
        return super().skip_reason(notification, now)

    def context(self, notification):
        return {"cant_come_url": replies.reply_url(signup_id=notification.signup_id, purpose=replies.CANT_COME)}


@register
class LateCancellation(MessageKind):
    """Someone cancelled close to the start: to each coordinator of the site."""

    slug = "late_cancellation"
    label = gettext_lazy("late cancellation")
    template = "late_cancellation"

    def notify(self, *, signup: Signup, message: str = "") -> None:
        for coordinator in signup.shift.mission.site.coordinators.all():
            self.record(
                recipient=coordinator,
                shift=signup.shift,
                signup=signup,
                dedupe_key=f"late:{signup.pk}:{coordinator.pk}",
                context={"message": message} if message else None,
            )

    def context(self, notification):
        site = notification.shift.mission.site
        day = notification.shift.local_starts_at.date()
        return {"roster_url": f"{settings.SITE_URL}/roster/{site.slug}/{day:%Y-%m-%d}/"}


@register
class ShiftChanged(MessageKind):
    """A coordinator changed a shift's time or notes: to everyone on it."""

    slug = "shift_changed"
    label = gettext_lazy("shift changed")
    template = "shift_changed"

    def notify(self, *, shift: Shift, change_id: str) -> None:
        for signup in shift.signups.active().select_related("volunteer"):
            self.record(
                recipient=signup.volunteer,
                shift=shift,
                signup=signup,
                dedupe_key=f"changed:{shift.pk}:{change_id}:{signup.volunteer_id}",
            )

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        if not reason and notification.signup is not None and notification.signup.status == Signup.Status.CANCELLED:
            return "skipped: the volunteer is no longer on the shift"
        return reason


@register
class ShiftCancelled(MessageKind):
    """A shift is cancelled: to everyone who was on it (sent even once the shift's time has passed)."""

    slug = "shift_cancelled"
    label = gettext_lazy("shift cancelled")
    template = "shift_cancelled"

    def notify(self, *, shift: Shift) -> None:
        for signup in shift.signups.active().select_related("volunteer"):
            self.record(
                recipient=signup.volunteer,
                shift=shift,
                signup=signup,
                dedupe_key=f"shift-cancelled:{shift.pk}:{signup.volunteer_id}",
            )

    def skip_reason(self, notification, now):
        return ""


@register
class UrgentCall(MessageKind):
    """A short shift asks for help: to the eligible people who said they may be called on (the caller picks
    them with shifts.services.eligible_helpers, which reads Volunteer.urgent_calls)."""

    slug = "urgent_call"
    label = gettext_lazy("call for help")
    template = "urgent_call"

    def notify(self, *, shift: Shift, recipients, call_id: str, by=None) -> int:
        # The rows remember who sent the call (context "by": a person's id): the roster says who asked, when.
        context = {"by": by.pk} if by is not None else None
        recorded = 0
        for person in recipients:
            dedupe_key = f"urgent:{shift.pk}:{call_id}:{person.pk}"
            if self.record(recipient=person, shift=shift, dedupe_key=dedupe_key, context=context):
                recorded += 1
        return recorded

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        shift = notification.shift
        if not reason and (shift.is_cancelled or shift.has_started or shift.is_full):
            return "skipped: the shift no longer needs people"
        return reason


@register
class PointUnstaffed(MessageKind):
    """A collection point's last volunteer cancelled close to its opening: to each coordinator of the site.

    The point no longer shows on the public page (sites.selectors); only worth a message when it was due soon.
    """

    slug = "point_unstaffed"
    label = gettext_lazy("collection point left without volunteers")
    template = "point_unstaffed"
    # A collection point whose last volunteer cancels this close to its opening needs a coordinator now.
    window = timedelta(hours=48)

    def notify(self, *, shift: Shift) -> None:
        now = timezone.now()
        if shift.ends_at <= now or shift.starts_at > now + self.window:
            return
        for coordinator in shift.mission.site.coordinators.all():
            self.record(recipient=coordinator, shift=shift, dedupe_key=f"point-unstaffed:{shift.pk}:{coordinator.pk}")

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        shift = notification.shift
        if not reason and (shift.is_cancelled or shift.confirmed_count > 0):
            return "skipped: the collection point is staffed again, or its shift cancelled"
        return reason

    def context(self, notification):
        return LateCancellation.context(self, notification)


# Someone else acted for the person: a coordinator or an admin ------------------------------------------

ROLE_ADMIN, ROLE_COORDINATOR = "admin", "coordinator"


def _actor(by) -> dict:
    """Who acted, as the recipient will read it (stored with the row: the name as it was then)."""
    if by is None:
        return {"by": "", "by_role": ROLE_COORDINATOR}
    role = ROLE_ADMIN if (by.is_staff or by.is_superuser) else ROLE_COORDINATOR
    return {"by": by.get_full_name() or by.public_name, "by_role": role}


class ActedFor(MessageKind):
    """A coordinator or an admin booked, wait-listed, moved, confirmed or cancelled someone: to that person,
    by email and, if they asked for text messages, by SMS. It cannot be turned off: it changes their plans."""

    sms_template = "acted_for_sms"

    def context(self, notification):
        extra = notification.context or {}
        role = _("an administrator") if extra.get("by_role") == ROLE_ADMIN else _("a coordinator")
        # Rendered in the recipient's language (mail.py overrides it around this call).
        who = (
            (_("%(name)s, %(role)s,") % {"name": extra["by"], "role": role})
            if extra.get("by")
            else _("The coordinators")
        )
        return {"who": who}

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        if not reason and notification.signup is not None and notification.signup.status == Signup.Status.CANCELLED:
            return "skipped: the volunteer is no longer on the shift"
        return reason


def booking_key(signup: Signup) -> str:
    # One message per booking, whoever made it; a move rewrites the booking's message (MovedFor).
    return f"booking:{signup.pk}"


@register
class BookedFor(ActedFor):
    slug = "booked_for"
    label = gettext_lazy("booked by someone else")
    template = "booked_for"

    def notify(self, *, signup: Signup, by) -> None:
        context = {**_actor(by), "waitlisted": signup.status == Signup.Status.WAITLISTED}
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            dedupe_key=booking_key(signup),
            context=context,
        )

    def context(self, notification):
        return {**super().context(notification), "waitlisted": (notification.context or {}).get("waitlisted")}


@register
class MovedFor(ActedFor):
    slug = "moved_for"
    label = gettext_lazy("moved by someone else")
    template = "moved_for"

    def notify(self, *, signup: Signup, origin: Shift, by) -> None:
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            dedupe_key=booking_key(signup),
            context={**_actor(by), "from_shift": origin.pk},
            replace=True,
        )

    def context(self, notification):
        context = super().context(notification)
        origin = (
            Shift.objects.select_related("mission__site")
            .filter(pk=(notification.context or {}).get("from_shift"))
            .first()
        )
        if origin is not None:
            context.update(
                from_mission=origin.mission, from_starts=origin.local_starts_at, from_ends=origin.local_ends_at
            )
        return context


@register
class ConfirmedFor(ActedFor):
    """A coordinator gave a waiting person a seat (instead of the automatic "seat from the waiting list")."""

    slug = "confirmed_for"
    label = gettext_lazy("given a seat by someone else")
    template = "confirmed_for"

    def notify(self, *, signup: Signup, by) -> None:
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            dedupe_key=f"promoted:{signup.pk}",
            context=_actor(by),
        )

    def context(self, notification):
        return {
            **super().context(notification),
            "cant_come_url": replies.reply_url(signup_id=notification.signup_id, purpose=replies.CANT_COME),
        }


@register
class CancelledFor(ActedFor):
    slug = "cancelled_for"
    label = gettext_lazy("cancelled by someone else")
    template = "cancelled_for"

    def notify(self, *, signup: Signup, by) -> None:
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            dedupe_key=f"cancellation:{signup.pk}",
            context=_actor(by),
        )

    def skip_reason(self, notification, now):
        return MessageKind.skip_reason(self, notification, now)


# The person's own sign-up or cancellation ---------------------------------------------------------------


@register
class OwnSignup(MessageKind):
    """A short confirmation of one's own sign-up, with the shift as an .ics file when there is a seat.
    Turned off with "Confirm my sign-ups by email" on /me/ (Volunteer.signup_confirmations)."""

    slug = "own_signup"
    label = gettext_lazy("sign-up confirmation")
    template = "own_signup"
    opt_out_field = "signup_confirmations"

    def notify(self, *, signup: Signup) -> None:
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            dedupe_key=booking_key(signup),
            context={"waitlisted": signup.status == Signup.Status.WAITLISTED},
        )

    def context(self, notification):
        return {"waitlisted": (notification.context or {}).get("waitlisted")}

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        if not reason and notification.signup is not None and notification.signup.status == Signup.Status.CANCELLED:
            return "skipped: the volunteer is no longer on the shift"
        return reason

    def attachments(self, notification):
        if (notification.context or {}).get("waitlisted"):
            return []  # no seat yet: nothing to put in a calendar
        return [ics.attachment(signup=notification.signup, cancelled=False)]


@register
class OwnCancellation(MessageKind):
    """A short confirmation of one's own cancellation, with an .ics file that takes the shift out of a calendar."""

    slug = "own_cancellation"
    label = gettext_lazy("cancellation confirmation")
    template = "own_cancellation"
    opt_out_field = "signup_confirmations"

    def notify(self, *, signup: Signup) -> None:
        self.record(
            recipient=signup.volunteer, shift=signup.shift, signup=signup, dedupe_key=f"cancellation:{signup.pk}"
        )

    def attachments(self, notification):
        return [ics.attachment(signup=notification.signup, cancelled=True)]


# The registered instances, for the services that record them.
PROMOTED = KINDS[Promoted.slug]
LATE_CANCELLATION = KINDS[LateCancellation.slug]
SHIFT_CHANGED = KINDS[ShiftChanged.slug]
SHIFT_CANCELLED = KINDS[ShiftCancelled.slug]
URGENT_CALL = KINDS[UrgentCall.slug]
POINT_UNSTAFFED = KINDS[PointUnstaffed.slug]
BOOKED_FOR = KINDS[BookedFor.slug]
MOVED_FOR = KINDS[MovedFor.slug]
CONFIRMED_FOR = KINDS[ConfirmedFor.slug]
CANCELLED_FOR = KINDS[CancelledFor.slug]
OWN_SIGNUP = KINDS[OwnSignup.slug]
OWN_CANCELLATION = KINDS[OwnCancellation.slug]
