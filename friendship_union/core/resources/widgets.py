"""Cells as staff write them in their spreadsheets, read into Python values (and written back on
export): text in NFC without stray spaces, dd/mm/yyyy dates or real Excel dates, "29.000.000" and
"29,000,000.50", Có/Không/x/1/0, choices by their Vietnamese or English label, related records by
code or any of their names. Every error is a CellError whose Vietnamese message says what the cell
should hold; the resource adds the row, the column and the value."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from ..exports import uninert
from ..numbers import parse_bool, parse_date, parse_decimal
from ..text import clean_text, fold, nfc


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


def shown(value) -> str:
    """A cell's value as quoted in a message: at most 60 characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class TextWidget(widgets.Widget):
    """Text cells: NFC, stray spaces removed, blank (None) stored as ""."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, str):
            value = uninert(value)  # an export's "'=…" reads back as the "=…" it was
        return clean_text(value) if not isinstance(value, str) or "\n" not in value else nfc(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """dd/mm/yyyy text or a real Excel date cell; exported as dd/mm/yyyy."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise CellError(_("không phải ngày hợp lệ (nhập dạng dd/mm/yyyy, ví dụ 05/04/2025)")) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class DecimalWidget(widgets.Widget):
    """Numbers as staff type them: 29.000.000, 29,000,000.50, 26.300, 0,85."""

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


class IntegerWidget(widgets.Widget):
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


class BooleanWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_bool(value)
        except ValueError:
            raise CellError(_("cần ghi Có hoặc Không (hoặc x, 1, 0)")) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Có") if value else _("Không")


class ChoiceWidget(widgets.Widget):
    """A choice by its Vietnamese label, English label or stored value, without diacritics or case.
    `extra` maps more folded spellings to values."""

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
            allowed = ", ".join(str(label) for _value, label in self.choices)
            raise CellError(_("không phải giá trị hợp lệ (chọn một trong: %(allowed)s)") % {"allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record found by its code or any of its names, without diacritics or case.

    `lookups` are field names compared after folding; `search_field` (optional) is a "|a|b|" field
    of folded names. Results are cached for the whole file."""

    def __init__(self, model, field="pk", *, lookups=(), search_field=None, noun="", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.lookups, self.search_field, self.noun = lookups, search_field, noun
        self._cache = {}

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
    """Several related records in one cell, separated by ";" (or new lines), each found by `find`."""

    def __init__(self, model, find, render_name, noun, **kwargs):
        super().__init__(model, **kwargs)
        self.find, self.render_name, self.noun = find, render_name, noun

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
    `required` columns must be in the file and filled; `help_text` is what the template explains."""

    def __init__(self, *args, aliases=(), required=False, help_text="", **kwargs):
        kwargs.setdefault("widget", TextWidget())
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)
        self.required = required
        self.help_text = help_text
