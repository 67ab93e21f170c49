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
  enterprises: Enterprise.objects.operating_on(the period's end, or today while it lasts) — the
  /kieu-bao/ page's "operating" (today), so all time shows the same number there and here.
All time (all_time()) runs from the year of the earliest dated record to the current year.

Comparisons (comparison()): all time with nothing; a term with the previous reporting term; a half
year with the same half of the year before; any other span of years with the span of the same length
just before — only when that period begins in or after the first year with records. Each figure is
then compared only when its own records (FIGURE_SOURCE) are kept from that period's first year on;
otherwise the page says there is nothing to compare with, and never prints a percentage against a
period without records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from friendship_union.aid.coverage import outside_coverage_ids
from friendship_union.aid.models import (
    COVERAGE_READS,
    AidForm,
    AidItem,
    AidStatus,
    Disbursement,
    FollowUpAction,
    ProviderRole,
)
from friendship_union.core import versioning
from friendship_union.core.numbers import whole_number
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Enterprise, HomelandVisit, VisitMonthTotal
from friendship_union.dossiers.models import Dossier
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, RegistrationCertificate
from friendship_union.reference import maps

from .models import ReportingTerm

FIRST_YEAR = 2003


@dataclass(frozen=True)
class Period:
    """Whole years first..last, or one half of a year (half 1: January–June, 2: July–December)
    for the 6-month report. `term` is the reporting term's id when the period was chosen as a term;
    `all_time` marks every record (see all_time())."""

    first: int
    last: int
    label: str
    half: int | None = None
    term: int | None = None
    all_time: bool = False

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last, 6, 30) if self.half == 1 else datetime.date(self.last, 12, 31)

    @property
    def as_of(self) -> datetime.date:
        """The day stock figures (enterprises operating) are read at: the period's end, or today
        while the period has not ended."""
        return min(self.end, timezone.localdate())

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def previous(self) -> "Period":
        """The span of the same length just before; for a half year, the same half of the year
        before (cùng kỳ năm trước), as 6-month reports compare. A calendar span, whether or not
        records exist then: comparison() decides whether it is worth comparing with."""
        if self.half:
            return half_year(self.first - 1, self.half)
        span = self.last - self.first + 1
        return year_span(self.first - span, self.first - 1)

    @property
    def slug(self) -> str:
        """For file names: 2003-2015, or 2015-nua1 for a half year."""
        return f"{self.first}-nua{self.half}" if self.half else f"{self.first}-{self.last}"

    def query(self) -> dict:
        if self.all_time:
            return {"tat_ca": 1}
        if self.term:
            return {"ky": self.term}
        return {"tu": self.first, "den": self.last} | ({"nua": self.half} if self.half else {})


def year_span(first: int, last: int) -> Period:
    """Whole years, labelled 2010–2015, or 2015 for one year."""
    return Period(first, last, f"{first}–{last}" if last != first else str(first))


def half_year(year: int, half: int) -> Period:
    label = _("6 tháng đầu năm %(year)s") if half == 1 else _("6 tháng cuối năm %(year)s")
    return Period(year, year, label % {"year": year}, half)


def current_year() -> int:
    return timezone.localdate().year


def term_period(term: ReportingTerm) -> Period:
    return Period(term.start_year, term.end_year, term.name, term=term.pk)


# Where each figure's records begin: a figure is compared with a period only when that period begins
# on or after the first year its records are kept (see first_dates()).
SOURCES = ("partners", "aid", "disbursements", "delegations", "visits", "enterprises", "events")
FIGURE_SOURCE = {
    "partners_related": "partners",
    "partners_with_aid": "aid",
    "aid_items": "aid",
    "aid_programs": "aid",
    "aid_projects": "aid",
    "aid_non_project": "aid",
    "aid_implementing": "aid",
    "aid_closed": "aid",
    "committed_usd": "aid",
    "committed_vnd": "aid",
    "counterpart_vnd": "aid",
    "disbursed_usd": "disbursements",
    "delegations_out": "delegations",
    "delegations_out_participants": "delegations",
    "delegations_in": "delegations",
    "delegations_in_visitors": "delegations",
    "diaspora_visits": "visits",
    "diaspora_enterprises": "enterprises",
    "events": "events",
}


