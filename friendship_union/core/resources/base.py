"""The base for every spreadsheet import/export (django-import-export), so all of them behave alike:

- headers in Vietnamese, English (or any declared alias) accepted, matched without diacritics/case;
- text cells normalized to NFC with stray spaces removed; trailing blank rows dropped, blank rows
  in between skipped (so row numbers still match the spreadsheet);
- every error names the spreadsheet row, the column and the value, in Vietnamese;
- nothing is written unless the whole file is valid, and re-importing the same file changes
  nothing (skip_unchanged on a business key);
- a row is *read* here (cells into values, with messages) and *written* by the record's own write
  service (`write()` / `queue()` in each resource call the app's services), so an imported record
  gets the same derived values and history as one saved in the admin;
- the template's example row (first cell "VÍ DỤ") and blank rows are no rows at all: not imported,
  not counted, not shown;
- a preview (dry run) keeps what each row will store for the page that shows it (preview.py);
- a confirmation may reuse what the preview of the same file computed (`reuse_preview`, `Prepared`)
  instead of reading and checking every row again, when nothing has changed since.
"""

import gc
import hashlib
from contextlib import contextmanager
from copy import deepcopy
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from ..exports import inert
from ..services import RecordBatch, record_save
from ..text import clean_text, fold, nfc
from ..versioning import bumps_deferred, page_versions, writes_bumped
from .preview import ERROR, INVALID, NEW, SKIP, UPDATE, Cell, ImportPreview, lines_of, short_message
from .widgets import CellError, display_value, shown

# The first cell of the template's example row: that row is never imported.
EXAMPLE_MARK = "VÍ DỤ"


def is_example_row(row) -> bool:
    first = row[0] if row else None
    return isinstance(first, str) and fold(first) == fold(EXAMPLE_MARK)


class NoProgress:
    """What an import reports its progress to when nobody watches (core.imports_jobs.Progress)."""

    def read(self, done: int) -> None:
        pass

    def validated(self, done: int) -> None:
        pass

    def written(self, done: int) -> None:
        pass


def is_blank(values) -> bool:
    return all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values)


