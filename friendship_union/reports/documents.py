"""The report as a Word document (.docx, python-docx), laid out as Decree 30/2020/NĐ-CP (Annex I)
lays out an administrative document: A4, Times New Roman; the superior and issuing bodies over the
number and symbol on the left, the national title and motto over the place and date on the right;
the kind of document and its summary; "Kính gửi"; sections I–IV; "Nơi nhận" and the signature
block; then the annexes on landscape pages."""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from .tables import PERCENT, annex_tables, shown, summary_columns, unit_kind

FONT = "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
ALIGN_XML = {"left": "left", "right": "right", "center": "center"}


def _font(run, size=None, bold=None, italic=None):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _para(
    container, text="", *, size=14, bold=False, italic=False, align="left", before=0, after=0, indent=None, line=None
):
    paragraph = container.add_paragraph()
    paragraph.alignment = (
        ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY) if align != "justify" else WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    if line is not None:
        fmt.line_spacing = line
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _rule(container, width_cm: float, cell_width_cm: float):
    """A horizontal line `width_cm` long, centred in its cell (Decree 30: under the issuing body,
    the motto and the summary): the bottom border of an empty paragraph narrowed by indents."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((cell_width_cm - width_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_before, fmt.space_after = Pt(0), Pt(2)
    _font(paragraph.add_run(""), 2)
    fmt.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _grid(table):
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "60")  # twentieths of a point: 0.1 cm
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}.items():
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_cm):
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell(cell, text, *, size, bold=False, italic=False, align="left"):
    """A table cell's text, a paragraph per line, each run in the report's font: written as XML at
    once (python-docx's child-by-child building took 1.7 ms a cell, a second for the annexes)."""
    tc = cell._tc
    for paragraph in tc.findall(qn("w:p")):
        tc.remove(paragraph)
    run_properties = (
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/>'
        f"{'<w:b/>' if bold else '<w:b w:val="0"/>'}{'<w:i/>' if italic else '<w:i w:val="0"/>'}"
        f'<w:sz w:val="{round(size * 2)}"/></w:rPr>'
    )
    paragraph_properties = f'<w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{ALIGN_XML[align]}"/></w:pPr>'
    lines = str(text).split("\n") if text not in (None, "") else [""]
    for line in lines:
        run = f'<w:r>{run_properties}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
        tc.append(parse_xml(f"<w:p {nsdecls('w')}>{paragraph_properties}{run}</w:p>"))


def _page(section, *, landscape: bool):
    section.page_height, section.page_width = (Cm(21), Cm(29.7)) if landscape else (Cm(29.7), Cm(21))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.top_margin = section.bottom_margin = Cm(1.5)
        section.left_margin = section.right_margin = Cm(1.5)
    else:  # Decree 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def _heading(pack, document):
    identity = pack.identity
    head = document.add_table(rows=1, cols=2)
    _no_borders(head)
    left_w, right_w = 6.6, 9.9
    _widths(head, [left_w, right_w])
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    if pack.parent_body:
        first = left.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(first.add_run(pack.parent_body), 12)
        _para(left, identity.name.upper(), size=12, bold=True, align="center")
    else:
        first = left.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(first.add_run(identity.name.upper()), 12, True)
    _rule(left, 2.4, left_w)
    _para(left, pack.number_line, size=13, align="center", before=4)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), 12, True)
    _para(right, _("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True, align="center")
    _rule(right, 5.6, right_w)
    _para(right, pack.place_and_date, size=13, italic=True, align="center", before=6)


def _summary(pack, document, size=10):
    headers = summary_columns(pack)
    widths = [0.7, 3.9, 1.3, 2.7, 2.7, 1.5, 2.5, 1.3]
    table = document.add_table(rows=1, cols=len(headers))
    _grid(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, size=size, bold=True, align="center")
    _repeat_header(table.rows[0])
    group, letter = None, 64
    n = 0
    for row in pack.rows:
        if row["group"] != group:
            group, letter = row["group"], letter + 1
            cells = table.add_row().cells
            _cell(cells[0], chr(letter), size=size, bold=True, align="center")
            merged = cells[1].merge(cells[-1])
            _cell(merged, group, size=size, bold=True)
        n += 1
        kind = unit_kind(row)
        plain = "count" if kind != "count" else kind  # the unit has its own column
        values = [
            str(n),
            row["label"],
            row["unit"],
            shown(row["value"], plain),
            shown(row["previous"], plain),
            shown(row["change"], PERCENT) if row["change"] is not None else "—",
            shown(row["target"], plain) if row["target"] is not None else "",
            shown(row["percent"], PERCENT) if row["percent"] is not None else "",
        ]
        cells = table.add_row().cells
        for cell, value, align in zip(
            cells, values, ["center", "left", "center", "right", "right", "right", "right", "right"], strict=True
        ):
            _cell(cell, value, size=size, align=align)
    return table


def _paragraphs(document, text):
    found = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in found or [_("Không có.")]:
        _para(document, line, size=14, align="justify", indent=1.0, after=6, line=1.15)


def _signature(pack, document):
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    _widths(block, [7.5, 9.0])
    left, right = block.rows[0].cells
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run(_("Nơi nhận:")), 12, True, True)
    copies = pack.copies_to
    for n, line in enumerate(copies):
        _para(left, f"- {line}{'.' if n == len(copies) - 1 else ';'}", size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    report = pack.report
    if report.signer_authority:
        _font(right.paragraphs[0].add_run(report.signer_authority.upper()), 14, True)
        _para(right, report.signer_title.upper(), size=14, bold=True, align="center")
    else:
        _font(right.paragraphs[0].add_run(report.signer_title.upper()), 14, True)
    for _n in range(4):
        _para(right, "", size=14)
    _para(right, report.signer_name, size=14, bold=True, align="center")


def _annex(pack, document, table):
    section = document.add_section()
    _page(section, landscape=True)
    _para(document, table.number, size=13, bold=True, align="center")
    _para(document, table.title.upper(), size=12, bold=True, align="center")
    sent = (
        _("(Kèm theo Báo cáo số %(number)s ngày %(day)s của %(body)s)")
        % {"number": pack.number, "day": pack.document_date.strftime("%d/%m/%Y"), "body": pack.identity.name}
        if pack.number and pack.document_date
        else _("(Kèm theo Báo cáo %(period)s của %(body)s)") % {"period": pack.period.label, "body": pack.identity.name}
    )
    _para(document, sent, size=12, italic=True, align="center", after=6)
    columns = table.doc_columns
    available = 29.7 - 3.0
    total_weight = sum(c.weight for c in columns)
    widths = [round(available * c.weight / total_weight, 2) for c in columns]
    grid = document.add_table(rows=1, cols=len(columns))
    _grid(grid)
    _widths(grid, widths)
    size = 8 if len(columns) > 9 else 9
    for cell, column in zip(grid.rows[0].cells, columns, strict=True):
        _cell(cell, column.header, size=size, bold=True, align="center")
    _repeat_header(grid.rows[0])

    def cells_of(values, bold=False):
        cells = grid.add_row().cells
        for cell, column in zip(cells, columns, strict=True):
            parts = [
                " ".join(p for p in (shown(values[i], table.columns[i].kind) for i in part) if p)
                if isinstance(part, tuple)
                else shown(values[part], table.columns[part].kind)
                for part in column.parts
            ]
            _cell(cell, "\n".join(p for p in parts if p), size=size, bold=bold, align=column.align)

    for values in table.rows:
        cells_of(values)
    if not table.rows:
        cells = grid.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, table.empty, size=size, italic=True, align="center")
    if table.totals is not None:
        cells_of(table.totals, bold=True)
    for note in table.notes:
        _para(document, note, size=10, italic=True, before=4)


def report_docx(pack) -> bytes:
    """The .docx bytes of `pack` (services.Pack), in Vietnamese whatever the request's language."""
    with translation.override("vi"):
        return _report_docx(pack)


def _report_docx(pack) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    properties = document.core_properties
    properties.title, properties.author = pack.title, pack.identity.name
    properties.language, properties.comments = "vi-VN", ""
    properties.created = properties.modified = pack.made_at.replace(tzinfo=None, microsecond=0)
    properties.last_modified_by, properties.revision = pack.identity.name, 1
    _page(document.sections[0], landscape=False)
    # python-docx's template starts with one empty paragraph; the heading table goes before it.
    _heading(pack, document)
    _para(document, _("BÁO CÁO"), size=14, bold=True, align="center", before=18)
    _para(document, pack.title, size=14, bold=True, align="center")
    _rule(document, 4.0, 16.5)
    recipients = pack.recipients
    if len(recipients) == 1:
        _para(document, _("Kính gửi: %(to)s.") % {"to": recipients[0]}, size=14, align="center", before=12, after=12)
    else:
        _para(document, _("Kính gửi:"), size=14, align="center", before=12)
        for n, line in enumerate(recipients):
            paragraph = _para(document, f"- {line}{'.' if n == len(recipients) - 1 else ';'}", size=14)
            paragraph.paragraph_format.left_indent = Cm(6.0)
        document.paragraphs[-1].paragraph_format.space_after = Pt(12)
    _para(
        document,
        _(
            "%(body)s báo cáo kết quả công tác viện trợ phi chính phủ nước ngoài, đối ngoại nhân dân và công tác "
            "người Việt Nam ở nước ngoài %(period)s (từ ngày %(start)s đến ngày %(end)s) như sau:"
        )
        % {
            "body": pack.identity.name,
            "period": pack.period.label,
            "start": pack.period.start.strftime("%d/%m/%Y"),
            "end": pack.period.end.strftime("%d/%m/%Y"),
        },
        align="justify",
        indent=1.0,
        after=6,
        line=1.15,
    )
    _para(document, _("I. KẾT QUẢ THỰC HIỆN"), bold=True, after=6, before=6)
    _para(
        document,
        _("Số liệu chính %(period)s, so với cùng kỳ và kế hoạch (chi tiết tại các phụ lục kèm theo):")
        % {"period": pack.period.label},
        align="justify",
        indent=1.0,
        after=6,
        line=1.15,
    )
    _summary(pack, document)
    _para(
        document,
        _("Ghi chú: “—” là không so sánh được (cùng kỳ không có số liệu); ô kế hoạch trống là chưa giao chỉ tiêu."),
        size=11,
        italic=True,
        before=4,
        after=6,
    )
    if pack.programs:
        _para(document, _("Thực hiện các chương trình xúc tiến viện trợ:"), bold=True, before=6, after=6)
        for entry in pack.programs:
            program = entry["program"]
            brought = entry["brought"]
            text = _(
                "%(name)s (%(first)s–%(last)s): đã mang lại %(items)s khoản viện trợ, giá trị cam kết %(usd)s USD."
            ) % {
                "name": program.name,
                "first": program.first_year,
                "last": program.last_year,
                "items": shown(brought["items"], "count"),
                "usd": shown(brought["usd"], "count"),
            }
            for target in entry["targets"]:
                text += " " + _("%(label)s: đạt %(actual)s/%(target)s (%(percent)s).") % {
                    "label": target["label"],
                    "actual": shown(target["actual"], "count"),
                    "target": shown(target["target"], "count"),
                    "percent": shown(target["percent"], PERCENT) if target["percent"] is not None else "—",
                }
            _para(document, "- " + text, align="justify", indent=1.0, after=6, line=1.15)
    for heading, text in (
        (_("II. ĐÁNH GIÁ CHUNG"), pack.report.assessment),
        (_("III. KHÓ KHĂN, VƯỚNG MẮC"), pack.report.difficulties),
        (_("IV. ĐỀ XUẤT, KIẾN NGHỊ"), pack.report.proposals),
    ):
        _para(document, heading, bold=True, before=6, after=6)
        _paragraphs(document, text)
    _para(
        document,
        _("Trên đây là báo cáo %(period)s của %(body)s./.") % {"period": pack.period.label, "body": pack.identity.name},
        align="justify",
        indent=1.0,
        after=12,
        line=1.15,
    )
    _signature(pack, document)
    for table in annex_tables(pack):
        _annex(pack, document, table)
    # The first, empty paragraph of python-docx's template, dropped.
    first = document.paragraphs[0]
    if not first.text and first._p.getprevious() is None:
        first._p.getparent().remove(first._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
