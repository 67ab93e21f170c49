"""Why an aid item is outside its foreign NGOs' registration certificates: the reasons behind
AidItemQuerySet.outside_certificate_coverage, for the item's admin page. The flags are that
definition's own (AidProviderQuerySet.coverage_flags); this only names the day, province or sector
each flag is about. A warning: nothing here stops a record from being saved."""

import datetime

from django.utils.translation import gettext as _

from friendship_union.core.text import ddmmyyyy
from friendship_union.core.versioning import cached_many
from friendship_union.partners.models import Partner, PartnerType, RegistrationCertificate

from .models import COVERAGE_READS, AidItem, AidLocation, AidProvider, AidSector, coverage_stamps


def first_uncovered_day(partner_id: int, start: datetime.date, end: datetime.date) -> datetime.date | None:
    """The first day of start..end on which none of the partner's certificates (held_by) is in force,
    or None when every day is covered."""
    spans = RegistrationCertificate.objects.held_by(partner_id).valid_during(start, end).order_by("issue_date")
    day = start
    for issued, expires in spans.values_list("issue_date", "expiry_date"):
        if issued > day:
            return day
        day = max(day, expires + datetime.timedelta(days=1))
        if day > end:
            return None
    return day if day <= end else None


def coverage_problems(item: AidItem) -> list[str]:
    """The reasons `item` is outside its foreign NGOs' certificates, one line each, in Vietnamese
    ("Tổ chức X: lĩnh vực 11220 – … không thuộc phạm vi giấy đăng ký."); [] when it is covered or
    not checked. A few queries, whatever the number of certificates."""
    if item.pk is None:
        return []
    problems = []
    rows = AidProvider.objects.coverage_flags().filter(aid_item=item).select_related("partner").order_by("pk")
    for row in rows:
        partner, start, end = row.partner, row.coverage_start, row.coverage_end
        if row.dates_uncovered:
            day = first_uncovered_day(partner.pk, start, end)
            problems.append(
                _(
                    "%(partner)s: không có giấy đăng ký còn hiệu lực ngày %(day)s "
                    "(khoản viện trợ từ %(start)s đến %(end)s)."
                )
                % {"partner": partner, "day": ddmmyyyy(day or start), "start": ddmmyyyy(start), "end": ddmmyyyy(end)}
            )
        if row.places_outside:
            places = (
                AidLocation.objects.filter(aid_item=item)
                .outside_certificate_provinces(partner.pk, start, end)
                .select_related("place_recorded__province")
                .order_by("pk")
            )
            for place in places:
                problems.append(
                    _("%(partner)s: tỉnh %(province)s (%(place)s) không thuộc phạm vi giấy đăng ký.")
                    % {"partner": partner, "province": place.place_recorded.province.short_name, "place": place}
                )
        if row.sectors_outside:
            sectors = (
                AidSector.objects.filter(aid_item=item)
                .outside_certificate_sectors(partner.pk, start, end)
                .select_related("sector")
                .order_by("sector_id")
            )
            for sector in sectors:
                problems.append(
                    _("%(partner)s: lĩnh vực %(sector)s (nhóm DAC %(category)s) không thuộc phạm vi giấy đăng ký.")
                    % {"partner": partner, "sector": sector.sector, "category": sector.category}
                )
    return problems


def outside_coverage_ids() -> list[int]:
    """The ids of the items AidItemQuerySet.outside_certificate_coverage selects, found one foreign NGO
    at a time (the same definition, filtered to its provider rows) and each NGO's kept under a stamp
    of the rows its check reads (coverage_stamps): after one aid item's or certificate's save, only the
    NGOs whose rows moved are checked again, where the whole check walks every NGO's items (at ×100
    11.600 provider rows, 450–560 ms). Four queries however many NGOs; on SQLite (no stamp) every NGO
    is checked again, in one query."""
    stamps = coverage_stamps()
    partners = Partner.objects.filter(partner_type=PartnerType.INGO).order_by("pk").values_list("pk", flat=True)

    def check(ids):
        found = {partner: [] for partner in ids}
        rows = (
            AidProvider.objects.filter(partner_id__in=ids)
            .outside_certificate_coverage()
            .values_list("partner_id", "aid_item_id")
            .distinct()
        )
        for partner, item in rows:
            found[partner].append(item)
        return found

    kept = cached_many(
        {partner: f"coverage:{partner}" for partner in partners},
        check,
        reads=COVERAGE_READS,
        stamps=stamps,
        stamped=frozenset({"aid", "partners"}),
    )
    return sorted({item for items in kept.values() for item in items})
