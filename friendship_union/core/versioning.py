"""The records version that cached figures (dashboard) depend on, and finer ones for public pages.

Every save or delete of a record the figures read bumps it (signals below, connected in
CoreConfig.ready); bulk writes that send no signals (imports, demo, scale data) call
`bump_records_version()` themselves.

Beside it each tracked app has its own version ("records:aid"…), bumped by the same signals, and
"records:all" is bumped by every bulk write (which apps it changed is not known). A cached public page
whose namespace declares the apps it reads (settings.PAGE_CACHE_READS) is keyed by those apps'
versions and "records:all" only, so saving an article leaves the aid list's cached page current;
every other page is keyed by the records version (any change)."""

import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, IntegerField, Value
from django.db.models.expressions import RawSQL

from .models import DataVersion

KEY = "records"
# Apps whose records feed the dashboard figures and the cached public pages (sitemap).
TRACKED_APPS = {
    "aid",
    "partners",
    "delegations",
    "diaspora",
    "events",
    "reference",
    "organizations",
    "documents",
    "gallery",
    "news",
    "dossiers",  # the dashboard's alerts count overdue dossiers
}
# Readers' comments change often and feed no cached figure.
UNTRACKED_MODELS = {"news.comment"}
# What public pages show besides the records above: their changes bump only the pages version, which
# the cached public pages (core.pagecache) are keyed by together with the records version.
PAGES_KEY = "pages"
PAGE_MODELS = {
    "news.comment",
    "appeals.appeal",
    "core.siteidentity",
    "core.officeunit",
    "core.leader",
}


# Inside `versions_read_once()` (a request, VersionsPerRequestMiddleware): the versions read so far
# (None: read each time). A page asks several kept figures for their versions (the page cache, the
# filter choices, the map, the albums the public may see…): one query, not one each.
_read: ContextVar[dict[str, int] | None] = ContextVar("versions_read", default=None)
WROTE = "\x00wrote"  # in `_read` once this process has bumped a version: read each time from then on
EVERY = "\x00every"  # in `_read` once every version has been read


