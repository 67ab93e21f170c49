"""The editor role (Biên tập viên) is for news, the about page and photo albums (README, Roles). It was
granted view and export on every records app, so editors could read partners' contact people,
overseas Vietnamese' and personnel's internal contacts. Those grants are taken back here; the
editor keeps viewing partners (without exporting them) to pick the ones an article mentions.
Role permissions are otherwise only ever added (core.roles.sync_role_permissions)."""

from django.db import migrations

EDITOR = "Biên tập viên"
RECORD_APPS = ["aid", "delegations", "diaspora", "documents", "events", "organizations", "reference", "partners"]
KEPT = {("partners", "view_partner")}


def forwards(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=EDITOR).first()
    if group is None:
        return
    taken = [
        p
        for p in group.permissions.filter(content_type__app_label__in=RECORD_APPS).select_related("content_type")
        if (p.content_type.app_label, p.codename) not in KEPT
    ]
    group.permissions.remove(*taken)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_drop_hand_made_search_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
