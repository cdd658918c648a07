"""Forms of the coordinators' roster. They check the shape of the input; shifts.services decides."""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from shifts.models import Shift, Signup
from sites.models import Mission
from sites.services import CLOSURE_OUT_OF_RANGE
from utopia.inputs import FIRST_DAY, LAST_DAY
from volunteers import services as volunteer_services
from volunteers.validators import birth_date_bounds, validate_plain_name

from . import planning


class DateInput(forms.DateInput):
    """<input type="date">: the browser needs the ISO form (2026-12-03) whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """<input type="time">: 24-hour ISO time (08:30) whatever the page's language."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DayField(forms.DateField):
    """A day between `first` and `last` (by default the roster's FIRST_DAY..LAST_DAY): outside, a form error
    (`message`, or one naming the bounds). The browser's date picker gets the same bounds."""

    widget = DateInput

    def __init__(self, *, first: date = FIRST_DAY, last: date = LAST_DAY, **kwargs):
        super().__init__(**kwargs)
        self.set_bounds(first, last)

    def set_bounds(self, first: date, last: date, message=None) -> None:
        self.first, self.last, self.message = first, last, message
        self.widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.first <= value <= self.last:
            if self.message:
                raise ValidationError(self.message, code="out_of_range")
            raise ValidationError(
                _("Choose a day between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": self.first.isoformat(), "last": self.last.isoformat()},
            )


class VolunteerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or phone"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A name or part of it, or a whole email address or phone number."),
    )


class AssignForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[validate_plain_name])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[validate_plain_name])
    phone = PhoneNumberField(label=_("Phone number"), widget=forms.TextInput(attrs={"type": "tel"}))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput)
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("With an email, they can claim their account later with “Forgot your password?”."),
    )
    charter_read = forms.BooleanField(
        label=_("They have read our charter and accept it"),
        required=False,
        help_text=_("Asked when a charter is published: show it to them (below) before you tick."),
    )
    briefing_waiver = forms.CharField(
        label=_("No briefing needed because (optional)"),
        max_length=300,
        required=False,
        help_text=_("At a site that asks for a briefing before a first shift: for example, briefed on the spot."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same bounds as registration, offered by the date picker too.
        earliest, latest = birth_date_bounds(timezone.localdate())
        self.fields["birth_date"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        try:
            # The bounds of registration; whether they are old enough for this shift is sign_up's to say.
            volunteer_services.validate_birth_date(birth_date=birth_date)
        except ValidationError as error:
            if error.code != "under_18":
                raise
        return birth_date


class MoveForm(forms.Form):
    to_shift = forms.ModelChoiceField(label=_("Move to"), queryset=Shift.objects.none())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_shift"].queryset = choices
        self.fields["to_shift"].label_from_instance = _shift_label


def _shift_label(shift: Shift) -> str:
    start = shift.local_starts_at
    return (
        f"{start:%a %d/%m %H:%M}-{shift.local_ends_at:%H:%M} {shift.mission.display_name} "
        f"({shift.confirmed_count}/{shift.capacity})"
    )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        choices=[(Signup.Attendance.PRESENT, _("present")), (Signup.Attendance.NO_SHOW, _("no-show"))]
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GenerateForm(forms.Form):
    start = DayField(label=_("From"))
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=90, initial=14)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].set_bounds(*planning.planning_window(today), message=planning.OUT_OF_WINDOW)


class ClosureForm(forms.Form):
    date = DayField(label=_("Day"))
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.none(),
        required=False,
        empty_label=_("The whole site"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, site, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.filter(site=site)
        # The bounds of sites.services.close_day, said the same way, before any date arithmetic.
        self.fields["date"].set_bounds(*planning.planning_window(today), message=CLOSURE_OUT_OF_RANGE)


class ShiftEditForm(forms.Form):
    """One shift's time, capacity and notes, in the site's local time."""

    day = DayField(label=_("Day"))
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput)
    end_time = forms.TimeField(
        label=_("End"), widget=TimeInput, help_text=_("An end before the start means the next morning.")
    )
    capacity = forms.IntegerField(label=_("People needed"), min_value=1, max_value=500)
    notes = forms.CharField(label=_("Notes for volunteers"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, shift: Shift, **kwargs):
        self.shift = shift
        start, end = shift.local_starts_at, shift.local_ends_at
        kwargs.setdefault(
            "initial",
            {
                "day": start.date(),
                "start_time": start.time().replace(tzinfo=None),
                "end_time": end.time().replace(tzinfo=None),
                "capacity": shift.capacity,
                "notes": shift.notes,
            },
        )
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        data = self.cleaned_data
        tz = self.shift.mission.site.tz
        starts_at = datetime.combine(data["day"], data["start_time"], tzinfo=tz)
        end_day = data["day"] + timedelta(days=1) if data["end_time"] <= data["start_time"] else data["day"]
        ends_at = datetime.combine(end_day, data["end_time"], tzinfo=tz)
        return {"starts_at": starts_at, "ends_at": ends_at, "capacity": data["capacity"], "notes": data["notes"]}
