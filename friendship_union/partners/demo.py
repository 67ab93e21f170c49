"""Demo partners consistent with the source article: relations with 85 NGOs and international
organizations. One is real and named by the article — Loreto Kids Charity (Australia) — and carries
nothing the article does not say. The other 84 are fictional, marked "(minh họa)" in their names and
DEMO- in their codes. Idempotent: partners are created by code only when missing."""

import random

from .models import Partner, PartnerType
from .services import partner_save

LORETO = {
    "code": "LKC-AU",
    "name": "Loreto Kids Charity",
    "name_vi": "Tổ chức Loreto Kids Charity",
    "acronym": "LKC",
    "partner_type": PartnerType.INGO,
    "country_id": "AU",
    "relationship_since": None,  # the article gives no year
}

FIRST = [
    "Bright",
    "Mekong",
    "River",
    "Green",
    "Hope",
    "Sunrise",
    "Bridges",
    "Open",
    "Kind",
    "Harbor",
    "Lotus",
    "Blue Sky",
]
SECOND = ["Children", "Futures", "Health", "Villages", "Schools", "Waters", "Hands", "Roots"]
KIND = [
    ("Foundation", PartnerType.FOUNDATION, "Quỹ"),
    ("Aid", PartnerType.INGO, "Tổ chức"),
    ("Network", PartnerType.INGO, "Mạng lưới"),
    ("Partnership", PartnerType.INTERNATIONAL, "Liên minh"),
]
COUNTRIES = ["AU", "JP", "US", "KR", "DE", "FR", "GB", "NL", "CH", "BE", "CA", "SE", "NO", "DK", "NZ", "SG"]
CONSULATES = [
    ("JP", "Nhật Bản"),
    ("US", "Hoa Kỳ"),
    ("AU", "Úc"),
    ("KR", "Hàn Quốc"),
    ("FR", "Pháp"),
    ("DE", "Đức"),
]


def demo_partners() -> list[dict]:
    rng = random.Random(85)
    rows = [dict(LORETO)]
    # Six partners the Union relates to without aid: fictional consulate-style contacts.
    for i, (country, name_vi) in enumerate(CONSULATES, start=1):
        rows.append(
            {
                "code": f"DEMO-LS{i:02d}",
                "name": f"Consular Office Demo {i} (minh họa)",
                "name_vi": f"Cơ quan lãnh sự {name_vi} (minh họa)",
                "acronym": "",
                "partner_type": PartnerType.CONSULATE,
                "country_id": country,
            }
        )
    used = set()
    n = 0
    while len(rows) < 85:
        first, second = rng.choice(FIRST), rng.choice(SECOND)
        kind, partner_type, kind_vi = rng.choice(KIND)
        name = f"{first} {second} {kind}"
        if name in used:
            continue
        used.add(name)
        n += 1
        rows.append(
            {
                "code": f"DEMO-{n:03d}",
                "name": f"{name} (minh họa)",
                "name_vi": f"{kind_vi} {first} {second} (minh họa)",
                "acronym": "".join(w[0] for w in f"{first} {second} {kind}".split()).upper() + f"{n}",
                "partner_type": partner_type,
                "country_id": rng.choice(COUNTRIES),
            }
        )
    for i, row in enumerate(rows):
        row.setdefault("relationship_since", 2003 + (i * 7) % 13)  # all related by 2015
    return rows


def load(stdout=None) -> int:
    existing = set(Partner.objects.values_list("code", flat=True))
    created = already = 0
    for row in demo_partners():
        if row["code"] in existing:
            already += 1  # a demo partner loaded before (partners staff added are not counted)
            continue
        partner_save(partner=Partner(**row))
        created += 1
    if stdout is not None:
        stdout.write(f"Đối tác minh họa: {created} mới, {already} đã có.")
    return created
