"""The messages about teams (safe teams, issue 14), to the site's coordinators and, for an expiring check, the
person. Recorded by the sweeps of shifts.teams.alerts; registered when imported (ShiftsConfig.ready)."""

from django.utils.translation import gettext_lazy

from shifts.messaging.kinds import KINDS, MessageKind, register
from shifts.models import Shift, Signup

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


def _team_with_phones(shift: Shift) -> list[Signup]:
    return list(Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("created_at", "pk"))


@register
class TeamOverdue(CoordinatorsAlert):
    """A team that went out is not back: level 1 after the site's grace, level 2 (with the emergency phone) after a
    second one. News after the shift's end, by email and SMS."""

    slug = "team_overdue"
    label = gettext_lazy("team not back")
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

    slug = "team_back"
    label = gettext_lazy("team back")
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
QUALIFICATION_EXPIRING = KINDS[QualificationExpiring.slug]
