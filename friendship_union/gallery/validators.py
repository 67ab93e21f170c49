"""Upload limits for gallery photos (larger than the site-wide image limit: camera photos)."""

from friendship_union.core.validators import check_image_upload

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; Pillow's bomb limit is ~89 million


def validate_photo_upload(file) -> None:
    """A real JPEG/PNG/WebP of at most 15 MB and 50 million pixels that decodes to the end (the check
    every image field shares, with the gallery's larger limits); a Vietnamese message otherwise."""
    check_image_upload(file, max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PHOTO_PIXELS)
