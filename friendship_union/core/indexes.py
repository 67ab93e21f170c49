"""Indexes a model declares in its Meta that only PostgreSQL can build: the Vietnamese full-text and
trigram GIN indexes of the site search (core.search), and the expressions they index. On any other
database (SQLite for `make run`) they create nothing — search there reads the folded text column.

    class Meta:
        indexes = [*search_indexes("aid_aiditem", key="search_text", document=SEARCH_DOCUMENT)]

The expressions are the ones core.search queries with (`VietnameseDocument(*document)`, the trigram
operator class on `key`), so PostgreSQL's planner serves the search from these indexes (a test
checks the plan)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db.backends.ddl_references import Statement
from django.db.models import F, Func


class VietnameseDocument(Func):
    """to_tsvector('vi_unaccent', a || ' ' || b …): the indexed full-text document of a record
    (the `vi_unaccent` configuration is created by core's migration 0006)."""

    template = "to_tsvector('vi_unaccent'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self, *fields):
        super().__init__(*(F(f) for f in fields))


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL; on other databases a statement that does nothing."""

    @staticmethod
    def _elsewhere(schema_editor):
        return schema_editor.connection.vendor != "postgresql"

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if self._elsewhere(schema_editor):
            return Statement("SELECT 1")
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if self._elsewhere(schema_editor):
            return Statement("SELECT 1")
        return super().remove_sql(model, schema_editor, **kwargs)


# The column a searchable table keeps its full-text document in (PostgreSQL only: StoredDocumentIndex).
DOCUMENT_COLUMN = "search_document"


class StoredDocumentIndex(PostgresGinIndex):
    """The full-text document (its VietnameseDocument expression) kept in a generated column,
    DOCUMENT_COLUMN, that PostgreSQL computes on every write, and a GIN index on it. Searching and
    ranking read the stored document: computed per row at query time, a word most records hold
    ("minh hoa" at ×100) rebuilt 25.100 delegations' documents, 230 ms. The model does not know the
    column (Django neither writes nor reads it; SQLite has none); core.search names it."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if self._elsewhere(schema_editor):
            return Statement("SELECT 1")
        quote = schema_editor.quote_name
        (document,) = self.expressions
        columns = (quote(model._meta.get_field(f.name).column) for f in document.get_source_expressions())
        table = quote(model._meta.db_table)
        text = " || ' ' || ".join(columns)
        sql = (
            f"ALTER TABLE {table} ADD COLUMN {DOCUMENT_COLUMN} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('vi_unaccent'::regconfig, {text})) STORED; "
            f"CREATE INDEX {quote(self.name)} ON {table} USING gin ({DOCUMENT_COLUMN})"
        )
        return Statement("%(sql)s", sql=sql)

    def remove_sql(self, model, schema_editor, **kwargs):
        if self._elsewhere(schema_editor):
            return Statement("SELECT 1")
        quote = schema_editor.quote_name
        table = quote(model._meta.db_table)
        sql = f"DROP INDEX IF EXISTS {quote(self.name)}; ALTER TABLE {table} DROP COLUMN IF EXISTS {DOCUMENT_COLUMN}"
        return Statement("%(sql)s", sql=sql)


def search_indexes(table: str, *, key: str, document: tuple[str, ...]) -> list[PostgresGinIndex]:
    """The two indexes of a searchable model: `<table>_fts` on its full-text document (stored:
    StoredDocumentIndex) and `<table>_trgm` (trigram) on its folded search text `key`."""
    return [
        StoredDocumentIndex(VietnameseDocument(*document), name=f"{table}_fts"),
        PostgresGinIndex(OpClass(F(key), name="gin_trgm_ops"), name=f"{table}_trgm"),
    ]
