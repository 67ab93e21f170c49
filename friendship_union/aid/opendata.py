"""The public aid items as open data (core.opendata): /vien-tro/?format=csv|json, filtered as the list.

Public fields only: what the item's public page and the IATI file show. Not here: counterpart funds,
the approving authority and decree, the managing agency, disbursement notes, documents, albums."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from friendship_union.core.opendata import Field, Table, choice_name

from .models import AidForm, AidItem, AidLocation, AidProvider, AidSector, AidStatus, AidType, ProviderRole

CURRENCY = {"pattern": "^[A-Z]{3}$"}
FORM_NAME, AID_TYPE_NAME, STATUS_NAME = choice_name(AidForm), choice_name(AidType), choice_name(AidStatus)


def public_items():
    return AidItem.objects.public()


def prepare(items):
    return (
        items.with_disbursed_to_date()
        .select_related("currency", "program")
        .prefetch_related(
            Prefetch("providers", queryset=AidProvider.objects.select_related("partner").order_by("role", "pk")),
            Prefetch("sectors", queryset=AidSector.objects.order_by("-percentage", "sector_id")),
            Prefetch("locations", queryset=AidLocation.objects.select_related("place_current").order_by("pk")),
        )
        .order_by("-commitment_date", "code")
    )


def _funders(item):
    return [p.partner for p in item.providers.all() if p.role == ProviderRole.FUNDING]


def _communes(item):
    return [loc.place_current for loc in item.locations.all() if loc.place_current_id]


def _program(item):
    return item.program.code if item.program_id and item.program.is_public else None


AID_ITEMS = Table(
    name="aid-items",
    title=_("Khoản viện trợ công khai"),
    description=_(
        "Chương trình, dự án và viện trợ phi dự án công khai của tỉnh, mỗi dòng một khoản: nhà tài trợ, "
        "lĩnh vực, địa bàn, giá trị cam kết (nguyên tệ và quy đổi theo tỷ giá ngày cam kết), giải ngân, "
        "tiến độ."
    ),
    list_url="aid:list",
    detail_url="aid:detail",
    public=public_items,
    prepare=prepare,
    fields=(
        Field(
            "code",
            "string",
            _("Mã"),
            _("Mã khoản viện trợ. Mã hoạt động IATI là mã tổ chức công bố, dấu “-” và mã này."),
            lambda i: i.code,
            constraints={"required": True, "unique": True},
        ),
        Field("url", "string", _("Trang"), _("Địa chỉ trang công khai của khoản viện trợ."), None, format="uri"),
        Field("title", "string", _("Tên"), _("Tên tiếng Việt."), lambda i: i.title, constraints={"required": True}),
        Field("title_en", "string", _("Tên tiếng Anh"), _("Tên tiếng Anh, nếu có."), lambda i: i.title_en),
        Field(
            "form",
            "string",
            _("Hình thức (mã)"),
            _("program: chương trình; project: dự án; non_project: viện trợ phi dự án."),
            lambda i: i.form,
            constraints={"required": True, "enum": ["program", "project", "non_project"]},
        ),
        Field(
            "form_name",
            "string",
            _("Hình thức"),
            _("Tên hình thức, theo ngôn ngữ của tệp."),
            lambda i: FORM_NAME(i.form),
        ),
        Field(
            "aid_type",
            "string",
            _("Loại viện trợ (mã)"),
            _(
                "cash: tiền mặt; goods: hàng hóa, vật tư; experts: chuyên gia; training: hội nghị, đào tạo; "
                "mixed: kết hợp."
            ),
            lambda i: i.aid_type,
            constraints={"enum": ["cash", "goods", "experts", "training", "mixed"]},
        ),
        Field(
            "aid_type_name",
            "string",
            _("Loại viện trợ"),
            _("Tên loại, theo ngôn ngữ của tệp."),
            lambda i: AID_TYPE_NAME(i.aid_type),
        ),
        Field(
            "status",
            "string",
            _("Trạng thái (mã IATI)"),
            _(
                "Mã ActivityStatus của IATI: 1 đang vận động, 2 đang thực hiện, 3 đang kết thúc, 4 đã kết thúc, "
                "5 đã hủy, 6 tạm dừng."
            ),
            lambda i: i.status,
            constraints={"required": True, "enum": ["1", "2", "3", "4", "5", "6"]},
        ),
        Field(
            "status_name",
            "string",
            _("Trạng thái"),
            _("Tên trạng thái, theo ngôn ngữ của tệp."),
            lambda i: STATUS_NAME(i.status),
        ),
        Field(
            "program_code",
            "string",
            _("Thuộc chương trình"),
            _("Mã chương trình chứa dự án này (nếu chương trình công khai)."),
            _program,
        ),
        Field(
            "funder_codes",
            "string",
            _("Mã nhà tài trợ"),
            _("Mã các đối tác tài trợ (vai trò IATI 1), cách nhau bởi “; ”; xem bảng đối tác."),
            lambda i: [p.code for p in _funders(i)],
        ),
        Field(
            "funder_names",
            "string",
            _("Nhà tài trợ"),
            _("Tên các đối tác tài trợ, cùng thứ tự, cách nhau bởi “; ”."),
            lambda i: [p.name for p in _funders(i)],
        ),
        Field(
            "partner_codes",
            "string",
            _("Mã các đối tác tham gia"),
            _("Mã mọi đối tác tham gia (tài trợ, chịu trách nhiệm, chuyển giao, thực hiện), cách nhau bởi “; ”."),
            lambda i: list(dict.fromkeys(p.partner.code for p in i.providers.all())),
        ),
        Field(
            "aid_owner",
            "string",
            _("Chủ khoản viện trợ"),
            _("Cơ quan, đơn vị tiếp nhận và thực hiện."),
            lambda i: i.aid_owner,
        ),
        Field(
            "sector_codes",
            "string",
            _("Mã lĩnh vực (DAC)"),
            _("Mã lĩnh vực OECD DAC (3 hoặc 5 chữ số) như đã ghi, cách nhau bởi “; ”."),
            lambda i: [s.sector_id for s in i.sectors.all()],
        ),
        Field(
            "sector_percentages",
            "string",
            _("Tỷ lệ lĩnh vực (%)"),
            _("Tỷ lệ (%) của từng lĩnh vực, cùng thứ tự với mã lĩnh vực; tổng 100."),
            lambda i: [f"{s.percentage.normalize():f}" for s in i.sectors.all()],
        ),
        Field(
            "commune_codes",
            "string",
            _("Mã xã, phường (hiện nay)"),
            _("Mã đơn vị hành chính (GSO) hiện nay của các địa bàn, cách nhau bởi “; ”."),
            lambda i: [u.code for u in _communes(i)],
        ),
        Field(
            "communes",
            "string",
            _("Xã, phường (hiện nay)"),
            _("Tên các xã, phường hiện nay của địa bàn, cách nhau bởi “; ”."),
            lambda i: [u.name for u in _communes(i)],
        ),
        Field(
            "places_recorded",
            "string",
            _("Địa bàn như đã ghi"),
            _("Địa bàn như ghi lúc cam kết (có thể là tên trước sắp xếp năm 2025), cách nhau bởi “; ”."),
            lambda i: [loc.place_text for loc in i.locations.all() if loc.place_text],
        ),
        Field(
            "committed_amount",
            "number",
            _("Giá trị cam kết"),
            _("Giá trị cam kết bằng nguyên tệ (tiền tệ ở cột currency)."),
            lambda i: i.committed_amount,
            extra={"currencyField": "currency"},
            constraints={"minimum": 0},
        ),
        Field(
            "currency",
            "string",
            _("Tiền tệ"),
            _("Mã tiền tệ ISO 4217 của giá trị cam kết."),
            lambda i: i.currency_id,
            unit="ISO 4217",
            constraints=CURRENCY,
        ),
        Field(
            "commitment_date",
            "date",
            _("Ngày cam kết"),
            _("Ngày cam kết (YYYY-MM-DD); tỷ giá quy đổi là tỷ giá ngày này."),
            lambda i: i.commitment_date,
            format="default",
        ),
        Field(
            "committed_usd",
            "number",
            _("Cam kết quy đổi USD"),
            _("Giá trị cam kết quy đổi ra USD theo tỷ giá ngày cam kết."),
            lambda i: i.committed_usd,
            unit="USD",
        ),
        Field(
            "committed_vnd",
            "integer",
            _("Cam kết quy đổi VND"),
            _("Giá trị cam kết quy đổi ra đồng Việt Nam theo tỷ giá ngày cam kết."),
            lambda i: _whole(i.committed_vnd),
            unit="VND",
        ),
        Field(
            "disbursed_usd",
            "number",
            _("Đã giải ngân (USD)"),
            _("Tổng các lần giải ngân đã ghi, mỗi lần quy đổi theo tỷ giá ngày giải ngân."),
            lambda i: i.disbursed_usd,
            unit="USD",
        ),
        Field(
            "disbursed_vnd",
            "integer",
            _("Đã giải ngân (VND)"),
            _("Tổng các lần giải ngân đã ghi, quy đổi ra đồng Việt Nam theo tỷ giá ngày giải ngân."),
            lambda i: _whole(i.disbursed_vnd),
            unit="VND",
        ),
        Field(
            "approval_number",
            "string",
            _("Số quyết định phê duyệt"),
            _("Số quyết định phê duyệt khoản viện trợ."),
            lambda i: i.approval_number,
        ),
        Field(
            "approval_date",
            "date",
            _("Ngày phê duyệt"),
            _("Ngày ký quyết định phê duyệt (YYYY-MM-DD)."),
            lambda i: i.approval_date,
            format="default",
        ),
        Field(
            "planned_start",
            "date",
            _("Bắt đầu (kế hoạch)"),
            _("Ngày bắt đầu theo kế hoạch (YYYY-MM-DD)."),
            lambda i: i.planned_start,
            format="default",
        ),
        Field(
            "planned_end",
            "date",
            _("Kết thúc (kế hoạch)"),
            _("Ngày kết thúc theo kế hoạch (YYYY-MM-DD)."),
            lambda i: i.planned_end,
            format="default",
        ),
        Field(
            "actual_start",
            "date",
            _("Bắt đầu thực tế"),
            _("Ngày bắt đầu thực tế (YYYY-MM-DD)."),
            lambda i: i.actual_start,
            format="default",
        ),
        Field(
            "actual_end",
            "date",
            _("Kết thúc thực tế"),
            _("Ngày kết thúc thực tế (YYYY-MM-DD)."),
            lambda i: i.actual_end,
            format="default",
        ),
        Field(
            "beneficiaries",
            "integer",
            _("Số người hưởng lợi"),
            _("Số người hưởng lợi đã ghi."),
            lambda i: i.beneficiaries,
            unit=_("người"),
            constraints={"minimum": 0},
        ),
        Field(
            "beneficiaries_description",
            "string",
            _("Đối tượng hưởng lợi"),
            _("Mô tả đối tượng hưởng lợi."),
            lambda i: i.beneficiaries_description,
        ),
        Field("description", "string", _("Mô tả"), _("Mô tả bằng tiếng Việt."), lambda i: i.description),
        Field(
            "description_en",
            "string",
            _("Mô tả tiếng Anh"),
            _("Mô tả bằng tiếng Anh, nếu có."),
            lambda i: i.description_en,
        ),
        Field("objectives", "string", _("Mục tiêu"), _("Mục tiêu bằng tiếng Việt."), lambda i: i.objectives),
        Field(
            "objectives_en",
            "string",
            _("Mục tiêu tiếng Anh"),
            _("Mục tiêu bằng tiếng Anh, nếu có."),
            lambda i: i.objectives_en,
        ),
        Field(
            "last_updated",
            "datetime",
            _("Cập nhật lần cuối"),
            _("Lần sửa hồ sơ gần nhất (ISO 8601, giờ Việt Nam)."),
            lambda i: i.updated_at,
            format="default",
        ),
    ),
)


def _whole(value):
    return int(value) if value is not None else None
