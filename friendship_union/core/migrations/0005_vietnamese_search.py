"""Vietnamese full-text search on PostgreSQL: the `vi_unaccent` configuration (unaccent, then simple:
no stemming, no stop words — Vietnamese is written in syllables) and, per searchable table, a GIN
index on the full-text document and a trigram GIN index on the folded search text. The expressions
are the ones friendship_union.core.search queries with (VietnameseDocument, key_field); a test
checks that the planner uses them. Nothing happens on other databases."""

from django.db import migrations

# table, folded key field, document fields (as Source.document in core/search.py)
TABLES = [
    ("partners_partner", "search_name", ("search_name", "description_vi", "description_en")),
    ("aid_aiditem", "search_text", ("search_text", "description", "objectives")),
    ("delegations_delegation", "search_text", ("search_text", "purpose")),
    ("events_event", "search_text", ("search_text", "description")),
    ("documents_legaldocument", "search_text", ("search_text", "summary")),
]

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


def document_sql(table, fields):
    return "to_tsvector('vi_unaccent'::regconfig, " + " || ' ' || ".join(f'"{table}"."{f}"' for f in fields) + ")"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CONFIGURATION)
    for table, key, document in TABLES:
        schema_editor.execute(f'CREATE INDEX "{table}_fts" ON "{table}" USING gin ({document_sql(table, document)})')
        schema_editor.execute(f'CREATE INDEX "{table}_trgm" ON "{table}" USING gin ("{key}" gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _key, _document in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_fts"; DROP INDEX IF EXISTS "{table}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_data_version"),
        ("partners", "0001_initial"),
        ("aid", "0003_photos"),
        ("delegations", "0001_initial"),
        ("events", "0002_photos"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
