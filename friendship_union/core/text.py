"""Vietnamese text helpers: NFC normalization, slugs that keep đ as d, and search folding.

Pasted Vietnamese often arrives decomposed (NFD: "a" + combining marks) or with stray spaces;
Django's slugify drops "đ" altogether ("Đà Nẵng" → "a-nang"). These helpers are the one place
the project deals with that.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify as django_slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return `value` in Unicode NFC with surrounding whitespace removed ("" for None)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def clean_text(value: str | None) -> str:
    """NFC, trimmed, every run of whitespace (tabs, newlines, no-break spaces) made one space."""
    text = nfc(value)
    # Most text has nothing to collapse: no two spaces in a row, and no other whitespace (every
    # whitespace character but the ASCII space is "not printable" to str.isprintable).
    if "  " not in text and text.isprintable():
        return text
    return _SPACES.sub(" ", text)


def visible(text: str) -> str:
    """`text` without invisible format characters (zero-width space and joiners, BOM, soft hyphen):
    a comment of only "\u200b" is empty, and "spam\u200b.com" is spam.com."""
    return "".join(ch for ch in text or "" if unicodedata.category(ch) != "Cf")


def strip_diacritics(value: str | None) -> str:
    """ "Đất Mũi" → "Dat Mui": the letters without tone or vowel marks, đ/Đ → d/D, case kept."""
    decomposed = unicodedata.normalize("NFD", nfc(value).translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(value: str | None) -> str:
    """Search key: "  Xã ĐÔNG  Thới " → "xa dong thoi" (lowercase, no diacritics, one space)."""
    if isinstance(value, str) and len(value) <= _FOLD_KEPT_LENGTH:
        return _fold_kept(value)
    return _fold(value)


# An import folds the same names (places, sectors, partners, choices) on every row: short values
# are folded once and kept (about 1 µs instead of 12 µs).
_FOLD_KEPT_LENGTH = 120


@lru_cache(maxsize=16384)
def _fold_kept(value: str) -> str:
    return _fold(value)


def _fold(value) -> str:
    return _SPACES.sub(" ", strip_diacritics(value).casefold()).strip()


def slugify(value: str | None) -> str:
    """URL slug that keeps đ as d: "Đất Mũi" → "dat-mui", "Cà Mau với bầu bạn" → "ca-mau-voi-bau-ban"."""
    return django_slugify(strip_diacritics(value))


def ddmmyyyy(value) -> str:
    """A date as dd/mm/yyyy, "" when there is none (half-built records in imports have no date)."""
    return value.strftime("%d/%m/%Y") if value else ""
