"""Site identity (who runs this site) and the abstract base every staff-edited model shares."""

import functools

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .identifiers import validate_union_org_identifier
from .images import CleanImageField
from .text import clean_text, nfc, slugify
from .uploads import GeneratedName
from .validators import validate_image_upload, validate_vietnamese_phone, validate_work_email


def unique_slug(queryset, text: str, *, fallback: str, max_length: int, reserved=()) -> str:
    """A slug from `text` ("Đất Mũi" → "dat-mui", đ kept as d) not used by any row of `queryset`
    (exclude the row being saved) nor in `reserved`: "dat-mui", then "dat-mui-2", "dat-mui-3"… One query."""

    base = slugify(text)[: max_length - 6].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True)) | set(reserved)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class NormalizedModel(models.Model):
    """Abstract base: created/updated times, and text fields stored in NFC without stray spaces.

    `save()` only normalizes the model's own fields (no side effects), so imports, the admin and
    services all store the same bytes for the same Vietnamese text.
    """

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def prepare_for_save(self) -> None:
        """Fill what the row derives from its own fields: normalized text here; subclasses add their
        search keys. save() calls it, and so do bulk writes (core.services.RecordBatch), which
        bypass save()."""
        self.normalize_text()

    def clean_fields(self, exclude=None):
        # Normalized before validation too, so lengths, formats and uniqueness (validate_unique runs
        # after this in full_clean) judge the text that will be stored: a name pasted in NFD or with a
        # double space is not "new" in the form and then a duplicate in the database.
        self.normalize_text()
        super().clean_fields(exclude=exclude)

    def normalize_text(self) -> None:
        for attname, clean in _text_fields(type(self)):
            value = getattr(self, attname)
            if isinstance(value, str):
                setattr(self, attname, clean(value))

    def _get_FIELD_display(self, field):
        """What `get_<field>_display()` answers (Django's own, which every such method calls), read
        from the field's labels in the reader's language, made once: Django's makes a dict of the
        choices on every call, translating every label to hash it (52 µs a call, and a list page
        calls it twice a row; 7 µs so)."""
        value = getattr(self, field.attname)
        return _choice_labels(field, get_language()).get(make_hashable(value), value)


@functools.cache
def _choice_labels(field, language: str | None) -> dict:
    """{value: label as text} of a field with choices, in `language` (the active one)."""
    return {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}


_TEXT_FIELDS: dict[type, list] = {}


def _text_fields(model) -> list:
    """(attname, how its text is cleaned) of each text field of `model`: long text in NFC, a line of
    text (CharField) also with its spaces made single. Worked out once per model (every save and
    every imported row asks)."""
    if model not in _TEXT_FIELDS:
        fields = []
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                fields.append((field.attname, nfc))
            elif isinstance(field, models.CharField):
                fields.append((field.attname, clean_text))
        _TEXT_FIELDS[model] = fields
    return _TEXT_FIELDS[model]


