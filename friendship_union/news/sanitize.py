"""The one allow-list article bodies pass through (nh3) before they are stored.

Kept: paragraphs, h2–h4, bold/italic, lists, blockquote, tables, links (http, https, mailto or a
path on this site; every link gets rel="noopener"), images served from our own MEDIA_URL — with their
alt text, size and, for a photo of the gallery, its number (`data-photo`: what the editor's "insert a
photo" dialog writes, and what the article page turns into the photo's renditions, news/body.py).
Dropped: scripts, styles, event handlers, style/class attributes, iframes and other embeds,
javascript:/data: URLs, images from anywhere else.
"""

import posixpath
import re
from html import unescape
from urllib.parse import unquote

import nh3
from django.conf import settings

from friendship_union.core.numbers import whole_number

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i",
    "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-photo"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# Removed together with everything inside them (the rest of the unknown tags keep their text).
REMOVED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript",
    "svg", "math", "textarea", "select", "button", "form", "frame", "frameset",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>|&nbsp;)*</p>")
_BARE_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/?#]|$)", re.IGNORECASE)


def media_prefix() -> str:
    """MEDIA_URL as an absolute path ("media/" → "/media/")."""
    url = settings.MEDIA_URL
    return url if url.startswith(("http://", "https://")) else "/" + url.lstrip("/")


def _inside_media(value: str, prefix: str) -> bool:
    """True when the path, percent-decoded as often as a server might ("%252e" → "%2e" → "."), stays
    under MEDIA_URL: "/media/%2e%2e/%2e%2e/admin/logout/" would make every reader's browser request
    /admin/logout/."""
    decoded = value
    for _ in range(4):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return False  # still changing after four rounds: no real file name is encoded like that
    if any(mark in decoded for mark in ("..", "\\", "\x00", "?", "#")) or not decoded.isprintable():
        return False
    return posixpath.normpath(decoded).startswith(prefix.rstrip("/") + "/") or prefix.startswith("http")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        prefix = media_prefix()
        if not value.startswith(prefix) or value.startswith("//") or not _inside_media(value, prefix):
            return None
    if tag == "img" and attribute in {"width", "height"} and whole_number(value) is None:
        return None
    if tag == "img" and attribute == "data-photo" and whole_number(value, low=1) is None:
        return None
    if tag in {"td", "th"} and attribute in {"colspan", "rowspan"} and whole_number(value, low=1, high=99) is None:
        return None
    if tag == "a" and attribute == "href" and value.startswith("//"):
        return None  # protocol-relative: another site pretending to be a path on ours
    if tag == "a" and attribute == "href" and _BARE_DOMAIN.match(value):
        return "https://" + value  # "www.camau.gov.vn" typed without https:// is another site, not a path
    return value


def sanitize_html(html: str | None) -> str:
    """`html` reduced to the allow-list above; "" for None or nothing left."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def plain_text(html: str | None) -> str:
    """The words of a body, no tags (for search and for descriptions)."""
    if not html:
        return ""
    spaced = re.sub(r"<(/p|br|/h[2-4]|/li|/td|/th)>", r" <\1>", html)
    return " ".join(unescape(nh3.clean(spaced, tags=set(), clean_content_tags=REMOVED_WITH_CONTENT)).split())
