"""Conferences, workshops, training courses, ceremonies and exchanges."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import fold
from friendship_union.gallery.models import album_field
from friendship_union.organizations.models import MemberAssociation
from friendship_union.reference.models import PlaceFields


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Hội nghị")
    WORKSHOP = "workshop", _("Hội thảo")
    TRAINING = "training", _("Lớp tập huấn, bồi dưỡng")
    CEREMONY = "ceremony", _("Lễ, kỷ niệm")
    EXCHANGE = "exchange", _("Giao lưu")


class EventQuerySet(models.QuerySet):
    def public(self) -> "EventQuerySet":
        return self.filter(is_public=True)

    def between(self, first_year: int, last_year: int) -> "EventQuerySet":
        return self.started_in(datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31))

    def started_in(self, start: datetime.date, end: datetime.date) -> "EventQuerySet":
        """Events whose start date falls in start..end."""
        return self.filter(start_date__range=(start, end))


# The site search"s full-text document of a Event: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_text", "description")


class Event(NormalizedModel, PlaceFields):
    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$", _("Mã chỉ gồm chữ không dấu, số, - _ . /"))],
    )
    kind = models.CharField(_("loại"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("tên sự kiện"), max_length=300)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="events", verbose_name=_("đối tác đồng tổ chức")
    )
    associations = models.ManyToManyField(
        MemberAssociation,
        blank=True,
        related_name="events",
        verbose_name=_("hội thành viên tổ chức, phối hợp"),
        help_text=_("Các hội hữu nghị thành viên chủ trì hoặc phối hợp tổ chức sự kiện."),
    )
    co_organizers = models.CharField(_("đơn vị đồng tổ chức khác"), max_length=300, blank=True)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    title_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    outputs = models.TextField(_("kết quả"), blank=True)
    is_public = models.BooleanField(_("công khai"), default=True)
    album = album_field(related_name="events")
    search_text = models.CharField(max_length=600, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử sự kiện"), m2m_fields=[partners, associations])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-start_date"]
        permissions = spreadsheet_permissions("event", _("sự kiện"))
        indexes = [*search_indexes("events_event", key="search_text", document=SEARCH_DOCUMENT)]

    def __str__(self) -> str:
        return self.title

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_text = " | ".join(k for k in (fold(self.code), fold(self.title), fold(self.co_organizers)) if k)[
            :600
        ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không thể trước ngày bắt đầu.")})
