"""The search indexes 0006 and 0007 once made by hand, dropped where they exist: each app declares
them in its model's Meta now (core.indexes.search_indexes) and its own migration builds them, with
the same names, after this one. PostgreSQL only."""

from django.db import migrations

TABLES = [
    "partners_partner",
    "aid_aiditem",
    "delegations_delegation",
    "events_event",
    "documents_legaldocument",
    "news_article",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_fts"; DROP INDEX IF EXISTS "{table}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("core", "0008_leader_unit_protect")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
