"""Money conversion at dated exchange rates. Decimal only; the base currency is VND.

`convert(1000, "AUD", "VND", on=date(2010, 5, 4))` uses the latest AUD rate on or before that day.
Between two foreign currencies the amount goes through VND (AUD → VND → USD), which is how the
rates are kept.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Currency, ExchangeRate
from .places import PlaceError, PlaceMatch, PlaceResolver

BASE = "VND"


class MissingExchangeRate(LookupError):
    """No rate for `currency` on or before `on`. The message tells staff what to add."""

    def __init__(self, currency: str, on: datetime.date, earliest: datetime.date | None):
        self.currency, self.on, self.earliest = currency, on, earliest
        message = _("Chưa có tỷ giá %(currency)s áp dụng cho ngày %(date)s.") % {
            "currency": currency,
            "date": on.strftime("%d/%m/%Y"),
        }
        if earliest:
            message += " " + _("Tỷ giá %(currency)s sớm nhất đang có từ ngày %(earliest)s.") % {
                "currency": currency,
                "earliest": earliest.strftime("%d/%m/%Y"),
            }
        else:
            message += " " + _("Chưa có tỷ giá nào cho %(currency)s.") % {"currency": currency}
        message += " " + _("Hãy thêm tỷ giá trong Danh mục dùng chung → Tỷ giá.")
        super().__init__(message)
        self.message = message


class UnknownCurrency(LookupError):
    def __init__(self, code: str):
        self.message = _("Mã tiền tệ “%(code)s” không có trong danh mục ISO 4217.") % {"code": code}
        super().__init__(self.message)


@dataclass(frozen=True)
class Conversion:
    amount: Decimal  # in the target currency, rounded to its minor unit
    rate: Decimal  # units of target per one unit of source
    from_rate_date: datetime.date | None  # the date of the source currency's VND rate used
    to_rate_date: datetime.date | None


class RateBook:
    """Dated rates loaded once (two queries at most per currency), for converting many amounts."""

    def __init__(self):
        self._rates: dict[str, list[tuple[datetime.date, Decimal]]] = {}
        self._decimals: dict[str, int] = {}

    def _load(self, code: str) -> list[tuple[datetime.date, Decimal]]:
        code = code.upper().strip()
        if code not in self._rates:
            currency = Currency.objects.filter(code=code).first()
            if currency is None:
                raise UnknownCurrency(code)
            self._decimals[code] = currency.decimals
            self._rates[code] = list(
                ExchangeRate.objects.filter(currency=code).order_by("date").values_list("date", "rate")
            )
        return self._rates[code]

    def rate_to_vnd(self, code: str, on: datetime.date) -> tuple[Decimal, datetime.date | None]:
        """VND for one unit of `code` on `on`, and the date of the rate used."""
        code = code.upper().strip()
        if code == BASE:
            return Decimal(1), None
        rates = self._load(code)
        chosen = None
        for rate_date, rate in rates:  # ascending; a province keeps a few hundred rates at most
            if rate_date > on:
                break
            chosen = (rate, rate_date)
        if chosen is None:
            raise MissingExchangeRate(code, on, rates[0][0] if rates else None)
        return chosen

    def decimals(self, code: str) -> int:
        code = code.upper().strip()
        if code == BASE:
            return 0
        self._load(code)
        return self._decimals[code]

    def convert(self, amount: Decimal, from_code: str, to_code: str, *, on: datetime.date) -> Conversion:
        if not isinstance(amount, Decimal):
            raise TypeError("amount must be a Decimal")
        from_vnd, from_date = self.rate_to_vnd(from_code, on)
        to_vnd, to_date = self.rate_to_vnd(to_code, on)
        quantum = Decimal(1).scaleb(-self.decimals(to_code))
        value = (amount * from_vnd / to_vnd).quantize(quantum, rounding=ROUND_HALF_UP)
        return Conversion(value, from_vnd / to_vnd, from_date, to_date)


def convert(amount: Decimal, from_code: str, to_code: str, *, on: datetime.date) -> Decimal:
    """`amount` in `from_code` expressed in `to_code` at the rates in force on `on`, rounded to the
    target currency's minor unit (VND: whole đồng; USD: cents). Raises MissingExchangeRate."""
    return RateBook().convert(amount, from_code, to_code, on=on).amount


def place_fill(record, place, *, on: datetime.date | None = None, resolver=None) -> None:
    """Fill a record's place fields (PlaceFields: text as recorded, the unit then, the unit now,
    coordinates) from `place`: text staff typed, resolved as of `on` (a place recorded before
    1 July 2025 is a pre-reform unit); a PlaceMatch already resolved; or blank, which clears them.
    Raises ValidationError on `place_text` with the resolver's message (closest candidates)."""

    if place in (None, ""):
        record.place_text, record.place_recorded, record.place_current = "", None, None
        record.latitude = record.longitude = None
        return
    if not isinstance(place, PlaceMatch):
        try:
            place = (resolver or PlaceResolver()).resolve(place, on=on)
        except PlaceError as exc:
            raise ValidationError({"place_text": exc.message}) from exc
    record.place_text, record.place_recorded, record.place_current = place.text, place.recorded, place.current
    record.latitude, record.longitude = place.latitude, place.longitude


def places_reread(rows, *, on: datetime.date | None, resolver=None) -> list:
    """Stored place rows (PlaceFields) read again from their text as of `on` — a record's new date:
    a place recorded before 1 July 2025 is a pre-reform unit. Returns the rows whose units change,
    unsaved. Raises ValidationError naming the first place that cannot be read as of that date."""
    changed = []
    for row in rows:
        before = (row.place_recorded_id, row.place_current_id)
        try:
            place_fill(row, row.place_text, on=on, resolver=resolver)
        except ValidationError as exc:
            raise ValidationError(
                _("Địa bàn “%(place)s” không đọc được theo ngày mới: %(why)s")
                % {"place": row.place_text, "why": "; ".join(exc.messages)}
            ) from exc
        if (row.place_recorded_id, row.place_current_id) != before:
            changed.append(row)
    return changed
