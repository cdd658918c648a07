import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (for example Europe/Paris)."), params={"value": value}
        )


def _localised(obj, field: str) -> str:
    """The French text when the page is in French and one was written, the English one otherwise."""
    if (get_language() or "en").startswith("fr"):
        return getattr(obj, f"{field}_fr") or getattr(obj, field)
    return getattr(obj, field)


class Site(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris", validators=[validate_timezone])
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    contact_phone = models.CharField(_("coordinators' phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("coordinators' email"), blank=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder hours"), default=24, help_text=_("How long before a shift its volunteers are reminded.")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_sites", blank=True, verbose_name=_("coordinators")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Safe teams (issue 14). The defaults keep a site as it was: no alert reaches anyone who did not ask for one.
    team_alert_hours = models.PositiveSmallIntegerField(
        _("team alert hours"),
        default=24,
        help_text=_("How long before a shift its coordinators are told that its team is at risk."),
    )
    return_grace_minutes = models.PositiveSmallIntegerField(
        _("return grace (minutes)"),
        default=30,
        help_text=_("How long after its end a team that went out may take to say it is back before an alert."),
    )
    emergency_phone = models.CharField(
        _("emergency phone"),
        max_length=32,
        blank=True,
        help_text=_("The organisation's emergency line, given when a team is still not back."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def display_description(self) -> str:
        return _localised(self, "description")


class Mission(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="missions", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"))
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    what_to_bring = models.CharField(_("what to bring"), max_length=255, blank=True)
    what_to_bring_fr = models.CharField(_("what to bring (French)"), max_length=255, blank=True)
    min_experience = models.PositiveSmallIntegerField(
        _("minimum experience"), default=0, help_text=_("Shifts a volunteer must have attended before.")
    )
    required_languages = models.JSONField(
        _("required languages"), default=list, blank=True, help_text=_("The volunteer must speak at least one.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Safe teams (issue 14): what each person needs, and what the team as a whole needs to run.
    required_qualifications = models.ManyToManyField(
        "volunteers.Qualification",
        related_name="required_by_missions",
        blank=True,
        verbose_name=_("required qualifications"),
        help_text=_("Everyone on the shift must hold these, valid on the day of the shift."),
    )
    min_to_run = models.PositiveSmallIntegerField(
        _("people needed to run"),
        default=1,
        help_text=_("Below this many confirmed people, the shift is at risk (a minor is never with one adult alone)."),
    )
    needs_experienced = models.BooleanField(
        _("needs an experienced volunteer"),
        default=False,
        help_text=_("At least one confirmed person who has done 3 shifts or more at this site."),
    )
    needs_safe_return = models.BooleanField(
        _("safe return check"),
        default=False,
        help_text=_("The team says when it leaves and when it is back; the coordinators are alerted if it is late."),
    )

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["site__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="sites_mission_slug_unique_per_site"),
            models.CheckConstraint(condition=models.Q(min_to_run__gte=1), name="sites_mission_min_to_run_positive"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.site.name})"

    @property
    def display_name(self) -> str:
        return _localised(self, "name")

    @property
    def display_description(self) -> str:
        return _localised(self, "description")

    @property
    def display_what_to_bring(self) -> str:
        return _localised(self, "what_to_bring")

    @property
    def has_requirements(self) -> bool:
        return bool(self.min_experience or self.required_languages)


class TeamNeed(models.Model):
    """A mission's team needs `count` confirmed people holding `qualification` (a team lead, a driver)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="team_needs", verbose_name=_("mission"))
    qualification = models.ForeignKey(
        "volunteers.Qualification", on_delete=models.PROTECT, related_name="team_needs", verbose_name=_("qualification")
    )
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        verbose_name = _("team need")
        verbose_name_plural = _("team needs")
        ordering = ["mission", "qualification__position"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "qualification"], name="sites_teamneed_one_per_qualification"),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="sites_teamneed_count_positive"),
        ]

    def __str__(self):
        return f"{self.mission}: {self.count} × {self.qualification}"


class Closure(models.Model):
    """A day a site (or one of its missions) does not run: no shift is generated for it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closures", verbose_name=_("site"))
    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, null=True, blank=True, related_name="closures", verbose_name=_("mission")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        # Two partial constraints, not one over (site, mission, date): NULL missions are distinct in SQL,
        # so a single constraint would let a whole-site closure be recorded twice for the same day.
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date"], condition=models.Q(mission=None), name="sites_closure_one_site_closure_per_day"
            ),
            models.UniqueConstraint(
                fields=["site", "mission", "date"],
                condition=models.Q(mission__isnull=False),
                name="sites_closure_one_mission_closure_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.date}"
