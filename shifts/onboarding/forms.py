from django import forms
from django.utils.translation import gettext_lazy as _


class BuddyForm(forms.Form):
    buddy = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WaiverSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or phone"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class WaiverForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why no briefing is needed"),
        max_length=300,
        help_text=_("For example: briefed on the spot, or a regular of another site who knows this one."),
    )
