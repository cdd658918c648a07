"""Forms of the coordinators' roster. They check the shape of the input; shifts.services decides."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from shifts.models import Shift, Signup
from sites.models import Mission
from volunteers.validators import birth_date_bounds, validate_plain_name


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class VolunteerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or phone"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same bounds as registration, offered by the date picker too.
        earliest, latest = birth_date_bounds(timezone.localdate())
        self.fields["birth_date"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())


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
    start = forms.DateField(label=_("From"), widget=DateInput)
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=90, initial=14)


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=DateInput)
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.none(),
        required=False,
        empty_label=_("The whole site"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.filter(site=site)


class ShiftEditForm(forms.Form):
    """One shift's time, capacity and notes, in the site's local time."""

    day = forms.DateField(label=_("Day"), widget=DateInput)
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
        from datetime import timedelta

        data = self.cleaned_data
        tz = self.shift.mission.site.tz
        starts_at = datetime.combine(data["day"], data["start_time"], tzinfo=tz)
        end_day = data["day"] + timedelta(days=1) if data["end_time"] <= data["start_time"] else data["day"]
        ends_at = datetime.combine(end_day, data["end_time"], tzinfo=tz)
        return {"starts_at": starts_at, "ends_at": ends_at, "capacity": data["capacity"], "notes": data["notes"]}
