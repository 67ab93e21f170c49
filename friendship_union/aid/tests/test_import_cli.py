"""`manage.py import_records` and the spreadsheet round trip, on real files."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from friendship_union.aid.models import AidItem
from friendship_union.aid.resources import AidItemResource
from friendship_union.core.imports import read_dataset

from .test_aid import GOOD_ROW, HEADERS, partners, rates  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def write_xlsx(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    sheet.append([None] * len(headers))  # blank trailing rows, as Excel files often have
    sheet.append([None] * len(headers))
    workbook.save(path)
    return path


def excel_row():
    row = list(GOOD_ROW)
    row[10] = datetime.datetime(2013, 5, 15)  # real Excel date cells
    row[12] = datetime.datetime(2013, 5, 1)
    row[8] = 29000.5  # a real number cell
    return row


def test_cli_dry_run_writes_nothing_then_import_then_reimport(partners, tmp_path):  # noqa: F811
    path = write_xlsx(tmp_path / "vien-tro.xlsx", HEADERS, [excel_row()])
    out = io.StringIO()
    call_command("import_records", "aid-items", str(path), "--dry-run", stdout=out)
    assert "Kiểm tra xong (chưa ghi): 1 mới" in out.getvalue()
    assert not AidItem.objects.exists()
    call_command("import_records", "aid-items", str(path), stdout=out)
    item = AidItem.objects.get()
    assert item.commitment_date == datetime.date(2013, 5, 15)
    assert item.committed_amount == 29000.5
    out = io.StringIO()
    call_command("import_records", "aid-items", str(path), stdout=out)
    assert "0 mới, 0 cập nhật, 1 không đổi" in out.getvalue()


def test_cli_bad_file_lists_errors_and_fails(partners, tmp_path):  # noqa: F811
    bad = excel_row()
    bad[0], bad[9] = "VT-2013-02", "XYZ"
    path = write_xlsx(tmp_path / "loi.xlsx", HEADERS, [excel_row(), bad])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi trong 2 dòng — không ghi gì"):
        call_command("import_records", "aid-items", str(path), stderr=err)
    assert "Dòng 3, cột “Tiền tệ”: “XYZ” không có tiền tệ này trong danh mục" in err.getvalue()
    assert not AidItem.objects.exists()


def test_duplicate_codes_in_one_file(partners, tmp_path):  # noqa: F811
    path = write_xlsx(tmp_path / "trung.xlsx", HEADERS, [excel_row(), excel_row()])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "aid-items", str(path), stderr=err)
    assert "Dòng 3, cột “Mã”: “VT-2013-01” trùng với dòng 2." in err.getvalue()


def test_cli_template_and_unknown_kind(tmp_path, reference_data):
    out = tmp_path / "mau.xlsx"
    call_command("import_records", "aid-items", "--template", str(out), stdout=io.StringIO())
    assert [c.value for c in load_workbook(out).active[1]][:3] == ["Mã", "Tên", "Tên tiếng Anh"]
    with pytest.raises(CommandError, match="Không có loại dữ liệu “vien-tro”"):
        call_command("import_records", "vien-tro", "x.xlsx")


def test_csv_with_semicolons_and_bom(partners, tmp_path):  # noqa: F811
    path = tmp_path / "vien-tro.csv"
    line = ";".join(f'"{v}"' for v in GOOD_ROW)
    path.write_text(";".join(HEADERS) + "\n" + line + "\n", encoding="utf-8-sig")
    call_command("import_records", "aid-items", str(path), stdout=io.StringIO())
    assert AidItem.objects.get().code == "VT-2013-01"


def test_export_reimports_unchanged(partners, tmp_path):  # noqa: F811
    path = write_xlsx(tmp_path / "vien-tro.xlsx", HEADERS, [excel_row()])
    call_command("import_records", "aid-items", str(path), stdout=io.StringIO())
    exported = AidItemResource().export()
    out_path = tmp_path / "xuat.xlsx"
    out_path.write_bytes(exported.export("xlsx"))
    dataset = read_dataset(out_path)
    assert dataset.headers[:2] == ["Mã", "Tên"]
    result = AidItemResource().import_data(dataset, dry_run=False)
    assert result.totals["skip"] == 1 and result.totals["update"] == 0, [
        [str(m) for m in r.error_dict.values()] for r in result.invalid_rows
    ]


def test_admin_import_aid_items_preview_confirm(client, partners, tmp_path):  # noqa: F811
    from friendship_union.core.tests.factories import UserFactory

    client.force_login(UserFactory(username="nhaplieu9", role="data_entry"))
    path = write_xlsx(tmp_path / "vien-tro.xlsx", HEADERS, [excel_row()])
    with open(path, "rb") as handle:
        preview = client.post("/admin/aid/aiditem/import/", {"import_file": handle, "format": "0", "resource": "0"})
    assert "Xác nhận nhập" in preview.content.decode()
    assert not AidItem.objects.exists()
    confirm = client.post("/admin/aid/aiditem/process_import/", preview.context["confirm_form"].initial)
    assert confirm.status_code == 302
    item = AidItem.objects.get()
    assert item.locations.count() == 2 and item.providers.count() == 2
    assert item.history.get().history_user.username == "nhaplieu9"


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_read_as_staff_typed_them():
    """Whole numbers as whole numbers (a decision number 123 stays "123", not "123.0"), dates as dates,
    empty cells empty, and a sheet that starts lower down keeps the spreadsheet's row numbers."""
    from friendship_union.core.imports import read_xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "Mã", "Số", "Ngày", "Tỷ lệ"
    sheet["B4"], sheet["C4"], sheet["D4"], sheet["E4"] = "VT-1", 123, datetime.date(2024, 3, 5), 12.5
    dataset = read_xlsx(_workbook_bytes(workbook))
    assert dataset.headers == ["", "", "", "", ""]  # row 1 is the header row, as the spreadsheet numbers it
    assert list(dataset[1]) == [None, "Mã", "Số", "Ngày", "Tỷ lệ"]  # row 3
    code, number, day, share = dataset[2][1:]
    assert (code, number, day, share) == ("VT-1", 123, datetime.datetime(2024, 3, 5), 12.5)
    assert type(number) is int


