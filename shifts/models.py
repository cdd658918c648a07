from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.models import Message
from sites.models import Mission


class ShiftTemplate(models.Model):
    """One slot of a site's weekly pattern, in the site's local wall-clock time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="templates", verbose_name=_("mission"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), help_text=_("An end before the start means the next morning."))
    capacity = models.PositiveSmallIntegerField(_("people needed"), default=1)
    notes = models.TextField(_("notes for volunteers"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("weekly template")
        verbose_name_plural = _("weekly templates")
        ordering = ["mission", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shifts_shifttemplate_capacity_positive"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="shifts_shifttemplate_weekday_valid"
            ),
            models.CheckConstraint(condition=~Q(start_time=F("end_time")), name="shifts_shifttemplate_not_empty"),
            models.UniqueConstraint(
                fields=["mission", "weekday", "start_time"], name="shifts_shifttemplate_unique_slot"
            ),
        ]

    def __str__(self):
        return f"{self.mission.display_name} {self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def ends_next_day(self) -> bool:
        return self.end_time <= self.start_time


class ShiftQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_at__gt=timezone.now(), is_cancelled=False)

    def with_counts(self):
        """Annotate `waitlisted_count`. A correlated subquery rather than a JOIN and GROUP BY: the database
        counts only for the rows it returns, and a paginator's COUNT(*) does not join at all."""
        waiting = (
            Signup.objects.filter(shift=OuterRef("pk"), status=Signup.Status.WAITLISTED)
            .order_by()
            .values("shift")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waitlisted_count=Coalesce(Subquery(waiting), 0))

    def on_local_day(self, site, day):
        """Shifts of `site` starting on `day` in the site's own time zone."""
        start = datetime.combine(day, datetime.min.time(), tzinfo=site.tz)
        return self.filter(mission__site=site, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))


class Shift(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("mission"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("people needed"), default=1)
    notes = models.TextField(_("notes for volunteers"), blank=True)
    # Maintained by shifts.services under a row lock; the check constraint below makes overbooking
    # impossible even for code that forgets the lock.
    confirmed_count = models.PositiveSmallIntegerField(_("confirmed"), default=0, editable=False)
    template = models.ForeignKey(
        ShiftTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts", editable=False
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "mission__position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shifts_shift_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shifts_shift_capacity_positive"),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="shifts_shift_confirmed_within_capacity"
            ),
            # Generating from the same template twice never creates the same shift twice.
            models.UniqueConstraint(
                fields=["template", "starts_at"],
                condition=Q(template__isnull=False),
                name="shifts_shift_unique_per_template",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="shifts_shift_starts_idx"),
            models.Index(fields=["mission", "starts_at"], name="shifts_shift_mission_idx"),
            # A volunteer's sign-ups joined to their shifts' times without reading the shift rows: PostgreSQL
            # then looks up each of the person's few hundred shifts (an index-only scan) instead of hashing
            # every upcoming shift, for /me/shifts/ (its counts and pages).
            models.Index(
                fields=["id"],
                include=["starts_at", "ends_at", "mission", "is_cancelled"],
                name="shifts_shift_times_idx",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at, self.site.tz)
        return f"{self.mission.display_name}, {local:%Y-%m-%d %H:%M}"

    @property
    def site(self):
        return self.mission.site

    @property
    def local_starts_at(self) -> datetime:
        return timezone.localtime(self.starts_at, self.mission.site.tz)

    @property
    def local_ends_at(self) -> datetime:
        return timezone.localtime(self.ends_at, self.mission.site.tz)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class SignupQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Signup.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Signup.Status.CONFIRMED)


