"""Visits and donations entered by hand before services gave them an import key get one now, so
their export re-imports onto them (core.services.give_import_key)."""

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    for name in ("HomelandVisit", "Donation"):
        model = apps.get_model("diaspora", name)
        rows = list(model.objects.filter(import_key__isnull=True).only("pk"))
        for row in rows:
            row.import_key = f"tay-{uuid.uuid4().hex[:20]}"
        model.objects.bulk_update(rows, ["import_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("diaspora", "0004_enterprise_stopped_date")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
