"""Resolving a place as staff type or import it.

    >>> resolve_place("Đông Thới, Cái Nước")
    PlaceMatch(recorded=<Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau>, current=<Xã Cái Nước, Tỉnh Cà Mau>)

Accepts "xã Đông Thới, huyện Cái Nước, tỉnh Cà Mau", "Dat Mui", "Xã Cái Nước, Cà Mau", NFD text,
stray spaces, "TP." / "H." / "TT." abbreviations. Without a province the site's own province is
assumed, with the provinces merged into it in 2025 (Cà Mau: Cà Mau and Bạc Liêu). With a district
the place is read as a pre-2025 unit (districts no longer exist); otherwise today's unit is
preferred, unless the record's date (`on`) is before 1 July 2025.
"""

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from friendship_union.core.models import SiteIdentity
from friendship_union.core.text import clean_text, fold

from .models import AdministrativeUnit, Era, Level

REFORM_DATE = datetime.date(2025, 7, 1)

# Folded type words (and abbreviations) → the unit types they name.
TYPE_WORDS = {
    "thanh pho": {"Thành phố"},
    "tp.": {"Thành phố"},
    "tp": {"Thành phố"},
    "tinh": {"Tỉnh"},
    "t.": {"Tỉnh"},
    "thi tran": {"Thị trấn"},
    "tt.": {"Thị trấn"},
    "tt": {"Thị trấn"},
    "thi xa": {"Thị xã"},
    "tx.": {"Thị xã"},
    "tx": {"Thị xã"},
    "xa": {"Xã"},
    "x.": {"Xã"},
    "phuong": {"Phường"},
    "p.": {"Phường"},
    "quan": {"Quận"},
    "q.": {"Quận"},
    "huyen": {"Huyện"},
    "h.": {"Huyện"},
    "dac khu": {"Đặc khu"},
}
_TYPE_ORDER = sorted(TYPE_WORDS, key=len, reverse=True)


class PlaceError(ValueError):
    """A place that could not be resolved to exactly one unit; `candidates` are the closest units."""

    def __init__(self, message: str, candidates: list[AdministrativeUnit]):
        super().__init__(message)
        self.message = message
        self.candidates = candidates


class PlaceNotFound(PlaceError):
    pass


class PlaceAmbiguous(PlaceError):
    pass


@dataclass(frozen=True)
class PlaceMatch:
    text: str
    recorded: AdministrativeUnit
    current: AdministrativeUnit
    latitude: Decimal | None = field(default=None)
    longitude: Decimal | None = field(default=None)


@dataclass
class _Part:
    raw: str
    name: str  # folded, without the type word
    types: set[str] | None  # unit types the type word allows, None when no type word


def _parse(text: str) -> list[_Part]:
    parts = []
    for raw in clean_text(text).split(","):
        folded = fold(raw)
        if not folded:
            continue
        types = None
        for word in _TYPE_ORDER:
            if folded.startswith(word + " ") or (word.endswith(".") and folded.startswith(word)):
                types = TYPE_WORDS[word]
                folded = folded[len(word) :].strip()
                break
        # "Phường 1" and "phuong 01" are the same unit.
        if folded.isdigit():
            folded = str(int(folded))
        parts.append(_Part(raw=raw.strip(), name=folded, types=types))
    return parts


def _type_ok(unit: AdministrativeUnit, part: _Part) -> bool:
    return part.types is None or unit.unit_type in part.types


def _label(unit: AdministrativeUnit) -> str:
    era = _("trước 2025") if unit.era == Era.LEGACY else _("hiện nay")
    return f"{unit.label} ({era})"