@contextmanager
def versions_read_once():
    """Inside, each version is read from the database once and remembered until this process bumps
    one: from then on every read goes to the database (the write is seen at once, and a version read
    inside a transaction that is then rolled back is never remembered). Writes of other processes
    meanwhile are seen by the next request, as if this one had read every version at its start."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


# Inside `bumps_deferred()`: the versions to bump once it ends (None: bump at once).
_deferred: ContextVar[set[str] | None] = ContextVar("deferred_version_bumps", default=None)


@contextmanager
def bumps_deferred():
    """Writes made inside bump each version they touch once, when the block ends, instead of once per
    record (the demo load writes thousands of records: two UPDATEs each otherwise). Other processes
    see the versions move at the end; in this one, `cached` computes afresh once a write is pending."""
    if _deferred.get() is not None:  # nested: the outer block bumps
        yield
        return
    token = _deferred.set(set())
    try:
        yield
    finally:
        keys = _deferred.get()
        _deferred.reset(token)
        if keys:
            _bump(*keys)


# PostgreSQL gives every bump a number of this sequence: a number is never given twice, even when
# the transaction that drew it is rolled back, so figures computed inside a transaction that then fails
# (compute_at_commit) are filed under versions no reader will ever ask for. Elsewhere (SQLite) a bump
# adds one, and nothing is computed at commit.
VERSION_SEQUENCE = "core_dataversion_version_seq"


def versions_past_restore() -> None:
    """After a restore: the sequence comes back at the backup's value, so the numbers drawn since the
    backup would be drawn again, and a figure kept in the shared cache under them (computed from other
    data) found again. It is moved past every number drawn before: to the current time in
    microseconds, which no count of bumps since the last such move can have reached (a bump a
    microsecond, for as long). Then every version is bumped. Elsewhere (SQLite) a bump adds one."""
    connection = connections[DataVersion.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(%s, GREATEST((SELECT last_value FROM " + VERSION_SEQUENCE + "),"
                " (extract(epoch FROM clock_timestamp()) * 1000000)::bigint))",
                [VERSION_SEQUENCE],
            )
    bump_records_version()


def _bump(*keys: str) -> None:
    read = _read.get()
    if read is not None:
        read.clear()
        read[WROTE] = 0
    pending = _deferred.get()
    if pending is not None:
        pending.update(keys)
        return
    using = DataVersion.objects.db
    connection = connections[using]
    # Outside a transaction, the bumps make one of their own: its commit computes the figures they
    # moved before the new versions are seen (compute_at_commit), as a transaction's commit does.
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            table, key, version = map(connection.ops.quote_name, (DataVersion._meta.db_table, "key", "version"))
            unique = sorted(set(keys))  # rows locked in one order: two writers never deadlock on them
            rows = ", ".join(["(%s, nextval(%s))"] * len(unique))
            params = [value for key_ in unique for value in (key_, VERSION_SEQUENCE)]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({key}, {version}) VALUES {rows} "
                    f"ON CONFLICT ({key}) DO UPDATE SET {version} = EXCLUDED.{version}",
                    params,
                )
            connection.figures_pending = True
            connection.bumped_here = connection.bumped_here | set(unique)
        else:
            for key_ in sorted(set(keys)):
                if not DataVersion.objects.filter(key=key_).update(version=F("version") + 1):
                    DataVersion.objects.get_or_create(key=key_, defaults={"version": 1})
        schedule_refresh(using)


ALL_KEY = "records:all"


def bump_records_version(model=None, **_kwargs) -> None:
    """A write that sent no signals (bulk): every figure is out of date, and every cached page — or,
    when the `model` written is known and tracked, the pages that read its app."""
    app = getattr(getattr(model, "_meta", None), "app_label", None)
    _bump(KEY, f"{KEY}:{app}" if app in TRACKED_APPS else ALL_KEY)


# A statement that writes a table, as Django's backends write them (the table's name quoted).
_WRITES = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW ")  # (a WITH may write: unknown)


@contextmanager
def writes_bumped(using: str = DEFAULT_DB_ALIAS):
    """For bulk writes, which send no signals (an import): every statement the block runs on the
    database is looked at, and once it ends the versions of what it wrote are bumped as each written
    model's own save would bump them (on_change): an aid import moves the aid pages and figures (and
    the records version), and leaves the delegations' cached pages, the other apps' figures and the
    pages of the partners whose aid rows it did not change where they are. A written table that is no
    model's, or a statement neither a read nor a write of a table, bumps everything (records:all).
    Nothing is bumped when the block raises (its transaction is rolled back)."""
    tables, unknown = set(), []

    def note(execute, sql, params, many, context):
        found = _WRITES.match(sql)
        if found:
            tables.add(found.group(1))
        elif not sql.lstrip()[:10].upper().startswith(_READS):
            unknown.append(sql)
        return execute(sql, params, many, context)

    with connections[using].execute_wrapper(note):
        yield
    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    written = [by_table.get(table) for table in sorted(tables)]
    if unknown or None in written:
        bump_records_version()
        return
    for model in written:
        on_change(model)


def records_version() -> int:
    return _versions([KEY])[0]


def page_versions(reads: frozenset[str] | None = None) -> tuple[int, ...]:
    """The versions a cached public page is keyed by, in one query: the pages version and either the
    records version (`reads` None: the page may show any record) or "records:all" and the version of
    each app in `reads`."""
    keys = [PAGES_KEY, KEY] if reads is None else [PAGES_KEY, *_app_keys(reads)]
    return _versions(keys)


def read_together(*reads: frozenset[str]) -> None:
    """Before several `cached(…, reads=…)` calls of one request: the versions of all their apps in
    one query, which the calls then find read (versions_read_once; outside it, nothing to do)."""
    if _read.get() is not None:
        _versions(_app_keys(frozenset().union(*reads)))


def _app_keys(reads) -> list[str]:
    return [ALL_KEY, *(f"{KEY}:{app}" for app in sorted(reads))]


def _read_versions(keys: list[str] | None) -> dict[str, int]:
    """{key: version} of the stored `keys` (None: every one), in one statement. Plain SQL: every
    request reads them, a page served from the cache before anything else, and building and compiling
    the ORM's query cost more than PostgreSQL takes to answer it (a page served from the cache: 1,15 →
    0,91 ms in-process)."""
    connection = connections[DataVersion.objects.db]
    table, key, version = map(connection.ops.quote_name, (DataVersion._meta.db_table, "key", "version"))
    with connection.cursor() as cursor:
        if keys is None:
            cursor.execute(f"SELECT {key}, {version} FROM {table}")
        else:
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(f"SELECT {key}, {version} FROM {table} WHERE {key} IN ({marks})", keys)
        return dict(cursor.fetchall())


def _versions(keys: list[str]) -> tuple[int, ...]:
    read = _read.get()
    if read is None or WROTE in read:
        versions = _read_versions(keys)
        return tuple(versions.get(key, 0) for key in keys)
    if EVERY not in read:
        # Every version at once (a row per tracked app, 14 in all): the page cache asks for some, the
        # figures a page keeps for others, and one query serves the whole request. A key with no row
        # has never moved: 0.
        read.update(_read_versions(None))
        read[EVERY] = 0
    return tuple(read.get(key, 0) for key in keys)


def on_change(sender, **kwargs) -> None:
    if sender.__name__.startswith("Historical"):
        return
    label = sender._meta.label_lower
    if sender._meta.app_label in TRACKED_APPS and label not in UNTRACKED_MODELS:
        _bump(KEY, f"{KEY}:{sender._meta.app_label}")
    elif label in PAGE_MODELS:
        _bump(PAGES_KEY)


def cached(
    name: str,
    compute,
    timeout: int = 60 * 60 * 24,
    *,
    reads: frozenset[str] | None = None,
    stamp=None,
    stamped: frozenset[str] = frozenset(),
):
    """`compute()` kept in the shared cache until any tracked record changes (the records version is in
    the key), so every server agrees and nobody sees a figure older than the last save. With `reads`
    (app labels): until a record of one of those apps changes, or a bulk write whose apps are not
    known ("records:all") — for a figure that reads only those apps' records.

    With `stamp` (a callable giving row_stamp of every row the figure reads of the apps `stamped`,
    a subset of `reads`): when an app's version has moved, the figure is looked for under that stamp
    and the versions of the other apps before it is computed — a figure of one partner's aid, kept
    by its rows' stamp, is found again after another partner's aid item is saved. The stamp is only
    read on such a miss: while nothing moved, a hit costs what it did."""
    if _deferred.get():  # writes made here are not in the version yet: nothing cached can be trusted
        return compute()
    if reads is None:
        key = f"v{records_version()}:{name}"
    else:
        key = f"a{'.'.join(map(str, _versions(_app_keys(reads))))}:{','.join(sorted(reads))}:{name}"
    value = cache.get(key)
    if isinstance(value, _Stamped):  # kept under its rows' stamp: the versions key says which
        pointer = value
        value = cache.get(pointer.key)
        if value is None:  # pushed out of the cache meanwhile: the versions say it is still current
            value = compute()
            cache.set(pointer.key, value, timeout=timeout)
        return value
    if value is None:
        content = stamp() if stamp is not None and reads is not None else None
        if content is None:
            value = compute()
            cache.set(key, value, timeout=timeout)
        else:
            others = reads - stamped
            versions = ".".join(map(str, _versions(_app_keys(others))))
            by_content = f"s{versions}:{','.join(sorted(others))}:{content}:{name}"
            value = cache.get(by_content)
            if value is None:
                value = compute()
                cache.set(by_content, value, timeout=timeout)
            # Under the versions only where to find it: a few bytes, not the figure again.
            cache.set(key, _Stamped(by_content), timeout=timeout)
    return value


def cached_many(
    names: dict,
    compute_many,
    timeout: int = 60 * 60 * 24,
    *,
    reads: frozenset[str],
    stamps: dict | None = None,
    stamped: frozenset[str] = frozenset(),
) -> dict:
    """`cached(…, reads=…, stamp=…)` for many figures of one kind at once, {id: name} → {id: value}:
    the cache read and written a few times in all, and `compute_many(ids)` ({id: value}, one for each
    id asked) called once for every figure missing — a fixed number of queries however many there
    are. `stamps` ({id: row_stamp}, or None where the database gives none) as `stamp` in `cached`;
    or a callable giving them, called only when a figure is missing (a page whose figures are all kept
    reads no stamp)."""
    if _deferred.get():
        return compute_many(list(names))
    prefix = f"a{'.'.join(map(str, _versions(_app_keys(reads))))}:{','.join(sorted(reads))}:"
    keys = {i: prefix + name for i, name in names.items()}
    found = cache.get_many(list(keys.values()))
    others = reads - stamped
    by_content = f"s{'.'.join(map(str, _versions(_app_keys(others))))}:{','.join(sorted(others))}:"
    values, where = {}, {}  # where: id → the key its figure is kept under by its stamp
    for i, key in keys.items():
        value = found.get(key)
        if isinstance(value, _Stamped):
            where[i] = value.key
        elif value is not None:
            values[i] = value
        else:
            if callable(stamps):
                stamps = stamps()
            if stamps is not None:
                where[i] = f"{by_content}{stamps[i]}:{names[i]}"
    kept = cache.get_many(list(set(where.values()))) if where else {}
    values.update((i, kept[key]) for i, key in where.items() if key in kept)
    missing = [i for i in names if i not in values]
    computed = compute_many(missing) if missing else {}
    values.update(computed)
    writes = {where.get(i, keys[i]): computed[i] for i in missing}
    # Under the versions only where to find a stamped figure (`cached`).
    writes.update((keys[i], _Stamped(key)) for i, key in where.items() if found.get(keys[i]) is None)
    if writes:
        cache.set_many(writes, timeout=timeout)
    return values


class _Stamped(NamedTuple):
    """Kept under a versions key: the key the figure is kept under by its rows' stamp (`cached`)."""

    key: str


