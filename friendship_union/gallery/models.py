"""Albums and photos. A photo belongs to an album or stands alone (a news article's cover); albums are
attached to aid items, delegations, events (and news articles) through a foreign key on those records."""

import os

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.images import EXTENSIONS, CleanImageField
from friendship_union.core.models import NormalizedModel, unique_slug
from friendship_union.core.uploads import GeneratedName
from friendship_union.core.versioning import TRACKED_APPS, cached

from .images import clean_original, delete_renditions, make_renditions
from .validators import validate_photo_upload


class AlbumQuerySet(models.QuerySet):
    def published(self) -> "AlbumQuerySet":
        """Albums the public may see: marked public, and not attached to any record the public may not
        see. Every model with a foreign key to Album is checked, so a record type added later is covered
        without changing this method: records whose manager has `public()` (or `published()`) hide their
        album when they are not public; records with neither (internal ones, a monitoring visit say)
        always do. History tables point at albums without a reverse relation and are not asked.

        The albums this selects are read once per records version (every record type above is
        tracked: a write to any of them moves it; a scheduled article's publication, at most a minute
        late): the query checks every such relation, and building it cost each page that shows a
        photo 5 ms of Python before it ran. A record type of an app
        the records version does not track would not move it: then the albums are read each time."""
        tracked = all(
            relation.related_model._meta.app_label in TRACKED_APPS
            for relation in Album._meta.related_objects
            if relation.one_to_many and relation.related_model is not Photo
        )
        return self.filter(pk__in=published_album_ids() if tracked else _published_album_ids())

    def listable(self) -> "AlbumQuerySet":
        """Published albums with at least one public photo: what the gallery pages and sitemap list."""
        return self.published().filter(Exists(Photo.objects.public().filter(album=OuterRef("pk"))))

    def with_cover_and_count(self) -> "AlbumQuerySet":
        """Annotates `public_photos` (number of public photos) and `cover_photo_id` (the chosen cover
        if it is public, else the first public photo)."""
        first_public = Photo.objects.public().filter(album=OuterRef("pk")).order_by("order", "pk").values("pk")[:1]
        return self.annotate(
            public_photos=Count("photos", filter=Q(photos__is_public=True)),
            cover_photo_id=models.Case(
                models.When(cover__is_public=True, then="cover_id"),
                default=models.Subquery(first_public),
            ),
        )


def _published_album_ids() -> list[int]:
    albums = Album.objects.filter(is_public=True)
    for relation in Album._meta.related_objects:
        if not relation.one_to_many or relation.related_model is Photo:
            continue
        manager = relation.related_model._default_manager
        visible = getattr(manager, "public", None) or getattr(manager, "published", None)
        hidden = manager.filter(**{relation.field.name: OuterRef("pk")})
        if visible is not None:
            hidden = hidden.exclude(pk__in=visible().values("pk"))
        albums = albums.filter(~Exists(hidden))
    return list(albums.order_by("pk").values_list("pk", flat=True))


# A scheduled article's album turns public when its publication time passes, which no write marks:
# the albums are kept at most this long, as the cached public pages are (PAGE_CACHE_SECONDS).
ALBUMS_KEPT_SECONDS = 60


def published_album_ids() -> list[int]:
    """The albums AlbumQuerySet.published() selects, kept per records version for at most
    ALBUMS_KEPT_SECONDS; computed once a write commits (AppConfig.figures)."""
    return cached("published-album-ids", _published_album_ids, timeout=ALBUMS_KEPT_SECONDS)


