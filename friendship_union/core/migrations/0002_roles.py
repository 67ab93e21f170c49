"""Create the five staff role groups. Their permissions are granted after each migrate
(core.roles.sync_role_permissions), once every app's permissions exist."""

from django.db import migrations

ROLE_GROUPS = ["Quản trị hệ thống", "Biên tập viên", "Cán bộ nhập liệu", "Kiểm duyệt", "Lãnh đạo"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
