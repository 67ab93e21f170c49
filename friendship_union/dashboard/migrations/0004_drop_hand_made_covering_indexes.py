"""The covering indexes 0003 once made by hand on the aid items' and delegations' tables, dropped where
they exist: aid and delegations declare them in their models' Meta now, and their migrations (run
first) build them."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS aid_aiditem_dashboard; DROP INDEX IF EXISTS delegations_delegation_dashboard")


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_covering_indexes"),
        ("aid", "0006_declared_indexes"),
        ("delegations", "0004_declared_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
