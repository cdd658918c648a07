"""Languages volunteers may speak, as ISO 639-1 codes. Names are translated for display."""

from django.utils.translation import gettext_lazy as _

SPOKEN_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi, Dari)")),
    ("ps", _("Pashto")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("so", _("Somali")),
    ("ku", _("Kurdish")),
    ("ur", _("Urdu")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("ru", _("Russian")),
]
SPOKEN_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)
# Offered first on the forms (the languages most volunteers and the people we meet speak); the rest are one
# tap away.
COMMON_LANGUAGES = ["fr", "en", "ar", "fa", "ps"]


def language_names(codes):
    return [str(SPOKEN_LANGUAGE_NAMES.get(code, code)) for code in codes]
