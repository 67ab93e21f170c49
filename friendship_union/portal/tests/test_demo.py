import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from friendship_union.core.models import SiteIdentity

pytestmark = pytest.mark.django_db


def run_load_demo() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    users = get_user_model().objects.order_by("username")
    return (
        list(SiteIdentity.objects.values()),
        [(u.username, u.password, u.is_staff, list(u.groups.values_list("name", flat=True))) for u in users],
    )


def test_load_demo_twice_changes_nothing(demo, settings):
    settings.DEMO_MODE = True
    first_output = run_load_demo()
    first = snapshot()
    second_output = run_load_demo()
    assert snapshot() == first
    assert "mật khẩu chỉ hiện MỘT lần" in first_output
    assert "mật khẩu giữ nguyên" in second_output
    assert SiteIdentity.current().name == "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau"


def test_demo_accounts_one_per_role_with_fresh_random_passwords(demo, settings):
    settings.DEMO_MODE = True
    output = run_load_demo()
    users = get_user_model().objects.filter(username__in=["quantri", "bientap", "nhaplieu", "kiemduyet", "lanhdao"])
    assert users.count() == 5
    assert all(u.groups.count() == 1 and u.is_staff and not u.is_superuser for u in users)
    printed = {
        line.split()[-2]: line.split()[-1]
        for line in output.splitlines()
        if line.strip().startswith(("Quản trị", "Biên tập", "Cán bộ", "Kiểm duyệt", "Lãnh đạo"))
    }
    assert set(printed) == {"quantri", "bientap", "nhaplieu", "kiemduyet", "lanhdao"}
    assert len(set(printed.values())) == 5  # no shared or fixed password
    for username, password in printed.items():
        assert len(password) >= 12
        assert users.get(username=username).check_password(password)


def test_no_demo_accounts_when_debug_is_off(demo, settings):
    settings.DEMO_MODE = False
    output = run_load_demo()
    assert "không tạo tài khoản" in output
    assert not get_user_model().objects.exists()


def test_load_demo_keeps_an_identity_staff_edited(demo, settings):
    settings.DEMO_MODE = False
    identity = SiteIdentity.current()
    identity.name = "Liên hiệp các tổ chức hữu nghị tỉnh An Giang"
    identity.province = "An Giang"
    identity.save()
    run_load_demo()
    assert SiteIdentity.current().province == "An Giang"
