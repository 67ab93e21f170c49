"""Reference data every record points at: administrative units (before and after the 2025 reform),
countries, currencies with dated exchange rates, and OECD DAC sectors."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import ddmmyyyy, fold

REFORM_DATE_ISO = "2025-07-01"


class Era(models.TextChoices):
    LEGACY = "legacy", _("Trước 01/07/2025")
    CURRENT = "current", _("Từ 01/07/2025")


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Tỉnh, thành phố")
    DISTRICT = 2, _("Quận, huyện")
    COMMUNE = 3, _("Xã, phường, đặc khu")


class AdministrativeUnitQuerySet(models.QuerySet):
    def legacy(self) -> "AdministrativeUnitQuerySet":
        """Units as they were before 1 July 2025 (63 provinces, districts, communes)."""
        return self.filter(era=Era.LEGACY)

    def current(self) -> "AdministrativeUnitQuerySet":
        """Units since 1 July 2025 (34 provinces and their communes/wards; no district level)."""
        return self.filter(era=Era.CURRENT)

    def communes(self) -> "AdministrativeUnitQuerySet":
        return self.filter(level=Level.COMMUNE)

    def legacy_provinces_of(self, unit) -> list:
        """The legacy provinces (ids) the unit `unit` (an id, or a reference to one) lay in before
        1 July 2025: a legacy unit's own province; for a current unit, the provinces of the legacy
        units that became it (wholly, or a part when one was split). Today's Cà Mau gives the legacy
        Cà Mau and Bạc Liêu; a ward of today's Cà Mau made of Bạc Liêu communes gives Bạc Liêu. As
        three subqueries of `province_id`, one per way, each served by an index (one query joining
        them with OR reads every legacy unit)."""
        legacy = self.filter(era=Era.LEGACY)
        # Seen from the subquery of the successors' rows, a reference to the outer query is one further out.
        from_inside = models.OuterRef(unit) if isinstance(unit, models.F) else unit
        return [
            legacy.filter(pk=unit).values("province_id"),
            legacy.filter(current_unit_id=unit).values("province_id"),
            legacy.filter(
                pk__in=AdministrativeUnit.successors.through.objects.filter(
                    to_administrativeunit_id=from_inside
                ).values("from_administrativeunit_id")
            ).values("province_id"),
        ]

    def search(self, text: str) -> "AdministrativeUnitQuerySet":
        """Units whose name contains `text`, diacritics and case ignored ("dong thoi" finds Đông Thới)."""
        return self.filter(search_name__contains=fold(text))


class AdministrativeUnit(models.Model):
    """A province, district or commune, legacy (before the 2025 reform) or current.

    A legacy unit points at the current unit it became (`current_unit`): a legacy commune at the
    commune or ward that absorbed it (the main one when it was split), a legacy province at its
    current province. Current units point at themselves through `current_unit=None`."""

    era = models.CharField(_("thời kỳ"), max_length=8, choices=Era.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    code = models.CharField(_("mã GSO"), max_length=10)
    name = models.CharField(_("tên đầy đủ"), max_length=120)
    short_name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=30)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("trực thuộc")
    )
    province = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
        help_text=_("Tỉnh của đơn vị (chính nó nếu là tỉnh)."),
    )
    current_unit = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="legacy_units",
        verbose_name=_("đơn vị hiện nay"),
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("các đơn vị kế thừa"),
        help_text=_("Khi một xã cũ được chia cho nhiều xã mới."),
    )
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    key = models.CharField(max_length=100, editable=False, help_text="fold(short_name): 'dong thoi'")
    search_name = models.CharField(max_length=300, editable=False)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["era", "level", "key"]
        constraints = [
            models.UniqueConstraint(fields=["era", "level", "code"], name="unique_unit_code_per_era_level"),
        ]
        indexes = [
            models.Index(fields=["key", "level"]),
            models.Index(fields=["search_name"]),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.key = fold(self.short_name)
        self.search_name = fold(self.label)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """ "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau" (legacy) or "Xã Cái Nước, Tỉnh Cà Mau"."""
        parts = [self.name]
        parent = self.parent
        while parent is not None:
            parts.append(parent.name)
            parent = parent.parent
        return ", ".join(parts)

    @property
    def is_legacy(self) -> bool:
        return self.era == Era.LEGACY

    def resolved_current(self) -> "AdministrativeUnit":
        """The current unit this one is today (itself when it is current)."""
        return self if self.era == Era.CURRENT else (self.current_unit or self)


class PlaceFields(models.Model):
    """Abstract: a place as staff wrote it, the unit it was then, the unit it is now, coordinates.

    Every record with a location (aid item locations, delegations' places visited, enterprises...)
    inherits this, so history stays true ("xã Đông Thới, huyện Cái Nước") and dashboards roll up to
    today's map ("xã Cái Nước"). Filled by `reference.services.place_fill()`, which uses the place
    resolver; every record's write service calls it."""

    place_text = models.CharField(_("địa bàn (như ghi nhận)"), max_length=300, blank=True)
    place_recorded = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị lúc ghi nhận"),
    )
    place_current = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị hiện nay"),
    )
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True


class CountryQuerySet(models.QuerySet):
    def lookup(self, text: str) -> "Country | None":
        """The country named `text`: ISO code, Vietnamese or English name, or an alias ("Úc",
        "Australia", "AU", "uc" all give Australia). None when nothing or several match."""
        raw = (text or "").strip()
        if len(raw) == 2 and raw.isascii() and raw.isalpha():
            by_code = self.filter(code=raw.upper()).first()
            if by_code is not None:
                return by_code
        key = fold(raw)
        if not key:
            return None
        found = list(self.filter(search_names__contains=f"|{key}|")[:2])
        return found[0] if len(found) == 1 else None