class Signup(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("not recorded")
        PRESENT = "present", _("present")
        NO_SHOW = "no_show", _("no-show")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift"))
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signups", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
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
    is_late_cancellation = models.BooleanField(_("late cancellation"), default=False)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    note = models.TextField(_("coordinator's note"), blank=True)
    coming_confirmed_at = models.DateTimeField(_("said they are coming at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # A sweep claims a reminder by stamping this before sending; a stale claim (worker killed) expires.
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_attempts = models.PositiveSmallIntegerField(_("reminder attempts"), default=0)
    reminder_last_error = models.CharField(_("last reminder error"), max_length=255, blank=True)
    # An experienced volunteer on the same shift who looks after a first-timer (shifts.services.set_buddy).
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_signups",
        verbose_name=_("buddy"),
    )

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=~Q(status="cancelled"),
                name="shifts_signup_one_active_per_volunteer",
            ),
            models.CheckConstraint(condition=~Q(buddy=F("volunteer")), name="shifts_signup_buddy_not_self"),
        ]
        indexes = [
            models.Index(fields=["shift", "status", "created_at"], name="shifts_signup_shift_idx"),
            models.Index(fields=["volunteer", "status"], name="shifts_signup_volunteer_idx"),
        ]

    def __str__(self):
        return f"{self.volunteer} - {self.shift} ({self.get_status_display()})"


class Notification(Message):
    """One message to one person, recorded before it is sent so it goes out once and is never lost (outbox.Message).

    `kind` names a message kind registered at start-up by the part that owns it (shifts.messaging.kinds: what it
    says, to whom, by which channels); a new kind needs no migration."""

    kind = models.CharField(_("kind"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    # Whatever makes this message unique (kind, recipient, the event): a second enqueue is a no-op.
    dedupe_key = models.CharField(max_length=200, unique=True)
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="shifts_notif_due_idx")]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class TeamWatch(models.Model):
    """What the coordinators were told about a shift's team, and whether a night team is out or back.

    One row per shift that needed it (created on first use). Each alert is claimed here with a conditional
    UPDATE in the transaction that records its messages (shifts/teams/alerts.py), so two sweeps never send it
    twice and a crash before the commit leaves it due for the next sweep.
    """

    shift = models.OneToOneField(
        Shift, on_delete=models.CASCADE, primary_key=True, related_name="team_watch", verbose_name=_("shift")
    )
    # The risk codes last told to the coordinators, comma-separated in a fixed order ("" = none told).
    alerted_risks = models.CharField(_("risks last told"), max_length=500, blank=True)
    alerted_at = models.DateTimeField(_("last risk alert"), null=True, blank=True)
    alert_count = models.PositiveIntegerField(_("risk alerts"), default=0)
    out_at = models.DateTimeField(_("team left at"), null=True, blank=True)
    out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded leaving"),
    )
    back_at = models.DateTimeField(_("team back at"), null=True, blank=True)
    back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded back"),
    )
    overdue_alerted_at = models.DateTimeField(_("overdue alert"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("second overdue alert"), null=True, blank=True)

    class Meta:
        verbose_name = _("team watch")
        verbose_name_plural = _("team watches")
        constraints = [
            models.CheckConstraint(
                condition=Q(back_at=None) | Q(out_at__isnull=False, back_at__gte=F("out_at")),
                name="shifts_teamwatch_back_after_out",
            ),
            models.CheckConstraint(
                condition=Q(escalated_at=None) | Q(overdue_alerted_at__isnull=False),
                name="shifts_teamwatch_escalation_after_alert",
            ),
        ]
        indexes = [models.Index(fields=["out_at", "back_at"], name="shifts_teamwatch_out_idx")]

    def __str__(self):
        return str(self.shift)

    @property
    def is_out(self) -> bool:
        return self.out_at is not None and self.back_at is None


class BriefingWaiver(models.Model):
    """A coordinator decided that a person needs no briefing at a site (shifts.services.waive_briefing)."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_waivers", verbose_name=_("volunteer")
    )
    site = models.ForeignKey(
        "sites.Site", on_delete=models.CASCADE, related_name="briefing_waivers", verbose_name=_("site")
    )
    reason = models.CharField(_("reason"), max_length=300)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("waived by"),
    )
    created_at = models.DateTimeField(_("waived at"), default=timezone.now)

    class Meta:
        verbose_name = _("briefing waiver")
        verbose_name_plural = _("briefing waivers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "site"], name="shifts_briefingwaiver_once_per_site"),
            models.CheckConstraint(condition=~Q(reason=""), name="shifts_briefingwaiver_reason_given"),
        ]

    def __str__(self):
        return f"{self.volunteer} - {self.site}"
