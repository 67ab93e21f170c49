"""Spreadsheet import and export (django-import-export) shared by every app: cell widgets, the
resource base that reads a row and hands it to the record's write service, import keys for records
without a business key, and the template workbook."""

from .base import EXAMPLE_MARK, KeyInstanceLoader, VietnameseResource
from .rowkey import RowKeyMixin
from .template import template_workbook
from .widgets import (
    BooleanWidget,
    CellError,
    ChoiceWidget,
    ColumnSpec,
    DateWidget,
    DecimalWidget,
    Field,
    IntegerWidget,
    ListWidget,
    LookupWidget,
    TextWidget,
)

__all__ = [
    "EXAMPLE_MARK",
    "BooleanWidget",
    "CellError",
    "ChoiceWidget",
    "ColumnSpec",
    "DateWidget",
    "DecimalWidget",
    "Field",
    "IntegerWidget",
    "KeyInstanceLoader",
    "ListWidget",
    "LookupWidget",
    "RowKeyMixin",
    "TextWidget",
    "VietnameseResource",
    "template_workbook",
]