class Country(models.Model):
    """ISO 3166-1 country (the IATI Country codelist), named in Vietnamese and English."""

    code = models.CharField(_("mã ISO"), max_length=2, primary_key=True)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    aliases = models.CharField(
        _("tên khác"),
        max_length=300,
        blank=True,
        help_text=_("Các tên khác được chấp nhận khi nhập liệu, cách nhau bằng dấu chấm phẩy."),
    )
    search_names = models.CharField(max_length=600, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử quốc gia"))

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("quốc gia")
        verbose_name_plural = _("quốc gia")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" else self.name_vi

    def save(self, *args, **kwargs):
        names = [self.name_vi, self.name_en, *self.aliases.split(";")]
        self.search_names = "|" + "|".join(dict.fromkeys(fold(n) for n in names if n.strip())) + "|"
        super().save(*args, **kwargs)


class Currency(models.Model):
    """ISO 4217 currency (the IATI Currency codelist)."""

    code = models.CharField(_("mã ISO"), max_length=3, primary_key=True)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=2)

    class Meta:
        verbose_name = _("tiền tệ")
        verbose_name_plural = _("tiền tệ")
        ordering = ["code"]

    def __str__(self) -> str:
        name = self.name_en if get_language() == "en" else self.name_vi
        return f"{self.code} – {name}"


class ExchangeRate(NormalizedModel):
    """How many đồng one unit of `currency` was worth from `date` on (until the next rate)."""

    currency = models.ForeignKey(Currency, models.PROTECT, related_name="rates", verbose_name=_("tiền tệ"))
    date = models.DateField(_("áp dụng từ ngày"))
    rate = models.DecimalField(
        _("tỷ giá (VND)"),
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"), message=_("Tỷ giá phải lớn hơn 0."))],
        help_text=_("Số đồng Việt Nam cho 1 đơn vị ngoại tệ."),
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử tỷ giá"))

    class Meta:
        verbose_name = _("tỷ giá")
        verbose_name_plural = _("tỷ giá")
        ordering = ["currency", "-date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="unique_rate_per_currency_date"),
        ]
        permissions = spreadsheet_permissions("exchangerate", _("tỷ giá"))

    def __str__(self) -> str:
        return f"{self.currency_id} {ddmmyyyy(self.date)}: {self.rate}"


class SectorQuerySet(models.QuerySet):
    def lookup(self, text: str) -> "Sector | None":
        """The sector named `text`: a DAC code ("11220"), its Vietnamese or English name, or a
        registration-certificate name ("Nước sạch và vệ sinh môi trường")."""
        key = fold(text)
        if not key:
            return None
        found = list(self.filter(search_names__contains=f"|{key}|")[:2])
        if len(found) == 1:
            return found[0]
        registration = RegistrationSector.objects.filter(search_name=key).select_related("sector").first()
        return registration.sector if registration else None


class Sector(models.Model):
    """OECD DAC sector: a 3-digit category (IATI vocabulary 2) or a 5-digit purpose code (vocabulary 1)."""

    class Vocabulary(models.TextChoices):
        DAC5 = "1", _("OECD DAC 5 chữ số")
        DAC3 = "2", _("OECD DAC 3 chữ số (nhóm)")

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    vocabulary = models.CharField(_("bộ mã"), max_length=1, choices=Vocabulary.choices)
    category = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sectors",
        limit_choices_to={"vocabulary": Vocabulary.DAC3},
        verbose_name=_("nhóm"),
    )
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=200, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    search_names = models.CharField(max_length=500, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử lĩnh vực"))

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_name}"

    def save(self, *args, **kwargs):
        names = [self.code, self.name_en, self.name_vi]
        self.search_names = "|" + "|".join(dict.fromkeys(fold(n) for n in names if n)) + "|"
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if get_language() == "en":
            return self.name_en
        return self.name_vi or self.name_en


class RegistrationSector(models.Model):
    """A field of activity as Vietnamese NGO registration certificates name it ("Giáo dục",
    "Nước sạch và vệ sinh môi trường"...), mapped to the DAC sector it corresponds to, and the DAC
    3-digit categories the field covers: the category of `sector` and any in `categories` ("Giáo
    dục" is reported under 111 and covers 112, 113 and 114 as well). The certificate coverage check
    (aid.AidProviderQuerySet.coverage_flags) compares an aid item's sectors with these categories."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    sector = models.ForeignKey(Sector, models.PROTECT, related_name="registration_names", verbose_name=_("mã DAC"))
    categories = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="registration_categories",
        limit_choices_to={"vocabulary": Sector.Vocabulary.DAC3},
        verbose_name=_("các nhóm DAC khác thuộc lĩnh vực"),
        help_text=_(
            "Nhóm DAC 3 chữ số mà lĩnh vực này bao gồm, ngoài nhóm của mã DAC ở trên "
            "(ví dụ “Giáo dục”: 112, 113, 114). Dùng để đối chiếu lĩnh vực của khoản viện trợ với giấy đăng ký."
        ),
    )
    search_name = models.CharField(max_length=150, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử lĩnh vực trong giấy đăng ký"), m2m_fields=[categories])

    class Meta:
        verbose_name = _("lĩnh vực trong giấy đăng ký")
        verbose_name_plural = _("lĩnh vực trong giấy đăng ký")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def category_id(self) -> str:
        """The DAC 3-digit category of `sector` (the sector itself when it is one)."""
        return self.sector.category_id or self.sector_id
