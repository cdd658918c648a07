from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    # Not required here: the service says what a missing name means.
    name = forms.CharField(label=_("Name of a new token"), max_length=80, required=False)
