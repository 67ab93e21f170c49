"""An article's body as readers get it: each photo the editor inserted from the gallery (an <img> with
`data-photo`, news/sanitize.py) becomes that photo's renditions — WebP and JPEG `srcset`, lazy loading,
the alt text written in the article — and a photo deleted or no longer public leaves nothing behind.
The body is stored sanitized; this only rewrites its <img> tags, with one query for all its photos."""

import re
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe

from friendship_union.core.numbers import whole_number
from friendship_union.gallery.models import Photo
from friendship_union.gallery.templatetags.gallery import picture

# The body column is at most 52rem (news.css .news-article-wrap), ~800 px.
BODY_SIZES = "(max-width: 800px) 100vw, 800px"
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def img_attributes(tag: str) -> dict[str, str]:
    """The attributes of one <img …> tag, entities decoded."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def body_images(html: str) -> list[dict[str, str]]:
    """The attributes of every <img> of a body, in order."""
    return [img_attributes(tag) for tag in _IMG.findall(html or "")]


def photo_number(attrs: dict[str, str]) -> int | None:
    return whole_number(attrs.get("data-photo", ""), low=1)


def render_body(html: str) -> SafeString:
    """The sanitized body `html` with its gallery photos as <picture> elements (see the module)."""
    if not html or "data-photo" not in html:
        return mark_safe(html or "")  # sanitized on save (Article.save → sanitize_html)
    numbers = {n for attrs in body_images(html) if (n := photo_number(attrs))}
    photos = Photo.objects.shown().in_bulk(numbers) if numbers else {}

    def replace(match: re.Match) -> str:
        attrs = img_attributes(match.group(0))
        number = photo_number(attrs)
        if number is None:
            return match.group(0)  # an image stored before photos were inserted from the gallery
        photo = photos.get(number)
        return picture(photo, sizes=BODY_SIZES, alt=attrs.get("alt", "").strip()) if photo else ""

    return mark_safe(_IMG.sub(replace, html))  # sanitized body; pictures made by format_html
