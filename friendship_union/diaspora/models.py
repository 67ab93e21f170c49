"""Overseas Vietnamese (người Việt Nam ở nước ngoài): people, associations, homeland visits,
enterprises they invested in, donations."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from friendship_union.core.models import NormalizedModel
from friendship_union.core.roles import spreadsheet_permissions
from friendship_union.core.text import ddmmyyyy, fold
from friendship_union.reference.models import AdministrativeUnit, Country, Currency, PlaceFields

MONEY = {"max_digits": 20, "decimal_places": 2}


class OverseasPerson(NormalizedModel):
    """A Vietnamese person living abroad. Contacts are internal: never on the public site."""

    name = models.CharField(_("họ tên"), max_length=150)
    country = models.ForeignKey(Country, models.PROTECT, related_name="+", verbose_name=_("nước cư trú"))
    city = models.CharField(_("thành phố cư trú"), max_length=120, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=150, blank=True)
    hometown = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quê quán"),
    )
    email = models.EmailField(_("thư điện tử (nội bộ)"), blank=True)
    phone = models.CharField(_("điện thoại (nội bộ)"), max_length=50, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_name = models.CharField(max_length=150, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử kiều bào"))

    class Meta:
        verbose_name = _("kiều bào")
        verbose_name_plural = _("kiều bào")
        ordering = ["search_name"]
        permissions = spreadsheet_permissions("overseasperson", _("kiều bào"))

    def __str__(self) -> str:
        return self.name

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_name = fold(self.name)


class OverseasAssociation(NormalizedModel):
    name = models.CharField(_("tên hội"), max_length=255)
    country = models.ForeignKey(Country, models.PROTECT, related_name="+", verbose_name=_("quốc gia"))
    note = models.TextField(_("ghi chú"), blank=True)
    search_name = models.CharField(max_length=255, editable=False)
    history = HistoricalRecords(verbose_name=_("lịch sử hội"))

    class Meta:
        verbose_name = _("hội người Việt ở nước ngoài")
        verbose_name_plural = _("hội người Việt ở nước ngoài")
        ordering = ["search_name"]
        constraints = [models.UniqueConstraint(fields=["search_name", "country"], name="unique_association_name")]

    def __str__(self) -> str:
        return self.name

    def prepare_for_save(self) -> None:
        super().prepare_for_save()
        self.search_name = fold(self.name)


class VisitQuerySet(models.QuerySet):
    def between(self, first_year: int, last_year: int) -> "VisitQuerySet":
        # A date range, not date__year: an index on date can serve it.
        return self.filter(date__range=(datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)))

    def totals(self) -> dict:
        """{"records": n, "visitors": n}: records and people (lượt) in one query."""
        return self.aggregate(records=Count("pk"), visitors=Sum("visitors", default=0))


class VisitMonthTotal(models.Model):
    """Homeland visits per calendar month: records and people (lượt). Kept by PostgreSQL triggers on
    every write to HomelandVisit (save, bulk insert, queryset update and delete, raw SQL, truncate),
    so the dashboard reads a few hundred rows instead of scanning a million. Not edited by hand."""

    month = models.DateField(_("tháng"), primary_key=True, help_text=_("Ngày đầu tháng."))
    records = models.BigIntegerField(_("số bản ghi"), default=0)
    visitors = models.BigIntegerField(_("số lượt người"), default=0)

    class Meta:
        verbose_name = _("tổng lượt về thăm theo tháng")
        verbose_name_plural = _("tổng lượt về thăm theo tháng")
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.visitors}"

    @staticmethod
    def maintained() -> bool:
        """The triggers exist on PostgreSQL only; elsewhere (SQLite for `make run`) read the visits."""

        return connection.vendor == "postgresql"

    @classmethod
    def rebuild(cls) -> int:
        """Recount every month from the visits (after visits were loaded row by row, e.g. with loaddata,
        which inserts the stored totals and then the visits, whose triggers add them again; `manage.py
        restore` needs no recount). Returns the months written."""

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {cls._meta.db_table}")
            if not cls.maintained():
                return 0
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (month, records, visitors) "
                f"SELECT date_trunc('month', date)::date, count(*), sum(visitors) "
                f"FROM {HomelandVisit._meta.db_table} GROUP BY 1"
            )
            return cursor.rowcount

    @classmethod
    def totals(cls, start: datetime.date, end: datetime.date) -> dict:
        """{"records": n, "visitors": n} for visits dated start..end, where start is the first day
        of a month and end the last day of a month."""
        if not cls.maintained():
            return HomelandVisit.objects.filter(date__range=(start, end)).totals()
        return cls.objects.filter(month__range=(start, end)).aggregate(
            records=Sum("records", default=0), visitors=Sum("visitors", default=0)
        )

    @classmethod
    def visitors_by_year(cls, start: datetime.date | None = None, end: datetime.date | None = None) -> dict[int, int]:
        """{year: people} for the visits dated start..end (every year when not given), oldest first,
        in one query: from the monthly totals, or from the visits where no trigger keeps them."""
        start, end = start or datetime.date.min, end or datetime.date.max
        if cls.maintained():
            rows = cls.objects.filter(month__range=(start, end)).annotate(year=ExtractYear("month"))
        else:
            rows = HomelandVisit.objects.filter(date__range=(start, end)).annotate(year=ExtractYear("date"))
        rows = rows.values("year").annotate(v=Sum("visitors", default=0)).order_by("year")
        return {row["year"]: row["v"] for row in rows}

    @classmethod
    def monthly(cls, start: datetime.date, end: datetime.date) -> list[dict]:
        """[{"month": first day, "records": n, "visitors": n}] for each month of start..end with visits,
        oldest first (start the first day of a month, end the last day of one): the same totals as
        totals(), month by month, in one query."""
        if cls.maintained():
            rows = cls.objects.filter(month__range=(start, end), records__gt=0).values("month", "records", "visitors")
            return list(rows.order_by("month"))
        rows = (
            HomelandVisit.objects.filter(date__range=(start, end))
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(records=Count("pk"), visitors=Sum("visitors", default=0))
            .order_by("month")
        )
        return list(rows)


class HomelandVisit(NormalizedModel):
    """A homeland visit: a person, an association, or an unnamed group (group_description)."""

    date = models.DateField(_("ngày"))
    visitors = models.PositiveIntegerField(
        _("số lượt người"), validators=[MinValueValidator(1, _("Số lượt phải từ 1 trở lên."))]
    )
    person = models.ForeignKey(
        OverseasPerson,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("kiều bào"),
    )
    association = models.ForeignKey(
        OverseasAssociation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("hội"),
    )
    group_description = models.CharField(_("nhóm (không tên)"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("quốc gia")
    )
    purpose = models.CharField(_("mục đích"), max_length=300, blank=True)
    import_key = models.CharField(
        _("khóa nhập liệu"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Mã trong tệp nhập, hoặc dấu vân tay của dòng khi tệp không có mã."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử lượt về thăm"))

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt về thăm quê hương")
        verbose_name_plural = _("lượt về thăm quê hương")
        ordering = ["-date"]
        indexes = [models.Index(fields=["date"])]
        permissions = spreadsheet_permissions("homelandvisit", _("lượt về thăm"))

    def __str__(self) -> str:
        return f"{ddmmyyyy(self.date)}: {self.who} ({self.visitors})"

    @property
    def who(self) -> str:
        return str(self.person or self.association or self.group_description or _("nhóm kiều bào"))

    def clean(self):
        super().clean()
        if self.person_id and self.association_id:
            raise ValidationError(_("Một lượt về thăm ghi cho một người hoặc một hội, không cả hai."))


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng")
    DISSOLVED = "dissolved", _("Giải thể")


# An enterprise in operation (not suspended, not dissolved), as a condition aggregates can filter on.
OPERATING = models.Q(status=EnterpriseStatus.ACTIVE)


def operating_on_q(day: datetime.date) -> models.Q:
    """An enterprise operating on `day`, as a condition aggregates can filter on: registered by then
    (or its registration date not recorded) and in operation now, or stopped (suspended, dissolved)
    only after that day. One stopped without a recorded date counts as stopped on every day."""
    registered = models.Q(registration_date__lte=day) | models.Q(registration_date__isnull=True)
    return registered & (OPERATING | models.Q(stopped_date__gt=day))


class EnterpriseQuerySet(models.QuerySet):
    def registered_in(self, start: datetime.date, end: datetime.date) -> "EnterpriseQuerySet":
        """Enterprises registered start..end, and those whose registration date is not recorded."""
        return self.filter(models.Q(registration_date__range=(start, end)) | models.Q(registration_date__isnull=True))

    def operating(self) -> "EnterpriseQuerySet":
        """Enterprises in operation now, by their status (not suspended, not dissolved). Figures for a
        day — the dashboard's "operating at the period's end", /kieu-bao/ — use operating_on()."""
        return self.filter(OPERATING)

    def operating_on(self, day: datetime.date) -> "EnterpriseQuerySet":
        """Enterprises operating on `day` (see operating_on_q): the one definition of "enterprises
        operating" that the dashboard (at a period's end), its drill-down list, the report workbook,
        the JSON summary and the public /kieu-bao/ page (today) share."""
        return self.filter(operating_on_q(day))

    def by_line_of_business(self, on: datetime.date | None = None):
        """One row per line of business, most enterprises first: {"sector", "total", "active"} (active:
        operating on `on`, today by default — operating_on)."""
        day = on or timezone.localdate()
        return (
            self.values("sector")
            .annotate(total=models.Count("pk"), active=models.Count("pk", filter=operating_on_q(day)))
            .order_by("-total", "sector")
        )