@contextmanager
def collector_paused():
    """Python's cycle collector off while a file is imported, back as it was after. An import keeps
    every row's record alive until it ends (for the preview and its confirmation), and each full
    collection walks all of them and the whole program again: 0,6 s of a 10.000-row import. Objects
    dropped are still freed at once (reference counting); only cycles wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class KeyInstanceLoader(CachedInstanceLoader):
    """The records a file names by key (one import_id_field), read in one query when the first row
    asks: a confirmation that replays its preview asks none. Like django-import-export's
    CachedInstanceLoader, but its keys are read from the key column alone (the library builds a dict
    of every row first), and a key cell that cannot be read is left to its own row's message instead
    of failing the file before any row is read."""

    def __init__(self, resource, dataset=None):
        super(CachedInstanceLoader, self).__init__(resource, dataset)
        self.pk_field = resource.fields[resource.get_import_id_fields()[0]]
        self.all_instances = None

    def get_instance(self, row):
        if self.all_instances is None:
            self.all_instances = self._load()
        if not self.all_instances:
            return None
        return self.all_instances.get(self.pk_field.clean(row))

    def _load(self) -> dict:
        column = self.pk_field.column_name
        if not self.dataset or column not in (self.dataset.headers or []):
            return {}
        keys = set()
        for value in self.dataset[column]:
            try:
                key = self.pk_field.clean({column: value})
            except ValueError:
                continue
            if key not in (None, ""):
                keys.add(key)
        if not keys:
            return {}
        records = self.get_queryset().filter(**{f"{self.pk_field.attribute}__in": keys})
        return {self.pk_field.get_value(record): record for record in records}


def fingerprint(dataset) -> str:
    """The content of a dataset as the import reads it (headers and cells, after before_import)."""
    digest = hashlib.sha256(repr(dataset.headers).encode())
    for row in dataset:
        digest.update(repr(row).encode())
    return digest.hexdigest()


class Prepared:
    """What a preview without errors computed for each row — whether it is new, an update or
    unchanged, the record as it will be saved and its compound cells — for the confirmation of the
    same file: `import_data(dataset, reuse=preview_result.prepared)`.

    Reused only for the same resource, the same cells (fingerprint), the same person, and while the
    records and pages versions (core.versioning: bumped by every save or delete of a record the
    import reads — partners, sectors, places, rates, aid items — and by the site's identity) are
    those the preview started with: then every row would be read and checked to the same result.
    Otherwise the confirmation reads and checks the file again. A write between the check and the
    end of the import is caught as before: by the database's constraints, rolling everything back."""

    def __init__(self, resource_class, fingerprint: str, versions, user_pk, rows: dict):
        self.resource_class, self.fingerprint, self.versions = resource_class, fingerprint, versions
        self.user_pk, self.rows = user_pk, rows

    def fits(self, resource, fingerprint: str) -> bool:
        return (
            self.resource_class is type(resource)
            and self.fingerprint == fingerprint
            and self.user_pk == getattr(resource.user, "pk", None)
            and self.versions == page_versions()
        )


class VietnameseResource(resources.ModelResource):
    """Base ModelResource for every import kind (see the module docstring).

    Values of a row that are not plain model fields — related lists (ListWidget columns) and
    compound cells a subclass parses ("Nhà tài trợ", "Địa bàn") — are collected in `self.extras`
    (name → value) for the row being imported, and handed to the write service with the record."""

    # True when the import key is the model's only unique field and rows are loaded by key: the
    # in-file duplicate check then makes the per-row uniqueness query redundant.
    key_is_only_unique_field = False

    # Error keys that name no column (a model field the row sets indirectly) → the column's field.
    error_columns: dict[str, str] = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # django-import-export's diff deep-copies every row's record (a new one too: ~0,2 ms a row,
        # its related records with it) for an HTML diff with inline styles; the record as it was
        # before an update is copied here instead (after_init_instance), and the preview compares the
        # cells itself (preview.py).
        skip_diff = True

    # New rows are written in batches (bulk inserts, with their history) instead of one by one.
    bulk_create_new = False
    bulk_batch_size = 500

    # A preview keeps what it computed (result.prepared) for the confirmation of the same file. Only
    # for resources whose rows are read in import_instance / skip_row / validate_instance and written
    # in save_instance (write / queue), with nothing else done per row.
    reuse_preview = False

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """All or nothing, in one transaction: django-import-export rolls back on exceptions only;
        a row that fails validation, or a preview, rolls the whole file back too. (Its per-row
        savepoints are not needed inside that one transaction.)"""
        self.user = kwargs.get("user")
        self._import_fields = None
        reuse = kwargs.pop("reuse", None)
        self._reuse, self._replay = (reuse if self.reuse_preview and not dry_run else None), None
        self._prepared = {} if dry_run and self.reuse_preview else None
        self._versions = page_versions() if self._prepared is not None else None
        # Rows validated and written so far, for a progress bar (the admin's job page, the command).
        self.progress = kwargs.pop("progress", None) or NoProgress()
        self.rows_validated = self.rows_written = 0
        self.batch = None
        self.extras = {}
        self.counts = {"new": 0, "update": 0, "skip": 0, "errors": 0}
        self._related = {}
        # A preview runs as a real import that writes nothing (save_instance below) and is rolled
        # back: django-import-export's own dry run would open a savepoint for every row.
        self.preview = dry_run
        self.preview_table = ImportPreview(self) if dry_run else None
        # The records versions (cached figures and pages) are bumped once, at the end, not once per
        # batch of rows and model: nobody else sees the rows before the commit anyway; and only those
        # of what the import wrote (writes_bumped: its bulk writes send no signals).
        with collector_paused(), transaction.atomic():
            with bumps_deferred(), writes_bumped():
                result = super().import_data(
                    dataset, dry_run=False, raise_errors=raise_errors, use_transactions=False, **kwargs
                )
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        # What the file holds, without its blank and example rows: new, update, skip, errors.
        result.counts = self.counts
        if self.preview_table is not None:
            self.preview_table.result = result
            result.preview = self.preview_table
        result.prepared = None
        if self._prepared is not None and not (result.has_errors() or result.has_validation_errors()):
            result.prepared = Prepared(
                type(self), self._fingerprint, self._versions, getattr(self.user, "pk", None), self._prepared
            )
        result.reused_preview = self._replay is not None
        return result

    def after_init_instance(self, instance, new, row, **kwargs):
        self._row_instance = instance
        # The record as it was, for skip_row and the preview: none for a new one.
        self._row_original = None if new else deepcopy(instance)
        super().after_init_instance(instance, new, row, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        """Blank rows (and the example row, blanked in before_import) are no rows: skipped unread,
        counted nowhere. Every other row is counted, and kept for the preview."""
        self.rows_validated += 1
        self.progress.validated(self.rows_validated)
        if is_blank(row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        self._row_instance = self._row_original = None
        number = kwargs.get("row_number") or 0
        if self._replay is not None and number in self._replay:
            row_result = self._replay_row(row, number, **kwargs)
        else:
            row_result = super().import_row(row, instance_loader, **kwargs)
        if self._prepared is not None and row_result.import_type in (NEW, UPDATE, SKIP):
            self._prepared[number] = (row_result.import_type, self._row_instance, dict(self.extras))
        kind = "errors" if row_result.import_type in (INVALID, ERROR) else row_result.import_type
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.preview_table is not None:
            self.preview_table.add(
                row_result,
                number=kwargs.get("row_number") or 0,
                row=row,
                instance=self._row_instance,
                original=self._row_original,
                extras=dict(self.extras),
            )
        return row_result

    def _replay_row(self, row, number: int, **kwargs):
        """A confirmed row as its preview read and checked it (`Prepared`): only written."""
        import_type, instance, extras = self._replay[number]
        self.before_import_row(row, row_number=number)
        self.extras = extras
        self._row_instance = instance
        row_result = self.get_row_result_class()()
        row_result.import_type = import_type
        try:
            if import_type != SKIP:
                self.save_instance(instance, import_type == NEW, row, **kwargs)
            row_result.add_instance_info(instance)
            if self._meta.store_instance or kwargs.get("retain_instance_in_row_result"):
                row_result.instance = instance
        except ValidationError as exc:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = exc
        except Exception as exc:
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(self.get_error_result_class()(exc, row=row, number=number))
        return row_result

    # --- writing, through the record's write service
    def write(self, instance, is_create: bool, extras: dict) -> None:
        """Save one row's record (and `extras`) through its app's write service. The default is the
        plain record service: validated already, saved with history naming the importing user."""
        record_save(instance, user=self.user, validated=True)

    def make_batch(self) -> RecordBatch:
        """The batch new rows are queued in when `bulk_create_new` (a subclass may return its app's
        batch, which also writes the records' dependent rows)."""
        return RecordBatch(self._meta.model, user=self.user, batch_size=self.bulk_batch_size)

    def queue(self, instance, extras: dict) -> None:
        """Queue a new row's record in the batch (bulk_create_new)."""
        self.batch.add(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        """A preview (dry run) validates every row but writes nothing."""
        if self.preview:
            return
        if self.bulk_create_new and is_create:
            if self.batch is None:
                self.batch = self.make_batch()
            self.queue(instance, self.extras)
            if self.batch.full:
                self._flush_batch()
            return
        self.write(instance, is_create, self.extras)
        self.rows_written += 1
        self.progress.written(self.rows_written)

    def _flush_batch(self) -> None:
        """Write the queued rows. A key the database refuses (a record with the same key written by
        someone else since the rows were checked) fails the whole file, saying so."""
        try:
            self.rows_written += len(self.batch.flush())
        except IntegrityError as exc:
            raise ValidationError(
                _(
                    "Dữ liệu đã thay đổi trong lúc nhập (có bản ghi trùng khóa vừa được người khác thêm?) — "
                    "không ghi dòng nào. Tải tệp lên lại để kiểm tra. Chi tiết: %(error)s"
                )
                % {"error": str(exc).strip().splitlines()[0][:300]}
            ) from exc
        self.progress.written(self.rows_written)

    def save_m2m(self, instance, row, **kwargs):
        """Related lists were handed to the write service with the record (`extras`)."""

    def after_import(self, dataset, result, **kwargs):
        if not self.preview and not result.has_errors() and not result.has_validation_errors():
            if self.batch is not None:
                self._flush_batch()
        super().after_import(dataset, result, **kwargs)

    # --- export
    def export_field(self, field, instance, **kwargs):
        """Every exported cell through the one export guard (core.exports.inert): no text cell of
        any record can run as a formula in Excel or LibreOffice."""
        return inert(super().export_field(field, instance, **kwargs))

    def get_import_fields(self):
        """The fields an import reads, worked out once per import (django-import-export orders the
        declared fields again on each of the three calls a row makes)."""
        if self.__dict__.get("_import_fields") is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # --- headers
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
        # The template's example row becomes a blank row: skipped, but later rows keep their numbers.
        rows = [(None,) * len(row) if is_example_row(row) else row for row in rows]
        while rows and is_blank(rows[-1]):
            rows.pop()
        dataset.wipe()
        dataset.headers = headers
        self.file_columns = set(headers)
        for row in rows:
            dataset.append(row)
        missing = [
            f.column_name
            for f in self.get_import_fields()
            if getattr(f, "required", False) and f.column_name not in headers
        ]
        if not missing:
            self._check_duplicate_keys(dataset)
        if self.reuse_preview:
            self._fingerprint = fingerprint(dataset)
            if self._reuse is not None and self._reuse.fits(self, self._fingerprint):
                self._replay = self._reuse.rows
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
                        "value": shown(row[indexes[0]]),
                        "first": seen[key],
                    }
                )
            else:
                seen[key] = number
        if problems:
            raise ValidationError(problems)

    # --- reading a row
    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped. Like django-import-export's comparison, except that a related
        record is compared by its key (the library fetched both records: a query per row and per
        column) and a related list by what the row read (it read the cell a second time)."""
        original = self._row_original  # (blank rows never get here: import_row skips them)
        if not self._meta.skip_unchanged or import_validation_errors or original is None:
            return False  # a new record is never "unchanged"
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                new = sorted(r.pk for r in self.extras.get(field.attribute, []))
                old = sorted(r.pk for r in getattr(original, field.attribute).all()) if original.pk else []
                if new != old:
                    return False
            elif field.attribute and self._compared(instance, field.attribute) != self._compared(
                original, field.attribute
            ):
                return False
        # django-import-export compares attribute fields and related lists; compare the compound
        # cells too, as they would be exported before and after.
        for name, value in self.extras.items():
            render = getattr(self, f"render_{name}", None)
            if render is not None and render(value) != getattr(self, f"dehydrate_{name}")(original):
                return False
        return True

    @staticmethod
    def _compared(instance, attribute):
        try:
            model_field = instance._meta.get_field(attribute)
        except FieldDoesNotExist:
            return getattr(instance, attribute, None)
        if model_field.many_to_one:
            related = getattr(instance, attribute) if model_field.is_cached(instance) else None
            if related is not None and related.pk is None:
                return related  # a new record (a person first named in this file): never the same
            return getattr(instance, model_field.attname)
        return getattr(instance, attribute)

    def get_or_init_instance(self, instance_loader, row):
        """Reading the business key (import_id_fields) can fail too: report it like any cell."""
        try:
            return super().get_or_init_instance(instance_loader, row)
        except ValueError:
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(self.cell_message(self.row_number, field, row, exc))
            raise ValidationError(errors or _("Không đọc được khóa của dòng.")) from None

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        self.row = row
        self.extras = {}
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Like django-import-export's, but each message names the spreadsheet row (header = row 1),
        the column and the value; related lists are read into `self.extras`."""
        number = kwargs.get("row_number")
        errors = {}
        for field in self.get_import_fields():
            if field.column_name not in row or not field.attribute:
                # A column the file does not have is left as it is (django-import-export skips it
                # too, after formatting a debug message naming it, each row).
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                try:
                    self.extras[field.attribute] = list(field.clean(row))
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(
                        self.cell_message(number, field, row, exc), code="invalid"
                    )
                continue
            try:
                blank = is_blank([row.get(field.column_name)])
                if getattr(field, "required", False) and blank:
                    raise CellError(_("bắt buộc, không được để trống"))
                default = self.blank_default(field) if blank else None
                if default is not None:
                    setattr(instance, field.attribute, default)  # a blank cell takes the field's default
                    continue
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(self.cell_message(number, field, row, exc), code="invalid")
        if errors:
            raise ValidationError(errors)

    def blank_default(self, field):
        """What a blank cell of `field` stores: the model field's default when the field cannot be
        empty ("Trạng thái" blank is the first stage, "Công khai" blank is Không); None otherwise."""
        cache = self.__dict__.setdefault("_blank_defaults", {})
        if field.column_name not in cache:
            cache[field.column_name] = self._blank_default(field)
        return cache[field.column_name]

    def _blank_default(self, field):
        if not field.attribute:
            return None
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            return None
        if model_field.null or model_field.blank and not isinstance(model_field, BooleanField):
            return None
        if not model_field.has_default() or callable(model_field.default):
            return None
        return model_field.default

    def read_cell(self, name: str, parse, errors: dict) -> None:
        """Parse the compound cell of field `name` with `parse(cell)` into `self.extras[name]`, or
        put its message (row, column, value) in `errors`. A column the file lacks is left alone."""
        field = self.fields[name]
        if field.column_name not in self.row:
            return
        try:
            self.extras[name] = parse(self.row.get(field.column_name))
        except CellError as exc:
            errors[name] = [ValidationError(self.cell_message(self.row_number, field, self.row, exc))]

    def derive(self, function, instance, column: str, errors: dict) -> None:
        """Run a write service's `function(instance)` that computes derived values (money at the
        dated rate…) now, so its ValidationError becomes a message on `column`'s cell."""
        try:
            function(instance)
        except ValidationError as exc:
            field = self.fields[column]
            message = "; ".join(m for messages in exc.message_dict.values() for m in messages)
            errors[column] = [
                ValidationError(self.cell_message(self.row_number, field, self.row, CellError(f"— {message}")))
            ]

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
            by_attribute = {f.attribute: f for f in self.get_import_fields()}
            for name, messages in exc.message_dict.items():
                if name in errors:
                    continue  # the cell's own error says more than the model's follow-on error
                field = by_attribute.get(name)
                if field is None:
                    errors[name] = messages
                    continue
                text = "; ".join(messages)
                errors[name] = [self.cell_message(self.row_number, field, self.row, CellError(f"— {text}"))]
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
        return f"{where}: “{shown(value)}” {exc}"

    # --- the preview (preview.py): every cell as it will be stored, as staff write it
    def preview_fields(self):
        """The columns the file has (in the template's order): what the person wrote and checks."""
        columns = getattr(self, "file_columns", None)
        return [f for f in self.get_user_visible_fields() if columns is None or f.column_name in columns]

    @staticmethod
    def column_kind(field) -> str:
        return getattr(field.widget, "kind", "text")

    def preview_cells(self, row) -> tuple[list[Cell], list[str]]:
        """A previewed row's cells (value after the row; the value before, for a cell an update
        changes; the errors of its column) and the messages no column holds."""
        errors = {key: list(messages) for key, messages in row.errors.items()}
        cells = []
        for index, field in enumerate(self.preview_fields(), start=1):
            name = self.get_field_name(field)
            keys = {field.attribute, name} | {k for k, v in self.error_columns.items() if v == name}
            messages = [m for key in keys if key for m in errors.pop(key, [])]
            anchor = f"dong-{row.number}-cot-{index}"
            if messages or row.instance is None:
                prefix = _("Dòng %(row)s, cột “%(column)s”") % {"row": row.number, "column": field.column_name} + ":"
                cells.append(
                    Cell(
                        lines_of(display_value(row.row.get(field.column_name))),
                        messages=messages,
                        errors=[short_message(m, prefix) for m in messages],
                        anchor=anchor,
                        kind=self.column_kind(field),
                    )
                )
                continue
            lines = lines_of(self.cell_display(field, row.instance, row.extras))
            before = None
            if row.original is not None:
                old = lines_of(self.cell_display(field, row.original, None))
                before = old if old != lines else None
            cells.append(Cell(lines, before, anchor=anchor, kind=self.column_kind(field)))
        return cells, [m for messages in errors.values() for m in messages]

    def cell_display(self, field, instance, extras):
        """One cell of `instance` as it will be stored, written the way staff write it. `extras` are
        the row's compound cells and related lists as read (None: the record as it is stored).
        A resource shows a compound cell with `display_<field name>(instance, extras)`."""
        name = self.get_field_name(field)
        custom = getattr(self, f"display_{name}", None)
        if custom is not None:
            return custom(instance, extras)
        widget = field.widget
        if isinstance(widget, widgets.ManyToManyWidget):
            if extras is not None and field.attribute in extras:
                records = extras[field.attribute]
            else:
                records = list(getattr(instance, field.attribute).all()) if instance.pk else []
            return widget.display(records)
        dehydrate = getattr(self, f"dehydrate_{name}", None)
        if dehydrate is not None:
            return dehydrate(instance)
        if not field.attribute:
            return ""
        value = self._stored_value(instance, field.attribute)
        return widget.display(value) if hasattr(widget, "display") else display_value(value)

    def _stored_value(self, instance, attribute):
        """The attribute as the database will hold it: a related record (fetched once per file), a
        decimal rounded to its field's places."""
        try:
            model_field = instance._meta.get_field(attribute)
        except FieldDoesNotExist:
            return getattr(instance, attribute, None)
        if model_field.many_to_one:
            if model_field.is_cached(instance):
                return getattr(instance, attribute)
            pk = getattr(instance, model_field.attname)
            if pk is None:
                return None
            key = (model_field.related_model, pk)
            if key not in self._related:
                self._related[key] = model_field.related_model._base_manager.filter(pk=pk).first()
            return self._related[key]
        value = getattr(instance, attribute)
        places = getattr(model_field, "decimal_places", None)
        if isinstance(value, Decimal) and places is not None:
            try:
                value = value.quantize(Decimal(1).scaleb(-places))
            except InvalidOperation:
                pass
        return value
