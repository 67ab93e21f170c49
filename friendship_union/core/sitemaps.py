"""The base of every sitemap an app contributes (declared as `sitemaps` on its AppConfig; the top
app assembles /sitemap.xml from them): both languages, hreflang alternates and x-default.

Django's i18n sitemap makes the list of every (record, language) pair to count and page them, and
takes the latest `lastmod` by reading every record: at ×100 data, sitemap.xml took 30 s after each
change. Here the pairs are counted with one COUNT and a page reads only its own records (one query
with LIMIT/OFFSET), and the latest change is one MAX, read by the same query as the count — when
`items()` is a QuerySet and the sitemap names its `lastmod_field`."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, QuerySet


class _Pairs(Sequence):
    """(record, language) for every record of `items` and every language, in that order, counted and
    sliced by the database."""

    def __init__(self, items: QuerySet, languages: list[str], count=None):
        self.items, self.languages = items, languages
        self._count = count or items.count
        self._length = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        width = len(self.languages)
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            first, last = start // width, -(-stop // width)
            pairs = [(record, language) for record in self.items[first:last] for language in self.languages]
            return pairs[start - first * width : stop - first * width : step]
        if index < 0:
            index += len(self)
        record = self.items[index // width]
        return record, self.languages[index % width]


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000
    lastmod_field = "updated_at"

    def _items(self):
        """The (record, language) pairs, made once per sitemap object: Django asks again for every
        paginator it makes (sitemap.xml counted each section twice, deciding whether to split and
        then writing the index)."""
        if "_pairs" not in self.__dict__:
            items = self._records()
            if isinstance(items, QuerySet) and type(self).get_languages_for_item is Sitemap.get_languages_for_item:
                self._pairs = _Pairs(items, self._languages(), count=lambda: self._stats(items)["n"])
            else:
                self._pairs = super()._items()
        return self._pairs

    def _records(self):
        """items(), asked once per sitemap object (an app's items() may read the database to make its
        QuerySet: the gallery's listable albums)."""
        if "_records_made" not in self.__dict__:
            self._records_made = self.items()
        return self._records_made

    def _dated(self, items) -> bool:
        return isinstance(items, QuerySet) and bool(self.lastmod_field) and hasattr(self, "lastmod")

    def _stats(self, items: QuerySet) -> dict:
        """{"n": the number of records, "latest": their latest change (None without a lastmod_field)},
        in one query, once per sitemap object: the index asks each section for both, and at ×100
        data the Python that makes a query costs more than PostgreSQL takes to count."""
        if "_stats_read" not in self.__dict__:
            figures = {"n": Count("*")}
            if self._dated(items):
                figures["latest"] = Max(self.lastmod_field)
            self._stats_read = {"latest": None} | items.order_by().aggregate(**figures)
        return self._stats_read

    def get_latest_lastmod(self):
        items = self._records()
        if self._dated(items):
            return self._stats(items)["latest"]
        return super().get_latest_lastmod()
