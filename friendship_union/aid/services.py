"""The one write path of aid items and disbursements. The admin, the spreadsheet import, the demo
loader and `generate_scale_data` call these functions; none of them computes a derived value.

An aid item's yearly budgets (AidBudget) are written here too: all at once with the item
(`aid_item_save(budgets=…)`, `AidItemBatch.add(budgets=…)`) or one row of the admin's inline
(`aid_budget_save`); periods of the same type may not overlap (`check_budgets`).

An aid item's derived values, owned here:
- committed USD and VND and the VND rate used, at the rate in force on the commitment date;
- its funders, sectors (shares summing to 100%) and places — each place as recorded and the unit
  it is today, resolved as of the item's date (`place_date`);
- its search text (AidItem.prepare_for_save) and its history, and that of its dependent rows.
A disbursement's derived values: USD and VND at the rate in force on its date.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from friendship_union.core.services import RecordBatch, record_save, records_create, related_replace
from friendship_union.core.text import ddmmyyyy
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Sector
from friendship_union.reference.places import PlaceMatch, PlaceResolver
from friendship_union.reference.services import MissingExchangeRate, RateBook, UnknownCurrency, place_fill
from friendship_union.reference.services import places_reread as reread

from .models import AidBudget, AidItem, AidLocation, AidProvider, AidSector, Disbursement

# Monitoring visits, their follow-up actions and results are written in aid.monitoring, a module of
# this write path: imported here so callers find every aid write service in one place.
from .monitoring import (  # noqa: F401
    check_periods,
    follow_up_action_save,
    follow_up_actions_close,
    monitoring_visit_save,
    result_delete,
    result_period_save,
    result_save,
)

# A funder or other provider: (partner, ProviderRole value); a sector share: (sector, percentage);
# a place: text staff typed, or a PlaceMatch already resolved (imports resolve while reading a row),
# alone or with the site there as (place, site).
Providers = Iterable[tuple[Partner, str]]
Sectors = Iterable[tuple[Sector, Decimal]]
Place = PlaceMatch | str
Places = Iterable[Place | tuple[Place, str]]


def place_date(item: AidItem) -> datetime.date | None:
    """The date an item's places are read at: commitment, else approval, else planned start."""
    return item.commitment_date or item.approval_date or item.planned_start


def aid_item_convert_money(item: AidItem, *, book: RateBook | None = None) -> None:
    """Fill committed_usd, committed_vnd and rate_to_vnd from the committed amount at the rate in
    force on the commitment date (all None without an amount). Raises ValidationError (Vietnamese,
    naming the currency and the date) when there is no rate."""
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


def check_sector_percentages(percentages: list[Decimal]) -> None:
    """Sector shares of one item: none, or summing to exactly 100. Raises ValidationError."""
    if percentages and sum(percentages) != Decimal(100):
        raise ValidationError(
            _("Tổng tỷ lệ các lĩnh vực phải bằng 100%% (hiện là %(total)s%%).") % {"total": f"{sum(percentages):g}"}
        )


def check_budgets(budgets: Iterable[AidBudget]) -> None:
    """Budgets of one item: no two of the same type (original, revised) over overlapping periods.
    Raises ValidationError naming the periods."""
    budgets = list(budgets)
    by_type: dict[str, list[AidBudget]] = {}
    for budget in budgets:
        by_type.setdefault(budget.budget_type, []).append(budget)
    for rows in by_type.values():
        rows.sort(key=lambda b: b.period_start)
        for earlier, later in zip(rows, rows[1:], strict=False):
            if later.period_start <= earlier.period_end:
                raise ValidationError(
                    _(
                        "Kỳ ngân sách %(later)s trùng với kỳ %(earlier)s cùng loại (%(type)s): "
                        "sửa ngày của một trong hai."
                    )
                    % {
                        "later": f"{ddmmyyyy(later.period_start)}–{ddmmyyyy(later.period_end)}",
                        "earlier": f"{ddmmyyyy(earlier.period_start)}–{ddmmyyyy(earlier.period_end)}",
                        "type": later.get_budget_type_display().lower(),
                    }
                )


