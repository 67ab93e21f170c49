"""The steps every record's write service shares (the services themselves live in each app's
`services.py`, and the admin, the spreadsheet import, the demo loaders and the commands call them):

- `record_save`: validate (full_clean) and save one record, with the history row naming who;
- `RecordBatch`: new records written in batches (bulk inserts) *with* their history rows (on
  PostgreSQL copied by the database from the rows just inserted, one statement a batch), for
  imports and generated data, where one INSERT per row would be too slow;
- records with an `import_key` entered by hand get one (`give_import_key`), so their export re-imports onto them;
- `related_replace`: a record's dependent rows (an aid item's funders, sectors, places) replaced by
  new ones, the removed and the added both kept in history.

A record's derived values (money at dated rates, places resolved, search text) are computed by its
app's service before these steps run; `prepare_for_save()`, where a model has it, fills the values
the row derives from its own fields (normalized text, search keys).
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .versioning import bump_records_version


def _history_model(model):
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


def _stamp(instance, user, reason: str) -> None:
    """Who made the change and why, for django-simple-history's next history row of `instance`
    (its documented way to pass them outside a request)."""
    if user is not None and getattr(user, "pk", None):
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def give_import_key(instance: models.Model) -> None:
    """A record with an `import_key` (visits, donations, positions, awards: records with no business
    key of their own) entered by hand gets one here, so its export re-imports onto it instead of
    beside it (core.resources.rowkey). Imports set the key from the file before saving."""
    if hasattr(instance, "import_key") and not instance.import_key:
        instance.import_key = new_import_key()


def new_import_key() -> str:
    return f"tay-{uuid.uuid4().hex[:20]}"


@transaction.atomic
def record_save(instance: models.Model, *, user=None, reason: str = "", validated: bool = False) -> models.Model:
    """Validate `instance` (full_clean, unless the caller has just validated it with messages of
    its own: a ModelForm, a spreadsheet row) and save it; its history row names `user` and
    `reason`. Returns the instance. Raises ValidationError."""
    give_import_key(instance)
    if not validated:
        instance.full_clean()
    _stamp(instance, user, reason)
    instance.save()
    return instance


class RecordBatch:
    """New records of one model, written `batch_size` at a time with their history rows.

    `add()` queues a record (its derived values already computed), `flush()` writes what is queued
    and returns the records written, now with primary keys. Bulk inserts send no signals, so the
    records version (cached figures and pages) is bumped here."""

    def __init__(self, model: type[models.Model], *, user=None, batch_size: int = 500, reason: str = ""):
        self.model, self.user, self.batch_size, self.reason = model, user, batch_size, reason
        self.queued: list[models.Model] = []

    def add(self, instance: models.Model) -> None:
        """Queue `instance`; its own derived values (prepare_for_save) are filled when it is written."""
        self.queued.append(instance)

    @property
    def full(self) -> bool:
        return len(self.queued) >= self.batch_size

    def flush(self) -> list[models.Model]:
        written, self.queued = self.queued, []
        if written:
            records_create(self.model, written, user=self.user, batch_size=self.batch_size, reason=self.reason)
        return written


def records_create(
    model: type[models.Model], instances: list[models.Model], *, user=None, batch_size: int = 500, reason: str = ""
) -> list[models.Model]:
    """Insert `instances` in batches, each with its history row ("+", by `user`) when the model
    keeps history. Returns the instances with their primary keys."""

    for instance in instances:
        give_import_key(instance)
        if hasattr(instance, "prepare_for_save"):
            instance.prepare_for_save()
    history = _history_model(model)
    if history is None:
        created = model.objects.bulk_create(instances, batch_size=batch_size)
    elif _can_copy(model) and not any(map(_stamped, instances)):
        with transaction.atomic(using=router.db_for_write(model)):
            created = model.objects.bulk_create(instances, batch_size=batch_size)
            _history_copy(model, created, user=user, reason=reason)
    else:
        created = bulk_create_with_history(
            instances,
            model,
            batch_size=batch_size,
            default_user=user if getattr(user, "pk", None) else None,
            default_change_reason=reason or None,
        )
    bump_records_version(model)
    return created


def _stamped(instance) -> bool:
    """A record carrying its own history user, reason or date (simple-history's per-instance way)."""
    return any(hasattr(instance, name) for name in ("_history_user", "_change_reason", "_history_date"))


def _can_copy(model) -> bool:
    return connections[router.db_for_write(model)].vendor == "postgresql" and _copy_plan(model) is not None


# History columns the copy fills itself (the others are the record's own columns, copied).
_HISTORY_OWN = {"history_date", "history_change_reason", "history_type", "history_user", "history_relation"}
_plans: dict[type, tuple[list[str], list[str], dict[str, str]] | None] = {}


def _copy_plan(model):
    """How `model`'s history rows are copied from its table: (history columns, source columns, the
    history's own columns by name), or None when the history model has a column neither the record
    nor simple-history's own fields explain (then simple-history writes the rows itself)."""
    if model not in _plans:
        history = _history_model(model)
        tracked = {f.name: f for f in history.tracked_fields}
        target, source, own, plan = [], [], {}, True
        for field in history._meta.concrete_fields:
            if field.primary_key and field.name == "history_id":
                continue
            if field.name in _HISTORY_OWN:
                own[field.name] = field.column
            elif field.name in tracked:
                target.append(field.column)
                source.append(tracked[field.name].column)
            else:
                plan = False
        _plans[model] = (target, source, own) if plan else None
    return _plans[model]


def _history_copy(model, created: list[models.Model], *, user, reason: str) -> None:
    """The "+" history rows of records just inserted, copied by the database from the rows themselves
    in one statement (the same values simple-history's `bulk_history_create` would build one by one,
    without building a Python object per row): all dated now, by `user` (or the request's user)."""
    if not created or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = _history_model(model)
    target, source, own = _copy_plan(model)
    if not getattr(user, "pk", None):
        user = history.get_default_history_user(created[0])
    values = {
        "history_date": timezone.now(),
        "history_change_reason": reason or None,
        "history_type": "+",
        "history_user": getattr(user, "pk", None),
    }
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [quote(c) for c in target]
    selected = [f"t.{quote(c)}" for c in source]
    params = []
    for name, column in own.items():
        columns.append(quote(column))
        if name == "history_relation":
            selected.append(f"t.{quote(model._meta.pk.column)}")
        else:
            selected.append("%s")
            params.append(values[name])
    pk = model._meta.pk.column
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} t "
        f"WHERE t.{quote(pk)} = ANY(%s) ORDER BY t.{quote(pk)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, [obj.pk for obj in created]])


def related_replace(
    queryset: models.QuerySet, rows: Iterable[models.Model], *, user=None, reason: str = ""
) -> list[models.Model]:
    """Replace the rows of `queryset` (a record's dependent rows) by `rows`: the old ones deleted
    one by one (each deletion in history), the new ones inserted with their history. Rows that
    are the same before and after are left alone, so re-saving a record writes no history."""
    rows = list(rows)
    model = queryset.model
    compared = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    existing = list(queryset)

    def signature(row):
        return tuple(getattr(row, name) for name in compared)

    if sorted(map(signature, existing), key=repr) == sorted(map(signature, rows), key=repr):
        return existing
    for row in existing:
        _stamp(row, user, reason)
        row.delete()
    return records_create(model, rows, user=user, reason=reason) if rows else []
