"""Writes that touch money and several rows of an aid item. The admin, the importer and the demo
loader call these same functions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from friendship_union.reference.services import MissingExchangeRate, RateBook, UnknownCurrency

from .models import AidItem, Disbursement


def aid_item_convert_money(item: AidItem, *, book: RateBook | None = None) -> None:
    """Fill committed_usd, committed_vnd and rate_to_vnd from the committed amount at the rate in
    force on the commitment date. Raises ValidationError (Vietnamese, naming currency and date)."""
    if item.committed_amount is None or not item.currency_id or not item.commitment_date:
        item.committed_usd = item.committed_vnd = item.rate_to_vnd = None
        return
    book = book or RateBook()
    try:
        vnd = book.convert(item.committed_amount, item.currency_id, "VND", on=item.commitment_date)
        usd = book.convert(item.committed_amount, item.currency_id, "USD", on=item.commitment_date)
    except (MissingExchangeRate, UnknownCurrency) as exc:
        raise ValidationError({"commitment_date": exc.message}) from exc
    item.committed_vnd = vnd.amount
    item.committed_usd = usd.amount
    item.rate_to_vnd = vnd.rate


def disbursement_convert_money(disbursement: Disbursement, *, book: RateBook | None = None) -> None:
    book = book or RateBook()
    try:
        disbursement.amount_vnd = book.convert(
            disbursement.amount, disbursement.currency_id, "VND", on=disbursement.date
        ).amount
        disbursement.amount_usd = book.convert(
            disbursement.amount, disbursement.currency_id, "USD", on=disbursement.date
        ).amount
    except (MissingExchangeRate, UnknownCurrency) as exc:
        raise ValidationError({"date": exc.message}) from exc


def check_sector_percentages(percentages: list[Decimal]) -> None:
    """Sector shares of one item: none, or summing to exactly 100."""
    if percentages and sum(percentages) != Decimal(100):
        raise ValidationError(
            _("Tổng tỷ lệ các lĩnh vực phải bằng 100%% (hiện là %(total)s%%).") % {"total": f"{sum(percentages):g}"}
        )