def _checked_budgets(budgets: Iterable[AidBudget]) -> list[AidBudget]:
    """The budgets of one item to be written, each and together checked (before the item has a key)."""
    rows = list(budgets)
    for budget in rows:
        budget.full_clean(exclude=["aid_item"], validate_unique=False, validate_constraints=False)
    check_budgets(rows)
    return rows


def _budget_rows(item: AidItem, budgets: list[AidBudget]) -> list[AidBudget]:
    for budget in budgets:
        budget.aid_item = item
    return budgets


@transaction.atomic
def aid_budget_save(*, budget: AidBudget, user=None, validated: bool = False) -> AidBudget:
    """Save one budget of an item (the admin's inline row; the inline's formset has checked the rows
    together, `validated`). Otherwise checked against the item's other budgets. The item's last change
    moves with it (its IATI file's ETag and date)."""
    if not validated:
        budget.full_clean()
        others = AidBudget.objects.filter(aid_item=budget.aid_item_id).exclude(pk=budget.pk)
        check_budgets([*others, budget])
    record_save(budget, user=user, validated=True)
    AidItem.objects.filter(pk=budget.aid_item_id).update(updated_at=timezone.now())
    return budget


# The rows below are built for a saved item, by key (setting a related record costs several times
# more, and an import builds three rows or more for each of thousands of items).
def _provider_rows(item: AidItem, providers: Providers) -> list[AidProvider]:
    return [AidProvider(aid_item_id=item.pk, partner_id=p.pk, role=r) for p, r in dict.fromkeys(providers)]


def _sector_rows(item: AidItem, sectors: Sectors) -> list[AidSector]:
    sectors = list(sectors)
    check_sector_percentages([share for _sector, share in sectors])
    return [AidSector(aid_item_id=item.pk, sector_id=s.pk, percentage=share) for s, share in sectors]


def places_reread(item: AidItem, *, on: datetime.date | None, resolver: PlaceResolver | None = None) -> list:
    """The item's stored places read again as of `on` (reference.services.places_reread); those
    whose units change, unsaved. Raises ValidationError naming a place that cannot be read then."""
    return reread(item.locations.all() if item.pk else [], on=on, resolver=resolver)


def _location_rows(item: AidItem, places: Places, resolver: PlaceResolver | None) -> list[AidLocation]:
    rows = []
    for place in places:
        place, site = place if isinstance(place, tuple) else (place, "")
        row = AidLocation(aid_item_id=item.pk, site=site)
        place_fill(row, place, on=place_date(item), resolver=resolver)
        rows.append(row)
    return rows


@transaction.atomic
def aid_item_save(
    *,
    item: AidItem,
    providers: Providers | None = None,
    sectors: Sectors | None = None,
    places: Places | None = None,
    budgets: Iterable[AidBudget] | None = None,
    user=None,
    book: RateBook | None = None,
    resolver: PlaceResolver | None = None,
    validated: bool = False,
) -> AidItem:
    """Save `item` with its money converted at the dated rate; replace its funders, sectors, places
    or budgets (unsaved AidBudget rows) by those given (None leaves them as they are — but when the
    item's date moves, its places are read again as of the new date). Every row written keeps its
    history, naming `user`. Returns the item. Raises ValidationError (missing rate, shares not 100%,
    unknown place, budgets overlapping or longer than a year, or the model's own checks unless
    `validated`)."""
    aid_item_convert_money(item, book=book)
    budgets = _checked_budgets(budgets) if budgets is not None else None
    stored = AidItem.objects.filter(pk=item.pk).first() if item.pk else None
    if places is None and stored is not None and place_date(stored) != place_date(item):
        for row in places_reread(item, on=place_date(item), resolver=resolver):
            record_save(row, user=user, validated=True)
    record_save(item, user=user, validated=validated)
    if providers is not None:
        related_replace(item.providers.all(), _provider_rows(item, providers), user=user)
    if sectors is not None:
        related_replace(item.sectors.all(), _sector_rows(item, sectors), user=user)
    if places is not None:
        related_replace(item.locations.all(), _location_rows(item, places, resolver), user=user)
    if budgets is not None:
        related_replace(item.budgets.all(), _budget_rows(item, budgets), user=user)
    return item


