import socket

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from utopia.middleware import database_unavailable_response, server_error


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def database_down():
    original = connection.settings_dict["PORT"], connection.settings_dict["HOST"]

    def stop():
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", closed_port()

    def start():
        connection.settings_dict["PORT"], connection.settings_dict["HOST"] = original

    yield stop, start
    start()
    connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pages_answer_a_friendly_503_and_recover(client, volunteer, database_down):
    stop, start = database_down
    call_command("seed_sites")
    client.force_login(volunteer)
    assert client.get("/").status_code == 200

    stop()
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.text
    assert "Content-Security-Policy" in response
    assert client.get("/healthz").status_code == 503

    start()
    response = client.get("/")
    assert response.status_code == 200
    assert "Grande-Synthe" in response.text


def test_the_503_page_is_rendered_without_the_database():
    # No django_db mark: pytest-django makes any database access here raise.
    response = database_unavailable_response()
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


def test_a_database_error_outside_a_view_still_gets_the_503(rf):
    # Django calls handler500 while the exception (e.g. a session saved on the way out) is handled.
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503


def test_other_errors_stay_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
