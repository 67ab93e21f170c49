"""The periodic report: its period, its figures, its annexes, the plans it is measured against, and
the one write path of plans, reports and submissions.

Every number is a QuerySet method of the record apps (the same the dashboard and the pages use);
this module only puts them in the report's order:
- aid items active in the period: AidItem.objects.active_in(start, end) (PL1), their money summed
  over .countable() items by .summary(), their disbursements .with_disbursed(start, end);
- new commitments: .committed_in(start, end).summary() (the dashboard's "aid items" figure);
- disbursed: Disbursement.objects.made_in(start, end).totals() — split among funders by .by_funder();
- partners: Partner.objects.active_in_province(items, start, end) (PL2) — taking part in an active
  item or holding a certificate valid in the period (.valid_during);
- delegations: Delegation.objects.started_in(start, end) (PL3) .totals_by_direction();
- events: Event.objects.started_in; visits: VisitMonthTotal.totals / .monthly (PL4);
  enterprises: Enterprise.objects.operating_on(end), as the dashboard counts them;
  donations: Donation.objects.made_in (PL4).
The annexes' total rows are these figures; their rows add up to them (tests hold them to it).
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from friendship_union.aid.models import AidItem, AidLocation, AidProvider, AidSector, Disbursement, ProviderRole
from friendship_union.core.admin_mixins import VietnameseHistoryHelper
from friendship_union.core.models import SiteIdentity
from friendship_union.core.services import record_save
from friendship_union.core.text import ddmmyyyy
from friendship_union.core.versioning import cached
from friendship_union.delegations.models import Delegation, Direction
from friendship_union.diaspora.models import Donation, Enterprise, HomelandVisit, VisitMonthTotal
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, RegistrationCertificate

from .documents import report_docx
from .models import (
    AnnualPlan,
    AnnualTarget,
    CountedRecord,
    Half,
    Indicator,
    PeriodKind,
    ProgramTarget,
    PromotionProgram,
    Report,
    Submission,
)
from .workbook import report_xlsx


# --- the period ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """start..end with the words a report uses for it ("6 tháng đầu năm 2025", "năm 2025",
    "nhiệm kỳ 2020–2025")."""

    start: datetime.date
    end: datetime.date
    label: str
    kind: str = PeriodKind.YEAR

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    def previous(self) -> "Period":
        """The period a report compares with: the same half or the same year a year earlier (cùng kỳ
        năm trước); for a term, the term of the same length just before it."""
        if self.kind == PeriodKind.TERM:
            span = self.end.year - self.start.year + 1
            return term_period(self.start.year - span, self.end.year - span)
        if self.kind == PeriodKind.HALF_YEAR:
            return half_year(self.start.year - 1, 1 if self.start.month == 1 else 2)
        if self.kind == PeriodKind.YEAR:
            return whole_year(self.start.year - 1)
        shift = self.end.year - self.start.year + 1
        return Period(
            self.start.replace(year=self.start.year - shift), self.end.replace(year=self.end.year - shift), ""
        )

    @property
    def slug(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.start.year}-6thang{'dau' if self.start.month == 1 else 'cuoi'}"
        if self.kind == PeriodKind.YEAR:
            return f"nam-{self.start.year}"
        return f"{self.start.year}-{self.end.year}"


def half_year(year: int, half: int) -> Period:
    label = _("6 tháng đầu năm %(year)s") if half == Half.FIRST else _("6 tháng cuối năm %(year)s")
    start, end = (datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    if half == Half.SECOND:
        start, end = datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return Period(start, end, label % {"year": year}, PeriodKind.HALF_YEAR)


def whole_year(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), _("năm %(year)s") % {"year": year})


def term_period(first: int, last: int) -> Period:
    label = _("nhiệm kỳ %(first)s–%(last)s") % {"first": first, "last": last}
    return Period(datetime.date(first, 1, 1), datetime.date(last, 12, 31), label, PeriodKind.TERM)


def report_period(report: Report) -> Period:
    if report.kind == PeriodKind.HALF_YEAR:
        return half_year(report.year, report.half)
    if report.kind == PeriodKind.YEAR:
        return whole_year(report.year)
    return term_period(report.first_year, report.last_year)


def dates_period(start: datetime.date, end: datetime.date) -> Period:
    """A period given by its dates (the dashboard's): a half year, a year or whole years."""
    if start.year == end.year and (start.month, end.month) in ((1, 6), (7, 12)):
        return half_year(start.year, 1 if start.month == 1 else 2)
    if start.year == end.year:
        return whole_year(start.year)
    return term_period(start.year, end.year)


# --- the figures --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    indicator: str | None = None
    group: str = ""


A, B, C = (
    gettext_lazy("Viện trợ phi chính phủ nước ngoài"),
    gettext_lazy("Đối ngoại nhân dân"),
    gettext_lazy("Công tác người Việt Nam ở nước ngoài"),
)
VND, USD = gettext_lazy("đồng"), "USD"
# The summary table's rows (section I), in order, with the annex each one sums.
FIGURES = [
    Figure(
        "aid_active", gettext_lazy("Khoản viện trợ đang thực hiện trong kỳ (Phụ lục 1)"), gettext_lazy("khoản"), group=A
    ),
    Figure("aid_active_usd", gettext_lazy("Tổng giá trị cam kết của các khoản đang thực hiện"), USD, group=A),
    Figure("aid_active_vnd", gettext_lazy("Tổng giá trị cam kết của các khoản đang thực hiện"), VND, group=A),
    Figure(
        "aid_new",
        gettext_lazy("Khoản viện trợ mới được cam kết trong kỳ"),
        gettext_lazy("khoản"),
        Indicator.AID_ITEMS,
        A,
    ),
    Figure("committed_vnd", gettext_lazy("Giá trị viện trợ cam kết mới trong kỳ"), VND, Indicator.COMMITTED_VND, A),
    Figure("committed_usd", gettext_lazy("Giá trị viện trợ cam kết mới trong kỳ"), USD, group=A),
    Figure("disbursed_vnd", gettext_lazy("Giá trị giải ngân trong kỳ"), VND, Indicator.DISBURSED_VND, A),
    Figure("disbursed_usd", gettext_lazy("Giá trị giải ngân trong kỳ"), USD, group=A),
    Figure("counterpart_vnd", gettext_lazy("Vốn đối ứng của các khoản đang thực hiện"), VND, group=A),
    Figure(
        "beneficiaries", gettext_lazy("Người hưởng lợi của các khoản đang thực hiện"), gettext_lazy("người"), group=A
    ),
    Figure(
        "partners",
        gettext_lazy("Tổ chức phi chính phủ nước ngoài, đối tác có hoạt động (Phụ lục 2)"),
        gettext_lazy("tổ chức"),
        group=A,
    ),
    Figure("delegations_out", gettext_lazy("Đoàn ra (Phụ lục 3)"), gettext_lazy("đoàn"), Indicator.DELEGATIONS_OUT, B),
    Figure(
        "delegations_out_people",
        gettext_lazy("Lượt cán bộ, hội viên đi nước ngoài"),
        gettext_lazy("lượt người"),
        group=B,
    ),
    Figure("delegations_in", gettext_lazy("Đoàn vào (Phụ lục 3)"), gettext_lazy("đoàn"), Indicator.DELEGATIONS_IN, B),
    Figure(
        "foreign_visitors",
        gettext_lazy("Lượt khách nước ngoài đến"),
        gettext_lazy("lượt người"),
        Indicator.FOREIGN_VISITORS,
        B,
    ),
    Figure("events", gettext_lazy("Hội nghị, hội thảo, sự kiện"), gettext_lazy("sự kiện"), Indicator.EVENTS, B),
    Figure(
        "diaspora_visitors",
        gettext_lazy("Lượt kiều bào về thăm quê hương (Phụ lục 4)"),
        gettext_lazy("lượt người"),
        Indicator.DIASPORA_VISITORS,
        C,
    ),
    Figure(
        "diaspora_enterprises",
        gettext_lazy("Doanh nghiệp của kiều bào hoạt động đến cuối kỳ (Phụ lục 4)"),
        gettext_lazy("doanh nghiệp"),
        group=C,
    ),
    Figure("donations", gettext_lazy("Quà tặng, quyên góp của kiều bào (Phụ lục 4)"), gettext_lazy("lượt"), group=C),
]
# Each plan indicator is this figure.
INDICATOR_FIGURES = {f.indicator: f.key for f in FIGURES if f.indicator}
MONEY_KEYS = {f.key for f in FIGURES if f.unit in (VND, USD)}


def active_items(period: Period):
    return AidItem.objects.active_in(period.start, period.end)


def partners_active(period: Period):
    return Partner.objects.active_in_province(active_items(period), period.start, period.end)


def figures(period: Period) -> dict:
    """The summary's figures for `period` (FIGURES' keys), each from its record app's QuerySet
    method. A dozen queries, whatever the number of records."""
    start, end = period.start, period.end
    active = active_items(period).summary()
    new = AidItem.objects.committed_in(start, end).summary()
    disbursed = Disbursement.objects.made_in(start, end).totals()
    delegations = Delegation.objects.started_in(start, end).totals_by_direction()
    return {
        "aid_active": active["items"],
        "aid_active_usd": active["usd"],
        "aid_active_vnd": active["vnd"],
        "aid_new": new["items"],
        "committed_vnd": new["vnd"],
        "committed_usd": new["usd"],
        "disbursed_vnd": disbursed["vnd"],
        "disbursed_usd": disbursed["usd"],
        "counterpart_vnd": active["counterpart"],
        "beneficiaries": active["beneficiaries"],
        "partners": partners_active(period).count(),
        "delegations_out": delegations[Direction.OUTGOING]["delegations"],
        "delegations_out_people": delegations[Direction.OUTGOING]["participants"],
        "delegations_in": delegations[Direction.INCOMING]["delegations"],
        "foreign_visitors": delegations[Direction.INCOMING]["participants"],
        "events": Event.objects.started_in(start, end).count(),
        "diaspora_visitors": VisitMonthTotal.totals(start, end)["visitors"],
        "diaspora_enterprises": Enterprise.objects.operating_on(end).count(),
        "donations": Donation.objects.made_in(start, end).totals_by_currency()["count"],
    }


def change(current, previous) -> Decimal | None:
    """Percentage change, None when the earlier figure is nothing (no percentage of zero)."""
    if not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def plan_targets(period: Period) -> dict[str, Decimal]:
    """{indicator: target} for the period: the sum of the yearly targets of the years it touches, for
    the indicators every one of those years has a target for (a half year is measured against its
    year's plan). One query."""
    years = period.years
    found: dict[str, dict[int, Decimal]] = {}
    for year, indicator, target in AnnualTarget.objects.filter(plan__year__in=years).values_list(
        "plan__year", "indicator", "target"
    ):
        found.setdefault(indicator, {})[year] = target
    return {indicator: sum(by_year.values()) for indicator, by_year in found.items() if len(by_year) == len(years)}


def percent(actual, target) -> Decimal | None:
    if not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def cached_figures(period: Period) -> dict:
    """figures(period), kept in the shared cache until a record changes (core.versioning)."""
    return cached(f"report-figures:{period.start}:{period.end}", lambda: figures(period))


def plan_achievement(period: Period, actual: dict | None = None) -> list[dict]:
    """The plan's indicators for `period`: [{"indicator", "label", "target", "actual", "percent"}],
    in Indicator order, for the indicators with a target (what the dashboard and the report show)."""
    targets = plan_targets(period)
    if not targets:
        return []
    actual = actual if actual is not None else cached_figures(period)
    return [
        {
            "indicator": indicator.value,
            "label": indicator.label,
            "target": targets[indicator.value],
            "actual": actual[INDICATOR_FIGURES[indicator.value]],
            "percent": percent(actual[INDICATOR_FIGURES[indicator.value]], targets[indicator.value]),
        }
        for indicator in Indicator
        if indicator.value in targets
    ]


def summary_rows(period: Period, current: dict, previous: dict) -> list[dict]:
    """Section I's table: each figure this period, the same period a year earlier, the change and,
    where a plan sets its indicator, the target and the percentage of it achieved."""
    targets = plan_targets(period)
    rows = []
    for figure in FIGURES:
        target = targets.get(figure.indicator) if figure.indicator else None
        value = current[figure.key]
        rows.append(
            {
                "key": figure.key,
                "group": str(figure.group),
                "label": str(figure.label),
                "unit": str(figure.unit),
                "value": value,
                "previous": previous[figure.key],
                "change": change(value, previous[figure.key]),
                "target": target,
                "percent": percent(value, target),
            }
        )
    return rows


def programs_progress(period: Period) -> list[dict]:
    """Promotion programs running in the period, each target with what was achieved from the
    program's first year to the period's end (or the program's end), and the aid items it brought."""
    programs = (
        PromotionProgram.objects.filter(first_year__lte=period.end.year, last_year__gte=period.start.year)
        .prefetch_related("targets")
        .order_by("first_year", "name")
    )
    found = []
    for program in programs:
        end = min(program.end, period.end)
        so_far = Period(program.start, end, "")
        actual = figures(so_far) if program.targets.all() else {}
        brought = program.aid_items.all().totals()
        found.append(
            {
                "program": program,
                "until": end,
                "brought": brought,
                "targets": [
                    {
                        "label": target.get_indicator_display(),
                        "target": target.target,
                        "actual": actual[INDICATOR_FIGURES[target.indicator]],
                        "percent": percent(actual[INDICATOR_FIGURES[target.indicator]], target.target),
                    }
                    for target in program.targets.all()
                ],
            }
        )
    return found


# --- the annexes --------------------------------------------------------------------------------------
@dataclass
class Annexes:
    """The annexes' rows (record objects) and their totals (the figures), with every record counted."""

    aid_items: list = field(default_factory=list)
    aid_totals: dict = field(default_factory=dict)
    disbursed: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)
    partner_items: dict = field(default_factory=dict)
    partner_money: dict = field(default_factory=dict)
    delegations: list = field(default_factory=list)
    delegation_totals: dict = field(default_factory=dict)
    visits: list = field(default_factory=list)
    visit_totals: dict = field(default_factory=dict)
    enterprises: list = field(default_factory=list)
    donations: list = field(default_factory=list)
    donation_totals: dict = field(default_factory=dict)
    counted: list = field(default_factory=list)  # every record behind a figure


