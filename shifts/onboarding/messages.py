"""A first-timer's buddy and the site's welcome with its practical guide. Registered when imported
(ShiftsConfig.ready)."""

from django.utils.translation import gettext_lazy

from shifts.messaging import ics
from shifts.messaging.kinds import KINDS, MessageKind, register
from shifts.models import Notification, Signup

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

    slug = "buddy"
    label = gettext_lazy("your buddy")
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

    slug = "buddy_for"
    label = gettext_lazy("you are a buddy")
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

    slug = "welcome"
    label = gettext_lazy("welcome to a site")
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


# The registered instances, for the services that record them.
BUDDY = KINDS[Buddy.slug]
BUDDY_FOR = KINDS[BuddyFor.slug]
WELCOME = KINDS[Welcome.slug]


def announce_buddy(*, signup: Signup) -> None:
    """Tell a first-timer who their buddy is, and the buddy whom they look after (first names; the phone on the day)."""
    BUDDY.notify(signup=signup)
    BUDDY_FOR.notify(signup=signup)
