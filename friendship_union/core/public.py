"""Small helpers shared by the public list pages: safe filters from the query string, pagination."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

from .numbers import whole_number


class DeepPaginator(Paginator):
    """A page cut out by its rows' keys: `WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)`, still
    one query. The rows skipped over are read from an index (index-only where one covers the order and
    the filter) instead of being fetched whole, so page 800 costs about what page 1 does."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        plain = isinstance(rows, QuerySet) and rows.ordered and not rows.query.distinct and rows.query.group_by is None
        if bottom and plain:
            return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)
        return self._get_page(rows[bottom:top], number, self)


def page_of(request, queryset, per_page: int = 20):
    """The requested page of `queryset`; a bad or out-of-range ?trang= gives the nearest page."""
    paginator = DeepPaginator(queryset, per_page)
    return paginator.get_page(request.GET.get("trang"))


def choice(request, name: str, allowed) -> str:
    """`request.GET[name]` when it is one of `allowed`, else "" (never passes raw input to a query)."""
    value = request.GET.get(name, "")
    return value if value in {str(a) for a in allowed} else ""


def year(request, name: str = "nam") -> int | None:
    """?nam=YYYY between 1990 and 2100, else None (the filter is ignored, never an error)."""
    return whole_number(request.GET.get(name, ""), low=1990, high=2100)
