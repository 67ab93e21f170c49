"""Cells as staff write them in their spreadsheets, read into Python values (and written back on
export): text in NFC without stray spaces, dd/mm/yyyy dates or real Excel dates, "29.000.000" and
"29,000,000.50", Có/Không/x/1/0, choices by their Vietnamese or English label, related records by
code or any of their names. Every error is a CellError whose Vietnamese message says what the cell
should hold; the resource adds the row, the column and the value.

Each widget also says how its cells are written (`spec()`: the template's guide, drop-down list and
Excel format) and shows a value as it will be stored, the way staff write it (`display()`: the
import preview — 1.250.000,50, 05/04/2010, a choice's label, a partner's name).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from ..exports import uninert
from ..numbers import parse_bool, parse_date, parse_decimal
from ..templatetags.vn import number
from ..text import clean_text, fold, nfc

# A drop-down list of records (partners, aid items…) longer than this is left out of the template:
# the guide then says what to write instead.
LIST_LIMIT = 5000


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


@dataclass
class ColumnSpec:
    """How a column's cells are written, for the template: `kind` (text, date, number, integer, year,
    choice, yesno, lookup, list), the `format` in words, the Excel number format, every allowed value
    (None when open), whether Excel offers them in a drop-down (`dropdown`, one value per cell) and
    refuses others (`strict`, closed lists)."""

    kind: str
    format: str
    excel_format: str = "@"
    allowed: list[str] | None = None
    dropdown: bool = False
    strict: bool = False


def display_value(value) -> str:
    """Any value as staff write it: dd/mm/yyyy, 1.250.000,50, Có/Không, text as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
        return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        return str(number(value))
    return str(value)


