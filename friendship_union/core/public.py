"""Small helpers shared by the public list pages: safe filters from the query string, pagination."""

import datetime
import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from .numbers import whole_number
from .versioning import cached

# A list kept per records version (page_of's `reads`) keeps the keys of its rows in blocks of this
# many pages: a page past the first block is read by its keys, not cut out of the whole list again.
KEPT_PAGES = 50


class DeepPaginator(Paginator):
    """A page cut out by its rows' keys: `WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)`, still
    one query. The rows skipped over are read from an index (index-only where one covers the order and
    the filter) instead of being fetched whole, so page 800 costs about what page 1 does.

    With `reads` (the apps whose records the list's query reads, as core.versioning.cached takes them;
    only for a list whose rows change with those records alone, nothing with the clock): the number of
    rows and, past the first KEPT_PAGES pages, the rows' keys in blocks of KEPT_PAGES pages are kept
    until a record of those apps changes, under the list's SQL. The count and the skipping both read
    every row the list selects (at ×100 the demo, 18.104 public aid items: 4 and 5 ms on each view);
    kept, a deep page reads its own rows by key, whatever its number. The rows themselves are always
    read afresh, through the list's own query."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, reads=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.reads = reads if self._plain() else None

    def _plain(self) -> bool:
        rows = self.object_list
        return isinstance(rows, QuerySet) and rows.ordered and not rows.query.distinct and rows.query.group_by is None

    @cached_property
    def _digest(self) -> str | None:
        """The list's SQL (its keys in its order, with their parameters), hashed: what the kept count
        and keys are filed under. None for a list that can select nothing (no SQL to run)."""
        try:
            sql, params = self.object_list.values_list("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        return hashlib.blake2b(repr((sql, params)).encode(), digest_size=16).hexdigest()

    @cached_property
    def count(self):
        if self.reads is None or self._digest is None:
            return super().count
        return cached(f"list-count:{self._digest}", lambda: Paginator.count.func(self), reads=self.reads)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not bottom or not self._plain():
            return self._get_page(rows[bottom:top], number, self)
        block = self.per_page * KEPT_PAGES
        first = bottom // block * block
        if self.reads is not None and self._digest is not None and first and top <= first + block:
            keys = cached(
                f"list-keys:{self._digest}:{first}",
                lambda: list(rows.values_list("pk", flat=True)[first : first + block]),
                reads=self.reads,
            )
            return self._get_page(rows.filter(pk__in=keys[bottom - first : top - first]), number, self)
        return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)


def page_of(request, queryset, per_page: int = 20, *, reads: frozenset[str] | None = None):
    """The requested page of `queryset`; a bad or out-of-range ?trang= gives the nearest page. With
    `reads`, its count and deep pages' keys are kept per records version (DeepPaginator)."""
    paginator = DeepPaginator(queryset, per_page, reads=reads)
    return paginator.get_page(request.GET.get("trang"))


def choice(request, name: str, allowed) -> str:
    """`request.GET[name]` when it is one of `allowed`, else "" (never passes raw input to a query)."""
    value = request.GET.get(name, "")
    return value if value in {str(a) for a in allowed} else ""


def year(request, name: str = "nam") -> int | None:
    """?nam=YYYY between 1990 and 2100, else None (the filter is ignored, never an error)."""
    return whole_number(request.GET.get(name, ""), low=1990, high=2100)


def years_in_use(queryset: QuerySet, field: str) -> list[datetime.date]:
    """1 January of each year in which some record of `queryset` falls by its DateField `field`, newest
    first: what `queryset.dates(field, "year", order="DESC")` gives (a list's year filter), without
    reading every record. On PostgreSQL, one query: the first and the last date, then one probe of
    `field`'s index for each year between them (DISTINCT over the dates read all 25.100 delegations
    at 100× the demo: 11 ms, now 2–3 ms); elsewhere (the quick start's SQLite) Django's own."""
    if connections[queryset.db].vendor != "postgresql":
        return list(queryset.dates(field, "year", order="DESC"))
    dated = queryset.filter(**{f"{field}__isnull": False}).order_by()
    try:
        dated.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing: no SQL to run
        return []
    first_sql, first_params = dated.order_by(field).values(field)[:1].query.sql_with_params()
    last_sql, last_params = dated.order_by(f"-{field}").values(field)[:1].query.sql_with_params()
    within = dated.filter(
        **{f"{field}__gte": RawSQL("make_date(y.y, 1, 1)", ()), f"{field}__lt": RawSQL("make_date(y.y + 1, 1, 1)", ())}
    ).values("pk")
    within_sql, within_params = within.query.sql_with_params()
    sql = (
        f"SELECT y.y FROM generate_series(CAST(EXTRACT(YEAR FROM ({first_sql})) AS integer), "
        f"CAST(EXTRACT(YEAR FROM ({last_sql})) AS integer)) AS y(y) WHERE EXISTS ({within_sql}) ORDER BY y.y DESC"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, (*first_params, *last_params, *within_params))
        return [datetime.date(year, 1, 1) for (year,) in cursor.fetchall()]
