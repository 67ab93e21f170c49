"""Vietnamese full-text search on PostgreSQL: the `unaccent` and `pg_trgm` extensions and the
`vi_unaccent` configuration (unaccent, then simple: no stemming, no stop words — Vietnamese is
written in syllables). The GIN indexes of each searchable table are declared in its model's Meta
(core.indexes.search_indexes); this migration first created them by hand, and 0009 drops those
copies on databases that have them. Nothing happens on other databases."""

from django.db import migrations

CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vi_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION vi_unaccent (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION vi_unaccent
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
      WITH unaccent, simple;
  END IF;
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONFIGURATION)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_leaders_office_units")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
