"""Albums and photos."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.gallery"
    verbose_name = _("Thư viện ảnh")
    # Editors run the gallery; data entry staff attach photos to the records they keep.
    role_access = {"editor": "edit", "data_entry": "edit", "leadership": "view"}
