"""Admin: products, partners and targets are edited there; the ledger is shown, never written."""

import pytest

from store import services
from store.models import Movement

pytestmark = pytest.mark.django_db


def test_movements_and_transfers_are_read_only_in_admin(client, admin_user, calais, jeans, partner):
    (movement,) = services.record_sorted(site=calais, lines=[(jeans, 2)], by=admin_user)
    client.force_login(admin_user)
    assert client.get("/admin/store/movement/").status_code == 200
    assert client.get("/admin/store/movement/add/").status_code == 403
    assert client.post(f"/admin/store/movement/{movement.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Movement.objects.filter(pk=movement.pk).exists()
    assert client.get("/admin/store/transfer/add/").status_code == 403
    for page in ["product", "partner", "target"]:
        assert client.get(f"/admin/store/{page}/add/").status_code == 200
