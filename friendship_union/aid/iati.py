"""IATI 2.03 export: the published aid items as an activities file, and the Union as an
organisation file. The reporting organisation is the site identity, identified by its registered
organisation identifier (VN-COA-… or VN-TIN-…, validated on the site identity).

The export never emits an invalid file: an item enters the activities file only when it has what
IATI 2.03 requires and the record can honestly supply (`iati_problems`); the others are listed in
the admin (filter "IATI") with the reason. Derived, and said so here:
- the description is the title when the record has none (2.03 requires a description);
- the planned start is the commitment date when no planned start is recorded (not when it is after
  the planned end);
- an "actual" date, a commitment or a disbursement dated after today (`iati_today`: in UTC, as IATI
  judges) is left out until the day comes (the IATI rules refuse actual dates and transactions in the
  future);
- the budgets are the yearly budgets staff record (AidBudget: type, status, period of at most a year,
  valued on the period's first day); an item without any has one derived budget, the committed amount
  over the planned period, when that period is at most a year (the IATI limit for a budget period);
- the results are the public results staff record (AidItem.results, one indicator each, with its
  unit named in the indicator's description); an actual value waits for its period to begin;
- a location's point is today's commune's (exactness "approximate"), the place as recorded named in
  its description.

Rules the XSD does not check, applied here: recipient country on the activity (Việt Nam, 100%),
not on transactions; sector percentages summing to 100 within each vocabulary: every item is reported
by DAC 3-digit category (vocabulary 2), and by its 5-digit codes as well (vocabulary 1) when all its
sectors are 5-digit. Tests check every file against the XSD and the IATI Standard's ruleset
(`iati_rules`).
"""

import dataclasses
import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from friendship_union.core.identifiers import ORG_IDENTIFIER, UNION_IDENTIFIER
from friendship_union.core.models import SiteIdentity
from friendship_union.core.text import fold
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Sector

