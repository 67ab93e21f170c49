"""The registry of spreadsheet import kinds, and reading a file into a dataset.

An app declares its kinds on its AppConfig:

    import_kinds = {"partners": "friendship_union.partners.resources.PartnerResource"}

`manage.py import_records KIND FILE` and the benchmarks use this registry.
"""

import csv
import io
from pathlib import Path

import tablib
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import load_workbook


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


def read_dataset(path: Path) -> tablib.Dataset:
    """xlsx (first sheet) or csv (UTF-8, with or without BOM; comma or semicolon separated)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
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