def _first_dates() -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
    """{source: (earliest, latest)} record dates of each kind, in one query (None when there is
    none): aid commitments, disbursements, delegations' and events' starts, visits (monthly totals),
    enterprises' registrations and partners' relationship years."""
    visits = (
        (VisitMonthTotal.objects.filter(visitors__gt=0), "month")
        if VisitMonthTotal.maintained()
        else (HomelandVisit.objects.all(), "date")
    )
    sources = {
        "partners": (Partner.objects.all(), "relationship_since"),
        "aid": (AidItem.objects.all(), "commitment_date"),
        "disbursements": (Disbursement.objects.all(), "date"),
        "delegations": (Delegation.objects.all(), "start_date"),
        "visits": visits,
        "enterprises": (Enterprise.objects.all(), "registration_date"),
        "events": (Event.objects.all(), "start_date"),
    }
    parts, params = [], []
    for source in SOURCES:
        rows, field = sources[source]
        dated = rows.filter(**{f"{field}__isnull": False})
        for order in (field, f"-{field}"):
            sql, p = dated.order_by(order).values_list(field)[:1].query.sql_with_params()
            parts.append(f"({sql})")
            params += p
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        values = cursor.fetchone()

    def day(value):
        if value is None or isinstance(value, datetime.date):
            return value
        if isinstance(value, int):  # a relationship year
            return datetime.date(value, 1, 1)
        return datetime.date.fromisoformat(str(value)[:10])  # SQLite returns text

    return {source: (day(values[2 * i]), day(values[2 * i + 1])) for i, source in enumerate(SOURCES)}


def first_dates() -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
    """_first_dates(), cached until a record of the apps the figures read changes."""
    return versioning.cached("dash:first-dates", _first_dates, reads=FIGURE_READS)


def all_time(dates: dict | None = None) -> Period:
    """Every record: from the year of the earliest dated record of any kind to the current year (or
    the latest record's year, if later). The home page, the dashboard's default view and the JSON
    summary without a period read it, so "all time" is one span everywhere."""
    dates = first_dates() if dates is None else dates
    earliest = [first for first, _last in dates.values() if first]
    latest = [last for _first, last in dates.values() if last]
    first = min(earliest).year if earliest else current_year()
    last = max([current_year(), *(d.year for d in latest)])
    return Period(min(first, last), last, _("Toàn thời gian"), all_time=True)


def recorded_from(dates: dict) -> datetime.date | None:
    """The first day of the year records of any kind begin (None without records)."""
    earliest = [first for first, _last in dates.values() if first]
    return datetime.date(min(earliest).year, 1, 1) if earliest else None


def comparison(period: Period, dates: dict | None = None) -> tuple[Period | None, str]:
    """The period `period` is compared with by default, and a note saying why when there is none:
    all time with nothing; a term with the previous reporting term; a half year with the same half
    of the year before; any other span with the span of the same length just before — each only
    when records are kept then (the comparison begins in or after the first year with records)."""
    if period.all_time:
        return None, _("Toàn thời gian không so sánh với kỳ nào.")
    candidate = None
    if period.term:
        term = ReportingTerm.objects.filter(start_year__lt=period.first).order_by("-start_year", "-end_year").first()
        candidate = term_period(term) if term else None
    candidate = candidate or period.previous()
    dates = first_dates() if dates is None else dates
    begins = recorded_from(dates)
    if begins is None:
        return None, _("Chưa có hồ sơ nào để so sánh.")
    if candidate.start < begins:
        return None, _(
            "Không có số liệu so sánh: kỳ liền trước (%(label)s) trước năm %(year)s, khi hồ sơ bắt đầu được ghi."
        ) % {"label": candidate.label, "year": begins.year}
    return candidate, ""


def comparable(key: str, compared: Period | None, dates: dict) -> bool:
    """Whether figure `key` has records in the comparison period: it begins in or after the first year
    the figure's records are kept."""
    if compared is None:
        return False
    first, _last = dates.get(FIGURE_SOURCE.get(key, ""), (None, None))
    return first is not None and compared.start >= datetime.date(first.year, 1, 1)


