"""What donors are asked for: the goods a site's store is short of (store.selectors.donor_asks) appear on
/donate/, /donate.json and /api/v1/needs/ beside the needs typed by hand, in the page's language, most short first."""

import pytest

from donations.models import Need
from store import services as store_services
from store.models import Product, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def short(chapelle, calais, admin_user):
    """Porte de la Chapelle short of 48 pairs of socks and 2 jeans, with hidden and met targets; Calais of nothing."""
    jeans = Product.objects.create(category="clothing", name="Jeans", name_fr="Jean", gender="men", size="42")
    socks = Product.objects.create(category="underwear", name="New socks", name_fr="Chaussettes neuves")
    tents = Product.objects.create(category="other", name="Tent", name_fr="Tente")
    blankets = Product.objects.create(category="bedding", name="Blanket", name_fr="Couverture")
    store_services.record_sorted(site=chapelle, lines=[(jeans, 8), (socks, 2), (blankets, 30)], by=admin_user)
    Target.objects.create(site=chapelle, product=jeans, level=10)  # 2 short
    Target.objects.create(site=chapelle, product=socks, level=50)  # 48 short
    Target.objects.create(site=chapelle, product=blankets, level=20)  # enough on hand
    Target.objects.create(site=chapelle, product=tents, level=5, hidden=True)  # a coordinator hid it
    Need.objects.create(site=chapelle, item="Sleeping bags", item_fr="Sacs de couchage", urgency="urgent")
    return jeans, socks


def section(html: str, slug: str) -> str:
    start = html.index(f'id="site-{slug}"')
    end = html.find('class="panel donate-site"', start)
    return html[start : end if end != -1 else None]


def test_the_page_lists_what_the_store_is_short_of_most_short_first_beside_the_needs(client, short):
    html = section(client.get("/donate/", HTTP_ACCEPT_LANGUAGE="en").text, "porte-de-la-chapelle")
    assert "Sleeping bags" in html and "Short in our store" in html
    assert html.index("New socks") < html.index("Jeans, Men, 42")
    assert "(48 missing)" in html and "(2 missing)" in html
    assert "Tent" not in html and "Blanket" not in html


def test_the_page_speaks_french(client, short):
    html = section(client.get("/donate/", HTTP_ACCEPT_LANGUAGE="fr").text, "porte-de-la-chapelle")
    assert "Ce qui manque dans notre magasin" in html
    assert "Chaussettes neuves" in html and "(il en manque 48)" in html and "Jean, Hommes, 42" in html


def test_a_site_with_only_goods_asked_does_not_say_it_listed_nothing(client, short, chapelle):
    Need.objects.filter(site=chapelle).delete()
    html = client.get("/donate/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "New socks" in section(html, "porte-de-la-chapelle")
    assert "has not listed its needs yet" not in section(html, "porte-de-la-chapelle")
    assert "has not listed its needs yet" in section(html, "calais")


def test_donate_json_carries_the_goods_per_site_in_the_language_asked(client, short):
    jeans, socks = short
    sites = {site["slug"]: site for site in client.get("/donate.json", HTTP_ACCEPT_LANGUAGE="fr").json()["sites"]}
    assert sites["calais"]["goods"] == []
    goods = sites["porte-de-la-chapelle"]["goods"]
    assert [(row["product"], row["missing"]) for row in goods] == [(socks.pk, 48), (jeans.pk, 2)]
    assert goods[1] == {
        "site": "porte-de-la-chapelle",
        "product": jeans.pk,
        "category": "clothing",
        "name": "Jean, Hommes, 42",
        "name_en": "Jeans",
        "name_fr": "Jean",
        "size": "42",
        "missing": 2,
    }


def test_the_api_needs_carry_the_same_goods(client, short):
    english = client.get("/api/v1/needs/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [(row["site"], row["name"], row["missing"]) for row in english["goods"]] == [
        ("porte-de-la-chapelle", "New socks", 48),
        ("porte-de-la-chapelle", "Jeans, Men, 42", 2),
    ]
    french = client.get("/api/v1/needs/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["goods"][0]["name"] == "Chaussettes neuves"
    page = client.get("/donate.json", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["goods"] == [row for site in page["sites"] for row in site["goods"]]