class SiteIdentity(NormalizedModel):
    """The provincial Union running this site. One row (pk=1): any of the 34 provincial Unions
    runs the product by filling this in."""

    name = models.CharField(_("tên đơn vị"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    province = models.CharField(_("tỉnh, thành phố"), max_length=100)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    address_en = models.CharField(
        _("địa chỉ (tiếng Anh)"), max_length=300, blank=True, help_text=_("Ví dụ: 1 Hung Vuong Street, Ca Mau.")
    )
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    logo = CleanImageField(
        _("biểu trưng (logo)"),
        upload_to=GeneratedName("identity"),
        blank=True,
        validators=[validate_image_upload],
        max_side=512,  # shown 56 px high in every page's header
    )
    person_in_charge = models.CharField(
        _("người chịu trách nhiệm nội dung"),
        max_length=120,
        blank=True,
        help_text=_("Người chịu trách nhiệm chính về nội dung trang thông tin (Nghị định 42/2022/NĐ-CP)."),
    )
    person_in_charge_title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    person_in_charge_title_en = models.CharField(_("chức vụ (tiếng Anh)"), max_length=120, blank=True)
    iati_org_identifier = models.CharField(
        _("mã tổ chức IATI"),
        max_length=100,
        blank=True,
        validators=[validate_union_org_identifier],
        help_text=_(
            "Mã tổ chức theo org-id.guide: VN-COA- và mã số đơn vị có quan hệ với ngân sách (ví dụ "
            "VN-COA-1234567), hoặc VN-TIN- và mã số thuế. Dùng làm reporting-org và tiền tố mã hoạt động "
            "trong tệp IATI; chưa có mã thì chưa công bố tệp IATI."
        ),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử thông tin đơn vị"))

    class Meta:
        verbose_name = _("thông tin đơn vị")
        verbose_name_plural = _("thông tin đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "SiteIdentity":
        """The saved identity, or an unsaved generic one (no Union name yet) — never creates a row."""
        identity = cls.objects.filter(pk=1).first()
        if identity is None:
            identity = cls(name=str(settings.DEFAULT_UNION_NAME), province="")
        return identity

    @classmethod
    def of_request(cls, request) -> "SiteIdentity":
        """current(), read once per request: the context processor and a view asking share one query."""
        identity = getattr(request, "_site_identity", None)
        if identity is None:
            identity = request._site_identity = cls.current()
        return identity

    @property
    def display_name_en(self) -> str:
        return self.name_en or self.name


class PublicQuerySet(models.QuerySet):
    def public(self):
        """Rows marked public, in their display order."""
        return self.filter(is_public=True).order_by("order", "pk")


class OfficeUnit(NormalizedModel):
    """A unit of the Union's office (Văn phòng, a department…) as published on the about page."""

    name = models.CharField(_("tên đơn vị"), max_length=200, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    duties = models.TextField(_("chức năng, nhiệm vụ"), blank=True)
    duties_en = models.TextField(_("chức năng, nhiệm vụ (tiếng Anh)"), blank=True)
    phone = models.CharField(_("điện thoại công vụ"), max_length=30, blank=True, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("thư điện tử công vụ"), blank=True, validators=[validate_work_email])
    order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=10)
    is_public = models.BooleanField(_("công khai"), default=True)
    history = HistoricalRecords(verbose_name=_("lịch sử đơn vị trực thuộc"))

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("phòng, ban trực thuộc")
        verbose_name_plural = _("phòng, ban trực thuộc")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name_en(self) -> str:
        return self.name_en or self.name


class Leader(NormalizedModel):
    """A leader's public work contact for the about page (Decree 42/2022/NĐ-CP).

    Public by design and kept apart from `organizations.Person`, whose phone and email are internal:
    only a work phone and an official mailbox belong here, never personal details."""

    name = models.CharField(_("họ tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch."))
    position_en = models.CharField(_("chức vụ (tiếng Anh)"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OfficeUnit,
        models.PROTECT,  # deleting a unit must not turn its heads into the Union's leadership on the site
        null=True,
        blank=True,
        related_name="leaders",
        verbose_name=_("phòng, ban"),
        help_text=_("Để trống nếu là lãnh đạo Liên hiệp (Thường trực)."),
    )
    work_phone = models.CharField(
        _("điện thoại công vụ"), max_length=30, blank=True, validators=[validate_vietnamese_phone]
    )
    work_email = models.EmailField(_("thư điện tử công vụ"), blank=True, validators=[validate_work_email])
    portrait = CleanImageField(
        _("ảnh chân dung"),
        upload_to=GeneratedName("leaders"),
        blank=True,
        validators=[validate_image_upload],
        max_side=800,  # shown 96 × 120 px on the about page
    )
    order = models.PositiveSmallIntegerField(
        _("thứ tự hiển thị"), default=10, help_text=_("Số nhỏ hiện trước (Chủ tịch trước Phó Chủ tịch).")
    )
    is_public = models.BooleanField(_("công khai"), default=True)
    history = HistoricalRecords(verbose_name=_("lịch sử lãnh đạo"))

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("lãnh đạo (liên hệ công khai)")
        verbose_name_plural = _("lãnh đạo (liên hệ công khai)")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}"

    @property
    def display_position_en(self) -> str:
        return self.position_en or self.position


class DataVersion(models.Model):
    """A counter bumped whenever records that figures are computed from change. Cached figures are
    keyed by it, so every app server sees a change at once (the counter lives in the database)."""

    key = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    PREVIEWING = "previewing", _("Đang kiểm tra")
    PREVIEWED = "previewed", _("Đã kiểm tra, chờ xác nhận")
    IMPORTING = "importing", _("Đang ghi")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    """One spreadsheet import: its file, who sent it, where it stands, and what it did (core/imports_jobs.py).

    Large files are previewed and written by the task worker (`core.tasks.preview_import`,
    `core.tasks.write_import`) while the admin's page shows the progress; small ones are imported in
    the request and recorded here when written. The file is kept in the database (never under a
    served path, and reachable from a worker on another machine); progress counters are written
    from a connection of their own, so they show while the import's transaction is still open."""

    Status = ImportJobStatus
    RUNNING = (ImportJobStatus.PREVIEWING, ImportJobStatus.IMPORTING)

    kind = models.CharField(_("loại dữ liệu"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_format = models.CharField(_("định dạng"), max_length=10)
    content = models.BinaryField(_("nội dung tệp"), editable=False)
    file_hash = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64)
    status = models.CharField(_("trạng thái"), max_length=12, choices=ImportJobStatus, default=ImportJobStatus.QUEUED)
    background = models.BooleanField(_("chạy nền"), default=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tin cuối của tiến trình lúc"), null=True, blank=True)
    worker_host = models.CharField(_("máy chạy"), max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(_("mã tiến trình"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("số dòng của tệp"), default=0)
    rows_read = models.PositiveIntegerField(_("dòng đã đọc"), default=0)
    rows_validated = models.PositiveIntegerField(_("dòng đã kiểm tra"), default=0)
    rows_written = models.PositiveIntegerField(_("dòng đã ghi"), default=0)
    new = models.PositiveIntegerField(_("mới"), default=0)
    changed = models.PositiveIntegerField(_("thay đổi"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    errors = models.PositiveIntegerField(_("lỗi"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    preview_html = models.TextField(_("bản xem trước"), blank=True, editable=False)
    history = HistoricalRecords(
        verbose_name=_("lịch sử lần nhập"), excluded_fields=["content", "preview_html", "heartbeat_at"]
    )

    class Meta:
        verbose_name = _("lần nhập từ tệp")
        verbose_name_plural = _("các lần nhập từ tệp")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "user", "-created_at"], name="core_importjob_kind_user")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED, ImportJobStatus.PREVIEWED)
