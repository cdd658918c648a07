"""A volunteer's stay at a site, and the bed-nights it holds where the site houses volunteers."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.models import Accommodation, Site


def nights_of(arrives_on: date, leaves_on: date) -> list[date]:
    """The nights from `arrives_on` to `leaves_on`: each is named by the evening it starts."""
    return [arrives_on + timedelta(days=offset) for offset in range((leaves_on - arrives_on).days)]


class StayQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Stay.Status.CONFIRMED)


class Stay(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    class Travel(models.TextChoices):
        TRAIN = "train", _("by train")
        BUS = "bus", _("by coach")
        CAR = "car", _("by car")
        CARPOOL = "carpool", _("by car-share")
        OTHER = "other", _("another way")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stays", verbose_name=_("volunteer")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="stays", verbose_name=_("site"))
    arrives_on = models.DateField(_("arrives on"))
    leaves_on = models.DateField(_("leaves on"))
    needs_bed = models.BooleanField(_("needs a bed"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    arrival_time = models.TimeField(_("arrival time"), null=True, blank=True)
    travel = models.CharField(_("coming"), max_length=16, choices=Travel.choices, blank=True)
    note = models.TextField(_("note for the coordinators"), blank=True)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # A sweep claims the reminder by stamping this before sending (a conditional UPDATE), so two workers
    # never send it twice; a stale claim (worker killed mid-send) expires and the next sweep sends it.
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_attempts = models.PositiveSmallIntegerField(_("reminder attempts"), default=0)
    reminder_last_error = models.CharField(_("last reminder error"), max_length=255, blank=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["arrives_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(leaves_on__gt=F("arrives_on")), name="stays_stay_leaves_after_arrival"),
        ]
        indexes = [
            models.Index(fields=["site", "arrives_on"], name="stays_stay_site_arrives_idx"),
            models.Index(fields=["site", "leaves_on"], name="stays_stay_site_leaves_idx"),
            models.Index(fields=["volunteer", "status", "arrives_on"], name="stays_stay_volunteer_idx"),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.site.name}, {self.arrives_on:%Y-%m-%d} → {self.leaves_on:%Y-%m-%d}"

    @property
    def nights(self) -> int:
        return (self.leaves_on - self.arrives_on).days

    @property
    def night_dates(self) -> list[date]:
        return nights_of(self.arrives_on, self.leaves_on)

    @property
    def days(self) -> list[date]:
        """Every day the person is at the site, the day they leave included."""
        return [*self.night_dates, self.leaves_on]

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class StayNight(models.Model):
    """One bed for one night: the stay holds bed `bed` of `accommodation` on the night starting `night`.

    Why one row per bed-night rather than a counter per night: the unique (accommodation, night, bed) is
    the database's own guarantee that one bed never holds two people, even for code that skips the lock,
    and the rows say who sleeps where, which the coordinators' list for the campsite needs. The number of
    beds bounds the bed numbers: stays.services picks them (1..beds) under a row lock on the accommodation,
    so concurrent stays count the same nights one after the other, and lowering an accommodation's beds
    below a bed still taken is refused (stays.services.change_beds).
    """

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="bed_nights", verbose_name=_("stay"))
    accommodation = models.ForeignKey(
        Accommodation, on_delete=models.PROTECT, related_name="nights", verbose_name=_("accommodation")
    )
    night = models.DateField(_("night of"))
    bed = models.PositiveSmallIntegerField(_("bed"))

    class Meta:
        verbose_name = _("bed-night")
        verbose_name_plural = _("bed-nights")
        ordering = ["night", "accommodation", "bed"]
        constraints = [
            models.UniqueConstraint(
                fields=["accommodation", "night", "bed"], name="stays_staynight_one_sleeper_per_bed"
            ),
            models.UniqueConstraint(fields=["stay", "night"], name="stays_staynight_one_bed_per_night"),
            models.CheckConstraint(condition=Q(bed__gte=1), name="stays_staynight_bed_positive"),
        ]

    def __str__(self):
        return f"{self.night:%Y-%m-%d} {self.accommodation.name} #{self.bed}"
