"""Open data: the public records of a list page as CSV and JSON, described by a Frictionless Data
Package (Table Schema), streamed.

An app declares a `Table` (its fields: name, Table Schema type, Vietnamese title and description,
unit, format, constraints, and how to read the value from a record) and names it on its AppConfig
(`open_data_tables`); the list page answers `?format=csv` / `?format=json` with `download()`, on the
same queryset its HTML shows — the same filter code — so a download is the list the reader sees,
every row, not one page of it.

- CSV: UTF-8 with a BOM (Excel shows Vietnamese), comma-separated, a header row of the field names;
  a text that a spreadsheet would run as a formula is made inert (`core.exports.inert`, the guard
  every export uses). Numbers are plain (`1234.50`), dates ISO 8601 (`2013-05-01`), datetimes ISO
  8601 with the offset, booleans `true`/`false`, an empty cell is a missing value, a list is joined
  with "; ".
- JSON: an array of objects with the same fields; numbers are JSON numbers, missing values null.
- Both are built row by row from `queryset.iterator(chunk_size=CHUNK)` (prefetches per chunk), so a
  file of 20,000 rows is never whole in memory and the queries grow per chunk, not per row.

Only what a table declares leaves the building: a table's fields are the public fields of public
records (a test walks them against the private records)."""

import csv
import dataclasses
import datetime
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .contributions import contributions
from .exports import inert
from .versioning import records_version

FORMATS = ("csv", "json")
# Records read per query, with their prefetched related rows: at ×100 the aid items' CSV raised a
# worker's peak memory 21 MB with 1.000, 13 MB with 250 (bench/load.py --files).
CHUNK = 250
# Rows per piece of the response (a piece is one write to the client).
PIECE = 200
BOM = "\ufeff"
LIST_SEPARATOR = "; "
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
SIZE_SECONDS = 60 * 60 * 24 * 30
CSV_NOTE = _(
    "CSV: UTF-8 có BOM, phân cách bằng dấu phẩy. Ô văn bản bắt đầu bằng =, +, -, @, tab hoặc CR được thêm "
    "dấu nháy đơn (') ở đầu để bảng tính không chạy nó như công thức; bản JSON giữ nguyên văn bản."
)


@dataclasses.dataclass(frozen=True)
class Field:
    """One column. `type` is a Table Schema type (string, integer, number, date, datetime, boolean,
    year); `title` and `description` are Vietnamese source strings (gettext_lazy), translated in
    the data package. `value(record)` gives a str, int, Decimal, date, datetime, bool, list of str
    or None."""

    name: str
    type: str
    title: Any
    description: Any
    value: Callable[[Any], Any]
    unit: str = ""
    format: str = ""
    constraints: dict = dataclasses.field(default_factory=dict)
    # Table Schema properties beyond these (e.g. "currencyField" naming the field with the currency).
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Table:
    """A resource of the data package: the public records of one list page.

    `public()` is the list page's queryset before any filter (the page's filter code starts from
    it); `prepare(queryset)` orders it and fetches what the fields read. The first two fields are
    the record's `code` and the address of its public page (`url`, built from `detail_url`)."""

    name: str
    title: Any
    description: Any
    list_url: str
    detail_url: str
    public: Callable[[], Any]
    prepare: Callable[[Any], Any]
    fields: tuple[Field, ...]
    primary_key: str = "code"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def choice_name(choices) -> Callable[[Any], str | None]:
    """A TextChoices value → its label in the active language, each language's labels translated once
    (a model's get_FOO_display() translates every choice on every call: a second per 1,000 rows)."""

    @functools.cache
    def labels(language: str) -> dict:
        return {value: str(label) for value, label in choices.choices}

    def name(value) -> str | None:
        return labels(translation.get_language()).get(value) if value else None

    return name


def tables() -> list[Table]:
    """Every app's open data tables, in INSTALLED_APPS order."""
    return [import_string(path) for _config, paths in contributions("open_data_tables") for path in paths]


def requested_format(request) -> str:
    """ "csv" or "json" when the request asks for a download (?format=…), else ""."""
    value = request.GET.get("format", "")
    return value if value in FORMATS else ""


def download_links(selected: dict) -> dict:
    """{"csv": "?…&format=csv", "json": …}: the list's current filters with each format."""
    filters = [(k, v) for k, v in selected.items() if v]
    return {fmt: "?" + urlencode([*filters, ("format", fmt)]) for fmt in FORMATS}


# -- cells -------------------------------------------------------------------------------------------
def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    return inert(_text(value))


def json_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return json.dumps(timezone.localtime(value).replace(microsecond=0).isoformat())
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    if isinstance(value, Decimal):
        return format(value, "f")  # the exact decimal, never a float's rounding
    if isinstance(value, int):
        return str(value)
    return json.dumps(_text(value), ensure_ascii=False)


