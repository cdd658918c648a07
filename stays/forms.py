"""The shape of what a volunteer types about a stay. The rules are stays.services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utopia.inputs import validate_in_window

from .models import Stay
from .selectors import Slot


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class StayDatesForm(forms.Form):
    arrives_on = forms.DateField(label=_("I arrive on"), widget=DateInput(), validators=[validate_in_window])
    leaves_on = forms.DateField(
        label=_("I leave on"),
        widget=DateInput(),
        help_text=_("The day you go home; at most 30 nights."),
        validators=[validate_in_window],
    )
    arrival_time = forms.TimeField(
        label=_("I arrive at about"), required=False, widget=TimeInput(), help_text=_("Local time. Optional.")
    )
    travel = forms.ChoiceField(label=_("I come"), choices=[("", "—"), *Stay.Travel.choices], required=False)
    note = forms.CharField(
        label=_("Anything the coordinators should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        arrives, leaves = cleaned.get("arrives_on"), cleaned.get("leaves_on")
        if arrives and leaves and leaves <= arrives:
            self.add_error("leaves_on", _("The day you leave must come after the day you arrive."))
        return cleaned


class PlanStayForm(StayDatesForm):
    needs_bed = forms.BooleanField(
        label=_("I need a bed"),
        required=False,
        help_text=_("A bed goes with volunteering: each night needs one of your shifts that day or the next."),
    )
    slot = forms.ChoiceField(
        label=_("Book this shift every day of my stay"),
        required=False,
        help_text=_("Optional. You see, day by day, what could be booked."),
    )

    field_order = ["arrives_on", "leaves_on", "needs_bed", "slot", "arrival_time", "travel", "note"]

    def __init__(self, *args, slots: list[Slot], has_beds: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.key: slot for slot in slots}
        self.fields["slot"].choices = [
            ("", _("No, I will choose my shifts myself")),
            *((s.key, s.label) for s in slots),
        ]
        if not slots:
            del self.fields["slot"]
        if not has_beds:
            del self.fields["needs_bed"]

    def clean_slot(self):
        return self.slots.get(self.cleaned_data.get("slot") or "")


class SlotForm(forms.Form):
    slot = forms.ChoiceField(label=_("Which shift"))

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.key: slot for slot in slots}
        self.fields["slot"].choices = [(s.key, s.label) for s in slots]


class RepeatForm(forms.Form):
    """The shifts chosen on the "same shift every day" page, among those it offered."""

    shifts = forms.MultipleChoiceField(label=_("Days to book"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, offered: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = offered  # {shift pk as str: shift}
        self.fields["shifts"].choices = [(pk, str(shift)) for pk, shift in offered.items()]

    def clean_shifts(self):
        return [self.offered[pk] for pk in self.cleaned_data["shifts"]]
