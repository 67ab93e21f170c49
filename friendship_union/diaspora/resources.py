"""Spreadsheet import/export of homeland visits, enterprises and donations."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.instance_loaders import CachedInstanceLoader

from friendship_union.core.resources import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    Field,
    IntegerWidget,
    LookupWidget,
    RowKeyMixin,
    VietnameseResource,
)
from friendship_union.core.text import clean_text, fold
from friendship_union.reference.models import Currency
from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.resources import CountryWidget
from friendship_union.reference.services import RateBook

from .models import Donation, Enterprise, EnterpriseStatus, HomelandVisit, OverseasAssociation, OverseasPerson
from .services import (
    donation_save,
    enterprise_convert_money,
    enterprise_place,
    enterprise_save,
    visit_batch,
    visit_save,
)


class WhoMixin:
    """ "Người/Hội": a known person or association by name; otherwise an unnamed group."""

    def _who(self, text):
        key = fold(text)
        person = list(OverseasPerson.objects.filter(search_name=key)[:2])
        if len(person) == 1:
            return person[0], None, ""
        association = list(OverseasAssociation.objects.filter(search_name=key)[:2])
        if len(association) == 1:
            return None, association[0], ""
        return None, None, clean_text(text)


class VisitResource(RowKeyMixin, WhoMixin, VietnameseResource):
    key_columns = ("Ngày", "Số lượt", "Người/Hội", "Quốc gia", "Mục đích")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    date = Field(attribute="date", column_name="Ngày", aliases=["Date", "Ngày về"], widget=DateWidget(), required=True)
    visitors = Field(
        attribute="visitors",
        column_name="Số lượt",
        aliases=["Visitors", "Số người"],
        widget=IntegerWidget(),
        required=True,
    )
    who = Field(
        column_name="Người/Hội",
        aliases=["Who", "Đoàn"],
        help_text=_("Tên kiều bào hoặc hội có trong danh sách; tên khác được ghi là nhóm."),
    )
    country = Field(attribute="country", column_name="Quốc gia", aliases=["Country"], widget=CountryWidget())
    purpose = Field(attribute="purpose", column_name="Mục đích", aliases=["Purpose"])

    key_is_only_unique_field = True
    bulk_create_new = True
    bulk_batch_size = 1000

    class Meta(VietnameseResource.Meta):
        model = HomelandVisit
        import_id_fields = ("import_key",)
        instance_loader_class = CachedInstanceLoader
        fields = ("date", "visitors", "who", "country", "purpose", "import_key")
        export_order = fields

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if "Người/Hội" in row:
            instance.person, instance.association, instance.group_description = self._who(row.get("Người/Hội") or "")

    def make_batch(self):
        return visit_batch(user=self.user, batch_size=self.bulk_batch_size)

    def write(self, instance, is_create, extras):
        visit_save(visit=instance, user=self.user, validated=True)

    def dehydrate_who(self, visit):
        return visit.who if (visit.person_id or visit.association_id or visit.group_description) else ""


class EnterpriseResource(VietnameseResource):
    name = Field(attribute="name", column_name="Tên doanh nghiệp", aliases=["Name", "Tên"], required=True)
    investors = Field(attribute="investors", column_name="Nhà đầu tư", aliases=["Investors"])
    sector = Field(attribute="sector", column_name="Ngành nghề", aliases=["Sector"])
    registered_capital = Field(
        attribute="registered_capital", column_name="Vốn đăng ký", aliases=["Capital"], widget=DecimalWidget()
    )
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        widget=LookupWidget(Currency, "code", lookups=("name_vi", "name_en"), noun=_("tiền tệ")),
    )
    registration_date = Field(
        attribute="registration_date",
        column_name="Ngày đăng ký",
        aliases=["Registered on"],
        widget=DateWidget(),
    )
    place = Field(column_name="Địa điểm", aliases=["Location"], help_text=_("Xã, huyện (cũ) hoặc xã (mới)."))
    status = Field(
        attribute="status",
        column_name="Tình trạng",
        aliases=["Status"],
        widget=ChoiceWidget(EnterpriseStatus.choices),
    )
    stopped_date = Field(
        attribute="stopped_date",
        column_name="Ngày ngừng hoạt động",
        aliases=["Stopped on"],
        widget=DateWidget(),
        help_text=_("Ngày tạm ngừng hoặc giải thể; để trống khi đang hoạt động."),
    )

    class Meta(VietnameseResource.Meta):
        model = Enterprise
        import_id_fields = ("name",)
        fields = (
            "name",
            "investors",
            "sector",
            "registered_capital",
            "currency",
            "registration_date",
            "place",
            "status",
            "stopped_date",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._resolver, self._book = PlaceResolver(), RateBook()

    def before_import_row(self, row, **kwargs):
        if row.get("Tình trạng") in (None, ""):
            row["Tình trạng"] = EnterpriseStatus.ACTIVE
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if "Địa điểm" in row:
            instance.place_text = self.extras["place"] = clean_text(row.get("Địa điểm") or "")
            self.derive(lambda e: enterprise_place(e, resolver=self._resolver), instance, "place", errors)
        if not errors:
            self.derive(lambda e: enterprise_convert_money(e, book=self._book), instance, "registration_date", errors)
        if errors:
            raise ValidationError(errors)

    def write(self, instance, is_create, extras):
        enterprise_save(enterprise=instance, user=self.user, book=self._book, resolver=self._resolver, validated=True)

    @staticmethod
    def render_place(text) -> str:
        return text

    def dehydrate_place(self, enterprise):
        return enterprise.place_text


class DonationResource(RowKeyMixin, WhoMixin, VietnameseResource):
    key_columns = ("Người/Hội tặng", "Ngày", "Số tiền", "Tiền tệ", "Hiện vật", "Mục đích")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    donor = Field(column_name="Người/Hội tặng", aliases=["Donor", "Người tặng"], required=True)
    date = Field(attribute="date", column_name="Ngày", aliases=["Date"], widget=DateWidget(), required=True)
    amount = Field(attribute="amount", column_name="Số tiền", aliases=["Amount"], widget=DecimalWidget())
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        widget=LookupWidget(Currency, "code", lookups=("name_vi", "name_en"), noun=_("tiền tệ")),
    )
    in_kind = Field(attribute="in_kind", column_name="Hiện vật", aliases=["In kind"])
    purpose = Field(attribute="purpose", column_name="Mục đích", aliases=["Purpose"])

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Donation
        import_id_fields = ("import_key",)
        fields = ("donor", "date", "amount", "currency", "in_kind", "purpose", "import_key")
        export_order = fields

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        person, association, name = self._who(row.get("Người/Hội tặng") or "")
        instance.donor_person, instance.donor_association, instance.donor_name = person, association, name

    def write(self, instance, is_create, extras):
        donation_save(donation=instance, user=self.user, validated=True)

    def dehydrate_donor(self, donation):
        return str(donation.donor_person or donation.donor_association or donation.donor_name or "")
