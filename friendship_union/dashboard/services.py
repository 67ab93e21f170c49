"""The figures leaders read, computed from the records in a fixed number of queries.

Every figure comes with the admin list that holds the records behind it (`links`), so any number
can be traced. Each figure is one QuerySet method on its record's model — the same one the home page,
the public pages, the admin lists and the exports use — and this module only combines them for a
period. Definitions (for a period):
- partners related: Partner.objects.related_by(last year) — relationship begun by then, or its start
  not recorded;
- partners with aid: of those, .with_aid_by(last day) — providing an aid item committed by then, or
  undated;
- aid items and committed money: AidItem.objects.committed_in(period) — money in USD and VND at the
  rate of the commitment date, summed over .countable() items (a project inside a program that
  carries the money is not counted again);
- disbursed: Disbursement.objects.made_in(period).total_usd();
- delegations, events: .started_in(period); visits: by date in the period (monthly totals);
  enterprises: Enterprise.objects.registered_in(period) (undated ones included).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from friendship_union.aid.models import AidForm, AidItem, AidStatus, Disbursement, ProviderRole
from friendship_union.core.numbers import whole_number
from friendship_union.core.versioning import records_version
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Enterprise, VisitMonthTotal
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, RegistrationCertificate
from friendship_union.reference import maps

from .models import ReportingTerm

FIRST_YEAR = 2003


@dataclass(frozen=True)
class Period:
    """Whole years first..last, or one half of a year (half 1: January–June, 2: July–December)
    for the 6-month report."""

    first: int
    last: int
    label: str
    half: int | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last, 6, 30) if self.half == 1 else datetime.date(self.last, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def previous(self) -> "Period":
        """The span of the same length just before; for a half year, the same half of the year
        before (cùng kỳ năm trước), as 6-month reports compare."""
        if self.half:
            return half_year(self.first - 1, self.half)
        span = self.last - self.first + 1
        return Period(self.first - span, self.first - 1, f"{self.first - span}–{self.first - 1}")

    @property
    def slug(self) -> str:
        """For file names: 2003-2015, or 2015-nua1 for a half year."""
        return f"{self.first}-nua{self.half}" if self.half else f"{self.first}-{self.last}"

    def query(self) -> dict:
        return {"tu": self.first, "den": self.last} | ({"nua": self.half} if self.half else {})


def half_year(year: int, half: int) -> Period:
    label = _("6 tháng đầu năm %(year)s") if half == 1 else _("6 tháng cuối năm %(year)s")
    return Period(year, year, label % {"year": year}, half)


def current_year() -> int:
    return timezone.localdate().year


def parse_period(params, prefix: str = "") -> Period | None:
    """A period from ?tu=YYYY&den=YYYY, ?ky=<term id> or ?tat_ca=1 (all time). None when invalid."""
    term = params.get(f"{prefix}ky")
    if (term or params.get(f"{prefix}tat_ca")) and params.get(f"{prefix}nua"):
        return None  # a half year is chosen with its year, not with a term or all time
    if term:
        term = whole_number(str(term))
        found = ReportingTerm.objects.filter(pk=term).first() if term is not None else None
        return Period(found.start_year, found.end_year, found.name) if found else None
    if params.get(f"{prefix}tat_ca"):
        return Period(FIRST_YEAR, current_year(), _("Toàn thời gian"))
    # The JSON summary's English names (from, to, half) name the period itself, never the comparison.

    def english(key):
        return None if prefix else params.get(key)

    first, last = params.get(f"{prefix}tu") or english("from"), params.get(f"{prefix}den") or english("to")
    half = params.get(f"{prefix}nua") or english("half")
    if first is None and last is None:
        return None
    if half:  # a half year: one year, given as tu (den, if given, must be the same year)
        last = last or first
    try:
        first, last = int(first or FIRST_YEAR), int(last or current_year())
    except (TypeError, ValueError):
        return None
    if not (1990 <= first <= last <= 2100):
        return None
    if half:
        return half_year(first, int(half)) if half in ("1", "2") and first == last else None
    return Period(first, last, f"{first}–{last}")


def _admin(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(f"admin:{name}_changelist") + (f"?{query}" if query else "")


def _date_range(field: str, period: Period) -> dict:
    return {f"{field}__gte": period.start.isoformat(), f"{field}__lte": period.end.isoformat()}


def headline(period: Period, *, public: bool = False) -> dict:
    """The headline figures (the JSON summary's keys and a few more), each a number. With `public`, from
    the records readers may see only (the home page): an aid item, delegation or event kept internal
    is counted on the dashboard, never in a figure anonymous readers see."""
    related = Partner.objects.related_by(period.last)
    aid_items = AidItem.objects.public() if public else AidItem.objects.all()
    delegation_rows = Delegation.objects.public() if public else Delegation.objects.all()
    event_rows = Event.objects.public() if public else Event.objects.all()
    disbursements = Disbursement.objects.filter(aid_item__in=aid_items) if public else Disbursement.objects.all()
    with_aid = related.with_aid_by(period.end)
    partner_counts = Partner.objects.aggregate(
        related=Count("pk", filter=Q(pk__in=related.values("pk")), distinct=True),
        with_aid=Count("pk", filter=Q(pk__in=with_aid.values("pk")), distinct=True),
    )
    aid = aid_items.committed_in(period.start, period.end).summary()
    delegations = delegation_rows.started_in(period.start, period.end).totals_by_direction()
    visits = VisitMonthTotal.totals(period.start, period.end)
    return {
        "partners_related": partner_counts["related"],
        "partners_with_aid": partner_counts["with_aid"],
        "aid_items": aid["items"],
        "aid_programs": aid["programs"],
        "aid_projects": aid["projects"],
        "aid_non_project": aid["non_project"],
        "aid_implementing": aid["implementing"],
        "aid_closed": aid["closed"],
        "committed_usd": aid["usd"],
        "committed_vnd": aid["vnd"],
        "counterpart_vnd": aid["counterpart"],
        "disbursed_usd": disbursements.made_in(period.start, period.end).total_usd(),
        "delegations_out": delegations["out"]["delegations"],
        "delegations_out_participants": delegations["out"]["participants"],
        "delegations_in": delegations["in"]["delegations"],
        "delegations_in_visitors": delegations["in"]["participants"],
        "diaspora_visits": visits["visitors"],
        "diaspora_enterprises": Enterprise.objects.registered_in(period.start, period.end).count(),
        "events": event_rows.started_in(period.start, period.end).count(),
    }


JSON_KEYS = [
    "partners_related",
    "partners_with_aid",
    "aid_items",
    "committed_usd",
    "committed_vnd",
    "disbursed_usd",
    "delegations_out",
    "delegations_out_participants",
    "delegations_in",
    "delegations_in_visitors",
    "diaspora_visits",
    "diaspora_enterprises",
    "events",
]


def links(period: Period) -> dict[str, str]:
    """For each figure, the admin list of the records behind it."""
    aid_range = _date_range("commitment_date", period)
    return {
        "partners_related": _admin("partners_partner", quan_he_den=period.last),
        "partners_with_aid": _admin("partners_partner", quan_he_den=period.last, co_vien_tro=1),
        "aid_items": _admin("aid_aiditem", **aid_range),
        "aid_programs": _admin("aid_aiditem", form__exact="program", **aid_range),
        "aid_projects": _admin("aid_aiditem", form__exact="project", **aid_range),
        "aid_non_project": _admin("aid_aiditem", form__exact="non_project", **aid_range),
        "aid_implementing": _admin("aid_aiditem", status__exact=AidStatus.IMPLEMENTATION, **aid_range),
        "aid_closed": _admin("aid_aiditem", status__exact=AidStatus.CLOSED, **aid_range),
        "committed_usd": _admin("aid_aiditem", **aid_range),
        "committed_vnd": _admin("aid_aiditem", **aid_range),
        "counterpart_vnd": _admin("aid_aiditem", **aid_range),
        "disbursed_usd": _admin("aid_disbursement", **_date_range("date", period)),
        "delegations_out": _admin(
            "delegations_delegation", direction__exact="out", **_date_range("start_date", period)
        ),
        "delegations_out_participants": _admin(
            "delegations_delegation", direction__exact="out", **_date_range("start_date", period)
        ),
        "delegations_in": _admin("delegations_delegation", direction__exact="in", **_date_range("start_date", period)),
        "delegations_in_visitors": _admin(
            "delegations_delegation", direction__exact="in", **_date_range("start_date", period)
        ),
        "diaspora_visits": _admin("diaspora_homelandvisit", **_date_range("date", period)),
        "diaspora_enterprises": _admin("diaspora_enterprise"),
        "events": _admin("events_event", **_date_range("start_date", period)),
        "certificates_expiring": _admin("partners_registrationcertificate", sap_het_han=90),
    }


def change(current, previous) -> Decimal | None:
    """Percentage change from `previous` to `current`, None when there is nothing to compare with."""
    if previous in (None, 0):
        return None
    return (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)


def trends(period: Period) -> dict[str, list]:
    """Per year of the period: committed USD, aid items, delegations out/in, visitors (4 queries)."""
    years = period.years
    aid = dict.fromkeys(years, Decimal(0))
    items = dict.fromkeys(years, 0)
    for row in AidItem.objects.committed_in(period.start, period.end).yearly():
        aid[row["year"]], items[row["year"]] = row["usd"], row["items"]
    out, inc = dict.fromkeys(years, 0), dict.fromkeys(years, 0)
    for row in Delegation.objects.started_in(period.start, period.end).yearly_counts():
        (out if row["direction"] == "out" else inc)[row["year"]] = row["delegations"]
    visits = dict.fromkeys(years, 0) | VisitMonthTotal.visitors_by_year(period.start, period.end)
    return {
        "years": years,
        "committed_usd": [aid[y] for y in years],
        "aid_items": [items[y] for y in years],
        "delegations_out": [out[y] for y in years],
        "delegations_in": [inc[y] for y in years],
        "visitors": [visits[y] for y in years],
    }


def _items_in(period: Period):
    """The period's aid items whose money counts: the one definition the breakdowns read too."""
    return AidItem.objects.committed_in(period.start, period.end).countable()


# All five breakdowns in one statement, so the period's countable aid items are read once, as a narrow
# row set the rest joins to. Plain SQL because an item's amount is split among its funders or places
# with a window function before grouping, which the ORM cannot aggregate over. The `items` rows are not
# written here: they are the SQL of the QuerySet `_items_in(period)` (committed_in + countable), so the
# definition stays in one place; a test checks the results against QuerySet aggregates. Runs on
# PostgreSQL and SQLite.
_BREAKDOWNS = """
WITH items (id, usd, form) AS (%(items)s), funders AS (
    SELECT items.id AS item, partner.code, COALESCE(NULLIF(partner.name_vi, ''), partner.name) AS name,
           partner.country_id AS country, items.usd * 1.0 / COUNT(*) OVER (PARTITION BY items.id) AS usd
    FROM aid_aidprovider provider
    JOIN items ON items.id = provider.aid_item_id
    JOIN partners_partner partner ON partner.id = provider.partner_id
    WHERE provider.role = %(funding)s
), places AS (
    SELECT items.id AS item, place.place_current_id AS unit,
           items.usd * 1.0 / COUNT(*) OVER (PARTITION BY items.id) AS usd
    FROM aid_aidlocation place JOIN items ON items.id = place.aid_item_id
    WHERE place.place_current_id IS NOT NULL
)
SELECT 'partner', code, name, SUM(usd), COUNT(DISTINCT item) FROM funders GROUP BY code, name
UNION ALL
SELECT 'country', funders.country, country.name_vi, SUM(usd), COUNT(DISTINCT item)
FROM funders LEFT JOIN reference_country country ON country.code = funders.country
GROUP BY funders.country, country.name_vi
UNION ALL
SELECT 'sector', COALESCE(sector.category_id, share.sector_id), category.name_vi,
       SUM(items.usd * share.percentage / 100.0), COUNT(DISTINCT share.aid_item_id)
FROM aid_aidsector share
JOIN items ON items.id = share.aid_item_id
JOIN reference_sector sector ON sector.code = share.sector_id
LEFT JOIN reference_sector category ON category.code = COALESCE(sector.category_id, share.sector_id)
GROUP BY COALESCE(sector.category_id, share.sector_id), category.name_vi
UNION ALL
SELECT 'form', form, form, SUM(usd), COUNT(*) FROM items GROUP BY form
UNION ALL
SELECT 'commune', CAST(places.unit AS VARCHAR(20)), unit.name, SUM(usd), COUNT(DISTINCT item)
FROM places JOIN reference_administrativeunit unit ON unit.id = places.unit
GROUP BY places.unit, unit.name
"""


def _money(value) -> Decimal:
    """A sum from plain SQL as Decimal (SQLite returns floats), to the cent."""
    if value is None:
        return Decimal(0)
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(Decimal("0.01"))


def _ranked(rows) -> list[tuple]:
    """(key, label, usd, items) sorted by USD, largest first; ties by key."""
    return sorted(((k, label, _money(usd), n) for k, label, usd, n in rows), key=lambda r: (-r[2], str(r[0])))


def breakdowns(period: Period) -> dict[str, list[dict]]:
    """Committed USD (and items) by donor country, partner, sector category, form and current
    commune (legacy communes roll up to it), in one query: an item's amount is split equally among
    its funders or its places, and among its sectors by their percentages. Links open the matching
    aid list."""
    aid_range = _date_range("commitment_date", period)
    items_sql, params = _items_in(period).values_list("id", "committed_usd", "form").order_by().query.sql_with_params()
    sql = _BREAKDOWNS % {"items": items_sql, "funding": "%s"}
    rows = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ProviderRole.FUNDING])
        for kind, *row in cursor.fetchall():
            rows[kind].append(row)
    by_country = [
        {"label": name or "—", "usd": usd, "items": n, "link": _admin("aid_aiditem", nuoc=code or "", **aid_range)}
        for code, name, usd, n in _ranked(rows["country"])
    ]
    by_partner = [
        {"label": name, "usd": usd, "items": n, "link": _admin("aid_aiditem", doi_tac=code, **aid_range)}
        for code, name, usd, n in _ranked(rows["partner"])[:15]
    ]
    by_sector = [
        {
            "label": f"{category} – {name or ''}",
            "usd": usd,
            "items": n,
            "link": _admin("aid_aiditem", linh_vuc=category, **aid_range),
        }
        for category, name, usd, n in _ranked(rows["sector"])
    ]
    form_labels = dict(AidForm.choices)
    by_form = [
        {
            "label": str(form_labels.get(form, form)),
            "usd": usd,
            "items": n,
            "link": _admin("aid_aiditem", form__exact=form, **aid_range),
        }
        for form, _label, usd, n in _ranked(rows["form"])
    ]
    by_commune = [
        {"label": name, "usd": usd, "items": n, "link": _admin("aid_aiditem", xa=unit, **aid_range)}
        for unit, name, usd, n in _ranked(rows["commune"])
    ]
    return {"country": by_country, "partner": by_partner, "sector": by_sector, "form": by_form, "commune": by_commune}


def alerts(limit: int = 6) -> dict:
    """The first few lapsing approvals and certificates expiring within 90 days, with their counts
    and the admin lists holding all of them."""
    lapsing = AidItem.objects.lapsing()
    expiring = RegistrationCertificate.objects.expiring_within(90)
    return {
        "lapsing": list(lapsing.values("pk", "code", "title", "approval_date")[:limit]),
        "lapsing_count": lapsing.count(),
        "lapsing_link": _admin("aid_aiditem", qua_han_trien_khai=1),
        "expiring": list(expiring.values("pk", "number", "partner__name", "expiry_date")[:limit]),
        "expiring_count": expiring.count(),
    }


def cached(name: str, period: Period | None, compute):
    """`compute()` cached for this period until any tracked record changes (records version in the
    key). The cache is the project's shared cache (Redis in production), so all servers agree."""

    key = f"dash:{records_version()}:{name}:{period.start if period else ''}:{period.end if period else ''}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=60 * 60 * 24)
    return value


def commune_map(period: Period) -> dict | None:
    """The province map shaded by the money committed in the period, commune by commune: the same
    figures as the commune breakdown (AidItemQuerySet.by_commune)."""
    return maps.commune_map(AidItem.objects.committed_in(period.start, period.end).by_commune())
