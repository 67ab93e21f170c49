"""The base for every spreadsheet import/export (django-import-export), so all of them behave alike:

- headers in Vietnamese, English (or any declared alias) accepted, matched without diacritics/case;
- text cells normalized to NFC with stray spaces removed; trailing blank rows dropped, blank rows
  in between skipped (so row numbers still match the spreadsheet);
- dates day first and real Excel date cells, numbers "29.000.000" / "29,000,000.50", Có/Không/x/1/0;
- every error names the spreadsheet row, the column and the value, in Vietnamese;
- nothing is written unless the whole file is valid (IMPORT_EXPORT_USE_TRANSACTIONS), and
  re-importing the same file changes nothing (skip_unchanged on a business key).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .numbers import parse_bool, parse_date, parse_decimal
from .text import clean_text, fold, nfc


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


class TextWidget(widgets.Widget):
    """Text cells: NFC, stray spaces removed, blank (None) stored as ""."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
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
        if value is None:
            return ""
        return value.normalize() if value == value.to_integral() else value


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


class Field(fields.Field):
    """A column: `column_name` is the Vietnamese header; `aliases` are other headers accepted."""

    def __init__(self, *args, aliases=(), required=False, help_text="", **kwargs):
        kwargs.setdefault("widget", TextWidget())
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)
        self.required = required
        self.help_text = help_text


class VietnameseResource(resources.ModelResource):
    """Base ModelResource for every import kind (see the module docstring)."""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """All or nothing: django-import-export rolls back on exceptions only; a row that fails
        validation must roll the whole file back too."""
        with transaction.atomic():
            result = super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                **kwargs,
            )
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def get_user_visible_headers(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields()]

    def _header_map(self) -> dict[str, str]:
        mapping = {}
        for field in self.get_import_fields():
            names = [field.column_name, field.attribute or "", *getattr(field, "aliases", ())]
            for name in names:
                if name:
                    mapping.setdefault(fold(name), field.column_name)
        return mapping

    def before_import(self, dataset, **kwargs):
        mapping = self._header_map()
        headers = [
            mapping.get(fold(h), clean_text(h)) if h is not None else "" for h in dataset.headers or []
        ]
        rows = [tuple(nfc(c) if isinstance(c, str) else c for c in row) for row in dataset]
        while rows and all(c in (None, "") or (isinstance(c, str) and not c.strip()) for c in rows[-1]):
            rows.pop()
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        missing = [
            f.column_name
            for f in self.get_import_fields()
            if getattr(f, "required", False) and f.column_name not in headers
        ]
        if missing:
            raise ValidationError(
                _("Tệp thiếu cột: %(columns)s. Tải tệp mẫu để xem đúng tiêu đề cột.")
                % {"columns": ", ".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in row.values()):
            return True  # a blank line in the middle of the sheet
        return super().skip_row(instance, original, row, import_validation_errors=import_validation_errors)

    def get_or_init_instance(self, instance_loader, row):
        """Reading the business key (import_id_fields) can fail too: report it like any cell."""
        try:
            return super().get_or_init_instance(instance_loader, row)
        except ValueError:
            number = getattr(self, "_row_number", None)
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(self.cell_message(number, field, row, exc))
            raise ValidationError(errors or _("Không đọc được khóa của dòng.")) from None

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number")
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Like django-import-export's, but each message names the spreadsheet row (header = row 1),
        the column and the value."""
        number = kwargs.get("row_number")
        self._current = (number, row)
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                if getattr(field, "required", False) and row.get(field.column_name) in (None, ""):
                    raise CellError(_("bắt buộc, không được để trống"))
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(
                    self.cell_message(number, field, row, exc), code="invalid"
                )
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation (full_clean) errors, reworded to name the row, column and value."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            number, row = getattr(self, "_current", (None, {}))
            by_attribute = {f.attribute: f for f in self.get_import_fields()}
            errors = {}
            for name, messages in exc.message_dict.items():
                field = by_attribute.get(name)
                if field is None or name in (import_validation_errors or {}):
                    errors[name] = messages
                    continue
                text = "; ".join(messages)
                errors[name] = [self.cell_message(number, field, row, CellError(f"— {text}"))]
            raise ValidationError(errors) from None

    @staticmethod
    def cell_message(number, field, row, exc) -> str:
        value = row.get(field.column_name)
        where = _("Dòng %(row)s, cột “%(column)s”") % {
            "row": number + 1 if number else "?",
            "column": field.column_name,
        }
        if value in (None, ""):
            return f"{where}: {exc}"
        return f"{where}: “{_shown(value)}” {exc}"


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


class ChoiceWidget(widgets.Widget):
    """A choice by its Vietnamese label, English label or stored value, without diacritics or case.
    `extra` maps more folded spellings to values."""

    def __init__(self, choices, extra=None):
        self.choices = choices
        self.extra = {fold(k): v for k, v in (extra or {}).items()}

    def _mapping(self):
        from django.utils import translation

        mapping = dict(self.extra)
        for value, label in self.choices:
            mapping[fold(value)] = value
            mapping[fold(str(label))] = value
            with translation.override("en"):
                mapping[fold(str(label))] = value
        return mapping

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        found = self._mapping().get(fold(value))
        if found is None:
            allowed = ", ".join(str(label) for _value, label in self.choices)
            raise CellError(
                _("không phải giá trị hợp lệ (chọn một trong: %(allowed)s)") % {"allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class CountryWidget(widgets.ForeignKeyWidget):
    """A country by ISO code, Vietnamese or English name, or alias (Úc, Australia, AU)."""

    def __init__(self, **kwargs):
        from friendship_union.reference.models import Country

        super().__init__(Country, "code", **kwargs)
        self._cache = {}

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = fold(value)
        if key not in self._cache:
            self._cache[key] = self.model.objects.lookup(str(value))
        if self._cache[key] is None:
            raise CellError(_("không phải tên hay mã quốc gia đã biết"))
        return self._cache[key]

    def render(self, value, obj=None, **kwargs):
        return value.name_vi if value else ""


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
                _("có %(noun)s không tìm thấy: %(missing)s")
                % {"noun": self.noun, "missing": "; ".join(missing)}
            )
        return self.model.objects.filter(pk__in=[i.pk for i in found])

    def render(self, value, obj=None, **kwargs):
        return "; ".join(self.render_name(v) for v in value.all()) if value is not None else ""
