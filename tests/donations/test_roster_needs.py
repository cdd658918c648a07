"""Coordinators keep their site's list of needs from the roster, on a phone: add, urgency, remove, reorder."""

import pytest

from donations import services
from donations.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def paula_client(client, point_coordinator):
    client.force_login(point_coordinator)
    return client


def needs_url(site, suffix=""):
    return f"/roster/{site.slug}/needs/{suffix}"


def public_order(client, site):
    data = client.get("/donate.json").json()
    return [need["item"] for need in next(s for s in data["sites"] if s["slug"] == site.slug)["needs"]]


def test_add_change_and_remove(paula_client, chapelle):
    response = paula_client.post(
        needs_url(chapelle), {"new-item": "Sleeping bags", "new-item_fr": "Sacs de couchage", "new-urgency": "needed"}
    )
    assert response.status_code == 302
    need = Need.objects.get(site=chapelle)
    page = paula_client.get(needs_url(chapelle))
    assert page.status_code == 200 and "Sleeping bags" in page.text

    prefix = f"need-{need.pk}"
    paula_client.post(
        needs_url(chapelle, f"{need.pk}/"),
        {f"{prefix}-item": "Sleeping bags", f"{prefix}-item_fr": "Sacs de couchage", f"{prefix}-urgency": "urgent"},
    )
    need.refresh_from_db()
    assert need.urgency == Need.Urgency.URGENT

    paula_client.post(needs_url(chapelle, f"{need.pk}/delete/"))
    assert not Need.objects.exists()


def test_the_same_item_twice_is_refused_with_a_message(paula_client, chapelle):
    services.add_need(site=chapelle, item="Tents", urgency="urgent")
    response = paula_client.post(needs_url(chapelle), {"new-item": "tents", "new-urgency": "needed"})
    assert response.status_code == 200
    assert "This site already lists this item." in response.text
    assert Need.objects.count() == 1


def test_reorder_within_an_urgency_and_urgent_first_on_the_public_page(paula_client, client, chapelle):
    coats = services.add_need(site=chapelle, item="Coats", urgency="needed")
    bags = services.add_need(site=chapelle, item="Bags", urgency="needed")
    summer = services.add_need(site=chapelle, item="Summer clothes", urgency="enough")
    socks = services.add_need(site=chapelle, item="Socks", urgency="urgent")
    assert public_order(client, chapelle) == ["Socks", "Coats", "Bags", "Summer clothes"]

    paula_client.post(needs_url(chapelle, f"{bags.pk}/move/"), {"direction": "up"})
    assert public_order(client, chapelle) == ["Socks", "Bags", "Coats", "Summer clothes"]
    # Not across urgencies: "Bags" stays below the urgent "Socks".
    paula_client.post(needs_url(chapelle, f"{bags.pk}/move/"), {"direction": "up"})
    paula_client.post(needs_url(chapelle, f"{summer.pk}/move/"), {"direction": "down"})
    assert public_order(client, chapelle) == ["Socks", "Bags", "Coats", "Summer clothes"]
    assert coats and socks

    page = paula_client.get(needs_url(chapelle)).text
    assert page.count('value="up"') == 1 and page.count('value="down"') == 1


def test_the_public_page_shows_enough_items_too(client, chapelle):
    services.add_need(site=chapelle, item="Summer clothes", item_fr="Vêtements d'été", urgency="enough")
    services.add_need(site=chapelle, item="Socks", urgency="urgent")
    text = client.get("/donate/").text
    assert text.index("Urgently needed") < text.index("Socks") < text.index("Enough for now") < text.index("Summer")


def test_a_calais_coordinator_cannot_touch_paris_needs(client, coordinator, chapelle, calais):
    need = services.add_need(site=chapelle, item="Coats", urgency="needed")
    client.force_login(coordinator)
    assert client.get(needs_url(chapelle)).status_code == 403
    assert client.post(needs_url(chapelle), {"new-item": "X", "new-urgency": "urgent"}).status_code == 403
    assert client.post(needs_url(calais, f"{need.pk}/delete/")).status_code == 404
    assert client.post(needs_url(calais, f"{need.pk}/move/"), {"direction": "up"}).status_code == 404
    prefix = f"need-{need.pk}"
    edit = {f"{prefix}-item": "Hacked", f"{prefix}-urgency": "enough"}
    assert client.post(needs_url(calais, f"{need.pk}/"), edit).status_code == 404
    need.refresh_from_db()
    assert (need.item, need.urgency) == ("Coats", "needed")
    assert client.get(needs_url(calais)).status_code == 200


def test_the_needs_page_is_flat_in_queries(paula_client, chapelle, django_assert_max_num_queries):
    services.add_need(site=chapelle, item="Item 0", urgency="needed")
    with django_assert_max_num_queries(20) as few:
        paula_client.get(needs_url(chapelle))
    for n in range(1, 15):
        services.add_need(site=chapelle, item=f"Item {n}", urgency=["urgent", "needed", "enough"][n % 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        paula_client.get(needs_url(chapelle))
