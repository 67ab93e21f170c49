"""The base of every sitemap an app contributes (declared as `sitemaps` on its AppConfig; the top
app assembles /sitemap.xml from them): both languages, hreflang alternates and x-default.

Django's i18n sitemap makes the list of every (record, language) pair to count and page them, and
takes the latest `lastmod` by reading every record: at ×100 data, sitemap.xml took 30 s after each
change. Here the pairs are counted with one COUNT and a page reads only its own records (one query
with LIMIT/OFFSET), and the latest change is one MAX — when `items()` is a QuerySet and the sitemap
names its `lastmod_field`."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet


class _Pairs(Sequence):
    """(record, language) for every record of `items` and every language, in that order, counted and
    sliced by the database."""

    def __init__(self, items: QuerySet, languages: list[str]):
        self.items, self.languages = items, languages
        self._length = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.items.count() * len(self.languages)
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
            items = self.items()
            if isinstance(items, QuerySet) and type(self).get_languages_for_item is Sitemap.get_languages_for_item:
                self._pairs = _Pairs(items, self._languages())
            else:
                self._pairs = super()._items()
        return self._pairs

    def get_latest_lastmod(self):
        items = self.items()
        if isinstance(items, QuerySet) and self.lastmod_field and hasattr(self, "lastmod"):
            return items.order_by().aggregate(latest=Max(self.lastmod_field))["latest"]
        return super().get_latest_lastmod()