def row_stamp(*querysets) -> str | None:
    """A fingerprint of the rows the `querysets` select, in one query: it changes whenever one of those
    rows is written, added or removed, by any path (a service, a bulk UPDATE, raw SQL, a rolled-back
    write undone), and only then. A figure that reads only those rows (and the apps in its `reads`)
    can be kept under it (`cached(…, stamp=…)`): saving another partner's aid leaves one partner's
    figures where they are. Read from PostgreSQL's row versions: each row's creating transaction
    (`xmin`) and place (`ctid`), which an UPDATE changes even inside one transaction. None on other
    databases (SQLite for `make run`): the caller keys the figure by its apps' versions alone. Give
    supersets rather than miss a row: an extra row only recomputes more often."""
    stamps = _stamps(querysets, grouped=False)
    return None if stamps is None else stamps.get(None, EMPTY_STAMP)


def row_stamps(*querysets) -> dict | None:
    """row_stamp for many groups of rows in one query: the `querysets` annotated with `stamp_group`,
    and {group: the stamp row_stamp gives for the same querysets filtered to that group}; a group
    with no row has EMPTY_STAMP. None where row_stamp gives None."""
    stamps = _stamps(querysets, grouped=True)
    return None if stamps is None else defaultdict(lambda: EMPTY_STAMP, stamps)


