from datetime import timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shifts.services import CANCEL_MESSAGE_MAX
from sites.models import Mission, Site
from utopia.inputs import validate_in_window

# How far ahead the list can be filtered: shifts are planned weeks ahead, and a day near year 9999 would
# overflow the date arithmetic.
FILTER_AHEAD = timedelta(days=2 * 366)


class QuickSelect(forms.Select):
    """A <select> written out in Python, with the same markup as Django's template-rendered one.

    The shift list renders its filters on every request, and Django's select includes a template per
    option: with the missions of every site that was a fifth of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, group_choices, _index in widget["optgroups"]:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in group_choices),
            )
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, options) if group else options)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((part,) for part in parts)),
        )


class _Choices(forms.models.ModelChoiceIterator):
    """Reads the options with one plain query: Django's iterator() opens a server-side cursor on PostgreSQL,
    which costs three more round trips for a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class SiteChoiceField(forms.ModelChoiceField):
    iterator = _Choices


class _MissionsBySite(_Choices):
    """Missions grouped under their site (<optgroup>): the options stay short enough for a phone's width."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict = {}
        for obj in self.queryset:
            groups.setdefault(obj.site.name, []).append(self.choice(obj))
        yield from groups.items()


class MissionChoiceField(forms.ModelChoiceField):
    iterator = _MissionsBySite

    def label_from_instance(self, obj):
        return obj.display_name


class ShiftFilterForm(forms.Form):
    """The filters of /shifts/ (GET). Only checks the shape of the input; an empty form shows everything."""

    site = SiteChoiceField(
        label=_("Site"),
        queryset=Site.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sites"),
        widget=QuickSelect,
        error_messages={"invalid_choice": _("We do not know this site. Choose one from the list.")},
    )
    mission = MissionChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.select_related("site"),
        required=False,
        empty_label=_("All missions"),
        widget=QuickSelect,
        error_messages={"invalid_choice": _("We do not know this mission. Choose one from the list.")},
    )
    date = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_in_window],
        error_messages={"invalid": _("Enter a date, for example 2027-03-28.")},
    )

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day: past shifts are not listed."), code="past")
        if day and day > timezone.localdate() + FILTER_AHEAD:
            raise forms.ValidationError(
                _("Shifts are planned at most two years ahead: choose an earlier day."), code="too_far"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        site, mission = cleaned.get("site"), cleaned.get("mission")
        if site and mission and mission.site_id != site.pk:
            self.add_error(
                "mission",
                _("%(mission)s is not a mission of %(site)s.") % {"mission": mission.display_name, "site": site.name},
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Tie each error to its field for screen readers (the template gives the list this id).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_errors"


class CancelForm(forms.Form):
    """The line a person may leave for the coordinators when cancelling late. Text from outside: a NUL byte or a
    message longer than its column is a form error (Django's CharField refuses NUL), never a 500."""

    message = forms.CharField(required=False, max_length=CANCEL_MESSAGE_MAX, strip=True)