def parse_period(params, prefix: str = "") -> Period | None:
    """A period from ?tu=YYYY&den=YYYY, ?ky=<term id> or ?tat_ca=1 (all time). None when invalid."""
    term = params.get(f"{prefix}ky")
    if (term or params.get(f"{prefix}tat_ca")) and params.get(f"{prefix}nua"):
        return None  # a half year is chosen with its year, not with a term or all time
    if term:
        term = whole_number(str(term))
        found = ReportingTerm.objects.filter(pk=term).first() if term is not None else None
        return term_period(found) if found else None
    if params.get(f"{prefix}tat_ca"):
        return all_time()
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
    return year_span(first, last)


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
        "diaspora_enterprises": Enterprise.objects.operating_on(period.as_of).count(),
        "events": event_rows.started_in(period.start, period.end).count(),
    }


# Every headline figure as pages, workbooks and print show it: (key, label, unit, kind). `kind` says how
# it is written: a count, USD or VND.
FIGURES = [
    ("partners_related", gettext_lazy("Đối tác có quan hệ"), gettext_lazy("đối tác"), "number"),
    ("partners_with_aid", gettext_lazy("Đối tác có viện trợ"), gettext_lazy("đối tác"), "number"),
    ("aid_items", gettext_lazy("Khoản viện trợ"), gettext_lazy("khoản"), "number"),
    ("committed_usd", gettext_lazy("Giá trị cam kết (USD)"), "USD", "usd"),
    ("committed_vnd", gettext_lazy("Giá trị cam kết (VND)"), "VND", "vnd"),
    ("disbursed_usd", gettext_lazy("Đã giải ngân (USD)"), "USD", "usd"),
    ("counterpart_vnd", gettext_lazy("Vốn đối ứng (VND)"), "VND", "vnd"),
    ("delegations_out", gettext_lazy("Đoàn ra"), gettext_lazy("đoàn"), "number"),
    ("delegations_out_participants", gettext_lazy("Lượt cán bộ đi"), gettext_lazy("lượt người"), "number"),
    ("delegations_in", gettext_lazy("Đoàn vào"), gettext_lazy("đoàn"), "number"),
    ("delegations_in_visitors", gettext_lazy("Lượt khách đến"), gettext_lazy("lượt người"), "number"),
    ("diaspora_visits", gettext_lazy("Lượt kiều bào về thăm"), gettext_lazy("lượt người"), "number"),
    (
        "diaspora_enterprises",
        gettext_lazy("Doanh nghiệp kiều bào đang hoạt động cuối kỳ"),
        gettext_lazy("doanh nghiệp"),
        "number",
    ),
    ("events", gettext_lazy("Sự kiện"), gettext_lazy("sự kiện"), "number"),
]
# The aid items by form and status (one line under the headline cards).
AID_FORM_FIGURES = [
    ("aid_programs", gettext_lazy("Chương trình"), gettext_lazy("khoản"), "number"),
    ("aid_projects", gettext_lazy("Dự án"), gettext_lazy("khoản"), "number"),
    ("aid_non_project", gettext_lazy("Phi dự án"), gettext_lazy("khoản"), "number"),
    ("aid_implementing", gettext_lazy("Đang thực hiện"), gettext_lazy("khoản"), "number"),
    ("aid_closed", gettext_lazy("Đã kết thúc"), gettext_lazy("khoản"), "number"),
]

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
        "partners_with_aid": _admin("partners_partner", quan_he_den=period.last, vien_tro_den=period.end.isoformat()),
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
        "diaspora_enterprises": _admin("diaspora_enterprise", hoat_dong_ngay=period.as_of.isoformat()),
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
    # The breakdowns count the countable items only (tinh_tien=1), so each row's list holds what it counts.
    aid_range = _date_range("commitment_date", period) | {"tinh_tien": 1}
    items_sql, params = _items_in(period).values_list("id", "committed_usd", "form").order_by().query.sql_with_params()
    sql = _BREAKDOWNS % {"items": items_sql, "funding": "%s"}
    rows = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ProviderRole.FUNDING])
        for kind, *row in cursor.fetchall():
            rows[kind].append(row)
    by_country = [
        {"label": name or "—", "usd": usd, "items": n, "link": _admin("aid_aiditem", nuoc=code or "khong", **aid_range)}
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
    """The first few lapsing approvals, certificates expiring within 90 days, aid items outside their
    foreign NGOs' certificates (AidItemQuerySet.outside_certificate_coverage) and overdue follow-up
    actions of monitoring visits, with their counts and the admin lists holding all of them."""
    lapsing = AidItem.objects.lapsing()
    expiring = RegistrationCertificate.objects.expiring_within(90)
    overdue = FollowUpAction.objects.overdue()
    return {
        "overdue_actions": list(overdue.values("pk", "text", "due_date", "visit__aid_item__code")[:limit]),
        "overdue_actions_count": overdue.count(),
        "overdue_actions_link": _admin("aid_followupaction", tinh_trang="qua_han"),
        "lapsing": list(lapsing.values("pk", "code", "title", "approval_date")[:limit]),
        "lapsing_count": lapsing.count(),
        "lapsing_link": _admin("aid_aiditem", qua_han_trien_khai=1),
        "expiring": list(expiring.values("pk", "number", "partner__name", "expiry_date")[:limit]),
        "expiring_count": expiring.count(),
        # Checking coverage is the dashboard's costliest query (about 0,45 s at 100× the demo: every
        # item against its funders' certificates, places and sectors): kept until an aid, partner or
        # reference record changes (a delegation saved leaves it true), and then checked again only
        # for the foreign NGOs whose rows moved (aid.coverage.outside_coverage_ids).
        **versioning.cached(
            f"dash:uncovered:{limit}",
            lambda: _uncovered(limit),
            reads=COVERAGE_READS,
        ),
        "uncovered_link": _admin("aid_aiditem", chat_luong="ngoai_pham_vi_giay_dang_ky"),
        **overdue_dossiers(limit),
    }


def _uncovered(limit: int) -> dict:
    """The first few items outside their foreign NGOs' certificates by code, and their number."""
    ids = outside_coverage_ids()
    first = AidItem.objects.filter(pk__in=ids).order_by("code").values("pk", "code", "title")[:limit]
    return {"uncovered": list(first), "uncovered_count": len(ids)}


def overdue_dossiers(limit: int = 6) -> dict:
    """Approval dossiers past a time limit (Dossier.objects.overdue: the stage's or an unanswered
    opinion request's last day before today), the first few by how long they have waited."""
    overdue = Dossier.objects.overdue().order_by("next_due_on", "code")
    return {
        "dossiers": list(overdue.values("pk", "code", "stage", "next_due_on")[:limit]),
        "dossiers_count": overdue.count(),
        "dossiers_link": _admin("dossiers_dossier", qua_han=1),
    }


# The apps whose records the figures read (headline, trends, breakdowns, the commune map, where
# records begin; the home page's key figures too), and those the alerts read: a figure is kept until a
# record of one of them changes, so publishing a story, a document or a photo leaves the dashboard and
# the home page's figures where they are. test_each_figure_reads_only_the_apps_it_is_kept_by holds
# every query of each to these.
FIGURE_READS = frozenset({"aid", "delegations", "diaspora", "events", "partners", "reference"})
# Narrower, for the figures that read fewer (a delegation saved leaves the aid breakdowns and the
# commune map where they are: at ×100 they are 143 of the dashboard's 220 ms after such a save).
TREND_READS = frozenset({"aid", "delegations", "diaspora"})
BREAKDOWN_READS = frozenset({"aid", "partners", "reference"})
MAP_READS = frozenset({"aid", "reference"})
ALERT_READS = frozenset({"aid", "dossiers", "partners", "reference"})


def cached(name: str, period: Period | None, compute, reads: frozenset[str] = FIGURE_READS):
    """`compute()` cached for this period until a record of the apps it `reads` changes (their
    versions in the key). The cache is the project's shared cache (Redis in production), so all
    servers agree."""

    key = f"dash:{name}:{period.start}:{period.end}:{period.as_of}" if period else f"dash:{name}"
    return versioning.cached(key, compute, reads=reads)


def commune_map(period: Period) -> dict | None:
    """The province map shaded by the money committed in the period, commune by commune: the same
    figures as the commune breakdown (AidItemQuerySet.by_commune)."""
    return maps.commune_map(AidItem.objects.committed_in(period.start, period.end).by_commune())
