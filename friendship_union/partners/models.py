"""Foreign partners (NGOs, international organizations, consulates...) and their registration
certificates in Vietnam."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.identifiers import validate_org_identifier
from friendship_union.core.images import CleanImageField
from friendship_union.core.indexes import search_indexes
from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import fold
from friendship_union.core.uploads import GeneratedName
from friendship_union.core.validators import validate_image_upload
from friendship_union.reference.models import AdministrativeUnit, Country, RegistrationSector

# Decree 58/2022/NĐ-CP (in force 31/08/2022) ended the "project office" certificate of Decree 12/2012.
DECREE_58_DATE = datetime.date(2022, 8, 31)


class PartnerType(models.TextChoices):
    INGO = "ingo", _("Tổ chức phi chính phủ nước ngoài")
    INTERNATIONAL = "international", _("Tổ chức quốc tế")
    CONSULATE = "consulate", _("Tổng lãnh sự quán / Đại sứ quán")
    FOUNDATION = "foundation", _("Quỹ")
    DIASPORA = "diaspora", _("Hội người Việt Nam ở nước ngoài")
    DOMESTIC = "domestic", _("Nhà tài trợ trong nước")
    OTHER = "other", _("Khác")


# IATI OrganisationType for each partner type.
IATI_ORGANISATION_TYPE = {
    PartnerType.INGO: "21",
    PartnerType.INTERNATIONAL: "40",
    PartnerType.CONSULATE: "10",
    PartnerType.FOUNDATION: "60",
    PartnerType.DIASPORA: "22",
    PartnerType.DOMESTIC: "22",
    PartnerType.OTHER: "90",
}


class PartnerQuerySet(models.QuerySet):
    def active(self) -> "PartnerQuerySet":
        return self.filter(active=True)

    def related_by(self, year: int) -> "PartnerQuerySet":
        """Partners whose relationship began by `year`, or whose start is not recorded."""
        return self.filter(models.Q(relationship_since__lte=year) | models.Q(relationship_since__isnull=True))

    def with_aid_by(self, day: datetime.date) -> "PartnerQuerySet":
        """Partners providing at least one aid item committed by `day`, or with no commitment date
        (the provider rows are the aid app's; named by lookup, not imported)."""
        return self.filter(
            models.Q(provided__aid_item__commitment_date__lte=day)
            | models.Q(provided__isnull=False, provided__aid_item__commitment_date__isnull=True)
        ).distinct()

    def taking_part_in(self, aid_items) -> "PartnerQuerySet":
        """Partners providing (in any role) one of `aid_items`, a queryset of the aid app's items
        (named by lookup, not imported)."""
        return self.filter(provided__aid_item__in=aid_items).distinct()

    def active_in_province(self, aid_items, start: datetime.date, end: datetime.date) -> "PartnerQuerySet":
        """Partners at work in the province in start..end (the periodic report's PL2): taking part in
        one of `aid_items` (the aid items active then) or holding a registration certificate valid at
        some time in it."""
        return self.filter(
            models.Q(pk__in=self.model.objects.taking_part_in(aid_items).values("pk"))
            | models.Q(pk__in=RegistrationCertificate.objects.valid_during(start, end).values("partner_id"))
        )

    def funders_without_valid_certificate(self) -> "PartnerQuerySet":
        """Partners funding an aid item (IATI OrganisationRole 1, aid.ProviderRole.FUNDING) that hold no
        certificate in force (see CertificateQuerySet.current)."""
        current = RegistrationCertificate.objects.current().values("partner_id")
        funders = self.model.objects.filter(provided__role="1").values("pk")
        return self.filter(pk__in=funders).exclude(pk__in=current)

    def with_public_aid_count(self) -> "PartnerQuerySet":
        """Each partner with `public_items`: the public aid items it takes part in, in any role, each
        counted once (the aid app's rows, named by lookup, not imported)."""
        return self.annotate(
            public_items=models.Count(
                "provided__aid_item", filter=models.Q(provided__aid_item__is_public=True), distinct=True
            )
        )

    def search(self, text: str) -> "PartnerQuerySet":
        """Partners whose code, names or acronym contain `text`, diacritics and case ignored."""
        return self.filter(search_name__contains=fold(text))

    def lookup(self, text: str) -> "Partner | None":
        """The partner a spreadsheet cell names: its code, else its name, Vietnamese name or
        acronym (diacritics and case ignored). None when nothing, or more than one, matches."""
        text = (text or "").strip()
        if not text:
            return None
        found = self.filter(code__iexact=text).first()
        if found is not None:
            return found
        key = fold(text)
        matches = list(self.filter(models.Q(name_key=key) | models.Q(name_vi_key=key) | models.Q(acronym_key=key))[:2])
        return matches[0] if len(matches) == 1 else None

    def similar_to(self, *, name: str, acronym: str = "", country_id: str | None = None, exclude_pk=None):
        """Possible duplicates: the same folded name (either name field), or the same acronym and
        country."""
        condition = models.Q(name_key=fold(name))
        if name:
            condition |= models.Q(name_vi_key=fold(name))
        if acronym and country_id:
            condition |= models.Q(acronym_key=fold(acronym), country_id=country_id)
        qs = self.filter(condition)
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs


# The site search"s full-text document of a Partner: its folded search text and these fields (core.search).
SEARCH_DOCUMENT = ("search_name", "description_vi", "description_en")


class Partner(NormalizedModel):
    code = models.CharField(
        _("mã"),
        max_length=30,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", _("Mã chỉ gồm chữ không dấu, số, - _ ."))],
        help_text=_("Mã ngắn do cán bộ đặt, ví dụ LKC-AU."),
    )
    name = models.CharField(_("tên (như đối tác tự ghi)"), max_length=255)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=255, blank=True)
    acronym = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    partner_type = models.CharField(_("loại đối tác"), max_length=20, choices=PartnerType.choices)
    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="partners", verbose_name=_("quốc gia")
    )
    iati_identifier = models.CharField(
        _("mã tổ chức IATI"),
        max_length=100,
        blank=True,
        validators=[validate_org_identifier],
        help_text=_("Nếu đối tác có, theo org-id.guide, ví dụ GB-CHC-1234567 hoặc XM-DAC-41122."),
    )
    website = models.URLField(_("trang web"), blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    description_vi = models.TextField(_("giới thiệu (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("giới thiệu (tiếng Anh)"), blank=True)
    logo = CleanImageField(
        _("biểu trưng"),
        upload_to=GeneratedName("partners"),
        blank=True,
        validators=[validate_image_upload],
        max_side=512,
    )
    relationship_since = models.PositiveSmallIntegerField(
        _("quan hệ từ năm"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    inactive_reason = models.CharField(_("lý do ngừng"), max_length=255, blank=True)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    name_vi_key = models.CharField(max_length=255, editable=False, blank=True)
    acronym_key = models.CharField(max_length=50, editable=False, blank=True)
    search_name = models.CharField(max_length=700, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử đối tác"))

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tác nước ngoài")
        verbose_name_plural = _("đối tác nước ngoài")
        ordering = ["name_key"]
        permissions = [
            *spreadsheet_permissions("partner", _("đối tác")),
            ("merge_partner", _("Có thể gộp hai đối tác trùng")),
        ]
        indexes = [*search_indexes("partners_partner", key="search_name", document=SEARCH_DOCUMENT)]

    def __str__(self) -> str:
        name = self.name_vi if get_language() != "en" and self.name_vi else self.name
        return f"{name} ({self.acronym})" if self.acronym and self.acronym not in name else name

    def clean(self):
        super().clean()
        if not self.active and not self.inactive_reason.strip():
            raise ValidationError({"inactive_reason": _("Ghi lý do khi đánh dấu đối tác ngừng hoạt động.")})
        if self.relationship_since and self.relationship_since > timezone.localdate().year:
            raise ValidationError({"relationship_since": _("Năm bắt đầu quan hệ không thể ở tương lai.")})

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.name_key = fold(self.name)
        self.name_vi_key = fold(self.name_vi)
        self.acronym_key = fold(self.acronym)
        self.search_name = " | ".join(
            k for k in (fold(self.code), self.name_key, self.name_vi_key, self.acronym_key) if k
        )

    @property
    def iati_organisation_type(self) -> str:
        return IATI_ORGANISATION_TYPE.get(self.partner_type, "90")

    @property
    def iati_ref(self) -> str:
        return self.iati_identifier or ""


class ContactPerson(NormalizedModel):
    """A person at the partner. Internal: never shown on the public site."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="contacts", verbose_name=_("đối tác"))
    name = models.CharField(_("họ tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử người liên hệ"))

    class Meta:
        verbose_name = _("người liên hệ")
        verbose_name_plural = _("người liên hệ (nội bộ)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CertificateType(models.TextChoices):
    OPERATION = "operation", _("Giấy đăng ký hoạt động")
    REPRESENTATIVE = "representative", _("Giấy đăng ký lập văn phòng đại diện")
    PROJECT_OFFICE = "project_office", _("Giấy đăng ký lập văn phòng dự án (trước Nghị định 58/2022)")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    RENEWED = "renewed", _("Đã gia hạn / cấp lại")
    EXPIRED = "expired", _("Hết hạn")
    REVOKED = "revoked", _("Bị thu hồi")


class CertificateQuerySet(models.QuerySet):
    def current(self) -> "CertificateQuerySet":
        """Certificates in force: valid status, not yet expired."""
        return self.filter(status=CertificateStatus.VALID, expiry_date__gte=timezone.localdate())

    def valid_during(self, start: datetime.date, end: datetime.date) -> "CertificateQuerySet":
        """Certificates in force at some time in start..end: issued by its last day, expiring on or
        after its first, and not revoked."""
        return self.filter(issue_date__lte=end, expiry_date__gte=start).exclude(status=CertificateStatus.REVOKED)

    # The certificate coverage check of aid items (aid.AidProviderQuerySet.coverage_flags) asks these
    # about one partner and one span of days. `partner`, `start` and `end` are values, or references
    # (OuterRef) to the query these are a subquery of.
    def held_by(self, partner) -> "CertificateQuerySet":
        """The partner's certificates that count: every one but those revoked (expired and renewed
        ones count for the days they were in force)."""
        return self.filter(partner_id=partner).exclude(status=CertificateStatus.REVOKED)

    def in_force_on(self, day) -> "CertificateQuerySet":
        """Certificates in force on `day`: issued by it and expiring on or after it."""
        return self.filter(issue_date__lte=day, expiry_date__gte=day)

    def uncovered_days(self, partner, start, end) -> models.Q:
        """A condition true when some day of start..end is covered by none of the partner's
        certificates (held_by): the first day is not, or a certificate ends inside the span and none
        is in force on the next day (a renewal issued on or before that day continues it)."""
        held = self.model.objects.held_by(partner)
        next_day = models.ExpressionWrapper(
            models.OuterRef("expiry_date") + datetime.timedelta(days=1), output_field=models.DateField()
        )
        continued = self.model.objects.held_by(models.OuterRef("partner_id")).in_force_on(next_day)
        lapses = held.filter(expiry_date__gte=start, expiry_date__lt=end).filter(~models.Exists(continued))
        return ~models.Exists(held.in_force_on(start)) | models.Exists(lapses)

    @staticmethod
    def _permits(through, partner, start, end):
        """Rows of a certificate's permitted list (`through`) on the partner's certificates in force at
        some time in start..end: one flat query, so the references stay at its level."""
        return through.objects.filter(
            registrationcertificate__partner_id=partner,
            registrationcertificate__issue_date__lte=end,
            registrationcertificate__expiry_date__gte=start,
        ).exclude(registrationcertificate__status=CertificateStatus.REVOKED)

    def permitted_province_ids(self, partner, start, end):
        """The provinces (ids of legacy or current units) the partner's certificates in force at some
        time in start..end permit, as a subquery."""
        through = RegistrationCertificate.permitted_provinces.through
        return self._permits(through, partner, start, end).values("administrativeunit_id")

    def permitted_categories(self, partner, start, end) -> tuple:
        """The DAC 3-digit categories the fields of those certificates cover, as two subqueries of
        codes: each field's own code's category, and its further `categories` (reference.names)."""
        through = RegistrationCertificate.permitted_sectors.through
        rows = self._permits(through, partner, start, end)
        own = rows.annotate(
            code=Coalesce("registrationsector__sector__category_id", "registrationsector__sector_id")
        ).values("code")
        further = rows.filter(registrationsector__categories__isnull=False).values("registrationsector__categories")
        return own, further

    def expiring_within(self, days: int = 90) -> "CertificateQuerySet":
        """Valid certificates whose expiry date falls within the next `days` days, soonest first."""
        today = timezone.localdate()
        return (
            self.filter(status=CertificateStatus.VALID, expiry_date__range=(today, today + datetime.timedelta(days)))
            .select_related("partner")
            .order_by("expiry_date")
        )


class RegistrationCertificate(NormalizedModel):
    """A foreign NGO registration certificate (Decree 58/2022/NĐ-CP; 12/2012 before it). A renewal is
    a new certificate pointing at the one it replaces, so the history stays."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="certificates", verbose_name=_("đối tác"))
    certificate_type = models.CharField(_("loại giấy"), max_length=20, choices=CertificateType.choices)
    number = models.CharField(_("số giấy"), max_length=60)
    issuing_authority = models.CharField(
        _("cơ quan cấp"), max_length=200, default="Bộ Ngoại giao", help_text=_("Ví dụ: Bộ Ngoại giao.")
    )
    issue_date = models.DateField(_("ngày cấp"))
    expiry_date = models.DateField(_("ngày hết hạn"))
    permitted_provinces = models.ManyToManyField(
        AdministrativeUnit,
        blank=True,
        related_name="+",
        limit_choices_to={"level": 1},
        verbose_name=_("địa bàn được phép"),
    )
    permitted_sectors = models.ManyToManyField(
        RegistrationSector, blank=True, related_name="certificates", verbose_name=_("lĩnh vực được phép")
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    renews = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("gia hạn / cấp lại cho giấy"),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử giấy đăng ký"), m2m_fields=[permitted_sectors])

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy đăng ký")
        verbose_name_plural = _("giấy đăng ký")
        ordering = ["-issue_date"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "number"], name="unique_certificate_number_per_partner")
        ]
        permissions = spreadsheet_permissions("registrationcertificate", _("giấy đăng ký"))

    def __str__(self) -> str:
        return f"{self.get_certificate_type_display()} số {self.number}"

    def clean(self):
        super().clean()
        errors = {}
        if self.issue_date and self.expiry_date and self.expiry_date <= self.issue_date:
            errors["expiry_date"] = _("Ngày hết hạn phải sau ngày cấp.")
        if (
            self.certificate_type == CertificateType.PROJECT_OFFICE
            and self.issue_date
            and self.issue_date >= DECREE_58_DATE
        ):
            errors["certificate_type"] = _(
                "Từ ngày 31/08/2022 (Nghị định 58/2022/NĐ-CP) không còn cấp giấy lập văn phòng dự án."
            )
        if self.issue_date and self.expiry_date and self.certificate_type and not errors:
            years = {CertificateType.OPERATION: 3, CertificateType.REPRESENTATIVE: 5}.get(self.certificate_type)
            if years and self.issue_date >= DECREE_58_DATE:
                limit = self.issue_date.replace(year=self.issue_date.year + years)
                if self.expiry_date > limit:
                    errors["expiry_date"] = _("Thời hạn tối đa của loại giấy này là %(years)s năm.") % {"years": years}
        if self.renews_id and self.renews_id == self.pk:
            errors["renews"] = _("Một giấy không thể gia hạn cho chính nó.")
        if errors:
            raise ValidationError(errors)

    @property
    def days_left(self) -> int:
        return (self.expiry_date - timezone.localdate()).days
