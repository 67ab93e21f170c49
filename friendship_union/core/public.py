"""Small helpers shared by the public list pages: safe filters from the query string, pagination."""

from django.core.paginator import Paginator

from .numbers import whole_number


def page_of(request, queryset, per_page: int = 20):
    """The requested page of `queryset`; a bad or out-of-range ?trang= gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("trang"))


def choice(request, name: str, allowed) -> str:
    """`request.GET[name]` when it is one of `allowed`, else "" (never passes raw input to a query)."""
    value = request.GET.get(name, "")
    return value if value in {str(a) for a in allowed} else ""


def year(request, name: str = "nam") -> int | None:
    """?nam=YYYY between 1990 and 2100, else None (the filter is ignored, never an error)."""
    return whole_number(request.GET.get(name, ""), low=1990, high=2100)
