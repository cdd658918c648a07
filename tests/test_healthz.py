"""/healthz tells the load balancer the app can serve pages: the database answers and, in production, the static
files were collected with their manifest (without it every page answers 500)."""

import json

import pytest

pytestmark = pytest.mark.django_db

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_healthz_answers_503_when_the_static_manifest_is_missing(client, settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "static files" in response.text


def test_healthz_answers_ok_with_a_manifest_naming_the_stylesheet(client, settings, tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/utopia.css": "css/utopia.0123456789ab.css"}})
    )
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    assert client.get("/healthz").status_code == 200
