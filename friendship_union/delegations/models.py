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
from friendship_union.reference.models import Country, PlaceFields


class Direction(models.TextChoices):
    INCOMING = "in", _("Đoàn vào")
    OUTGOING = "out", _("Đoàn ra")


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
            *search_indexes("delegations_delegation", key="search_text", document=SEARCH_DOCUMENT),
        ]
        permissions = spreadsheet_permissions("delegation", _("đoàn"))

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.title} ({ddmmyyyy(self.start_date)})"

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_text = " | ".join(k for k in (fold(self.code), fold(self.title), fold(self.leader_name)) if k)[:800]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không thể trước ngày bắt đầu.")})


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
