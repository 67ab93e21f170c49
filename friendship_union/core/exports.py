"""Cells that leave the building in a spreadsheet are inert: a text that a spreadsheet would run as
a formula (=, +, -, @ first, or a tab or carriage return that some spreadsheets skip before one) is
written with a leading apostrophe, the way Excel and LibreOffice mark text typed to look like a
formula (OWASP "CSV injection"). Every export path uses this one guard: the admin's exports of every
record (core.resources), the dashboard's workbooks and reports. Numbers stay numbers; the import
reads the apostrophe away again, so an export imports back unchanged."""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def inert(value):
    """`value`, with a text that could start a formula made plain text ("=1+1" → "'=1+1")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def uninert(text: str) -> str:
    """A cell read back from an export: the guard's apostrophe removed ("'=1+1" → "=1+1")."""
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_xlsx(file, headers: list, rows) -> None:
    """A one-sheet workbook into `file` (binary), rows written as they come (openpyxl's write-only
    mode keeps none in memory): headers bold, the first row frozen, columns as wide as their headers.
    Characters a workbook cannot hold (control characters) are dropped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(str(header)) + 2, 10), 60)
    bold = Font(bold=True)
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    book.save(file)


def write_csv(file, headers: list, rows) -> None:
    """CSV into `file` (binary) in UTF-8 with a BOM (Excel then reads Vietnamese right), row by row."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    text.flush()
    text.detach()  # leave `file` open for the response
