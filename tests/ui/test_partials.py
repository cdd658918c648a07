"""The partials other pages include: pagination and form fields."""

import re

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render_pagination(query, number):
    request = RequestFactory().get("/shifts/", query)
    page_obj = Paginator(list(range(100)), 10).page(number)
    return render_to_string("partials/pagination.html", {"page_obj": page_obj}, request=request)


def test_pagination_keeps_the_other_query_parameters():
    html = render_pagination({"site": "calais", "day": "2027-01-04", "page": "3"}, 3)
    assert 'aria-label="Pages"' in html
    assert 'href="?site=calais&amp;day=2027-01-04&amp;page=2"' in html
    assert 'href="?site=calais&amp;day=2027-01-04&amp;page=4"' in html
    assert 'href="?site=calais&amp;day=2027-01-04&amp;page=1"' in html
    assert 'href="?site=calais&amp;day=2027-01-04&amp;page=10"' in html
    assert "Page 3 of 10" in html


def test_pagination_on_the_first_and_last_pages():
    first = render_pagination({}, 1)
    assert 'rel="prev"' not in first and 'href="?page=2"' in first
    last = render_pagination({"page": "10"}, 10)
    assert 'rel="next"' not in last and 'href="?page=9"' in last


def test_pagination_is_absent_with_one_page():
    request = RequestFactory().get("/shifts/")
    page_obj = Paginator([1, 2], 10).page(1)
    assert render_to_string("partials/pagination.html", {"page_obj": page_obj}, request=request).strip() == ""


class ContactForm(forms.Form):
    phone = forms.CharField(label="Phone", help_text="With the country code.")
    name = forms.CharField(label="Name", required=False)
    agree = forms.BooleanField(label="I agree", help_text="Required to continue.")
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
    )


def field_html(form, name):
    return render_to_string("partials/field.html", {"field": form[name]})


def described_by(html):
    return re.search(r'aria-describedby="([^"]+)"', html).group(1).split()


def test_field_ties_label_help_and_errors_to_the_input():
    form = ContactForm(data={"phone": ""})
    assert not form.is_valid()
    html = field_html(form, "phone")
    assert '<label for="id_phone">Phone' in html
    assert 'aria-invalid="true"' in html
    ids = described_by(html)
    assert ids == ["id_phone_helptext", "id_phone_error"]
    for element_id in ids:
        assert f'id="{element_id}"' in html
    assert "This field is required." in html


def test_valid_optional_field_has_no_error_markup():
    form = ContactForm(data={"phone": "+33612345678", "name": "Vera", "agree": "on", "days": ["mon"]})
    assert form.is_valid()
    html = field_html(form, "name")
    assert "aria-invalid" not in html and "errorlist" not in html and "required" not in html


def test_checkbox_label_follows_the_box():
    form = ContactForm(data={})
    form.is_valid()
    html = field_html(form, "agree")
    assert html.index('type="checkbox"') < html.index('<label for="id_agree">')
    assert described_by(html) == ["id_agree_helptext", "id_agree_error"]


def test_choice_group_is_a_fieldset_with_a_legend():
    form = ContactForm(data={})
    form.is_valid()
    html = field_html(form, "days")
    assert "<fieldset" in html and "<legend>Days" in html
    assert 'id="id_days_error"' in html
    assert described_by(html) == ["id_days_error"]
