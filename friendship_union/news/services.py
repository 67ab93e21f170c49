"""Writes with side effects: keeping translation links symmetric, accepting a reader's comment
(rate-limited per hashed IP), moderating comments in bulk. The admin and the views call these."""

import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendship_union.core.net import RateLimited, count_submission, rate_limited
from friendship_union.core.text import visible

from .models import Article, Comment, CommentStatus

# One match per link, as a spammer writes it to slip past a filter: any scheme ("hxxp://", "ftp://"), a
# www. address, or a bare domain (spam.vn, a.com.vn, casino.bet) — not the domain of an email address.
# A bare domain ends in a common spam TLD (any case) or in any lowercase 2-letter country code; "TP.HCM"
# and "ThS.BS" in a reader's Vietnamese are not links.
_SPAM_TLDS = (
    "vn|com|net|org|info|biz|ru|cn|xyz|top|io|me|co|cc|tv|ws|online|site|club|shop|store|app|dev|live|"
    "link|click|bet|casino|win|vip|pro|fun|icu|buzz|space|website|tech|asia|mobi|name|one|bid|loan"
)
_LINK = re.compile(
    r"\b[a-z][a-z0-9+.-]{1,15}://\S+|www\.\S+"
    rf"|(?<![@\w.-])[\w-]+(?:\.[\w-]+)*\.(?:(?i:{_SPAM_TLDS})|[a-z]{{2}})\b(?![@\w-])",
)
# Dots as they are disguised: full-width and ideographic, "[.]", "(dot)"; with spaces around them only
# before a lowercase spam TLD ("spam . com", "spam. vn"): a sentence ends with a dot, but the next one
# starts with a capital letter, so "Đồng ý. Com-pa…" is not joined.
_DISGUISED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|[\[({]dot[\])}])\s*|[\u3002\uff0e\uff61]", re.IGNORECASE)
_SPACED_DOT = re.compile(rf"(?<=\w)\s*\.\s+(?=(?:{_SPAM_TLDS})\b)|(?<=\w)\s+\.(?=(?:{_SPAM_TLDS})\b)")


def _as_written(text: str) -> str:
    text = unicodedata.normalize("NFKC", visible(text))  # full-width letters and dots → ASCII
    return _SPACED_DOT.sub(".", _DISGUISED_DOT.sub(".", text))


@transaction.atomic
def article_link_translation(*, article: Article, translation: Article | None) -> None:
    """Make `article` and `translation` point at each other (or unlink `article` when None).

    Articles previously linked to either of them are unlinked, so a link always exists on both
    sides or on neither. Each change is a `save()`, so it is in both articles' history."""
    touched = Article.objects.filter(translation=article) | Article.objects.filter(pk=article.pk)
    if translation is not None:
        touched |= Article.objects.filter(translation=translation) | Article.objects.filter(pk=translation.pk)
    for other in touched.exclude(pk__in=[article.pk] + ([translation.pk] if translation else [])):
        other.translation = None
        other.save(update_fields=["translation"])
    # Clear first: the one-to-one column is unique, and the two rows swap values.
    Article.objects.filter(pk=article.pk).update(translation=None)
    if translation is not None:
        Article.objects.filter(pk=translation.pk).update(translation=None)
        translation.translation = article
        translation.save(update_fields=["translation"])
    article.translation = translation
    article.save(update_fields=["translation"])


def count_links(text: str) -> int:
    return len(_LINK.findall(_as_written(text)))


@transaction.atomic
def comment_submit(
    *, article: Article, name: str, email: str, body: str, hashed_ip: str, parent: Comment | None = None
) -> Comment:
    """Store a reader's comment as pending moderation. Raises RateLimited when the address has
    sent NEWS_COMMENT_RATE_LIMIT comments in the current window; ValidationError on bad input."""
    if rate_limited("comment", hashed_ip, settings.NEWS_COMMENT_RATE_LIMIT):
        raise RateLimited
    comment = Comment(article=article, parent=parent, name=name, email=email, body=body, ip_hash=hashed_ip)
    comment.full_clean()
    comment.save()
    count_submission("comment", hashed_ip, settings.NEWS_COMMENT_RATE_WINDOW_MINUTES * 60)
    return comment


MODERATION_MESSAGES = {
    CommentStatus.APPROVED: _("Đã duyệt %(n)d bình luận."),
    CommentStatus.REJECTED: _("Đã từ chối %(n)d bình luận."),
    CommentStatus.SPAM: _("Đã đánh dấu %(n)d bình luận là thư rác."),
}


@transaction.atomic
def comments_moderate(*, comments, status: str, moderator) -> int:
    """Set `status` on each of `comments` (a queryset), recording who and when. Returns how many
    changed. One save per comment so the moderation is in each comment's history."""
    if status not in MODERATION_MESSAGES:
        raise ValueError(f"Not a moderation outcome: {status}")
    now = timezone.now()
    changed = 0
    for comment in comments.exclude(status=status).select_for_update():
        comment.status = status
        comment.moderated_by = moderator
        comment.moderated_at = now
        comment.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
        changed += 1
    return changed