def annexes(period: Period) -> Annexes:
    """PL1–PL4 for `period`: the records, their totals (the same figures as the summary) and the
    list of every record counted (for the submission). A fixed number of queries."""
    start, end = period.start, period.end
    active = active_items(period)
    items = list(
        active.with_disbursed(start, end)
        .select_related("currency", "program")
        .prefetch_related(
            Prefetch("providers", AidProvider.objects.select_related("partner__country").order_by("role", "pk")),
            Prefetch("sectors", AidSector.objects.select_related("sector").order_by("-percentage", "sector_id")),
            Prefetch("locations", AidLocation.objects.select_related("place_current").order_by("pk")),
            Prefetch("disbursements", Disbursement.objects.filter(date__lte=end).order_by("date", "pk")),
        )
        .order_by(F("commitment_date").asc(nulls_last=True), "code")
    )
    partners = list(
        partners_active(period)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "certificates",
                RegistrationCertificate.objects.valid_during(start, end)
                .prefetch_related("permitted_provinces", "permitted_sectors")
                .order_by("issue_date"),
                to_attr="certificates_in_period",
            )
        )
        .order_by("name_key")
    )
    delegations = list(
        Delegation.objects.started_in(start, end)
        .prefetch_related("countries", "partners")
        .order_by("-direction", "start_date", "code")
    )
    enterprises = list(
        Enterprise.objects.operating_on(end)
        .select_related("currency", "place_current")
        .order_by(F("registration_date").asc(nulls_first=True), "name")
    )
    donations = list(
        Donation.objects.made_in(start, end)
        .select_related("donor_person", "donor_association", "aid_item", "currency")
        .order_by("date", "pk")
    )
    events = list(Event.objects.started_in(start, end).only("pk", "title", "start_date"))
    found = Annexes(
        aid_items=items,
        aid_totals=active.summary(),
        disbursed=Disbursement.objects.made_in(start, end).totals()
        | {"to_end": Disbursement.objects.filter(aid_item__in=active.values("pk"), date__lte=end).totals()},
        partners=partners,
        partner_items=active.count_by_partner(),
        partner_money=Disbursement.objects.made_in(start, end).by_funder(),
        delegations=delegations,
        delegation_totals=Delegation.objects.started_in(start, end).totals_by_direction(),
        visits=VisitMonthTotal.monthly(start, end),
        visit_totals=VisitMonthTotal.totals(start, end),
        enterprises=enterprises,
        donations=donations,
        donation_totals=Donation.objects.made_in(start, end).totals_by_currency(),
    )
    counted = []
    for item in items:
        counted += [item, *item.providers.all(), *item.sectors.all(), *item.locations.all(), *item.disbursements.all()]
    for partner in partners:
        counted += [partner, *partner.certificates_in_period]
    found.counted = counted + delegations + enterprises + donations + events
    return found


