"""Aid items: programs, projects and non-project aid (Decree 80/2020/NĐ-CP, 313/2025/NĐ-CP), with
their providers, sectors, locations and money."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import ddmmyyyy, fold
from friendship_union.core.uploads import GeneratedName
from friendship_union.core.validators import validate_document_upload
from friendship_union.core.versioning import row_stamps
from friendship_union.gallery.models import album_field
from friendship_union.partners.models import Partner, PartnerType, RegistrationCertificate
from friendship_union.reference.models import AdministrativeUnit, Currency, PlaceFields, Sector

MONEY = {"max_digits": 20, "decimal_places": 2}


class AidForm(models.TextChoices):
    PROGRAM = "program", _("Chương trình")
    PROJECT = "project", _("Dự án")
    NON_PROJECT = "non_project", _("Phi dự án")


class AidType(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    GOODS = "goods", _("Hàng hóa, vật tư")
    EXPERTS = "experts", _("Chuyên gia")
    TRAINING = "training", _("Hội nghị, đào tạo")
    MIXED = "mixed", _("Kết hợp")


class AidStatus(models.TextChoices):
    """IATI ActivityStatus codes."""

    PIPELINE = "1", _("Đang vận động, xây dựng")
    IMPLEMENTATION = "2", _("Đang thực hiện")
    FINALISATION = "3", _("Đang kết thúc")
    CLOSED = "4", _("Đã kết thúc")
    CANCELLED = "5", _("Đã hủy")
    SUSPENDED = "6", _("Tạm dừng")


# Statuses of an item whose implementation is over or will not happen.
FINISHED_STATUSES = (AidStatus.FINALISATION, AidStatus.CLOSED, AidStatus.CANCELLED)


class Decree(models.TextChoices):
    EARLIER = "93/2009", _("Nghị định 93/2009/NĐ-CP (trước 2020)")
    D80_2020 = "80/2020", _("Nghị định 80/2020/NĐ-CP")
    D313_2025 = "313/2025", _("Nghị định 313/2025/NĐ-CP")


class ProviderRole(models.TextChoices):
    """IATI OrganisationRole codes."""

    FUNDING = "1", _("Tài trợ")
    ACCOUNTABLE = "2", _("Chịu trách nhiệm")
    EXTENDING = "3", _("Chuyển giao")
    IMPLEMENTING = "4", _("Thực hiện")


# An item whose money counts in totals (see AidItemQuerySet.countable), as a condition usable in an
# aggregate's filter= without a subquery.
COUNTABLE = Q(program__isnull=True) | Q(program__committed_usd__isnull=True)


# The beneficiaries recorded on aid items (those without a figure add nothing), as an aggregate.
BENEFICIARIES = Sum("beneficiaries", default=0)

# What AidItemQuerySet.summary counts, in one query (summary_by: the same for each group).
_SUMMARY = {
    "items": Count("pk"),
    "usd": Sum("committed_usd", filter=COUNTABLE, default=Decimal(0)),
    "vnd": Sum("committed_vnd", filter=COUNTABLE, default=Decimal(0)),
    "counterpart": Sum("counterpart_amount", default=Decimal(0)),
    "programs": Count("pk", filter=Q(form=AidForm.PROGRAM)),
    "projects": Count("pk", filter=Q(form=AidForm.PROJECT)),
    "non_project": Count("pk", filter=Q(form=AidForm.NON_PROJECT)),
    "implementing": Count("pk", filter=Q(status=AidStatus.IMPLEMENTATION)),
    "closed": Count("pk", filter=Q(status=AidStatus.CLOSED)),
    # Not named after the field it sums: Django would read Sum("beneficiaries") as this alias.
    "beneficiaries_sum": BENEFICIARIES,
}


class AidItemQuerySet(models.QuerySet):
    def public(self) -> "AidItemQuerySet":
        """Items the public may see."""
        return self.filter(is_public=True)

    def with_partner(self, partner, role: str | None = None) -> "AidItemQuerySet":
        """Items `partner` takes part in (in `role`, e.g. ProviderRole.FUNDING, when given): a subquery,
        so an item is counted once however many roles the partner has in it."""
        providers = AidProvider.objects.filter(partner=partner)
        if role:
            providers = providers.filter(role=role)
        return self.filter(pk__in=providers.values("aid_item_id"))

    def for_partners(self, partner_ids, role: str | None = None) -> "AidItemQuerySet":
        """with_partner for many partners at once: these items once for each of `partner_ids` taking
        part in them (in `role` when given), each row annotated `for_partner` with that partner's id —
        to group by (summary_by, yearly, by_commune) or to cut per partner. A partner with two roles in
        an item has it once, as with_partner counts it."""
        if role:
            return self.filter(providers__partner__in=partner_ids, providers__role=role).annotate(
                for_partner=F("providers__partner")
            )
        # One provider row per (item, partner): the first.
        first = (
            AidProvider.objects.filter(partner__in=partner_ids)
            .order_by()
            .values("aid_item", "partner")
            .annotate(first=Min("pk"))
            .values("first")
        )
        return self.filter(providers__in=first).annotate(for_partner=F("providers__partner"))

    def by_commune(self, by: str | None = None) -> dict:
        """{current commune id: {"items": n, "usd": Decimal}} over the countable items (see countable):
        each item's USD split equally among its places, so the communes add up to the total — the
        dashboard's commune breakdown, which test_breakdowns_agree holds to this. With `by` (a field or
        annotation of these items, e.g. for_partners' "for_partner"): {its value: {commune id: …}},
        the same figure for each group at once. One query, summed by the database (every place of every
        item was read into Python: at 100× the demo 18.000 rows, 52 ms → 42 ms, and no Python loop)."""
        selected = self.countable().order_by()
        if by:
            selected = selected.annotate(chosen_id=F("pk"), grp=F(by)).values("chosen_id", "grp")
        else:
            selected = selected.values("pk")
        try:
            items_sql, params = selected.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (an unknown partner): no SQL to run
            return {}
        if by:  # each item once in each group it is in, its places split within the group
            group, partition = "chosen.grp", "chosen.grp, place.aid_item_id"
            chosen = f"""JOIN (SELECT DISTINCT selected.chosen_id AS id, selected.grp
                      FROM ({items_sql}) selected) chosen ON chosen.id = place.aid_item_id"""
            where = ""
        else:  # (a join to the DISTINCT items made the province-wide map 13–18 ms slower at ×100)
            group, partition, chosen = "0", "place.aid_item_id", ""
            where = f"AND place.aid_item_id IN ({items_sql})"
        sql = f"""
            SELECT grp, unit, COUNT(DISTINCT item), SUM(usd) FROM (
                SELECT {group} AS grp, place.aid_item_id AS item, place.place_current_id AS unit,
                       COALESCE(item.committed_usd, 0) * 1.0 / COUNT(*) OVER (PARTITION BY {partition}) AS usd
                FROM {AidLocation._meta.db_table} place
                JOIN {AidItem._meta.db_table} item ON item.id = place.aid_item_id
                {chosen}
                WHERE place.place_current_id IS NOT NULL {where}
            ) places
            GROUP BY grp, unit"""
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        groups = defaultdict(dict)
        for group, unit, n, usd in rows:
            groups[group][unit] = {"items": n, "usd": usd if isinstance(usd, Decimal) else Decimal(str(usd or 0))}
        return dict(groups) if by else groups.get(0, {})

    def with_disbursed_to_date(self) -> "AidItemQuerySet":
        """Each item with `disbursed_usd` and `disbursed_vnd`: all its disbursements so far summed at
        their dated rates (None when it has none), as subqueries (no join multiplying the rows). The
        open data files' figure; a period's disbursements are `with_disbursed(start, end)`."""
        paid = Disbursement.objects.filter(aid_item=OuterRef("pk")).order_by().values("aid_item")
        return self.annotate(
            disbursed_usd=Subquery(paid.annotate(s=Sum("amount_usd")).values("s")),
            disbursed_vnd=Subquery(paid.annotate(s=Sum("amount_vnd")).values("s")),
        )

    def beneficiaries_total(self) -> int:
        """The beneficiaries recorded on these items (items without a figure add nothing); also
        summary()'s "beneficiaries"."""
        return self.aggregate(total=BENEFICIARIES)["total"]

    def countable(self) -> "AidItemQuerySet":
        """Items whose money counts in totals: a project inside a program is counted by its program
        only when the program carries the money, so projects with a parent program are excluded when
        that program has a committed amount (no double counting)."""
        return self.filter(COUNTABLE)

    def committed_between(self, first_year: int, last_year: int) -> "AidItemQuerySet":
        return self.filter(commitment_date__year__range=(first_year, last_year))

    def committed_in(self, start: datetime.date, end: datetime.date) -> "AidItemQuerySet":
        """Items whose commitment date falls in start..end (a date range an index serves)."""
        return self.filter(commitment_date__range=(start, end))

    def totals(self) -> dict:
        """{"items": n, "usd": Decimal, "vnd": Decimal}: all items counted, the money of the
        countable ones summed (a program's projects are not counted twice)."""
        return self.aggregate(**{name: _SUMMARY[name] for name in ("items", "usd", "vnd")})

    def summary(self) -> dict:
        """totals() and, in the same query, counterpart funds (VND), the items by form and by status
        (implementing, closed) and the beneficiaries (beneficiaries_total): {"items", "usd", "vnd",
        "counterpart", "programs", "projects", "non_project", "implementing", "closed",
        "beneficiaries"}."""
        row = self.aggregate(**_SUMMARY)
        row["beneficiaries"] = row.pop("beneficiaries_sum")
        return row

    def summary_by(self, by: str) -> dict:
        """summary() of each group of these items, by the value of the field or annotation `by` (e.g.
        for_partners' "for_partner"): {value: summary}, in one query. A group with no item is absent."""
        rows = {}
        for row in self.order_by().values(by).annotate(**_SUMMARY):
            row["beneficiaries"] = row.pop("beneficiaries_sum")
            rows[row.pop(by)] = row
        return rows

    def yearly(self, *by: str):
        """One row per commitment year, oldest first: {"year", "items", "usd"} (countable USD). With
        `by` (fields or annotations, e.g. for_partners' "for_partner"): one row per group and year,
        each with those values too."""
        return (
            self.annotate(year=ExtractYear("commitment_date"))
            .values(*by, "year")
            .annotate(items=Count("pk"), usd=Sum("committed_usd", filter=COUNTABLE, default=Decimal(0)))
            .order_by(*by, "year")
        )

    def search(self, text: str) -> "AidItemQuerySet":
        return self.filter(search_text__contains=fold(text))

    def lapsing(self, today: datetime.date | None = None) -> "AidItemQuerySet":
        """Items approved more than six months ago and still not implemented (no actual start, no
        works start, not finishing, closed or cancelled): the approval lapses (Decree 80/2020/NĐ-CP,
        313/2025/NĐ-CP). Oldest approval first."""
        six_months_ago = (today or timezone.localdate()) - datetime.timedelta(days=183)
        return (
            self.filter(approval_date__lt=six_months_ago, actual_start__isnull=True, works_start__isnull=True)
            .exclude(status__in=FINISHED_STATUSES)
            .order_by("approval_date")
        )

    def active_in(self, start: datetime.date, end: datetime.date) -> "AidItemQuerySet":
        """Items at work in start..end, the periodic report's first annex (PL1): those whose
        implementation overlaps the period — begun (actual start, else planned start, else works
        start, else commitment) by its last day and not ended (actual end, else planned end) before
        its first day, an item without an end counting while it is under way (implementing or
        suspended); never one still in the pipeline or cancelled — and, whatever their dates, those
        with a commitment or a disbursement in the period. A project committed in 2022 and running
        in 2025 is active in 2025."""
        begun = Coalesce("actual_start", "planned_start", "works_start", "commitment_date")
        ended = Coalesce("actual_end", "planned_end")
        under_way = (AidStatus.IMPLEMENTATION, AidStatus.SUSPENDED)
        running = (
            Q(began__lte=end)
            & (Q(ended__gte=start) | Q(ended__isnull=True, status__in=under_way))
            & ~Q(status__in=(AidStatus.PIPELINE, AidStatus.CANCELLED))
        )
        return self.annotate(began=begun, ended=ended).filter(
            running
            | Q(commitment_date__range=(start, end))
            | Q(pk__in=Disbursement.objects.made_in(start, end).values("aid_item_id"))
        )

    def with_disbursed(self, start: datetime.date, end: datetime.date) -> "AidItemQuerySet":
        """Each item with what was disbursed on it in start..end and from the first disbursement to
        `end` (cumulative): disbursed_usd / disbursed_vnd and disbursed_total_usd / _vnd, at each
        disbursement's dated rate (Disbursement.amount_usd / amount_vnd), 0 when nothing."""

        def total(field, first):
            rows = Disbursement.objects.filter(aid_item=OuterRef("pk"), date__lte=end)
            if first is not None:
                rows = rows.filter(date__gte=first)
            summed = rows.order_by().values("aid_item").annotate(s=Sum(field)).values("s")
            return Coalesce(
                Subquery(summed), Value(Decimal(0)), output_field=models.DecimalField(max_digits=22, decimal_places=2)
            )

        return self.annotate(
            disbursed_usd=total("amount_usd", start),
            disbursed_vnd=total("amount_vnd", start),
            disbursed_total_usd=total("amount_usd", None),
            disbursed_total_vnd=total("amount_vnd", None),
        )

    def count_by_partner(self) -> dict[int, int]:
        """{partner id: the number of these items it takes part in, in any role} (one query)."""
        rows = (
            AidProvider.objects.filter(aid_item__in=self.order_by().values("pk"))
            .values("partner_id")
            .annotate(n=Count("aid_item_id", distinct=True))
            .order_by()
        )
        return {row["partner_id"]: row["n"] for row in rows}

    # The weekly data-quality digest's figures (reminders), each also an admin filter (aid.admin.QualityFilter).
    def implementing_without_approval(self) -> "AidItemQuerySet":
        """Items being implemented with no approval decision number recorded."""
        return self.filter(status=AidStatus.IMPLEMENTATION, approval_number="")

    def without_place_or_sector(self) -> "AidItemQuerySet":
        """Items with no place (commune) or no sector recorded."""
        return self.exclude(pk__in=AidLocation.objects.values("aid_item_id")) | self.exclude(
            pk__in=AidSector.objects.values("aid_item_id")
        )

    def no_recent_disbursement(self, today: datetime.date | None = None) -> "AidItemQuerySet":
        """Items being implemented with no disbursement dated in the last six months (183 days)."""
        since = (today or timezone.localdate()) - datetime.timedelta(days=183)
        recent = Disbursement.objects.filter(date__gte=since).values("aid_item_id")
        return self.filter(status=AidStatus.IMPLEMENTATION).exclude(pk__in=recent)

    def outside_certificate_coverage(self) -> "AidItemQuerySet":
        """Items a foreign NGO funds or implements outside what its registration certificates permit
        (AidProviderQuerySet.coverage_flags says how): on a day of the item's dates no certificate of
        the NGO is in force, or a place or a sector of the item is outside those its certificates in
        force then permit. A warning (the admin list filter, the dashboard's alerts, the weekly
        digest); aid.coverage.coverage_problems says why for one item."""
        return self.filter(pk__in=AidProvider.objects.outside_certificate_coverage().values("aid_item_id"))

    def disbursed_over_committed(self) -> "AidItemQuerySet":
        """Items whose disbursements (USD at each one's dated rate) add up to more than the committed USD."""
        disbursed = (
            Disbursement.objects.filter(aid_item=models.OuterRef("pk"))
            .values("aid_item")
            .annotate(usd=Sum("amount_usd"))
            .values("usd")
        )
        return self.filter(committed_usd__isnull=False, committed_usd__lt=models.Subquery(disbursed))


