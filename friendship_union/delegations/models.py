"""Incoming (đoàn vào) and outgoing (đoàn ra) delegations."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import ddmmyyyy, fold
from friendship_union.gallery.models import album_field
from friendship_union.organizations.models import MemberAssociation
from friendship_union.reference.models import Country, PlaceFields

# The country of the Union itself: an incoming delegation whose countries are only this one is not foreign.
HOME_COUNTRY = "VN"


class Direction(models.TextChoices):
    INCOMING = "in", _("Đoàn vào")
    OUTGOING = "out", _("Đoàn ra")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state", _("Ngân sách nhà nước")
    PARTNER = "partner", _("Đối tác tài trợ")
    SELF = "self", _("Tự túc")
    OTHER = "other", _("Khác")


class DelegationQuerySet(models.QuerySet):
    def public(self) -> "DelegationQuerySet":
        return self.filter(is_public=True)

    def between(self, first_year: int, last_year: int) -> "DelegationQuerySet":
        """Delegations that started in the given years (inclusive)."""
        return self.started_in(datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31))

    def started_in(self, start: datetime.date, end: datetime.date) -> "DelegationQuerySet":
        """Delegations whose start date falls in start..end."""
        return self.filter(start_date__range=(start, end))

    def without_partner_or_country(self) -> "DelegationQuerySet":
        """Delegations with no partner or no country recorded."""
        lacking = self.model.objects.filter(Q(partners__isnull=True) | Q(countries__isnull=True)).values("pk")
        return self.filter(pk__in=lacking)

    def foreign_incoming(self) -> "DelegationQuerySet":
        """Incoming delegations from abroad: every incoming one except those whose countries, all
        recorded, are Việt Nam only (a delegation with no country yet counts as foreign)."""
        through = self.model.countries.through.objects
        abroad = through.exclude(country_id=HOME_COUNTRY).values("delegation_id")
        home_only = through.filter(country_id=HOME_COUNTRY).exclude(delegation_id__in=abroad).values("delegation_id")
        return self.filter(direction=Direction.INCOMING).exclude(pk__in=home_only)

    def missing_entry_notice(self) -> "DelegationQuerySet":
        """Incoming foreign delegations with no entry notice number recorded (the notification to the
        authorities of foreigners coming to work in the province)."""
        return self.foreign_incoming().filter(entry_notice_number="")

    def yearly_counts(self):
        """One row per (year, direction): delegations and participants, oldest year first."""
        return (
            self.annotate(year=ExtractYear("start_date"))
            .values("year", "direction")
            .annotate(delegations=Count("pk"), participants=Sum("participants", default=0))
            .order_by("year", "direction")
        )

    def totals_by_direction(self) -> dict[str, dict[str, int]]:
        """{"in": {"delegations": n, "participants": n}, "out": {...}} in one query."""
        rows = self.values("direction").annotate(delegations=Count("pk"), participants=Sum("participants", default=0))
        totals = {d: {"delegations": 0, "participants": 0} for d in Direction.values}
        for row in rows.order_by():
            totals[row["direction"]] = {
                "delegations": row["delegations"],
                "participants": row["participants"],
            }
        return totals


# The site search"s full-text document of a Delegation: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_text", "purpose")


class Delegation(NormalizedModel):
    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$", _("Mã chỉ gồm chữ không dấu, số, - _ . /"))],
    )
    direction = models.CharField(_("hướng"), max_length=3, choices=Direction.choices)
    title = models.CharField(_("tên đoàn"), max_length=300)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    title_en = models.CharField(_("tên đoàn (tiếng Anh)"), max_length=300, blank=True)
    purpose = models.TextField(_("mục đích"), blank=True)
    purpose_en = models.TextField(_("mục đích (tiếng Anh)"), blank=True)
    leader_name = models.CharField(_("trưởng đoàn"), max_length=150, blank=True)
    leader_position = models.CharField(_("chức vụ trưởng đoàn"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(
        _("số lượt người"), validators=[MinValueValidator(1, _("Đoàn phải có ít nhất 1 người."))]
    )
    members = models.TextField(_("danh sách thành viên"), blank=True, help_text=_("Mỗi người một dòng (nội bộ)."))
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="delegations", verbose_name=_("đối tác làm việc")
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="delegations", verbose_name=_("quốc gia"))
    places_abroad = models.CharField(
        _("nơi làm việc ở nước ngoài / ngoài tỉnh"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: TP. Hồ Chí Minh; Hà Nội."),
    )
    agenda = models.TextField(_("chương trình làm việc"), blank=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    follow_ups = models.ManyToManyField(
        "aid.AidItem", blank=True, related_name="delegations", verbose_name=_("khoản viện trợ phát sinh")
    )
    # The decision that sent (quyết định cử đoàn) or received (quyết định / chủ trương đón đoàn) it: public.
    decision_number = models.CharField(
        _("số quyết định cử / đón đoàn"),
        max_length=60,
        blank=True,
        help_text=_("Đoàn ra: quyết định cử đoàn; đoàn vào: quyết định hoặc văn bản chủ trương đón đoàn."),
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_authority = models.CharField(
        _("cơ quan quyết định"), max_length=200, blank=True, help_text=_("Ví dụ: UBND tỉnh Cà Mau.")
    )
    # Money and the entry notice are internal: never on the public pages or the open data.
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=10, choices=FundingSource.choices, blank=True)
    funding_note = models.CharField(
        _("ghi rõ nguồn kinh phí"),
        max_length=200,
        blank=True,
        help_text=_("Bắt buộc khi nguồn kinh phí là “Khác”; ví dụ: tên đối tác tài trợ (nội bộ)."),
    )
    cost_vnd = models.DecimalField(
        _("kinh phí (VND)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Kinh phí không thể âm."))],
        help_text=_("Tổng kinh phí của chuyến (nội bộ, không công khai)."),
    )
    entry_notice_number = models.CharField(
        _("số thông báo nhập cảnh"),
        max_length=60,
        blank=True,
        help_text=_("Đoàn vào từ nước ngoài: văn bản thông báo cơ quan chức năng về việc đoàn đến làm việc (nội bộ)."),
    )
    entry_notice_date = models.DateField(_("ngày thông báo nhập cảnh"), null=True, blank=True)
    host_association = models.ForeignKey(
        MemberAssociation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("hội thành viên chủ trì"),
        help_text=_("Hội thành viên đón (đoàn vào) hoặc cử (đoàn ra) đoàn."),
    )
    host_unit = models.CharField(
        _("đơn vị chủ trì khác"),
        max_length=200,
        blank=True,
        help_text=_("Khi đơn vị đón hoặc cử đoàn không phải hội thành viên (ví dụ: Văn phòng Liên hiệp)."),
    )
    is_public = models.BooleanField(_("công khai"), default=True)
    album = album_field(related_name="delegations")
    search_text = models.CharField(max_length=800, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử đoàn"), m2m_fields=[partners, countries])

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn ra – đoàn vào")
        verbose_name_plural = _("đoàn ra – đoàn vào")
        ordering = ["-start_date", "code"]
        indexes = [
            models.Index(fields=["start_date", "direction"]),
            # The dashboard counts a period's delegations by an index-only scan of this covering index.
            models.Index(fields=["start_date"], include=["direction", "participants"], name="delegation_period_cover"),
            # The public list in its order, its count and its years, read from this index alone (at 100×
            # the demo the count scanned 25.100 rows: 7 ms, now 1,4 ms).
            models.Index(
                fields=["-start_date", "code"],
                include=["id"],
                condition=models.Q(is_public=True),
                name="delegation_public_order",
            ),
            # sitemap.xml's last change of the public delegations: one index probe.
            models.Index(fields=["updated_at"], condition=models.Q(is_public=True), name="delegation_public_updated"),
            *search_indexes("delegations_delegation", key="search_text", document=SEARCH_DOCUMENT),
        ]
        permissions = spreadsheet_permissions("delegation", _("đoàn"))

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.title} ({ddmmyyyy(self.start_date)})"

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        keys = (fold(self.code), fold(self.title), fold(self.leader_name), fold(self.decision_number))
        self.search_text = " | ".join(k for k in keys if k)[:800]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc không thể trước ngày bắt đầu.")
        if self.decision_date and not self.decision_number:
            errors["decision_number"] = _("Có ngày quyết định thì phải ghi số quyết định.")
        if self.decision_number and not self.decision_date:
            errors["decision_date"] = _("Có số quyết định thì phải ghi ngày quyết định.")
        if (
            self.direction == Direction.OUTGOING
            and self.decision_date
            and self.start_date
            and self.decision_date > self.start_date
        ):
            errors["decision_date"] = _(
                "Quyết định cử đoàn (ngày %(decision)s) không thể sau ngày đoàn đi (%(start)s)."
            ) % {"decision": ddmmyyyy(self.decision_date), "start": ddmmyyyy(self.start_date)}
        if self.funding_source == FundingSource.OTHER and not self.funding_note:
            errors["funding_note"] = _("Nguồn kinh phí “Khác”: ghi rõ nguồn kinh phí.")
        if self.direction == Direction.OUTGOING and (self.entry_notice_number or self.entry_notice_date):
            errors["entry_notice_number"] = _("Thông báo nhập cảnh chỉ ghi cho đoàn vào.")
        elif self.entry_notice_date and not self.entry_notice_number:
            errors["entry_notice_number"] = _("Có ngày thông báo nhập cảnh thì phải ghi số văn bản.")
        if self.host_association_id and self.host_unit:
            errors["host_unit"] = _("Chọn hội thành viên hoặc ghi đơn vị khác, không ghi cả hai.")
        if errors:
            raise ValidationError(errors)

    @property
    def host_name(self) -> str:
        """The member association or other unit that hosted or sent it ("" when not recorded)."""
        return self.host_association.name if self.host_association_id else self.host_unit


class DelegationPlace(PlaceFields):
    """A place in the province the delegation visited (as recorded + current unit)."""

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="places", verbose_name=_("đoàn"))
    site = models.CharField(_("địa điểm cụ thể"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử nơi đến"))

    class Meta:
        verbose_name = _("nơi đến trong tỉnh")
        verbose_name_plural = _("nơi đến trong tỉnh")

    def __str__(self) -> str:
        return self.place_text
