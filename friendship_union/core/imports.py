"""The registry of spreadsheet import kinds, and reading a file into a dataset.

An app declares its kinds on its AppConfig:

    import_kinds = {"partners": "friendship_union.partners.resources.PartnerResource"}

`manage.py import_records KIND FILE` and the benchmarks use this registry.
"""

import csv
import datetime
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

import tablib
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook


def import_kinds() -> dict[str, str]:
    kinds = {}
    for app_config in apps.get_app_configs():
        kinds.update(getattr(app_config, "import_kinds", {}))
    return dict(sorted(kinds.items()))


def resource_for(kind: str):
    kinds = import_kinds()
    if kind not in kinds:
        raise KeyError(
            _("Không có loại dữ liệu “%(kind)s”. Có: %(kinds)s.") % {"kind": kind, "kinds": ", ".join(kinds)}
        )
    return import_string(kinds[kind])()


class UnreadableFile(ValueError):
    """A file that is not a spreadsheet of its format (broken, encrypted, another kind of file)."""


def unreadable_xlsx() -> UnreadableFile:
    return UnreadableFile(
        _(
            "Không đọc được tệp Excel (.xlsx): tệp bị hỏng, có mật khẩu hoặc không phải tệp .xlsx. "
            "Mở tệp bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi tải lên lại."
        )
    )


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The first sheet of an xlsx file: its first row the headers, every row after it a row of the
    dataset (blank ones too, so row numbers stay the spreadsheet's), each as wide as the headers.
    Cells as openpyxl gives them: None for an empty cell, int for a whole number, datetime for a date.

    Read by calamine (Rust; python-calamine): about 0,25 s for 10.000 rows of 22 columns, where
    openpyxl's read-only mode parses each cell in Python (2,7 s). calamine reads an error cell
    (#N/A, #REF!) as empty; a file with one is read by openpyxl, so its message still names it.
    Raises UnreadableFile (a ValueError, in Vietnamese) for a file neither can open."""
    try:
        if inspect_xlsx(data):
            return _read_xlsx_openpyxl(data)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine's, zipfile's or openpyxl's: the file is no workbook it can open
        raise unreadable_xlsx() from exc
    if not rows:
        raise ValueError(_("Tệp trống."))
    headers = [_cell(h) for h in rows[0]]
    dataset = tablib.Dataset(headers=[h if h is not None else "" for h in headers])
    width = len(headers)
    for row in rows[1:]:
        cells = [_cell(v) for v in row[:width]]
        dataset.append(cells + [None] * (width - len(cells)))
    return dataset


_EXACT = 2**53  # floats this large are not whole numbers a person typed


def _cell(value):
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
        return int(value)
    if type(value) is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


# What an uploaded workbook may hold. calamine lays a sheet out as a dense grid from its cells'
# addresses: one cell written at XFD1048576 in a 5 KB file asked it for 17 billion cells and the
# process aborted (a web worker, or the import worker, gone). A zip's members are read whole, at the
# sizes it declares. The limits are far above what staff keep: the 10.000-row aid-item file of the
# import bench has 21 columns, 210.000 cells and 4 MB of sheet.
MAX_UNPACKED = 200 * 1024 * 1024  # bytes, all members of the zip together
MAX_COLUMNS = 250
MAX_CELLS = 3_000_000  # rows × columns of a sheet's grid
_CELL_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<row\s[^>]*?\br="([0-9]{1,7})"')


def _cells(xml: bytes) -> int:
    """The cells (<c …>, <c>, <c/>) written in a piece of sheet XML."""
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def inspect_xlsx(data: bytes) -> bool:
    """Whether a sheet of the file holds an error cell (<c … t="e">). Raises UnreadableFile for a file
    past the limits above, or whose members do not unpack to the sizes they declare, before any reader
    lays it out. Every member is inflated here, counting what it really holds: a zip may declare a
    member of 1 KB whose stream inflates to gigabytes, and calamine inflated such a 1 MB file whole
    (2,1 GB of memory, 6 s) before refusing it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False  # not a zip: calamine says the file is no workbook
    too_big = UnreadableFile(
        _("Tệp Excel quá lớn: giải nén ra hơn %(mb)s MB. Chia tệp thành nhiều tệp nhỏ hơn rồi tải lên.")
        % {"mb": MAX_UNPACKED // (1024 * 1024)}
    )
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise too_big
    errors = False
    for member in members:
        sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        # Inflated no further than its declared size (the sizes together are within the limit).
        content = _inflate(data, member, member.file_size, keep=sheet)
        if content.size != member.file_size:
            raise unreadable_xlsx()
        if sheet:
            _check_grid(content.data)
            errors = errors or b't="e"' in content.data
    return errors


class _Inflated(NamedTuple):
    size: int
    data: bytes


def _inflate(data: bytes, member: zipfile.ZipInfo, limit: int, *, keep: bool) -> _Inflated:
    """`member` of the zip `data` inflated from its own stream, in pieces of 1 MB and no further than
    `limit` + 1 bytes, whatever size it declares: its true size, and its content when `keep`."""
    offset = member.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise unreadable_xlsx()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    stream = data[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        return _Inflated(len(stream), stream if keep else b"")
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise unreadable_xlsx()  # Excel and LibreOffice write only these two
    inflater, size, pieces = zlib.decompressobj(-zlib.MAX_WBITS), 0, []
    try:
        while stream and size <= limit:
            piece = inflater.decompress(stream, 1 << 20)
            stream = inflater.unconsumed_tail
            size += len(piece)
            if keep:
                pieces.append(piece)
    except zlib.error as exc:
        raise unreadable_xlsx() from exc
    return _Inflated(size, b"".join(pieces) if size <= limit else b"")


def _check_grid(xml: bytes) -> None:
    """Refuse a sheet whose grid (its last row by its last column, as the cells' addresses give them;
    a cell written without an address takes the next column) is past MAX_COLUMNS or MAX_CELLS. About
    0,1 s for the 10.000-row file (its sheet is 12 MB of XML)."""
    addressed = _CELL_REF.findall(xml)
    rows = max((int(r) for r in _ROW_REF.findall(xml)), default=0)
    rows = max(rows, max(map(int, {row for _col, row in addressed}), default=0), xml.count(b"<row"))
    columns = max(map(_column_number, {col for col, _row in addressed}), default=0)
    if _cells(xml) > len(addressed):
        # Some cells written without an address (some tools do): each takes the next column of its
        # row, so a row is as wide as it has cells, at most.
        columns = max(columns, max(map(_cells, xml.split(b"<row")), default=0))
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise UnreadableFile(
            _(
                "Bảng tính quá lớn để nhập: có ô đến dòng %(rows)s, cột %(columns)s (tối đa %(max_columns)s cột "
                "và %(max_cells)s ô). Xóa các dòng, cột thừa ở cuối bảng (kể cả ô chỉ có định dạng) rồi tải lên lại."
            )
            % {
                "rows": f"{rows:,}".replace(",", "."),
                "columns": f"{columns:,}".replace(",", "."),
                "max_columns": MAX_COLUMNS,
                "max_cells": f"{MAX_CELLS:,}".replace(",", "."),
            }
        )


def _read_xlsx_openpyxl(data: bytes) -> tablib.Dataset:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows, None)
    if headers is None:
        raise ValueError(_("Tệp trống."))
    dataset = tablib.Dataset(headers=[h if h is not None else "" for h in headers])
    width = len(headers)
    for row in rows:
        row = tuple(row[:width]) + (None,) * (width - len(row))
        dataset.append(row)
    workbook.close()
    return dataset


class Xlsx(XLSX):
    """django-import-export's xlsx format, its file read by `read_xlsx` (the first sheet, not the
    one that was active when saved: a template saved with its guide sheet open still imports)."""

    def create_dataset(self, in_stream):
        return read_xlsx(bytes(in_stream))


def read_dataset(path: Path) -> tablib.Dataset:
    """xlsx (first sheet) or csv (UTF-8, with or without BOM; comma or semicolon separated)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path.read_bytes())
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        headers = next(reader, None)
        if headers is None:
            raise ValueError(_("Tệp trống."))
        dataset = tablib.Dataset(headers=headers)
        for row in reader:
            dataset.append((row + [""] * len(headers))[: len(headers)])
        return dataset
    raise ValueError(_("Chỉ nhận tệp .xlsx hoặc .csv (không nhận “%(suffix)s”).") % {"suffix": suffix or "?"})


def result_messages(result) -> list[str]:
    """Every problem in an import result, as the messages staff read (row, column, value)."""

    found = []
    for error in result.base_errors:
        found.extend(error.error.messages if isinstance(error.error, ValidationError) else [str(error.error)])
    for row in result.invalid_rows:
        for messages in row.error_dict.values():
            found.extend(str(m) for m in messages)
    for number, errors in result.row_errors():
        found.extend(_("Dòng %(row)s: %(error)s") % {"row": number + 1, "error": e.error} for e in errors)
    return found