def shown(value) -> str:
    """A cell's value as quoted in a message: at most 60 characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class TextWidget(widgets.Widget):
    """Text cells: NFC, stray spaces removed, blank (None) stored as ""."""

    kind = "text"

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, str):
            value = uninert(value)  # an export's "'=…" reads back as the "=…" it was
        return clean_text(value) if not isinstance(value, str) or "\n" not in value else nfc(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)

    def display(self, value):
        return "" if value is None else str(value)

    def spec(self) -> ColumnSpec:
        return ColumnSpec(self.kind, _("Chữ"))


class DateWidget(widgets.Widget):
    """dd/mm/yyyy text or a real Excel date cell; exported as dd/mm/yyyy."""

    kind = "date"

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise CellError(_("không phải ngày hợp lệ (nhập dạng dd/mm/yyyy, ví dụ 05/04/2025)")) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""

    def display(self, value):
        return value.strftime("%d/%m/%Y") if value else ""

    def spec(self) -> ColumnSpec:
        return ColumnSpec(
            self.kind,
            _("Ngày dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 05/04/2010; ô ngày của Excel cũng được"),
            "dd/mm/yyyy",
        )


class DecimalWidget(widgets.Widget):
    """Numbers as staff type them: 29.000.000, 29,000,000.50, 26.300, 0,85."""

    kind = "number"

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            raise CellError(_("không phải là số (ví dụ 29.000.000 hoặc 29000000,50)")) from None

    def render(self, value, obj=None, **kwargs):
        """A whole amount as an integer (372000, never Decimal's 3.72E+5, which staff cannot read and
        the import would refuse); other amounts without trailing zeros — except that exactly three
        decimals get a fourth (212.8440), because "212.844" reads as 212844 here, as Vietnamese
        groups thousands with a dot. So every export imports back unchanged."""
        if value is None:
            return ""
        if value == value.to_integral():
            return int(value)
        value = value.normalize()
        return value.quantize(Decimal("0.0001")) if value.as_tuple().exponent == -3 else value

    def display(self, value):
        return "" if value is None else str(number(value))

    def spec(self) -> ColumnSpec:
        return ColumnSpec(
            self.kind,
            _(
                "Số; dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần lẻ: 1.250.000,50 "
                "(1,250,000.50 cũng được); ô số của Excel cũng được. Không ghi đơn vị tiền"
            ),
            "#,##0.00",
        )


class IntegerWidget(widgets.Widget):
    """Whole numbers: 1.095 or 1095. `year=True` for a year (2010, never grouped as 2.010)."""

    def __init__(self, *, year=False):
        self.year = year
        self.kind = "year" if year else "integer"

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            number = parse_decimal(value)
        except ValueError:
            raise CellError(_("không phải là số nguyên")) from None
        if number != number.to_integral():
            raise CellError(_("không phải là số nguyên"))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value

    def display(self, value):
        if value is None:
            return ""
        return str(value) if self.year else str(number(value))

    def spec(self) -> ColumnSpec:
        if self.year:
            return ColumnSpec(self.kind, _("Năm, bốn chữ số, ví dụ 2010"), "0")
        return ColumnSpec(self.kind, _("Số nguyên, ví dụ 1.095 hoặc 1095"), "#,##0")


class BooleanWidget(widgets.Widget):
    kind = "yesno"

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_bool(value)
        except ValueError:
            raise CellError(_("cần ghi Có hoặc Không (hoặc x, 1, 0)")) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Có") if value else _("Không")

    def display(self, value):
        return self.render(value)

    def spec(self) -> ColumnSpec:
        return ColumnSpec(
            self.kind,
            _("Có hoặc Không (x, 1, 0 cũng được)"),
            allowed=[_("Có"), _("Không")],
            dropdown=True,
            strict=True,
        )


class ChoiceWidget(widgets.Widget):
    """A choice by its Vietnamese label, English label or stored value, without diacritics or case.
    `extra` maps more folded spellings to values."""

    kind = "choice"

    def __init__(self, choices, extra=None):
        self.choices = choices
        self.extra = {fold(k): v for k, v in (extra or {}).items()}
        self._cached = None

    def _mapping(self):

        if self._cached is not None:
            return self._cached
        mapping = dict(self.extra)
        for value, label in self.choices:
            mapping[fold(value)] = value
            mapping[fold(str(label))] = value
            with translation.override("en"):
                mapping[fold(str(label))] = value
        self._cached = mapping
        return mapping

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        found = self._mapping().get(fold(value))
        if found is None:
            allowed = "; ".join(f"“{label}”" for _value, label in self.choices)
            raise CellError(_("không phải giá trị hợp lệ (chọn một trong: %(allowed)s)") % {"allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))

    def display(self, value):
        return self.render(value)

    def spec(self) -> ColumnSpec:
        return ColumnSpec(
            self.kind,
            _("Một giá trị trong danh sách (chọn ở ô thả xuống); tên tiếng Anh, chữ không dấu cũng được"),
            allowed=[str(label) for _value, label in self.choices],
            dropdown=True,
            strict=True,
        )


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record found by its code or any of its names, without diacritics or case.

    `lookups` are field names compared after folding; `search_field` (optional) is a "|a|b|" field
    of folded names. Results are cached for the whole file. `show` gives a record as the preview
    shows it (default: its `field`); `listed` offers every record's `field` in the template's
    drop-down; `format` says in words what the cell holds."""

    kind = "lookup"

    def __init__(
        self, model, field="pk", *, lookups=(), search_field=None, noun="", show=None, listed=True, format="", **kwargs
    ):
        super().__init__(model, field=field, **kwargs)
        self.lookups, self.search_field, self.noun = lookups, search_field, noun
        self.show, self.listed, self.format = show, listed, format
        self._cache = {}

    def display(self, value):
        if value is None:
            return ""
        return str(self.show(value) if self.show else getattr(value, self.field))

    def options(self) -> list[str] | None:
        if not self.listed:
            return None
        values = list(
            self.get_queryset(None, None).order_by(self.field).values_list(self.field, flat=True)[: LIST_LIMIT + 1]
        )
        return [str(v) for v in values] if len(values) <= LIST_LIMIT else None

    def spec(self) -> ColumnSpec:
        allowed = self.options()
        return ColumnSpec(
            self.kind,
            str(self.format or _("Một %(noun)s đã có trong phần mềm") % {"noun": self.noun or _("mục")}),
            allowed=allowed,
            dropdown=allowed is not None,
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = fold(value)
        if key not in self._cache:
            self._cache[key] = self._find(key)
        found = self._cache[key]
        if found is None:
            raise CellError(_("không có %(noun)s này trong danh mục") % {"noun": self.noun or _("mục")})
        return found

    def _find(self, key):
        qs = self.get_queryset(None, None)
        direct = qs.filter(**{f"{self.field}__iexact": key}).first()
        if direct is not None:
            return direct
        if self.search_field:
            found = list(qs.filter(**{f"{self.search_field}__contains": f"|{key}|"})[:2])
            if len(found) == 1:
                return found[0]
        for name in self.lookups:
            for obj in qs.only("pk", name):
                if fold(getattr(obj, name)) == key:
                    return qs.get(pk=obj.pk)
        return None


class ListWidget(widgets.ManyToManyWidget):
    """Several related records in one cell, separated by ";" (or new lines), each found by `find`;
    `render_name` writes one back on export, `show` in the preview (default: `render_name`);
    `options` (a callable) lists the names the template offers."""

    kind = "list"

    def __init__(self, model, find, render_name, noun, *, show=None, options=None, format="", **kwargs):
        super().__init__(model, **kwargs)
        self.find, self.render_name, self.noun = find, render_name, noun
        self.show, self.options, self.format = show or render_name, options, format

    def display(self, records) -> list[str]:
        return [str(self.show(r)) for r in records]

    def spec(self) -> ColumnSpec:
        allowed = list(self.options()) if self.options else None
        return ColumnSpec(
            self.kind,
            str(
                self.format
                or _("Một hoặc nhiều %(noun)s đã có trong phần mềm, cách nhau bằng dấu ;") % {"noun": self.noun}
            ),
            allowed=allowed,
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.model.objects.none()
        found, missing = [], []
        for part in str(value).replace("\n", ";").split(";"):
            part = clean_text(part)
            if not part:
                continue
            item = self.find(part)
            (found if item is not None else missing).append(item if item is not None else part)
        if missing:
            raise CellError(
                _("có %(noun)s không tìm thấy: %(missing)s") % {"noun": self.noun, "missing": "; ".join(missing)}
            )
        return self.model.objects.filter(pk__in=[i.pk for i in found])

    def render(self, value, obj=None, **kwargs):
        return "; ".join(self.render_name(v) for v in value.all()) if value is not None else ""


class Field(fields.Field):
    """A column: `column_name` is the Vietnamese header; `aliases` are other headers accepted;
    `required` columns must be in the file and filled. For the template's guide: `help_text` says
    what the column means, `example` is the example row's value (a date, a number or text, as Excel
    should hold it), `format` and `allowed` (a list, or a callable giving one) replace what the
    widget would say (compound cells)."""

    def __init__(
        self, *args, aliases=(), required=False, help_text="", example=None, format="", allowed=None, **kwargs
    ):
        kwargs.setdefault("widget", TextWidget())
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)
        self.required = required
        self.help_text = help_text
        self.example = example
        self.format = format
        self.allowed = allowed

    def spec(self) -> ColumnSpec:
        spec = self.widget.spec() if hasattr(self.widget, "spec") else TextWidget().spec()
        if self.format:
            spec.format = str(self.format)
        if self.allowed is not None:
            allowed = self.allowed() if callable(self.allowed) else self.allowed
            spec.allowed = [str(a) for a in allowed]
        return spec
