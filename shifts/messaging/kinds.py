"""Every kind of message, each in one place: who gets it, its templates, its channels, whether a person may
turn it off, and when it is no longer worth sending.

A kind is a small class (as ephios's notification types): adding one touches this file, a value of
`Notification.Kind` and its templates in templates/emails/ (`<template>_subject.txt`, `<template>_body.txt`,
`<template>_body.html`, and `<sms_template>.txt` when it also goes by text message). Rows are recorded by
`MessageKind.record` (once per `dedupe_key`) and sent by shifts.messaging.mail, which asks the row's kind
how to render, attach and skip.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shifts.models import Notification, Shift, Signup
from utopia.tasks_util import safe_delay

from . import ics, replies

KINDS: dict[str, "MessageKind"] = {}


def register(cls):
    KINDS[cls.slug] = cls()
    return cls


def of(slug: str) -> "MessageKind":
    return KINDS[slug]


def acts_for_someone_else(*, signup: Signup, by) -> bool:
    """`by` did this to `signup`, and `by` is not the person on it (None is the person themselves)."""
    return by is not None and by.pk != signup.volunteer_id


def _queue(notification_id: int) -> None:
    from shifts.tasks import send_notification

    # Through the guarded publish: a broker that is down is logged, the request does not wait on retries, and
    # the row stays unsent for the periodic sweep (shifts.tasks.send_due_notifications).
    transaction.on_commit(lambda: safe_delay(send_notification, notification_id))


class MessageKind:
    slug: str = ""
    # templates/emails/<template>_subject.txt, _body.txt and _body.html
    template: str = ""
    # templates/emails/<sms_template>.txt: also sent by text message to people who asked for them
    # (Volunteer.sms_reminders, with a phone number). Empty: email only.
    sms_template: str = ""
    # A Volunteer boolean the person switches off to stop this kind ("" : it cannot be turned off).
    opt_out_field: str = ""

    @property
    def may_turn_off(self) -> bool:
        return bool(self.opt_out_field)

    def wanted_by(self, person) -> bool:
        return not self.opt_out_field or bool(getattr(person, self.opt_out_field))

    def wants_sms(self, person) -> bool:
        return bool(self.sms_template and person.sms_reminders and person.phone)

    def record(
        self, *, recipient, dedupe_key: str, shift=None, signup=None, context=None, replace: bool = False
    ) -> Notification | None:
        """Record one message (once per `dedupe_key`) and queue it when the transaction commits.

        With `replace`, a row of the same event not sent yet is rewritten as this kind instead (a move
        first books the person on the new shift, then says it was a move): still one message.
        """
        if not self.wanted_by(recipient):
            return None
        values = {"kind": self.slug, "recipient": recipient, "shift": shift, "signup": signup, "context": context or {}}
        if replace:
            if Notification.objects.filter(dedupe_key=dedupe_key, sent_at=None, claimed_at=None).update(**values):
                return None  # already queued on commit under its first kind
        notification, created = Notification.objects.get_or_create(dedupe_key=dedupe_key, defaults=values)
        if not created:
            return None
        _queue(notification.pk)
        return notification

    def skip_reason(self, notification: Notification, now: datetime) -> str:
        """Why this message is no longer worth sending (empty: send it). The recipient's address is checked before."""
        if not self.wanted_by(notification.recipient):
            return "skipped: turned off by the recipient"
        shift = notification.shift
        if shift is not None and shift.ends_at <= now:
            return "skipped: the shift is over"
        return ""

    def context(self, notification: Notification) -> dict:
        """What this kind's templates need besides the shift, the recipient and the sign-up."""
        return {}

    def attachments(self, notification: Notification) -> list[tuple[str, bytes, str]]:
        return []


# The existing kinds -----------------------------------------------------------------------------------


@register
class Promoted(MessageKind):
    """A seat from the waiting list, to the person who gets it."""

    slug = Notification.Kind.PROMOTED
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

    slug = Notification.Kind.LATE_CANCELLATION
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

    slug = Notification.Kind.SHIFT_CHANGED
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

    slug = Notification.Kind.SHIFT_CANCELLED
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

    slug = Notification.Kind.URGENT_CALL
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

    slug = Notification.Kind.POINT_UNSTAFFED
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


# Safe teams (issue 14): messages about a team, to the site's coordinators -----------------------------------