# The site search"s full-text document of a AidItem: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_text", "description", "objectives")


class AidItem(NormalizedModel):
    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$", _("Mã chỉ gồm chữ không dấu, số, - _ . /"))],
    )
    form = models.CharField(_("hình thức"), max_length=12, choices=AidForm.choices)
    aid_type = models.CharField(_("loại viện trợ"), max_length=10, choices=AidType.choices, blank=True)
    title = models.CharField(_("tên"), max_length=300)
    title_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    objectives = models.TextField(_("mục tiêu"), blank=True)
    objectives_en = models.TextField(_("mục tiêu (tiếng Anh)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=1, choices=AidStatus.choices, default=AidStatus.PIPELINE)
    program = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        limit_choices_to={"form": AidForm.PROGRAM},
        verbose_name=_("thuộc chương trình"),
    )
    partners = models.ManyToManyField(Partner, through="AidProvider", related_name="aid_items", blank=True)
    aid_owner = models.CharField(_("chủ khoản viện trợ"), max_length=255, blank=True)
    managing_agency = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, default="Ủy ban nhân dân tỉnh"
    )
    approval_number = models.CharField(_("số quyết định phê duyệt"), max_length=60, blank=True)
    approval_date = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approval_authority = models.CharField(_("cơ quan phê duyệt"), max_length=200, blank=True)
    decree = models.CharField(_("nghị định áp dụng"), max_length=10, choices=Decree.choices, blank=True)
    planned_start = models.DateField(_("ngày bắt đầu (kế hoạch)"), null=True, blank=True)
    planned_end = models.DateField(_("ngày kết thúc (kế hoạch)"), null=True, blank=True)
    actual_start = models.DateField(_("ngày bắt đầu thực tế"), null=True, blank=True)
    actual_end = models.DateField(_("ngày kết thúc thực tế"), null=True, blank=True)
    works_start = models.DateField(_("ngày khởi công"), null=True, blank=True)
    acceptance_date = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    handover_date = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    committed_amount = models.DecimalField(_("giá trị cam kết"), null=True, blank=True, **MONEY)
    currency = models.ForeignKey(
        Currency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tiền tệ")
    )
    commitment_date = models.DateField(_("ngày cam kết"), null=True, blank=True)
    committed_usd = models.DecimalField(_("quy đổi USD"), null=True, blank=True, editable=False, **MONEY)
    committed_vnd = models.DecimalField(
        _("quy đổi VND"), max_digits=22, decimal_places=0, null=True, blank=True, editable=False
    )
    rate_to_vnd = models.DecimalField(
        _("tỷ giá đã dùng (VND)"), max_digits=18, decimal_places=6, null=True, blank=True, editable=False
    )
    counterpart_amount = models.DecimalField(_("vốn đối ứng (VND)"), null=True, blank=True, **MONEY)
    counterpart_source = models.CharField(_("nguồn vốn đối ứng"), max_length=200, blank=True)
    beneficiaries = models.PositiveIntegerField(_("số người hưởng lợi"), null=True, blank=True)
    beneficiaries_description = models.CharField(_("đối tượng hưởng lợi"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("công khai"), default=False, help_text=_("Chỉ hồ sơ công khai mới hiện trên trang thông tin.")
    )
    album = album_field(related_name="aid_items")
    search_text = models.CharField(max_length=1000, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử khoản viện trợ"))

    objects = AidItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoản viện trợ")
        verbose_name_plural = _("khoản viện trợ")
        ordering = ["-commitment_date", "code"]
        indexes = [
            models.Index(fields=["commitment_date"]),
            # The dashboard reads a period's items by an index-only scan of this covering index.
            models.Index(
                fields=["commitment_date"],
                include=["id", "program", "committed_usd", "committed_vnd", "counterpart_amount", "form", "status"],
                name="aid_item_period_cover",
            ),
            models.Index(fields=["status", "form"]),
            # The public list's order over public items: a deep page skips its rows in this index alone.
            models.Index(
                fields=["-commitment_date", "code"],
                include=["id"],
                condition=models.Q(is_public=True),
                name="aid_item_public_order",
            ),
            # sitemap.xml's last change of the public items: one index probe (MAX scanned 20.000 rows at ×100).
            models.Index(fields=["updated_at"], condition=models.Q(is_public=True), name="aid_item_public_updated"),
            *search_indexes("aid_aiditem", key="search_text", document=SEARCH_DOCUMENT),
        ]
        permissions = spreadsheet_permissions("aiditem", _("khoản viện trợ"))

    def __str__(self) -> str:
        title = self.title_en if get_language() == "en" and self.title_en else self.title
        return f"{self.code} – {title}"

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_text = " | ".join(k for k in (fold(self.code), fold(self.title), fold(self.title_en)) if k)[:1000]

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}

        def before(later, earlier, field, message):
            if later and earlier and later < earlier:
                errors.setdefault(field, message)

        before(self.planned_end, self.planned_start, "planned_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        before(
            self.actual_end,
            self.actual_start,
            "actual_end",
            _("Ngày kết thúc thực tế phải sau ngày bắt đầu."),
        )
        before(
            self.handover_date,
            self.approval_date,
            "handover_date",
            _("Ngày bàn giao không thể trước ngày phê duyệt."),
        )
        before(
            self.acceptance_date,
            self.works_start,
            "acceptance_date",
            _("Ngày nghiệm thu không thể trước ngày khởi công."),
        )
        before(
            self.handover_date,
            self.acceptance_date,
            "handover_date",
            _("Ngày bàn giao không thể trước ngày nghiệm thu."),
        )
        if self.committed_amount is not None and self.committed_amount <= 0:
            errors["committed_amount"] = _("Giá trị cam kết phải lớn hơn 0.")
        if self.committed_amount is not None and not self.currency_id:
            errors["currency"] = _("Chọn tiền tệ của giá trị cam kết.")
        if self.committed_amount is not None and not self.commitment_date:
            errors["commitment_date"] = _("Ghi ngày cam kết để quy đổi theo tỷ giá ngày đó.")
        if self.counterpart_amount is not None and self.counterpart_amount < 0:
            errors["counterpart_amount"] = _("Vốn đối ứng không thể âm.")
        if self.program_id and self.form == AidForm.PROGRAM:
            errors["program"] = _("Một chương trình không thể thuộc chương trình khác.")
        if self.program_id and self.program_id == self.pk:
            errors["program"] = _("Khoản viện trợ không thể thuộc chính nó.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title


# The certificate coverage check: who is checked, and on which dates.
COVERAGE_ROLES = (ProviderRole.FUNDING, ProviderRole.IMPLEMENTING)
# The apps whose records the check reads (aid items and their places and sectors; partners and their
# certificates; units and sectors): its answer stays true until one of them changes.
COVERAGE_READS = frozenset({"aid", "partners", "reference"})


def _deeper(value):
    """`value` as seen from a subquery one level further in: a reference to a column of an outer
    query needs one more OuterRef; a plain value stays as it is."""
    return OuterRef(value) if isinstance(value, F) else value


class AidProviderQuerySet(models.QuerySet):
    def coverage_checked(self) -> "AidProviderQuerySet":
        """The provider rows the certificate coverage check reads: foreign NGOs (PartnerType.INGO;
        other partner types register no certificate with us) funding or implementing an item not
        cancelled, each with the item's dates `coverage_start` — its actual start, else planned
        start, else works start, else commitment date (as AidItemQuerySet.active_in) — and
        `coverage_end` — its actual end, else planned end, else the start. Items with no date at all
        are not checked (the certificates cannot be matched to them)."""
        start = Coalesce(
            "aid_item__actual_start", "aid_item__planned_start", "aid_item__works_start", "aid_item__commitment_date"
        )
        return (
            self.filter(role__in=COVERAGE_ROLES, partner__partner_type=PartnerType.INGO)
            .exclude(aid_item__status=AidStatus.CANCELLED)
            .annotate(coverage_start=start)
            .filter(coverage_start__isnull=False)
            .annotate(
                coverage_end=Greatest(
                    Coalesce("aid_item__actual_end", "aid_item__planned_end", "coverage_start"), "coverage_start"
                )
            )
        )

    def coverage_flags(self) -> "AidProviderQuerySet":
        """coverage_checked() rows with three flags, each true when the NGO's certificates
        (partners.CertificateQuerySet.held_by: all but revoked ones) do not cover the item:
        `dates_uncovered` — some day from coverage_start to coverage_end has no certificate in force
        (a renewal continuing an expired one covers its days); `places_outside` — a place of the item
        lies in no province the certificates in force in those dates permit
        (AidLocationQuerySet.outside_certificate_provinces); `sectors_outside` — a sector of the item
        is in no DAC 3-digit category their fields cover (AidSectorQuerySet.outside_certificate_sectors).
        A list of provinces or fields the certificates leave blank is not checked."""
        partner, start, end = OuterRef("partner_id"), OuterRef("coverage_start"), OuterRef("coverage_end")
        certificates = RegistrationCertificate.objects
        own = AidLocation.objects.filter(aid_item=OuterRef("aid_item_id"))
        places = Exists(certificates.permitted_province_ids(partner, start, end)) & Exists(
            own.outside_certificate_provinces(partner, start, end)
        )
        fields, _further = certificates.permitted_categories(partner, start, end)
        sectors = Exists(fields) & Exists(
            AidSector.objects.filter(aid_item=OuterRef("aid_item_id")).outside_certificate_sectors(partner, start, end)
        )
        flag = lambda condition: Case(When(condition, then=True), default=False, output_field=models.BooleanField())  # noqa: E731
        return self.coverage_checked().annotate(
            dates_uncovered=flag(certificates.uncovered_days(partner, start, end)),
            places_outside=flag(places),
            sectors_outside=flag(sectors),
        )

    def outside_certificate_coverage(self) -> "AidProviderQuerySet":
        """The coverage_flags() rows with a flag raised."""
        return self.coverage_flags().filter(Q(dates_uncovered=True) | Q(places_outside=True) | Q(sectors_outside=True))


class AidProvider(models.Model):
    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="providers", verbose_name=_("khoản viện trợ"))
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="provided", verbose_name=_("đối tác"))
    role = models.CharField(_("vai trò"), max_length=1, choices=ProviderRole.choices, default=ProviderRole.FUNDING)
    history = HistoricalRecords(verbose_name=_("lịch sử nhà tài trợ"))

    objects = AidProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("bên cung cấp viện trợ")
        verbose_name_plural = _("bên cung cấp viện trợ")
        constraints = [models.UniqueConstraint(fields=["aid_item", "partner", "role"], name="unique_provider_role")]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"


