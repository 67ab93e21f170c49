"""Multiply the demo data N times, for benchmarks: `manage.py generate_scale_data --factor 100`
(≥ 19,600 aid items, ≥ 24,400 delegations, ≥ 1,005,000 visit records). Copies are the demo rows
with "-S<n>" codes; run `load_demo` first. Bulk inserts only: no history rows for the copies."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from friendship_union.aid.models import AidItem, AidLocation, AidProvider, AidSector
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import HomelandVisit

BATCH = 5000


def _copy_fields(model, exclude=("id",)):
    return [f.attname for f in model._meta.concrete_fields if f.attname not in exclude]


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
        providers = list(
            AidProvider.objects.filter(aid_item__code__startswith="DEMO-").values("aid_item_id", "partner_id", "role")
        )
        sectors = list(
            AidSector.objects.filter(aid_item__code__startswith="DEMO-").values(
                "aid_item_id", "sector_id", "percentage"
            )
        )
        locations = list(
            AidLocation.objects.filter(aid_item__code__startswith="DEMO-").values(
                "aid_item_id", "place_text", "place_recorded_id", "place_current_id", "latitude", "longitude", "site"
            )
        )
        delegations = list(Delegation.objects.filter(code__startswith="DEMO-D").exclude(code__contains="-S").values())
        visits = list(HomelandVisit.objects.filter(import_key__startswith="demo-").values())
        for copy in range(1, factor):
            suffix = f"-S{copy}"
            with transaction.atomic():
                if AidItem.objects.filter(code=base_items[0]["code"] + suffix).exists():
                    continue
                new_items = []
                for row in base_items:
                    values = {k: v for k, v in row.items() if k != "id"}
                    values["code"] += suffix
                    new_items.append(AidItem(**values))
                created = AidItem.objects.bulk_create(new_items, batch_size=BATCH)
                mapping = {old["id"]: new.pk for old, new in zip(base_items, created, strict=True)}
                AidProvider.objects.bulk_create(
                    [
                        AidProvider(**{**p, "aid_item_id": mapping[p["aid_item_id"]]})
                        for p in providers
                        if p["aid_item_id"] in mapping
                    ],
                    batch_size=BATCH,
                )
                AidSector.objects.bulk_create(
                    [
                        AidSector(**{**s, "aid_item_id": mapping[s["aid_item_id"]]})
                        for s in sectors
                        if s["aid_item_id"] in mapping
                    ],
                    batch_size=BATCH,
                )
                AidLocation.objects.bulk_create(
                    [
                        AidLocation(**{**loc, "aid_item_id": mapping[loc["aid_item_id"]]})
                        for loc in locations
                        if loc["aid_item_id"] in mapping
                    ],
                    batch_size=BATCH,
                )
                Delegation.objects.bulk_create(
                    [
                        Delegation(**{**{k: v for k, v in d.items() if k != "id"}, "code": d["code"] + suffix})
                        for d in delegations
                    ],
                    batch_size=BATCH,
                )
                HomelandVisit.objects.bulk_create(
                    [
                        HomelandVisit(
                            **{**{k: v for k, v in v_.items() if k != "id"}, "import_key": v_["import_key"] + suffix}
                        )
                        for v_ in visits
                    ],
                    batch_size=BATCH,
                )
            if options["verbosity"] > 0 and copy % 10 == 0:
                self.stdout.write(f"  {copy}/{factor - 1} bản sao… ({time.monotonic() - started:.0f} giây)")
        from friendship_union.core.versioning import bump_records_version

        bump_records_version()
        self.stdout.write(
            f"Đã có {AidItem.objects.count()} khoản viện trợ, {Delegation.objects.count()} đoàn, "
            f"{HomelandVisit.objects.count()} lượt về thăm ({time.monotonic() - started:.0f} giây)."
        )
