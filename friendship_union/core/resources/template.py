"""The template workbook staff download to fill in: the import headers and what each column expects."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill


def template_workbook(resource, *, title: str = "") -> bytes:
    """An xlsx with the import headers in bold on the first sheet and, on a second sheet, what each
    column expects."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or str(resource._meta.model._meta.verbose_name_plural))[:31]
    headers = resource.get_user_visible_headers()
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, len(header) + 4)
    notes = workbook.create_sheet(str(_("Hướng dẫn")))
    notes.append([str(_("Cột")), str(_("Cách ghi")), str(_("Bắt buộc"))])
    for field in resource.get_import_fields():
        notes.append(
            [
                field.column_name,
                str(getattr(field, "help_text", "") or ""),
                str(_("Có")) if getattr(field, "required", False) else "",
            ]
        )
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
