"""News articles in Vietnamese or English, their categories and tags, and readers' comments."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.models import unique_slug as core_unique_slug
from friendship_union.core.text import fold
from friendship_union.gallery.models import Photo, album_field

from .sanitize import plain_text, sanitize_html


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")
    SPAM = "spam", _("Thư rác")


# Paths of the news section itself: an article slugged "rss" would hide behind the feed.
RESERVED_SLUGS = {"rss"}


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 120) -> str:
    """A free slug for a row of `model` (core.models.unique_slug), never one of RESERVED_SLUGS."""
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    return core_unique_slug(others, text, fallback="bai-viet", max_length=max_length, reserved=RESERVED_SLUGS)


class Category(NormalizedModel):
    name = models.CharField(_("tên chuyên mục"), max_length=100, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100, blank=True)
    slug = models.SlugField(
        _("đường dẫn"), max_length=100, unique=True, blank=True, help_text=_("Để trống để tạo từ tên chuyên mục.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords(verbose_name=_("lịch sử chuyên mục"))

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalize_text()
        if not self.slug:
            self.slug = unique_slug(Category, self.name, exclude_pk=self.pk, max_length=100)
        super().save(*args, **kwargs)

    def display_name(self, language: str | None = None) -> str:
        """The name in `language` (the active one by default); English falls back to Vietnamese."""
        language = language or translation.get_language()
        return self.name_en if language == "en" and self.name_en else self.name


class Tag(NormalizedModel):
    name = models.CharField(_("thẻ"), max_length=80, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử thẻ"))

    class Meta:
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalize_text()
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, exclude_pk=self.pk, max_length=80)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def public(self, now: datetime.datetime | None = None) -> "ArticleQuerySet":
        """Articles anyone may read: published, and their publication time has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def for_reader(self, language: str) -> "ArticleQuerySet":
        """One entry per story for a reader of `language`: the version in that language when it is
        public, otherwise the other-language version (public() must be applied too)."""
        translated_public = Article.objects.public().filter(language=language).values("pk")
        return self.filter(Q(language=language) | Q(translation__isnull=True) | ~Q(translation__in=translated_public))

    def with_comment_counts(self) -> "ArticleQuerySet":
        """Each article annotated with `approved_comments`: its approved comments and replies."""
        return self.annotate(
            approved_comments=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED), distinct=True)
        )

    def with_cover(self) -> "ArticleQuerySet":
        """The cover photo selected, and `cover_shown`: whether the public may see it (Photo.objects.shown:
        a public photo not in an album kept private or attached to a private record)."""
        return self.select_related("cover").annotate(
            cover_shown=Exists(Photo.objects.shown().filter(pk=OuterRef("cover_id")))
        )

    def for_listing(self) -> "ArticleQuerySet":
        """Newest first, with categories prefetched and approved-comment counts (for lists and feeds)."""
        return self.with_comment_counts().with_cover().prefetch_related("categories").order_by("-publish_at", "-pk")


# The site search"s full-text document of a Article: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_text",)


class Article(NormalizedModel):
    title = models.CharField(_("tiêu đề"), max_length=250)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo từ tiêu đề (không dấu, ví dụ dat-mui-don-doan-khach)."),
    )
    summary = models.TextField(_("tóm tắt"), max_length=600, help_text=_("Hai, ba câu hiện ở danh sách tin."))
    body = models.TextField(_("nội dung"))
    categories = models.ManyToManyField(Category, blank=True, related_name="articles", verbose_name=_("chuyên mục"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("thẻ"))
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VI)
    translation = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bản dịch"),
        help_text=_("Bài tương ứng ở ngôn ngữ kia; liên kết được cập nhật ở cả hai bài."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("thời điểm đăng"),
        default=timezone.now,
        help_text=_("Bài đã duyệt chỉ hiện trên trang từ thời điểm này (có thể hẹn giờ đăng)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_articles",
        verbose_name=_("người viết"),
    )
    byline = models.CharField(
        _("tác giả hiển thị"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Phòng Tổng hợp. Để trống thì không hiện."),
    )
    meta_description = models.CharField(
        _("mô tả cho công cụ tìm kiếm"),
        max_length=160,
        blank=True,
        help_text=_("Tối đa 160 ký tự; để trống thì dùng phần tóm tắt."),
    )
    comments_enabled = models.BooleanField(_("cho phép bình luận"), default=True)
    cover = models.ForeignKey(
        "gallery.Photo",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cover_of",
        verbose_name=_("ảnh đại diện"),
        help_text=_("Hiện đầu bài, trong danh sách tin và khi chia sẻ lên mạng xã hội; chú thích và nguồn lấy từ ảnh."),
    )
    album = album_field(related_name="news_articles")
    partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="articles",
        verbose_name=_("đối tác được nhắc đến"),
        help_text=_("Bài hiện trên trang của các đối tác này."),
    )
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(verbose_name=_("lịch sử bài viết"), m2m_fields=[categories, tags, partners])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-publish_at"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="news_article_public_idx"),
            *search_indexes("news_article", key="search_text", document=SEARCH_DOCUMENT),
        ]
        permissions = [("publish_article", _("Có thể đăng bài"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        self.search_text = " ".join(fold(t) for t in (self.title, self.summary, plain_text(self.body)) if t)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The article's page on the site in its own language (/tin-tuc/… or /en/…)."""
        with translation.override(self.language):
            return reverse("news:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Đường dẫn này dành cho trang khác của mục tin tức; hãy chọn đường dẫn khác.")}
            )
        if self.translation_id:
            if self.translation_id == self.pk:
                raise ValidationError({"translation": _("Một bài không thể là bản dịch của chính nó.")})
            if self.translation.language == self.language:
                raise ValidationError({"translation": _("Bản dịch phải ở ngôn ngữ khác với bài này.")})

    @property
    def is_public(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def description(self) -> str:
        """What search engines and link previews show: the meta description, else the summary."""
        return self.meta_description or self.summary[:160]

    def comments_close_at(self) -> datetime.datetime | None:
        """When comments close (NEWS_COMMENTS_CLOSE_AFTER_DAYS after publication); None: never."""
        days = settings.NEWS_COMMENTS_CLOSE_AFTER_DAYS
        return self.publish_at + datetime.timedelta(days=days) if days else None

    def comments_open(self, now: datetime.datetime | None = None) -> bool:
        if not (self.comments_enabled and self.is_public):
            return False
        close_at = self.comments_close_at()
        return close_at is None or (now or timezone.now()) < close_at


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.PENDING)


class Comment(NormalizedModel):
    article = models.ForeignKey(Article, models.CASCADE, related_name="comments", verbose_name=_("bài viết"))
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("trả lời bình luận"),
    )
    name = models.CharField(_("họ tên"), max_length=80)
    # Never shown on the public site: moderators may need to write back.
    email = models.EmailField(_("thư điện tử"), max_length=254)
    body = models.TextField(_("nội dung bình luận"), max_length=3000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # A keyed hash of the sender's IP address (for rate limits and spotting floods), never the address.
    ip_hash = models.CharField(_("mã IP (đã băm)"), max_length=64, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
        editable=False,
    )
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử bình luận"))

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["article", "status"], name="news_comment_article_idx")]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:60]}"

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Chỉ có thể trả lời bình luận gốc, không trả lời một câu trả lời.")})
        if self.parent_id and self.parent.article_id != self.article_id:
            raise ValidationError({"parent": _("Bình luận được trả lời không thuộc bài viết này.")})
