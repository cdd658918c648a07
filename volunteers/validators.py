"""Checks on what people type about themselves, shared by the model (every path: registration, /me/, walk-ins,
admin) and the forms (a message on the field)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ADULT_AGE = 18
MAX_AGE = 100

# Control characters (C0, DEL, C1: tabs and line breaks among them), the Unicode line and paragraph
# separators, and the bidirectional overrides and isolates that make a name read differently from what it
# is. Zero-width joiners stay: Persian and Indic names need them.
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@deconstructible
class PlainNameValidator:
    message = _("A name cannot contain line breaks, tabs or other control characters.")
    code = "control_characters"

    def __call__(self, value):
        if value and _NOT_IN_A_NAME.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlainNameValidator)


validate_plain_name = PlainNameValidator()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def is_adult_on(birth_date: date, day: date) -> bool:
    """18 or older on `day`; someone born on 29 February turns a year older on 1 March."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1) >= ADULT_AGE


def birth_date_bounds(today: date) -> tuple[date, date]:
    """The earliest and latest dates a date-of-birth field offers (the `min` and `max` of the input)."""
    return years_before(today, MAX_AGE), today


def validate_birth_date(*, birth_date: date, today: date) -> None:
    """Field work is for adults: refuse a birth date in the future, too far back, or under 18 today."""
    if birth_date > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if birth_date < years_before(today, MAX_AGE):
        raise ValidationError(
            _("Please check the date of birth: it is more than %(years)d years ago."),
            code="too_old",
            params={"years": MAX_AGE},
        )
    if not is_adult_on(birth_date, today):
        raise ValidationError(
            _(
                "You must be %(age)d or older to volunteer with us: our field work is for adults only. "
                "Nothing has been saved."
            ),
            code="under_18",
            params={"age": ADULT_AGE},
        )
