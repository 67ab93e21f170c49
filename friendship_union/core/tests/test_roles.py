import pytest
from django.contrib.auth.models import Group, Permission

from friendship_union.core.roles import ROLE_GROUPS, sync_role_permissions

pytestmark = pytest.mark.django_db


def test_the_five_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Quản trị hệ thống",
        "Biên tập viên",
        "Cán bộ nhập liệu",
        "Kiểm duyệt",
        "Lãnh đạo",
    } <= names


def test_admin_role_has_every_permission():
    admin_group = Group.objects.get(name=ROLE_GROUPS["admin"])
    assert admin_group.permissions.count() == Permission.objects.count()


def test_sync_is_idempotent_and_keeps_hand_given_permissions():
    leadership = Group.objects.get(name=ROLE_GROUPS["leadership"])
    extra = Permission.objects.get(codename="view_siteidentity")
    leadership.permissions.add(extra)
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    sync_role_permissions()
    sync_role_permissions()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after
    assert leadership.permissions.filter(pk=extra.pk).exists()
