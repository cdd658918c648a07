"""What a kind of message is, and the table of kinds: each part keeps its own kinds in its own module, which
registers them when it is imported at start-up (ShiftsConfig.ready imports shifts.messaging.bookings,
shifts.teams.messages and shifts.onboarding.messages; another app imports its own from its AppConfig.ready).

A kind is a small class (as ephios's notification types): who gets it, its templates, its channels, whether a
person may turn it off, and when it is no longer worth sending. Adding one touches its owner's module and its
templates in templates/emails/ (`<template>_subject.txt`, `<template>_body.txt`, `<template>_body.html`, and
`<sms_template>.txt` when it also goes by text message); no migration (the kind column has no choices). Rows
are recorded by `MessageKind.record` (once per `dedupe_key`) and sent through the outbox by
shifts.messaging.mail, which asks the row's kind how to render, attach and skip.
"""

from datetime import datetime

from django.db import IntegrityError, transaction

from outbox.publish import queue
from shifts.models import Notification, Signup

KINDS: dict[str, "MessageKind"] = {}


def register(cls):
    """Class decorator: one instance of each kind, found by its slug (the value stored in Notification.kind)."""
    if cls.slug in KINDS and type(KINDS[cls.slug]) is not cls:
        raise ValueError(f"two message kinds are called {cls.slug!r}")
    KINDS[cls.slug] = cls()
    return cls


def of(slug: str) -> "MessageKind":
    return KINDS[slug]


def acts_for_someone_else(*, signup: Signup, by) -> bool:
    """`by` did this to `signup`, and `by` is not the person on it (None is the person themselves)."""
    return by is not None and by.pk != signup.volunteer_id


class MessageKind:
    # The value stored in Notification.kind; never change it once rows exist.
    slug: str = ""
    # What the admin calls it.
    label = ""
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
        # Written straight away, the unique dedupe key turning a second one back (get_or_create would read first:
        # a query more on every booking, for the rare message already recorded).
        try:
            with transaction.atomic():
                notification = Notification.objects.create(dedupe_key=dedupe_key, **values)
        except IntegrityError:
            if Notification.objects.filter(dedupe_key=dedupe_key).exists():
                return None
            raise
        # Through the guarded publish: a broker that is down is logged, and the row waits for the sweep.
        queue("shifts.Notification", notification.pk)
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