EMPTY_STAMP = "0.d41d8cd98f00b204e9800998ecf8427e"  # no row: md5 of nothing


def _stamps(querysets, grouped: bool) -> dict | None:
    if not querysets:
        return None
    connection = connections[querysets[0].db]
    if connection.vendor != "postgresql":
        return None
    selects, params = [], []
    for number, queryset in enumerate(querysets):
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        version = RawSQL(f"{table}.xmin::text || {table}.ctid::text", ())
        group = "stamp_group" if grouped else "stamp_none"
        rows = queryset.order_by().annotate(row_version=version)
        if not grouped:
            rows = rows.annotate(stamp_none=Value(None, output_field=IntegerField()))
        sql, query_params = rows.values_list(group, "pk", "row_version").distinct().query.sql_with_params()
        selects.append(f"SELECT {number}, s.g, s.pk::text, s.v FROM ({sql}) s(g, pk, v)")
        params += query_params
    union = " UNION ALL ".join(selects)
    # One md5 of the rows in order per group: an ordered aggregate, which PostgreSQL runs in this
    # process (a sum of hashes had it start parallel workers for a few hundred rows: 6 → 11 ms). A
    # row in a group twice (a partner in two roles) counts once (distinct).
    statement = (
        "SELECT g, count(*), md5(string_agg(t::text || ':' || pk || ':' || v, ',' ORDER BY t, pk)) "
        f"FROM ({union}) u(t, g, pk, v) GROUP BY g"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return {group: f"{count}.{digest}" for group, count, digest in cursor.fetchall()}


# Figures kept current on write. A figure kept per version (`cached` above) is computed by whoever
# asks first after a change: at 100× the demo data that first reader waited 0,1–0,8 s (the aid
# list's map and filter choices, the home page's totals, the dashboard). Each app declares on its
# AppConfig the functions that read its pages' figures through `cached` (`figures = ["…"]`); once a
# write commits, the task worker calls them all (`refresh_figures`), so the figures the write moved
# are computed then, off the request, and stored under the new versions — the next reader finds them.
# Figures the write left current are cache hits. A reader who comes before the worker is done still
# gets current figures (computed by that request, as before): the versions in the keys decide, the
# refresh only saves the wait. The quick figures most readers ask for (`figures_at_commit`: the home
# page's, the lists') are computed earlier still, inside the writing transaction just before it
# commits (`compute_at_commit`, on PostgreSQL): no reader comes before them.


def schedule_refresh(using: str = DEFAULT_DB_ALIAS) -> None:
    """Queue one `refresh_figures` task for when the current transaction commits (at once outside
    one); several writes in one transaction queue one; a rolled-back write queues none."""
    if not getattr(settings, "FIGURES_REFRESH_ON_WRITE", True):
        return
    connection = connections[using]
    queued = (f for _sids, f, _robust in connection.run_on_commit if isinstance(f, RefreshOnCommit) and not f.ran)
    if connection.in_atomic_block and any(queued):
        return
    transaction.on_commit(RefreshOnCommit(), using=using, robust=True)


class RefreshOnCommit:
    """The on-commit callback that queues the refresh task (one per transaction: schedule_refresh
    looks for one not yet run)."""

    ran = False

    def __call__(self) -> None:
        from django.core.cache import caches
        from django.core.cache.backends.dummy import DummyCache
        from django.core.cache.backends.locmem import LocMemCache
        from django.tasks import TaskResultStatus
        from django.tasks.backends.immediate import ImmediateBackend
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        from .tasks import refresh_figures as task

        self.ran = True
        # A worker in another process with a cache of its own memory (the quick start's local cache)
        # would compute figures no web process reads: nothing is queued.
        if not isinstance(task.get_backend(), ImmediateBackend) and isinstance(
            caches["default"], LocMemCache | DummyCache
        ):
            return
        # A refresh still waiting in the queue will see this write's versions when it runs: a burst
        # of saves queues one refresh, not one each (each recomputing what the next one moves again).
        if isinstance(task.get_backend(), DatabaseBackend) and (
            DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()
        ):
            return
        task.enqueue()


# The longest each figure function has taken in this process (the worker's). The refresh runs the
# quickest first, so that the figures most readers wait for are ready before the slow ones are
# computed. At ×100, after a bulk write, the declaration order had the home page's figures ready at
# 1,0 s, behind the dashboard's 0,8 s; every partner page's figures take 2,3–2,8 s.
_longest: dict[str, float] = {}


def refresh_figures() -> dict[str, float]:
    """Call every app's declared figure functions (AppConfig.figures), each computing through `cached`
    the figures its pages read that the last writes moved: the quickest first (by the longest each has
    taken in this process; declaration order until they have run). {function path: milliseconds}, in
    the order run. A function that fails is logged and the others still run: the page computes that
    figure itself."""
    import logging
    import time

    from django.utils.module_loading import import_string

    from .contributions import contributions

    # Those computed at commit too: a write outside compute_at_commit's reach (SQLite, a failed figure).
    kinds = ("figures_at_commit", "figures")
    declared = [path for kind in kinds for _config, paths in contributions(kind) for path in paths]
    spent = {}
    # The versions read once for the whole refresh, as a request reads them (it writes nothing): every
    # partner page's three parts asked for them again, 511 queries at ×100 (78 ms of 450). A write
    # committed meanwhile queues its own refresh; what this one computes after it is filed under the
    # versions before it, where no reader looks any more.
    with versions_read_once():
        for path in sorted(declared, key=lambda path: _longest.get(path, 0.0)):
            started = time.perf_counter()
            try:
                import_string(path)()
            except Exception:
                logging.getLogger(__name__).exception("Refreshing the figures of %s failed", path)
            spent[path] = (time.perf_counter() - started) * 1000
            _longest[path] = max(_longest.get(path, 0.0), spent[path])
    return spent


# Inside `background_write()`: the write runs in the task worker (an import job), where no reader
# waits for its commit, so the figures computed at commit may take as long as they need.
_background: ContextVar[bool] = ContextVar("background_write", default=False)


@contextmanager
def background_write():
    """Mark the writes made inside as the task worker's (an import job's): compute_at_commit's figures
    need not be quick there (every changed partner's page is computed, however many)."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


def writing_in_background() -> bool:
    return _background.get()


def bumped_here(key: str, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the current transaction has bumped the version `key` (ALL_KEY: a bulk write whose
    records are not known), for a figure computed at its commit (compute_at_commit). False where no
    figure is computed at commit (SQLite)."""
    return key in getattr(connections[using], "bumped_here", ())


class _Migrating:
    """Whether `migrate` is running (from its pre_migrate signal to its post_migrate, connected in
    CoreConfig.ready): a data migration's writes bump versions, but the tables the figures read may
    not exist yet, so nothing is computed at their commits."""

    running = False

    def start(self, **_kwargs) -> None:
        self.running = True

    def end(self, **_kwargs) -> None:
        self.running = False


migrating = _Migrating()


def compute_at_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Just before a transaction that bumped a version commits (core.postgresql's commit): every app's
    figures declared quick enough to compute then (AppConfig.figures_at_commit — the home page's key
    figures, the aid list's, the partner directory's choices…), through `cached`, inside the
    transaction. They see its writes and its new versions, and are filed under those versions, which
    readers see from the commit on: the first of them finds the figures kept instead of computing them
    (58–102 ms at ×100). Each runs in a savepoint, and one that fails is logged and left to its
    readers: the write commits all the same. The pages of the partners whose aid the transaction
    changed are computed here too (every partner's after a bulk write of unknown records: see
    bumped_here); the dashboard is left to the task worker (refresh_figures)."""
    import logging

    from django.utils.module_loading import import_string

    from .contributions import contributions

    if _deferred.get():  # bumps still to be made (bumps_deferred): their own commit computes
        return
    if migrating.running:
        return
    # First what must be done before the commit whatever else is (AppConfig.before_commit), in this
    # transaction: a failure there fails the commit.
    for _config, paths in contributions("before_commit"):
        for path in paths:
            import_string(path)()
    if not getattr(settings, "FIGURES_AT_COMMIT", True):
        return
    with versions_read_once():  # read inside the transaction: its own new versions
        for _config, paths in contributions("figures_at_commit"):
            for path in paths:
                try:
                    with transaction.atomic(using=using):
                        import_string(path)()
                except Exception:
                    logging.getLogger(__name__).exception("Computing the figures of %s at commit failed", path)
