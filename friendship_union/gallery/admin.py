"""Admin for albums (photos inline with thumbnails, several uploaded at once) and single photos."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import HistoryAdmin

from .forms import AlbumAdminForm, PhotoForm, PhotoInlineForm
from .models import Album, Photo
from .services import photos_add_many


@admin.display(description=_("xem trước"))
def thumbnail(photo: Photo) -> str:
    if not photo or not photo.pk or not photo.image:
        return "—"
    smallest = photo.renditions[0]["jpeg"] if photo.renditions else photo.image.name
    return format_html(
        '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" width="120" loading="lazy"></a>',
        photo.image.url,
        photo.image.storage.url(smallest),
        photo.alt_text,
    )


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoInlineForm
    fk_name = "album"
    extra = 0
    fields = ["thumbnail", "image", "alt_text", "caption", "order", "is_public"]  # credit: in the photo form
    readonly_fields = ["thumbnail"]
    ordering = ["order", "pk"]

    thumbnail = staticmethod(thumbnail)


@admin.register(Album)
class AlbumAdmin(HistoryAdmin):
    form = AlbumAdminForm
    list_display = ["title", "date", "photo_count", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["title", "slug"]
    date_hierarchy = "date"
    ordering = ["-date", "-created_at"]  # explicit: the photo count's GROUP BY drops Meta.ordering
    inlines = [PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", ("date", "is_public"), "description", "slug", "cover"]}),
        (_("Thêm ảnh"), {"fields": ["new_photos", "new_photos_alt_text", "new_photos_credit"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return fieldsets[:1]  # read-only (leadership): nothing to upload
        return fieldsets

    class Media:
        css = {"all": ["css/gallery-admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_total=Count("photos"))

    @admin.display(description=_("số ảnh"), ordering="photo_total")
    def photo_count(self, album):
        return album.photo_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        uploads = form.cleaned_data.get("new_photos")
        if uploads:
            photos_add_many(
                album=form.instance,
                images=uploads,
                alt_text=form.cleaned_data["new_photos_alt_text"],
                credit=form.cleaned_data.get("new_photos_credit", ""),
            )


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "alt_text", "album", "width", "height", "taken_at", "is_public"]
    list_display_links = ["thumbnail", "alt_text"]
    list_filter = ["is_public", ("album", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["alt_text", "caption", "credit", "album__title"]
    list_select_related = ["album"]
    autocomplete_fields = ["album"]
    readonly_fields = ["thumbnail", "width", "height"]
    fields = [
        "thumbnail", "image", "album", "alt_text", "caption", "caption_en", "credit", "taken_at", "order", "is_public",
    ]  # fmt: skip

    thumbnail = staticmethod(thumbnail)
