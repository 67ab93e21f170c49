"""URLs: the public site and the admin in Vietnamese at /, English under /en/; /healthz outside both."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from friendship_union.aid import views as aid_views
from friendship_union.core import views as core_views
from friendship_union.portal import views as portal_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/ready", core_views.healthz_ready, name="healthz_ready"),
    path("favicon.ico", core_views.favicon),
    path("robots.txt", core_views.robots_txt, name="robots"),
    # The name Django's sitemap machinery expects; the view caches Django's sitemap view.
    path("sitemap.xml", portal_views.sitemap_xml, name="django.contrib.sitemaps.views.sitemap"),
    # A section's own file, named by sitemap.xml when it is an index (past 10.000 URLs).
    path("sitemap-<slug:section>.xml", portal_views.sitemap_section, name="sitemap-section"),
    path("iati/activities.xml", aid_views.iati_activities, name="iati-activities"),
    path("iati/organisation.xml", aid_views.iati_organisation, name="iati-organisation"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("friendship_union.dashboard.urls")),
    path("", include("friendship_union.portal.partner_urls")),
    path("", include("friendship_union.aid.urls")),
    path("", include("friendship_union.appeals.urls")),
    path("", include("friendship_union.dossiers.urls")),
    path("", include("friendship_union.delegations.urls")),
    path("", include("friendship_union.events.urls")),
    path("", include("friendship_union.diaspora.urls")),
    path("", include("friendship_union.documents.urls")),
    path("", include("friendship_union.gallery.urls")),
    path("", include("friendship_union.news.urls")),
    path("", include("friendship_union.portal.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
