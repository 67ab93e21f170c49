"""Legal documents (Decree 42/2022: number, issuer, dates, summary, file) and publications."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.images import CleanImageField
from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import fold
from friendship_union.core.uploads import GeneratedName
from friendship_union.core.validators import validate_document_upload, validate_image_upload


class DocumentType(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    CIRCULAR = "circular", _("Thông tư")
    DECISION = "decision", _("Quyết định")
    DIRECTIVE = "directive", _("Chỉ thị")
    RESOLUTION = "resolution", _("Nghị quyết")
    REGULATION = "regulation", _("Quy chế, quy định")
    PLAN = "plan", _("Kế hoạch")
    REPORT = "report", _("Báo cáo")
    OFFICIAL_LETTER = "letter", _("Công văn")
    OTHER = "other", _("Khác")


# The site search"s full-text document of a LegalDocument: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_text", "summary")


class LegalDocument(NormalizedModel):
    number = models.CharField(_("số, ký hiệu"), max_length=60, unique=True, help_text=_("Ví dụ: 80/2020/NĐ-CP."))
    doc_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentType.choices)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issue_date = models.DateField(_("ngày ban hành"))
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    file = models.FileField(
        _("tệp"), upload_to=GeneratedName("documents"), blank=True, validators=[validate_document_upload]
    )
    in_force = models.BooleanField(_("còn hiệu lực"), default=True)
    is_public = models.BooleanField(_("công khai"), default=True)
    search_text = models.CharField(max_length=800, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử văn bản"))

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issue_date"]
        permissions = spreadsheet_permissions("legaldocument", _("văn bản"))
        indexes = [*search_indexes("documents_legaldocument", key="search_text", document=SEARCH_DOCUMENT)]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_text = " | ".join(k for k in (fold(self.number), fold(self.title), fold(self.issuer)) if k)[:800]

    def clean(self):
        super().clean()
        if self.issue_date and self.effective_date and self.effective_date < self.issue_date:
            raise ValidationError({"effective_date": _("Ngày hiệu lực không thể trước ngày ban hành.")})


class Publication(NormalizedModel):
    title = models.CharField(_("tên ấn phẩm"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(1945), MaxValueValidator(2100)])
    copies = models.PositiveIntegerField(_("số bản in"), null=True, blank=True)
    distribution = models.CharField(_("phát hành cho"), max_length=300, blank=True)
    cover = CleanImageField(
        _("ảnh bìa"),
        upload_to=GeneratedName("publications"),
        blank=True,
        validators=[validate_image_upload],
        max_side=1600,
    )
    file = models.FileField(
        _("tệp"), upload_to=GeneratedName("publications"), blank=True, validators=[validate_document_upload]
    )
    is_public = models.BooleanField(_("công khai"), default=True)
    history = HistoricalRecords(verbose_name=_("lịch sử ấn phẩm"))

    class Meta:
        verbose_name = _("ấn phẩm")
        verbose_name_plural = _("ấn phẩm")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="unique_publication")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"