# --- the pack -----------------------------------------------------------------------------------------
@dataclass
class Pack:
    """Everything the two files show, computed once: the .docx and the .xlsx are made from it."""

    identity: SiteIdentity
    report: Report
    period: Period
    previous: Period
    number: str
    document_date: datetime.date | None
    recipients: list[str]
    rows: list[dict]
    current: dict
    programs: list[dict]
    annexes: Annexes
    made_at: datetime.datetime

    @property
    def title(self) -> str:
        return self.report.title or _(
            "Kết quả công tác viện trợ phi chính phủ nước ngoài và đối ngoại nhân dân %(period)s"
        ) % {"period": self.period.label}

    @property
    def symbol(self) -> str:
        """The issuing body's symbol after "BC-": the short name's first word (LHHN)."""
        words = (self.identity.short_name or "").split()
        return words[0].upper() if words else "LHHN"

    @property
    def number_line(self) -> str:
        return _("Số: %(number)s") % {"number": self.number or f"{' ' * 8}/BC-{self.symbol}"}

    @property
    def place_and_date(self) -> str:
        place = self.identity.province or ""
        day = self.document_date
        if day is None:
            return _("%(place)s, ngày     tháng     năm %(year)s") % {"place": place, "year": timezone.localdate().year}
        return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
            "place": place,
            "day": f"{day.day:02d}",
            "month": f"{day.month:02d}" if day.month < 3 else day.month,
            "year": day.year,
        }

    @property
    def parent_body(self) -> str:
        """The direct superior body above the issuing one (Decree 30/2020, Annex I: cơ quan chủ quản)."""
        return (
            _("UBND TỈNH %(province)s") % {"province": self.identity.province.upper()} if self.identity.province else ""
        )

    @property
    def copies_to(self) -> list[str]:
        given = lines(self.report.copies_to)
        return [_("Như trên"), *given, _("Lưu: VT")] if not any("lưu" in g.lower() for g in given) else given

    @property
    def filename_stem(self) -> str:
        return f"bao-cao-{self.period.slug}"


