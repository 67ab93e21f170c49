"""Approval dossiers: an aid item's appraisal and approval (or the province's opinion on a foreign NGO's
certificate application), stage by stage, against legal time limits counted in working days.

The time limits are data (`TimeLimit`: decree, stage, working days, where the number comes from), and
so are the days the government adds off or makes worked (`DayAdjustment`); the public holidays come
from the `holidays` package (workdays.py). A dossier's stage and due dates are derived by its write
service (services.py) and stored, so the overdue list is one indexed filter."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.aid.models import AidItem
from friendship_union.core.models import NormalizedModel
from friendship_union.partners.models import Partner


class DossierDecree(models.TextChoices):
    # The values of the aid decrees are aid.models.Decree's, so an item's decree carries over.
    D80_2020 = "80/2020", _("Nghị định 80/2020/NĐ-CP")
    D313_2025 = "313/2025", _("Nghị định 313/2025/NĐ-CP")
    D58_2022 = "58/2022", _("Nghị định 58/2022/NĐ-CP (góp ý cấp giấy đăng ký)")


class LimitStage(models.TextChoices):
    COMPLETENESS = "completeness", _("Kiểm tra tính hợp lệ của hồ sơ")
    OPINION = "opinion", _("Cơ quan có ý kiến")
    APPRAISAL = "appraisal", _("Thẩm định")
    DECISION = "decision", _("Ra quyết định sau thẩm định")


class DayAdjustment(NormalizedModel):
    """A day the government makes off (Tết extended, a bridge day) or makes worked (a make-up
    Saturday), on top of the public holidays the `holidays` package knows."""

    date = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(
        _("là ngày làm bù"),
        default=False,
        help_text=_("Chọn nếu là ngày làm việc bù (thường là thứ Bảy); bỏ chọn nếu là ngày nghỉ thêm."),
    )
    reason = models.CharField(_("lý do"), max_length=200)
    source = models.CharField(_("văn bản"), max_length=300, blank=True, help_text=_("Số, ngày của văn bản quyết định."))
    history = HistoricalRecords(verbose_name=_("lịch sử ngày nghỉ, ngày làm bù"))

    class Meta:
        verbose_name = _("ngày nghỉ thêm / làm bù")
        verbose_name_plural = _("ngày nghỉ thêm / làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.reason}"


class TimeLimit(NormalizedModel):
    """How many working days a stage may take under a decree, and where the number comes from."""

    decree = models.CharField(_("nghị định"), max_length=10, choices=DossierDecree.choices)
    stage = models.CharField(_("bước"), max_length=15, choices=LimitStage.choices)
    working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    article = models.CharField(_("điều, khoản"), max_length=100, blank=True)
    confirmed = models.BooleanField(
        _("đã đối chiếu văn bản"), default=False, help_text=_("Bỏ chọn khi con số chưa được đối chiếu với văn bản gốc.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử thời hạn xử lý"))

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        ordering = ["decree", "stage"]
        constraints = [models.UniqueConstraint(fields=["decree", "stage"], name="dossier_time_limit_unique")]

    def __str__(self) -> str:
        return f"{self.get_decree_display()} – {self.get_stage_display()}: {self.working_days}"


class DossierKind(models.TextChoices):
    AID = "aid", _("Thẩm định, phê duyệt khoản viện trợ")
    CERTIFICATE = "certificate", _("Góp ý hồ sơ cấp giấy đăng ký")


class Stage(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, đang kiểm tra hồ sơ")
    OPINIONS = "opinions", _("Đang lấy ý kiến các cơ quan")
    APPRAISAL = "appraisal", _("Đang thẩm định")
    DECISION = "decision", _("Đã thẩm định, chờ quyết định")
    DECIDED = "decided", _("Đã có quyết định")


class DossierQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None) -> "DossierQuerySet":
        """Dossiers without a decision whose current stage or an unanswered opinion request was due
        before `today` (default: today in Asia/Ho_Chi_Minh)."""
        return self.filter(next_due_on__lt=today or timezone.localdate())

    def undecided(self) -> "DossierQuerySet":
        return self.exclude(stage=Stage.DECIDED)


class Dossier(NormalizedModel):
    code = models.CharField(
        _("mã hồ sơ"),
        max_length=30,
        unique=True,
        help_text=_("Mã ghi trên giấy biên nhận; người nộp tra cứu tiến độ bằng mã này."),
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=12, choices=DossierKind.choices, default=DossierKind.AID)
    aid_item = models.ForeignKey(
        AidItem, models.PROTECT, null=True, blank=True, related_name="dossiers", verbose_name=_("khoản viện trợ")
    )
    partner = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("đối tác xin cấp giấy"),
    )
    subject = models.CharField(_("nội dung"), max_length=300, blank=True)
    decree = models.CharField(_("nghị định áp dụng"), max_length=10, choices=DossierDecree.choices)
    received_on = models.DateField(_("ngày tiếp nhận"))
    complete_on = models.DateField(
        _("ngày nhận đủ hồ sơ hợp lệ"), null=True, blank=True, help_text=_("Thời hạn thẩm định tính từ ngày này.")
    )
    appraised_on = models.DateField(_("ngày có kết quả thẩm định"), null=True, blank=True)
    appraisal_gist = models.TextField(_("kết quả thẩm định (nội bộ)"), blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_authority = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú nội bộ"), blank=True)
    # Derived by services.dossier_save: the stage, its last day, and the earliest last day not met
    # (the stage's or an unanswered opinion request's); empty once decided.
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, editable=False)
    stage_due_on = models.DateField(_("hạn của giai đoạn"), null=True, editable=False)
    next_due_on = models.DateField(_("hạn gần nhất"), null=True, editable=False, db_index=True)
    history = HistoricalRecords(verbose_name=_("lịch sử hồ sơ phê duyệt"))

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ phê duyệt")
        verbose_name_plural = _("hồ sơ phê duyệt")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == DossierKind.AID and not self.aid_item_id:
            errors["aid_item"] = _("Hồ sơ phê duyệt viện trợ cần chọn khoản viện trợ.")
        if self.kind == DossierKind.CERTIFICATE and not self.partner_id:
            errors["partner"] = _("Hồ sơ góp ý cấp giấy đăng ký cần chọn đối tác.")
        received = self.received_on
        if received and self.complete_on and self.complete_on < received:
            errors["complete_on"] = _("Ngày nhận đủ hồ sơ (%(d)s) không thể trước ngày tiếp nhận (%(r)s).") % {
                "d": f"{self.complete_on:%d/%m/%Y}",
                "r": f"{received:%d/%m/%Y}",
            }
        if self.appraised_on and not self.complete_on:
            errors["appraised_on"] = _("Chưa có ngày nhận đủ hồ sơ hợp lệ thì chưa thể có kết quả thẩm định.")
        elif self.appraised_on and self.complete_on and self.appraised_on < self.complete_on:
            errors["appraised_on"] = _("Ngày thẩm định không thể trước ngày nhận đủ hồ sơ hợp lệ.")
        if self.decision_date and not self.decision_number:
            errors["decision_number"] = _("Có ngày quyết định thì cần ghi số quyết định.")
        if self.decision_number and not self.decision_date:
            errors["decision_date"] = _("Có số quyết định thì cần ghi ngày quyết định.")
        if self.decree and not self.decision_date:
            have = set(TimeLimit.objects.filter(decree=self.decree).values_list("stage", flat=True))
            missing = [str(label) for value, label in LimitStage.choices if value not in have]
            if missing:
                errors["decree"] = _("Chưa có thời hạn theo %(decree)s cho: %(stages)s. Thêm ở mục Thời hạn xử lý.") % {
                    "decree": self.get_decree_display(),
                    "stages": "; ".join(missing),
                }
        if received and self.decision_date and self.decision_date < received:
            errors["decision_date"] = _("Ngày quyết định không thể trước ngày tiếp nhận hồ sơ.")
        if errors:
            raise ValidationError(errors)

    @property
    def stage_started_on(self) -> datetime.date | None:
        """The day the current stage's clock started from."""
        return {
            Stage.RECEIVED: self.received_on,
            Stage.OPINIONS: self.complete_on,
            Stage.APPRAISAL: self.complete_on,
            Stage.DECISION: self.appraised_on,
        }.get(self.stage)


class OpinionRequest(NormalizedModel):
    """A request for another agency's written opinion on the dossier. Internal: the agency and its
    opinion are never shown to the public."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="opinions", verbose_name=_("hồ sơ"))
    agency = models.CharField(_("cơ quan được lấy ý kiến"), max_length=200)
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"), editable=False)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    gist = models.TextField(_("tóm tắt ý kiến"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử lấy ý kiến"))

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến các cơ quan")
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} ({self.sent_on:%d/%m/%Y})"

    def clean(self):
        super().clean()
        errors = {}
        if self.sent_on and self.answered_on and self.answered_on < self.sent_on:
            errors["answered_on"] = _("Ngày trả lời không thể trước ngày gửi.")
        dossier = getattr(self, "dossier", None) if self.dossier_id else None
        if dossier is not None and self.sent_on and self.sent_on < dossier.received_on:
            errors["sent_on"] = _("Ngày gửi lấy ý kiến không thể trước ngày tiếp nhận hồ sơ (%(r)s).") % {
                "r": f"{dossier.received_on:%d/%m/%Y}"
            }
        if errors:
            raise ValidationError(errors)
