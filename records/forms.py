from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CertificateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=settings.LANGUAGES)
