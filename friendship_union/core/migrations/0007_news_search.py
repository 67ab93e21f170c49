"""News articles in the Vietnamese full-text search (see 0006): a GIN index on the article's
full-text document and a trigram GIN index on its folded search text. PostgreSQL only."""

from django.db import migrations

TABLE, KEY = "news_article", "search_text"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{TABLE}_fts" ON "{TABLE}" '
        f"USING gin (to_tsvector('vi_unaccent'::regconfig, \"{TABLE}\".\"{KEY}\"))"
    )
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_trgm" ON "{TABLE}" USING gin ("{KEY}" gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TABLE}_fts"; DROP INDEX IF EXISTS "{TABLE}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("core", "0006_vietnamese_search"), ("news", "0002_cover_album_partners")]

    operations = [migrations.RunPython(forwards, backwards)]
