import django.db.models.deletion
import simple_history.models
from django.db import migrations, models

# The further DAC categories of the registration fields loaded before this migration (reference.names
# REGISTRATION_CATEGORIES as of now; fields created later get theirs from load_reference).
CATEGORIES = {
    "Giáo dục": ["112", "113", "114"],
    "Giáo dục và đào tạo": ["112", "113", "114"],
    "Y tế": ["122", "123"],
    "Nông nghiệp và phát triển nông thôn": ["312", "313", "430"],
    "Cứu trợ khẩn cấp": ["730"],
}


def fill_categories(apps, schema_editor):
    RegistrationSector = apps.get_model("reference", "RegistrationSector")
    Sector = apps.get_model("reference", "Sector")
    for field in RegistrationSector.objects.filter(name__in=list(CATEGORIES)):
        field.categories.set(Sector.objects.filter(code__in=CATEGORIES[field.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationsector",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                help_text="Nhóm DAC 3 chữ số mà lĩnh vực này bao gồm, ngoài nhóm của mã DAC ở trên (ví dụ “Giáo dục”: 112, 113, 114). Dùng để đối chiếu lĩnh vực của khoản viện trợ với giấy đăng ký.",
                limit_choices_to={"vocabulary": "2"},
                related_name="registration_categories",
                to="reference.sector",
                verbose_name="các nhóm DAC khác thuộc lĩnh vực",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalRegistrationSector_categories",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="reference.historicalregistrationsector",
                    ),
                ),
                (
                    "registrationsector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reference.registrationsector",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reference.sector",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalRegistrationSector_categories",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(fill_categories, migrations.RunPython.noop),
    ]
