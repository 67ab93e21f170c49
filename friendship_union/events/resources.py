"""Spreadsheet import/export of events."""

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
    VietnameseResource,
)
from friendship_union.organizations.models import MemberAssociation
from friendship_union.partners.models import Partner
from friendship_union.partners.resources import partner_label

from .models import Event, EventKind
from .services import event_save


class EventResource(VietnameseResource):
    code = Field(
        attribute="code",
        column_name="Mã",
        aliases=["Code"],
        required=True,
        help_text=_("Mã riêng của sự kiện. Dòng có mã đã có sẽ cập nhật sự kiện đó."),
        format=_("Chữ không dấu, số và - _ . / (không có dấu cách), tối đa 40 ký tự"),
        example="SK-2019-02",
    )
    kind = Field(
        attribute="kind",
        column_name="Loại",
        aliases=["Kind", "Type"],
        widget=ChoiceWidget(EventKind.choices),
        required=True,
        help_text=_("Loại sự kiện."),
        example=EventKind.WORKSHOP.label,
    )
    title = Field(
        attribute="title",
        column_name="Tên sự kiện",
        aliases=["Title", "Tên"],
        required=True,
        help_text=_("Tên sự kiện bằng tiếng Việt."),
        example="Hội thảo giáo dục hòa nhập cho trẻ khuyết tật",
    )
    start_date = Field(
        attribute="start_date",
        column_name="Từ ngày",
        aliases=["Start date", "Ngày"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày bắt đầu sự kiện."),
        example=datetime.date(2019, 11, 20),
    )
    end_date = Field(
        attribute="end_date",
        column_name="Đến ngày",
        aliases=["End date"],
        widget=DateWidget(),
        help_text=_("Ngày kết thúc, nếu sự kiện kéo dài nhiều ngày; không trước ngày bắt đầu."),
        example=datetime.date(2019, 11, 21),
    )
    venue = Field(
        attribute="venue",
        column_name="Địa điểm",
        aliases=["Venue"],
        help_text=_("Nơi tổ chức, ghi như trong giấy mời."),
        example="Hội trường Liên hiệp, TP. Cà Mau",
    )
    partners = Field(
        attribute="partners",
        column_name="Đối tác đồng tổ chức",
        aliases=["Partners"],
        widget=ListWidget(Partner, Partner.objects.lookup, lambda p: p.code, _("đối tác"), show=partner_label),
        help_text=_("Các đối tác nước ngoài cùng tổ chức."),
        example="LKC-AU",
    )
    associations = Field(
        attribute="associations",
        column_name="Hội thành viên",
        aliases=["Member associations"],
        widget=ListWidget(
            MemberAssociation,
            MemberAssociation.objects.lookup,
            lambda a: a.name,
            _("hội thành viên"),
            options=lambda: MemberAssociation.objects.order_by("name").values_list("name", flat=True),
            format=_("Tên hội thành viên đã có trong phần mềm; nhiều hội cách nhau bằng dấu ;"),
        ),
        help_text=_("Các hội hữu nghị thành viên chủ trì hoặc phối hợp tổ chức."),
        example="Hội hữu nghị Việt – Nhật",
    )
    co_organizers = Field(
        attribute="co_organizers",
        column_name="Đơn vị đồng tổ chức khác",
        aliases=["Co-organizers"],
        help_text=_("Các đơn vị trong nước cùng tổ chức."),
        example="Sở Giáo dục và Đào tạo",
    )
    participants = Field(
        attribute="participants",
        column_name="Số người tham dự",
        aliases=["Participants"],
        widget=IntegerWidget(),
        help_text=_("Số người dự sự kiện."),
        example=120,
    )
    description = Field(
        attribute="description",
        column_name="Mô tả",
        aliases=["Description"],
        help_text=_("Nội dung chính của sự kiện; có thể xuống dòng trong ô (Alt+Enter)."),
        example="Chia sẻ kinh nghiệm dạy học hòa nhập.",
    )
    outputs = Field(
        attribute="outputs",
        column_name="Kết quả",
        aliases=["Outputs"],
        help_text=_("Kết quả chính của sự kiện."),
        example="Ký kết kế hoạch hợp tác 2020–2022.",
    )
    is_public = Field(
        attribute="is_public",
        column_name="Công khai",
        aliases=["Public"],
        widget=BooleanWidget(),
        help_text=_("Có: hiện trên trang thông tin công khai. Không: chỉ cán bộ xem."),
        example="Có",
    )

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Event
        import_id_fields = ("code",)
        instance_loader_class = KeyInstanceLoader
        fields = (
            "code",
            "kind",
            "title",
            "start_date",
            "end_date",
            "venue",
            "partners",
            "associations",
            "co_organizers",
            "participants",
            "description",
            "outputs",
            "is_public",
        )
        export_order = fields

    def before_import_row(self, row, **kwargs):
        if row.get("Công khai") in (None, ""):
            row["Công khai"] = "Có"
        super().before_import_row(row, **kwargs)

    def write(self, instance, is_create, extras):
        event_save(
            event=instance,
            partners=extras.get("partners"),
            associations=extras.get("associations"),
            user=self.user,
            validated=True,
        )
