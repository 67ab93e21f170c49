"""The template workbook staff download to fill in, the same for every import kind:

- the data sheet: the import headers (frozen; required ones darker, each with a note saying what it
  holds), one example row whose first cell is "VÍ DỤ" (the import ignores it), real Excel formats on
  every column (dates dd/mm/yyyy, numbers 1.250.000,50, text as text so "1/2" stays "1/2"),
  drop-down lists on every choice column and a hint when a cell is selected;
- "Hướng dẫn": every column explained — meaning, how to write it, allowed values one per line,
  example, required or not — and how the import behaves;
- "Danh mục" (hidden): the values of the drop-down lists, one per row (long lists such as countries
  and currencies live only here).
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .base import EXAMPLE_MARK
from .widgets import display_value

# The guide lists allowed values in its cell up to this many; longer lists are on "Danh mục".
SHORT_LIST = 20
LAST_ROW = 1048576
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="9DC3E6")
EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
EXAMPLE_FONT = Font(italic=True, color="595959")
THIN = Side(style="thin", color="BFBFBF")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _key_note(resource) -> str:
    key_columns = getattr(resource, "key_columns", ())
    if key_columns:
        return _(
            "Mỗi bản ghi được nhận biết theo các cột %(columns)s: nhập lại cùng dòng không tạo bản ghi trùng. "
            "Nếu hai dòng giống hệt nhau là hai bản ghi khác nhau, thêm cột “Mã” và ghi mã riêng cho mỗi dòng."
        ) % {"columns": ", ".join(f"“{c}”" for c in key_columns)}
    columns = [resource.fields[name].column_name for name in resource.get_import_id_fields()]
    return _(
        "Dòng có %(columns)s đã có trong phần mềm sẽ cập nhật bản ghi đó (ô để trống ở cột không bắt buộc "
        "xóa giá trị cũ); dòng khác tạo bản ghi mới."
    ) % {"columns": " + ".join(f"“{c}”" for c in columns)}


def _notes(resource) -> list[str]:
    return [
        _(
            "Mỗi dòng từ dòng 3 trở đi là một bản ghi. Dòng 2 là dòng ví dụ (ô đầu ghi “%(mark)s”): phần mềm "
            "luôn bỏ qua dòng này — có thể để nguyên, chép định dạng của nó hoặc xóa nó."
        )
        % {"mark": EXAMPLE_MARK},
        _(
            "Giữ nguyên tiêu đề cột ở dòng 1 (tiêu đề tiếng Anh hoặc không dấu cũng được nhận). Cột tô đậm "
            "là cột bắt buộc; cột khác có thể để trống."
        ),
        _(
            "Các cột đã có định dạng sẵn: ngày dd/mm/yyyy (05/04/2010), số 1.250.000,50, chữ giữ nguyên. "
            "Gõ ngày, số vào ô của Excel hoặc ghi như trên đều được."
        ),
        _("Cột lựa chọn có danh sách thả xuống: chọn ô rồi bấm mũi tên ở góc ô."),
        _key_note(resource),
        _(
            "Khi nhập, phần mềm cho xem trước từng dòng (mới, thay đổi, không đổi, lỗi) rồi mới ghi. Tệp còn "
            "lỗi thì không dòng nào được ghi; mỗi lỗi nêu dòng, cột và giá trị cần sửa. Nhập lại cùng một tệp "
            "không thay đổi gì."
        ),
    ]


def template_workbook(resource, *, title: str = "") -> bytes:
    """The xlsx template of `resource`'s import kind (see the module docstring)."""
    fields = list(resource.get_user_visible_fields())
    specs = [field.spec() for field in fields]
    for field, spec in zip(fields, specs, strict=True):
        default = resource.blank_default(field)
        if default is not None:
            shown = field.widget.display(default) if hasattr(field.widget, "display") else display_value(default)
            spec.format += ". " + str(_("Để trống: %(value)s")) % {"value": shown}
    workbook = Workbook()
    data = workbook.active
    data.title = (title or str(resource._meta.model._meta.verbose_name_plural))[:31]
    guide = workbook.create_sheet(str(_("Hướng dẫn")))
    lists = workbook.create_sheet(str(_("Danh mục")))
    lists.sheet_state = "hidden"

    # --- the data sheet
    data.append([str(f.column_name) for f in fields])
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 32
    list_column = 0
    for index, (field, spec) in enumerate(zip(fields, specs, strict=True), start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = REQUIRED_FILL if field.required else HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        header.border = Border(bottom=THIN, right=THIN)
        note = " ".join(
            part
            for part in (
                str(_("Bắt buộc.")) if field.required else "",
                str(field.help_text or ""),
                spec.format + ".",
            )
            if part
        )
        header.comment = Comment(note, "friendship_union", width=320, height=140)
        example = EXAMPLE_MARK if index == 1 else field.example
        cell = data.cell(row=2, column=index, value=str(example) if _is_lazy(example) else example)
        cell.number_format = spec.excel_format
        cell.font, cell.fill, cell.alignment = EXAMPLE_FONT, EXAMPLE_FILL, Alignment(vertical="top")
        column = data.column_dimensions[letter]
        column.number_format = spec.excel_format  # the cells staff type into take the column's format
        column.width = _width(field, spec)

        validation = None
        if spec.allowed:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=str(field.column_name)).font = Font(bold=True)
            for row, value in enumerate(spec.allowed, start=2):
                lists.cell(row=row, column=list_column, value=value)
            lists.column_dimensions[list_letter].width = 40
        if spec.allowed and spec.dropdown:
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(spec.allowed) + 1}",
                allow_blank=True,
                errorStyle="stop" if spec.strict else "warning",
                errorTitle=str(_("Giá trị không có trong danh sách"))[:32],
                error=str(_("Chọn một giá trị trong danh sách thả xuống của cột “%(column)s”."))
                % {"column": field.column_name},
            )
        elif spec.kind == "date":
            validation = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1900,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                errorStyle="warning",
                errorTitle=str(_("Không phải ngày"))[:32],
                error=str(_("Ghi ngày dạng dd/mm/yyyy, ví dụ 05/04/2010.")),
            )
        elif spec.kind in ("number", "integer", "year"):
            validation = DataValidation(
                type="whole" if spec.kind != "number" else "decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                errorStyle="warning",
                errorTitle=str(_("Không phải số"))[:32],
                error=str(_("Ghi số, ví dụ 1.250.000,50; không ghi đơn vị.")),
            )
        else:
            validation = DataValidation(allow_blank=True)
        validation.promptTitle = str(field.column_name)[:32]
        validation.prompt = _short(spec.format, 250)
        validation.showInputMessage = True
        validation.showErrorMessage = validation.type is not None
        validation.add(f"{letter}3:{letter}{LAST_ROW}")
        data.add_data_validation(validation)
    data.cell(row=2, column=1).comment = Comment(
        str(_("Dòng ví dụ: phần mềm luôn bỏ qua dòng có ô đầu ghi “%(mark)s”. Ghi dữ liệu từ dòng 3."))
        % {"mark": EXAMPLE_MARK},
        "friendship_union",
        width=260,
        height=80,
    )

    # --- the guide
    guide.append([str(_("Hướng dẫn điền tệp mẫu: %(kind)s")) % {"kind": data.title}])
    guide["A1"].font = Font(bold=True, size=14)
    guide.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    guide.row_dimensions[1].height = 24
    for note in _notes(resource):
        guide.append([f"• {note}"])
        guide.merge_cells(start_row=guide.max_row, start_column=1, end_row=guide.max_row, end_column=6)
        guide.cell(row=guide.max_row, column=1).alignment = WRAP_TOP
        guide.row_dimensions[guide.max_row].height = 32
    guide.append([])
    columns = [_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Cách ghi"), _("Giá trị được phép"), _("Ví dụ")]
    guide.append([str(c) for c in columns])
    table_header = guide.max_row
    for cell in guide[table_header]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, Border(bottom=THIN)
    guide.freeze_panes = f"A{table_header + 1}"
    for field, spec in zip(fields, specs, strict=True):
        guide.append(
            [
                str(field.column_name),
                str(_("Bắt buộc")) if field.required else str(_("Không")),
                str(field.help_text or ""),
                spec.format,
                _allowed_text(spec),
                _example_text(field, spec),
            ]
        )
        row = guide.max_row
        for cell in guide[row]:
            cell.alignment = WRAP_TOP
            cell.border = Border(bottom=THIN)
        guide.cell(row=row, column=1).font = Font(bold=True)
    for letter, width in zip("ABCDEF", (24, 10, 46, 46, 36, 26), strict=True):
        guide.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_lazy(value) -> bool:
    return value is not None and type(value).__name__ == "__proxy__"


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _width(field, spec) -> float:
    wide = {"date": 13, "number": 16, "integer": 12, "year": 9, "yesno": 11}
    return max(wide.get(spec.kind, 18), min(len(str(field.column_name)) + 4, 30))


def _allowed_text(spec) -> str:
    if not spec.allowed:
        return ""
    if len(spec.allowed) <= SHORT_LIST:
        return "\n".join(spec.allowed)
    where = _("danh sách đầy đủ ở trang ẩn “Danh mục” (chuột phải vào tên trang → Bỏ ẩn)")
    if spec.dropdown:
        return str(_("%(count)s giá trị: chọn ở ô thả xuống; %(where)s.")) % {
            "count": len(spec.allowed),
            "where": where,
        }
    return str(_("%(count)s giá trị; %(where)s.")) % {"count": len(spec.allowed), "where": where}


def _example_text(field, spec) -> str:
    value = field.example
    if value is None or value == "":
        return str(_("(để trống)"))
    if _is_lazy(value):
        value = str(value)
    if spec.kind == "year":
        return str(value)
    return display_value(value)
