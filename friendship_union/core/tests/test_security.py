import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)
LOGIN = "/admin/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    user = UserFactory(username="nhaplieu1")
    for attempt in range(1, 6):
        response = post_login(client, user.username, "sai-mat-khau")
        if attempt < 5:
            assert response.status_code == 200  # the login form again, with an error
            assert "_auth_user_id" not in client.session
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tài khoản tạm khóa" in html
    assert "kể cả khi mật khẩu đúng" in html
    assert "30 phút" in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=user.username).exists()


def test_other_accounts_are_not_locked_by_someone_elses_failures(client):
    UserFactory(username="nguoi_khac")
    for _ in range(5):
        post_login(client, "nguoi_khac", "sai")
    victim = UserFactory(username="lanhdao1")
    response = post_login(client, victim.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_session_is_rotated_at_login(client):
    user = UserFactory(username="bientap1")
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session.session_key != before


def test_password_validators_refuse_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678", "password123", "camau"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Đông-Thới-Cái-Nước-2026")


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_required_settings(missing, message):
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "huunghi.example.vn"}
    del env[missing]
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "huunghi.camau.example",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_https_only():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG)",
        env_overrides={"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "huunghi.example.vn"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["True", "True", "True", "31536000", "False"]


def test_build_commands_run_on_a_fresh_checkout_without_production_variables():
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides={"DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    served = run_manage("check", env_overrides={"DATABASE_URL": "sqlite:///:memory:"})
    assert served.returncode != 0 and "DJANGO_SECRET_KEY" in served.stderr
