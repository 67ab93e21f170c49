"""Plans (a yearly target per indicator; promotion programs over several years), the periodic
reports leaders write (period, addressees, signer, the narrative sections) and the submissions: a
report as sent, frozen — its files, every figure, and the records it counted."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.aid.models import AidItem
from friendship_union.core.models import NormalizedModel
from friendship_union.core.uploads import GeneratedName

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
TARGET = {"max_digits": 22, "decimal_places": 0}


class Indicator(models.TextChoices):
    """What a plan sets a target for; each is one figure of the report (services.INDICATOR_FIGURES)."""

    AID_ITEMS = "aid_items", _("Khoản viện trợ mới được cam kết (khoản)")
    COMMITTED_VND = "committed_vnd", _("Giá trị viện trợ cam kết mới (VND)")
    DISBURSED_VND = "disbursed_vnd", _("Giá trị giải ngân (VND)")
    DELEGATIONS_OUT = "delegations_out", _("Đoàn ra (đoàn)")
    DELEGATIONS_IN = "delegations_in", _("Đoàn vào (đoàn)")
    FOREIGN_VISITORS = "foreign_visitors", _("Lượt khách nước ngoài đến (lượt người)")
    EVENTS = "events", _("Hội nghị, hội thảo, sự kiện (sự kiện)")
    DIASPORA_VISITORS = "diaspora_visitors", _("Lượt kiều bào về thăm (lượt người)")


class AnnualPlan(NormalizedModel):
    """The year's plan (kế hoạch năm): one target per indicator (AnnualTarget)."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True, validators=YEAR)
    document = models.CharField(
        _("văn bản giao kế hoạch"), max_length=200, blank=True, help_text=_("Ví dụ: Kế hoạch số 05/KH-LHHN.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử kế hoạch năm"))

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Kế hoạch năm %(year)s") % {"year": self.year})


class AnnualTarget(models.Model):
    plan = models.ForeignKey(AnnualPlan, models.CASCADE, related_name="targets", verbose_name=_("kế hoạch năm"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=20, choices=Indicator.choices)
    target = models.DecimalField(
        _("mục tiêu"), validators=[MinValueValidator(1, _("Mục tiêu phải lớn hơn 0."))], **TARGET
    )
    history = HistoricalRecords(verbose_name=_("lịch sử chỉ tiêu kế hoạch"))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "indicator"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="unique_annual_target")]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.target}"


class PromotionProgram(NormalizedModel):
    """A promotion program (chương trình vận động, xúc tiến viện trợ) over several years, with its
    targets and the aid items it brought."""

    name = models.CharField(_("tên chương trình"), max_length=300, unique=True)
    first_year = models.PositiveSmallIntegerField(_("từ năm"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("đến năm"), validators=YEAR)
    document = models.CharField(
        _("văn bản ban hành"), max_length=200, blank=True, help_text=_("Ví dụ: Quyết định số 12/QĐ-UBND.")
    )
    description = models.TextField(_("nội dung"), blank=True)
    aid_items = models.ManyToManyField(
        AidItem,
        blank=True,
        related_name="promotion_programs",
        verbose_name=_("khoản viện trợ chương trình mang lại"),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử chương trình xúc tiến"), m2m_fields=[aid_items])

    class Meta:
        verbose_name = _("chương trình xúc tiến viện trợ")
        verbose_name_plural = _("chương trình xúc tiến viện trợ")
        ordering = ["-first_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"

    def clean(self):
        super().clean()
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("Năm kết thúc không thể trước năm bắt đầu.")})

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first_year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last_year, 12, 31)


class ProgramTarget(models.Model):
    program = models.ForeignKey(
        PromotionProgram, models.CASCADE, related_name="targets", verbose_name=_("chương trình")
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=20, choices=Indicator.choices)
    target = models.DecimalField(
        _("mục tiêu cả chương trình"), validators=[MinValueValidator(1, _("Mục tiêu phải lớn hơn 0."))], **TARGET
    )
    history = HistoricalRecords(verbose_name=_("lịch sử chỉ tiêu chương trình"))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["program", "indicator"]
        constraints = [models.UniqueConstraint(fields=["program", "indicator"], name="unique_program_target")]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.target}"


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    TERM = "term", _("Nhiệm kỳ")


class Half(models.IntegerChoices):
    FIRST = 1, _("6 tháng đầu năm")
    SECOND = 2, _("6 tháng cuối năm")