class CoordinatorsAlert(MessageKind):
    """To each coordinator of the shift's site. It cannot be turned off: a team's safety depends on it. When it has
    an SMS template, it also goes by text message to every coordinator with a phone number, whether or not they
    asked for reminders by SMS."""

    def wants_sms(self, person) -> bool:
        return bool(self.sms_template and person.phone)

    def record_for_coordinators(self, *, shift: Shift, key: str, context=None) -> int:
        recorded = 0
        for coordinator in shift.mission.site.coordinators.all():
            if self.record(recipient=coordinator, shift=shift, dedupe_key=f"{key}:{coordinator.pk}", context=context):
                recorded += 1
        return recorded


@register
class TeamAtRisk(CoordinatorsAlert):
    """A shift starting soon cannot run safely as it stands (codes of shifts.teams.risks); sent again only when the
    risks change (shifts.teams.alerts)."""

    slug = Notification.Kind.TEAM_AT_RISK
    template = "team_at_risk"

    def notify(self, *, shift: Shift, risks: list[str], alert_id: int) -> int:
        return self.record_for_coordinators(
            shift=shift, key=f"team-risk:{shift.pk}:{alert_id}", context={"risks": risks}
        )

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        shift = notification.shift
        if not reason and (shift.is_cancelled or shift.has_started):
            return "skipped: the shift is cancelled or has started"
        return reason

    def context(self, notification):
        from shifts.teams.risks import labels_for

        # In the recipient's language: mail.py renders under their language.
        return {"risk_words": labels_for(notification.shift, list((notification.context or {}).get("risks") or []))}


def _team_with_phones(shift: Shift) -> list[Signup]:
    return list(Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("created_at", "pk"))


@register
class TeamOverdue(CoordinatorsAlert):
    """A team that went out is not back: level 1 after the site's grace, level 2 (with the emergency phone) after a
    second one. News after the shift's end, by email and SMS."""

    slug = Notification.Kind.TEAM_OVERDUE
    template = "team_overdue"
    sms_template = "team_overdue_sms"

    def notify(self, *, shift: Shift, level: int) -> int:
        return self.record_for_coordinators(
            shift=shift, key=f"team-overdue:{shift.pk}:{level}", context={"level": level}
        )

    def skip_reason(self, notification, now):
        return ""  # a team not back is only known once the shift is over

    def context(self, notification):
        return {"team": _team_with_phones(notification.shift)}


@register
class TeamBack(CoordinatorsAlert):
    """The team an overdue alert was about is back (shifts.teams.services.team_back), by email and SMS."""

    slug = Notification.Kind.TEAM_BACK
    template = "team_back"
    sms_template = "team_back_sms"

    def notify(self, *, shift: Shift) -> int:
        return self.record_for_coordinators(shift=shift, key=f"team-back:{shift.pk}")

    def skip_reason(self, notification, now):
        return ""  # after the shift's end, like the alert it answers


@register
class QualificationExpiring(MessageKind):
    """A grant ends before shifts that need it: to the person and those shifts' coordinators, once per grant
    (shifts.teams.alerts). `shift` is the first such shift."""

    slug = Notification.Kind.QUALIFICATION_EXPIRING
    template = "qualification_expiring"

    def notify(self, *, grant, shift: Shift, recipients, shift_count: int) -> int:
        context = {
            "qualification": grant.qualification.slug,
            "volunteer_id": grant.volunteer_id,
            "valid_until": grant.valid_until.isoformat(),
            "shift_count": shift_count,
        }
        recorded = 0
        for person in recipients:
            if self.record(
                recipient=person, shift=shift, dedupe_key=f"expiring:{grant.pk}:{person.pk}", context=context
            ):
                recorded += 1
        return recorded

    def context(self, notification):
        from volunteers.models import Qualification, Volunteer

        extra = notification.context or {}
        qualification = Qualification.objects.filter(slug=extra.get("qualification")).first()
        person = Volunteer.objects.filter(pk=extra.get("volunteer_id")).first()
        return {
            "qualification_name": qualification.display_name if qualification else extra.get("qualification", ""),
            "person_name": (person.get_full_name() or person.public_name) if person else "",
            "about_recipient": extra.get("volunteer_id") == notification.recipient_id,
        }


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
    slug = Notification.Kind.BOOKED_FOR
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
    slug = Notification.Kind.MOVED_FOR
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

    slug = Notification.Kind.CONFIRMED_FOR
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
    slug = Notification.Kind.CANCELLED_FOR
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

    slug = Notification.Kind.OWN_SIGNUP
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

    slug = Notification.Kind.OWN_CANCELLATION
    template = "own_cancellation"
    opt_out_field = "signup_confirmations"

    def notify(self, *, signup: Signup) -> None:
        self.record(
            recipient=signup.volunteer, shift=signup.shift, signup=signup, dedupe_key=f"cancellation:{signup.pk}"
        )

    def attachments(self, notification):
        return [ics.attachment(signup=notification.signup, cancelled=True)]