@transaction.atomic
def aid_location_save(*, location: AidLocation, user=None, resolver: PlaceResolver | None = None) -> AidLocation:
    """Save one place of an item (the admin's inline row): its text resolved as of the item's date."""
    place_fill(location, location.place_text, on=place_date(location.aid_item), resolver=resolver)
    return record_save(location, user=user)


class AidItemBatch(RecordBatch):
    """New aid items written in batches, with their funders, sectors and places, all with history
    (imports of thousands of rows, generated data)."""

    def __init__(self, *, user=None, batch_size: int = 500, book: RateBook | None = None, resolver=None):
        super().__init__(AidItem, user=user, batch_size=batch_size)
        self.book, self.resolver = book or RateBook(), resolver or PlaceResolver()
        self.dependents: list[tuple[Providers, Sectors, Places, list[AidBudget]]] = []

    def add(
        self,
        item: AidItem,
        *,
        providers: Providers = (),
        sectors: Sectors = (),
        places: Places = (),
        budgets: Iterable[AidBudget] = (),
        converted: bool = False,
    ) -> None:
        """Queue `item` (money converted now, unless the caller has just converted it with this
        batch's rates: a missing rate raises ValidationError here)."""
        if not converted:
            aid_item_convert_money(item, book=self.book)
        super().add(item)
        self.dependents.append((list(providers), list(sectors), list(places), _checked_budgets(budgets)))

    def flush(self) -> list[AidItem]:
        dependents, self.dependents = self.dependents, []
        items = super().flush()
        rows: dict[type, list] = {AidProvider: [], AidSector: [], AidLocation: [], AidBudget: []}
        for item, (providers, sectors, places, budgets) in zip(items, dependents, strict=True):
            rows[AidProvider] += _provider_rows(item, providers)
            rows[AidSector] += _sector_rows(item, sectors)
            rows[AidLocation] += _location_rows(item, places, self.resolver)
            rows[AidBudget] += _budget_rows(item, budgets)
        for model, new in rows.items():
            if new:
                records_create(model, new, user=self.user, batch_size=1000)
        return items


def disbursement_convert_money(disbursement: Disbursement, *, book: RateBook | None = None) -> None:
    """Fill amount_usd and amount_vnd at the rate in force on the disbursement's date. Raises
    ValidationError on `date` when there is no rate."""
    if disbursement.amount is None or not disbursement.currency_id or not disbursement.date:
        disbursement.amount_usd = disbursement.amount_vnd = None
        return
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


@transaction.atomic
def disbursement_save(
    *, disbursement: Disbursement, user=None, book: RateBook | None = None, validated: bool = False
) -> Disbursement:
    """Save a disbursement with its USD and VND at the dated rate. Raises ValidationError."""
    disbursement_convert_money(disbursement, book=book)
    return record_save(disbursement, user=user, validated=validated)


def disbursements_create(
    disbursements: Iterable[Disbursement], *, user=None, book: RateBook | None = None, batch_size: int = 1000
) -> list[Disbursement]:
    """Insert many disbursements at once, each converted at its dated rate and with its history row
    (demo and generated data). Raises ValidationError naming a missing rate before anything is written."""
    book = book or RateBook()
    disbursements = list(disbursements)
    for disbursement in disbursements:
        disbursement_convert_money(disbursement, book=book)
    return records_create(Disbursement, disbursements, user=user, batch_size=batch_size)
