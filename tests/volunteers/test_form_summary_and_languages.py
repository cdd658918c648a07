"""Registration and /me/: an error summary at the top linking to each field, and a compact language choice
(the common languages as checkboxes, the others in a collapsed list)."""

import re

import pytest

from .test_registration import SIGNUP_URL, form_data, years_ago

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary.*?</div>", html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_registration_errors_are_summed_up_at_the_top_with_links_to_the_fields(client):
    response = client.post(SIGNUP_URL, form_data(birth_date=years_ago(16).isoformat(), first_name=""))
    html = response.text
    summary = _summary(html)
    assert html.index("data-error-summary") < html.index("<fieldset")  # above the form's first question
    assert 'href="#id_birth_date"' in summary and "18 or older" in summary
    assert 'href="#id_first_name"' in summary
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary


def test_a_language_error_links_to_its_first_checkbox(client, volunteer):
    client.force_login(volunteer)
    summary = _summary(client.post("/me/", {"first_name": "Vera", "languages": ["xx"]}).text)
    assert 'href="#id_languages_0"' in summary


def test_the_profile_has_the_summary_too(client, volunteer):
    client.force_login(volunteer)
    summary = _summary(
        client.post("/me/", {"first_name": "", "preferred_language": "en", "emergency_contact_name": "Jo"}).text
    )
    assert 'href="#id_first_name"' in summary
    assert 'href="#id_emergency_contact_phone"' in summary  # a name without a number reaches nobody


def test_no_summary_without_errors(client):
    assert "data-error-summary" not in client.get(SIGNUP_URL).text


def test_the_common_languages_come_first_and_the_others_are_collapsed(client, volunteer):
    client.force_login(volunteer)
    html = client.get("/me/").text
    before, details = html.split('<details class="more-languages"', 1)
    details = details.split("</details>", 1)[0]
    for code in ["fr", "en", "ar", "fa", "ps"]:
        assert f'value="{code}"' in before.split('class="languages"', 1)[1]
    for code in ["ti", "am", "so", "ku", "ur", "es", "de", "it", "ru"]:
        assert f'value="{code}"' in details
    assert details.startswith(">")  # closed
    assert html.count('name="languages"') == 14  # one form field, every language still there


def test_the_other_languages_open_when_one_of_them_is_chosen(client, volunteer):
    volunteer.languages = ["fr", "ti"]
    volunteer.save()
    client.force_login(volunteer)
    html = client.get("/me/").text
    assert '<details class="more-languages" open>' in html
    assert re.search(r'value="ti"[^>]*checked', html)