# Onboarding: a first-timer's buddy, and the site's welcome with its practical guide ---------------------


class BuddyKind(MessageKind):
    """Both people on a buddy pair hear about it (shifts.services.set_buddy). The row remembers which buddy it
    was about: a buddy changed or taken away before the message went out is not announced any more."""

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        signup = notification.signup
        if not reason and (
            signup is None
            or signup.status != Signup.Status.CONFIRMED
            or signup.buddy_id != (notification.context or {}).get("buddy_id")
        ):
            return "skipped: the buddy changed"
        return reason


@register
class Buddy(BuddyKind):
    """To the first-timer: who their buddy is (first name; the phone once the shift day comes)."""

    slug = Notification.Kind.BUDDY
    template = "buddy"

    def notify(self, *, signup: Signup) -> None:
        self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            context={"buddy_id": signup.buddy_id},
            dedupe_key=f"buddy:{signup.pk}:{signup.buddy_id}",
        )


@register
class BuddyFor(BuddyKind):
    """To the buddy: whom they look after on the shift."""

    slug = Notification.Kind.BUDDY_FOR
    template = "buddy_for"

    def notify(self, *, signup: Signup) -> None:
        self.record(
            recipient=signup.buddy,
            shift=signup.shift,
            signup=signup,
            context={"buddy_id": signup.buddy_id},
            dedupe_key=f"buddy-for:{signup.pk}:{signup.buddy_id}",
        )


@register
class Welcome(MessageKind):
    """The site's practical guide, once per person and site, after their first booking there.

    For one's own booking it stands in for the sign-up confirmation (`confirms`: the same words, the .ics when
    there is a seat), so the person gets one message, not a confirmation and a welcome that repeat the shift.
    It cannot be turned off: it is what a first-timer needs to find the place. After a booking by someone
    else it comes beside their message and only adds the guide.
    """

    slug = Notification.Kind.WELCOME
    template = "welcome"

    def notify(self, *, signup: Signup, confirms: bool) -> Notification | None:
        return self.record(
            recipient=signup.volunteer,
            shift=signup.shift,
            signup=signup,
            context={"confirms": confirms, "waitlisted": signup.status == Signup.Status.WAITLISTED},
            dedupe_key=f"welcome:{signup.volunteer_id}:{signup.shift.mission.site_id}",
        )

    def context(self, notification):
        extra = notification.context or {}
        return {"confirms": extra.get("confirms", False), "waitlisted": extra.get("waitlisted", False)}

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        if not reason and (notification.signup is None or notification.signup.status == Signup.Status.CANCELLED):
            return "skipped: the sign-up was cancelled"
        return reason

    def attachments(self, notification):
        extra = notification.context or {}
        if not extra.get("confirms") or extra.get("waitlisted"):
            return []
        return [ics.attachment(signup=notification.signup, cancelled=False)]


PROMOTED = KINDS[Notification.Kind.PROMOTED]
LATE_CANCELLATION = KINDS[Notification.Kind.LATE_CANCELLATION]
SHIFT_CHANGED = KINDS[Notification.Kind.SHIFT_CHANGED]
SHIFT_CANCELLED = KINDS[Notification.Kind.SHIFT_CANCELLED]
URGENT_CALL = KINDS[Notification.Kind.URGENT_CALL]
POINT_UNSTAFFED = KINDS[Notification.Kind.POINT_UNSTAFFED]
BOOKED_FOR = KINDS[Notification.Kind.BOOKED_FOR]
MOVED_FOR = KINDS[Notification.Kind.MOVED_FOR]
CONFIRMED_FOR = KINDS[Notification.Kind.CONFIRMED_FOR]
CANCELLED_FOR = KINDS[Notification.Kind.CANCELLED_FOR]
OWN_SIGNUP = KINDS[Notification.Kind.OWN_SIGNUP]
OWN_CANCELLATION = KINDS[Notification.Kind.OWN_CANCELLATION]
BUDDY = KINDS[Notification.Kind.BUDDY]
BUDDY_FOR = KINDS[Notification.Kind.BUDDY_FOR]
WELCOME = KINDS[Notification.Kind.WELCOME]
TEAM_AT_RISK = KINDS[Notification.Kind.TEAM_AT_RISK]
TEAM_OVERDUE = KINDS[Notification.Kind.TEAM_OVERDUE]
TEAM_BACK = KINDS[Notification.Kind.TEAM_BACK]
QUALIFICATION_EXPIRING = KINDS[Notification.Kind.QUALIFICATION_EXPIRING]