class AidSectorQuerySet(models.QuerySet):
    def outside_certificate_sectors(self, partner, start, end) -> "AidSectorQuerySet":
        """These sectors whose DAC 3-digit category (the category of a 5-digit code) is covered by
        no field of `partner`'s certificates in force at some time in start..end
        (partners.CertificateQuerySet.permitted_categories). `partner`, `start`, `end`: values, or
        references to an outer query as seen from this one."""
        own, further = RegistrationCertificate.objects.permitted_categories(
            _deeper(partner), _deeper(start), _deeper(end)
        )
        return self.annotate(category=Coalesce("sector__category_id", "sector_id")).exclude(
            Q(category__in=own) | Q(category__in=further)
        )


class AidSector(models.Model):
    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="sectors", verbose_name=_("khoản viện trợ"))
    sector = models.ForeignKey(Sector, models.PROTECT, related_name="aid_sectors", verbose_name=_("lĩnh vực"))
    percentage = models.DecimalField(
        _("tỷ lệ (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[
            MinValueValidator(Decimal("0.01"), _("Tỷ lệ phải lớn hơn 0.")),
            MaxValueValidator(Decimal(100), _("Tỷ lệ không quá 100.")),
        ],
    )
    history = HistoricalRecords(verbose_name=_("lịch sử lĩnh vực viện trợ"))

    objects = AidSectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực (tổng 100%)")
        constraints = [models.UniqueConstraint(fields=["aid_item", "sector"], name="unique_aid_sector")]

    def __str__(self) -> str:
        return f"{self.sector} {self.percentage}%"


