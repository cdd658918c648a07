"""Signed "I'm coming" / "I can't come" links from reminders: they work without logging in.

A token carries the sign-up's id and the purpose, signed with SECRET_KEY and a salt, so a token made for
one purpose or one sign-up cannot be used for another. It expires after UTOPIA_REPLY_LINK_MAX_AGE_DAYS;
the shift itself closes it sooner (after the start, "I can't come" asks to call the coordinators).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shifts.models import Signup

SALT = "utopia.shifts.replies"
COMING = "coming"
CANT_COME = "cant-come"
PURPOSES = (COMING, CANT_COME)


class BadReplyLink(Exception):
    """The link was tampered with, made for another purpose, or expired."""


def make_token(*, signup_id: int, purpose: str) -> str:
    return signing.dumps({"s": signup_id, "p": purpose}, salt=SALT, compress=False)


def read_token(token: str, *, purpose: str) -> int:
    """The sign-up id a token was made for; BadReplyLink unless it is intact, unexpired and for `purpose`."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.UTOPIA_REPLY_LINK_MAX_AGE_DAYS))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise BadReplyLink(str(error)) from None
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("s"), int):
        raise BadReplyLink("wrong purpose")
    return data["s"]


def reply_url(*, signup_id: int, purpose: str) -> str:
    """The absolute link for emails and SMS, on settings.SITE_URL."""
    name = "replies:coming" if purpose == COMING else "replies:cant_come"
    return settings.SITE_URL + reverse(name, kwargs={"token": make_token(signup_id=signup_id, purpose=purpose)})


@transaction.atomic
def confirm_coming(*, signup: Signup) -> bool:
    """Record that the volunteer said they are coming. False when there was nothing to record."""
    return bool(
        Signup.objects.filter(
            pk=signup.pk, status=Signup.Status.CONFIRMED, coming_confirmed_at=None, shift__is_cancelled=False
        ).update(coming_confirmed_at=timezone.now())
    )
