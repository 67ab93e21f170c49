"""The partners as open data (core.opendata): /doi-tac/?format=csv|json, filtered as the directory.

Public fields only: what the partner's public page shows. Never its e-mail, phone or address, its
contact people, registration certificates, logo, or the reason it stopped working here."""

from django.utils.translation import gettext_lazy as _

from friendship_union.core.opendata import Field, Table, choice_name

from .models import Partner, PartnerType

TYPE_NAME = choice_name(PartnerType)


def public_partners():
    """Every partner is listed in the public directory, with its count of public aid items."""
    return Partner.objects.with_public_aid_count()


def prepare(partners):
    return partners.select_related("country").order_by("name_key", "code")


def _country_name(partner):
    return str(partner.country) if partner.country_id else None


PARTNERS = Table(
    name="partners",
    title=_("Đối tác nước ngoài"),
    description=_(
        "Các tổ chức nước ngoài và trong nước có quan hệ với Liên hiệp: loại, quốc gia, mã tổ chức IATI, "
        "số khoản viện trợ công khai."
    ),
    list_url="partners:list",
    detail_url="partners:detail",
    public=public_partners,
    prepare=prepare,
    fields=(
        Field(
            "code",
            "string",
            _("Mã"),
            _("Mã đối tác."),
            lambda p: p.code,
            constraints={"required": True, "unique": True},
        ),
        Field("url", "string", _("Trang"), _("Địa chỉ trang công khai của đối tác."), None, format="uri"),
        Field(
            "name", "string", _("Tên"), _("Tên như đối tác tự ghi."), lambda p: p.name, constraints={"required": True}
        ),
        Field("name_vi", "string", _("Tên tiếng Việt"), _("Tên tiếng Việt, nếu có."), lambda p: p.name_vi),
        Field("acronym", "string", _("Tên viết tắt"), _("Tên viết tắt."), lambda p: p.acronym),
        Field(
            "partner_type",
            "string",
            _("Loại (mã)"),
            _(
                "ingo: tổ chức phi chính phủ nước ngoài; international: tổ chức quốc tế; consulate: cơ quan "
                "đại diện ngoại giao; foundation: quỹ; diaspora: hội người Việt ở nước ngoài; domestic: nhà "
                "tài trợ trong nước; other: khác."
            ),
            lambda p: p.partner_type,
            constraints={"required": True, "enum": list(PartnerType.values)},
        ),
        Field(
            "partner_type_name",
            "string",
            _("Loại"),
            _("Tên loại, theo ngôn ngữ của tệp."),
            lambda p: TYPE_NAME(p.partner_type),
        ),
        Field(
            "country",
            "string",
            _("Quốc gia (mã)"),
            _("Mã quốc gia ISO 3166-1 alpha-2."),
            lambda p: p.country_id,
            constraints={"pattern": "^[A-Z]{2}$"},
        ),
        Field("country_name", "string", _("Quốc gia"), _("Tên quốc gia, theo ngôn ngữ của tệp."), _country_name),
        Field(
            "iati_identifier",
            "string",
            _("Mã tổ chức IATI"),
            _("Mã tổ chức IATI của đối tác (theo org-id.guide), nếu có."),
            lambda p: p.iati_identifier,
        ),
        Field("website", "string", _("Trang web"), _("Trang web của đối tác."), lambda p: p.website, format="uri"),
        Field(
            "relationship_since",
            "year",
            _("Quan hệ từ năm"),
            _("Năm bắt đầu quan hệ với tỉnh."),
            lambda p: p.relationship_since,
            format="default",
        ),
        Field(
            "public_aid_items",
            "integer",
            _("Số khoản viện trợ công khai"),
            _("Số khoản viện trợ công khai đối tác tham gia, ở bất kỳ vai trò nào."),
            lambda p: p.public_items,
            constraints={"minimum": 0},
        ),
        Field(
            "description_vi",
            "string",
            _("Giới thiệu đối tác"),
            _("Giới thiệu bằng tiếng Việt."),
            lambda p: p.description_vi,
        ),
        Field(
            "description_en",
            "string",
            _("Giới thiệu tiếng Anh"),
            _("Giới thiệu bằng tiếng Anh."),
            lambda p: p.description_en,
        ),
        Field(
            "last_updated",
            "datetime",
            _("Cập nhật lần cuối"),
            _("Lần sửa hồ sơ gần nhất (ISO 8601, giờ Việt Nam)."),
            lambda p: p.updated_at,
            format="default",
        ),
    ),
)
