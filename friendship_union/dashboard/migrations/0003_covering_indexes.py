"""Once created covering indexes on the aid items' and delegations' tables by hand; those apps declare
them in their models' Meta now, and 0004 drops these copies where they exist. Kept, empty, for the
databases that applied it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_default_terms")]

    operations = []
