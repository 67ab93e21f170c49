"""Albums and photos."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.gallery"
    verbose_name = _("Thư viện ảnh")
    # What the app contributes to the whole site (core.contributions).
    sitemaps = {"gallery": "friendship_union.gallery.sitemaps.AlbumSitemap"}
    # Editors run the gallery; data entry staff attach photos to the records they keep.
    role_access = {"editor": "edit", "data_entry": "edit", "leadership": "view"}
    # Computed inside a write's transaction (core.versioning.compute_at_commit): the albums the public may see,
    # which every page showing a photo reads.
    figures_at_commit = ["friendship_union.gallery.models.published_album_ids"]

    def ready(self):
        # Here, not at the top: apps.py is imported before models may be (Django's rule; not a cycle).
        from django.db.models.signals import post_delete

        from .models import Photo, delete_photo_files

        # File clean-up only (no business logic): a deleted photo's files are removed from storage.
        post_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="gallery.photo.files")