# -- files -------------------------------------------------------------------------------------------
class _Links:
    """Absolute addresses of records' public pages, built from one reverse() per file."""

    PLACEHOLDER = "CODE0PLACEHOLDER"

    def __init__(self, request, url_name: str):
        path = reverse(url_name, kwargs={"code": self.PLACEHOLDER})
        self.before, self.after = request.build_absolute_uri(path).split(self.PLACEHOLDER)

    def __call__(self, code: str) -> str:
        return self.before + quote(code, safe="/-_.~") + self.after


def _values(table: Table, record, links: _Links) -> list:
    return [links(record.code) if f.name == "url" else f.value(record) for f in table.fields]


def iter_csv(table: Table, records: Iterable, links: _Links) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(table.field_names)
    for number, record in enumerate(records, 1):
        writer.writerow([csv_cell(v) for v in _values(table, record, links)])
        if number % PIECE == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def iter_json(table: Table, records: Iterable, links: _Links) -> Iterator[bytes]:
    names = [json.dumps(name) + ": " for name in table.field_names]
    pieces, first = ["["], True
    for number, record in enumerate(records, 1):
        row = ", ".join(n + json_value(v) for n, v in zip(names, _values(table, record, links), strict=True))
        pieces.append(("\n" if first else ",\n") + "{" + row + "}")
        first = False
        if number % PIECE == 0:
            yield "".join(pieces).encode()
            pieces = []
    pieces.append("\n]\n")
    yield "".join(pieces).encode()


def iter_file(request, table: Table, queryset, fmt: str) -> Iterator[bytes]:
    records = table.prepare(queryset).iterator(chunk_size=CHUNK)
    links = _Links(request, table.detail_url)
    return (iter_csv if fmt == "csv" else iter_json)(table, records, links)


def _size_key(table: Table, fmt: str, language: str) -> str:
    return f"opendata:size:{table.name}:{fmt}:{language}:v{records_version()}"


def _counted(chunks: Iterator[bytes], key: str) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        yield chunk
    cache.set(key, size, SIZE_SECONDS)


def download(request, table: Table, queryset, fmt: str, *, filtered: bool) -> StreamingHttpResponse:
    """The streamed file of `queryset` (the list page's filtered records). The size of an unfiltered
    file is remembered for the open data page."""
    chunks = iter_file(request, table, queryset, fmt)
    if not filtered:
        chunks = _counted(chunks, _size_key(table, fmt, translation.get_language()))
    response = StreamingHttpResponse(chunks, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # public data, readable by other sites' scripts
    return response


def file_size(request, table: Table, fmt: str, *, build: bool) -> int | None:
    """The unfiltered file's size in bytes: remembered from a download since the last change to
    the records, or built now (and remembered) when `build`."""
    key = _size_key(table, fmt, translation.get_language())
    size = cache.get(key)
    if size is None and build:
        size = sum(len(chunk) for chunk in iter_file(request, table, table.public(), fmt))
        cache.set(key, size, SIZE_SECONDS)
    return size


# -- the data package --------------------------------------------------------------------------------
def _both(text) -> dict:
    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            found[language] = str(text)
    return found


def field_descriptor(field: Field) -> dict:
    descriptor = {
        "name": field.name,
        "type": field.type,
        "title": str(field.title),
        "description": str(field.description),
        "titles": _both(field.title),
        "descriptions": _both(field.description),
    }
    if field.format:
        descriptor["format"] = field.format
    if field.unit:
        descriptor["unit"] = str(field.unit)
    if field.constraints:
        descriptor["constraints"] = dict(field.constraints)
    descriptor.update(field.extra)
    return descriptor


def resource_url(request, table: Table, fmt: str) -> str:
    return request.build_absolute_uri(reverse(table.list_url)) + "?format=" + fmt


def package_descriptor(request, *, name: str, title, description, homepage: str, publisher: str) -> dict:
    """The datapackage.json of every table, both formats, in the request's language (with the
    titles and descriptions in Vietnamese and English beside)."""
    csv_note = _both(CSV_NOTE)
    resources = []
    for table in tables():
        schema = {
            "fields": [field_descriptor(f) for f in table.fields],
            "primaryKey": [table.primary_key],
            "missingValues": [""],
        }
        for fmt in FORMATS:
            resource = {
                "name": table.name if fmt == "csv" else f"{table.name}-json",
                "path": resource_url(request, table, fmt),
                "profile": "tabular-data-resource",
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt].split(";")[0],
                "encoding": "utf-8",
                "title": f"{table.title} ({fmt.upper()})",
                "description": str(table.description) + (" " + str(CSV_NOTE) if fmt == "csv" else ""),
                "titles": {k: f"{v} ({fmt.upper()})" for k, v in _both(table.title).items()},
                "descriptions": {
                    k: v + (" " + csv_note[k] if fmt == "csv" else "") for k, v in _both(table.description).items()
                },
                "schema": schema,
            }
            if fmt == "csv":
                resource["dialect"] = {"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True}
            resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": str(title),
        "description": str(description),
        "titles": _both(title),
        "descriptions": _both(description),
        "homepage": homepage,
        "contributors": [{"title": publisher, "role": "publisher"}],
        "resources": resources,
    }
