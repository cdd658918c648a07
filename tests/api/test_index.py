"""/api/v1/ answers with the list of endpoints instead of a dead end."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    assert links["sites"] == "http://testserver/api/v1/sites/"
    assert links["roster"] == "http://testserver/api/v1/roster/{site}/{day}/"
    assert links["stock"] == "http://testserver/api/v1/stock/{site}/"
    assert links["docs"] == "http://testserver/api/docs/"
    assert "Bearer" in links["tokens"]
    assert "public" in response["Cache-Control"]
