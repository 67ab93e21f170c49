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
