"""The figures leaders read, computed from the records in a fixed number of queries.

Every figure comes with the admin list that holds the records behind it (`links`), so any number
can be traced. Definitions (for a period of years):
- partners related: partners whose relationship began by the period's last year (or whose start is
  not recorded);
- partners with aid: of those, the ones that provide at least one aid item dated by the period's
  last year or undated;
- aid items and committed money: items whose commitment date falls in the period; money in USD and
  VND at the rate of the commitment date; a project inside a program that carries the money is not
  counted again (AidItem.objects.countable());
- delegations, visits, events: by start date in the period; enterprises: registered in the period.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from friendship_union.aid.models import AidForm, AidItem, AidLocation, AidProvider, AidSector, Disbursement
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Enterprise, HomelandVisit
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, RegistrationCertificate

from .models import ReportingTerm

FIRST_YEAR = 2003


@dataclass(frozen=True)
class Period:
    first: int
    last: int
    label: str

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def previous(self) -> "Period":
        span = self.last - self.first + 1
        return Period(self.first - span, self.first - 1, f"{self.first - span}–{self.first - 1}")

    def query(self) -> dict:
        return {"tu": self.first, "den": self.last}


def current_year() -> int:
    return timezone.localdate().year


def parse_period(params, prefix: str = "") -> Period | None:
    """A period from ?tu=YYYY&den=YYYY, ?ky=<term id> or ?tat_ca=1 (all time). None when invalid."""
    term = params.get(f"{prefix}ky")
    if term:
        found = ReportingTerm.objects.filter(pk=term).first() if str(term).isdigit() else None
        return Period(found.start_year, found.end_year, found.name) if found else None
    if params.get(f"{prefix}tat_ca"):
        return Period(FIRST_YEAR, current_year(), _("Toàn thời gian"))
    first, last = params.get(f"{prefix}tu") or params.get("from"), params.get(f"{prefix}den") or params.get("to")
    if first is None and last is None:
        return None
    try:
        first, last = int(first or FIRST_YEAR), int(last or current_year())
    except (TypeError, ValueError):
        return None
    if not (1990 <= first <= last <= 2100):
        return None
    return Period(first, last, f"{first}–{last}")


def _admin(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(f"admin:{name}_changelist") + (f"?{query}" if query else "")


def _date_range(field: str, period: Period) -> dict:
    return {f"{field}__gte": period.start.isoformat(), f"{field}__lte": period.end.isoformat()}


def headline(period: Period) -> dict:
    """The headline figures (the JSON summary's keys and a few more), each a number."""
    last = period.end
    related = Partner.objects.filter(Q(relationship_since__lte=period.last) | Q(relationship_since__isnull=True))
    with_aid = related.filter(
        Q(provided__aid_item__commitment_date__lte=last)
        | Q(provided__isnull=False, provided__aid_item__commitment_date__isnull=True)
    )
    partner_counts = Partner.objects.aggregate(
        related=Count("pk", filter=Q(pk__in=related.values("pk")), distinct=True),
        with_aid=Count("pk", filter=Q(pk__in=with_aid.values("pk")), distinct=True),
    )
    items = AidItem.objects.filter(commitment_date__range=(period.start, last))
    countable = items.countable()
    aid = items.aggregate(
        items=Count("pk"),
        usd=Sum("committed_usd", filter=Q(pk__in=countable.values("pk")), default=Decimal(0)),
        vnd=Sum("committed_vnd", filter=Q(pk__in=countable.values("pk")), default=Decimal(0)),
        counterpart=Sum("counterpart_amount", default=Decimal(0)),
        programs=Count("pk", filter=Q(form=AidForm.PROGRAM)),
        projects=Count("pk", filter=Q(form=AidForm.PROJECT)),
        non_project=Count("pk", filter=Q(form=AidForm.NON_PROJECT)),
        implementing=Count("pk", filter=Q(status="2")),
        closed=Count("pk", filter=Q(status="4")),
    )
    disbursed = Disbursement.objects.filter(date__range=(period.start, last)).aggregate(
        usd=Sum("amount_usd", default=Decimal(0))
    )
    delegations = Delegation.objects.between(period.first, period.last).totals_by_direction()
    visits = HomelandVisit.objects.between(period.first, period.last).totals()
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
        "disbursed_usd": disbursed["usd"],
        "delegations_out": delegations["out"]["delegations"],
        "delegations_out_participants": delegations["out"]["participants"],
        "delegations_in": delegations["in"]["delegations"],
        "delegations_in_visitors": delegations["in"]["participants"],
        "diaspora_visits": visits["visitors"],
        "diaspora_enterprises": Enterprise.objects.filter(
            Q(registration_date__range=(period.start, last)) | Q(registration_date__isnull=True)
        ).count(),
        "events": Event.objects.between(period.first, period.last).count(),
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
        "aid_implementing": _admin("aid_aiditem", status__exact="2", **aid_range),
        "aid_closed": _admin("aid_aiditem", status__exact="4", **aid_range),
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
    countable = AidItem.objects.countable()
    for row in (
        AidItem.objects.filter(commitment_date__year__range=(period.first, period.last))
        .annotate(year=ExtractYear("commitment_date"))
        .values("year")
        .annotate(n=Count("pk"), usd=Sum("committed_usd", filter=Q(pk__in=countable.values("pk")), default=Decimal(0)))
        .order_by("year")
    ):
        aid[row["year"]], items[row["year"]] = row["usd"], row["n"]
    out, inc = dict.fromkeys(years, 0), dict.fromkeys(years, 0)
    for row in Delegation.objects.between(period.first, period.last).yearly_counts():
        (out if row["direction"] == "out" else inc)[row["year"]] = row["delegations"]
    visits = dict.fromkeys(years, 0)
    for row in (
        HomelandVisit.objects.between(period.first, period.last)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(v=Sum("visitors"))
        .order_by("year")
    ):
        visits[row["year"]] = row["v"]
    return {
        "years": years,
        "committed_usd": [aid[y] for y in years],
        "aid_items": [items[y] for y in years],
        "delegations_out": [out[y] for y in years],
        "delegations_in": [inc[y] for y in years],
        "visitors": [visits[y] for y in years],
    }


def _items_in(period: Period):
    return AidItem.objects.filter(commitment_date__range=(period.start, period.end)).countable()


def _share(rows, key, value="usd"):
    """Sum `value` per `key`, an item's amount split equally among its rows (several funders…)."""
    per_item = defaultdict(list)
    for row in rows:
        per_item[row["item"]].append(row)
    totals, counts = defaultdict(Decimal), defaultdict(set)
    for item, item_rows in per_item.items():
        for row in item_rows:
            share = row.get("weight") or Decimal(1) / len(item_rows)
            totals[row[key]] += (row[value] or Decimal(0)) * share
            counts[row[key]].add(item)
    return sorted(((k, totals[k], len(counts[k])) for k in totals), key=lambda r: (-r[1], str(r[0])))


def breakdowns(period: Period) -> dict[str, list[dict]]:
    """Committed USD (and items) by donor country, partner, sector category, form and current commune;
    one query each. Links open the matching aid list."""
    items = _items_in(period)
    aid_range = _date_range("commitment_date", period)
    funders = AidProvider.objects.filter(aid_item__in=items, role="1").values(
        "partner__country__code",
        "partner__country__name_vi",
        "partner__code",
        "partner__name",
        "partner__name_vi",
        "aid_item__committed_usd",
        "aid_item_id",
    )
    funder_rows = [
        {
            "item": r["aid_item_id"],
            "country": (r["partner__country__code"] or "", r["partner__country__name_vi"] or "—"),
            "partner": (r["partner__code"], r["partner__name_vi"] or r["partner__name"]),
            "usd": r["aid_item__committed_usd"],
        }
        for r in funders
    ]
    by_country = [
        {"label": name, "usd": usd, "items": n, "link": _admin("aid_aiditem", nuoc=code, **aid_range)}
        for (code, name), usd, n in _share(funder_rows, "country")
    ]
    by_partner = [
        {"label": name, "usd": usd, "items": n, "link": _admin("aid_aiditem", doi_tac=code, **aid_range)}
        for (code, name), usd, n in _share(funder_rows, "partner")
    ]
    sector_rows = [
        {
            "item": r["aid_item_id"],
            "sector": r["sector__category_id"] or r["sector_id"],
            "usd": r["aid_item__committed_usd"],
            "weight": r["percentage"] / 100,
        }
        for r in AidSector.objects.filter(aid_item__in=items).values(
            "aid_item_id", "sector_id", "sector__category_id", "percentage", "aid_item__committed_usd"
        )
    ]
    from friendship_union.reference.models import Sector

    names = dict(Sector.objects.filter(vocabulary="2").values_list("code", "name_vi"))
    by_sector = [
        {
            "label": f"{code} – {names.get(code, '')}",
            "usd": usd,
            "items": n,
            "link": _admin("aid_aiditem", linh_vuc=code, **aid_range),
        }
        for code, usd, n in _share(sector_rows, "sector")
    ]
    form_labels = dict(AidForm.choices)
    by_form = [
        {
            "label": str(form_labels.get(r["form"], r["form"])),
            "usd": r["usd"],
            "items": r["n"],
            "link": _admin("aid_aiditem", form__exact=r["form"], **aid_range),
        }
        for r in items.values("form")
        .annotate(n=Count("pk"), usd=Sum("committed_usd", default=Decimal(0)))
        .order_by("-usd")
    ]
    place_rows = [
        {
            "item": r["aid_item_id"],
            "unit": (r["place_current_id"], r["place_current__name"] or "—"),
            "usd": r["aid_item__committed_usd"],
        }
        for r in AidLocation.objects.filter(aid_item__in=items, place_current__isnull=False).values(
            "aid_item_id", "place_current_id", "place_current__name", "aid_item__committed_usd"
        )
    ]
    by_commune = [
        {"label": name, "usd": usd, "items": n, "link": _admin("aid_aiditem", xa=unit_id, **aid_range)}
        for (unit_id, name), usd, n in _share(place_rows, "unit")
    ]
    return {
        "country": by_country,
        "partner": by_partner[:15],
        "sector": by_sector,
        "form": by_form,
        "commune": by_commune,
    }


def map_points(period: Period) -> list[dict]:
    """Aid locations with coordinates in the period (for the offline point map)."""
    return [
        {"x": float(r["longitude"]), "y": float(r["latitude"]), "label": r["place_text"], "code": r["aid_item__code"]}
        for r in AidLocation.objects.filter(aid_item__in=_items_in(period), latitude__isnull=False).values(
            "longitude", "latitude", "place_text", "aid_item__code"
        )[:5000]
    ]


def lapsing_items():
    """Items approved more than 6 months ago and still not implemented: the approval lapses
    (Decree 80/2020/NĐ-CP). Oldest approval first."""
    six_months_ago = timezone.localdate() - datetime.timedelta(days=183)
    return (
        AidItem.objects.filter(approval_date__lt=six_months_ago, actual_start__isnull=True, works_start__isnull=True)
        .exclude(status__in=["3", "4", "5"])
        .order_by("approval_date")
    )


def alerts(limit: int = 6) -> dict:
    """The first few lapsing approvals and certificates expiring within 90 days, with their counts
    and the admin lists holding all of them."""
    lapsing = lapsing_items()
    expiring = RegistrationCertificate.objects.expiring_within(90)
    return {
        "lapsing": list(lapsing.values("pk", "code", "title", "approval_date")[:limit]),
        "lapsing_count": lapsing.count(),
        "lapsing_link": _admin("aid_aiditem", qua_han_trien_khai=1),
        "expiring": list(expiring.values("pk", "number", "partner__name", "expiry_date")[:limit]),
        "expiring_count": expiring.count(),
    }
