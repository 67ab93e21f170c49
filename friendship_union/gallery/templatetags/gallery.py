"""`{% picture photo sizes="…" %}`: a responsive <picture> (WebP srcset, JPEG fallback) for a Photo."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

DEFAULT_SIZES = "(max-width: 800px) 100vw, 800px"


def _srcset(photo, key: str) -> str:
    url = photo.image.storage.url
    return ", ".join(f"{url(r[key])} {r['width']}w" for r in photo.renditions)


@register.simple_tag
def picture(
    photo, sizes: str = DEFAULT_SIZES, loading: str = "lazy", css_class: str = "", link: bool = False, alt=None
):
    """<picture> with a WebP <source> and a JPEG <img> (srcset, sizes, width/height for no layout shift,
    lazy loading, alt text: the photo's, or `alt` where the photo stands in a text that describes it
    its own way). A photo without renditions yet shows its original. `link=True` wraps the picture in
    a link to the largest rendition."""
    if not photo or not photo.image:
        return ""
    attrs = {
        "loading": loading if loading in ("lazy", "eager") else "lazy",
        "decoding": "async",
        "alt": alt or photo.alt_text,
    }
    if css_class:
        attrs["class"] = css_class
    if photo.renditions:
        middle = photo.renditions[min(1, len(photo.renditions) - 1)]
        largest = photo.renditions[-1]
        attrs = {
            "src": photo.image.storage.url(middle["jpeg"]),
            "srcset": _srcset(photo, "jpeg"),
            "sizes": sizes,
            "width": largest["width"],
            "height": largest["height"],
            **attrs,
        }
        source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(photo, "webp"), sizes)
        href = photo.image.storage.url(largest["jpeg"])
    else:
        attrs = {"src": photo.image.url, **attrs}
        if photo.width and photo.height:
            attrs.update(width=photo.width, height=photo.height)
        source = ""
        href = photo.image.url
    img = format_html("<img {}>", format_html_join(" ", '{}="{}"', attrs.items()))
    html = format_html("<picture>{}{}</picture>", source, img)
    if link:
        html = format_html('<a class="photo-link" href="{}">{}</a>', href, html)
    return html


@register.filter
def smallest_url(photo) -> str:
    """URL of the photo's smallest JPEG rendition (or the original): for thumbnails and og:image."""
    if not photo or not photo.image:
        return ""
    if photo.renditions:
        return photo.image.storage.url(photo.renditions[0]["jpeg"])
    return photo.image.url


@register.filter
def public_photos(album) -> list:
    """The album's public photos in order: from the prefetch cache when the view prefetched
    `album__photos` (no query), else one query. Never a non-public photo, whatever was prefetched."""
    if not album:
        return []
    cached = getattr(album, "_prefetched_objects_cache", {}).get("photos")
    if cached is not None:
        return [photo for photo in cached if photo.is_public]
    return list(album.photos.public().order_by("order", "pk"))


@register.filter
def largest_url(photo) -> str:
    """URL of the photo's largest JPEG rendition (or the original): for og:image."""
    if not photo or not photo.image:
        return ""
    if photo.renditions:
        return photo.image.storage.url(photo.renditions[-1]["jpeg"])
    return photo.image.url
