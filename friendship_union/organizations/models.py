"""The Union itself and its member friendship associations: terms, members, people and positions,
headcount, milestones, awards."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import fold
from friendship_union.reference.models import Country

YEAR = [MinValueValidator(1945), MaxValueValidator(2100)]


class MemberAssociationQuerySet(models.QuerySet):
    def for_about_page(self) -> "MemberAssociationQuerySet":
        """Every member association with its counterpart country and its terms newest first
        (`current_terms`), in two queries whatever their number. Internal notes are not read."""
        return (
            self.select_related("counterpart_country")
            .defer("note")
            .prefetch_related(
                models.Prefetch(
                    "terms",
                    Term.objects.order_by("-start_date").only(
                        "association_id", "name", "start_date", "end_date", "chair"
                    ),
                    to_attr="current_terms",
                )
            )
            .order_by("name")
        )

    def lookup(self, text: str) -> "MemberAssociation | None":
        """The association named `text`, compared without diacritics or case (None when none is)."""
        key = fold(text)
        return next((a for a in self.only("pk", "name") if fold(a.name) == key), None)


class MemberAssociation(NormalizedModel):
    """A member friendship association, e.g. Hội hữu nghị Việt Nam – Nhật Bản tỉnh Cà Mau."""

    name = models.CharField(_("tên hội"), max_length=255, unique=True)
    counterpart_country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("nước đối tác")
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    branches = models.PositiveIntegerField(_("số chi hội"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử hội thành viên"))

    objects = MemberAssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức hữu nghị thành viên")
        verbose_name_plural = _("tổ chức hữu nghị thành viên")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_term(self) -> "Term | None":
        """The newest term, from `for_about_page()`'s prefetch."""
        terms = getattr(self, "current_terms", None)
        return terms[0] if terms else None


class Term(NormalizedModel):
    association = models.ForeignKey(MemberAssociation, models.CASCADE, related_name="terms", verbose_name=_("hội"))
    name = models.CharField(_("nhiệm kỳ"), max_length=60, help_text=_("Ví dụ: 2020–2025."))
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    chair = models.CharField(_("chủ tịch"), max_length=150, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử nhiệm kỳ"))

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.association} – {self.name}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không thể trước ngày bắt đầu.")})


class MembershipCount(models.Model):
    association = models.ForeignKey(
        MemberAssociation, models.CASCADE, related_name="member_counts", verbose_name=_("hội")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR)
    members = models.PositiveIntegerField(_("số hội viên"))
    history = HistoricalRecords(verbose_name=_("lịch sử số hội viên"))

    class Meta:
        verbose_name = _("số hội viên theo năm")
        verbose_name_plural = _("số hội viên theo năm")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["association", "year"], name="unique_members_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.members}"


class Person(NormalizedModel):
    """A person in the Union or a member association (leaders, staff). Contacts are internal."""

    name = models.CharField(_("họ tên"), max_length=150)
    email = models.EmailField(_("thư điện tử (nội bộ)"), blank=True)
    phone = models.CharField(_("điện thoại (nội bộ)"), max_length=50, blank=True)
    search_name = models.CharField(max_length=150, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử nhân sự"))

    class Meta:
        verbose_name = _("nhân sự")
        verbose_name_plural = _("nhân sự")
        ordering = ["search_name"]
        permissions = spreadsheet_permissions("person", _("nhân sự"))

    def __str__(self) -> str:
        return self.name

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_name = fold(self.name)


class Position(NormalizedModel):
    person = models.ForeignKey(Person, models.CASCADE, related_name="positions", verbose_name=_("người"))
    title = models.CharField(_("chức vụ"), max_length=150)
    association = models.ForeignKey(
        MemberAssociation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("hội"),
        help_text=_("Để trống nếu là chức vụ tại Liên hiệp."),
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    import_key = models.CharField(
        _("khóa nhập liệu"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Mã trong tệp nhập, hoặc dấu vân tay của dòng khi tệp không có mã."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử chức vụ"))

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không thể trước ngày bắt đầu.")})


class Headcount(models.Model):
    """The Union's own staff headcount in a year."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True, validators=YEAR)
    headcount = models.PositiveIntegerField(_("số cán bộ"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử biên chế"))

    class Meta:
        verbose_name = _("biên chế theo năm")
        verbose_name_plural = _("biên chế theo năm")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.headcount}"


class Milestone(NormalizedModel):
    date = models.DateField(_("ngày"))
    title = models.CharField(_("sự kiện"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    history = HistoricalRecords(verbose_name=_("lịch sử mốc"))

    class Meta:
        verbose_name = _("mốc lịch sử")
        verbose_name_plural = _("mốc lịch sử của Liên hiệp")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y}: {self.title}"


class RecipientKind(models.TextChoices):
    UNION = "union", _("Liên hiệp")
    PERSON = "person", _("Cá nhân")
    PARTNER = "partner", _("Đối tác")


class Award(NormalizedModel):
    recipient_kind = models.CharField(_("người/đơn vị nhận"), max_length=8, choices=RecipientKind.choices)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("cá nhân")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("đối tác"),
    )
    title = models.CharField(_("hình thức khen thưởng"), max_length=255)
    issuer = models.CharField(_("cơ quan khen thưởng"), max_length=255)
    date = models.DateField(_("ngày"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, validators=YEAR)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    import_key = models.CharField(
        _("khóa nhập liệu"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Mã trong tệp nhập, hoặc dấu vân tay của dòng khi tệp không có mã."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử khen thưởng"))

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year"]
        permissions = spreadsheet_permissions("award", _("khen thưởng"))

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def clean(self):
        super().clean()
        errors = {}
        # A person may be new, named by the same import row and saved with the award (award_save).
        new_person = Award.person.is_cached(self) and self.person is not None
        if self.recipient_kind == RecipientKind.PERSON and not (self.person_id or new_person):
            errors["person"] = _("Chọn cá nhân được khen thưởng.")
        if self.recipient_kind == RecipientKind.PARTNER and not self.partner_id:
            errors["partner"] = _("Chọn đối tác được khen thưởng.")
        if self.date and self.year and self.date.year != self.year:
            errors["year"] = _("Năm không khớp với ngày khen thưởng.")
        if errors:
            raise ValidationError(errors)

    @property
    def recipient(self) -> str:
        if self.recipient_kind == RecipientKind.PERSON:
            return str(self.person)
        if self.recipient_kind == RecipientKind.PARTNER:
            return str(self.partner)
        return str(_("Liên hiệp"))
