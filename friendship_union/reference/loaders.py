"""Load reference data from maintained offline sources.

- Administrative units, both eras, with coordinates and the legacy → 2025 mapping:
  the `vietnamadminunits` package (MIT), its bundled SQLite dataset and converter tables.
- Countries, currencies, sectors: the IATI 2.03 codelists in fixtures/iati-2.03 (CC BY 4.0), with
  Vietnamese names from CLDR through Babel, corrected where Vietnamese usage differs (names.py).

Every loader upserts on the natural key, so running it again changes nothing.
"""

import json
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import vietnamadminunits
from babel import Locale
from babel.numbers import get_currency_precision
from django.conf import settings
from django.db import transaction
from django.db.models import F

from friendship_union.core.text import clean_text, fold

from . import names
from .models import AdministrativeUnit, Country, Currency, Era, Level, RegistrationSector, Sector

CODELISTS = Path(settings.BASE_DIR) / "fixtures" / "iati-2.03" / "codelists"
VAU_DATA = Path(vietnamadminunits.__file__).parent / "data"


def _codelist(name: str) -> list[dict]:
    """Items of an IATI codelist: code, English name, status."""
    root = ET.parse(CODELISTS / f"{name}.xml").getroot()
    items = []
    for item in root.iter("codelist-item"):
        narrative = next(
            n.text for n in item.find("name").iter("narrative") if not n.attrib or "en" in n.attrib.values()
        )
        items.append(
            {
                "code": item.findtext("code").strip(),
                "name": narrative.strip(),
                "category": (item.findtext("category") or "").strip(),
                "active": item.get("status", "active") == "active",
            }
        )
    return items


def _coord(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def _unit_type(full_name: str, given: str | None) -> str:
    """The dataset's type column when it has one, else the type word the name starts with."""
    if given:
        return clean_text(given)
    for word in ("Thành phố", "Tỉnh", "Đặc khu", "Huyện", "Quận", "Thị xã", "Thị trấn", "Phường", "Xã"):
        if full_name.startswith(word + " "):
            return word
    return full_name.split()[0]


def _upsert(model, rows: list, unique_fields: list[str], update_fields: list[str]) -> None:
    model.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
    )


UNIT_FIELDS = [
    "name",
    "short_name",
    "unit_type",
    "parent",
    "province",
    "latitude",
    "longitude",
    "key",
    "search_name",
]


def _ids(era: str, level: int) -> dict[str, int]:
    return dict(AdministrativeUnit.objects.filter(era=era, level=level).values_list("code", "pk"))


