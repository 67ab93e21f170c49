"""Site search: one box across the kinds of public records the apps declare (a `Source` each, named
in `search_sources` on their AppConfig; the top app asks them), results grouped by kind, best first,
with the matching words highlighted.

On PostgreSQL a record matches when
- its full-text document (title, code, description; for news the whole text) matches every word in
  the `vi_unaccent` configuration (unaccent then simple: "dong thoi" = "Đông Thới", đ → d), the last
  word also as a prefix — the document is kept in a generated column (core.indexes.DOCUMENT_COLUMN)
  with a GIN index; or
- every word is contained in its folded search text (codes, acronyms, parts of names), served by a
  trigram GIN index, when a word has three letters or more;
ranked with whole-phrase matches first, then by text rank and trigram similarity (a word most
records hold is ranked among its RANKED_CANDIDATES newest matches). When nothing
matches, trigram word similarity finds names close to the query, so a misspelt name ("loretto kid")
still finds "Loreto Kids"; those results are marked as close matches.
Elsewhere (SQLite for `make run`) every word must be contained in the folded search text.
Each app declares the GIN indexes on the same expressions in its model's Meta (`search_indexes`).
"""

import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from friendship_union.core.indexes import DOCUMENT_COLUMN
from friendship_union.core.text import fold, strip_diacritics

MAX_QUERY = 200
PER_KIND = 10
SNIPPET = 220
FUZZY_CANDIDATES = 100
RANKED_CANDIDATES = 200


@dataclass(frozen=True)
class Source:
    """One kind of record in the search: its public queryset, the folded search-text field, and how
    a result is shown. Its full-text document is the one its model's Meta declares
    (core.indexes.search_indexes), kept in the column DOCUMENT_COLUMN."""

    kind: str
    label: Any
    order: int  # position of the kind's group on the results page
    queryset: Any  # callable → QuerySet of public records
    key_field: str
    title: Any  # callable(record) → str
    url: Any  # callable(record) → str
    text: Any  # callable(record) → str (the snippet's source)


def words_of(query: str) -> list[str]:
    """The query's words, folded (no diacritics, lowercase), letters and digits only, at most 8."""
    return [w for w in re.split(r"[^0-9a-z]+", fold(query[:MAX_QUERY])) if len(w) > 1 or w.isdigit()][:8]


def _terms(words: list[str]) -> tuple[str, str]:
    """(the tsquery: every word, the last one also as a prefix — someone still typing "dong th"; the
    whole phrase)."""
    return " & ".join(words[:-1] + [words[-1] + ":*"]), " ".join(words)


def _condition(model, source: Source, words: list[str], fuzzy: bool) -> tuple[str, list]:
    """(SQL, params): a row of `model`'s table matches the words — its stored full-text document or,
    with a word of three letters or more, its folded key containing every word; in the misspelling
    pass its key's words close to the phrase (the trigram index's operator). Unqualified columns: it
    stands in a subquery, where Django names the table anew, and in _kinds_with_matches."""
    key_column = connection.ops.quote_name(model._meta.get_field(source.key_field).column)
    tsquery, phrase = _terms(words)
    if fuzzy:
        return f"({key_column} %%> %s)", [phrase]
    condition = f"{DOCUMENT_COLUMN} @@ to_tsquery('vi_unaccent'::regconfig, %s)"
    params = [tsquery]
    # Containment needs a word of three letters or more: the trigram index has nothing to find
    # shorter ones by, and they lie inside countless words ("du an": "du" in "giao duc", "an" in
    # "toan"), so the table was read whole (20.000 aid items: 21 ms) for matches nobody meant.
    if any(len(word) >= 3 for word in words):
        condition += " OR (" + " AND ".join([f"{key_column} LIKE %s"] * len(words)) + ")"
        params += [f"%{word}%" for word in words]
    return f"({condition})", params