def test_an_error_cell_is_named_in_the_message_not_read_as_blank(partners, tmp_path):  # noqa: F811
    """A formula that failed (#N/A from a lookup) in the date column: the message quotes it; it is not
    taken for an empty cell."""
    row = excel_row()
    row[10] = "#N/A"  # openpyxl writes a text starting with # … as an error cell (t="e")
    path = write_xlsx(tmp_path / "loi-cong-thuc.xlsx", HEADERS, [row])
    assert b't="e"' in __import__("zipfile").ZipFile(path).read("xl/worksheets/sheet1.xml")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "aid-items", str(path), stderr=err)
    assert "“#N/A”" in err.getvalue()
    assert not AidItem.objects.exists()


def test_the_admin_imports_the_first_sheet_even_if_another_was_open_when_saved(client, partners, tmp_path):  # noqa: F811
    """The template has its guide and lists after the data sheet: a file saved with the guide open
    still imports its data sheet."""
    from friendship_union.core.tests.factories import UserFactory

    workbook = load_workbook(write_xlsx(tmp_path / "vien-tro.xlsx", HEADERS, [excel_row()]))
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Ý nghĩa"])
    workbook.active = 1
    path = tmp_path / "mo-huong-dan.xlsx"
    workbook.save(path)
    client.force_login(UserFactory(username="nhaplieu8", role="data_entry"))
    with open(path, "rb") as handle:
        preview = client.post("/admin/aid/aiditem/import/", {"import_file": handle, "format": "0", "resource": "0"})
    assert "Xác nhận nhập" in preview.content.decode(), preview.content.decode()[:2000]
    assert "VT-2013-01" in preview.content.decode()


@pytest.mark.parametrize("data", [b"Danh sach vien tro", b"PK\x03\x04 cut short"], ids=["text", "broken"])
def test_the_command_names_a_file_that_is_no_workbook(tmp_path, reference_data, data):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=r"Không đọc được tệp Excel \(\.xlsx\): tệp bị hỏng"):
        call_command("import_records", "aid-items", str(path), stdout=io.StringIO())
    assert not AidItem.objects.exists()
