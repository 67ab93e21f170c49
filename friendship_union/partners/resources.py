"""Spreadsheet import/export of partners and registration certificates."""

from django.utils.translation import gettext_lazy as _
from import_export.instance_loaders import CachedInstanceLoader

from friendship_union.core.resources import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    ListWidget,
    LookupWidget,
    VietnameseResource,
)
from friendship_union.core.text import fold
from friendship_union.reference.models import AdministrativeUnit, Level, RegistrationSector
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
    """A partner as the import preview names it: its name, then its code ("Loreto Kids Charity
    (LKC-AU)")."""
    return f"{partner} ({partner.code})"


class PartnerResource(VietnameseResource):
    code = Field(
        attribute="code",
        column_name="Mã",
        aliases=["Code", "Mã đối tác"],
        required=True,
        help_text=_("Mã ngắn, duy nhất, ví dụ LKC-AU. Dòng có mã đã có sẽ cập nhật đối tác đó."),
    )
    name = Field(
        attribute="name",
        column_name="Tên",
        aliases=["Name", "Tên đối tác"],
        required=True,
        help_text=_("Tên như đối tác tự ghi."),
    )
    name_vi = Field(attribute="name_vi", column_name="Tên tiếng Việt", aliases=["Vietnamese name"])
    acronym = Field(attribute="acronym", column_name="Viết tắt", aliases=["Acronym", "Tên viết tắt"])
    partner_type = Field(
        attribute="partner_type",
        column_name="Loại",
        aliases=["Type", "Loại đối tác"],
        required=True,
        widget=ChoiceWidget(PartnerType.choices, extra=PARTNER_TYPE_WORDS),
        help_text=_("Tổ chức phi chính phủ nước ngoài, Tổ chức quốc tế, Tổng lãnh sự quán / Đại sứ quán, Quỹ…"),
    )
    country = Field(
        attribute="country",
        column_name="Quốc gia",
        aliases=["Country", "Nước"],
        widget=CountryWidget(),
        help_text=_("Tên (Úc, Nhật Bản…) hoặc mã ISO (AU, JP…)."),
    )
    website = Field(attribute="website", column_name="Website", aliases=["Trang web"])
    email = Field(attribute="email", column_name="Email", aliases=["Thư điện tử", "E-mail"])
    phone = Field(attribute="phone", column_name="Điện thoại", aliases=["Phone", "SĐT"])
    address = Field(attribute="address", column_name="Địa chỉ", aliases=["Address"])
    relationship_since = Field(
        attribute="relationship_since",
        column_name="Quan hệ từ năm",
        aliases=["Since", "Năm bắt đầu quan hệ"],
        widget=IntegerWidget(),
    )
    active = Field(
        attribute="active",
        column_name="Đang hoạt động",
        aliases=["Active"],
        widget=BooleanWidget(),
        help_text=_("Có/Không (trống = Có)."),
    )
    inactive_reason = Field(attribute="inactive_reason", column_name="Lý do ngừng", aliases=["Inactive reason"])
    iati_identifier = Field(attribute="iati_identifier", column_name="Mã IATI", aliases=["IATI identifier"])
    description_vi = Field(attribute="description_vi", column_name="Giới thiệu", aliases=["Mô tả", "Description"])

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Partner
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
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
        widget=LookupWidget(Partner, "code", lookups=("name", "acronym"), noun=_("đối tác")),
        help_text=_("Mã đối tác (hoặc tên, tên viết tắt)."),
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
    )
    number = Field(attribute="number", column_name="Số giấy", aliases=["Number", "Số"], required=True)
    issuing_authority = Field(attribute="issuing_authority", column_name="Cơ quan cấp", aliases=["Issued by"])
    issue_date = Field(
        attribute="issue_date",
        column_name="Ngày cấp",
        aliases=["Issue date"],
        widget=DateWidget(),
        required=True,
    )
    expiry_date = Field(
        attribute="expiry_date",
        column_name="Ngày hết hạn",
        aliases=["Expiry date"],
        widget=DateWidget(),
        required=True,
    )
    permitted_provinces = Field(
        attribute="permitted_provinces",
        column_name="Địa bàn được phép",
        aliases=["Provinces"],
        widget=ListWidget(AdministrativeUnit, _find_province, lambda u: u.short_name, _("tỉnh")),
        help_text=_("Các tỉnh, cách nhau bằng dấu ;"),
    )
    permitted_sectors = Field(
        attribute="permitted_sectors",
        column_name="Lĩnh vực được phép",
        aliases=["Sectors"],
        widget=ListWidget(RegistrationSector, _find_registration_sector, lambda s: s.name, _("lĩnh vực")),
        help_text=_("Tên lĩnh vực như trong giấy (Giáo dục; Y tế…), cách nhau bằng dấu ;"),
    )
    status = Field(
        attribute="status",
        column_name="Tình trạng",
        aliases=["Status"],
        widget=ChoiceWidget(CertificateStatus.choices),
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

    def write(self, instance, is_create, extras):
        certificate_save(
            certificate=instance,
            provinces=extras.get("permitted_provinces"),
            sectors=extras.get("permitted_sectors"),
            user=self.user,
            validated=True,
        )
