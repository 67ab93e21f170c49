from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin
from friendship_union.gallery.models import Photo

from .body import body_images, photo_number
from .models import Article, ArticleStatus, Category, Comment, CommentStatus, Tag
from .sanitize import plain_text, sanitize_html
from .services import MODERATION_MESSAGES, article_link_translation, comments_moderate
from .widgets import RichTextWidget


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


@admin.register(Tag)
class TagAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "cover", "album", "categories", "tags", "partners", "language",
            "translation", "status", "publish_at", "byline", "comments_enabled", "meta_description",
        ]  # fmt: skip
        widgets = {
            "body": RichTextWidget,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
        }

    user = None  # set by ArticleAdmin.get_form

    def validate_unique(self):
        # Relinking A to B while B is linked to C is allowed: the service unlinks C on save.
        exclude = self._get_validation_exclusions() | {"translation"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        cleaned = sanitize_html(body)
        images = body_images(cleaned)
        numbers = [photo_number(attrs) for attrs in images]
        if body.count("<img") > len(images) or None in numbers:
            raise forms.ValidationError(
                _(
                    "Có ảnh không lấy từ thư viện ảnh của trang (ảnh dán trực tiếp, kéo thả hoặc từ trang khác) "
                    "nên không lưu được. Hãy xóa ảnh đó rồi chèn lại bằng nút “Chèn ảnh từ thư viện” trên thanh "
                    "công cụ: chọn ảnh có sẵn hoặc tải ảnh mới lên."
                ),
                code="foreign_image",
            )
        public = set(Photo.objects.shown().filter(pk__in=numbers).values_list("pk", flat=True))
        problems = []
        for place, (attrs, number) in enumerate(zip(images, numbers, strict=True), start=1):
            if number not in public:
                problems.append(
                    _(
                        "Ảnh thứ %(n)d không còn trong thư viện ảnh, không để công khai hoặc thuộc album không "
                        "công khai: hãy xóa hoặc chọn ảnh khác."
                    )
                    % {"n": place}
                )
            elif not attrs.get("alt", "").strip():
                problems.append(
                    _("Ảnh thứ %(n)d chưa có mô tả cho người khiếm thị: hãy xóa ảnh rồi chèn lại kèm mô tả.")
                    % {"n": place}
                )
        if problems:
            raise forms.ValidationError(problems, code="image")
        if not plain_text(cleaned) and not images:
            raise forms.ValidationError(_("Vui lòng nhập nội dung bài viết."), code="required")
        return body

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ArticleStatus.PUBLISHED
            and self.user is not None
            and not self.user.has_perm("news.publish_article")
            and (self.instance.pk is None or self.instance.status != ArticleStatus.PUBLISHED)
        ):
            self.add_error("status", _("Bạn chưa có quyền đăng bài; hãy chọn “Chờ duyệt” để gửi người duyệt."))
        return cleaned


def publication_time(article):
    """When an article being published goes live: now, unless it is scheduled for later — a draft
    written weeks ago is not dated back (it would sink in the list with its comments already closed).
    Articles not published keep their time."""
    now = timezone.now()
    if article.status != ArticleStatus.PUBLISHED or (article.publish_at and article.publish_at > now):
        return article.publish_at
    return now


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, HistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "language", "status", "publish_at", "visibility", "comment_counts"]
    list_filter = ["status", "language", "categories", "comments_enabled"]
    search_fields = ["title", "slug"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "publish_at"
    autocomplete_fields = ["translation", "tags", "cover", "album", "partners"]
    readonly_fields = ["author", "created_at", "updated_at"]
    actions = ["submit_for_review", "publish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Ảnh"), {"fields": ["cover", "album"]}),
        (_("Phân loại"), {"fields": ["categories", "tags", "partners", "language", "translation"]}),
        (_("Đăng bài"), {"fields": ["status", "publish_at", "byline", "comments_enabled"]}),
        (_("Công cụ tìm kiếm"), {"fields": ["meta_description"], "classes": ["collapse"]}),
        (_("Thông tin"), {"fields": ["author", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_approved=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED)),
                n_pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
            )
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    @admin.display(description=_("hiển thị"))
    def visibility(self, article):
        if article.status != ArticleStatus.PUBLISHED:
            return "—"
        if article.publish_at > timezone.now():
            return _("Hẹn giờ")
        return _("Công khai")

    @admin.display(description=_("bình luận (duyệt / chờ)"))
    def comment_counts(self, article):
        if not article.n_pending:
            return article.n_approved
        return format_html("{} / <strong>{}</strong>", article.n_approved, article.n_pending)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        if "status" in form.changed_data and "publish_at" not in form.changed_data:
            obj.publish_at = publication_time(obj)
        # The translation link is set on both articles by the service below; keep the stored
        # value for this save so the unique one-to-one column never holds a value twice.
        wanted = form.cleaned_data.get("translation")
        obj.translation_id = Article.objects.filter(pk=obj.pk).values_list("translation_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if wanted != obj.translation:
            article_link_translation(article=obj, translation=wanted)

    @admin.action(description=_("Gửi duyệt các bài đã chọn"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=ArticleStatus.DRAFT):
            article.status = ArticleStatus.REVIEW
            article.save()
            changed += 1
        self.message_user(request, _("Đã gửi duyệt %(n)d bài.") % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Đăng các bài đã chọn"), permissions=["publish"])
    def publish(self, request, queryset):
        changed = 0
        for article in queryset.exclude(status=ArticleStatus.PUBLISHED):
            article.status = ArticleStatus.PUBLISHED
            article.publish_at = publication_time(article)
            article.save()
            changed += 1
        self.message_user(request, _("Đã đăng %(n)d bài.") % {"n": changed}, messages.SUCCESS)

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")


@admin.register(Comment)
class CommentAdmin(HistoryAdmin):
    list_display = ["excerpt", "name", "email", "article", "is_reply", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["approve", "reject", "mark_spam"]
    fields = ["article", "parent", "name", "email", "body", "status", "moderated_by", "moderated_at", "created_at"]
    readonly_fields = ["article", "parent", "name", "email", "body", "moderated_by", "moderated_at", "created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers, through the article page

    @admin.display(description=_("nội dung"))
    def excerpt(self, comment):
        return comment.body if len(comment.body) <= 90 else comment.body[:88] + "…"

    @admin.display(description=_("trả lời"), boolean=True)
    def is_reply(self, comment):
        return comment.parent_id is not None

    def _moderate(self, request, queryset, status):
        changed = comments_moderate(comments=queryset, status=status, moderator=request.user)
        self.message_user(request, MODERATION_MESSAGES[status] % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Duyệt các bình luận đã chọn"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.APPROVED)

    @admin.action(description=_("Từ chối các bình luận đã chọn"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.REJECTED)

    @admin.action(description=_("Đánh dấu thư rác"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.SPAM)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
