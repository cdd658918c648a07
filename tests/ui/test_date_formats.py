"""English pages write dates the European way ("Tue 8 Dec 2026"); French pages keep French dates."""

from datetime import date, datetime

from django.template import Context, Template
from django.utils import translation


def render(language: str, text: str, **context) -> str:
    with translation.override(language):
        return Template(text).render(Context(context))


def test_english_dates_read_weekday_day_month_year():
    assert render("en", '{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 8)) == "Tue 8 Dec 2026"


def test_english_date_times_use_the_24_hour_clock():
    assert render("en", '{{ d|date:"DATETIME_FORMAT" }}', d=datetime(2026, 12, 8, 21, 30)) == "Tue 8 Dec 2026, 21:30"


def test_french_dates_stay_french():
    assert render("fr", '{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 8)) == "8 décembre 2026"