def _kinds_with_matches(querysets: dict, sources: list[Source], words: list[str], fuzzy: bool) -> set[str]:
    """The kinds whose table holds a row matching the words (public or not), asked in one statement of
    one index probe per kind: a kind with none is not searched. Building and compiling a kind's
    ranked query costs about 1 ms of Python, more than PostgreSQL takes to find it empty; a query
    matching nothing (a misspelling, before its close names are looked for) compiled twelve."""
    parts, params = [], []
    for source in sources:
        model = querysets[source.kind].model
        condition, condition_params = _condition(model, source, words, fuzzy)
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {table} WHERE {condition})")
        params += [source.kind, *condition_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {kind for (kind,) in cursor.fetchall()}


def _postgres(queryset, source: Source, words: list[str], fuzzy: bool = False):
    # The search terms are written as SQL (RawSQL) rather than composed from ORM expressions: six kinds
    # of nested expressions cost Django more to build and compile (about 10 ms a search) than
    # PostgreSQL takes to run them. They read what the indexes hold (the stored document, the folded
    # key: core.indexes), so the planner serves them from the indexes
    # (test_each_kind_is_served_by_its_gin_indexes). The words are
    # [0-9a-z] only (words_of), so a LIKE pattern needs no escaping.
    model = queryset.model
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key = f"{table}.{quote(model._meta.get_field(source.key_field).column)}"
    document = f"{table}.{DOCUMENT_COLUMN}"
    tsquery, phrase = _terms(words)
    condition, params = _condition(model, source, words, fuzzy)
    matches = queryset.filter(RawSQL(condition, params, output_field=BooleanField()))
    if fuzzy:
        # Close names are looked for among the first FUZZY_CANDIDATES the trigram index finds, so a
        # misspelt common word (thousands of rows sharing its trigrams) costs no more than a rare one.
        queryset = queryset.filter(pk__in=matches.order_by().values("pk")[:FUZZY_CANDIDATES])
        # Close matches are ranked by their names' similarity alone (none matches every word, so a
        # text rank would say nothing).
        score = RawSQL(f"word_similarity(%s, {key})", [phrase], output_field=FloatField())
    else:
        # Ranked among the newest RANKED_CANDIDATES matches: a common word ("du an") matches most rows
        # (10.800 delegations at ×100), and ranking them all cost 300 ms; ranking 500 of the 2.200 aid
        # items holding "nuoc sach" cost 6 ms, 200 of them 2,5 ms. Newest first, PostgreSQL may
        # walk the primary key backwards until it has them (a word in every record: under 1 ms) or
        # read the indexes and sort (a rare one), as the stored document's statistics say.
        queryset = queryset.filter(pk__in=matches.order_by("-pk").values("pk")[:RANKED_CANDIDATES])
        score = RawSQL(
            f"ts_rank({document}, to_tsquery('vi_unaccent'::regconfig, %s)) + word_similarity(%s, {key})",
            [tsquery, phrase],
            output_field=FloatField(),
        )
    return queryset.annotate(
        whole=RawSQL(f"CASE WHEN {key} LIKE %s THEN 1.0 ELSE 0.0 END", [f"%{phrase}%"], output_field=FloatField()),
        score=score,
    ).order_by(F("whole").desc(), F("score").desc(), "pk")


def _elsewhere(queryset, source: Source, words: list[str], fuzzy: bool = False):
    if fuzzy:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(**{f"{source.key_field}__contains": word})
    return queryset.order_by("pk")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded as fold() folds it (strip_diacritics drops spaces: those are kept); the
    few hundred characters a page's snippets use are folded once (5 ms a snippet otherwise)."""
    return (strip_diacritics(char) or char).casefold()


def highlight(text: str, words: list[str], limit: int | None = None) -> str:
    """`text` escaped, each word that starts with a query word (ignoring diacritics) wrapped in <mark>;
    cut to about `limit` characters around the first match."""
    if not text:
        return ""
    # Fold character by character so positions in the folded text map back to the original.
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    folded = "".join(folded)
    spans = []
    for word in sorted(set(words), key=len, reverse=True):
        for match in re.finditer(rf"(?<![0-9a-z]){re.escape(word)}[0-9a-z]*", folded):  # the whole word
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    spans.sort()
    begin, finish = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        begin = max(0, min(first - limit // 3, len(text) - limit))
        finish = begin + limit
    out, cursor = [], begin
    for start, end in spans:
        if start < begin or end > finish:
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:finish]))
    return mark_safe(("…" if begin else "") + "".join(out) + ("…" if finish < len(text) else ""))


@contextmanager
def _trigram_index_only():
    """The misspelling pass reads candidates from the trigram index only. PostgreSQL prices
    word_similarity() like an addition, so on a few thousand rows it prefers reading them all and
    comparing each (350–500 ms on 17.000 delegations at ×100 demo data) to the index (7–20 ms)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Off too: plain index scans, which would walk another index of the table (the public items in
        # list order) and compare every row until FUZZY_CANDIDATES are found — all of them when
        # nothing is close. The trigram index is read as a bitmap.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        try:
            yield
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")


def search(query: str, sources: list[Source]) -> list[dict]:
    """[{"kind", "label", "results": [{"title", "url", "snippet"}], "more", "fuzzy"}] for the kinds
    of `sources` with matches, in their order, one query per kind that has any (on PostgreSQL one
    statement first says which: _kinds_with_matches); when nothing matches at all, the same again for
    records whose names are close to the query (misspellings), marked fuzzy."""
    words = words_of(query)
    if not words:
        return []
    sources = sorted(sources, key=lambda s: s.order)
    querysets = {source.kind: source.queryset() for source in sources}
    postgres = connection.vendor == "postgresql"
    match = _postgres if postgres else _elsewhere
    for fuzzy in (False, True):
        with _trigram_index_only() if fuzzy and postgres else nullcontext():
            kinds = _kinds_with_matches(querysets, sources, words, fuzzy) if postgres else None
            groups = _groups([s for s in sources if kinds is None or s.kind in kinds], querysets, words, match, fuzzy)
        if groups:
            return groups
    return []


def _groups(sources: list[Source], querysets: dict, words: list[str], match, fuzzy: bool) -> list[dict]:
    groups = []
    for source in sources:
        records = list(match(querysets[source.kind], source, words, fuzzy=fuzzy)[: PER_KIND + 1])
        if records:
            results = [
                {
                    "title": highlight(source.title(record), words),
                    "url": source.url(record),
                    "snippet": highlight(source.text(record) or "", words, limit=SNIPPET),
                }
                for record in records[:PER_KIND]
            ]
            groups.append(
                {
                    "kind": source.kind,
                    "label": source.label,
                    "results": results,
                    "more": len(records) > PER_KIND,
                    "fuzzy": fuzzy,
                }
            )
    return groups
