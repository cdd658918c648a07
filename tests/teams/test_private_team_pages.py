"""The team pages show other people's names and phones: like every roster page, never kept by a browser or a
proxy (Cache-Control: private, no-store)."""

import pytest

from shifts import services
from tests.teams.conftest import person_with, shift_in

pytestmark = pytest.mark.django_db


def test_team_pages_say_private_no_store(client, night, coordinator):
    shift = shift_in(night, 2, capacity=4)
    services.sign_up(volunteer=person_with("team-lead"), shift=shift)
    client.force_login(coordinator)
    for url in ["/roster/calais/tonight/", "/roster/calais/checks/", f"/shifts/{shift.pk}/team/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
