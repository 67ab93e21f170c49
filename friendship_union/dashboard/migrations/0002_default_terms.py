from django.db import migrations

TERMS = [("Nhiệm kỳ 2005–2010", 2005, 2010), ("Nhiệm kỳ 2010–2015", 2010, 2015),
         ("Nhiệm kỳ 2015–2020", 2015, 2020), ("Nhiệm kỳ 2020–2025", 2020, 2025)]


def create_terms(apps, schema_editor):
    Term = apps.get_model("dashboard", "ReportingTerm")
    for name, start, end in TERMS:
        Term.objects.get_or_create(name=name, defaults={"start_year": start, "end_year": end})


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]
    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
