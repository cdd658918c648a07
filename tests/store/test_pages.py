"""The store's pages: who reaches them, the counting flow with undo, moves, transfers and their delivery note,
the month's report and its CSV (numbers never localised), and a page whose queries do not grow with the ledger."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from store import services
from store.models import Movement, Partner, Product, Target
from store.selectors import stock_levels

from .conftest import on_store_shift

pytestmark = pytest.mark.django_db

HOME = "/store/calais/"


def test_outsiders_get_403_and_anonymous_people_the_login(client, calais, outsider):
    assert client.get(HOME).status_code == 302
    client.force_login(outsider)
    assert client.get(HOME).status_code == 403
    assert client.post(HOME + "sorted/", {"product": 1, "quantity": 1}).status_code == 403
    assert client.get("/store/nowhere/").status_code == 404


def test_a_store_volunteer_counts_but_does_not_reach_the_coordinators_pages(client, calais, store_mission, jeans):
    person, _shift = on_store_shift(store_mission)
    client.force_login(person)
    assert client.get(HOME).status_code == 200
    assert client.post(HOME + "sorted/", {"product": jeans.pk, "quantity": "3"}).status_code == 302
    assert stock_levels(calais)[jeans.pk]["storage"] == 3
    assert client.get(HOME + "report/").status_code == 403
    assert client.get(HOME + "report.csv").status_code == 403
    sent_to = Partner.objects.create(name="CAO")
    assert client.post(HOME + "transfers/", {"partner": sent_to.pk}).status_code == 403


def test_the_counting_flow_category_then_size_then_a_number_then_undo(client, calais, coordinator, jeans):
    client.force_login(coordinator)
    page = client.get(HOME).content.decode()
    assert "?category=clothing" in page
    page = client.get(HOME + "?category=clothing").content.decode()
    assert f"product={jeans.pk}" in page and "<strong>42</strong>" in page
    page = client.get(HOME + f"?category=clothing&product={jeans.pk}").content.decode()
    assert 'name="quantity"' in page and 'inputmode="numeric"' in page
    response = client.post(HOME + "sorted/", {"product": jeans.pk, "quantity": "12"}, follow=True)
    assert response.redirect_chain[-1][0] == HOME + "?category=clothing"
    page = response.content.decode()
    assert "12 × Jeans, Men, 42" in page
    movement = Movement.objects.get()
    client.post(HOME + f"undo/{movement.pk}/")
    assert stock_levels(calais)[jeans.pk]["storage"] == 0
    assert "taken back" in client.get(HOME).content.decode()


@pytest.mark.parametrize("quantity", ["", "0", "abc", "99999999999999999999", "1\x00"])
def test_bad_numbers_are_refused_with_a_message(client, calais, coordinator, jeans, quantity):
    client.force_login(coordinator)
    response = client.post(HOME + "sorted/", {"product": jeans.pk, "quantity": quantity}, follow=True)
    assert response.status_code == 200
    assert not Movement.objects.exists()
    assert "message-error" in response.content.decode()


def test_an_unknown_product_is_404(client, calais, coordinator):
    client.force_login(coordinator)
    assert client.post(HOME + "sorted/", {"product": "999999", "quantity": "1"}).status_code == 404
    assert client.post(HOME + "sorted/", {"product": "x", "quantity": "1"}).status_code == 404


def test_a_volunteer_cannot_undo_someone_elses_line(client, calais, coordinator, store_mission, jeans):
    (movement,) = services.record_sorted(site=calais, lines=[(jeans, 2)], by=coordinator)
    person, _shift = on_store_shift(store_mission)
    client.force_login(person)
    assert client.post(HOME + f"undo/{movement.pk}/").status_code == 403


def test_move_and_stock_take_forms(client, calais, coordinator, jeans):
    services.record_sorted(site=calais, lines=[(jeans, 10)], by=coordinator)
    client.force_login(coordinator)
    client.post(HOME + "move/", {"action": "to_shop", "product": jeans.pk, "quantity": "4"})
    client.post(HOME + "move/", {"action": "distributed", "product": jeans.pk, "quantity": "1"})
    response = client.post(HOME + "move/", {"action": "distributed", "product": jeans.pk, "quantity": "9"}, follow=True)
    assert "Not enough in shop: Jeans, Men, 42." in response.content.decode()
    client.post(HOME + "count/", {"product": jeans.pk, "place": "storage", "counted": "5"})
    assert stock_levels(calais)[jeans.pk] == {"storage": 5, "shop": 3}
    assert client.post(HOME + "move/", {"action": "steal", "product": jeans.pk, "quantity": "1"}).status_code == 404


def test_a_transfer_leads_to_its_printable_delivery_note(client, calais, coordinator, jeans, partner):
    services.record_sorted(site=calais, lines=[(jeans, 10)], by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        HOME + "transfers/",
        {"partner": partner.pk, "product_0": jeans.pk, "quantity_0": "6", "product_1": "", "note": "Van"},
    )
    sent = partner.transfers.get()
    assert response["Location"] == f"/store/calais/transfers/{sent.pk}/"
    note = client.get(response["Location"]).content.decode()
    assert "Solidarité Nord" in note and "Jeans, Men, 42" in note and "Colette C." in note and "signature" in note
    assert client.get(f"/store/grande-synthe/transfers/{sent.pk}/").status_code == 404


def test_a_coordinator_hides_a_shortfall_from_donors(client, calais, coordinator, jeans):
    target = Target.objects.create(site=calais, product=jeans, level=5)
    client.force_login(coordinator)
    assert "Hide from donors" in client.get(HOME).content.decode()
    client.post(HOME + f"targets/{target.pk}/hide/")
    target.refresh_from_db()
    assert target.hidden


def test_the_report_and_its_csv_in_french_keep_plain_numbers(client, calais, coordinator, jeans, partner):
    services.record_sorted(site=calais, lines=[(jeans, 1234)], by=coordinator)
    services.transfer(site=calais, partner=partner, lines=[(jeans, 34)], by=coordinator)
    month = timezone.localtime(timezone.now(), calais.tz).strftime("%Y-%m")
    coordinator.preferred_language = "fr"
    coordinator.save()
    client.force_login(coordinator)
    page = client.get(HOME + f"report/?month={month}", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<svg" in page and 'viewBox="0 0 320' in page
    assert "1234" in page
    rows = list(csv.reader(io.StringIO(client.get(HOME + f"report.csv?month={month}").content.decode())))
    assert rows[1][4:] == ["1234", "0", "34", "0", "0", "34"]
    for bad in ["2026-13", "1999-12", "junk", "9999-01"]:
        assert client.get(HOME + f"report/?month={bad}").status_code == 404


def test_the_store_page_stays_flat_as_the_ledger_grows(client, calais, coordinator, django_assert_max_num_queries):
    products = [Product.objects.create(category="clothing", name=f"Shirt {n}", size=str(n)) for n in range(30)]
    for product in products[::3]:
        Target.objects.create(site=calais, product=product, level=50)
    client.force_login(coordinator)

    def grow():
        for _i in range(10):
            services.record_sorted(site=calais, lines=[(product, 3) for product in products], by=coordinator)
            services.move_to_shop(site=calais, lines=[(product, 1) for product in products], by=coordinator)

    grow()
    with django_assert_max_num_queries(20) as small:
        assert client.get(HOME).status_code == 200
    grow()
    grow()
    assert Movement.objects.count() == 1800
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(HOME).status_code == 200
    assert timezone.now() - timedelta(days=1) < Movement.objects.first().at


def test_a_line_taken_back_leaves_the_delivery_note(client, calais, coordinator, jeans, socks, partner):
    services.record_sorted(site=calais, lines=[(jeans, 5), (socks, 5)], by=coordinator)
    sent = services.transfer(site=calais, partner=partner, lines=[(jeans, 2), (socks, 3)], by=coordinator)
    services.undo(movement=sent.lines.get(product=socks), by=coordinator)
    client.force_login(coordinator)
    note = client.get(f"/store/calais/transfers/{sent.pk}/").content.decode()
    assert "Jeans, Men, 42" in note and "New socks" not in note


def test_undo_sends_back_to_a_known_category_only(client, calais, coordinator, jeans):
    (movement,) = services.record_sorted(site=calais, lines=[(jeans, 1)], by=coordinator)
    client.force_login(coordinator)
    response = client.post(HOME + f"undo/{movement.pk}/", {"category": "//evil.example/"})
    assert response["Location"] == HOME
