"""Public news pages: the list (by category), an article with its comments and form, the RSS feed."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from friendship_union.core.models import SiteIdentity
from friendship_union.core.net import RateLimited, address_hash, client_address
from friendship_union.core.public import choice, page_of
from friendship_union.gallery.models import Photo

from .body import render_body
from .forms import CommentForm
from .models import Article, Category, Comment
from .services import comment_submit

PER_PAGE = 10
PUBLIC_COMMENT_FIELDS = ("pk", "article_id", "parent_id", "name", "body", "created_at")


@require_safe
def article_list(request):
    language = get_language()
    categories = list(Category.objects.all())
    selected = choice(request, "chuyen-muc", [c.slug for c in categories])
    articles = Article.objects.public().for_reader(language).for_listing()
    if selected:
        articles = articles.filter(categories__slug=selected)
    return render(
        request,
        "news/article_list.html",
        {
            "page": page_of(request, articles, PER_PAGE),
            "categories": categories,
            "category": next((c for c in categories if c.slug == selected), None),
            "selected": {"chuyen-muc": selected},
        },
    )


def _article_or_404(request, slug: str) -> Article:
    """The public article; staff who may view articles also get drafts and scheduled ones (preview)."""
    articles = (
        Article.objects.with_cover()
        .select_related("translation", "album")
        .prefetch_related("categories", "tags", "partners", Prefetch("album__photos", queryset=Photo.objects.public()))
    )
    article = articles.public().filter(slug=slug).first()
    if article is None and request.user.has_perm("news.view_article"):
        article = articles.filter(slug=slug).first()
    if article is None:
        raise Http404(_("Không tìm thấy bài viết."))
    return article


@require_http_methods(["GET", "HEAD", "POST"])
def article_detail(request, slug):
    article = _article_or_404(request, slug)
    replies = Comment.objects.approved().only(*PUBLIC_COMMENT_FIELDS).order_by("created_at", "pk")
    comments = list(
        Comment.objects.approved()
        .filter(article=article, parent=None)
        .only(*PUBLIC_COMMENT_FIELDS)
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )
    comments_open = article.comments_open()

    if request.method == "POST" and comments_open:
        form = CommentForm(request.POST, article=article)
        if form.is_valid():
            data = form.cleaned_data
            try:
                comment_submit(
                    article=article,
                    parent=data["parent"],
                    name=data["name"],
                    email=data["email"],
                    body=data["body"],
                    hashed_ip=address_hash(client_address(request)),
                )
            except RateLimited:
                form.add_error(
                    None,
                    _("Bạn đã gửi nhiều bình luận trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
                )
            except ValidationError as error:  # a rule of the model the form does not repeat
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Cảm ơn bạn! Bình luận đã được gửi và đang chờ kiểm duyệt; "
                        "bình luận sẽ hiện ở đây sau khi được duyệt."
                    ),
                )
                return redirect(request.path + "#binh-luan")
    elif request.method == "POST":
        form = None
        messages.error(request, _("Bài viết này đã đóng bình luận."))
        return redirect(request.path + "#binh-luan")
    else:
        replying_to = next((c for c in comments if str(c.pk) == request.GET.get("tra-loi")), None)
        form = CommentForm(article=article, initial={"parent": replying_to.pk} if replying_to else None)

    parent_id = form["parent"].value() if form is not None else None
    translation = article.translation if article.translation_id and article.translation.is_public else None
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "body": render_body(article.body),
            "translation": translation,
            "comments": comments,
            "comment_count": len(comments) + sum(len(c.replies.all()) for c in comments),
            "comments_open": comments_open,
            "form": form if comments_open else None,
            "replying_to": next((c for c in comments if str(c.pk) == str(parent_id)), None),
            "other_language": article.language != get_language(),
            # The header's language switch leads to the translation, not this article in other chrome.
            "language_urls": {a.language: a.get_absolute_url() for a in (article, translation) if a is not None},
        },
    )


class ArticleFeed(Feed):
    """The 20 newest public articles for a reader of the active language (RSS 2.0)."""

    def get_object(self, request, *args, **kwargs):
        return {"site": SiteIdentity.current(), "language": get_language()}

    def title(self, obj):
        site = obj["site"]
        name = site.display_name_en if obj["language"] == "en" else site.name
        return f"{_('Tin tức')} – {name}"

    def link(self, obj):
        return reverse("news:list")

    def description(self, obj):
        return _("Tin tức, hoạt động đối ngoại nhân dân mới nhất.")

    def items(self, obj):
        # The feed declares its language: the English feed carries the stories written in English only.
        articles = Article.objects.public()
        if obj["language"] == "en":
            articles = articles.filter(language="en")
        return articles.for_reader(obj["language"]).prefetch_related("categories").order_by("-publish_at", "-pk")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS readers take <description> as HTML: the plain-text summary is escaped as HTML here, then as
        # XML by the feed writer, so "<b>" in a summary reaches the reader as text, not markup.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [c.display_name(item.language) for c in item.categories.all()]
