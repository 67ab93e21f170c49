"""Every import kind the README lists, through the admin as data entry uses it: a template that
teaches (every column explained, drop-downs on the choice columns, real Excel formats, an example row
the import ignores, a frozen header) and a preview that shows the kind's own export back unchanged.
Core knows no app: the kinds come from the registry, the pages from the admin site."""

import datetime
import io

import pytest
import tablib
from django.apps import apps
from openpyxl import load_workbook

from friendship_union.core.imports import import_kinds, resource_for, result_messages
from friendship_union.core.resources import EXAMPLE_MARK

from .factories import UserFactory
from .test_spreadsheet_roles import pages, readme_kinds

pytestmark = pytest.mark.django_db

EXCEL_FORMAT = {"date": "dd/mm/yyyy", "number": "#,##0.00", "integer": "#,##0", "year": "0", "text": "@"}
GUIDE_COLUMNS = ["Cột", "Bắt buộc", "Ý nghĩa", "Cách ghi", "Giá trị được phép", "Ví dụ"]


@pytest.fixture
def data_entry(client, reference_data):
    client.force_login(UserFactory(username="nhaplieu-mau", role="data_entry"))
    return client


def upload(client, url, content: bytes):
    handle = io.BytesIO(content)
    handle.name = "tep.xlsx"
    response = client.post(url, {"import_file": handle, "format": "0", "resource": "0"})
    assert response.status_code == 200
    return response, response.content.decode()


def guide_rows(guide) -> dict[str, dict[str, str]]:
    rows = list(guide.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if list(r[:6]) == GUIDE_COLUMNS)
    assert guide.freeze_panes == f"A{start + 2}"  # the table's header stays in view
    return {r[0]: dict(zip(GUIDE_COLUMNS, (v or "" for v in r), strict=False)) for r in rows[start + 1 :] if r[0]}


def validations_by_column(sheet) -> dict[str, object]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return found


def listed_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in sheet[first:last] for c in row]


@pytest.mark.parametrize("kind", readme_kinds())
def test_every_kinds_template_teaches_and_imports_nothing_untouched(data_entry, kind):
    resource = resource_for(kind)
    fields = resource.get_user_visible_fields()
    response = data_entry.get(pages(kind)["template"])
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    data, guide = workbook.worksheets[0], workbook["Hướng dẫn"]
    assert workbook["Danh mục"].sheet_state == "hidden"

    # The data sheet: headers, frozen; the example row, marked; real formats; drop-downs.
    assert [c.value for c in data[1]] == [f.column_name for f in fields]
    assert data.freeze_panes == "A2"
    assert data["A2"].value == EXAMPLE_MARK
    validations = validations_by_column(data)
    for index, field in enumerate(fields, start=1):
        letter = data.cell(row=1, column=index).column_letter
        spec = field.spec()
        if spec.kind in EXCEL_FORMAT:
            assert data.column_dimensions[letter].number_format == EXCEL_FORMAT[spec.kind], field.column_name
            assert data.cell(row=2, column=index).number_format == EXCEL_FORMAT[spec.kind], field.column_name
        if index > 1 and field.example not in (None, ""):
            assert data.cell(row=2, column=index).value not in (None, ""), field.column_name
        if spec.kind == "date" and index > 1:
            assert data.cell(row=2, column=index).is_date, field.column_name
        validation = validations[letter]
        assert validation.prompt, field.column_name  # a hint when the cell is selected
        if spec.kind in ("choice", "yesno") or (spec.kind == "lookup" and spec.allowed):
            assert validation.type == "list", field.column_name
            assert listed_values(workbook, validation.formula1) == spec.allowed, field.column_name
        if spec.kind in ("choice", "yesno"):
            assert validation.errorStyle == "stop", field.column_name

    # The guide: every column explained, allowed values one per line.
    guide_by_column = guide_rows(guide)
    assert list(guide_by_column) == [f.column_name for f in fields]
    for field in fields:
        explained = guide_by_column[field.column_name]
        assert explained["Bắt buộc"] == ("Bắt buộc" if field.required else "Không"), field.column_name
        for part in ("Ý nghĩa", "Cách ghi", "Ví dụ"):
            assert explained[part].strip(), (field.column_name, part)
        allowed = field.spec().allowed
        if allowed and len(allowed) <= 20:
            assert explained["Giá trị được phép"].split("\n") == allowed, field.column_name
        elif allowed:
            assert "Danh mục" in explained["Giá trị được phép"], field.column_name

    # The untouched template imports nothing and reports no error.
    upload_response, html = upload(data_entry, pages(kind)["import"], response.content)
    assert "Tệp chưa có dòng dữ liệu nào" in html
    assert "errorlist" not in html and "Xác nhận nhập" not in html
    assert upload_response.context["result"].counts == {"new": 0, "update": 0, "skip": 0, "errors": 0}