class AidLocationQuerySet(models.QuerySet):
    def outside_certificate_provinces(self, partner, start, end) -> "AidLocationQuerySet":
        """These places (those resolved to a unit) lying in no province that `partner`'s certificates
        in force at some time in start..end permit. A certificate naming a current province covers
        every place whose unit is in it today (today's Cà Mau covers the communes that were in Cà Mau
        or Bạc Liêu); one naming a legacy province (before 1 July 2025) covers a place when every
        legacy unit the place was lies in a permitted province (reference
        AdministrativeUnitQuerySet.legacy_provinces_of): legacy Bạc Liêu covers a commune recorded
        in Bạc Liêu before 2025 and a ward of today's Cà Mau made only of Bạc Liêu communes, not one
        that was in the legacy Cà Mau. `partner`, `start`, `end`: values, or references to an outer
        query as seen from this one."""
        certificates = RegistrationCertificate.objects
        here = certificates.permitted_province_ids(_deeper(partner), _deeper(start), _deeper(end))
        two_in = [_deeper(_deeper(v)) for v in (partner, start, end)]
        was_in = AdministrativeUnit.objects.legacy_provinces_of(OuterRef("place_recorded_id"))
        lay_somewhere = Q()
        lay_outside = Q()
        for provinces in was_in:
            lay_somewhere |= Exists(provinces)
            lay_outside |= Exists(provinces.exclude(province_id__in=certificates.permitted_province_ids(*two_in)))
        covered = Q(place_current__province_id__in=here) | (lay_somewhere & ~lay_outside)
        return (
            self.filter(place_recorded__isnull=False)
            .alias(covered=Case(When(covered, then=True), default=False, output_field=models.BooleanField()))
            .filter(covered=False)
        )


