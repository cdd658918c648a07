import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/accounts/login/"


def login(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, volunteer):
    for _ in range(5):
        response = login(client, "vera@example.org", "wrong-password")
        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated

    response = login(client, "vera@example.org", PASSWORD)
    assert "Too many failed login attempts" in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/me/").status_code == 302


def test_a_few_wrong_passwords_do_not_lock_anyone_out(client, volunteer):
    for _ in range(3):
        login(client, "vera@example.org", "wrong-password")
    response = login(client, "vera@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_hammering_the_login_page_gives_a_friendly_429(client):
    statuses = [login(client, f"nobody{n}@example.org", "whatever").status_code for n in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429
    response = login(client, "again@example.org", "whatever")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert 'class="site-header"' in response.text  # our page, in the site's layout and language


def test_the_429_page_is_translated(client):
    for n in range(31):
        login(client, f"nobody{n}@example.org", "whatever")
    response = client.post(LOGIN, {"login": "x@example.org", "password": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert '<html lang="fr"' in response.text


def test_signups_are_rate_limited_too(client):
    limit = int(settings.ACCOUNT_RATE_LIMITS["signup"].split("/")[0])
    statuses = [client.post("/accounts/signup/", {"email": f"s{n}@example.org"}).status_code for n in range(limit + 1)]
    assert statuses[-1] == 429


def test_admin_login_form_sends_people_to_the_rate_limited_login(client, admin_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)

    # Posting credentials to admin's own form logs nobody in.
    response = client.post("/admin/login/", {"username": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 302


def test_admin_accounts_are_locked_after_wrong_passwords(client, admin_user):
    for _ in range(5):
        login(client, "ada@example.org", "wrong-password")
    response = login(client, "ada@example.org", PASSWORD)
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_admin_logs_in_through_allauth(client, admin_user):
    response = client.post(LOGIN + "?next=/admin/", {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_logged_in_non_staff_get_403_on_admin_login(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/admin/login/").status_code == 403


@pytest.mark.redis
def test_limits_live_in_redis_so_every_worker_shares_them(client, volunteer):
    import redis

    server = redis.Redis.from_url(settings.REDIS_URL)
    for _ in range(5):
        login(client, "vera@example.org", "wrong-password")
    keys = [key.decode() for key in server.keys("*allauth:rl:allauth.account:login_failed*")]
    assert keys, "the failed logins were not counted in Redis"
    # The email is never stored in clear: allauth keys it by a hash.
    assert not any("vera" in key for key in keys)
