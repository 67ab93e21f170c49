"""core.imports.inspect_xlsx: a workbook is looked over before calamine lays its sheet out as a dense
grid. Files written without cell addresses (some tools leave out r="A1") are read; a sheet too wide
or too large is refused in Vietnamese, whether its cells carry addresses or not."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from friendship_union.core.imports import UnreadableFile, read_xlsx


def workbook(rows: list[list], *, addresses: bool = True) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if addresses:
        return out.getvalue()
    source, stripped = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data)
                data = re.sub(rb'(<row) r="[0-9]+"', rb"\1", data)
            target.writestr(info.filename, data)
    return stripped.getvalue()


def test_a_file_without_cell_addresses_is_read_row_by_row():
    """300 rows of 3 cells, none with an address: 3 columns wide, not 900."""
    data = workbook([["Mã", "Tên", "Giá trị"], *([f"M-{n}", f"Tên {n}", n] for n in range(300))], addresses=False)
    assert b' r="' not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    dataset = read_xlsx(data)
    assert dataset.headers == ["Mã", "Tên", "Giá trị"] and len(dataset) == 300
    assert dataset[299] == ("M-299", "Tên 299", 299)


@pytest.mark.parametrize("addresses", [True, False], ids=["addressed", "not-addressed"])
def test_a_row_wider_than_the_limit_is_refused_with_or_without_addresses(addresses):
    data = workbook([["Mã", "Tên"], list(range(300))], addresses=addresses)
    with pytest.raises(UnreadableFile, match=r"^Bảng tính quá lớn để nhập: có ô đến dòng 2, cột 300 "):
        read_xlsx(data)


def lying(data: bytes, member: str, declared: int, padding: int = 0) -> bytes:
    """`data` rewritten with `padding` spaces inside `member`, which then declares `declared` bytes
    (its local header and the central directory say so; its stream holds the rest)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = content.replace(b"<sheetData>", b"<sheetData>" + b" " * padding, 1)
            target.writestr(info.filename, content)
    raw = bytearray(out.getvalue())
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := raw.find(signature, start) + 1) > 0:
            header = start - 1
            length = int.from_bytes(raw[header + name_at - 4 : header + name_at - 2], "little")
            if signature == b"PK\x01\x02":
                length = int.from_bytes(raw[header + 28 : header + 30], "little")
            if raw[header + name_at : header + name_at + length] == name:
                raw[header + size_at : header + size_at + 4] = declared.to_bytes(4, "little")
    return bytes(raw)


@pytest.mark.parametrize(
    ("member", "padding"),
    [("xl/worksheets/sheet1.xml", 64 * 1024 * 1024), ("xl/styles.xml", 0)],
    ids=["sheet-inflating-to-64-MB", "styles"],
)
def test_a_member_holding_more_than_it_declares_is_refused_before_any_reader(monkeypatch, member, padding):
    """A 1 KB declaration over a stream that inflates to 64 MB (calamine inflated such a file whole,
    1 GB of it in 2,1 GB of memory, before refusing it), or any member whose size is not the one it
    declares: refused as a broken file, inflating no further than the declared size, and neither
    calamine nor openpyxl is asked to read it."""
    from friendship_union.core import imports, imports_jobs

    data = lying(workbook([["Mã", "Tên"], ["M-1", "Một"]]), member, declared=1024, padding=padding)
    assert len(data) < 200 * 1024  # a small upload

    asked = []

    def never(*_args, **_kwargs):
        asked.append(True)
        raise AssertionError("a reader was asked to read it")  # (read_xlsx makes any failure its message)

    monkeypatch.setattr(imports.CalamineWorkbook, "from_filelike", never)  # imports_jobs's too: the same class
    monkeypatch.setattr(imports, "load_workbook", never)
    with pytest.raises(UnreadableFile, match=r"^Không đọc được tệp Excel \(\.xlsx\): tệp bị hỏng"):
        read_xlsx(data)
    assert imports_jobs.count_rows(data, "xlsx") is None  # at upload: the import then says why
    assert not asked


def test_a_stored_member_and_a_workbook_from_another_zip_writer_are_read():
    """Members stored without compression are read at their size; a file re-zipped by Python's
    zipfile (another writer than openpyxl's) reads as before."""
    data = workbook([["Mã", "Tên"], ["M-1", "Một"]])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            kind = zipfile.ZIP_STORED if info.filename.startswith("xl/worksheets/") else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info.filename), compress_type=kind)
    dataset = read_xlsx(out.getvalue())
    assert dataset.headers == ["Mã", "Tên"] and dataset[0] == ("M-1", "Một")
