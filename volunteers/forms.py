"""Forms check the shape of what people type; volunteers.services decides what is allowed."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from . import charter as charters
from . import services
from .languages import COMMON_LANGUAGES, SPOKEN_LANGUAGES
from .validators import validate_plain_name

PHONE_ERROR = _(
    "Enter a valid phone number, for example 06 12 34 56 78, "
    "or an international number starting with + and the country code (for example +44 7911 123456)."
)


def phone_field(label, *, autocomplete="tel", error_messages=None, **kwargs) -> PhoneNumberField:
    return PhoneNumberField(
        label=label,
        error_messages=error_messages or {"invalid": PHONE_ERROR},
        widget=RegionalPhoneNumberWidget(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


def _current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class BirthDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProfileFieldsForm(forms.Form):
    """The fields a person fills in about themselves, at registration and on /me/."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        validators=[validate_plain_name],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        validators=[validate_plain_name],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = phone_field(_("Mobile phone"), help_text=_("Coordinators call this number if a shift changes."))
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Some missions need someone who speaks one of the languages of the people we meet."),
    )
    # Optional until a shift needs it (a night or a maraude): the sign-up rules ask for it then, in one step.
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact: name"),
        max_length=150,
        required=False,
        validators=[validate_plain_name],
        help_text=_("Someone we can call if something happens to you in the field."),
    )
    emergency_contact_phone = phone_field(_("Emergency contact: phone"), autocomplete="off", required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"), choices=settings.LANGUAGES, required=False
    )
    sms_reminders = forms.BooleanField(label=_("Also remind me of my shifts by text message"), required=False)
    urgent_calls = forms.BooleanField(
        label=_("Contact me when a shift is short of people at the last minute"), required=False
    )

    @property
    def common_languages(self) -> list[str]:
        """The languages offered first; the others wait in a collapsed list (templates/volunteers/_languages.html)."""
        return COMMON_LANGUAGES

    @property
    def other_languages_open(self) -> bool:
        """Open the list of other languages when one of them is chosen, so nobody loses sight of their choice."""
        chosen = self["languages"].value() or []
        return any(code not in COMMON_LANGUAGES for code in chosen)

    def clean_preferred_language(self):
        return self.cleaned_data.get("preferred_language") or _current_language()

    def clean_emergency_contact_phone(self):
        contact = self.cleaned_data.get("emergency_contact_phone")
        if contact and contact == self.cleaned_data.get("phone"):
            raise ValidationError(_("The emergency contact needs a phone number other than yours."), code="same_phone")
        return contact

    def clean(self):
        cleaned = super().clean()
        # A name without a number (or the reverse) reaches nobody.
        name, phone = cleaned.get("emergency_contact_name"), cleaned.get("emergency_contact_phone")
        if "emergency_contact_name" in self.fields and bool(name) != bool(phone):
            missing = "emergency_contact_phone" if name else "emergency_contact_name"
            if missing not in self.errors:
                self.add_error(missing, _("Give both the name and the phone number of your emergency contact."))
        return cleaned