class AidLocation(PlaceFields):
    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="locations", verbose_name=_("khoản viện trợ"))
    site = models.CharField(
        _("địa điểm cụ thể"), max_length=200, blank=True, help_text=_("Ví dụ: Trường Tiểu học Đông Thới.")
    )
    history = HistoricalRecords(verbose_name=_("lịch sử địa bàn"))

    objects = AidLocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")

    def __str__(self) -> str:
        return self.place_text or str(self.place_recorded or "")


_DISBURSED_USD = Sum("amount_usd", default=Decimal(0))


class DisbursementQuerySet(models.QuerySet):
    def made_in(self, start: datetime.date, end: datetime.date) -> "DisbursementQuerySet":
        """Disbursements dated start..end."""
        return self.filter(date__range=(start, end))

    def total_usd(self) -> Decimal:
        """The disbursed amount in USD (at each disbursement's dated rate)."""
        return self.aggregate(usd=_DISBURSED_USD)["usd"]

    def total_usd_by(self, by: str):
        """total_usd() of each group of these disbursements, by the value of the field `by`: (value,
        USD) rows, in one query. A group with no disbursement is absent."""
        return self.order_by().values_list(by).annotate(usd=_DISBURSED_USD)

    def totals(self) -> dict:
        """{"count": n, "usd": Decimal, "vnd": Decimal}: the disbursements and their amounts at each
        one's dated rate, in one query (usd is total_usd())."""
        return self.aggregate(
            count=Count("pk"),
            usd=Sum("amount_usd", default=Decimal(0)),
            vnd=Sum("amount_vnd", default=Decimal(0)),
        )

    def by_funder(self) -> dict[int | None, dict]:
        """{partner id: {"usd", "vnd"}} of these disbursements, each split equally among the funders
        (ProviderRole.FUNDING) of its item — the dashboard's rule for an item's money — so the
        partners add up to the total; None holds the disbursements of items with no funder recorded.
        Two queries."""
        rows = list(self.order_by().values_list("aid_item_id", "amount_usd", "amount_vnd"))
        funders: dict[int, list[int]] = {}
        for item_id, partner_id in AidProvider.objects.filter(
            aid_item_id__in={item for item, _usd, _vnd in rows}, role=ProviderRole.FUNDING
        ).values_list("aid_item_id", "partner_id"):
            funders.setdefault(item_id, []).append(partner_id)
        shares: dict[int | None, dict] = {}
        for item_id, usd, vnd in rows:
            partners = funders.get(item_id) or [None]
            for partner_id in partners:
                entry = shares.setdefault(partner_id, {"usd": Decimal(0), "vnd": Decimal(0)})
                entry["usd"] += (usd or Decimal(0)) / len(partners)
                entry["vnd"] += (vnd or Decimal(0)) / len(partners)
        return shares


