"""Reporting terms (nhiệm kỳ) that leaders compare: 2005–2010, 2010–2015… and custom ones."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


class ReportingTerm(models.Model):
    name = models.CharField(_("tên"), max_length=60, unique=True, help_text=_("Ví dụ: Nhiệm kỳ 2010–2015."))
    start_year = models.PositiveSmallIntegerField(_("từ năm"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("đến năm"), validators=YEAR)
    history = HistoricalRecords(verbose_name=_("lịch sử nhiệm kỳ báo cáo"))

    class Meta:
        verbose_name = _("nhiệm kỳ báo cáo")
        verbose_name_plural = _("nhiệm kỳ báo cáo")
        ordering = ["start_year", "end_year"]
        permissions = [("view_dashboard", _("Có thể xem bảng điều khiển"))]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm kết thúc không thể trước năm bắt đầu.")})
