"""Dates and numbers from outside (URLs, query strings, forms, API filters): one parser, one window.

Every value a person or a client types is read here. A day outside FIRST_DAY..LAST_DAY is refused, so no
page ever does date arithmetic near year 1 or 9999 (a day after 9999-12-31 does not exist) and no number
overflows a column. Views turn `InputRefused` into a 404/400 or a form error; nothing else parses.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The days any URL, filter or form may name.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
# The largest row id a URL or query string may name (PostgreSQL's integer).
MAX_ID = 2_147_483_647


class InputRefused(ValueError):
    """A value from outside that is not what the page asks for, or outside the window."""


def in_window(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def validate_in_window(day) -> None:
    """A form field's validator (`forms.DateField(validators=[validate_in_window])`): a day outside the window is a
    form error with the same words as parse_day's refusal."""
    if day is not None and not in_window(day):
        raise ValidationError(
            _("Choose a day between %(first)s and %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY},
            code="out_of_window",
        )


def parse_day(value) -> date:
    """`YYYY-MM-DD` within FIRST_DAY..LAST_DAY, or InputRefused."""
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError as error:
        raise InputRefused(_("Not a date (YYYY-MM-DD).")) from error
    if not in_window(day):
        raise InputRefused(_("Choose a day between %(first)s and %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY})
    return day


def parse_month(value) -> date:
    """`YYYY-MM` within the window, as the first day of that month, or InputRefused."""
    text = str(value or "").strip()
    if len(text) != 7 or text[4] != "-":
        raise InputRefused(_("Not a month (YYYY-MM)."))
    return parse_day(f"{text}-01")


def parse_int(value, *, lo: int, hi: int) -> int:
    """A whole number within lo..hi (bounds included), or InputRefused. Never a 20-digit number."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 12 or not text.lstrip("-").isdigit():
        raise InputRefused(_("Not a whole number."))
    number = int(text)
    if not lo <= number <= hi:
        raise InputRefused(_("Choose a number between %(lo)s and %(hi)s.") % {"lo": lo, "hi": hi})
    return number


class DayConverter:
    """`<day:name>` in a URL: a day within the window, or the URL does not match (404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        try:
            return parse_day(value)
        except InputRefused as error:
            raise ValueError(str(error)) from error

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)
