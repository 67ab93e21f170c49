"""A sequence the records versions are drawn from on PostgreSQL (core.versioning._bump): a number is
never given twice, even by a transaction that is rolled back, so figures computed inside a transaction
that then fails are kept under versions no reader asks for (core.versioning.compute_at_commit)."""

from django.db import migrations

SEQUENCE = "core_dataversion_version_seq"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    # Past every version given so far: a number already used is never drawn.
    schema_editor.execute(
        f"SELECT setval('{SEQUENCE}', COALESCE((SELECT max(version) FROM core_dataversion), 0) + 1, false)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0014_import_jobs")]

    operations = [migrations.RunPython(create, drop)]