class Report(NormalizedModel):
    """A periodic report being written: its period, addressees, signer and the narrative sections
    (II. assessment, III. difficulties, IV. proposals). The figures (I.) and annexes are computed
    from the records when the pack is made; sending freezes them in a Submission."""

    kind = models.CharField(
        _("loại kỳ báo cáo"), max_length=4, choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), null=True, blank=True, validators=YEAR, help_text=_("Với báo cáo 6 tháng hoặc báo cáo năm.")
    )
    half = models.PositiveSmallIntegerField(_("nửa năm"), choices=Half.choices, null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("nhiệm kỳ từ năm"), null=True, blank=True, validators=YEAR, help_text=_("Với báo cáo nhiệm kỳ.")
    )
    last_year = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"), null=True, blank=True, validators=YEAR)
    start = models.DateField(_("từ ngày"), editable=False)
    end = models.DateField(_("đến ngày"), editable=False)
    title = models.CharField(
        _("trích yếu"),
        max_length=300,
        blank=True,
        help_text=_(
            "Để trống: “Kết quả công tác viện trợ phi chính phủ nước ngoài và đối ngoại nhân dân” và kỳ báo cáo."
        ),
    )
    recipients = models.TextField(_("kính gửi"), help_text=_("Mỗi nơi một dòng, ví dụ: Ủy ban nhân dân tỉnh Cà Mau."))
    copies_to = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi nơi một dòng; để trống: “Như trên” và “Lưu: VT”.")
    )
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=60, blank=True, help_text=_("Ví dụ: KT. CHỦ TỊCH (để trống nếu ký thẳng).")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, help_text=_("Ví dụ: PHÓ CHỦ TỊCH."))
    signer_name = models.CharField(_("họ tên người ký"), max_length=150)
    assessment = models.TextField(_("II. Đánh giá chung"), blank=True, help_text=_("Mỗi đoạn một dòng."))
    difficulties = models.TextField(_("III. Khó khăn, vướng mắc"), blank=True, help_text=_("Mỗi đoạn một dòng."))
    proposals = models.TextField(_("IV. Đề xuất, kiến nghị"), blank=True, help_text=_("Mỗi đoạn một dòng."))
    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo"))

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-start", "-end"]

    def __str__(self) -> str:
        return str(_("Báo cáo %(period)s") % {"period": self.period_label})

    @property
    def period_label(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR and self.year and self.half:
            return str(Half(self.half).label).lower().capitalize() + f" {self.year}"
        if self.kind == PeriodKind.YEAR and self.year:
            return str(_("năm %(year)s") % {"year": self.year}).capitalize()
        if self.kind == PeriodKind.TERM and self.first_year and self.last_year:
            return str(
                _("nhiệm kỳ %(first)s–%(last)s") % {"first": self.first_year, "last": self.last_year}
            ).capitalize()
        return ""

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in (PeriodKind.HALF_YEAR, PeriodKind.YEAR) and not self.year:
            errors["year"] = _("Ghi năm của kỳ báo cáo.")
        if self.kind == PeriodKind.HALF_YEAR and not self.half:
            errors["half"] = _("Chọn 6 tháng đầu năm hay 6 tháng cuối năm.")
        if self.kind == PeriodKind.TERM:
            if not self.first_year:
                errors["first_year"] = _("Ghi năm đầu của nhiệm kỳ.")
            if not self.last_year:
                errors["last_year"] = _("Ghi năm cuối của nhiệm kỳ.")
            if self.first_year and self.last_year and self.last_year < self.first_year:
                errors["last_year"] = _("Năm cuối của nhiệm kỳ không thể trước năm đầu (%(first)s).") % {
                    "first": self.first_year
                }
        if errors:
            raise ValidationError(errors)


number_and_symbol = RegexValidator(
    r"^\d{1,5}/[0-9A-ZĐ]+(-[0-9A-ZĐ]+)*$",
    _("Số và ký hiệu viết như 15/BC-LHHN: số, dấu /, ký hiệu in hoa nối bằng dấu -."),
)


class Submission(models.Model):
    """A report as sent (Gửi báo cáo): who sent it, when, to whom, under which number, the two
    files byte for byte, every figure as sent, and the records it counted. Never edited."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="submissions", verbose_name=_("báo cáo"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=100)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    number = models.CharField(_("số, ký hiệu"), max_length=40, validators=[number_and_symbol])
    document_date = models.DateField(_("ngày văn bản"))
    recipient = models.TextField(_("nơi nhận báo cáo"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người gửi"))
    # Made by the site when the report is sent, never uploaded (no form offers them): not editable.
    docx = models.FileField(_("tệp báo cáo (.docx)"), upload_to=GeneratedName("reports"), editable=False)
    xlsx = models.FileField(_("tệp phụ lục (.xlsx)"), upload_to=GeneratedName("reports"), editable=False)
    docx_sha256 = models.CharField(_("SHA-256 tệp .docx"), max_length=64)
    xlsx_sha256 = models.CharField(_("SHA-256 tệp .xlsx"), max_length=64)
    figures = models.JSONField(_("số liệu đã gửi"), default=dict)
    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo đã gửi"))

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["number", "document_date"], name="unique_submission_number")]

    def __str__(self) -> str:
        return str(_("Báo cáo số %(number)s (%(period)s)") % {"number": self.number, "period": self.period_label})


class CountedRecord(models.Model):
    """A record a submission counted (an annex row or a row behind one: an aid item, its funders,
    sectors, places and disbursements; a partner, its certificates; a delegation; an enterprise, a
    donation), with its latest history row when sent: a later history row is a change since."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="counted", verbose_name=_("báo cáo"))
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    history_id = models.BigIntegerField(null=True, blank=True)
    label = models.CharField(_("hồ sơ"), max_length=300)

    class Meta:
        verbose_name = _("hồ sơ được tính")
        verbose_name_plural = _("hồ sơ được tính")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["submission", "content_type", "object_id"], name="unique_counted_record")
        ]

    def __str__(self) -> str:
        return self.label