def lines(text: str) -> list[str]:
    """The lines of a multi-line field, without list marks or closing punctuation."""
    return [line.strip().lstrip("-–•+ ").rstrip(";.").strip() for line in (text or "").splitlines() if line.strip()]


def build_pack(
    report: Report, *, number: str = "", document_date: datetime.date | None = None, recipient: str | None = None
) -> Pack:
    with translation.override("vi"):
        return _build_pack(report, number=number, document_date=document_date, recipient=recipient)


def _build_pack(report, *, number, document_date, recipient) -> Pack:
    period = report_period(report)
    previous = period.previous()
    current = figures(period)
    return Pack(
        identity=SiteIdentity.current(),
        report=report,
        period=period,
        previous=previous,
        number=number,
        document_date=document_date,
        recipients=lines(report.recipients if recipient is None else recipient),
        rows=summary_rows(period, current, figures(previous)),
        current=current,
        programs=programs_progress(period),
        annexes=annexes(period),
        made_at=timezone.localtime(),
    )


def pack_files(pack: Pack) -> tuple[bytes, bytes]:
    """(.docx, .xlsx) bytes of a pack."""
    return report_docx(pack), report_xlsx(pack)


def pack_file(pack: Pack, kind: str) -> bytes:
    """One file of a pack: "docx" or "xlsx" (a draft's download makes only the file asked for)."""
    return report_docx(pack) if kind == "docx" else report_xlsx(pack)


