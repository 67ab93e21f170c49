"""Albums and photos."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.gallery"
    verbose_name = _("Thư viện ảnh")
    # Editors run the gallery; data entry staff attach photos to the records they keep.
    role_access = {"editor": "edit", "data_entry": "edit", "leadership": "view"}

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import Photo, delete_photo_files

        # File clean-up only (no business logic): a deleted photo's files are removed from storage.
        post_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="gallery.photo.files")
