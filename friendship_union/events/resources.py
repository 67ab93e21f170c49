"""Spreadsheet import/export of events."""

from django.utils.translation import gettext_lazy as _
from import_export.instance_loaders import CachedInstanceLoader

from friendship_union.core.resources import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    ListWidget,
    VietnameseResource,
)
from friendship_union.partners.models import Partner

from .models import Event, EventKind
from .services import event_save


class EventResource(VietnameseResource):
    code = Field(attribute="code", column_name="Mã", aliases=["Code"], required=True)
    kind = Field(
        attribute="kind",
        column_name="Loại",
        aliases=["Kind", "Type"],
        widget=ChoiceWidget(EventKind.choices),
        required=True,
        help_text=_("Hội nghị, Hội thảo, Lớp tập huấn, bồi dưỡng, Lễ, kỷ niệm, Giao lưu."),
    )
    title = Field(attribute="title", column_name="Tên sự kiện", aliases=["Title", "Tên"], required=True)
    start_date = Field(
        attribute="start_date",
        column_name="Từ ngày",
        aliases=["Start date", "Ngày"],
        widget=DateWidget(),
        required=True,
    )
    end_date = Field(attribute="end_date", column_name="Đến ngày", aliases=["End date"], widget=DateWidget())
    venue = Field(attribute="venue", column_name="Địa điểm", aliases=["Venue"])
    partners = Field(
        attribute="partners",
        column_name="Đối tác đồng tổ chức",
        aliases=["Partners"],
        widget=ListWidget(Partner, Partner.objects.lookup, lambda p: p.code, _("đối tác")),
    )
    co_organizers = Field(attribute="co_organizers", column_name="Đơn vị đồng tổ chức khác", aliases=["Co-organizers"])
    participants = Field(
        attribute="participants",
        column_name="Số người tham dự",
        aliases=["Participants"],
        widget=IntegerWidget(),
    )
    description = Field(attribute="description", column_name="Mô tả", aliases=["Description"])
    outputs = Field(attribute="outputs", column_name="Kết quả", aliases=["Outputs"])
    is_public = Field(attribute="is_public", column_name="Công khai", aliases=["Public"], widget=BooleanWidget())

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Event
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        fields = (
            "code",
            "kind",
            "title",
            "start_date",
            "end_date",
            "venue",
            "partners",
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
        event_save(event=instance, partners=extras.get("partners"), user=self.user, validated=True)
