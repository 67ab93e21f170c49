"""The public events as open data (core.opendata): /su-kien/?format=csv|json, filtered as the list."""

from django.utils.translation import gettext_lazy as _

from friendship_union.core.opendata import Field, Table, choice_name

from .models import Event, EventKind

KIND_NAME = choice_name(EventKind)


def public_events():
    return Event.objects.public()


def prepare(events):
    return events.prefetch_related("partners").order_by("-start_date", "code")


def _partners(event):
    return sorted(event.partners.all(), key=lambda p: p.code)


EVENTS = Table(
    name="events",
    title=_("Sự kiện"),
    description=_("Hội nghị, hội thảo, lớp tập huấn, lễ kỷ niệm và giao lưu được công khai."),
    list_url="events:list",
    detail_url="events:detail",
    public=public_events,
    prepare=prepare,
    fields=(
        Field(
            "code",
            "string",
            _("Mã"),
            _("Mã sự kiện."),
            lambda e: e.code,
            constraints={"required": True, "unique": True},
        ),
        Field("url", "string", _("Trang"), _("Địa chỉ trang công khai của sự kiện."), None, format="uri"),
        Field(
            "kind",
            "string",
            _("Loại (mã)"),
            _(
                "conference: hội nghị; workshop: hội thảo; training: lớp tập huấn; ceremony: lễ, kỷ niệm; "
                "exchange: giao lưu."
            ),
            lambda e: e.kind,
            constraints={"required": True, "enum": list(EventKind.values)},
        ),
        Field("kind_name", "string", _("Loại"), _("Tên loại, theo ngôn ngữ của tệp."), lambda e: KIND_NAME(e.kind)),
        Field(
            "title",
            "string",
            _("Tên sự kiện"),
            _("Tên bằng tiếng Việt."),
            lambda e: e.title,
            constraints={"required": True},
        ),
        Field("title_en", "string", _("Tên tiếng Anh"), _("Tên bằng tiếng Anh, nếu có."), lambda e: e.title_en),
        Field(
            "start_date",
            "date",
            _("Từ ngày"),
            _("Ngày bắt đầu (YYYY-MM-DD)."),
            lambda e: e.start_date,
            format="default",
            constraints={"required": True},
        ),
        Field(
            "end_date", "date", _("Đến ngày"), _("Ngày kết thúc (YYYY-MM-DD)."), lambda e: e.end_date, format="default"
        ),
        Field("venue", "string", _("Địa điểm"), _("Nơi tổ chức."), lambda e: e.venue),
        Field(
            "partner_codes",
            "string",
            _("Mã đối tác đồng tổ chức"),
            _("Mã các đối tác đồng tổ chức, cách nhau bởi “; ”."),
            lambda e: [p.code for p in _partners(e)],
        ),
        Field(
            "partner_names",
            "string",
            _("Đối tác đồng tổ chức"),
            _("Tên các đối tác, cùng thứ tự, cách nhau bởi “; ”."),
            lambda e: [p.name for p in _partners(e)],
        ),
        Field(
            "co_organizers",
            "string",
            _("Đơn vị đồng tổ chức khác"),
            _("Các đơn vị đồng tổ chức khác."),
            lambda e: e.co_organizers,
        ),
        Field(
            "participants",
            "integer",
            _("Số người tham dự"),
            _("Số người tham dự."),
            lambda e: e.participants,
            unit=_("người"),
            constraints={"minimum": 0},
        ),
        Field("description", "string", _("Mô tả"), _("Mô tả bằng tiếng Việt."), lambda e: e.description),
        Field(
            "description_en",
            "string",
            _("Mô tả tiếng Anh"),
            _("Mô tả bằng tiếng Anh, nếu có."),
            lambda e: e.description_en,
        ),
        Field("outputs", "string", _("Kết quả"), _("Kết quả của sự kiện."), lambda e: e.outputs),
        Field(
            "last_updated",
            "datetime",
            _("Cập nhật lần cuối"),
            _("Lần sửa hồ sơ gần nhất (ISO 8601, giờ Việt Nam)."),
            lambda e: e.updated_at,
            format="default",
        ),
    ),
)
