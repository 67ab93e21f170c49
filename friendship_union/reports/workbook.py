"""The report's workbook (.xlsx, openpyxl): the summary and each annex on a sheet named for it,
Vietnamese headers, numbers as numbers grouped by thousands (#,##0: a spreadsheet in Vietnamese
settings shows 1.234.567) with the unit in the header, dates as dates (dd/mm/yyyy), every text cell
through the export guard (core.exports.inert), printed landscape on A4 with the header repeated."""

import io
import math

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from friendship_union.core.exports import inert

from .tables import COUNT, DATE, MONEY, PERCENT, TEXT, USD, VND, annex_tables, summary_columns

# [$-42A]: the format's language is Vietnamese (LCID 0x042A), so a spreadsheet that honours it
# (LibreOffice) shows 1.234.567 and 12,5 whatever the reader's settings; the others group digits
# the reader's way. The numbers stay numbers: sums and filters work.
VI = "[$-42A]"
FORMATS = {
    COUNT: f"{VI}#,##0",
    VND: f"{VI}#,##0",
    USD: f"{VI}#,##0.00",
    MONEY: f"{VI}#,##0.00",
    PERCENT: f"{VI}0.0",
    DATE: "dd/mm/yyyy",
}
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF4")
BOLD = Font(name="Times New Roman", bold=True, size=11)
PLAIN = Font(name="Times New Roman", size=11)


def _cell(sheet, row, column, value, kind=TEXT, *, bold=False, box=True, wrap=True):
    cell = sheet.cell(row=row, column=column, value=inert(value) if isinstance(value, str) else value)
    cell.font = BOLD if bold else PLAIN
    if kind in FORMATS and value not in (None, ""):
        cell.number_format = FORMATS[kind] if not isinstance(value, str) else "@"
    horizontal = "right" if kind in (COUNT, VND, USD, MONEY, PERCENT) and not isinstance(value, str) else None
    cell.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=horizontal)
    if box:
        cell.border = BOX
    return cell


def _fit_row(sheet, row: int) -> None:
    """A row tall enough for its wrapped text (spreadsheets do not grow rows written by a program):
    the most lines any cell needs at its column's width, 15 points a line."""
    needed = 1
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.alignment.wrap_text:
            width = sheet.column_dimensions[cell.column_letter].width or 10
            lines = sum(max(1, math.ceil(len(part) * 1.1 / max(width - 1, 1))) for part in cell.value.split("\n"))
            needed = max(needed, lines)
    if needed > 1:
        sheet.row_dimensions[row].height = 15 * needed


def _title_block(sheet, pack, title, width):
    """The sheet's first rows: issuing body, title, period and (once sent) the document's number."""
    lines = [
        (pack.identity.name.upper(), True),
        (title, True),
        (
            _("Kỳ báo cáo: %(period)s (từ %(start)s đến %(end)s)")
            % {
                "period": pack.period.label,
                "start": pack.period.start.strftime("%d/%m/%Y"),
                "end": pack.period.end.strftime("%d/%m/%Y"),
            },
            False,
        ),
        (
            _("Kèm theo Báo cáo số %(number)s ngày %(day)s")
            % {"number": pack.number, "day": pack.document_date.strftime("%d/%m/%Y")}
            if pack.number and pack.document_date
            else _("Bản dự thảo, lập lúc %(time)s") % {"time": pack.made_at.strftime("%H:%M %d/%m/%Y")},
            False,
        ),
    ]
    for n, (text, bold) in enumerate(lines, 1):
        cell = _cell(sheet, n, 1, text, bold=bold, box=False, wrap=False)
        cell.font = Font(name="Times New Roman", bold=bold, size=13 if n <= 2 else 11, italic=n > 2)
        sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=max(width, 1))
    return len(lines) + 2


