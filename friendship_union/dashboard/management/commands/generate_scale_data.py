"""Multiply the demo data N times, for benchmarks: `manage.py generate_scale_data --factor 100`
(≥ 19,600 aid items, ≥ 24,400 delegations, ≥ 1,005,000 visit records). Copies are the demo rows
with "-S<n>" codes; run `load_demo` first. Written through the records' write services in batches,
so the copies get their derived values (money at the dated rate) and history like any record; an
item's funders, sectors, places and yearly budgets are copied with it."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from friendship_union.aid.models import AidBudget, AidItem, AidLocation, AidProvider, AidSector
from friendship_union.aid.services import AidItemBatch
from friendship_union.delegations.models import Delegation
from friendship_union.delegations.services import delegation_batch
from friendship_union.diaspora.models import HomelandVisit
from friendship_union.diaspora.services import visits_create
from friendship_union.partners.models import Partner
from friendship_union.reference.models import AdministrativeUnit, Sector
from friendship_union.reference.places import PlaceMatch
from friendship_union.reference.services import RateBook

BATCH = 5000
# Values a copy gets anew: its key and what its write service derives.
DERIVED = {"id", "committed_usd", "committed_vnd", "rate_to_vnd", "search_text", "created_at", "updated_at"}


def _inputs(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in DERIVED}


class Command(BaseCommand):
    help = "Nhân dữ liệu minh họa lên N lần để đo hiệu năng (chỉ dùng cho thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=10)

    def handle(self, *args, factor, **options):
        if factor < 2:
            raise CommandError("--factor phải từ 2 trở lên.")
        base_items = list(AidItem.objects.filter(code__startswith="DEMO-").exclude(code__contains="-S").values())
        if not base_items:
            raise CommandError("Chưa có dữ liệu minh họa: chạy manage.py load_demo trước.")
        started = time.monotonic()
        dependents = self._dependents({row["id"] for row in base_items})
        delegations = list(Delegation.objects.filter(code__startswith="DEMO-D").exclude(code__contains="-S").values())
        visits = list(HomelandVisit.objects.filter(import_key__startswith="demo-").values())
        book = RateBook()
        for copy in range(1, factor):
            suffix = f"-S{copy}"
            with transaction.atomic():
                if AidItem.objects.filter(code=base_items[0]["code"] + suffix).exists():
                    continue
                items = AidItemBatch(batch_size=BATCH, book=book)
                for row in base_items:
                    found = dependents[row["id"]]
                    items.add(
                        AidItem(**{**_inputs(row), "code": row["code"] + suffix}),
                        providers=found["providers"],
                        sectors=found["sectors"],
                        places=found["places"],
                        budgets=[AidBudget(**budget) for budget in found["budgets"]],  # new rows each copy
                    )
                items.flush()
                copies = delegation_batch(batch_size=BATCH)
                for row in delegations:
                    copies.add(Delegation(**{**_inputs(row), "code": row["code"] + suffix}))
                copies.flush()
                visits_create(
                    [HomelandVisit(**{**_inputs(v), "import_key": v["import_key"] + suffix}) for v in visits],
                    batch_size=BATCH,
                )
            if options["verbosity"] > 0 and copy % 10 == 0:
                self.stdout.write(f"  {copy}/{factor - 1} bản sao… ({time.monotonic() - started:.0f} giây)")
        self.stdout.write(
            f"Đã có {AidItem.objects.count()} khoản viện trợ, {Delegation.objects.count()} đoàn, "
            f"{HomelandVisit.objects.count()} lượt về thăm ({time.monotonic() - started:.0f} giây)."
        )

    @staticmethod
    def _dependents(item_ids: set[int]) -> dict[int, dict]:
        """Each demo item's funders, sectors, places and budgets (their fields), as its write service
        takes them."""
        found = {pk: {"providers": [], "sectors": [], "places": [], "budgets": []} for pk in item_ids}
        providers = list(AidProvider.objects.filter(aid_item__in=item_ids).values("aid_item_id", "partner_id", "role"))
        partners = Partner.objects.in_bulk({p["partner_id"] for p in providers})
        for p in providers:
            found[p["aid_item_id"]]["providers"].append((partners[p["partner_id"]], p["role"]))
        shares = list(AidSector.objects.filter(aid_item__in=item_ids).values("aid_item_id", "sector_id", "percentage"))
        sectors = Sector.objects.in_bulk({s["sector_id"] for s in shares})
        for s in shares:
            found[s["aid_item_id"]]["sectors"].append((sectors[s["sector_id"]], s["percentage"]))
        places = list(AidLocation.objects.filter(aid_item__in=item_ids).values())
        units = AdministrativeUnit.objects.in_bulk(
            ({p["place_recorded_id"] for p in places} | {p["place_current_id"] for p in places}) - {None}
        )
        for p in places:
            match = PlaceMatch(
                text=p["place_text"],
                recorded=units.get(p["place_recorded_id"]),
                current=units.get(p["place_current_id"]),
                latitude=p["latitude"],
                longitude=p["longitude"],
            )
            found[p["aid_item_id"]]["places"].append((match, p["site"]))
        for budget in AidBudget.objects.filter(aid_item__in=item_ids).values(
            "aid_item_id", "period_start", "period_end", "amount", "currency_id", "budget_type", "status"
        ):
            found[budget.pop("aid_item_id")]["budgets"].append(budget)
        return found
