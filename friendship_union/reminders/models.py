"""What was sent: one row per reminded item (an item and its threshold), so nothing is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy đăng ký sắp hết hạn")
    LAPSING = "lapsing", _("Phê duyệt quá 6 tháng chưa triển khai")
    DEADLINE = "deadline", _("Hạn báo cáo")
    DIGEST = "digest", _("Bản tin chất lượng dữ liệu hằng tuần")
    DOSSIER = "dossier", _("Hồ sơ phê duyệt quá hạn")


class SentReminder(models.Model):
    """Written only by reminders.services.send_due, after the e-mail left."""

    kind = models.CharField(_("loại"), max_length=12, choices=ReminderKind.choices)
    key = models.CharField(_("mã nhắc việc"), max_length=120, unique=True)
    text = models.CharField(_("nội dung"), max_length=400)
    link = models.CharField(_("đường dẫn"), max_length=400, blank=True)
    recipients = models.TextField(_("người nhận"))
    sent_at = models.DateTimeField(_("thời điểm gửi"))

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        ordering = ["-sent_at", "kind", "key"]

    def __str__(self) -> str:
        return self.text