from .models import (
    AidItem,
    AidProvider,
    AidSector,
    AidStatus,
    BudgetStatus,
    BudgetType,
    Disbursement,
    ProviderRole,
    Result,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"
# Bumped when the export's code changes what it writes, so cached copies and ETags are renewed.
FORMAT_VERSION = "2026-12-02"
# The Union is a state-funded socio-political organisation: IATI "Other Public Sector".
UNION_ORGANISATION_TYPE = "15"
GOVERNMENT = "10"
OTHER_PUBLIC_SECTOR = "15"
# The aid owner written as the province's Union in general (the demo and the import templates do).
GENERIC_UNION_NAMES = {fold("Liên hiệp các tổ chức hữu nghị tỉnh")}
# Characters XML 1.0 does not allow (a control character pasted from a spreadsheet).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return NOT_XML.sub("", text or "").strip()


def _narrative(parent, text: str, lang: str | None = None):
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = _clean(text)
    return element


def _iso(moment: datetime.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


# -- what an item needs ------------------------------------------------------------------------------
def identity_problems(identity: SiteIdentity) -> list[str]:
    if not identity.iati_org_identifier:
        return [
            _(
                "Chưa khai báo mã tổ chức IATI của đơn vị (Thông tin đơn vị): không có tệp IATI nào được "
                "công bố khi chưa biết ai công bố."
            )
        ]
    if not UNION_IDENTIFIER.match(identity.iati_org_identifier):  # stored before it was checked
        return [
            _(
                "Mã tổ chức IATI của đơn vị “%(value)s” không có tiền tố đã đăng ký (VN-COA- hoặc VN-TIN-): "
                "sửa trong Thông tin đơn vị."
            )
            % {"value": identity.iati_org_identifier}
        ]
    return []


def partner_ref(partner: Partner) -> str:
    """The partner's IATI organisation identifier when it is well formed ("" otherwise)."""
    ref = partner.iati_ref
    return ref if ref and ORG_IDENTIFIER.match(ref) else ""


def _derived_planned_start(item: AidItem) -> datetime.date | None:
    if item.planned_start:
        return item.planned_start
    if item.commitment_date and (item.planned_end is None or item.commitment_date <= item.planned_end):
        return item.commitment_date
    return None


def iati_today() -> datetime.date:
    """The file's "today": the earlier of the date here and the date in UTC. IATI's validator and
    its rules (11.2.1: a transaction date must not be in the future) judge by UTC, where today here
    (UTC+7) is still yesterday until 07:00; a record dated today is published from then on."""
    return min(timezone.localdate(), timezone.now().astimezone(datetime.UTC).date())


def _actual(value: datetime.date | None, today: datetime.date) -> datetime.date | None:
    return value if value and value <= today else None


def iati_problems(
    item: AidItem, today: datetime.date | None = None, *, sectors: bool | None = None, providers: bool | None = None
) -> list[str]:
    """Why a public item cannot enter the IATI file ([] = it can). `sectors`, `providers`: whether it
    has any (read from the prefetched rows when not given)."""
    today = today or iati_today()
    problems = []
    if not _actual(item.actual_start, today) and not _derived_planned_start(item):
        if item.commitment_date and item.planned_end and item.commitment_date > item.planned_end:
            problems.append(
                _(
                    "Thiếu ngày bắt đầu: ngày cam kết sau ngày kết thúc kế hoạch nên không dùng làm ngày "
                    "bắt đầu được; ghi ngày bắt đầu (kế hoạch)."
                )
            )
        else:
            problems.append(_("Thiếu ngày bắt đầu: ghi ngày bắt đầu (kế hoạch hoặc thực tế) hoặc ngày cam kết."))
    has_sectors = sectors if sectors is not None else bool(item.sectors.all())
    if not has_sectors:
        problems.append(_("Chưa ghi lĩnh vực (mã DAC) nào."))
    has_providers = providers if providers is not None else bool(item.providers.all())
    if not has_providers and not _clean(item.aid_owner):
        problems.append(_("Chưa ghi tổ chức tham gia: ghi nhà tài trợ hoặc chủ khoản viện trợ."))
    return problems


def publishable_q(today: datetime.date | None = None) -> Q:
    """The items `iati_problems` accepts, as a condition on AidItem (same rules; a test keeps them equal)."""
    today = today or iati_today()
    start = (
        Q(actual_start__lte=today)
        | Q(planned_start__isnull=False)
        | (Q(commitment_date__isnull=False) & (Q(planned_end__isnull=True) | Q(commitment_date__lte=F("planned_end"))))
    )
    participants = Exists(AidProvider.objects.filter(aid_item=OuterRef("pk"))) | ~Q(aid_owner="")
    return start & Exists(AidSector.objects.filter(aid_item=OuterRef("pk"))) & participants


def not_publishable(today: datetime.date | None = None):
    """Public items left out of the IATI file."""
    return AidItem.objects.public().exclude(publishable_q(today))


# -- building ----------------------------------------------------------------------------------------
def _reporting_org(parent, identity: SiteIdentity):
    org = etree.SubElement(parent, "reporting-org", ref=identity.iati_org_identifier, type=UNION_ORGANISATION_TYPE)
    _narrative(org, identity.name)
    if identity.name_en:
        _narrative(org, identity.name_en, "en")
    return org


def _decimal(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def export_sectors(item: AidItem) -> list[tuple[str, str, Decimal]]:
    """(vocabulary, code, percentage), percentages summing to 100 in each vocabulary: the DAC
    categories always (5-digit codes rolled up), the 5-digit codes too when every sector has one."""
    rows = [(s.sector.vocabulary, s.sector.code, s.sector.category_id, s.percentage) for s in item.sectors.all()]
    if not rows:
        return []
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for vocabulary, code, category, percentage in rows:
        by_category[code if vocabulary == Sector.Vocabulary.DAC3 else category] += percentage
    exported = []
    if all(vocabulary == Sector.Vocabulary.DAC5 for vocabulary, *_rest in rows):
        exported = [(Sector.Vocabulary.DAC5, code, percentage) for _v, code, _c, percentage in rows]
    return exported + [(Sector.Vocabulary.DAC3, code, percentage) for code, percentage in by_category.items()]


def _owner_type(name: str) -> str:
    """The IATI organisation type of an aid owner named in words: a people's committee (Ủy ban nhân
    dân, UBND) is Government; any other Vietnamese aid owner, a public body under Decree 80/2020, is
    Other Public Sector."""
    key = fold(name)
    if key.startswith(("uy ban nhan dan", "ubnd")):
        return GOVERNMENT
    return OTHER_PUBLIC_SECTOR


def _is_union(name: str, identity: SiteIdentity) -> bool:
    key = fold(name)
    return key in GENERIC_UNION_NAMES or key in {fold(identity.name), fold(identity.short_name)} - {""}


def budget_period(item: AidItem) -> tuple[datetime.date, datetime.date] | None:
    """The planned period when the committed amount is planned over at most a year (an IATI budget
    period is at most a year; a longer plan would need yearly figures the record does not hold)."""
    if item.committed_amount is None or not item.currency_id or not item.planned_start or not item.planned_end:
        return None
    if not 0 <= (item.planned_end - item.planned_start).days <= 365:
        return None
    return item.planned_start, item.planned_end


def budgets(item: AidItem) -> list[tuple[str, str, datetime.date, datetime.date, Decimal, str]]:
    """(type, status, period start, period end, amount, currency) of the item's <budget> elements: the
    yearly budgets staff recorded (valued on their first day), else the committed amount over the
    planned period when that is at most a year (original, committed)."""
    recorded = [
        (b.budget_type, b.status, b.period_start, b.period_end, b.amount, b.currency_id) for b in item.budgets.all()
    ]
    if recorded:
        return recorded
    period = budget_period(item)
    if period is None:
        return []
    return [(BudgetType.ORIGINAL, BudgetStatus.COMMITTED, *period, item.committed_amount, item.currency_id)]


def activities_queryset(partner: Partner | None = None, today: datetime.date | None = None):
    return (
        publishable_items(partner, today)
        .select_related("currency")
        .prefetch_related(
            "providers__partner",
            "sectors__sector",
            "locations__place_current",
            "disbursements",
            "budgets",
            Prefetch("results", queryset=Result.objects.published(), to_attr="public_results"),
        )
        .order_by("code")
    )


def _indicator_value(value: Decimal) -> str:
    """A value as a plain number (12.5, 1200), the form the IATI rules check (number(@value) = @value)."""
    return f"{value.normalize():f}"


def _result(activity, result: Result, today: datetime.date) -> None:
    """<result> with its one indicator: title, measure, unit (as the indicator's description), baseline,
    and the periods with their target and — once the period has begun — the actual value."""
    element = etree.SubElement(activity, "result", type=result.result_type, **{"aggregation-status": "1"})
    title = etree.SubElement(element, "title")
    _narrative(title, result.title)
    if result.title_en:
        _narrative(title, result.title_en, "en")
    indicator = etree.SubElement(element, "indicator", measure=result.measure)
    title = etree.SubElement(indicator, "title")
    _narrative(title, result.indicator)
    if result.indicator_en:
        _narrative(title, result.indicator_en, "en")
    if _clean(result.unit):
        description = etree.SubElement(indicator, "description")
        _narrative(description, f"Đơn vị tính: {result.unit}")  # the activity's language: Vietnamese
        if _clean(result.unit_en):
            _narrative(description, f"Unit: {result.unit_en}", "en")
    if result.baseline_value is not None and result.baseline_year:
        etree.SubElement(
            indicator, "baseline", year=str(result.baseline_year), value=_indicator_value(result.baseline_value)
        )
    for period in result.periods.all():
        row = etree.SubElement(indicator, "period")
        etree.SubElement(row, "period-start", **{"iso-date": period.period_start.isoformat()})
        etree.SubElement(row, "period-end", **{"iso-date": period.period_end.isoformat()})
        if period.target is not None:
            etree.SubElement(row, "target", value=_indicator_value(period.target))
        if period.actual is not None and period.period_start <= today:
            etree.SubElement(row, "actual", value=_indicator_value(period.actual))


def publishable_items(partner: Partner | None = None, today: datetime.date | None = None):
    """The public items the activities file holds (one partner's when given), without prefetching."""
    items = AidItem.objects.public().filter(publishable_q(today))
    if partner is not None:
        items = items.filter(Exists(partner.provided.filter(aid_item=OuterRef("pk"))))
    return items


@dataclasses.dataclass(frozen=True)
class FileState:
    """What a file's content depends on, read in a few aggregate queries (conditional GET, the files
    page): its activities, their last change, and whether a date in it is still to come."""

    activities: int
    last_modified: datetime.datetime | None
    etag: str
    size_key: str  # the content's version apart from the day (the files page finds the size by it)


def _identity_key(identity: SiteIdentity) -> str:
    return f"{identity.iati_org_identifier}@{identity.updated_at}"


def size_key(partner_pk, identifier: str, items: int, ids, items_at, money: int, money_at) -> str:
    parts = (FORMAT_VERSION, partner_pk or "", identifier, items, ids or 0, items_at, money, money_at)
    return "iati:size:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def partner_files(identity: SiteIdentity | None = None) -> list[dict]:
    """One row per partner with activities in the file: {"partner", "activities", "last_modified",
    "size_key"} — two grouped queries, whatever the number of partners."""
    identity = identity or SiteIdentity.current()
    items = publishable_items().values("pk")
    by_partner = {
        row["partner"]: row
        for row in AidProvider.objects.filter(aid_item__in=items)
        .values("partner")
        .annotate(n=Count("aid_item", distinct=True), ids=Sum("aid_item"), at=Max("aid_item__updated_at"))
    }
    money = {
        row["aid_item__providers__partner"]: row
        for row in Disbursement.objects.filter(aid_item__in=items)
        .values("aid_item__providers__partner")
        .annotate(n=Count("pk", distinct=True), at=Max("updated_at"))
    }
    rows = []
    for partner in Partner.objects.filter(pk__in=by_partner).order_by("name"):
        row, paid = by_partner[partner.pk], money.get(partner.pk, {"n": 0, "at": None})
        moments = [m for m in (row["at"], paid["at"], partner.updated_at, identity.updated_at) if m]
        key = size_key(partner.pk, _identity_key(identity), row["n"], row["ids"], row["at"], paid["n"], paid["at"])
        rows.append({"partner": partner, "activities": row["n"], "last_modified": max(moments), "size_key": key})
    return rows


def file_state(partner: Partner | None = None, identity: SiteIdentity | None = None) -> FileState:
    identity = identity or SiteIdentity.current()
    today = iati_today()
    items = publishable_items(partner, today)
    item_sums = items.aggregate(n=Count("pk"), ids=Sum("pk"), at=Max("updated_at"))
    money = Disbursement.objects.filter(aid_item__in=items.values("pk")).aggregate(n=Count("pk"), at=Max("updated_at"))
    partners_at = Partner.objects.filter(provided__aid_item__in=items.values("pk")).aggregate(at=Max("updated_at"))
    moments = [item_sums["at"], money["at"], partners_at["at"], identity.updated_at]
    # A date still to come enters the file on its day: the file changes at midnight then.
    waiting = items.filter(
        Q(actual_start__gt=today)
        | Q(actual_end__gt=today)
        | Q(commitment_date__gt=today)
        | Q(disbursements__date__gt=today)
    ).exists()
    if waiting:
        moments.append(timezone.make_aware(datetime.datetime.combine(today, datetime.time())))
    last_modified = max((m for m in moments if m is not None), default=None)
    key = "|".join(
        str(v)
        for v in (
            FORMAT_VERSION,
            partner.pk if partner else "",
            identity.iati_org_identifier,
            item_sums["n"],
            item_sums["ids"],
            money["n"],
            *(m.isoformat() if m else "" for m in moments),
            today if waiting else "",
        )
    )
    sizes = size_key(
        partner.pk if partner else None,
        _identity_key(identity),
        item_sums["n"],
        item_sums["ids"],
        item_sums["at"],
        money["n"],
        money["at"],
    )
    return FileState(item_sums["n"], last_modified, hashlib.sha256(key.encode()).hexdigest()[:32], sizes)


def _transaction(activity, code: str, day: datetime.date, amount: Decimal, currency: str, provider=None):
    transaction = etree.SubElement(activity, "transaction")
    etree.SubElement(transaction, "transaction-type", code=code)
    etree.SubElement(transaction, "transaction-date", **{"iso-date": day.isoformat()})
    value = etree.SubElement(transaction, "value", currency=currency, **{"value-date": day.isoformat()})
    value.text = _decimal(amount)
    if provider is not None:
        attrs = {"ref": partner_ref(provider)} if partner_ref(provider) else {}
        _narrative(etree.SubElement(transaction, "provider-org", **attrs), provider.name)


def activity_element(item: AidItem, identity: SiteIdentity, today: datetime.date):
    activity = etree.Element(
        "iati-activity", **{XML_LANG: "vi", "last-updated-datetime": _iso(min(item.updated_at, timezone.now()))}
    )
    if item.currency_id:
        activity.set("default-currency", item.currency_id)
    etree.SubElement(activity, "iati-identifier").text = f"{identity.iati_org_identifier}-{item.code}"
    _reporting_org(activity, identity)
    title = etree.SubElement(activity, "title")
    _narrative(title, item.title)
    if item.title_en:
        _narrative(title, item.title_en, "en")
    general = etree.SubElement(activity, "description", type="1")
    _narrative(general, _clean(item.description) or item.title)
    if not _clean(item.description) and item.title_en:
        _narrative(general, item.title_en, "en")
    if _clean(item.objectives):
        _narrative(etree.SubElement(activity, "description", type="2"), item.objectives)
    providers = list(item.providers.all())
    for provider in providers:
        partner: Partner = provider.partner
        attrs = {"role": provider.role, "type": partner.iati_organisation_type}
        if partner_ref(partner):
            attrs["ref"] = partner_ref(partner)
        _narrative(etree.SubElement(activity, "participating-org", **attrs), partner.name)
    if _clean(item.aid_owner):
        if _is_union(item.aid_owner, identity):
            attrs = {"ref": identity.iati_org_identifier, "type": UNION_ORGANISATION_TYPE}
            name = identity.name
        else:
            attrs, name = {"type": _owner_type(item.aid_owner)}, item.aid_owner
        _narrative(etree.SubElement(activity, "participating-org", role=ProviderRole.IMPLEMENTING, **attrs), name)
    etree.SubElement(activity, "activity-status", code=item.status or AidStatus.PIPELINE)
    dates = [
        ("1", _derived_planned_start(item)),
        ("2", _actual(item.actual_start, today)),
        ("3", item.planned_end),
        ("4", _actual(item.actual_end, today) if _actual(item.actual_start, today) else None),
    ]
    for code, value in dates:
        if value:
            etree.SubElement(activity, "activity-date", type=code, **{"iso-date": value.isoformat()})
    etree.SubElement(activity, "recipient-country", code="VN", percentage="100")
    for location in item.locations.all():
        element = etree.SubElement(activity, "location")
        current = location.place_current
        name = location.site or (current.name if current else "") or location.place_text
        if _clean(name):
            _narrative(etree.SubElement(element, "name"), name)
        if location.place_text and current:
            _narrative(
                etree.SubElement(element, "description"),
                f"{location.place_text} (nay là {current.name})",  # the activity's language: Vietnamese
            )
        # Today's commune's point when the reference data has it, else the point stored with the place.
        if current is not None and current.latitude is not None and current.longitude is not None:
            latitude, longitude = current.latitude, current.longitude
        else:
            latitude, longitude = location.latitude, location.longitude
        if latitude is not None and longitude is not None:
            point = etree.SubElement(element, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
            etree.SubElement(point, "pos").text = f"{latitude} {longitude}"
            etree.SubElement(element, "exactness", code="2")  # the commune's point: approximate
            etree.SubElement(element, "location-class", code="1")  # an administrative region
    for vocabulary, code, percentage in export_sectors(item):
        etree.SubElement(activity, "sector", vocabulary=vocabulary, code=code, percentage=_decimal(percentage))
    for budget_type, status, start, end, amount, currency in budgets(item):
        budget = etree.SubElement(activity, "budget", type=budget_type, status=status)
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        value = etree.SubElement(budget, "value", currency=currency, **{"value-date": start.isoformat()})
        value.text = _decimal(amount)
    funders = [p.partner for p in providers if p.role == ProviderRole.FUNDING]
    funder = funders[0] if len(funders) == 1 else None
    if item.committed_amount is not None and item.commitment_date and item.commitment_date <= today:
        _transaction(activity, "2", item.commitment_date, item.committed_amount, item.currency_id, funder)
    for disbursement in item.disbursements.all():
        if disbursement.date <= today:
            _transaction(activity, "3", disbursement.date, disbursement.amount, disbursement.currency_id, funder)
    results = getattr(item, "public_results", None)
    for result in Result.objects.published().filter(aid_item=item) if results is None else results:
        _result(activity, result, today)
    return activity


def iter_activities(
    items: Iterable[AidItem], identity: SiteIdentity | None = None, today: datetime.date | None = None
) -> Iterator[bytes]:
    """The activities file in pieces, one activity at a time (a file of 20,000 is never whole in memory)."""
    identity = identity or SiteIdentity.current()
    today = today or iati_today()
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{VERSION}" '
        f'generated-datetime="{_iso(timezone.now())}">\n'
    ).encode()
    for item in items:
        if iati_problems(item, today):
            continue
        yield b"  " + etree.tostring(activity_element(item, identity, today), encoding="UTF-8").rstrip() + b"\n"
    yield b"</iati-activities>\n"


def build_activities(items=None, identity: SiteIdentity | None = None) -> bytes:
    identity = identity or SiteIdentity.current()
    items = activities_queryset() if items is None else items
    return b"".join(iter_activities(items, identity))


def build_organisation(identity: SiteIdentity | None = None) -> bytes:
    identity = identity or SiteIdentity.current()
    root = etree.Element(
        "iati-organisations",
        version=VERSION,
        **{"generated-datetime": _iso(timezone.now())},
    )
    organisation = etree.SubElement(
        root,
        "iati-organisation",
        **{XML_LANG: "vi", "last-updated-datetime": _iso(min(identity.updated_at or timezone.now(), timezone.now()))},
    )
    etree.SubElement(organisation, "organisation-identifier").text = identity.iati_org_identifier
    name = etree.SubElement(organisation, "name")
    _narrative(name, identity.name)
    if identity.name_en:
        _narrative(name, identity.name_en, "en")
    _reporting_org(organisation, identity)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
