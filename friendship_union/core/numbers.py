"""Reading numbers, dates and yes/no the way staff type them in Vietnamese spreadsheets."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from .text import fold, nfc

_NOISE = re.compile(r"[\s\u00a0\u202f'’₫$€£¥]|vnd|usd|dong|đ$", re.IGNORECASE)


def parse_decimal(value) -> Decimal:
    """ "29.000.000" → 29000000, "29,000,000.50" → 29000000.50, "1.234,5" → 1234.5, "0,85" → 0.85.

    Vietnamese writes 1.234.567,5 and English 1,234,567.5. When both marks appear the last one is
    the decimal mark; a single mark followed by exactly three digits groups thousands ("26.500" is
    twenty-six thousand five hundred, as in Vietnamese). Raises ValueError on anything else.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _NOISE.sub("", nfc(str(value)))
    if not text:
        raise ValueError(value)
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("-()")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        text = text.replace(group_mark, "").replace(decimal_mark, ".")
    elif dots > 1 or commas > 1:
        text = text.replace(".", "").replace(",", "")
    elif dots == 1 or commas == 1:
        mark = "." if dots else ","
        whole, _, fraction = text.partition(mark)
        text = whole + fraction if len(fraction) == 3 and whole not in ("", "0") else f"{whole}.{fraction}"
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(value)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    return -number if negative else number


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d")


_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)  # as strptime reads it: ASCII digits


def parse_date(value) -> datetime.date:
    """A real Excel date cell, or text day first: "05/04/2025" is 5 April 2025. Raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = nfc(str(value)).strip()
    if day_first := _DAY_FIRST.fullmatch(text):  # dd/mm/yyyy, as nearly every cell is written
        day, month, year = map(int, day_first.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(value) from None
    text = re.sub(r"\s+0:00(:00)?$", "", text)  # "05/04/2025 0:00" from some exports
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


_TRUE = {"co", "x", "1", "yes", "y", "true", "dung", "v", "✓", "✔"}
_FALSE = {"khong", "0", "no", "n", "false", "sai", "-"}


def parse_bool(value) -> bool | None:
    """Có/Không, x, 1/0, yes/no → True/False; blank → None. Raises ValueError on anything else."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(value)
    text = fold(str(value))
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(value, *, low: int | None = None, high: int | None = None) -> int | None:
    """A query-string value as a whole number within low..high, or None — never an error: "²", "①",
    "٣" and other characters str.isdigit() accepts but int() refuses, signs, blanks, NUL bytes and
    numbers too long for the database are all None. (One parser for every filter and period.)"""
    if not isinstance(value, str) or not _WHOLE.fullmatch(value):
        return None
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number
