"""The messages about teams (safe teams, issue 14), to the site's coordinators and, for an expiring check, the
person. Recorded by the sweeps of shifts.teams.alerts; registered when imported (ShiftsConfig.ready)."""

from django.utils.translation import gettext_lazy

from shifts import contact
from shifts.messaging.kinds import KINDS, MessageKind, register
from shifts.models import Notification, Shift, Signup, TeamWatch
from volunteers import access

from .risks import labels_for

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

    slug = "team_at_risk"
    label = gettext_lazy("team at risk")
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
        # In the recipient's language: mail.py renders under their language.
        return {"risk_words": labels_for(notification.shift, list((notification.context or {}).get("risks") or []))}


def _team_as_seen_by(notification) -> list[Signup]:
    """The shift's team, each sign-up with its `contact` as shifts.contact lets the message's recipient see it
    (a page would hide the same phones): one or two queries."""
    shift = notification.shift
    team = list(Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("created_at", "pk"))
    shown = contact.visible_ids(
        notification.recipient, site=shift.mission.site, volunteer_ids={signup.volunteer_id for signup in team}
    )
    for signup in team:
        signup.contact = contact.contact_of(signup.volunteer, visible=signup.volunteer_id in shown)
    return team


def overdue_recipients(shift: Shift, level: int) -> list:
    """Level 1: the site's coordinators. Level 2 reaches further: the site's coordinators and the organisation's
    admins (volunteers.access.is_admin), whoever is awake among them answers. No separate on-call list: it
    would be one more list to keep true at night; who coordinates what and who is an admin already are."""
    people = {person.pk: person for person in shift.mission.site.coordinators.filter(is_active=True).order_by("pk")}
    if level >= 2:
        for person in access.admins().order_by("pk"):
            people.setdefault(person.pk, person)
    return list(people.values())


@register
class TeamOverdue(CoordinatorsAlert):
    """A team that went out is not back: level 1 after the site's grace, to the site's coordinators; level 2 (with
    the emergency phone) after a second one, to them and the organisation's admins. News after the shift's end,
    by email and SMS. The team's phones are those the recipient may see (shifts.contact)."""

    slug = "team_overdue"
    label = gettext_lazy("team not back")
    template = "team_overdue"
    sms_template = "team_overdue_sms"

    def notify(self, *, shift: Shift, level: int) -> int:
        recorded = 0
        for person in overdue_recipients(shift, level):
            key = f"team-overdue:{shift.pk}:{level}:{person.pk}"
            if self.record(recipient=person, shift=shift, dedupe_key=key, context={"level": level}):
                recorded += 1
        return recorded

    def skip_reason(self, notification, now):
        return ""  # a team not back is only known once the shift is over

    def context(self, notification):
        return {"team": _team_as_seen_by(notification)}


@register
class TeamBack(CoordinatorsAlert):
    """The team an overdue alert was about is back (shifts.teams.services.team_back): to everyone who was alerted
    (both levels), by email and SMS."""

    slug = "team_back"
    label = gettext_lazy("team back")
    template = "team_back"
    sms_template = "team_back_sms"

    def notify(self, *, shift: Shift, told_already=()) -> int:
        """`told_already`: ids of people who hear it otherwise (the person who pressed, the team)."""
        alerted = (
            Notification.objects.filter(kind=TeamOverdue.slug, shift=shift)
            .exclude(recipient_id__in=list(told_already))
            .select_related("recipient")
            .order_by("recipient_id")
        )
        people = {row.recipient_id: row.recipient for row in alerted}
        recorded = 0
        for person in people.values():
            if self.record(recipient=person, shift=shift, dedupe_key=f"team-back:{shift.pk}:{person.pk}"):
                recorded += 1
        return recorded

    def skip_reason(self, notification, now):
        return ""  # after the shift's end, like the alert it answers


@register
class TeamBackRecorded(MessageKind):
    """ "We are back" was pressed: a short confirmation to the person who pressed it, and word to the rest of the
    team that their return is recorded (nobody needs to press it again). Email; SMS for those who asked for
    text messages. It cannot be turned off."""

    slug = "team_back_recorded"
    label = gettext_lazy("team back recorded")
    template = "team_back_recorded"
    sms_template = "team_back_recorded_sms"

    def notify(self, *, shift: Shift, by) -> set[int]:
        """Records the messages; returns the ids of the people told."""
        people = {by.pk: by}
        for signup in Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("pk"):
            people.setdefault(signup.volunteer_id, signup.volunteer)
        for person in people.values():
            self.record(
                recipient=person,
                shift=shift,
                dedupe_key=f"team-back-recorded:{shift.pk}:{person.pk}",
                context={"by_id": by.pk},
            )
        return set(people)

    def skip_reason(self, notification, now):
        return ""  # a team is usually back after its shift's end

    def context(self, notification):
        from volunteers.models import Volunteer

        by_id = (notification.context or {}).get("by_id")
        by = Volunteer.objects.filter(pk=by_id).first() if by_id else None
        watch = TeamWatch.objects.filter(shift_id=notification.shift_id).first()
        return {
            "by_you": by_id == notification.recipient_id,
            "by_name": by.public_name if by is not None else "",
            "back_at": watch.back_at if watch is not None else None,
        }


@register
class QualificationExpiring(MessageKind):
    """A grant ends before shifts that need it: to the person and those shifts' coordinators, once per grant
    (shifts.teams.alerts). `shift` is the first such shift."""

    slug = "qualification_expiring"
    label = gettext_lazy("qualification expiring")
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


# The registered instances, for the services that record them.
TEAM_AT_RISK = KINDS[TeamAtRisk.slug]
TEAM_OVERDUE = KINDS[TeamOverdue.slug]
TEAM_BACK = KINDS[TeamBack.slug]
TEAM_BACK_RECORDED = KINDS[TeamBackRecorded.slug]
QUALIFICATION_EXPIRING = KINDS[QualificationExpiring.slug]