@transaction.atomic
def load_administrative_units() -> dict[str, int]:
    """All units of Vietnam in both eras with coordinates, and each legacy unit's current unit."""
    connection = sqlite3.connect(VAU_DATA / "dataset.db")
    connection.row_factory = sqlite3.Row
    legacy_rows = [dict(r) for r in connection.execute("SELECT * FROM admin_units_legacy")]
    current_rows = [dict(r) for r in connection.execute("SELECT * FROM admin_units")]
    connection.close()
    converter = json.loads((VAU_DATA / "converter_2025.json").read_text(encoding="utf-8"))

    def unit(era, level, code, full, short, lat, lon, parent_label="", unit_type=None):
        full, short, parent_label = clean_text(full), clean_text(short), clean_text(parent_label)
        if short == full and full.split()[-1].isdigit():
            short = full.split()[-1]  # "Phường 1": the name is "1", the type "Phường"
        label = f"{full}, {parent_label}" if parent_label else full
        return AdministrativeUnit(
            era=era,
            level=level,
            code=code,
            name=full,
            short_name=short,
            unit_type=_unit_type(full, unit_type),
            latitude=_coord(lat),
            longitude=_coord(lon),
            key=fold(short),
            search_name=fold(label),
        )

    # --- Provinces, both eras.
    for era, rows in ((Era.LEGACY, legacy_rows), (Era.CURRENT, current_rows)):
        seen = {}
        for r in rows:
            seen.setdefault(
                r["provinceCode"],
                unit(
                    era,
                    Level.PROVINCE,
                    r["provinceCode"],
                    r["province"],
                    r["provinceShort"],
                    r["provinceLat"],
                    r["provinceLon"],
                ),
            )
        _upsert(AdministrativeUnit, list(seen.values()), ["era", "level", "code"], UNIT_FIELDS)
        AdministrativeUnit.objects.filter(era=era, level=Level.PROVINCE).update(province_id=F("pk"), parent=None)

    legacy_provinces = _ids(Era.LEGACY, Level.PROVINCE)
    current_provinces = _ids(Era.CURRENT, Level.PROVINCE)

    # --- Legacy districts.
    districts = {}
    for r in legacy_rows:
        if r["districtCode"] in districts:
            continue
        d = unit(
            Era.LEGACY,
            Level.DISTRICT,
            r["districtCode"],
            r["district"],
            r["districtShort"],
            r["districtLat"],
            r["districtLon"],
            r["province"],
            unit_type=r["districtType"],
        )
        d.parent_id = d.province_id = legacy_provinces[r["provinceCode"]]
        districts[r["districtCode"]] = d
    _upsert(AdministrativeUnit, list(districts.values()), ["era", "level", "code"], UNIT_FIELDS)
    legacy_districts = _ids(Era.LEGACY, Level.DISTRICT)

    # --- Communes, both eras.
    legacy_communes = []
    for r in legacy_rows:
        if not r["wardCode"]:
            continue  # island districts without communes (Côn Đảo, Lý Sơn...): the district is the unit
        c = unit(
            Era.LEGACY,
            Level.COMMUNE,
            r["wardCode"],
            r["ward"],
            r["wardShort"],
            r["wardLat"],
            r["wardLon"],
            f"{r['district']}, {r['province']}",
            unit_type=r["wardType"],
        )
        c.parent_id = legacy_districts[r["districtCode"]]
        c.province_id = legacy_provinces[r["provinceCode"]]
        legacy_communes.append(c)
    current_communes = []
    for r in current_rows:
        c = unit(
            Era.CURRENT,
            Level.COMMUNE,
            r["wardCode"],
            r["ward"],
            r["wardShort"],
            r["wardLat"],
            r["wardLon"],
            r["province"],
            unit_type=r["wardType"],
        )
        c.parent_id = c.province_id = current_provinces[r["provinceCode"]]
        current_communes.append(c)
    _upsert(AdministrativeUnit, legacy_communes + current_communes, ["era", "level", "code"], UNIT_FIELDS)

    # --- Legacy → current mapping, from the package's converter tables (keys are folded names).
    legacy_commune_ids = _ids(Era.LEGACY, Level.COMMUNE)
    current_commune_ids = _ids(Era.CURRENT, Level.COMMUNE)
    new_province_of = {old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    current_province_by_key = {r["provinceKey"]: current_provinces[r["provinceCode"]] for r in current_rows}
    current_ward_by_key = {(r["provinceKey"], r["wardKey"]): current_commune_ids[r["wardCode"]] for r in current_rows}
    undivided = {
        old_key: (new_province, new_ward)
        for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for new_ward, old_keys in wards.items()
        for old_key in old_keys
    }
    divided = {
        old_key: (new_province, options)
        for new_province, by_old in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for old_key, options in by_old.items()
    }

    current_of: dict[int, int] = {}
    successors_of: dict[int, list[int]] = {}
    district_votes: dict[int, Counter] = {}
    for r in legacy_rows:
        old_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        legacy_id = legacy_commune_ids.get(r["wardCode"]) if r["wardCode"] else legacy_districts[r["districtCode"]]
        targets = []
        if old_key in undivided:
            new_province, new_ward = undivided[old_key]
            targets = [current_ward_by_key[(new_province, new_ward)]]
        elif old_key in divided:
            new_province, options = divided[old_key]
            options = sorted(options, key=lambda o: not o["isDefaultNewWard"])  # the main one first
            targets = [current_ward_by_key[(new_province, o["newWardKey"])] for o in options]
        if targets:
            current_of[legacy_id] = targets[0]
            if len(targets) > 1:
                successors_of[legacy_id] = targets
        new_province_key = new_province_of.get(r["provinceKey"])
        if r["wardCode"] and new_province_key:
            district_votes.setdefault(legacy_districts[r["districtCode"]], Counter())[
                current_province_by_key[new_province_key]
            ] += 1
    for r in legacy_rows:
        new_province_key = new_province_of.get(r["provinceKey"])
        if new_province_key:
            current_of[legacy_provinces[r["provinceCode"]]] = current_province_by_key[new_province_key]
    for district_id, votes in district_votes.items():
        current_of.setdefault(district_id, votes.most_common(1)[0][0])

    legacy_units = list(AdministrativeUnit.objects.filter(era=Era.LEGACY).only("pk", "current_unit"))
    for u in legacy_units:
        u.current_unit_id = current_of.get(u.pk)
    AdministrativeUnit.objects.bulk_update(legacy_units, ["current_unit"], batch_size=2000)
    through = AdministrativeUnit.successors.through
    through.objects.all().delete()
    through.objects.bulk_create(
        [
            through(from_administrativeunit_id=old, to_administrativeunit_id=new)
            for old, news in successors_of.items()
            for new in news
        ],
        batch_size=2000,
    )
    return {
        "legacy": AdministrativeUnit.objects.legacy().count(),
        "current": AdministrativeUnit.objects.current().count(),
        "mapped": len(current_of),
    }


@transaction.atomic
def load_countries() -> int:
    vi, en = Locale("vi"), Locale("en")
    rows = []
    for item in _codelist("Country"):
        code = item["code"]
        name_vi = names.COUNTRY_VI.get(code) or vi.territories.get(code) or item["name"]
        name_en = names.COUNTRY_EN.get(code) or en.territories.get(code) or item["name"].title()
        aliases = {vi.territories.get(code, ""), item["name"], *names.COUNTRY_ALIASES.get(code, [])}
        aliases -= {name_vi, name_en, ""}
        country = Country(code=code, name_vi=name_vi, name_en=name_en, aliases="; ".join(sorted(aliases)))
        search = [name_vi, name_en, *sorted(aliases)]  # codes are matched separately (Country.lookup)
        country.search_names = "|" + "|".join(dict.fromkeys(fold(n) for n in search if n)) + "|"
        rows.append(country)
    # Staff may correct names and aliases in the admin: existing rows are left as they are.
    Country.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def load_currencies() -> int:
    vi, en = Locale("vi"), Locale("en")
    rows = [
        Currency(
            code=item["code"],
            name_vi=vi.currencies.get(item["code"], item["name"]),
            name_en=en.currencies.get(item["code"], item["name"]),
            decimals=get_currency_precision(item["code"]),
        )
        for item in _codelist("Currency")
    ]
    if not any(r.code == "VND" for r in rows):  # VND is the base currency, always present
        rows.append(Currency(code="VND", name_vi="Đồng Việt Nam", name_en="Vietnamese Dong", decimals=0))
    _upsert(Currency, rows, ["code"], ["name_vi", "name_en", "decimals"])
    return len(rows)


def _sector_row(code, vocabulary, name_en, name_vi, active, category_id=None) -> Sector:
    sector = Sector(
        code=code,
        vocabulary=vocabulary,
        name_en=name_en,
        name_vi=name_vi,
        active=active,
        category_id=category_id,
    )
    sector.search_names = "|" + "|".join(dict.fromkeys(fold(n) for n in (code, name_en, name_vi) if n)) + "|"
    return sector


@transaction.atomic
def load_sectors() -> int:
    # The codelist owns code, English name, category and status; staff own the Vietnamese name, which
    # is only filled in where it is still blank.
    update = ["vocabulary", "name_en", "active", "category"]
    categories = [
        _sector_row(i["code"], "2", i["name"], names.SECTOR_VI.get(i["code"], ""), i["active"])
        for i in _codelist("SectorCategory")
    ]
    _upsert(Sector, categories, ["code"], update)
    sectors = [
        _sector_row(i["code"], "1", i["name"], names.SECTOR_VI.get(i["code"], ""), i["active"], i["category"])
        for i in _codelist("Sector")
    ]
    _upsert(Sector, sectors, ["code"], update)
    registration = []
    existing = set(RegistrationSector.objects.values_list("name", flat=True))
    for name, name_en, code in names.REGISTRATION_SECTORS:
        row = RegistrationSector(name=name, name_en=name_en, sector_id=code)
        row.search_name = fold(name)
        registration.append(row)
    RegistrationSector.objects.bulk_create(registration, batch_size=1000, ignore_conflicts=True)
    # The further categories of fields created now (staff own those of fields that were there).
    for field in RegistrationSector.objects.filter(name__in=set(names.REGISTRATION_CATEGORIES) - existing):
        field.categories.set(names.REGISTRATION_CATEGORIES[field.name])
    for sector in Sector.objects.filter(name_vi="", code__in=list(names.SECTOR_VI)):
        sector.name_vi = names.SECTOR_VI[sector.code]
        sector.save()
    return len(categories) + len(sectors)


def load_all() -> dict[str, object]:
    return {
        "units": load_administrative_units(),
        "countries": load_countries(),
        "currencies": load_currencies(),
        "sectors": load_sectors(),
    }