# --- figures as sent, as JSON --------------------------------------------------------------------------
def plain(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value)
    return value


def figures_as_sent(pack: Pack) -> dict:
    return {
        "period": {
            "start": pack.period.start.isoformat(),
            "end": pack.period.end.isoformat(),
            "label": pack.period.label,
        },
        "previous": {"start": pack.previous.start.isoformat(), "end": pack.previous.end.isoformat()},
        "rows": [{k: plain(v) for k, v in row.items()} for row in pack.rows],
    }


# --- writes -------------------------------------------------------------------------------------------
def report_fill(report: Report) -> None:
    """A report's derived values: its period's first and last day."""
    if report.kind == PeriodKind.HALF_YEAR and report.year and report.half:
        report.first_year = report.last_year = None
    elif report.kind == PeriodKind.YEAR and report.year:
        report.half = report.first_year = report.last_year = None
    elif report.kind == PeriodKind.TERM:
        report.year = report.half = None
    if report.kind and (report.year or (report.first_year and report.last_year)):
        try:
            period = report_period(report)
        except (TypeError, ValueError):
            return
        report.start, report.end = period.start, period.end


@transaction.atomic
def report_save(*, report: Report, user=None, validated: bool = False) -> Report:
    """Save a report being written. A report already sent is frozen: ValidationError."""
    if report.pk and Submission.objects.filter(report_id=report.pk).exists():
        raise ValidationError(_("Báo cáo này đã gửi; nội dung đã gửi không sửa được. Hãy lập báo cáo mới."))
    if not validated:
        report.full_clean(exclude=["start", "end"])
    report_fill(report)
    return record_save(report, user=user, validated=True)


