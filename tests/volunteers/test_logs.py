import logging

import pytest

from shifts import services as shift_services
from tests.factories import ShiftFactory
from tests.volunteers.test_registration import form_data
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_account_flows_never_log_passwords_phones_or_tokens(client, caplog, mission, outsider):
    caplog.set_level(logging.DEBUG)
    data = form_data()
    client.post("/accounts/signup/", data)
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    shift = ShiftFactory(mission=mission, capacity=1)
    shift_services.sign_up(volunteer=person, shift=shift)
    shift_services.sign_up(volunteer=outsider, shift=shift)
    token = person.calendar_token
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": data["email"], "password": "a-wrong-guess"})
    client.post("/accounts/login/", {"login": data["email"], "password": data["password1"]})
    client.post("/me/", {"phone": "06 99 88 77 66"})
    client.post("/me/delete/", {"password": "another-wrong-guess"})
    client.post("/me/delete/", {"password": data["password1"]})

    assert Volunteer.objects.get(pk=person.pk).anonymised_at is not None
    assert f"volunteer {person.pk} erased" in caplog.text  # the log is there, by id
    for secret in (
        data["password1"],
        "a-wrong-guess",
        "another-wrong-guess",
        "0611223344",
        "611223344",
        "901820",
        "699887766",
        token,
        "Schmidt",
        "maria.schmidt",
    ):
        assert secret not in caplog.text, secret
