"""A call for aid (an open appeal for a pipeline aid item) and the expressions of interest it draws.

The appeal is public once staff open it; its commune and sectors are the aid item's. An expression of
interest is an internal lead — who wrote, from where, what they offer — seen by data entry and the
leadership in the admin, never on the public site."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.aid.models import AidItem, AidStatus
from friendship_union.core.models import NormalizedModel
from friendship_union.reference.models import Country

MONEY = {"max_digits": 18, "decimal_places": 2}


class AppealQuerySet(models.QuerySet):
    def open(self) -> "AppealQuerySet":
        """Appeals the public sees: open, for a public aid item still in the pipeline."""
        return self.filter(is_open=True, aid_item__is_public=True, aid_item__status=AidStatus.PIPELINE)


class Appeal(NormalizedModel):
    aid_item = models.OneToOneField(
        AidItem, models.CASCADE, related_name="appeal", verbose_name=_("khoản viện trợ (đang vận động)")
    )
    need = models.TextField(_("nhu cầu (tiếng Việt)"), help_text=_("Vì sao cần, cho ai, làm gì: như gửi cho đối tác."))
    need_en = models.TextField(_("nhu cầu (tiếng Anh)"), blank=True)
    estimated_budget_usd = models.DecimalField(
        _("kinh phí dự kiến (USD)"), validators=[MinValueValidator(Decimal(1))], **MONEY
    )
    counterpart_vnd = models.DecimalField(
        _("vốn đối ứng địa phương (VND)"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **MONEY
    )
    contact_unit = models.CharField(_("đơn vị liên hệ"), max_length=200)
    contact_unit_en = models.CharField(_("đơn vị liên hệ (tiếng Anh)"), max_length=200, blank=True)
    is_open = models.BooleanField(_("đang kêu gọi"), default=True, help_text=_("Bỏ chọn khi đã có nhà tài trợ."))
    opened_on = models.DateField(_("ngày kêu gọi"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("lịch sử kêu gọi tài trợ"))

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("kêu gọi tài trợ")
        verbose_name_plural = _("kêu gọi tài trợ")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return str(self.aid_item)

    def clean(self):
        super().clean()
        item = getattr(self, "aid_item", None)
        if item is not None and self.is_open:
            errors = {}
            if item.status != AidStatus.PIPELINE:
                errors["aid_item"] = _("Chỉ kêu gọi tài trợ cho khoản đang vận động, xây dựng (khoản này: %(s)s).") % {
                    "s": item.get_status_display()
                }
            elif not item.is_public:
                errors["aid_item"] = _("Khoản viện trợ phải được công khai thì lời kêu gọi mới hiện trên trang.")
            if errors:
                raise ValidationError(errors)


class InterestStatus(models.TextChoices):
    NEW = "new", _("Mới")
    CONTACTED = "contacted", _("Đã liên hệ")
    CLOSED = "closed", _("Đã xong")


class Interest(NormalizedModel):
    """An expression of interest from a reader of the call for aid: internal, never public."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="interests", verbose_name=_("kêu gọi"))
    organisation = models.CharField(_("tổ chức"), max_length=200)
    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("quốc gia")
    )
    email = models.EmailField(_("thư điện tử"))
    message = models.TextField(_("lời nhắn"), max_length=3000)
    ip_hash = models.CharField(_("mã IP (đã băm)"), max_length=64, blank=True, editable=False)
    status = models.CharField(_("xử lý"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.NEW)
    note = models.TextField(_("ghi chú nội bộ"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử quan tâm"))

    class Meta:
        verbose_name = _("đối tác quan tâm")
        verbose_name_plural = _("đối tác quan tâm")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.appeal}"
