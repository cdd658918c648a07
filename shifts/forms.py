from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.models import Mission, Site


class MissionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.site.name})"


class ShiftFilterForm(forms.Form):
    """The filters of /shifts/ (GET). Only checks the shape of the input; an empty form shows everything."""

    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sites"),
        error_messages={"invalid_choice": _("We do not know this site. Choose one from the list.")},
    )
    mission = MissionChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.select_related("site"),
        required=False,
        empty_label=_("All missions"),
        error_messages={"invalid_choice": _("We do not know this mission. Choose one from the list.")},
    )
    date = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2027-03-28.")},
    )

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day: past shifts are not listed."), code="past")
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
