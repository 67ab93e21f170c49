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

    # True when the import key is the model's only unique field and rows are loaded by key: the
    # in-file duplicate check then makes the per-row uniqueness query redundant.
    key_is_only_unique_field = False

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    # New rows are written in batches (bulk_create, with their history) instead of one by one.
    bulk_create_new = False
    bulk_batch_size = 500

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """All or nothing, in one transaction: django-import-export rolls back on exceptions only;
        a row that fails validation, or a preview, rolls the whole file back too. (Its per-row
        savepoints are not needed inside that one transaction.)"""
        self._user = kwargs.get("user")
        self._new_rows = []
        # A preview runs as a real import that writes nothing (save_instance below) and is rolled
        # back: django-import-export's own dry run would open a savepoint for every row.
        self._preview = dry_run
        with transaction.atomic():
            result = super().import_data(
                dataset, dry_run=False, raise_errors=raise_errors, use_transactions=False, **kwargs
            )
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def do_instance_save(self, instance, is_create):
        if self.bulk_create_new and is_create:
            if hasattr(instance, "prepare_for_save"):
                instance.prepare_for_save()
            self._new_rows.append(instance)
            if len(self._new_rows) >= self.bulk_batch_size:
                self.flush()
            return
        instance.save(force_insert=is_create)

    def flush(self) -> None:
        """Write the queued new rows (with history), then whatever the subclass queued after them."""
        if self._new_rows:
            model = self._meta.model
            if hasattr(model, "history"):
                from simple_history.utils import bulk_create_with_history

                bulk_create_with_history(
                    self._new_rows, model, batch_size=self.bulk_batch_size, default_user=self._user
                )
            else:
                model.objects.bulk_create(self._new_rows, batch_size=self.bulk_batch_size)
            self._new_rows = []
        self.after_flush()

    def after_flush(self) -> None:
        """Hook: write rows that depend on the new rows' primary keys."""

    def after_import(self, dataset, result, **kwargs):
        if not self._preview and not result.has_errors() and not result.has_validation_errors():
            self.flush()
            from .versioning import bump_records_version

            bump_records_version()  # bulk writes send no signals
        super().after_import(dataset, result, **kwargs)

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
        headers = [mapping.get(fold(h), clean_text(h)) if h is not None else "" for h in dataset.headers or []]
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
        if not missing:
            self._check_duplicate_keys(dataset)
        if missing:
            raise ValidationError(
                _("Tệp thiếu cột: %(columns)s. Tải tệp mẫu để xem đúng tiêu đề cột.") % {"columns": ", ".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def _check_duplicate_keys(self, dataset) -> None:
        """The same key twice in one file is an error naming both rows (which one should win?)."""
        columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        if not all(c in dataset.headers for c in columns):
            return
        indexes = [dataset.headers.index(c) for c in columns]
        seen: dict[tuple, int] = {}
        problems = []
        for number, row in enumerate(dataset, start=2):
            key = tuple(fold(row[i]) if isinstance(row[i], str) else row[i] for i in indexes)
            if all(k in (None, "") for k in key):
                continue
            if key in seen:
                problems.append(
                    _("Dòng %(row)s, cột “%(column)s”: “%(value)s” trùng với dòng %(first)s.")
                    % {
                        "row": number,
                        "column": columns[0],
                        "value": _shown(row[indexes[0]]),
                        "first": seen[key],
                    }
                )
            else:
                seen[key] = number
        if problems:
            raise ValidationError(problems)

    def save_instance(self, instance, is_create, row, **kwargs):
        """A preview (dry run) validates every row but writes nothing: no save, no related rows."""
        if getattr(self, "_preview", False):
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if getattr(self, "_preview", False):
            return
        super().save_m2m(instance, row, **kwargs)

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
                # Saved after the row (save_m2m); read now so a bad cell is reported with the others.
                if field.column_name in row:
                    try:
                        field.clean(row)
                    except ValueError as exc:
                        errors[field.attribute] = ValidationError(
                            self.cell_message(number, field, row, exc), code="invalid"
                        )
                continue
            try:
                if getattr(field, "required", False) and row.get(field.column_name) in (None, ""):
                    raise CellError(_("bắt buộc, không được để trống"))
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(self.cell_message(number, field, row, exc), code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation (full_clean), with errors reworded to name the row, column and value.

        Related records found by a lookup widget exist already, so Django's per-row existence query
        for them is skipped, and so is the uniqueness query when the file's key is the only unique
        field (duplicates in the file are caught before any row)."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | {
            f.attribute
            for f in self.get_import_fields()
            if f.attribute and isinstance(f.widget, widgets.ForeignKeyWidget)
        }
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique and not self.key_is_only_unique_field)
        except ValidationError as exc:
            number, row = getattr(self, "_current", (None, {}))
            by_attribute = {f.attribute: f for f in self.get_import_fields()}
            for name, messages in exc.message_dict.items():
                if name in errors:
                    continue  # the cell's own error says more than the model's follow-on error
                field = by_attribute.get(name)
                if field is None:
                    errors[name] = messages
                    continue
                text = "; ".join(messages)
                errors[name] = [self.cell_message(number, field, row, CellError(f"— {text}"))]
        if errors:
            raise ValidationError(errors)

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
        self._cached = None

    def _mapping(self):
        from django.utils import translation

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
                _("có %(noun)s không tìm thấy: %(missing)s") % {"noun": self.noun, "missing": "; ".join(missing)}
            )
        return self.model.objects.filter(pk__in=[i.pk for i in found])

    def render(self, value, obj=None, **kwargs):
        return "; ".join(self.render_name(v) for v in value.all()) if value is not None else ""


def template_workbook(resource, *, title: str = "") -> bytes:
    """An xlsx with the import headers in bold on the first sheet and, on a second sheet, what each
    column expects."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

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


class RowKeyMixin:
    """For records with no business key of their own (visits, donations, awards...): the key is the
    file's "Mã" when it has one, else a fingerprint of the row's `key_columns` (folded), stored in the
    model's `import_key`. Re-importing the same rows therefore changes nothing."""

    key_columns: tuple[str, ...] = ()
    KEY_HEADER = "Khóa nhập liệu"

    def get_user_visible_headers(self) -> list[str]:
        """The key is computed, never typed: templates and previews leave it out."""
        return [f.column_name for f in self.get_import_fields() if f.column_name != self.KEY_HEADER]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        import hashlib

        headers = list(dataset.headers)
        code_index = headers.index("Mã") if "Mã" in headers else None
        indexes = [headers.index(c) for c in self.key_columns if c in headers]
        keys = []
        for row in dataset:
            if code_index is not None and row[code_index] not in (None, ""):
                keys.append(clean_text(row[code_index]))
                continue
            parts = []
            for i in indexes:
                value = row[i]
                parts.append(
                    value.isoformat() if hasattr(value, "isoformat") else fold(str(value if value is not None else ""))
                )
            digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:20]
            keys.append(f"auto-{digest}")
        if self.KEY_HEADER in headers:
            del dataset[self.KEY_HEADER]
        dataset.append_col(keys, header=self.KEY_HEADER)
        seen: dict[str, int] = {}
        problems = []
        for number, key in enumerate(keys, start=2):
            if key in seen:
                problems.append(
                    _(
                        "Dòng %(row)s trùng hoàn toàn với dòng %(first)s "
                        "(nếu là hai bản ghi khác nhau, ghi Mã riêng cho mỗi dòng)."
                    )
                    % {"row": number, "first": seen[key]}
                )
            seen.setdefault(key, number)
        if problems:
            raise ValidationError(problems)
