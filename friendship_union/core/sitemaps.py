"""The base of every sitemap an app contributes (declared as `sitemaps` on its AppConfig; the top
app assembles /sitemap.xml from them): both languages, hreflang alternates and x-default."""

from django.contrib.sitemaps import Sitemap


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000
