import pytest

from .conftest import attend, shift_on

pytestmark = pytest.mark.django_db


def test_the_record_page_lists_shifts_and_totals(client, history, volunteer):
    client.force_login(volunteer)
    response = client.get("/me/record/")
    assert response.status_code == 200
    text = response.text
    assert "13.5" in text
    assert "Porte de la Chapelle (Paris)" in text and "Calais" in text
    assert "June 2025" in text and "July 2025" in text
    assert text.count("attendance not taken") == 1
    assert text.count(">present<") == 3
    assert 'action="/me/certificate.pdf"' in text


def test_the_record_page_in_french(client, history, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    client.force_login(volunteer)
    text = client.get("/me/record/").text
    assert '<html lang="fr"' in text
    assert "13,5" in text
    assert "juin 2025" in text
    assert "Tri à l&#x27;entrepôt" in text
    assert "présence non relevée" in text


def test_the_record_page_paginates_and_its_queries_stay_flat(query_budget, client, volunteer, warehouse):
    from datetime import date, time, timedelta

    client.force_login(volunteer)

    def queries():
        with query_budget() as captured:
            assert client.get("/me/record/").status_code == 200
        return len(captured)

    attend(volunteer, shift_on(warehouse, date(2024, 1, 1), time(9), 60))
    few = queries()
    for n in range(1, 80):
        attend(volunteer, shift_on(warehouse, date(2024, 1, 1) + timedelta(days=n), time(9), 60))
    assert queries() == few
    page = client.get("/me/record/").text
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in client.get("/me/record/?page=2").text


def test_an_empty_record_says_so(client, volunteer):
    client.force_login(volunteer)
    assert "No shift done yet" in client.get("/me/record/").text


def test_the_profile_links_the_record(client, volunteer):
    client.force_login(volunteer)
    assert 'href="/me/record/"' in client.get("/me/").text