def test_the_readme_kinds_are_the_registry(reference_data):
    assert sorted(readme_kinds()) == sorted(import_kinds())


def seed(kind: str) -> None:
    """One record of a kind the demo has none of, imported (the import of every kind is the thing
    tested here, and core knows no app's models)."""
    model = apps.get_model
    rows = {
        "certificates": {
            "Đối tác": model("partners", "Partner").objects.order_by("code").first().code,
            "Loại giấy": "Giấy đăng ký hoạt động",
            "Số giấy": "123/BNG-GĐK",
            "Ngày cấp": datetime.datetime(2021, 6, 1),
            "Ngày hết hạn": datetime.datetime(2026, 5, 31),
            "Địa bàn được phép": "Cà Mau",
            "Lĩnh vực được phép": model("reference", "RegistrationSector").objects.order_by("name").first().name,
        },
        "disbursements": {
            "Mã khoản viện trợ": model("aid", "AidItem").objects.order_by("code").first().code,
            "Ngày giải ngân": datetime.datetime(2015, 3, 15),
            "Số tiền": 250000,
            "Tiền tệ": "USD",
        },
        "donations": {
            "Người/Hội tặng": "Nhóm kiều bào tại Melbourne",
            "Ngày": datetime.datetime(2023, 10, 20),
            "Số tiền": 5000,
            "Tiền tệ": "AUD",
        },
        "people": {"Họ tên": "Lê Văn Cường", "Chức vụ": "Phó Chủ tịch", "Từ ngày": datetime.datetime(2020, 10, 1)},
    }[kind]
    dataset = tablib.Dataset(headers=list(rows))
    dataset.append(list(rows.values()))
    result = resource_for(kind).import_data(dataset)
    assert result.counts["new"] == 1, result_messages(result)


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(
            kind,
            marks=pytest.mark.xfail(
                strict=True,
                reason="8 demo places (“Vĩnh Hậu, Hòa Bình”, “1, Bạc Liêu”) read a district as a province "
                "(reference.places): the export of their place text does not import back",
            ),
        )
        if kind == "aid-items"
        else kind
        for kind in readme_kinds()
    ],
)
def test_every_kinds_export_previews_back_unchanged(data_entry, demo, kind):
    """A kind's own export, uploaded again: every row unchanged, each column shown, no inline style."""
    resource = resource_for(kind)
    model = resource._meta.model
    if not model.objects.exists():
        seed(kind)
    exported = resource.export(queryset=model.objects.order_by("pk")[:400])  # 10.050 visits: the first 400
    response, html = upload(data_entry, pages(kind)["import"], exported.export("xlsx"))
    preview = response.context["result"].preview
    assert preview.counts == {"new": 0, "update": 0, "skip": len(exported), "errors": 0}, preview.problems[:3]
    assert "style=" not in html and "<ins" not in html
    blank = preview.blank_columns
    for field in resource.get_user_visible_fields():
        assert (f">{field.column_name}</th>" in html) != (field.column_name in blank), field.column_name
    for column in preview.shown_columns:  # a column is hidden only when blank in every row
        assert any(r.cells[preview.columns.index(column)].lines for r in preview.shown_rows), column.header
    assert len(preview.shown_rows) == len(exported)
    assert "Tệp không thay đổi gì" in html and "Xác nhận nhập" not in html


def test_a_long_file_shows_its_problems_and_changes_first(data_entry, demo, monkeypatch):
    """Past LIMIT rows the table shows every row with an error or a change, then the first others;
    the counts still cover the whole file."""
    from friendship_union.core.resources.preview import ImportPreview

    monkeypatch.setattr(ImportPreview, "LIMIT", 5)
    resource = resource_for("visits")
    exported = resource.export(queryset=resource._meta.model.objects.order_by("pk")[:12])
    rows = [list(r) for r in exported]
    headers = exported.headers
    rows[8][headers.index("Số lượt")] = "mười"  # an error in row 10
    rows[10][headers.index("Mục đích")] = "Dự Tết"  # a change in row 12
    changed = tablib.Dataset(*rows, headers=headers)
    response, html = upload(data_entry, pages("visits")["import"], changed.export("xlsx"))
    preview = response.context["result"].preview
    assert preview.counts == {"new": 0, "update": 1, "skip": 10, "errors": 1}
    assert [r.number for r in preview.shown_rows] == [2, 3, 4, 10, 12]
    assert "Bảng hiện 5 trong 12 dòng" in html
