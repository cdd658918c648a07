import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .languages import language_names
from .localised import in_language, localised
from .validators import ADULT_AGE, validate_plain_name


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class VolunteerManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Volunteer(AbstractUser):
    """A person: volunteers, coordinators and admins alike. They log in with their email."""

    username = None
    email = models.EmailField(_("email address"), unique=True, blank=True, null=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_plain_name])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_plain_name])
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = PhoneNumberField(_("phone number"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    emergency_contact_name = models.CharField(
        _("emergency contact name"), max_length=150, blank=True, validators=[validate_plain_name]
    )
    emergency_contact_phone = PhoneNumberField(_("emergency contact phone"), blank=True)
    preferred_language = models.CharField(
        _("language for messages"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    sms_reminders = models.BooleanField(_("also remind me by text message"), default=False)
    urgent_calls = models.BooleanField(_("I can be called on when a shift is short of people"), default=False)
    signup_confirmations = models.BooleanField(_("confirm my own sign-ups and cancellations by email"), default=True)
    # Moved when a logout could not remove the session's copy in the cache (Redis failing at that moment):
    # it changes the session hash, so that copy, and the person's other sessions, no longer log anyone in.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    is_walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Added on the spot by a coordinator; may claim the account later.")
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = VolunteerManager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["first_name", "last_name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="volunteers_volunteer_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email or _("Volunteer #%(pk)s") % {"pk": self.pk}

    def clean(self):
        super().clean()
        # AbstractUser.clean() turns a missing email into "", which the unique constraint would then
        # allow only once; people without an address (walk-ins, erased accounts) keep NULL.
        self.email = self.email.strip().lower() if self.email else None

    def _get_session_auth_hash(self, secret=None):
        base = super()._get_session_auth_hash(secret=secret)
        if not self.session_epoch:
            return base  # the hash every session already holds
        return salted_hmac(
            "volunteers.Volunteer.session_epoch", f"{base}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`; someone born on 29 February turns a year older on 1 March."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        had_birthday = (day.month, day.day) >= (born.month, born.day)
        return day.year - born.year - (0 if had_birthday else 1)

    def is_adult_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age is not None and age >= ADULT_AGE

    @property
    def public_name(self) -> str:
        """What other volunteers may see: first name and the initial of the last name."""
        if self.anonymised_at:
            return str(_("Former volunteer"))
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip() or str(_("A volunteer"))

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def coordinates_a_site(self) -> bool:
        """Whether they coordinate any site (the nav shows the roster link). The logged-in user of a request
        arrives with it already loaded (volunteers.backends), so a page does not spend a query on it."""
        known = getattr(self, "_coordinates_a_site", None)
        if known is None:
            known = self._coordinates_a_site = self.pk is not None and self.coordinated_sites.exists()
        return known


class Charter(models.Model):
    """What the organisation asks of its volunteers, one row per version. Published versions are not edited:
    people accepted that text. An admin writes the next version and publishes it (volunteers.charter)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"), help_text=_("One paragraph per line break; shown as written."))
    text_fr = models.TextField(_("text (French)"), blank=True)
    changes = models.TextField(
        _("what changed"), blank=True, help_text=_("A few words for those who accepted the previous version.")
    )
    changes_fr = models.TextField(_("what changed (French)"), blank=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False, help_text=_("Empty while it is a draft.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charter versions")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(condition=models.Q(version__gte=1), name="volunteers_charter_version_positive"),
        ]

    def __str__(self):
        return str(_("Charter, version %(version)d") % {"version": self.version})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def display_text(self) -> str:
        return localised(self, "text")

    @property
    def display_changes(self) -> str:
        return localised(self, "changes")

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.display_text.splitlines() if line.strip()]


class CharterAcceptance(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="charter_acceptances", verbose_name=_("volunteer")
    )
    charter = models.ForeignKey(
        Charter, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("charter")
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    # Set when a coordinator confirmed that the person read it (a walk-in added on the spot).
    recorded_by = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("charter acceptance")
        verbose_name_plural = _("charter acceptances")
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "charter"], name="volunteers_charteracceptance_once"),
        ]

    def __str__(self):
        return f"{self.volunteer} - {self.charter}"


# --- Qualifications -------------------------------------------------------------------------------
# GDPR article 10: the organisation may note that a staff member saw a check (a criminal-record extract, a
# sworn statement), when, by whom and until when it is trusted; never the document, its content or any
# conviction. So these models have no file or image field and no free text meant for what a document says
# (tests/volunteers/test_qualification_fields.py inspects them).


class Qualification(models.Model):
    """Something a mission may need: checked by staff (safeguarding, team lead) or declared by the person."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    needs_check = models.BooleanField(
        _("checked by staff"),
        default=False,
        help_text=_("On: only a coordinator or an admin may grant it. Off: volunteers declare it themselves."),
    )
    validity_days = models.PositiveIntegerField(
        _("valid for (days)"), null=True, blank=True, help_text=_("Empty: valid until revoked.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_fr)


class QualificationGrantQuerySet(models.QuerySet):
    def active(self):
        """Not revoked (they may still have expired: see valid_on)."""
        return self.filter(revoked_at=None)

    def valid_on(self, day: date):
        return self.active().filter(models.Q(valid_until=None) | models.Q(valid_until__gte=day), granted_on__lte=day)


class QualificationGrant(models.Model):
    """That a person holds a qualification: who recorded it, when, until when. Revoked rows are kept (the record)."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="qualification_grants", verbose_name=_("volunteer")
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="grants", verbose_name=_("qualification")
    )
    granted_by = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("What was seen and how (for example: bulletin n°3 and sworn statement). Never what it says."),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    # The 30-day notice before it expires: claimed (set) in the transaction that records the messages.
    expiry_notice_at = models.DateTimeField(_("expiry notice recorded at"), null=True, blank=True, editable=False)

    objects = QualificationGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        ordering = ["-granted_on", "-pk"]
        constraints = [
            # One standing grant per person and qualification; a renewal revokes the previous one.
            models.UniqueConstraint(
                fields=["volunteer", "qualification"],
                condition=models.Q(revoked_at=None),
                name="volunteers_qualificationgrant_one_active",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until=None) | models.Q(valid_until__gte=models.F("granted_on")),
                name="volunteers_qualificationgrant_valid_after_granted",
            ),
        ]
        indexes = [models.Index(fields=["valid_until"], name="volunteers_grant_until_idx")]

    def __str__(self):
        return f"{self.qualification} · {self.volunteer}"

    def is_valid_on(self, day: date) -> bool:
        return (
            self.revoked_at is None and self.granted_on <= day and (self.valid_until is None or self.valid_until >= day)
        )


class CheckRequest(models.Model):
    """A volunteer asks the coordinators of a site to check a qualification (to see their documents)."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting")
        GRANTED = "granted", _("granted")
        DECLINED = "declined", _("closed without a grant")
        WITHDRAWN = "withdrawn", _("withdrawn")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="check_requests", verbose_name=_("volunteer")
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="check_requests", verbose_name=_("qualification")
    )
    site = models.ForeignKey(
        "sites.Site", on_delete=models.CASCADE, related_name="check_requests", verbose_name=_("site")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )

    class Meta:
        verbose_name = _("check request")
        verbose_name_plural = _("check requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "qualification"],
                condition=models.Q(status="open"),
                name="volunteers_checkrequest_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.qualification} · {self.volunteer} ({self.site})"
