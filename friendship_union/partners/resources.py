"""Spreadsheet import/export of partners and registration certificates."""

import datetime

from django.utils.translation import gettext_lazy as _

from friendship_union.core.resources import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    KeyInstanceLoader,
    ListWidget,
    LookupWidget,
    VietnameseResource,
)
from friendship_union.core.text import fold
from friendship_union.reference.models import REFORM_DATE_ISO, AdministrativeUnit, Era, Level, RegistrationSector
from friendship_union.reference.resources import CountryWidget

from .models import CertificateStatus, CertificateType, Partner, PartnerType, RegistrationCertificate
from .services import certificate_save, partner_save

PARTNER_TYPE_WORDS = {
    "ngo": PartnerType.INGO,
    "ingo": PartnerType.INGO,
    "pcpnn": PartnerType.INGO,
    "to chuc pcpnn": PartnerType.INGO,
    "tong lanh su quan": PartnerType.CONSULATE,
    "lanh su quan": PartnerType.CONSULATE,
    "dai su quan": PartnerType.CONSULATE,
    "consulate": PartnerType.CONSULATE,
    "embassy": PartnerType.CONSULATE,
    "quy": PartnerType.FOUNDATION,
    "to chuc quoc te": PartnerType.INTERNATIONAL,
}


def partner_label(partner: Partner) -> str:
    """A partner as the import preview names it: its name (Vietnamese when recorded), then its code
    ("Loreto Kids Charity (LKC-AU)")."""
    return f"{partner.name_vi or partner.name} ({partner.code})"


class PartnerResource(VietnameseResource):
    code = Field(
        attribute="code",
        column_name="Mã",
        aliases=["Code", "Mã đối tác"],
        required=True,
        help_text=_("Mã ngắn, riêng của đối tác, do cán bộ đặt. Dòng có mã đã có sẽ cập nhật đối tác đó."),
        format=_("Chữ không dấu, số và - _ . (không có dấu cách), tối đa 30 ký tự"),
        example="LKC-AU",
    )
    name = Field(
        attribute="name",
        column_name="Tên",
        aliases=["Name", "Tên đối tác"],
        required=True,
        help_text=_("Tên của đối tác như đối tác tự ghi (thường bằng tiếng Anh)."),
        example="Loreto Kids Charity",
    )
    name_vi = Field(
        attribute="name_vi",
        column_name="Tên tiếng Việt",
        aliases=["Vietnamese name"],
        help_text=_("Tên tiếng Việt, nếu có: hiện trên trang tiếng Việt thay cho tên gốc."),
        example="Quỹ Trẻ em Loreto",
    )
    acronym = Field(
        attribute="acronym",
        column_name="Viết tắt",
        aliases=["Acronym", "Tên viết tắt"],
        help_text=_("Tên viết tắt, nếu có; khi nhập viện trợ có thể ghi tên viết tắt thay cho mã."),
        example="LKC",
    )
    partner_type = Field(
        attribute="partner_type",
        column_name="Loại",
        aliases=["Type", "Loại đối tác"],
        required=True,
        widget=ChoiceWidget(PartnerType.choices, extra=PARTNER_TYPE_WORDS),
        help_text=_("Đối tác thuộc loại tổ chức nào (theo loại tổ chức của IATI)."),
        example=PartnerType.INGO.label,
    )
    country = Field(
        attribute="country",
        column_name="Quốc gia",
        aliases=["Country", "Nước"],
        widget=CountryWidget(),
        help_text=_("Nước nơi đối tác đặt trụ sở."),
        example="Úc",
    )
    website = Field(
        attribute="website",
        column_name="Website",
        aliases=["Trang web"],
        help_text=_("Địa chỉ trang web của đối tác."),
        format=_("Địa chỉ đầy đủ, bắt đầu bằng https://"),
        example="https://www.lorettokids.org.au",
    )
    email = Field(
        attribute="email",
        column_name="Email",
        aliases=["Thư điện tử", "E-mail"],
        help_text=_("Thư điện tử chung của đối tác (không công khai)."),
        example="info@lorettokids.org.au",
    )
    phone = Field(
        attribute="phone",
        column_name="Điện thoại",
        aliases=["Phone", "SĐT"],
        help_text=_("Số điện thoại chung của đối tác (không công khai)."),
        format=_("Chữ; ghi cả mã nước, ví dụ +61 3 9000 0000"),
        example="+61 3 9000 0000",
    )
    address = Field(
        attribute="address",
        column_name="Địa chỉ",
        aliases=["Address"],
        help_text=_("Địa chỉ trụ sở của đối tác."),
        example="12 Collins Street, Melbourne",
    )
    relationship_since = Field(
        attribute="relationship_since",
        column_name="Quan hệ từ năm",
        aliases=["Since", "Năm bắt đầu quan hệ"],
        widget=IntegerWidget(year=True),
        help_text=_("Năm bắt đầu quan hệ với tỉnh (1945–2100)."),
        example=2003,
    )
    active = Field(
        attribute="active",
        column_name="Đang hoạt động",
        aliases=["Active"],
        widget=BooleanWidget(),
        help_text=_("Không: đối tác đã ngừng quan hệ hoặc ngừng hoạt động (ghi lý do ở cột sau)."),
        example="Có",
    )
    inactive_reason = Field(
        attribute="inactive_reason",
        column_name="Lý do ngừng",
        aliases=["Inactive reason"],
        help_text=_("Vì sao đối tác ngừng; bắt buộc khi “Đang hoạt động” là Không."),
        example="",
    )
    iati_identifier = Field(
        attribute="iati_identifier",
        column_name="Mã IATI",
        aliases=["IATI identifier"],
        help_text=_("Mã tổ chức của đối tác theo org-id.guide, nếu có: dùng trong tệp IATI."),
        format=_("Tiền tố đăng ký, dấu gạch ngang, số: GB-CHC-1234567, XM-DAC-41122"),
        example="AU-ABN-12345678901",
    )
    description_vi = Field(
        attribute="description_vi",
        column_name="Giới thiệu",
        aliases=["Mô tả", "Description"],
        help_text=_("Giới thiệu ngắn về đối tác bằng tiếng Việt; hiện trên trang của đối tác."),
        example="Tổ chức từ thiện của Úc hỗ trợ học sinh vùng ven biển từ năm 2003.",
    )

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Partner
        import_id_fields = ("code",)
        instance_loader_class = KeyInstanceLoader
        fields = (
            "code",
            "name",
            "name_vi",
            "acronym",
            "partner_type",
            "country",
            "website",
            "email",
            "phone",
            "address",
            "relationship_since",
            "active",
            "inactive_reason",
            "iati_identifier",
            "description_vi",
        )
        export_order = fields

    def before_import_row(self, row, **kwargs):
        if row.get("Đang hoạt động") in (None, ""):
            row["Đang hoạt động"] = "Có"
        super().before_import_row(row, **kwargs)

    def get_export_queryset(self, request=None):
        return Partner.objects.select_related("country")

    def write(self, instance, is_create, extras):
        partner_save(partner=instance, user=self.user, validated=True)