def annual_plan_save(*, plan: AnnualPlan, user=None, validated: bool = False) -> AnnualPlan:
    return record_save(plan, user=user, validated=validated)


def annual_target_save(*, target: AnnualTarget, user=None, validated: bool = False) -> AnnualTarget:
    return record_save(target, user=user, validated=validated)


@transaction.atomic
def program_save(*, program: PromotionProgram, aid_items=None, user=None, validated: bool = False) -> PromotionProgram:
    """Save a promotion program; with `aid_items`, the items it brought become those (in history)."""
    record_save(program, user=user, validated=validated)
    if aid_items is not None:
        program.aid_items.set(list(aid_items))
    return program


def program_target_save(*, target: ProgramTarget, user=None, validated: bool = False) -> ProgramTarget:
    return record_save(target, user=user, validated=validated)


def _latest_history(model, ids) -> dict[str, int]:
    """{str(pk): the latest history row id} of `model`'s records `ids` (one query)."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(history, "model") or not ids:
        return {}
    pk = model._meta.pk.attname
    rows = history.model.objects.filter(**{f"{pk}__in": ids}).values(pk).annotate(latest=Max("history_id")).order_by()
    return {str(row[pk]): row["latest"] for row in rows}


def _counted_rows(submission: Submission, records) -> list[CountedRecord]:
    by_model: dict[type, list] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    rows = []
    for model, found in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        latest = _latest_history(model, [r.pk for r in found])
        seen = set()
        for record in found:
            if record.pk in seen:
                continue
            seen.add(record.pk)
            rows.append(
                CountedRecord(
                    submission=submission,
                    content_type=content_type,
                    object_id=str(record.pk),
                    history_id=latest.get(str(record.pk)),
                    label=str(record)[:300],
                )
            )
    return rows


@transaction.atomic
def report_send(*, report: Report, number: str, document_date: datetime.date, recipient: str, user) -> Submission:
    """Gửi báo cáo: make the pack as of now, store its two files, every figure and every record it
    counted, under the document's number and date. The report is frozen from then on. Raises
    ValidationError (Vietnamese) on a bad number, a date before the period began, or a number
    already used that day."""
    submission = Submission(
        report=report,
        number=number.strip().upper(),
        document_date=document_date,
        recipient=recipient.strip(),
        sent_by=user,
        sent_at=timezone.now(),
    )
    period = report_period(report)
    submission.period_label, submission.start, submission.end = period.label, period.start, period.end
    if document_date and document_date < period.start:
        raise ValidationError(
            {
                "document_date": _("Ngày văn bản (%(day)s) không thể trước ngày đầu kỳ báo cáo (%(start)s).")
                % {"day": ddmmyyyy(document_date), "start": ddmmyyyy(period.start)}
            }
        )
    if Submission.objects.filter(number=submission.number, document_date=document_date).exists():
        raise ValidationError(
            {
                "number": _("Đã có báo cáo số %(number)s ngày %(day)s.")
                % {"number": submission.number, "day": ddmmyyyy(document_date)}
            }
        )
    # The number's form, the lengths: checked before the files are made.
    submission.full_clean(exclude=["docx", "xlsx", "docx_sha256", "xlsx_sha256", "figures", "report", "sent_by"])
    pack = build_pack(report, number=submission.number, document_date=document_date, recipient=recipient)
    docx, xlsx = pack_files(pack)
    submission.figures = figures_as_sent(pack)
    submission.docx_sha256 = hashlib.sha256(docx).hexdigest()
    submission.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
    stem = f"{pack.filename_stem}-so-{submission.number.replace('/', '-').lower()}"
    submission.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    submission.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    record_save(submission, user=user, validated=True)
    CountedRecord.objects.bulk_create(_counted_rows(submission, pack.annexes.counted), batch_size=1000)
    return submission


def stored_file(submission: Submission, kind: str) -> bytes:
    """The sent file's bytes, checked against the checksum taken when it was sent. Raises
    ValidationError when the stored file is not what was sent."""
    field_file = getattr(submission, kind)
    with field_file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != getattr(submission, f"{kind}_sha256"):
        raise ValidationError(_("Tệp đã lưu không còn đúng tệp đã gửi (mã kiểm tra khác)."))
    return content


# --- changed since sent -------------------------------------------------------------------------------
HIDDEN_FIELDS = {"updated_at", "created_at", "search_text", "search_name", "name_key", "name_vi_key", "acronym_key"}


def _value(value) -> str:
    return str(VietnameseHistoryHelper.display(value))


def _admin_url(model, pk) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def changes_since_sent(submission: Submission) -> dict:
    """What moved since the report was sent:
    - "records": every counted record changed or deleted since (with the fields, before → after,
      who and when), from django-simple-history;
    - "added": records the period counts now that it did not count then (a delegation entered later);
    - "visits": homeland visits of the period written since (counted by their monthly totals);
    - "figures": the summary's figures that differ now from the figures as sent."""
    changed = []
    counted = list(submission.counted.select_related("content_type"))
    by_type: dict[int, list[CountedRecord]] = {}
    for row in counted:
        by_type.setdefault(row.content_type_id, []).append(row)
    for rows in by_type.values():
        model = rows[0].content_type.model_class()
        history = getattr(model, "history", None)
        if model is None or history is None or not hasattr(history, "model"):
            continue
        pk = model._meta.pk.attname
        sent = {row.object_id: row for row in rows}
        later = (
            history.model.objects.filter(**{f"{pk}__in": list(sent)}, history_date__gt=submission.sent_at)
            .select_related("history_user")
            .order_by("history_id")
        )
        latest: dict[str, object] = {}
        for version in later:
            latest[str(getattr(version, pk))] = version
        before = {
            str(getattr(v, pk)): v
            for v in history.model.objects.filter(
                history_id__in=[sent[k].history_id for k in latest if sent[k].history_id]
            )
        }
        for object_id, version in latest.items():
            old = before.get(object_id)
            fields = []
            if old is not None and version.history_type != "-":
                delta = version.diff_against(old)
                for one in delta.changes:
                    if one.field in HIDDEN_FIELDS:
                        continue
                    try:
                        name = str(model._meta.get_field(one.field).verbose_name)
                    except FieldDoesNotExist:  # a field gone from the model since
                        name = one.field
                    fields.append({"field": name, "old": _value(one.old), "new": _value(one.new)})
                if not fields:
                    continue
            changed.append(
                {
                    "label": sent[object_id].label,
                    "model": str(model._meta.verbose_name),
                    "url": _admin_url(model, object_id),
                    "deleted": version.history_type == "-",
                    "fields": fields,
                    "user": version.history_user,
                    "when": version.history_date,
                }
            )
    period = Period(submission.start, submission.end, submission.period_label)
    sent_keys = {(row.content_type_id, row.object_id) for row in counted}
    now = annexes(period).counted
    added = []
    for record in now:
        key = (ContentType.objects.get_for_model(type(record)).pk, str(record.pk))
        if key not in sent_keys:
            added.append(
                {
                    "label": str(record),
                    "model": str(record._meta.verbose_name),
                    "url": _admin_url(type(record), record.pk),
                }
            )
            sent_keys.add(key)
    visits = HomelandVisit.history.filter(
        history_date__gt=submission.sent_at, date__range=(submission.start, submission.end)
    ).count()
    sent_rows = {row["key"]: row for row in submission.figures.get("rows", [])}
    current = figures(period)
    moved = [
        {"label": row["label"], "unit": row["unit"], "sent": Decimal(str(row["value"])), "now": current[key]}
        for key, row in sent_rows.items()
        if key in current and Decimal(str(row["value"])) != Decimal(current[key])
    ]
    changed.sort(key=lambda c: c["when"], reverse=True)
    return {"records": changed, "added": added, "visits": visits, "figures": moved}