def _setup(sheet, header_row, widths):
    for n, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    for row in range(header_row, sheet.max_row + 1):
        _fit_row(sheet, row)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _summary_sheet(workbook, pack):
    sheet = workbook.active
    sheet.title = _("Tổng hợp")
    headers = summary_columns(pack)
    row = _title_block(sheet, pack, pack.title, len(headers))
    header_row = row
    for column, header in enumerate(headers, 1):
        cell = _cell(sheet, row, column, header, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    group, letter, n = None, 64, 0
    for entry in pack.rows:
        if entry["group"] != group:
            group, letter, row = entry["group"], letter + 1, row + 1
            _cell(sheet, row, 1, chr(letter), bold=True)
            _cell(sheet, row, 2, group, bold=True)
            for column in range(3, len(headers) + 1):
                _cell(sheet, row, column, None)
        row, n = row + 1, n + 1
        kind = USD if entry["unit"] == "USD" else COUNT
        values = [
            (n, COUNT),
            (entry["label"], TEXT),
            (entry["unit"], TEXT),
            (entry["value"], kind),
            (entry["previous"], kind),
            (entry["change"], PERCENT),
            (entry["target"], kind),
            (entry["percent"], PERCENT),
        ]
        for column, (value, value_kind) in enumerate(values, 1):
            _cell(sheet, row, column, value, value_kind)
    _cell(
        sheet,
        row + 2,
        1,
        _("Tăng, giảm và đạt kế hoạch tính bằng %; ô trống: không so sánh được hoặc chưa giao chỉ tiêu."),
        box=False,
        wrap=False,
    ).font = Font(name="Times New Roman", italic=True, size=10)
    _setup(sheet, header_row, [6, 52, 12, 20, 20, 12, 18, 12])
    sheet.page_setup.orientation = "portrait"


def _programs_sheet(workbook, pack):
    if not pack.programs:
        return
    sheet = workbook.create_sheet(_("Chương trình xúc tiến"))
    headers = [_("Chương trình"), _("Thời gian"), _("Chỉ tiêu"), _("Mục tiêu"), _("Đã đạt"), _("Đạt (%)")]
    row = _title_block(sheet, pack, _("Thực hiện các chương trình xúc tiến viện trợ"), len(headers))
    header_row = row
    for column, header in enumerate(headers, 1):
        _cell(sheet, row, column, header, bold=True).fill = HEAD_FILL
    for entry in pack.programs:
        program, brought = entry["program"], entry["brought"]
        lines = [
            (_("Khoản viện trợ chương trình mang lại (khoản)"), None, brought["items"], None, COUNT),
            (_("Giá trị cam kết của các khoản đó (USD)"), None, float(brought["usd"]), None, USD),
            *[(str(t["label"]), t["target"], t["actual"], t["percent"], COUNT) for t in entry["targets"]],
        ]
        for n, (label, target, actual, achieved, kind) in enumerate(lines):
            row += 1
            _cell(sheet, row, 1, program.name if n == 0 else "", bold=True)
            _cell(sheet, row, 2, f"{program.first_year}–{program.last_year}" if n == 0 else "")
            _cell(sheet, row, 3, label)
            _cell(sheet, row, 4, target, kind)
            _cell(sheet, row, 5, actual, kind)
            _cell(sheet, row, 6, achieved, PERCENT)
    _setup(sheet, header_row, [40, 12, 44, 18, 18, 10])


def _narrative_sheet(workbook, pack):
    sheet = workbook.create_sheet(_("Đánh giá, khó khăn, đề xuất"))
    row = _title_block(sheet, pack, pack.title, 1)
    for heading, text in (
        (_("II. Đánh giá chung"), pack.report.assessment),
        (_("III. Khó khăn, vướng mắc"), pack.report.difficulties),
        (_("IV. Đề xuất, kiến nghị"), pack.report.proposals),
    ):
        _cell(sheet, row, 1, heading, bold=True, box=False)
        row += 1
        for line in [line.strip() for line in (text or "").splitlines() if line.strip()] or [_("Không có.")]:
            _cell(sheet, row, 1, line, box=False)
            row += 1
        row += 1
    sheet.column_dimensions["A"].width = 120


def _annex_sheet(workbook, pack, table):
    sheet = workbook.create_sheet(table.sheet)
    row = _title_block(sheet, pack, f"{table.number}. {table.title}", len(table.columns))
    header_row = row
    for column, spec in enumerate(table.columns, 1):
        cell = _cell(sheet, row, column, spec.header, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for values in table.rows:
        row += 1
        for column, (value, spec) in enumerate(zip(values, table.columns, strict=True), 1):
            _cell(
                sheet,
                row,
                column,
                float(value) if spec.kind in (USD, MONEY) and value is not None else value,
                spec.kind,
            )
    if not table.rows:
        row += 1
        _cell(sheet, row, 1, table.empty)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(table.columns))
    if table.totals is not None:
        row += 1
        for column, (value, spec) in enumerate(zip(table.totals, table.columns, strict=True), 1):
            shown = (
                float(value)
                if spec.kind in (USD, MONEY) and value not in (None, "") and not isinstance(value, str)
                else value
            )
            _cell(sheet, row, column, shown, spec.kind, bold=True)
    for note in table.notes:
        row += 2
        _cell(sheet, row, 1, note, box=False, wrap=False).font = Font(name="Times New Roman", italic=True, size=10)
    _setup(sheet, header_row, [c.width for c in table.columns])


def report_xlsx(pack) -> bytes:
    """The .xlsx bytes of `pack` (services.Pack), in Vietnamese whatever the request's language."""
    with translation.override("vi"):
        workbook = Workbook()
        workbook.properties.title = pack.title
        workbook.properties.creator = pack.identity.name
        workbook.properties.language = "vi-VN"
        workbook.properties.created = workbook.properties.modified = pack.made_at.replace(tzinfo=None, microsecond=0)
        _summary_sheet(workbook, pack)
        _programs_sheet(workbook, pack)
        for table in annex_tables(pack):
            _annex_sheet(workbook, pack, table)
        _narrative_sheet(workbook, pack)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