class PlaceResolver:
    """Resolves place text to units. Keeps what it has looked up, so one resolver can serve a
    whole import file with few queries."""

    def __init__(self, default_province: str | AdministrativeUnit | None = None):
        self._default = default_province
        self._by_key: dict[str, list[AdministrativeUnit]] = {}
        self._scope_cache: dict[int, set[int]] = {}
        self._resolved: dict[tuple, PlaceMatch | PlaceError] = {}

    # --- lookups
    _RELATED = ("parent__parent", "current_unit__parent")
    _ORDER = ("era", "level", "key", "pk")

    def _units(self, key: str, levels: tuple[int, ...]) -> list[AdministrativeUnit]:
        if key not in self._by_key:
            self._by_key[key] = list(
                AdministrativeUnit.objects.filter(key=key).select_related(*self._RELATED).order_by(*self._ORDER)
            )
        return [unit for unit in self._by_key[key] if unit.level in levels]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Read at once every unit the place texts may name (each part's name, at every level), so
        resolving them asks the database nothing more: an import reads its file's places before
        its rows (one query instead of one per name, each ~2,5 ms with the units' parents)."""
        names = {part.name for text in texts for part in _parse(text or "")} - set(self._by_key)
        if not names:
            return
        for name in names:
            self._by_key[name] = []
        units = AdministrativeUnit.objects.filter(key__in=names).select_related(*self._RELATED).order_by(*self._ORDER)
        for unit in units:
            self._by_key[unit.key].append(unit)

    def _family(self, province: AdministrativeUnit) -> set[int]:
        """A province with its counterparts across the reform: current Cà Mau ↔ legacy Cà Mau and
        legacy Bạc Liêu."""
        if province.pk not in self._scope_cache:
            current = province.resolved_current()
            ids = {province.pk, current.pk}
            ids.update(
                AdministrativeUnit.objects.filter(level=Level.PROVINCE, current_unit=current).values_list(
                    "pk", flat=True
                )
            )
            self._scope_cache[province.pk] = ids
        return self._scope_cache[province.pk]

    def _default_scope(self) -> set[int] | None:
        if not hasattr(self, "_default_scope_ids"):
            self._default_scope_ids = self._compute_default_scope()
        return self._default_scope_ids

    def _compute_default_scope(self) -> set[int] | None:
        default = self._default
        if default is None:
            default = SiteIdentity.current().province
        if not default:
            return None
        if isinstance(default, AdministrativeUnit):
            return self._family(default)
        key = fold(default).removeprefix("tinh ").removeprefix("thanh pho ")
        provinces = [u for u in self._units(key, (Level.PROVINCE,)) if u.era == Era.CURRENT]
        return self._family(provinces[0]) if provinces else None

    # --- resolution
    def resolve(self, text: str, *, on: datetime.date | None = None) -> PlaceMatch:
        """The unit `text` names. The same text in the same era (`on` only chooses between the units
        before and after the reform) is resolved once per resolver: an import file names the same
        few places on thousands of rows."""
        key = (text, None if on is None else on < REFORM_DATE)
        if key not in self._resolved:
            try:
                self._resolved[key] = self._resolve(text, on=on)
            except PlaceError as exc:
                self._resolved[key] = exc
        found = self._resolved[key]
        if isinstance(found, PlaceError):
            raise found.with_traceback(None)
        return found  # frozen: the same answer can be handed to every row

    def _resolve(self, text: str, *, on: datetime.date | None) -> PlaceMatch:
        parts = _parse(text or "")
        if not parts:
            raise PlaceNotFound(_("Chưa nhập địa bàn."), [])
        target, ancestors = parts[0], parts[1:]

        # The province: the last ancestor that names one; otherwise the site's province family.
        # A named province first limits the search to itself; only if nothing matches there is it
        # widened to its counterparts across the reform ("Vĩnh Trạch Đông, Cà Mau" for a commune
        # recorded under Bạc Liêu before 2025).
        scopes: list[set[int] | None] = []
        named = ancestors
        province_part = None
        for part in reversed(ancestors):
            provinces = [u for u in self._units(part.name, (Level.PROVINCE,)) if _type_ok(u, part)]
            if provinces:
                strict = {p.pk for p in provinces}
                scopes = [strict, set().union(*(self._family(p) for p in provinces))]
                ancestors = [a for a in ancestors if a is not part]
                province_part = part
                break
        explicit_province = bool(scopes)
        if not scopes:
            scopes = [self._default_scope()]
        last_error = None
        for scope in scopes:
            try:
                return self._resolve_in(text, target, ancestors, scope, explicit_province, on)
            except PlaceNotFound as exc:
                last_error = exc
            except PlaceAmbiguous as exc:
                last_error = exc
                break
        # A name without a type word may be a district as well as a province: "Vĩnh Hậu, Hòa Bình" is
        # the commune of Hòa Bình district (Bạc Liêu), not of Hòa Bình province; "1, Bạc Liêu" is Phường 1
        # of Bạc Liêu city. Read so in the site's province when the province reading found nothing
        # there or more than one.
        if province_part is not None and province_part.types is None:
            try:
                return self._resolve_in(text, target, named, self._default_scope(), False, on)
            except PlaceError:
                pass
        raise last_error

    def _resolve_in(self, text, target, ancestors, scope, explicit_province, on) -> PlaceMatch:
        def in_scope(unit: AdministrativeUnit) -> bool:
            return scope is None or unit.province_id in scope

        # Districts named between the commune and the province (pre-2025 only).
        district_ids = None
        for part in ancestors:
            districts = [u for u in self._units(part.name, (Level.DISTRICT,)) if _type_ok(u, part) and in_scope(u)]
            if not districts:
                raise self._not_found(text, part, scope, levels=(Level.DISTRICT,))
            found = {d.pk for d in districts}
            district_ids = found if district_ids is None else district_ids & found

        levels = (Level.COMMUNE, Level.DISTRICT) if district_ids is None else (Level.COMMUNE,)
        candidates = [u for u in self._units(target.name, levels) if _type_ok(u, target) and in_scope(u)]
        if district_ids is not None:
            candidates = [u for u in candidates if u.parent_id in district_ids]
        if not candidates and district_ids is None and not ancestors:
            # "Cà Mau" on its own: the province itself.
            candidates = [
                u
                for u in self._units(target.name, (Level.PROVINCE,))
                if _type_ok(u, target) and (not explicit_province)
            ]
        if not candidates:
            suggest = levels if ancestors or explicit_province else (*levels, Level.PROVINCE)
            raise self._not_found(text, target, scope if suggest == levels else None, levels=suggest)

        candidates = self._prefer(candidates, on=on, with_district=district_ids is not None)
        if len(candidates) > 1:
            raise PlaceAmbiguous(
                _("Địa bàn “%(text)s” khớp với nhiều đơn vị: %(options)s. Hãy ghi thêm huyện hoặc tỉnh.")
                % {"text": clean_text(text), "options": "; ".join(_label(u) for u in candidates[:6])},
                candidates,
            )
        recorded = candidates[0]
        current = recorded.resolved_current()
        latitude = recorded.latitude if recorded.latitude is not None else current.latitude
        longitude = recorded.longitude if recorded.longitude is not None else current.longitude
        return PlaceMatch(clean_text(text), recorded, current, latitude, longitude)

    @staticmethod
    def _prefer(candidates, *, on, with_district):
        """One era when both match: the record's era by date; without a date, today's units,
        unless a district was named."""
        if with_district:
            wanted = Era.LEGACY
        elif on is not None:
            wanted = Era.LEGACY if on < REFORM_DATE else Era.CURRENT
        else:
            wanted = Era.CURRENT
        preferred = [u for u in candidates if u.era == wanted]
        candidates = preferred or candidates
        # A commune beats the district of the same name ("Cái Nước": xã, not huyện) unless typed.
        communes = [u for u in candidates if u.level == Level.COMMUNE]
        return communes or candidates

    def _not_found(self, text, part, scope, *, levels) -> PlaceNotFound:
        pool = AdministrativeUnit.objects.filter(level__in=levels)
        if scope is not None:
            pool = pool.filter(province_id__in=scope)
        # Compare without spaces too, so "Hanoi" finds "Hà Nội" and "dongthoi" finds "Đông Thới".
        by_compact: dict[str, list[str]] = {}
        for key in set(pool.values_list("key", flat=True)):
            by_compact.setdefault(key.replace(" ", ""), []).append(key)
        wanted = part.name.replace(" ", "")
        close = [k for c in difflib.get_close_matches(wanted, by_compact, n=4, cutoff=0.6) for k in by_compact[c]]
        candidates = list(pool.filter(key__in=close).select_related("parent__parent").order_by("era", "key")[:8])
        message = _("Không tìm thấy địa danh “%(part)s” (trong “%(text)s”).") % {
            "part": part.raw,
            "text": clean_text(text),
        }
        if candidates:
            message += " " + _("Có phải: %(options)s?") % {"options": "; ".join(_label(u) for u in candidates)}
        return PlaceNotFound(message, candidates)


def place_line(text: str, recorded: AdministrativeUnit | None, current: AdministrativeUnit | None) -> str:
    """A place as the import preview shows it: the unit it was recorded as → the unit it is today
    ("Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau → Xã Cái Nước, Tỉnh Cà Mau"); the text as written
    when it names no unit (a place abroad)."""
    if recorded is None:
        return text
    if current is None or current.pk == recorded.pk:
        return recorded.label
    return f"{recorded.label} → {current.label}"


def resolve_place(
    text: str, *, on: datetime.date | None = None, province: str | AdministrativeUnit | None = None
) -> PlaceMatch:
    """Resolve one place text. For many rows, make one PlaceResolver and call `.resolve()`."""
    return PlaceResolver(default_province=province).resolve(text, on=on)
