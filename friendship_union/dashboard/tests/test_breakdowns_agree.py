"""The dashboard's breakdowns are one SQL statement (for speed); they must agree with the QuerySet
definitions every other page uses — the countable items of AidItem.objects.committed_in(), each
item's money split equally among its funders or places (AidItemQuerySet.by_commune, as the aid list's
map reads it) and by percentage among its sectors —
on the demo data and on generated data."""

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from friendship_union.aid.models import AidItem, ProviderRole
from friendship_union.aid.services import aid_item_save
from friendship_union.dashboard import services
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate, Sector

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def expected(period) -> dict[str, dict]:
    """The five breakdowns computed in Python from the QuerySet definition: {kind: {key: (usd, items)}}."""
    items = (
        AidItem.objects.committed_in(period.start, period.end)
        .countable()
        .prefetch_related("providers__partner", "sectors__sector", "locations")
    )
    sums: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), set()]))

    def add(kind, key, usd, item):
        sums[kind][key][0] += usd
        sums[kind][key][1].add(item.pk)

    for item in items:
        usd = item.committed_usd or Decimal(0)
        add("form", item.form, usd, item)
        funders = [p.partner for p in item.providers.all() if p.role == ProviderRole.FUNDING]
        for partner in funders:
            add("partner", partner.code, usd / len(funders), item)
            add("country", partner.country_id, usd / len(funders), item)
        for share in item.sectors.all():
            add("sector", share.sector.category_id or share.sector_id, usd * share.percentage / 100, item)
    breakdowns = {
        kind: {key: (value.quantize(CENT), len(ids)) for key, (value, ids) in by_key.items()}
        for kind, by_key in sums.items()
    }
    # By commune: the QuerySet method the public aid list's map uses.
    communes = AidItem.objects.committed_in(period.start, period.end).by_commune()
    if communes:
        breakdowns["commune"] = {str(pk): (c["usd"].quantize(CENT), c["items"]) for pk, c in communes.items()}
    return breakdowns


def link_key(kind: str, row: dict) -> str:
    """The breakdown row's key, read from its link to the admin list (the one place it is kept)."""
    parameter = {"country": "nuoc", "partner": "doi_tac", "sector": "linh_vuc", "form": "form__exact", "commune": "xa"}
    value = row["link"].split(f"{parameter[kind]}=")[1].split("&")[0]
    return None if value in ("", "khong") else value


def assert_agree(period) -> int:
    """Every breakdown row equals the QuerySet's figure (to the cent, SQL sums rounding per row)."""
    computed, rows = expected(period), services.breakdowns(period)
    checked = 0
    for kind, breakdown in rows.items():
        truth = computed.get(kind, {})
        if kind != "partner":  # the partner list shows the 15 largest; every other list shows them all
            assert len(breakdown) == len(truth), kind
        for row in breakdown:
            usd, items = truth[link_key(kind, row)]
            assert abs(row["usd"] - usd) <= CENT, (kind, row["label"], row["usd"], usd)
            assert row["items"] == items, (kind, row["label"])
            checked += 1
    assert sum(r["usd"] for r in rows["form"]) == AidItem.objects.committed_in(period.start, period.end).totals()["usd"]
    return checked


PERIODS = [services.Period(2003, 2015, "2003–2015"), services.Period(2003, 2026, "all"), services.half_year(2013, 2)]


def test_breakdown_sql_agrees_with_the_queryset_on_the_demo_data(demo):
    assert sum(assert_agree(period) for period in PERIODS) > 100


def test_breakdown_sql_agrees_with_the_queryset_on_generated_data(demo):
    call_command("generate_scale_data", factor=2, stdout=io.StringIO())
    assert AidItem.objects.filter(code__endswith="-S1").count() > 150
    assert sum(assert_agree(period) for period in PERIODS) > 100


def test_breakdown_sql_agrees_on_the_cases_the_demo_lacks(reference_data):
    """A program carrying the money with a project inside it, an implementing partner beside the
    funders, several places and sectors — the cases where a second definition would drift."""
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2012, 1, 1), rate=Decimal(21000))
    a, b, c = (make_partner(code=code, name=f"Đối tác {code}") for code in ("P-A", "P-B", "P-C"))
    education, health = Sector.objects.get(code="11220"), Sector.objects.get(code="12220")
    day = datetime.date(2013, 3, 1)

    def item(code, amount, **fields):
        fields.setdefault("form", "project")
        return AidItem(
            code=code,
            title=code,
            committed_amount=amount,
            currency_id="USD",
            commitment_date=day,
            **fields,
        )

    program = aid_item_save(
        item=item("CT-1", Decimal(1000), form="program"),
        providers=[(a, ProviderRole.FUNDING), (c, ProviderRole.IMPLEMENTING)],
        sectors=[(education, Decimal(60)), (health, Decimal(40))],
        places=["Đông Thới, Cái Nước", "Đất Mũi, Ngọc Hiển"],
    )
    aid_item_save(
        item=item("DA-1", Decimal(400), program=program),
        providers=[(b, ProviderRole.FUNDING)],
        places=["Tân Thành, Cà Mau"],
    )
    aid_item_save(
        item=item("DA-2", Decimal(300)),
        providers=[(a, ProviderRole.FUNDING), (b, ProviderRole.FUNDING)],
        sectors=[(health, Decimal(100))],
    )
    assert_agree(services.Period(2013, 2013, "2013"))
    partner = {r["label"]: r["usd"] for r in services.breakdowns(services.Period(2013, 2013, "2013"))["partner"]}
    assert partner == {"Đối tác P-A": Decimal("1150.00"), "Đối tác P-B": Decimal("150.00")}
