import zoneinfo
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from volunteers.localised import localised


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (for example Europe/Paris)."), params={"value": value}
        )


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
    # Onboarding: a briefing before a person's first shift here, and the practical guide newcomers get.
    requires_briefing = models.BooleanField(
        _("requires a briefing"),
        default=False,
        help_text=_("A person's first shift here needs a briefing at this site on or before that day."),
    )
    meeting_point = models.TextField(_("meeting point"), blank=True)
    meeting_point_fr = models.TextField(_("meeting point (French)"), blank=True)
    getting_there = models.TextField(_("how to get there"), blank=True, help_text=_("Station, bus, parking."))
    getting_there_fr = models.TextField(_("how to get there (French)"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    what_to_bring_fr = models.TextField(_("what to bring (French)"), blank=True)
    day_phone = models.CharField(
        _("phone on the day"),
        max_length=32,
        blank=True,
        help_text=_("The number to call on the day of a shift (late, lost). The coordinators' phone if empty."),
    )
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
    # Rest rules (sign-up rules `too_many_hours` and `rest`). 0 keeps a site as it was: no limit.
    max_hours_per_day = models.PositiveSmallIntegerField(
        _("most hours a day"),
        default=0,
        help_text=_("The most hours one person may be booked on one day at this site (0: no limit)."),
    )
    rest_after_night_hours = models.PositiveSmallIntegerField(
        _("rest after a night (hours)"),
        default=0,
        help_text=_("Hours of rest after a shift ending between 22:00 and 06:00 before the next one (0: none)."),
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
        return localised(self, "description")

    @property
    def display_meeting_point(self) -> str:
        return localised(self, "meeting_point")

    @property
    def display_getting_there(self) -> str:
        return localised(self, "getting_there")

    @property
    def display_what_to_bring(self) -> str:
        return localised(self, "what_to_bring")

    @property
    def phone_on_the_day(self) -> str:
        return self.day_phone or self.contact_phone

    @property
    def has_practical_guide(self) -> bool:
        return bool(self.meeting_point or self.getting_there or self.what_to_bring or self.day_phone)


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
        _("minimum experience"), default=0, help_text=_("Shifts a volunteer must have attended at this site before.")
    )
    required_languages = models.JSONField(
        _("required languages"), default=list, blank=True, help_text=_("The volunteer must speak at least one.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_briefing = models.BooleanField(
        _("is a briefing"),
        default=False,
        help_text=_("A short session for newcomers before their first shift at the site."),
    )
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
    # Shifts of a mission at a collection point are that point's opening hours (donations.selectors).
    collection_point = models.ForeignKey(
        "CollectionPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("collection point"),
        help_text=_("Its shifts are the point's opening hours, shown to the public while someone is there."),
    )
    is_store = models.BooleanField(
        _("store mission"),
        default=False,
        help_text=_("People confirmed on its shifts may record stock at the site while the shift runs."),
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
        return localised(self, "name")

    @property
    def display_description(self) -> str:
        return localised(self, "description")

    @property
    def display_what_to_bring(self) -> str:
        return localised(self, "what_to_bring")

    @property
    def has_requirements(self) -> bool:
        return bool(self.min_experience or self.required_languages)

    def clean(self):
        super().clean()
        if self.collection_point_id and self.site_id and self.collection_point.site_id != self.site_id:
            raise ValidationError(
                {"collection_point": _("This collection point belongs to another site.")}, code="point_site"
            )


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


# --- Collection points (issue 17): where the public brings donations (the rest of donations: donations/) -----

PARIS_ARRONDISSEMENTS = range(1, 21)


def arrondissement_label(number: int) -> str:
    """'11th arrondissement' / '11e arrondissement', in the active language (only 1 to 20 exist)."""
    if number == 1:
        label = gettext("%(number)dst arrondissement")
    elif number == 2:
        label = gettext("%(number)dnd arrondissement")
    elif number == 3:
        label = gettext("%(number)drd arrondissement")
    else:
        label = gettext("%(number)dth arrondissement")
    return label % {"number": number}


def arrondissement_validators():
    return [MinValueValidator(1), MaxValueValidator(20)]


class CollectionPoint(models.Model):
    """A place in Paris where volunteers receive donations; open while a shift there has someone on it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="collection_points", verbose_name=_("site"))
    arrondissement = models.PositiveSmallIntegerField(
        _("arrondissement"), validators=arrondissement_validators(), help_text=_("1 to 20.")
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    access_notes = models.CharField(_("access notes"), max_length=500, blank=True)
    access_notes_fr = models.CharField(_("access notes (French)"), max_length=500, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive point is never shown to the public.")
    )

    class Meta:
        verbose_name = _("collection point")
        verbose_name_plural = _("collection points")
        ordering = ["arrondissement", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arrondissement__gte=1, arrondissement__lte=20),
                name="sites_collectionpoint_arrondissement_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="sites_collectionpoint_coordinates_valid",
            ),
            models.UniqueConstraint(fields=["site", "name"], name="sites_collectionpoint_name_unique_per_site"),
        ]

    def __str__(self):
        return f"{self.name} ({self.arrondissement})"

    @property
    def arrondissement_label(self) -> str:
        return arrondissement_label(self.arrondissement)

    @property
    def display_access_notes(self) -> str:
        return localised(self, "access_notes")

    @property
    def geo_uri(self) -> str:
        """RFC 5870 link that phones open in their map app, with the point's name as the pin's label."""
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        return f"geo:{lat},{lon}?q={lat},{lon}({quote(self.name)})"


class Accommodation(models.Model):
    """Where a site houses its volunteers (Calais: shared bungalows on a campsite). Its nights are booked
    through stays.services only, which count them under a lock on this row."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="accommodations", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(
        _("address"), max_length=255, help_text=_("Shown to a volunteer only once their stay is confirmed.")
    )
    beds = models.PositiveSmallIntegerField(_("beds"))
    price_per_night = models.DecimalField(_("price per night (euros)"), max_digits=6, decimal_places=2, default=0)
    house_rules = models.TextField(_("house rules"), blank=True)
    house_rules_fr = models.TextField(_("house rules (French)"), blank=True)
    is_active = models.BooleanField(
        _("open"), default=True, help_text=_("Closed accommodation takes no new stays; existing nights stay.")
    )

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        ordering = ["site__position", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(beds__gte=1), name="sites_accommodation_beds_positive"),
            models.CheckConstraint(
                condition=models.Q(price_per_night__gte=0), name="sites_accommodation_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.site.name})"

    @property
    def display_house_rules(self) -> str:
        return localised(self, "house_rules")