class Enterprise(NormalizedModel, PlaceFields):
    name = models.CharField(_("tên doanh nghiệp"), max_length=255, unique=True)
    investors = models.CharField(_("nhà đầu tư"), max_length=300, blank=True)
    sector = models.CharField(_("ngành nghề"), max_length=200, blank=True)
    registered_capital = models.DecimalField(_("vốn đăng ký"), null=True, blank=True, **MONEY)
    currency = models.ForeignKey(
        Currency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tiền tệ")
    )
    capital_usd = models.DecimalField(_("quy đổi USD"), null=True, blank=True, editable=False, **MONEY)
    capital_vnd = models.DecimalField(
        _("quy đổi VND"), max_digits=22, decimal_places=0, null=True, blank=True, editable=False
    )
    registration_date = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    stopped_date = models.DateField(
        _("ngày ngừng hoạt động"),
        null=True,
        blank=True,
        help_text=_("Ngày tạm ngừng hoặc giải thể; để trống khi doanh nghiệp đang hoạt động."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử doanh nghiệp"))

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("doanh nghiệp kiều bào")
        verbose_name_plural = _("doanh nghiệp kiều bào")
        ordering = ["name"]
        permissions = spreadsheet_permissions("enterprise", _("doanh nghiệp"))

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.registered_capital is not None and self.registered_capital <= 0:
            errors["registered_capital"] = _("Vốn đăng ký phải lớn hơn 0.")
        if self.stopped_date and self.status == EnterpriseStatus.ACTIVE:
            errors["stopped_date"] = _(
                "Doanh nghiệp đang hoạt động không có ngày ngừng hoạt động: để trống ngày này, hoặc chọn "
                "tình trạng tạm ngừng hay giải thể."
            )
        elif self.stopped_date and self.registration_date and self.stopped_date < self.registration_date:
            errors["stopped_date"] = _("Ngày ngừng hoạt động không thể trước ngày đăng ký.")
        if errors:
            raise ValidationError(errors)


class DonationQuerySet(models.QuerySet):
    def made_in(self, start: datetime.date, end: datetime.date) -> "DonationQuerySet":
        """Donations dated start..end."""
        return self.filter(date__range=(start, end))

    def totals_by_currency(self) -> dict[str, object]:
        """{"count": n, "in_kind": n, "amounts": {currency code: Decimal}}: the donations, those in
        kind only (no amount), and the money given in each currency (donations are recorded in the
        currency given and not converted), in one query."""
        rows = self.order_by().values("currency_id").annotate(n=Count("pk"), total=Sum("amount"))
        totals = {"count": 0, "in_kind": 0, "amounts": {}}
        for row in rows:
            totals["count"] += row["n"]
            if row["currency_id"] is None:
                totals["in_kind"] += row["n"]
            else:
                totals["amounts"][row["currency_id"]] = row["total"]
        return totals


class Donation(NormalizedModel):
    donor_person = models.ForeignKey(
        OverseasPerson,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("người tặng"),
    )
    donor_association = models.ForeignKey(
        OverseasAssociation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("hội tặng"),
    )
    donor_name = models.CharField(_("tên người/nhóm tặng (nếu không có trong danh sách)"), max_length=200, blank=True)
    date = models.DateField(_("ngày"))
    amount = models.DecimalField(_("số tiền"), null=True, blank=True, **MONEY)
    currency = models.ForeignKey(
        Currency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tiền tệ")
    )
    in_kind = models.CharField(_("hiện vật"), max_length=300, blank=True)
    purpose = models.CharField(_("mục đích"), max_length=300, blank=True)
    aid_item = models.ForeignKey(
        "aid.AidItem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="diaspora_donations",
        verbose_name=_("khoản viện trợ"),
    )
    import_key = models.CharField(
        _("khóa nhập liệu"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Mã trong tệp nhập, hoặc dấu vân tay của dòng khi tệp không có mã."),
    )
    history = HistoricalRecords(verbose_name=_("lịch sử quyên góp"))

    objects = DonationQuerySet.as_manager()

    class Meta:
        verbose_name = _("quà tặng, quyên góp của kiều bào")
        verbose_name_plural = _("quà tặng, quyên góp của kiều bào")
        ordering = ["-date"]
        permissions = spreadsheet_permissions("donation", _("quyên góp"))

    def __str__(self) -> str:
        donor = self.donor_person or self.donor_association or self.donor_name
        return f"{ddmmyyyy(self.date)}: {donor}"

    def clean(self):
        super().clean()
        errors = {}
        if not (self.donor_person_id or self.donor_association_id or self.donor_name):
            errors["donor_name"] = _("Ghi người, hội hoặc nhóm tặng.")
        if self.amount is None and not self.in_kind:
            errors["amount"] = _("Ghi số tiền hoặc hiện vật.")
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("Số tiền phải lớn hơn 0.")
        if self.amount is not None and not self.currency_id:
            errors["currency"] = _("Chọn tiền tệ của số tiền.")
        if errors:
            raise ValidationError(errors)
