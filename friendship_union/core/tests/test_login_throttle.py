"""Login throttling behind a proxy: per account and address, and per address across accounts."""

import pytest
from django.core import checks
from django.test import RequestFactory

from friendship_union.core.net import client_address

from .factories import PASSWORD, UserFactory
from .test_security import run_manage

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PROXY = "127.0.0.1"
VICTIM = "203.0.113.7"
ATTACKER = "198.51.100.9"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/24"]


def via_proxy(client, address, username, password, spoofed=""):
    """A login POST as nginx forwards it: the client's own header (if any), then the address nginx saw."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def address_of(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_the_forwarded_header_is_believed_only_from_a_trusted_proxy(behind_proxy):
    # From the proxy: the address the proxy appended, whatever the client wrote before it.
    assert address_of(PROXY, f"1.2.3.4, {VICTIM}") == VICTIM
    # Through two trusted hops (a load balancer in 10.0.0.0/24, then nginx), the first untrusted one.
    assert address_of(PROXY, f"6.6.6.6, {VICTIM}, 10.0.0.5") == VICTIM
    # Straight to the application server, bypassing the proxy: the header is the client's own word.
    assert address_of(ATTACKER, VICTIM) == ATTACKER
    # Garbage in the header stops the walk at the last address a trusted proxy vouched for.
    assert address_of(PROXY, f"{VICTIM}, not-an-address") == PROXY
    assert address_of(PROXY, "[2001:db8::7]:443") == "2001:db8::7"
    assert address_of(PROXY) == PROXY


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of(PROXY, VICTIM) == PROXY


def test_wrong_passwords_from_elsewhere_do_not_lock_a_colleague_out(client, behind_proxy):
    victim = UserFactory(username="lanhdao_proxy")
    for attempt in range(6):  # spoofing a different address each time changes nothing
        response = via_proxy(client, ATTACKER, victim.username, "sai", spoofed=f"203.0.113.{attempt}")
    assert response.status_code == 429  # the attacker is locked out …
    response = via_proxy(client, VICTIM, victim.username, PASSWORD)
    assert response.status_code == 302  # … the colleague, at her own address, is not
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_password_spraying_from_one_address_is_stopped(client, behind_proxy, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    insider = UserFactory(username="nhaplieu_noibo")
    target = UserFactory(username="quantri_that")
    for number in range(19):
        response = via_proxy(client, ATTACKER, f"doan_ten_{number}", "Huunghi@123")
        assert response.status_code == 200, number  # each one a plain wrong-password form
    # A valid login of the attacker's own account clears that account's failures, not the address's.
    assert via_proxy(client, ATTACKER, insider.username, PASSWORD).status_code == 302
    client.logout()
    response = via_proxy(client, ATTACKER, "doan_ten_19", "Huunghi@123")
    response = via_proxy(client, ATTACKER, target.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm ngừng đăng nhập từ địa chỉ này" in html
    assert "kể cả khi mật khẩu đúng" in html
    assert "_auth_user_id" not in client.session
    # Everyone else still gets in.
    assert via_proxy(client, VICTIM, target.username, PASSWORD).status_code == 302


def test_an_office_sharing_one_address_is_not_stopped_by_a_few_mistakes(client, behind_proxy):
    users = [UserFactory(username=f"canbo_{n}") for n in range(4)]
    for user in users:  # each colleague mistypes twice: 8 failures from the office's address
        for _ in range(2):
            assert via_proxy(client, VICTIM, user.username, "go-nham").status_code == 200
    for user in users:
        assert via_proxy(client, VICTIM, user.username, PASSWORD).status_code == 302
        client.logout()


def test_behind_a_proxy_without_trusted_addresses_is_refused_at_start(settings):
    from friendship_union.core.checks import check_proxy_setting

    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = []
    assert [error.id for error in check_proxy_setting()] == ["core.E012"]
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/33"]
    errors = check_proxy_setting()
    assert [error.id for error in errors] == ["core.E013"]
    assert "10.0.0.0/33" in errors[0].msg
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert check_proxy_setting() == []
    assert all(isinstance(error, checks.Error) for error in errors)


def test_manage_check_fails_behind_a_proxy_without_trusted_addresses():
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "huunghi.example.vn", "DJANGO_BEHIND_PROXY": "1"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "core.E012" in result.stderr
    result = run_manage("check", env_overrides={**env, "DJANGO_TRUSTED_PROXIES": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
