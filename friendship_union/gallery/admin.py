"""Admin for albums (photos inline with thumbnails, several uploaded at once) and single photos."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import HistoryAdmin

from .forms import AlbumAdminForm, PhotoForm, PhotoInlineForm
from .models import Album, Photo
from .services import photo_save, photos_add_many
from .templatetags.gallery import smallest_url


def preview(photo: Photo) -> str:
    """The photo's smallest rendition, 120 px wide."""
    return format_html('<img src="{}" alt="{}" width="120" loading="lazy">', smallest_url(photo), photo.alt_text)


@admin.display(description=_("xem trước"))
def thumbnail(photo: Photo) -> str:
    """The preview, opening the original in a new tab (on a photo's own form and in an album's table)."""
    if not photo or not photo.pk or not photo.image:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', photo.image.url, preview(photo))


@admin.display(description=_("xem trước"))
def list_thumbnail(photo: Photo) -> str:
    """The preview alone: in the list it is the row's link (to the photo, or in a pop-up the choice of
    it), and a link inside a link would be cut in two by the browser."""
    return preview(photo) if photo.image else "—"


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

    def write_inline(self, request, obj, formset):
        photo_save(photo=obj, user=request.user, validated=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        uploads = form.cleaned_data.get("new_photos")
        if uploads:
            photos_add_many(
                album=form.instance,
                images=uploads,
                alt_text=form.cleaned_data["new_photos_alt_text"],
                credit=form.cleaned_data.get("new_photos_credit", ""),
                user=request.user,
            )


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    form = PhotoForm
    list_display = ["list_thumbnail", "alt_text", "album", "size", "taken_at", "is_public"]
    list_display_links = ["list_thumbnail", "alt_text"]
    list_filter = ["is_public", ("album", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["alt_text", "caption", "credit", "album__title"]
    list_select_related = ["album"]
    autocomplete_fields = ["album"]
    readonly_fields = ["thumbnail", "width", "height"]
    fields = [
        "thumbnail", "image", "album", "alt_text", "caption", "caption_en", "credit", "taken_at", "order", "is_public",
    ]  # fmt: skip

    thumbnail = staticmethod(thumbnail)
    list_thumbnail = staticmethod(list_thumbnail)

    @admin.display(description=_("cỡ (px)"), ordering="width")
    def size(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width and photo.height else "—"

    def write(self, request, obj, form, change):
        photo_save(photo=obj, user=request.user, validated=True)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/chen-vao-bai/",
                self.admin_site.admin_view(self.embed_view),
                name=f"{info[0]}_{info[1]}_embed",
            ),
            *super().get_urls(),
        ]

    def embed_view(self, request, object_id):
        """What the article editor needs to insert the photo into a body (static/js/news-editor.js):
        the rendition it shows, its size, the alt text, whether the public may see it. JSON, GET only."""
        photo = self.get_object(request, unquote(object_id))
        if photo is None:
            raise Http404
        if not self.has_view_permission(request, photo):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        shown = photo.renditions[min(1, len(photo.renditions) - 1)] if photo.renditions else None
        return JsonResponse(
            {
                "id": photo.pk,
                "src": photo.image.storage.url(shown["jpeg"]) if shown else photo.image.url,
                "width": shown["width"] if shown else photo.width,
                "height": shown["height"] if shown else photo.height,
                "thumbnail": smallest_url(photo),
                "alt": photo.alt_text,
                "is_public": photo.is_public,
            }
        )