class VolunteerSignupForm(ProfileFieldsForm):
    """allauth builds its signup form on top of this one (ACCOUNT_SIGNUP_FORM_CLASS): allauth adds
    email, password1 and password2; volunteers.adapter.VolunteerAccountAdapter saves through
    volunteers.services.register."""

    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=BirthDateInput(attrs={"autocomplete": "bday"}),
        input_formats=["%Y-%m-%d"],
        help_text=_("Volunteers must be 18 or older."),
        error_messages={"invalid": _("Enter the date as year-month-day, for example 1990-05-17.")},
    )
    # Registration asks only what a first booking needs (seven inputs with allauth's email and password): the
    # rest is on /me/, and what a shift needs (an emergency contact before a night) is asked before that shift.
    LATER = ("languages", "emergency_contact_name", "emergency_contact_phone", "preferred_language")
    LATER_SETTINGS = ("sms_reminders", "urgent_calls")

    field_order = ["first_name", "last_name", "email", "password1", "birth_date", "phone", "charter", "charter_version"]

    charter = forms.BooleanField(
        label=_("I have read the charter and I accept it"),
        error_messages={"required": _("Please read the charter and tick the box to accept it.")},
    )
    # The version shown, so nobody accepts a text published after the page was opened.
    charter_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With no charter published, nothing is asked.
        self.current_charter = charters.current_charter()
        if self.current_charter is None:
            del self.fields["charter"], self.fields["charter_version"]
        else:
            self.fields["charter_version"].initial = self.current_charter.version
        today = services.local_today()
        widget = self.fields["birth_date"].widget
        widget.attrs["max"] = today.isoformat()
        widget.attrs["min"] = services.years_before(today, services.MAX_AGE).isoformat()
        for name in (*self.LATER, *self.LATER_SETTINGS):
            del self.fields[name]

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        services.validate_birth_date(birth_date=birth_date)
        return birth_date

    def clean(self):
        cleaned = super().clean()
        if "charter" in self.fields and cleaned.get("charter_version") != self.current_charter.version:
            # Show the form again with the new text, and this time its version.
            self.data = self.data.copy()
            self.data[self.add_prefix("charter_version")] = str(self.current_charter.version)
            self.add_error(
                "charter",
                ValidationError(
                    _("The charter has just been updated: please read the new version and tick the box again."),
                    code="charter_changed",
                ),
            )
        return cleaned

    @property
    def accepted_charter(self):
        """The version the person accepted, once the form is valid (None when no charter is published)."""
        return self.current_charter if "charter" in self.fields else None

    def profile_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in services.REGISTRATION_FIELDS}
        # Someone who registered reading a language reads it: their messages come in it, and it is the first of
        # the languages they speak (both changed on /me/).
        data["preferred_language"] = _current_language()
        data["languages"] = [_current_language()]
        return data

    def signup(self, request, user):
        """allauth's hook after saving; the adapter already stored everything in one go."""


class ProfileForm(ProfileFieldsForm):
    """/me/. The date of birth appears only while it is missing (accounts created on the spot)."""

    signup_confirmations = forms.BooleanField(
        label=_("Email me a confirmation (with a calendar file) when I sign up for a shift or cancel"),
        required=False,
    )

    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=BirthDateInput(attrs={"autocomplete": "bday"}),
        input_formats=["%Y-%m-%d"],
        required=False,
        help_text=_("Volunteers must be 18 or older. Once saved, only a coordinator can change it."),
        error_messages={"invalid": _("Enter the date as year-month-day, for example 1990-05-17.")},
    )

    def __init__(self, *args, volunteer, **kwargs):
        self.volunteer = volunteer
        if "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(volunteer, name) for name in services.PROFILE_FIELDS}
        super().__init__(*args, **kwargs)
        if volunteer.birth_date is not None:
            del self.fields["birth_date"]

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date is not None:
            services.validate_birth_date(birth_date=birth_date)
        return birth_date

    def changes(self) -> dict:
        return dict(self.cleaned_data)


class EmergencyContactForm(forms.Form):
    """The one short step a night or a maraude asks for (shifts.rules' emergency_contact), on the shift's page:
    both fields, saved through volunteers.services.update_profile by the same tap that books the shift."""

    emergency_contact_name = forms.CharField(
        label=_("Emergency contact: name"),
        max_length=150,
        validators=[validate_plain_name],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Give both the name and the phone number of your emergency contact.")},
    )
    emergency_contact_phone = phone_field(
        _("Emergency contact: phone"),
        autocomplete="off",
        error_messages={
            "invalid": PHONE_ERROR,
            "required": _("Give both the name and the phone number of your emergency contact."),
        },
    )

    def __init__(self, *args, volunteer, **kwargs):
        self.volunteer = volunteer
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_emergency_contact_phone(self):
        contact = self.cleaned_data["emergency_contact_phone"]
        if contact == self.volunteer.phone:
            raise ValidationError(_("The emergency contact needs a phone number other than yours."), code="same_phone")
        return contact


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, volunteer, **kwargs):
        self.volunteer = volunteer
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.volunteer.check_password(password):
            raise ValidationError(
                _("This is not your current password. Nothing has been erased."), code="wrong_password"
            )
        return password