def _find_province(text):
    key = fold(text).removeprefix("tinh ").removeprefix("thanh pho ").removeprefix("tp ")
    found = list(AdministrativeUnit.objects.filter(level=Level.PROVINCE, key=key).order_by("-era")[:1])
    return found[0] if found else None


def _find_registration_sector(text):
    key = fold(text)
    return RegistrationSector.objects.filter(search_name=key).first()


class CertificateResource(VietnameseResource):
    partner = Field(
        attribute="partner",
        column_name="Đối tác",
        aliases=["Partner", "Mã đối tác"],
        required=True,
        widget=LookupWidget(
            Partner,
            "code",
            lookups=("name", "acronym"),
            noun=_("đối tác"),
            show=partner_label,
            format=_("Mã của đối tác đã có trong phần mềm (chọn ở ô thả xuống); tên hoặc tên viết tắt cũng được"),
        ),
        help_text=_("Đối tác được cấp giấy."),
        example="LKC-AU",
    )
    certificate_type = Field(
        attribute="certificate_type",
        column_name="Loại giấy",
        aliases=["Type"],
        required=True,
        widget=ChoiceWidget(
            CertificateType.choices,
            extra={
                "dang ky hoat dong": CertificateType.OPERATION,
                "van phong dai dien": CertificateType.REPRESENTATIVE,
                "van phong du an": CertificateType.PROJECT_OFFICE,
            },
        ),
        help_text=_("Loại giấy đăng ký theo Nghị định 58/2022 (văn phòng dự án: giấy cấp trước nghị định này)."),
        example=CertificateType.OPERATION.label,
    )
    number = Field(
        attribute="number",
        column_name="Số giấy",
        aliases=["Number", "Số"],
        required=True,
        help_text=_("Số của giấy đăng ký. Dòng có cùng đối tác và số giấy đã có sẽ cập nhật giấy đó."),
        example="123/BNG-GĐK",
    )
    issuing_authority = Field(
        attribute="issuing_authority",
        column_name="Cơ quan cấp",
        aliases=["Issued by"],
        help_text=_("Cơ quan cấp giấy."),
        example="Bộ Ngoại giao",
    )
    issue_date = Field(
        attribute="issue_date",
        column_name="Ngày cấp",
        aliases=["Issue date"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày ký giấy."),
        example=datetime.date(2021, 6, 1),
    )
    expiry_date = Field(
        attribute="expiry_date",
        column_name="Ngày hết hạn",
        aliases=["Expiry date"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày giấy hết hiệu lực; sau ngày cấp. Phần mềm báo trước 90 ngày."),
        example=datetime.date(2026, 5, 31),
    )
    permitted_provinces = Field(
        attribute="permitted_provinces",
        column_name="Địa bàn được phép",
        aliases=["Provinces"],
        widget=ListWidget(
            AdministrativeUnit,
            _find_province,
            lambda u: u.short_name,
            _("tỉnh"),
            options=lambda: sorted(
                (u.short_name for u in AdministrativeUnit.objects.filter(level=Level.PROVINCE, era=Era.CURRENT)),
                key=fold,
            ),
            format=_("Tên tỉnh, thành phố (không cần chữ “Tỉnh”), cách nhau bằng dấu ;"),
        ),
        help_text=_("Các tỉnh, thành phố đối tác được phép hoạt động."),
        example="Cà Mau; An Giang",
    )
    permitted_sectors = Field(
        attribute="permitted_sectors",
        column_name="Lĩnh vực được phép",
        aliases=["Sectors"],
        widget=ListWidget(
            RegistrationSector,
            _find_registration_sector,
            lambda s: s.name,
            _("lĩnh vực"),
            options=lambda: sorted(RegistrationSector.objects.values_list("name", flat=True), key=fold),
            format=_("Tên lĩnh vực như ghi trong giấy, cách nhau bằng dấu ;"),
        ),
        help_text=_("Các lĩnh vực đối tác được phép hoạt động, như ghi trong giấy."),
        example="Giáo dục; Bảo trợ xã hội",
    )
    status = Field(
        attribute="status",
        column_name="Tình trạng",
        aliases=["Status"],
        widget=ChoiceWidget(CertificateStatus.choices),
        help_text=_("Tình trạng hiện nay của giấy."),
        example=CertificateStatus.VALID.label,
    )

    class Meta(VietnameseResource.Meta):
        model = RegistrationCertificate
        import_id_fields = ("partner", "number")
        fields = (
            "partner",
            "certificate_type",
            "number",
            "issuing_authority",
            "issue_date",
            "expiry_date",
            "permitted_provinces",
            "permitted_sectors",
            "status",
        )
        export_order = fields

    def before_import_row(self, row, **kwargs):
        if row.get("Tình trạng") in (None, ""):
            row["Tình trạng"] = CertificateStatus.VALID
        if row.get("Cơ quan cấp") in (None, ""):
            row["Cơ quan cấp"] = "Bộ Ngoại giao"
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """A province named the same before and after 1 July 2025 ("Cà Mau") is read as the unit of the
        certificate's era: the legacy province on a certificate issued before the reform, today's on one
        issued after it — so a certificate's own export imports back onto it unchanged."""
        super().import_instance(instance, row, **kwargs)
        provinces = self.extras.get("permitted_provinces")
        if provinces and instance.issue_date:
            era = Era.CURRENT if instance.issue_date >= datetime.date.fromisoformat(REFORM_DATE_ISO) else Era.LEGACY
            same_name = {
                unit.key: unit
                for unit in AdministrativeUnit.objects.filter(
                    level=Level.PROVINCE, era=era, key__in=[u.key for u in provinces if u.era != era]
                )
            }
            self.extras["permitted_provinces"] = [same_name.get(u.key, u) if u.era != era else u for u in provinces]

    def write(self, instance, is_create, extras):
        certificate_save(
            certificate=instance,
            provinces=extras.get("permitted_provinces"),
            sectors=extras.get("permitted_sectors"),
            user=self.user,
            validated=True,
        )
