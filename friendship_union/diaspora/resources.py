"""Spreadsheet import/export of homeland visits, enterprises and donations."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendship_union.core.resources import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    Field,
    IntegerWidget,
    KeyInstanceLoader,
    RowKeyMixin,
    VietnameseResource,
)
from friendship_union.core.text import clean_text, fold
from friendship_union.reference.places import PlaceResolver, place_line
from friendship_union.reference.resources import CountryWidget, CurrencyWidget
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
        """Read once per file for each name (a file of visits names the same people many times)."""
        key = fold(text)
        cache = self.__dict__.setdefault("_who_cache", {})
        if key not in cache:
            person = list(OverseasPerson.objects.filter(search_name=key)[:2])
            association = [] if len(person) == 1 else list(OverseasAssociation.objects.filter(search_name=key)[:2])
            if len(person) == 1:
                cache[key] = (person[0], None)
            elif len(association) == 1:
                cache[key] = (None, association[0])
            else:
                cache[key] = (None, None)
        person, association = cache[key]
        return person, association, "" if person or association else clean_text(text)


class VisitResource(RowKeyMixin, WhoMixin, VietnameseResource):
    key_columns = ("Ngày", "Số lượt", "Người/Hội", "Quốc gia", "Mục đích")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    date = Field(
        attribute="date",
        column_name="Ngày",
        aliases=["Date", "Ngày về"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày kiều bào về thăm quê hương."),
        example=datetime.date(2024, 1, 28),
    )
    visitors = Field(
        attribute="visitors",
        column_name="Số lượt",
        aliases=["Visitors", "Số người"],
        widget=IntegerWidget(),
        required=True,
        help_text=_("Số lượt người về trong lần này (ít nhất 1)."),
        example=4,
    )
    who = Field(
        column_name="Người/Hội",
        aliases=["Who", "Đoàn"],
        help_text=_(
            "Ai về: kiều bào hoặc hội người Việt đã có trong danh sách; tên khác được ghi là một nhóm "
            "không có trong danh sách."
        ),
        format=_("Họ tên kiều bào hoặc tên hội, như trong danh sách; chữ không dấu cũng được"),
        example="Nguyễn Văn An",
    )
    country = Field(
        attribute="country",
        column_name="Quốc gia",
        aliases=["Country"],
        widget=CountryWidget(),
        help_text=_("Nước kiều bào đang sinh sống."),
        example="Úc",
    )
    purpose = Field(
        attribute="purpose",
        column_name="Mục đích",
        aliases=["Purpose"],
        help_text=_("Về để làm gì: thăm thân, đầu tư, từ thiện…"),
        example="Thăm thân, dự Tết",
    )

    key_is_only_unique_field = True
    bulk_create_new = True
    bulk_batch_size = 1000

    class Meta(VietnameseResource.Meta):
        model = HomelandVisit
        import_id_fields = ("import_key",)
        instance_loader_class = KeyInstanceLoader
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
    name = Field(
        attribute="name",
        column_name="Tên doanh nghiệp",
        aliases=["Name", "Tên"],
        required=True,
        help_text=_("Tên doanh nghiệp như trong giấy đăng ký. Dòng có tên đã có sẽ cập nhật doanh nghiệp đó."),
        example="Công ty TNHH Thủy sản Năm Căn Xanh",
    )
    investors = Field(
        attribute="investors",
        column_name="Nhà đầu tư",
        aliases=["Investors"],
        help_text=_("Kiều bào hoặc tổ chức đầu tư, như trong giấy đăng ký."),
        example="Trần Thị Bình (Úc)",
    )
    sector = Field(
        attribute="sector",
        column_name="Ngành nghề",
        aliases=["Sector"],
        help_text=_("Ngành nghề kinh doanh chính."),
        example="Chế biến thủy sản",
    )
    registered_capital = Field(
        attribute="registered_capital",
        column_name="Vốn đăng ký",
        aliases=["Capital"],
        widget=DecimalWidget(),
        help_text=_("Vốn đăng ký, theo tiền tệ ở cột “Tiền tệ”; phần mềm quy ra USD và VND theo tỷ giá ngày đăng ký."),
        example=Decimal("500000"),
    )
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        widget=CurrencyWidget(),
        help_text=_("Tiền tệ của vốn đăng ký."),
        example="USD",
    )
    registration_date = Field(
        attribute="registration_date",
        column_name="Ngày đăng ký",
        aliases=["Registered on"],
        widget=DateWidget(),
        help_text=_("Ngày cấp giấy chứng nhận đăng ký đầu tư hoặc doanh nghiệp; chọn tỷ giá quy đổi của ngày này."),
        example=datetime.date(2018, 9, 10),
    )
    place = Field(
        column_name="Địa điểm",
        aliases=["Location"],
        help_text=_("Nơi đặt doanh nghiệp; phần mềm đọc ra đơn vị lúc ghi nhận và đơn vị hiện nay."),
        format=_("Xã, huyện (đơn vị trước 1/7/2025) hoặc xã (đơn vị hiện nay); chữ không dấu cũng được"),
        example="Hàm Rồng, Năm Căn",
    )
    status = Field(
        attribute="status",
        column_name="Tình trạng",
        aliases=["Status"],
        widget=ChoiceWidget(EnterpriseStatus.choices),
        help_text=_("Doanh nghiệp còn hoạt động hay không."),
        example=EnterpriseStatus.ACTIVE.label,
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

    def display_place(self, enterprise, extras):
        """The place as recorded → the unit today (read into the record by enterprise_place)."""
        return place_line(enterprise.place_text, enterprise.place_recorded, enterprise.place_current)

    def dehydrate_place(self, enterprise):
        return enterprise.place_text


class DonationResource(RowKeyMixin, WhoMixin, VietnameseResource):
    key_columns = ("Người/Hội tặng", "Ngày", "Số tiền", "Tiền tệ", "Hiện vật", "Mục đích")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    donor = Field(
        column_name="Người/Hội tặng",
        aliases=["Donor", "Người tặng"],
        required=True,
        help_text=_("Ai tặng: kiều bào hoặc hội người Việt đã có trong danh sách; tên khác được ghi như một nhóm."),
        format=_("Họ tên kiều bào hoặc tên hội, như trong danh sách; chữ không dấu cũng được"),
        example="Hội người Việt tại Melbourne",
    )
    date = Field(
        attribute="date",
        column_name="Ngày",
        aliases=["Date"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày nhận quà tặng, quyên góp."),
        example=datetime.date(2023, 10, 20),
    )
    amount = Field(
        attribute="amount",
        column_name="Số tiền",
        aliases=["Amount"],
        widget=DecimalWidget(),
        help_text=_("Số tiền tặng, theo tiền tệ ở cột “Tiền tệ”; để trống nếu chỉ tặng hiện vật."),
        example=Decimal("5000"),
    )
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        widget=CurrencyWidget(),
        help_text=_("Tiền tệ của số tiền."),
        example="AUD",
    )
    in_kind = Field(
        attribute="in_kind",
        column_name="Hiện vật",
        aliases=["In kind"],
        help_text=_("Hiện vật tặng, nếu có."),
        example="200 bộ sách giáo khoa",
    )
    purpose = Field(
        attribute="purpose",
        column_name="Mục đích",
        aliases=["Purpose"],
        help_text=_("Tặng cho việc gì."),
        example="Hỗ trợ học sinh nghèo",
    )

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
