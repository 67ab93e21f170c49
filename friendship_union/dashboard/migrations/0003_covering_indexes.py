"""Covering indexes for the dashboard's aggregates on PostgreSQL: the period's aid items and
delegations are read by index-only scans (a few ms) instead of scanning the wide tables. Nothing
happens on other databases."""

from django.db import migrations

INDEXES = [
    (
        "aid_aiditem_dashboard",
        "aid_aiditem (commitment_date) "
        "INCLUDE (id, program_id, committed_usd, committed_vnd, counterpart_amount, form, status)",
    ),
    ("delegations_delegation_dashboard", "delegations_delegation (start_date) INCLUDE (direction, participants)"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_default_terms"),
        ("aid", "0003_photos"),
        ("delegations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
