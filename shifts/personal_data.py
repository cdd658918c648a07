"""What the shifts app holds about a person: sign-ups, briefing waivers, messages to them and the messages they
wrote to the coordinators (volunteers/personal_data.py says the convention)."""

from django.utils import timezone

from volunteers.models import Volunteer
from volunteers.personal_data import iso, scrub_admin_history

from . import services
from .models import BriefingWaiver, Notification, Signup

COVERED = {
    "shifts.Signup": "exported; upcoming ones cancelled, notes scrubbed, past seats kept as anonymous rows",
    "shifts.Notification": "messages to the person are exported and deleted; what they wrote to others "
    "(a late cancellation's message) is exported and scrubbed",
    "shifts.BriefingWaiver": "exported; the reason is scrubbed",
}
EXCLUDED = {
    "shifts.TeamWatch": "who marked a night team out or back: the coordinator's act on the team, not data "
    "about them; an erased coordinator's account keeps no name",
}
# First: seats to come go to the waiting list while the person's account still works.
ERASE_PHASE = 10
# A person who had a shift recently is not inactive (volunteers.services.inactive_volunteers).
LAST_ACTIVITY = ("signups__shift__ends_at",)


def export(volunteer: Volunteer) -> dict:
    signups = (
        Signup.objects.filter(volunteer=volunteer)
        .select_related("shift__mission__site")
        .order_by("shift__starts_at", "pk")
    )
    notifications = Notification.objects.filter(recipient=volunteer).order_by("created_at", "pk")
    written = (
        Notification.objects.filter(signup__volunteer=volunteer, context__has_key="message")
        .exclude(recipient=volunteer)
        .order_by("created_at", "pk")
    )
    waivers = BriefingWaiver.objects.filter(volunteer=volunteer).select_related("site").order_by("pk")
    return {
        "signups": [_export_signup(signup) for signup in signups],
        "briefing_waivers": [
            {"site_slug": waiver.site.slug, "reason": waiver.reason, "waived_at": iso(waiver.created_at)}
            for waiver in waivers
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "shift_id": notification.shift_id,
                "signup_id": notification.signup_id,
                "created_at": iso(notification.created_at),
                "sent_at": iso(notification.sent_at),
            }
            for notification in notifications
        ],
        # One message goes to each coordinator of the site: the person wrote it once.
        "messages_to_coordinators": _unique_messages(written),
    }


def _unique_messages(notifications) -> list[dict]:
    seen, messages = set(), []
    for notification in notifications:
        key = (notification.kind, notification.signup_id, notification.context["message"])
        if key not in seen:
            seen.add(key)
            messages.append(
                {
                    "kind": notification.kind,
                    "signup_id": notification.signup_id,
                    "message": notification.context["message"],
                    "written_at": iso(notification.created_at),
                }
            )
    return messages


def _export_signup(signup: Signup) -> dict:
    shift = signup.shift
    site = shift.mission.site
    return {
        "id": signup.pk,
        "status": signup.status,
        "attendance": signup.attendance,
        "signed_up_at": iso(signup.created_at),
        "cancelled_at": iso(signup.cancelled_at),
        "is_late_cancellation": signup.is_late_cancellation,
        "coming_confirmed_at": iso(signup.coming_confirmed_at),
        "reminder_sent_at": iso(signup.reminder_sent_at),
        "coordinator_note": signup.note,
        "shift": {
            "id": shift.pk,
            "site": site.name,
            "site_slug": site.slug,
            "mission": shift.mission.name,
            "timezone": site.timezone,
            "starts_at_local": shift.local_starts_at.isoformat(),
            "ends_at_local": shift.local_ends_at.isoformat(),
            "is_cancelled": shift.is_cancelled,
        },
    }


def _cancel_upcoming_signups(volunteer: Volunteer) -> int:
    """Cancel what is still to come, through the sign-up rules, so seats go to the waiting list."""
    cancelled = 0
    for signup in _upcoming(volunteer).order_by("shift__starts_at", "pk"):
        try:
            services.cancel(signup=signup, by=None)
        except services.SignupRefused:
            # Started in the meantime, or already cancelled: it stays as it is.
            continue
        cancelled += 1
    return cancelled


def erase_summary(volunteer: Volunteer) -> dict:
    """For the confirmation page: how many sign-ups to come the erasure cancels."""
    return {"upcoming_count": _upcoming(volunteer).count()}


def _upcoming(volunteer: Volunteer):
    return Signup.objects.active().filter(volunteer=volunteer, shift__starts_at__gt=timezone.now())


def erase(volunteer: Volunteer) -> None:
    # Cancel first, before locking the person: cancel() locks the shift, and sign_up() locks the shift
    # before the person; taking them in the same order here avoids a deadlock.
    _cancel_upcoming_signups(volunteer)
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    # A sign-up committed between the cancellations and the lock: cancel it too. Sign-ups started after
    # the lock wait for the erasure and then see an inactive account.
    _cancel_upcoming_signups(volunteer)

    # Free text about them may hold personal data; the seats themselves stay.
    signup_ids = list(Signup.objects.filter(volunteer=volunteer).values_list("pk", flat=True))
    Signup.objects.filter(pk__in=signup_ids).update(note="", reminder_last_error="")
    # A waiver's reason is free text about them too (a reason is required, so a dash stays).
    BriefingWaiver.objects.filter(volunteer=volunteer).update(reason="-")
    Notification.objects.filter(recipient=volunteer).delete()
    # What they wrote to others (a late cancellation's message to each coordinator) goes; the notice stays.
    for notification in Notification.objects.filter(signup__in=signup_ids, context__has_key="message"):
        notification.context.pop("message")
        notification.save(update_fields=["context"])
    scrub_admin_history(Signup, signup_ids, label="Sign-up")