class Album(NormalizedModel):
    title = models.CharField(_("tên album"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên album."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True, help_text=_("Ngày diễn ra sự việc trong album."))
    is_public = models.BooleanField(
        _("công khai"),
        default=True,
        help_text=_("Album gắn với hồ sơ không công khai thì không hiện ra ngoài, dù đánh dấu ở đây."),
    )
    cover = models.ForeignKey(
        "Photo",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh bìa"),
        help_text=_("Để trống thì dùng ảnh đầu tiên."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử album"))

    objects = AlbumQuerySet.as_manager()

    class Meta:
        verbose_name = _("album ảnh")
        verbose_name_plural = _("album ảnh")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.normalize_text()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("gallery:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.cover_id and self.pk and self.cover.album_id != self.pk:
            raise ValidationError({"cover": _("Ảnh bìa phải là một ảnh trong album này.")})

    def unique_slug(self) -> str:
        return unique_slug(Album.objects.exclude(pk=self.pk), self.title, fallback="album", max_length=106)


class PhotoQuerySet(models.QuerySet):
    def public(self) -> "PhotoQuerySet":
        """Photos marked public: what a public record's page shows from that record's own album."""
        return self.filter(is_public=True)

    def shown(self) -> "PhotoQuerySet":
        """Photos the public may see anywhere (a news cover, a photo inserted in an article): marked
        public, and standing alone or in a published album — never a photo of an album kept private
        or attached to a record the public may not see (Album.objects.published)."""
        return self.public().filter(Q(album__isnull=True) | Q(album__in=Album.objects.published()))


class Photo(NormalizedModel):
    album = models.ForeignKey(
        Album,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("album"),
        help_text=_("Để trống cho ảnh đứng riêng (ví dụ ảnh đại diện của bài viết)."),
    )
    # Originals stored before uploads were cleaned are cleaned with their renditions by this command, not
    # by core's clean_images.
    cleaned_by_command = "gallery_renditions --clean-originals"
    # Stored at full size (the renditions are the scaled copies); cleaned by store_clean_original below.
    image = CleanImageField(_("ảnh"), upload_to=GeneratedName("gallery"), validators=[validate_photo_upload])
    alt_text = models.CharField(
        _("mô tả ảnh (cho người khiếm thị)"),
        max_length=250,
        help_text=_("Bắt buộc: ảnh cho thấy gì, ví dụ “Đại diện tổ chức trao học bổng cho học sinh”."),
    )
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    # db_default: rows written by code that predates the column (a data migration's historical model)
    caption_en = models.CharField(_("chú thích (tiếng Anh)"), max_length=300, blank=True, default="", db_default="")
    credit = models.CharField(_("nguồn ảnh"), max_length=150, blank=True)
    taken_at = models.DateTimeField(_("chụp lúc"), null=True, blank=True, help_text=_("Lấy từ EXIF khi có."))
    width = models.PositiveIntegerField(_("rộng (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), null=True, blank=True, editable=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_public = models.BooleanField(_("công khai"), default=True)
    # [{"width", "height", "webp", "jpeg"}, …] narrowest first: storage names of the renditions.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử ảnh"), excluded_fields=["renditions"])

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["album", "order"])]

    def __str__(self) -> str:
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        self.normalize_text()
        replaced = None
        if self.image and not self.image._committed:
            if self.pk:
                replaced = Photo.objects.filter(pk=self.pk).values_list("image", flat=True).first()
            self.store_clean_original()
        if self.image and not self.renditions:
            self.renditions = make_renditions(self.image.name, self.image.storage)
        super().save(*args, **kwargs)
        if replaced and replaced != self.image.name:
            storage = self.image.storage
            transaction.on_commit(lambda: storage.delete(replaced))

    def store_clean_original(self) -> None:
        """Replace the upload by an upright copy without EXIF (GPS), XMP or comments before it is stored
        (so the field's own cleaning has nothing left to do), note its size and EXIF date, and drop the
        renditions of any previous image."""

        cleaned, info = clean_original(self.image.file)
        extension = EXTENSIONS[info["format"]]
        self.image.save(f"{os.path.splitext(self.image.name)[0]}{extension}", cleaned, save=False)
        self.width, self.height = info["width"], info["height"]
        if info["taken_at"] and not self.taken_at:
            self.taken_at = timezone.make_aware(info["taken_at"])
        old, storage = list(self.renditions), self.image.storage
        transaction.on_commit(lambda: delete_renditions(old, storage))  # kept if the save rolls back
        self.renditions = []

    def delete_files(self) -> None:
        """Remove the original and its renditions from storage (a deleted photo must not stay reachable)."""
        if self.image:
            self.image.storage.delete(self.image.name)
        delete_renditions(self.renditions, self.image.storage)


def delete_photo_files(sender, instance: Photo, **kwargs) -> None:
    """post_delete receiver (connected in GalleryConfig.ready): files go once the deletion is committed,
    for every way a photo is deleted (admin, bulk action, album cascade)."""
    transaction.on_commit(instance.delete_files)


def album_field(*, related_name: str) -> models.ForeignKey:
    """The foreign key a record (aid item, delegation, event, news article) uses to show an album:
    optional, and deleting the album leaves the record. `Album.objects.published()` hides an album
    attached to a record its model's `public()` leaves out."""
    return models.ForeignKey(
        Album,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("album ảnh"),
        help_text=_("Ảnh của hồ sơ: chọn album có sẵn hoặc bấm + để tạo album và tải ảnh lên."),
    )
