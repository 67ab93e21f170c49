"""The project's URLs plus media files, for browser tests (DEBUG is off in tests, so Django's
`static()` helper would add nothing)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from friendship_union.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *project_urlpatterns,
]
