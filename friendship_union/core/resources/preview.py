"""The import preview a person can check row by row before confirming (every import kind).

While a file is previewed (a dry run), the resource keeps each data row's record before and after
the row was read (`VietnameseResource.import_row`); the preview shows every cell as it will be
stored, written the way staff write it (1.250.000,50; 05/04/2010; partner names, sector shares,
places as recorded → the unit today), marks the cells an update changes, and puts each error beside
its cell. Cells are computed when the page shows the row, and the page shows at most `LIMIT` rows
(every row with an error or a change, then the others in file order): a 10.000-row file is checked
by its counts and its problems, not read to the end.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy

# import-export's row types, in the words of the preview
NEW, UPDATE, SKIP, INVALID, ERROR = "new", "update", "skip", "invalid", "error"
STATUS = {
    NEW: gettext_lazy("Mới"),
    UPDATE: gettext_lazy("Thay đổi"),
    SKIP: gettext_lazy("Không đổi"),
    INVALID: gettext_lazy("Lỗi"),
    ERROR: gettext_lazy("Lỗi"),
}


@dataclass
class Column:
    header: str
    kind: str  # the widget's kind (text, date, number…): how the cell is aligned and wrapped


@dataclass
class Cell:
    lines: list[str]
    before: list[str] | None = None  # an update's old value, when it changes
    messages: list[str] = field(default_factory=list)  # errors in full: row, column, value, why
    errors: list[str] = field(default_factory=list)  # the same beside the cell: why
    anchor: str = ""
    kind: str = "text"

    @property
    def changed(self) -> bool:
        return self.before is not None


def lines_of(value) -> list[str]:
    """A cell's value as lines: a list stays a list (one line per partner, sector, place), text is
    split at its line breaks, blank is no line."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v not in (None, "")]
    return str(value).splitlines() or [str(value)]


class PreviewRow:
    def __init__(self, preview, *, number, status, row, instance, original, extras, errors):
        self.preview = preview
        self.number = number  # Excel's row number (the header is row 1)
        self.status = status
        self.row, self.instance, self.original, self.extras = row, instance, original, extras
        self.errors = errors  # {key: [message…]}; key None = the row as a whole

    @property
    def status_label(self) -> str:
        return str(STATUS[self.status])

    @property
    def has_error(self) -> bool:
        return self.status in (INVALID, ERROR)

    @cached_property
    def _computed(self) -> tuple[list[Cell], list[str]]:
        return self.preview.resource.preview_cells(self)

    @property
    def cells(self) -> list[Cell]:
        return self._computed[0]

    @property
    def row_errors(self) -> list[str]:
        """Messages of the row that no column holds (shown under the row number)."""
        return self._computed[1]

    @property
    def anchor(self) -> str:
        return f"dong-{self.number}"

    @property
    def changed_headers(self) -> list[str]:
        """The columns an update changes, named beside its status (they may be off screen)."""
        return [self.preview.columns[i].header for i, cell in enumerate(self.cells) if cell.changed]

    @property
    def shown_cells(self) -> list[Cell]:
        return [self.cells[i] for i in self.preview.shown_indexes]

    @property
    def messages(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]


class ImportPreview:
    LIMIT = 1000

    def __init__(self, resource):
        self.resource = resource
        self.rows: list[PreviewRow] = []
        self.result = None  # the import's Result, set when the file has been read

    def add(self, row_result, *, number, row, instance, original, extras) -> None:
        status = row_result.import_type
        errors: dict = {}
        if row_result.validation_error is not None:
            errors = error_dict(row_result.validation_error)
        for error in row_result.errors:
            errors.setdefault(None, []).append(str(error.error))
        self.rows.append(
            PreviewRow(
                self,
                number=number + 1,
                status=status,
                row=row,
                instance=instance,
                original=original if status == UPDATE else None,
                extras=extras,
                errors=errors,
            )
        )

    @cached_property
    def columns(self) -> list[Column]:
        return [Column(str(f.column_name), self.resource.column_kind(f)) for f in self.resource.preview_fields()]

    @cached_property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, SKIP: 0, "errors": 0}
        for row in self.rows:
            if row.has_error:
                counts["errors"] += 1
            elif row.status in counts:
                counts[row.status] += 1
        return counts

    @property
    def base_errors(self) -> list[str]:
        found = []
        for error in self.result.base_errors:
            exc = error.error
            found.extend(exc.messages if isinstance(exc, ValidationError) else [str(exc)])
        return found

    @property
    def has_errors(self) -> bool:
        return bool(self.counts["errors"] or self.result.base_errors)

    @property
    def nothing_to_write(self) -> bool:
        return not (self.counts[NEW] or self.counts[UPDATE])

    @cached_property
    def shown_rows(self) -> list[PreviewRow]:
        if len(self.rows) <= self.LIMIT:
            return self.rows
        first = [r for r in self.rows if r.has_error or r.status == UPDATE][: self.LIMIT]
        chosen = {id(r) for r in first}
        for row in self.rows:
            if len(chosen) >= self.LIMIT:
                break
            chosen.add(id(row))
        return [r for r in self.rows if id(r) in chosen]

    @cached_property
    def shown_indexes(self) -> list[int]:
        """The columns with something to check in a shown row: a value, a change or an error (a
        column blank in every row is named above the table instead)."""
        return [
            i
            for i in range(len(self.columns))
            if any(r.cells[i].lines or r.cells[i].changed or r.cells[i].errors for r in self.shown_rows)
        ]

    @property
    def shown_columns(self) -> list[Column]:
        return [self.columns[i] for i in self.shown_indexes]

    @property
    def blank_columns(self) -> list[str]:
        shown = set(self.shown_indexes)
        return [c.header for i, c in enumerate(self.columns) if i not in shown]

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    @cached_property
    def problems(self) -> list[tuple[str, str]]:
        """(anchor, message) of every row problem, in file order, for the list above the table
        (a row the table leaves out has no anchor)."""
        shown = {id(r) for r in self.shown_rows}
        found = []
        for row in self.rows:
            if not row.has_error:
                continue
            if id(row) in shown:
                found.extend((row.anchor, m) for m in row.row_errors)
                found.extend((cell.anchor, m) for cell in row.cells for m in cell.messages)
            else:
                found.extend(("", m) for m in row.messages)
        return found


def error_dict(error: ValidationError) -> dict:
    """A row's ValidationError as {key: [message…]}: a field's attribute or name, or None for the
    row as a whole."""
    if hasattr(error, "error_dict"):
        return {
            (None if key == NON_FIELD_ERRORS else key): [str(m) for m in ValidationError(messages).messages]
            for key, messages in error.error_dict.items()
        }
    return {None: [str(m) for m in error.messages]}


def short_message(message: str, prefix: str) -> str:
    """A message shown beside its cell without the "Dòng N, cột “…”: " the cell already says."""
    return message[len(prefix) :].lstrip() if message.startswith(prefix) else message