def sent_report_notices(request, obj) -> list[str]:
    """The warning on the admin change form of a record that a sent report counted (core's
    HistoryAdmin asks every app's `admin_notices`): which reports, and that a change will be listed
    under "changed since sent" — the figures a leader signed never move silently."""
    model = type(obj)
    if model._meta.app_label == "reports":
        return []
    submissions = Submission.objects.none()
    if model is HomelandVisit and obj.date:
        submissions = Submission.objects.filter(start__lte=obj.date, end__gte=obj.date)
    else:
        submissions = Submission.objects.filter(
            counted__content_type=ContentType.objects.get_for_model(model), counted__object_id=str(obj.pk)
        )
    found = list(submissions.distinct().order_by("-sent_at")[:5])
    return [
        _(
            "Hồ sơ này đã được tính trong báo cáo số %(number)s ngày %(day)s (%(period)s) đã gửi %(recipient)s. "
            "Sửa hồ sơ không làm thay đổi báo cáo đã gửi; thay đổi sẽ được liệt kê ở mục “Thay đổi sau khi gửi” "
            "của báo cáo đó."
        )
        % {
            "number": s.number,
            "day": ddmmyyyy(s.document_date),
            "period": s.period_label,
            "recipient": ", ".join(lines(s.recipient)[:1]) or "",
        }
        for s in found
    ]


def funding_partners(item) -> list:
    return [p.partner for p in item.providers.all() if p.role == ProviderRole.FUNDING] or [
        p.partner for p in item.providers.all()
    ]
