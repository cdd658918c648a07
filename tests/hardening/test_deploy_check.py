import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="utopia.settings.base",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="utopia.example.org",
        SITE_URL="https://utopia.example.org",
        DATABASE_URL="postgres://utopia@db.invalid:5432/utopia",
    )
    env.update(overrides)
    return env


def run_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_check(production_env())
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variable", ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_the_deploy_check_catches_a_switch_turned_off(variable):
    result = run_check(production_env(**{variable: "false"}))
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr
