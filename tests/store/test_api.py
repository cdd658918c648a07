"""/api/v1/stock/<site>/: a coordinator's token reads their site's stock; anyone else is refused."""

import pytest

from api import services as api_services
from store import services
from store.models import Target
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def _bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_services.create_token(volunteer=person, name='screen').token}"}


def test_a_coordinator_reads_the_stock_of_their_site(client, calais, coordinator, jeans):
    services.record_sorted(site=calais, lines=[(jeans, 7)], by=coordinator)
    services.move_to_shop(site=calais, lines=[(jeans, 2)], by=coordinator)
    Target.objects.create(site=calais, product=jeans, level=9)
    response = client.get("/api/v1/stock/calais/", **_bearer(coordinator))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    (line,) = response.json()["products"]
    assert (line["id"], line["storage"], line["shop"], line["target"], line["name_fr"]) == (jeans.pk, 5, 2, 9, "Jean")


def test_another_site_no_token_or_unknown_site_are_refused(client, calais, chapelle, coordinator):
    assert client.get("/api/v1/stock/calais/").status_code in (401, 403)
    assert client.get("/api/v1/stock/porte-de-la-chapelle/", **_bearer(coordinator)).status_code == 403
    assert client.get("/api/v1/stock/nowhere/", **_bearer(coordinator)).status_code == 404
    former = VolunteerFactory()
    calais.coordinators.add(former)
    headers = _bearer(former)
    calais.coordinators.remove(former)  # a token outlives the role; the site's door is asked on every call
    assert client.get("/api/v1/stock/calais/", **headers).status_code == 403