class Disbursement(NormalizedModel):
    aid_item = models.ForeignKey(
        AidItem, models.CASCADE, related_name="disbursements", verbose_name=_("khoản viện trợ")
    )
    date = models.DateField(_("ngày giải ngân"))
    amount = models.DecimalField(_("số tiền"), **MONEY)
    currency = models.ForeignKey(Currency, models.PROTECT, related_name="+", verbose_name=_("tiền tệ"))
    amount_usd = models.DecimalField(_("quy đổi USD"), null=True, blank=True, editable=False, **MONEY)
    amount_vnd = models.DecimalField(
        _("quy đổi VND"), max_digits=22, decimal_places=0, null=True, blank=True, editable=False
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử giải ngân"))

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["date"]
        permissions = spreadsheet_permissions("disbursement", _("giải ngân"))

    def __str__(self) -> str:
        return f"{ddmmyyyy(self.date)}: {self.amount} {self.currency_id}"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Số tiền giải ngân phải lớn hơn 0.")})


class BudgetType(models.TextChoices):
    """IATI BudgetType codes."""

    ORIGINAL = "1", _("Ban đầu")
    REVISED = "2", _("Điều chỉnh")


class BudgetStatus(models.TextChoices):
    """IATI BudgetStatus codes."""

    INDICATIVE = "1", _("Dự kiến")
    COMMITTED = "2", _("Đã cam kết")


# IATI's limit for one budget period (ruleset 7.5.3, read as the IATI Validator reads it: 365 days).
BUDGET_PERIOD_DAYS = 365


class AidBudget(models.Model):
    """The money planned for one period (a year at most) of an aid item: IATI's <budget>. A revised
    budget replaces the original one of the same period for data users; both are kept."""

    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="budgets", verbose_name=_("khoản viện trợ"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    amount = models.DecimalField(_("số tiền"), **MONEY)
    currency = models.ForeignKey(Currency, models.PROTECT, related_name="+", verbose_name=_("tiền tệ"))
    budget_type = models.CharField(_("loại"), max_length=1, choices=BudgetType.choices, default=BudgetType.ORIGINAL)
    status = models.CharField(
        _("tình trạng"), max_length=1, choices=BudgetStatus.choices, default=BudgetStatus.INDICATIVE
    )
    history = HistoricalRecords(verbose_name=_("lịch sử ngân sách"))

    class Meta:
        verbose_name = _("ngân sách theo kỳ")
        verbose_name_plural = _("ngân sách theo năm (mỗi kỳ tối đa 1 năm)")
        ordering = ["period_start", "budget_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["aid_item", "budget_type", "period_start"], name="unique_budget_period_type"
            )
        ]

    def __str__(self) -> str:
        return f"{ddmmyyyy(self.period_start)}–{ddmmyyyy(self.period_end)}: {self.amount} {self.currency_id}"

    def clean(self):
        super().clean()
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("Số tiền ngân sách không thể âm.")
        if self.period_start and self.period_end:
            if self.period_end <= self.period_start:
                errors["period_end"] = _("Ngày kết thúc kỳ ngân sách phải sau ngày bắt đầu.")
            elif (self.period_end - self.period_start).days > BUDGET_PERIOD_DAYS:
                errors["period_end"] = _(
                    "Một kỳ ngân sách dài tối đa một năm (chuẩn IATI): chia thành các kỳ từng năm."
                )
        if errors:
            raise ValidationError(errors)


class AidDocument(NormalizedModel):
    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="documents", verbose_name=_("khoản viện trợ"))
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=GeneratedName("aid"), validators=[validate_document_upload])
    is_public = models.BooleanField(_("công khai"), default=False)
    history = HistoricalRecords(verbose_name=_("lịch sử tài liệu"))

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def __str__(self) -> str:
        return self.title


# -- monitoring and results ---------------------------------------------------------------------------
class MonitoringVisitQuerySet(models.QuerySet):
    def public(self) -> "MonitoringVisitQuerySet":
        """None: a monitoring visit is an internal record (who went, what they found), so the album of
        a visit never shows on the public site either (gallery's AlbumQuerySet.published reads this)."""
        return self.none()


class MonitoringVisit(PlaceFields, NormalizedModel):
    """A monitoring visit to an aid item's site: when, who went (staff, internal), the commune (as
    recorded and the unit it is today, read as of the visit's date), what they found (internal), its
    photos as an album, and the follow-up actions it asked for."""

    aid_item = models.ForeignKey(
        AidItem, models.CASCADE, related_name="monitoring_visits", verbose_name=_("khoản viện trợ")
    )
    date = models.DateField(_("ngày giám sát"))
    visitors = models.CharField(
        _("người đi giám sát"),
        max_length=300,
        help_text=_("Cán bộ tham gia chuyến giám sát (nội bộ, không công khai)."),
    )
    findings = models.TextField(
        _("kết quả giám sát"), blank=True, help_text=_("Những gì đoàn ghi nhận (nội bộ, không công khai).")
    )
    album = album_field(related_name="monitoring_visits")
    history = HistoricalRecords(verbose_name=_("lịch sử chuyến giám sát"))

    objects = MonitoringVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyến giám sát")
        verbose_name_plural = _("chuyến giám sát")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["aid_item", "date"])]

    def __str__(self) -> str:
        return _("%(code)s – giám sát ngày %(date)s") % {"code": self.aid_item.code, "date": ddmmyyyy(self.date)}

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Ngày giám sát không thể sau hôm nay: ghi chuyến giám sát khi đã đi.")})


