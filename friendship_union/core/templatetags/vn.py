"""Template helpers: numbers grouped for the active language, VND, and links to the other language."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django import template
from django.core.exceptions import ValidationError
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

register = template.Library()


def _to_decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def number(value, decimals=None):
    """1234567.5 → "1.234.567,5" (vi) or "1,234,567.5" (en); `|number:0` rounds to whole units."""
    amount = _to_decimal(value)
    if amount is None:
        return value
    if decimals is not None:
        # Django's number_format truncates; round half up first (23476.8 → 23.477).
        amount = amount.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))  # 29000000.00 → "29.000.000", not "29.000.000,00"
    return grouped(amount)


@lru_cache
def _separators(language: str | None) -> tuple[str, str] | None:
    """(decimal separator, thousands separator) of `language`'s formats, or None where its digits are
    not grouped by threes (then Django's number_format groups them)."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return get_format("DECIMAL_SEPARATOR", language), get_format("THOUSAND_SEPARATOR", language)


def grouped(amount: Decimal) -> str:
    """`amount` with every digit it has, grouped by threes with the active language's separators: what
    Django's number_format(amount, use_l10n=True, force_grouping=True) gives, by Python's own
    formatting (number_format looks up three formats and walks the digits: 26 µs a number, and a list
    row shows two)."""
    separators = _separators(get_language())
    if separators is None or not amount.is_finite():
        return number_format(amount, use_l10n=True, force_grouping=True)
    decimal_separator, thousand_separator = separators
    return format(amount, ",f").translate({ord(","): thousand_separator, ord("."): decimal_separator})


@register.filter
def vnd(value):
    """An amount in đồng, no decimals: 29000000 → "29.000.000 ₫"."""
    amount = _to_decimal(value)
    if amount is None:
        return value
    amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{grouped(amount)} ₫"


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """This page's URL in another language (falls back to that language's home page). A view may
    name the page's own version in each language with a `language_urls` context dict (a news
    article and its translation have different slugs)."""
    override = (context.get("language_urls") or {}).get(language_code)
    if override:
        return override
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return _translated(get_language(), path, language_code)


@lru_cache(maxsize=4096)
def _translated(current: str, path: str, language_code: str) -> str:
    """translate_url, which resolves `path` in the `current` language and reverses it in the other:
    the same answer every time for the same URL configuration. A page asks five times (its alternates
    and the language switcher), 0,2 ms each."""
    return translate_url(path, language_code)


@register.simple_tag
def path(name: str, *args) -> str:
    """`{% url name arg… %}` for a list's rows (`{% path 'aid:detail' item.code %}`): the same URL,
    kept per language. Reversing a page's translated, language-prefixed URL costs 80 µs, and a list
    reverses one for each row."""
    return _reversed(get_language(), get_script_prefix(), name, tuple(str(arg) for arg in args))


@lru_cache(maxsize=16384)
def _reversed(language: str, prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


@register.filter
def minutes(value):
    """A timedelta as whole minutes (30 for 0:30:00); '' when not a timedelta."""
    try:
        return int(value.total_seconds() // 60)
    except AttributeError:
        return ""


@register.filter
def error_messages(error) -> list[str]:
    """The messages of a ValidationError (or the text of any other exception), for listing."""

    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@register.filter
def ty_dong(value):
    """Large VND amounts the way reports say them: 567365259272 → "567,4 tỷ ₫"."""
    amount = _to_decimal(value)
    if amount is None:
        return value
    if abs(amount) < 1_000_000_000:
        return vnd(amount)
    billions = (amount / Decimal(1_000_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{grouped(billions)} tỷ ₫"


@register.filter
def active_count(selected) -> int:
    """How many of a list page's filters are set (`selected` = {parameter: value}): shown on the phone's
    collapsed "Bộ lọc (2)" button."""
    return sum(1 for value in (selected or {}).values() if value)


def _english(obj, field: str):
    return get_language() == "en" and getattr(obj, f"{field}_en", "")


@register.filter
def pick(obj, field: str):
    """The record's `field` in the reader's language: `<field>_en` on an English page when filled in,
    else the Vietnamese `field` (mark it with `vi_only`)."""
    return _english(obj, field) or getattr(obj, field, "")


@register.filter
def vi_only(obj, field: str) -> bool:
    """True on an English page showing the Vietnamese `field` for want of `<field>_en`: the element gets
    lang="vi" (screen readers switch voice, WCAG 3.1.2) and long texts a "Vietnamese only" note."""
    return get_language() == "en" and bool(getattr(obj, field, "")) and not _english(obj, field)
