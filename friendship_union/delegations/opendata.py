"""The public delegations as open data (core.opendata): /doan-ra-doan-vao/?format=csv|json, filtered
as the list.

Public fields only. Never the member list, the agenda, the funding and cost, the entry notice, or — though the
delegation's page names them — the leader's name and position: a file of every delegation would be a list of
people, which the pages, one delegation at a time, are not."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from friendship_union.core.opendata import Field, Table, choice_name

from .models import Delegation, DelegationPlace, Direction

DIRECTION_NAME = choice_name(Direction)


def public_delegations():
    return Delegation.objects.public()


def prepare(delegations):
    return (
        delegations.select_related("host_association")
        .prefetch_related(
            "partners",
            "countries",
            Prefetch("places", queryset=DelegationPlace.objects.select_related("place_current").order_by("pk")),
        )
        .order_by("-start_date", "code")
    )


def _partners(delegation):
    return sorted(delegation.partners.all(), key=lambda p: p.code)


def _communes(delegation):
    return [p.place_current for p in delegation.places.all() if p.place_current_id]


DELEGATIONS = Table(
    name="delegations",
    title=_("Đoàn ra – đoàn vào"),
    description=_(
        "Các đoàn nước ngoài đến tỉnh (đoàn vào) và đoàn của tỉnh đi nước ngoài (đoàn ra) được công khai: "
        "thời gian, số người, đối tác, quốc gia, nơi làm việc."
    ),
    list_url="delegations:list",
    detail_url="delegations:detail",
    public=public_delegations,
    prepare=prepare,
    fields=(
        Field(
            "code", "string", _("Mã"), _("Mã đoàn."), lambda d: d.code, constraints={"required": True, "unique": True}
        ),
        Field("url", "string", _("Trang"), _("Địa chỉ trang công khai của đoàn."), None, format="uri"),
        Field(
            "direction",
            "string",
            _("Hướng (mã)"),
            _("in: đoàn vào; out: đoàn ra."),
            lambda d: d.direction,
            constraints={"required": True, "enum": list(Direction.values)},
        ),
        Field(
            "direction_name",
            "string",
            _("Hướng"),
            _("Tên hướng, theo ngôn ngữ của tệp."),
            lambda d: DIRECTION_NAME(d.direction),
        ),
        Field(
            "title",
            "string",
            _("Tên đoàn"),
            _("Tên đoàn bằng tiếng Việt."),
            lambda d: d.title,
            constraints={"required": True},
        ),
        Field(
            "title_en", "string", _("Tên đoàn tiếng Anh"), _("Tên đoàn bằng tiếng Anh, nếu có."), lambda d: d.title_en
        ),
        Field(
            "start_date",
            "date",
            _("Từ ngày"),
            _("Ngày bắt đầu (YYYY-MM-DD)."),
            lambda d: d.start_date,
            format="default",
            constraints={"required": True},
        ),
        Field(
            "end_date", "date", _("Đến ngày"), _("Ngày kết thúc (YYYY-MM-DD)."), lambda d: d.end_date, format="default"
        ),
        Field(
            "participants",
            "integer",
            _("Số người"),
            _("Số lượt người của đoàn."),
            lambda d: d.participants,
            unit=_("người"),
            constraints={"minimum": 1},
        ),
        Field(
            "partner_codes",
            "string",
            _("Mã đối tác"),
            _("Mã các đối tác đoàn làm việc, cách nhau bởi “; ”."),
            lambda d: [p.code for p in _partners(d)],
        ),
        Field(
            "partner_names",
            "string",
            _("Đối tác"),
            _("Tên các đối tác, cùng thứ tự, cách nhau bởi “; ”."),
            lambda d: [p.name for p in _partners(d)],
        ),
        Field(
            "country_codes",
            "string",
            _("Mã quốc gia"),
            _("Mã ISO 3166-1 alpha-2 các quốc gia của đoàn, cách nhau bởi “; ”."),
            lambda d: sorted(c.code for c in d.countries.all()),
        ),
        Field(
            "places_recorded",
            "string",
            _("Nơi đến trong tỉnh"),
            _("Nơi đến trong tỉnh như đã ghi, cách nhau bởi “; ”."),
            lambda d: [p.place_text for p in d.places.all() if p.place_text],
        ),
        Field(
            "commune_codes",
            "string",
            _("Mã xã, phường (hiện nay)"),
            _("Mã đơn vị hành chính (GSO) hiện nay của nơi đến, cách nhau bởi “; ”."),
            lambda d: [u.code for u in _communes(d)],
        ),
        Field(
            "places_abroad",
            "string",
            _("Nơi làm việc ngoài tỉnh"),
            _("Nơi làm việc ở nước ngoài hoặc ngoài tỉnh."),
            lambda d: d.places_abroad,
        ),
        Field("purpose", "string", _("Mục đích"), _("Mục đích bằng tiếng Việt."), lambda d: d.purpose),
        Field(
            "purpose_en",
            "string",
            _("Mục đích tiếng Anh"),
            _("Mục đích bằng tiếng Anh, nếu có."),
            lambda d: d.purpose_en,
        ),
        Field("outcome", "string", _("Kết quả"), _("Kết quả làm việc."), lambda d: d.outcome),
        Field(
            "host",
            "string",
            _("Đơn vị chủ trì"),
            _("Hội thành viên hoặc đơn vị đón (đoàn vào) hoặc cử (đoàn ra) đoàn."),
            lambda d: d.host_name,
        ),
        Field(
            "decision_number",
            "string",
            _("Số quyết định"),
            _("Số quyết định cử đoàn (đoàn ra) hoặc đón đoàn (đoàn vào)."),
            lambda d: d.decision_number,
        ),
        Field(
            "decision_date",
            "date",
            _("Ngày quyết định"),
            _("Ngày quyết định (YYYY-MM-DD)."),
            lambda d: d.decision_date,
            format="default",
        ),
        Field(
            "last_updated",
            "datetime",
            _("Cập nhật lần cuối"),
            _("Lần sửa hồ sơ gần nhất (ISO 8601, giờ Việt Nam)."),
            lambda d: d.updated_at,
            format="default",
        ),
    ),
)
