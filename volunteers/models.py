import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .languages import language_names
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
    has_driving_licence = models.BooleanField(_("has a driving licence"), default=False)
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