class FollowUpActionQuerySet(models.QuerySet):
    def open(self) -> "FollowUpActionQuerySet":
        """Actions not closed yet (no completion date)."""
        return self.filter(closed_on__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> "FollowUpActionQuerySet":
        """Open actions whose due date has passed (before `today`): the dashboard's alert and the
        admin list's filter "quá hạn"."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUpAction(NormalizedModel):
    """A follow-up action a monitoring visit asked for: what, who is responsible (internal), by when;
    open until its completion date is recorded."""

    visit = models.ForeignKey(
        MonitoringVisit, models.CASCADE, related_name="actions", verbose_name=_("chuyến giám sát")
    )
    text = models.CharField(_("việc cần làm"), max_length=500)
    owner = models.CharField(_("người phụ trách"), max_length=200)
    due_date = models.DateField(_("hạn hoàn thành"))
    closed_on = models.DateField(
        _("ngày hoàn thành"), null=True, blank=True, help_text=_("Để trống khi việc chưa xong.")
    )
    history = HistoricalRecords(verbose_name=_("lịch sử việc cần làm sau giám sát"))

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc cần làm sau giám sát")
        verbose_name_plural = _("việc cần làm sau giám sát")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["due_date"], condition=Q(closed_on__isnull=True), name="follow_up_open_due")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self):
        super().clean()
        errors = {}
        try:
            visit_date = self.visit.date  # the parent of an inline row may not be saved yet
        except MonitoringVisit.DoesNotExist:
            visit_date = None
        if visit_date and self.due_date and self.due_date < visit_date:
            errors["due_date"] = _("Hạn hoàn thành không thể trước ngày giám sát (%(date)s).") % {
                "date": ddmmyyyy(visit_date)
            }
        if visit_date and self.closed_on and self.closed_on < visit_date:
            errors["closed_on"] = _("Ngày hoàn thành không thể trước ngày giám sát (%(date)s).") % {
                "date": ddmmyyyy(visit_date)
            }
        if self.closed_on and self.closed_on > timezone.localdate():
            errors["closed_on"] = _("Ngày hoàn thành không thể sau hôm nay.")
        if errors:
            raise ValidationError(errors)


class ResultType(models.TextChoices):
    """IATI ResultType codes."""

    OUTPUT = "1", _("Đầu ra")
    OUTCOME = "2", pgettext_lazy("IATI result type", "Kết quả")
    IMPACT = "3", _("Tác động")
    OTHER = "9", _("Khác")


class IndicatorMeasure(models.TextChoices):
    """IATI IndicatorMeasure codes: the quantitative ones (a value is required for each)."""

    UNIT = "1", _("Số lượng")
    PERCENTAGE = "2", _("Tỷ lệ (%)")


class ResultQuerySet(models.QuerySet):
    def public(self) -> "ResultQuerySet":
        """Results the public may see: marked public, of a public aid item."""
        return self.filter(is_public=True, aid_item__is_public=True)

    def published(self) -> "ResultQuerySet":
        """Public results with their periods (prefetched, oldest first), in the order the pages and the
        IATI file list them: what to prefetch from public aid items (two queries, however many)."""
        periods = ResultPeriod.objects.order_by("period_start", "pk")
        prefetched = self.public().prefetch_related(models.Prefetch("periods", queryset=periods))
        return prefetched.order_by("result_type", "pk")


INDICATOR_VALUE = {"max_digits": 20, "decimal_places": 2}


class Result(NormalizedModel):
    """A result an aid item aims at, measured by one indicator: its baseline and, per period, the
    target and what was achieved. Public results are shown on the item's and its partners' pages and
    published in the IATI file as <result>."""

    aid_item = models.ForeignKey(AidItem, models.CASCADE, related_name="results", verbose_name=_("khoản viện trợ"))
    result_type = models.CharField(
        _("loại kết quả"), max_length=1, choices=ResultType.choices, default=ResultType.OUTPUT
    )
    title = models.CharField(_("kết quả mong đợi"), max_length=300)
    title_en = models.CharField(_("kết quả mong đợi (tiếng Anh)"), max_length=300, blank=True)
    indicator = models.CharField(_("chỉ số"), max_length=300)
    indicator_en = models.CharField(_("chỉ số (tiếng Anh)"), max_length=300, blank=True)
    measure = models.CharField(
        _("đo bằng"), max_length=1, choices=IndicatorMeasure.choices, default=IndicatorMeasure.UNIT
    )
    unit = models.CharField(_("đơn vị tính"), max_length=60, blank=True, help_text=_("Ví dụ: học sinh, hộ, ha."))
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=60, blank=True)
    baseline_value = models.DecimalField(_("giá trị ban đầu"), null=True, blank=True, **INDICATOR_VALUE)
    baseline_year = models.PositiveSmallIntegerField(
        _("năm của giá trị ban đầu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    is_public = models.BooleanField(
        _("công khai"), default=False, help_text=_("Hiện trên trang khoản viện trợ, trang đối tác và tệp IATI.")
    )
    history = HistoricalRecords(verbose_name=_("lịch sử kết quả"))

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả và chỉ số")
        verbose_name_plural = _("kết quả và chỉ số")
        ordering = ["aid_item", "result_type", "pk"]

    def __str__(self) -> str:
        return f"{self.title}: {self.indicator}"

    def clean(self):
        super().clean()
        if (self.baseline_value is None) != (self.baseline_year is None):
            field = "baseline_year" if self.baseline_year is None else "baseline_value"
            raise ValidationError({field: _("Ghi cả giá trị ban đầu và năm của nó, hoặc để trống cả hai.")})


class ResultPeriod(models.Model):
    """One reporting period of a result's indicator: the target and the actual value reached."""

    result = models.ForeignKey(Result, models.CASCADE, related_name="periods", verbose_name=_("kết quả"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    target = models.DecimalField(pgettext_lazy("result target", "chỉ tiêu"), null=True, blank=True, **INDICATOR_VALUE)
    actual = models.DecimalField(_("đạt được"), null=True, blank=True, **INDICATOR_VALUE)
    history = HistoricalRecords(verbose_name=_("lịch sử kỳ báo cáo kết quả"))

    class Meta:
        verbose_name = _("kỳ báo cáo kết quả")
        verbose_name_plural = _("chỉ tiêu và kết quả theo kỳ")
        ordering = ["period_start", "pk"]
        constraints = [models.UniqueConstraint(fields=["result", "period_start"], name="unique_result_period")]

    def __str__(self) -> str:
        return f"{ddmmyyyy(self.period_start)}–{ddmmyyyy(self.period_end)}"

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = _("Ngày kết thúc kỳ phải sau ngày bắt đầu.")
        if self.target is None and self.actual is None:
            errors["target"] = _("Ghi chỉ tiêu, kết quả đạt được, hoặc cả hai.")
        if self.actual is not None and self.period_start and self.period_start > timezone.localdate():
            errors["actual"] = _("Kỳ này chưa bắt đầu: chưa thể ghi kết quả đạt được.")
        if errors:
            raise ValidationError(errors)


class PartnerAidChange(models.Model):
    """A partner whose aid rows a statement changed, written by PostgreSQL itself (the triggers of
    migration 0013 on every aid table a partner page's aid figures read: items, providers, places,
    sectors, results and their periods, disbursements), whatever wrote them — a service, a bulk
    import, raw SQL. A partner's latest `version` (drawn from the records versions' sequence, never
    twice) is the stamp its page's aid figures are kept under (partner_stamps): one index lookup, where
    fingerprinting its rows took 6–12 ms at ×100, and all partners' in one small query (120–160 ms).
    `txid` is the writing transaction's: what it changed can be computed before it commits
    (partners_changed_here). Rows below each partner's latest are pruned (prune_partner_changes)."""

    partner_id = models.BigIntegerField(_("đối tác"))
    version = models.BigIntegerField(_("phiên bản"))
    txid = models.BigIntegerField(_("giao dịch"))

    class Meta:
        verbose_name = _("thay đổi viện trợ của đối tác")
        verbose_name_plural = _("thay đổi viện trợ của đối tác")
        indexes = [
            models.Index(fields=["partner_id", "version"], name="aid_partnerchange_latest"),
            models.Index(fields=["txid"], name="aid_partnerchange_txid"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.version}"


def _logged(connection) -> bool:
    return connection.vendor == "postgresql"


def partner_stamps(partner_ids=None) -> dict | None:
    """{partner id: stamp of its aid rows} for `partner_ids` (None: every partner with a change), a
    partner with no change "c0"; None where the database keeps no changes (SQLite: the aid version
    alone keys the figures). Read in one query."""
    connection = connections[PartnerAidChange.objects.db]
    if not _logged(connection):
        return None
    table = connection.ops.quote_name(PartnerAidChange._meta.db_table)
    where, params = ("", []) if partner_ids is None else ("WHERE partner_id = ANY(%s)", [list(partner_ids)])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT partner_id, max(version) FROM {table} {where} GROUP BY partner_id", params)
        latest = dict(cursor.fetchall())
    if partner_ids is None:
        return defaultdict(lambda: "c0", {pk: f"c{version}" for pk, version in latest.items()})
    return {pk: f"c{latest.get(pk, 0)}" for pk in partner_ids}


def partners_changed_here() -> set[int] | None:
    """The partners whose aid rows the current transaction has changed so far (None where the
    database keeps no changes)."""
    connection = connections[PartnerAidChange.objects.db]
    if not _logged(connection):
        return None
    table = connection.ops.quote_name(PartnerAidChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT partner_id FROM {table} WHERE txid = txid_current_if_assigned()")
        return {pk for (pk,) in cursor.fetchall()}


def restamp_partner_changes() -> None:
    """Give this transaction's recorded changes new numbers, just before it commits (AppConfig.
    before_commit, core.versioning.compute_at_commit): a statement's trigger drew its number when it
    ran, and a transaction that drew earlier can commit later, its change then hidden under a partner's
    latest number (the stamp would not move). Drawn here, while the transaction holds the records
    version's row (every write that moves figures bumps it, and holds it until its commit), the
    numbers follow the order of the commits."""
    connection = connections[PartnerAidChange.objects.db]
    if not _logged(connection):
        return
    table = connection.ops.quote_name(PartnerAidChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET version = nextval('core_dataversion_version_seq')"
            " WHERE txid = txid_current_if_assigned()"
        )


def prune_partner_changes() -> int:
    """Delete every change below its partner's latest (which alone makes the stamp): the table keeps
    about one row per partner. By SQL: no signal, no version moves. The rows deleted."""
    connection = connections[PartnerAidChange.objects.db]
    if not _logged(connection):
        return 0
    table = connection.ops.quote_name(PartnerAidChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} c"
            f" USING (SELECT partner_id, max(version) AS latest FROM {table} GROUP BY partner_id) k"
            " WHERE c.partner_id = k.partner_id AND c.version < k.latest"
        )
        return cursor.rowcount


def certificate_rows() -> tuple[models.QuerySet, ...]:
    """Every row but its aid rows that the certificate coverage check of one partner's aid reads
    (AidProviderQuerySet.coverage_flags), for core.versioning.row_stamps, each with the partner as
    `stamp_group`: its own row (its type) and its certificates with the provinces and fields they
    permit. Its aid rows are watched by the changes PostgreSQL records (partner_stamps); what a field
    covers and where a unit lies are reference records (their versions)."""
    certificate = "registrationcertificate__partner"
    return (
        Partner.objects.annotate(stamp_group=F("pk")),
        RegistrationCertificate.objects.annotate(stamp_group=F("partner")),
        RegistrationCertificate.permitted_provinces.through.objects.annotate(stamp_group=F(certificate)),
        RegistrationCertificate.permitted_sectors.through.objects.annotate(stamp_group=F(certificate)),
    )


def coverage_stamps() -> dict | None:
    """{partner id: a stamp of every row its certificate coverage check reads}: its aid rows' latest
    recorded change (partner_stamps) and a fingerprint of its certificate rows (certificate_rows), in
    two queries (at ×100: 5 ms, where fingerprinting its aid rows too took 170 ms). None on SQLite."""
    aid, own = partner_stamps(), row_stamps(*certificate_rows())
    return None if aid is None or own is None else _Joined(aid, own)


class _Joined(dict):
    """The stamps of several sources for one key, joined (each source answers every key)."""

    def __init__(self, *sources):
        super().__init__()
        self.sources = sources

    def __missing__(self, key):
        return "/".join(source[key] for source in self.sources)
