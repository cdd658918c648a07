"""store.services: stock moves from sorting to the shop and out, never below zero; who may act; stock-takes."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from store import services
from store.models import Movement, Place, Stock
from store.selectors import stock_levels
from tests.factories import MissionFactory, VolunteerFactory

from .conftest import on_store_shift

pytestmark = pytest.mark.django_db


def test_goods_go_from_sorting_to_the_shop_and_out(calais, coordinator, jeans, socks):
    services.record_sorted(site=calais, lines=[(jeans, 10), (socks, 4), (jeans, 2)], by=coordinator)
    services.move_to_shop(site=calais, lines=[(jeans, 5)], by=coordinator)
    services.move_back(site=calais, lines=[(jeans, 1)], by=coordinator)
    services.record_distribution(site=calais, lines=[(jeans, 3)], by=coordinator)
    services.scrap(site=calais, lines=[(socks, 1)], by=coordinator, reason="torn")

    assert stock_levels(calais) == {jeans.pk: {"storage": 8, "shop": 1}, socks.pk: {"storage": 3, "shop": 0}}
    sorted_jeans = Movement.objects.get(kind="sorted", product=jeans)
    assert (sorted_jeans.quantity, sorted_jeans.source, sorted_jeans.destination) == (12, "out", "storage")
    assert Movement.objects.count() == 6


def test_a_transfer_takes_from_storage_and_keeps_its_lines(calais, coordinator, jeans, socks, partner):
    services.record_sorted(site=calais, lines=[(jeans, 10), (socks, 4)], by=coordinator)
    sent = services.transfer(site=calais, partner=partner, lines=[(jeans, 6), (socks, 4)], by=coordinator, note="van")
    assert sorted(sent.lines.values_list("product_id", "quantity")) == sorted([(jeans.pk, 6), (socks.pk, 4)])
    assert set(sent.lines.values_list("kind", flat=True)) == {"transferred"}
    assert stock_levels(calais)[jeans.pk]["storage"] == 4


def test_not_enough_names_the_products_and_changes_nothing(calais, coordinator, jeans, socks, partner):
    services.record_sorted(site=calais, lines=[(jeans, 2), (socks, 9)], by=coordinator)
    with pytest.raises(services.StockRefused) as refused:
        services.transfer(site=calais, partner=partner, lines=[(jeans, 3), (socks, 1)], by=coordinator)
    assert refused.value.code == "not_enough"
    assert refused.value.products == [jeans]
    assert "Jeans, Men, 42" in refused.value.messages[0]
    assert not Movement.objects.filter(kind="transferred").exists()
    assert partner.transfers.count() == 0  # the transfer row went with the refusal
    with pytest.raises(services.StockRefused, match="Not enough") as refused:
        services.record_distribution(site=calais, lines=[(socks, 1)], by=coordinator)  # nothing in the shop
    assert refused.value.code == "not_enough"


@pytest.mark.parametrize("quantity", [0, -3, 10_001, 2.5, "3", True])
def test_quantities_are_whole_and_bounded(calais, coordinator, jeans, quantity):
    with pytest.raises(services.StockRefused) as refused:
        services.record_sorted(site=calais, lines=[(jeans, quantity)], by=coordinator)
    assert refused.value.code == "quantity"
    assert not Movement.objects.exists()


def test_no_lines_is_refused(calais, coordinator):
    with pytest.raises(services.StockRefused) as refused:
        services.record_sorted(site=calais, lines=[], by=coordinator)
    assert refused.value.code == "quantity"


def test_outsiders_and_other_sites_coordinators_may_not_act(calais, chapelle, outsider, jeans):
    other = VolunteerFactory()
    chapelle.coordinators.add(other)
    for person in (outsider, other):
        with pytest.raises(services.StockRefused) as refused:
            services.record_sorted(site=calais, lines=[(jeans, 1)], by=person)
        assert refused.value.code == "not_allowed"
    assert not Movement.objects.exists()


def test_an_admin_may_act_anywhere(calais, admin_user, jeans):
    services.record_sorted(site=calais, lines=[(jeans, 1)], by=admin_user)
    assert stock_levels(calais)[jeans.pk]["storage"] == 1


def test_a_store_volunteer_acts_from_the_shift_start_to_its_end(calais, store_mission, jeans):
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    person, shift = on_store_shift(store_mission, starts_in=start - timezone.now(), hours=3)
    with time_machine.travel(start - timedelta(minutes=1), tick=False):
        with pytest.raises(services.StockRefused, match="store shift"):
            services.record_sorted(site=calais, lines=[(jeans, 1)], by=person)
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        (movement,) = services.record_sorted(site=calais, lines=[(jeans, 1)], by=person)
    assert movement.shift == shift and movement.by == person
    with time_machine.travel(shift.ends_at + timedelta(seconds=1), tick=False):
        with pytest.raises(services.StockRefused):
            services.record_sorted(site=calais, lines=[(jeans, 1)], by=person)


def test_a_shift_that_is_not_a_store_shift_or_not_confirmed_gives_no_right(calais, store_mission, jeans):
    plain = MissionFactory(site=calais, slug="kitchen", is_store=False)
    waiting, _shift = on_store_shift(store_mission, status="waitlisted")
    cook, _shift = on_store_shift(plain)
    for person in (waiting, cook):
        with pytest.raises(services.StockRefused) as refused:
            services.record_sorted(site=calais, lines=[(jeans, 1)], by=person)
        assert refused.value.code == "not_allowed"


def test_a_store_volunteer_at_one_site_cannot_act_at_another(calais, chapelle, store_mission, jeans):
    person, _shift = on_store_shift(store_mission)
    with pytest.raises(services.StockRefused):
        services.record_sorted(site=chapelle, lines=[(jeans, 1)], by=person)


def test_a_stock_take_sets_the_level_and_records_the_difference(calais, coordinator, jeans):
    services.record_sorted(site=calais, lines=[(jeans, 10)], by=coordinator)
    down = services.count(site=calais, product=jeans, place=Place.STORAGE, counted=7, by=coordinator, reason="lost")
    assert (down.kind, down.quantity, down.source, down.destination) == ("counted", 3, "storage", "out")
    up = services.count(site=calais, product=jeans, place=Place.SHOP, counted=2, by=coordinator)
    assert (up.quantity, up.source, up.destination) == (2, "out", "shop")
    assert services.count(site=calais, product=jeans, place=Place.SHOP, counted=2, by=coordinator) is None
    assert stock_levels(calais)[jeans.pk] == {"storage": 7, "shop": 2}
    with pytest.raises(services.StockRefused) as refused:
        services.count(site=calais, product=jeans, place=Place.SHOP, counted=-1, by=coordinator)
    assert refused.value.code == "quantity"


def test_undo_records_the_way_back_once(calais, coordinator, jeans):
    (movement,) = services.record_sorted(site=calais, lines=[(jeans, 4)], by=coordinator)
    back = services.undo(movement=movement, by=coordinator)
    assert (back.source, back.destination, back.undoes) == ("storage", "out", movement)
    assert stock_levels(calais)[jeans.pk]["storage"] == 0
    with pytest.raises(services.StockRefused):
        services.undo(movement=movement, by=coordinator)
    assert Movement.objects.count() == 2  # nothing was deleted: the ledger only grows


def test_undo_is_refused_when_the_goods_have_moved_on(calais, coordinator, jeans):
    (movement,) = services.record_sorted(site=calais, lines=[(jeans, 4)], by=coordinator)
    services.move_to_shop(site=calais, lines=[(jeans, 3)], by=coordinator)
    with pytest.raises(services.StockRefused) as refused:
        services.undo(movement=movement, by=coordinator)
    assert refused.value.code == "not_enough"


def test_the_database_refuses_a_negative_balance_even_without_the_services(calais, coordinator, jeans):
    from django.db import IntegrityError, transaction

    services.record_sorted(site=calais, lines=[(jeans, 1)], by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(site=calais, product=jeans, place="storage").update(quantity=-1)
