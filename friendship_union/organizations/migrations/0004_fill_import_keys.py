"""Positions and awards entered by hand before services gave them an import key get one now, so
their export re-imports onto them (core.services.give_import_key)."""

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    for name in ("Position", "Award"):
        model = apps.get_model("organizations", name)
        rows = list(model.objects.filter(import_key__isnull=True).only("pk"))
        for row in rows:
            row.import_key = f"tay-{uuid.uuid4().hex[:20]}"
        model.objects.bulk_update(rows, ["import_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_alter_award_year_alter_historicalaward_year")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
