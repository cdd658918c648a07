"""The shift list's filter selects are written in Python (volunteer.forms.QuickSelect): same markup as Django's."""

import re

import pytest
from django import forms

from shifts.volunteer.forms import QuickSelect, ShiftFilterForm
from tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


def django_markup(form: ShiftFilterForm, name: str) -> str:
    field = form.fields[name]
    field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
    return re.sub(r">\s+<", "><", str(form[name])).strip()


def filter_form(data) -> ShiftFilterForm:
    form = ShiftFilterForm(data)
    if data:
        form.is_valid()  # errors add aria attributes to the widgets
    return form


@pytest.mark.parametrize(
    "data",
    [None, {"site": "calais"}, {"site": "nowhere", "mission": "999"}],
    ids=["unbound", "a site chosen", "errors"],
)
def test_same_markup_as_djangos_select(mission, chapelle, data):
    MissionFactory(site=chapelle, name='Tea & <b>talk</b> "here"')
    for name in ("site", "mission"):
        form = filter_form(data)
        assert isinstance(form.fields[name].widget, QuickSelect)
        assert str(form[name]) == django_markup(filter_form(data), name)


def test_labels_are_escaped_and_the_choice_is_selected(mission, chapelle):
    tea = MissionFactory(site=chapelle, name="Tea & <b>talk</b>")
    form = ShiftFilterForm({"mission": str(tea.pk)})
    assert form.is_valid()
    html = str(form["mission"])
    assert "<b>" not in html and "Tea &amp; &lt;b&gt;talk&lt;/b&gt;" in html
    assert f'<option value="{tea.pk}" selected>' in html
    assert '<option value="">All missions</option>' in html


def test_options_are_read_in_one_query_each(mission, query_budget):
    form = ShiftFilterForm(None)
    with query_budget(exactly=1):
        str(form["site"])
    with query_budget(exactly=1):
        str(form["mission"])
