"""Spreadsheet import/export of delegations."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendship_union.core.resources import (
    BooleanWidget,
    CellError,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    Field,
    IntegerWidget,
    KeyInstanceLoader,
    ListWidget,
    LookupWidget,
    VietnameseResource,
)
from friendship_union.core.text import clean_text, fold
from friendship_union.organizations.models import MemberAssociation
from friendship_union.partners.models import Partner
from friendship_union.partners.resources import partner_label
from friendship_union.reference.models import Country
from friendship_union.reference.places import PlaceError, PlaceResolver, place_line

from .models import Delegation, Direction, FundingSource
from .services import delegation_save


class DelegationResource(VietnameseResource):
    code = Field(
        attribute="code",
        column_name="Mã",
        aliases=["Code"],
        required=True,
        help_text=_("Mã riêng của đoàn. Dòng có mã đã có sẽ cập nhật đoàn đó."),
        format=_("Chữ không dấu, số và - _ . / (không có dấu cách), tối đa 40 ký tự"),
        example="DV-2019-03",
    )
    direction = Field(
        attribute="direction",
        column_name="Hướng",
        aliases=["Direction", "Loại đoàn"],
        required=True,
        widget=ChoiceWidget(Direction.choices, extra={"vao": "in", "ra": "out", "incoming": "in", "outgoing": "out"}),
        help_text=_("Đoàn vào: đoàn nước ngoài đến tỉnh. Đoàn ra: đoàn của tỉnh đi nước ngoài."),
        example=Direction.INCOMING.label,
    )
    title = Field(
        attribute="title",
        column_name="Tên đoàn",
        aliases=["Title", "Tên"],
        required=True,
        help_text=_("Tên đoàn như trong kế hoạch đón tiếp hoặc quyết định cử đoàn."),
        example="Đoàn Quỹ Trẻ em Loreto thăm các điểm trường",
    )
    start_date = Field(
        attribute="start_date",
        column_name="Từ ngày",
        aliases=["Start date"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày đoàn bắt đầu làm việc; các nơi làm việc được đọc theo đơn vị hành chính của ngày này."),
        example=datetime.date(2019, 3, 11),
    )
    end_date = Field(
        attribute="end_date",
        column_name="Đến ngày",
        aliases=["End date"],
        widget=DateWidget(),
        help_text=_("Ngày đoàn kết thúc làm việc; không trước ngày bắt đầu."),
        example=datetime.date(2019, 3, 14),
    )
    leader_name = Field(
        attribute="leader_name",
        column_name="Trưởng đoàn",
        aliases=["Leader"],
        help_text=_("Họ tên trưởng đoàn."),
        example="Mary Brown",
    )
    leader_position = Field(
        attribute="leader_position",
        column_name="Chức vụ trưởng đoàn",
        aliases=["Leader position"],
        help_text=_("Chức vụ của trưởng đoàn."),
        example="Giám đốc điều hành",
    )
    participants = Field(
        attribute="participants",
        column_name="Số lượt người",
        aliases=["Participants", "Số người"],
        widget=IntegerWidget(),
        required=True,
        help_text=_("Số người của đoàn (ít nhất 1)."),
        example=6,
    )
    partners = Field(
        attribute="partners",
        column_name="Đối tác",
        aliases=["Partners"],
        widget=ListWidget(Partner, Partner.objects.lookup, lambda p: p.code, _("đối tác"), show=partner_label),
        help_text=_("Các đối tác nước ngoài của đoàn hoặc đoàn đến làm việc."),
        example="LKC-AU",
    )
    countries = Field(
        attribute="countries",
        column_name="Quốc gia",
        aliases=["Countries"],
        widget=ListWidget(
            Country,
            lambda t: Country.objects.lookup(t),
            lambda c: c.name_vi,
            _("quốc gia"),
            options=lambda: sorted(Country.objects.values_list("name_vi", flat=True), key=fold),
            format=_("Tên quốc gia tiếng Việt hoặc tiếng Anh, hoặc mã ISO (AU, JP); nhiều nước cách nhau bằng dấu ;"),
        ),
        help_text=_("Các nước của đoàn vào, hoặc nước đoàn ra đến."),
        example="Úc",
    )
    places_cell = Field(
        column_name="Nơi làm việc",
        aliases=["Places"],
        help_text=_(
            "Nơi đoàn đến làm việc. Nơi trong tỉnh được đọc ra đơn vị lúc ghi nhận và đơn vị hiện nay; "
            "nơi khác giữ nguyên như ghi."
        ),
        format=_(
            "Trong tỉnh: xã, huyện (đơn vị trước 1/7/2025) hoặc xã (đơn vị hiện nay); ngoài tỉnh hoặc nước ngoài: "
            "ghi tên nơi đến. Nhiều nơi cách nhau bằng dấu ;"
        ),
        example="Đông Thới, Cái Nước; TP. Hồ Chí Minh",
    )
    purpose = Field(
        attribute="purpose",
        column_name="Mục đích",
        aliases=["Purpose"],
        help_text=_("Mục đích chuyến làm việc."),
        example="Khảo sát các điểm trường được hỗ trợ.",
    )
    outcome = Field(
        attribute="outcome",
        column_name="Kết quả",
        aliases=["Outcome"],
        help_text=_("Kết quả chính của chuyến làm việc."),
        example="Thống nhất xây thêm 2 phòng học năm 2020.",
    )
    decision_number = Field(
        attribute="decision_number",
        column_name="Số quyết định",
        aliases=["Decision number", "Số quyết định cử / đón đoàn"],
        help_text=_("Đoàn ra: số quyết định cử đoàn; đoàn vào: số quyết định hoặc văn bản chủ trương đón đoàn."),
        example="45/QĐ-LHH",
    )
    decision_date = Field(
        attribute="decision_date",
        column_name="Ngày quyết định",
        aliases=["Decision date"],
        widget=DateWidget(),
        help_text=_("Ngày ký quyết định; bắt buộc khi có số quyết định; đoàn ra: không sau ngày đoàn đi."),
        example=datetime.date(2019, 2, 25),
    )
    decision_authority = Field(
        attribute="decision_authority",
        column_name="Cơ quan quyết định",
        aliases=["Decision authority"],
        help_text=_("Cơ quan ký quyết định."),
        example="UBND tỉnh Cà Mau",
    )
    host_association = Field(
        attribute="host_association",
        column_name="Hội thành viên chủ trì",
        aliases=["Host association", "Hội thành viên"],
        widget=LookupWidget(
            MemberAssociation,
            "name",
            lookups=("name",),
            noun=_("hội thành viên"),
            format=_("Tên hội thành viên đã có trong phần mềm (chọn ở ô thả xuống)"),
        ),
        help_text=_("Hội thành viên đón (đoàn vào) hoặc cử (đoàn ra) đoàn."),
        example="Hội hữu nghị Việt – Úc",
    )
    host_unit = Field(
        attribute="host_unit",
        column_name="Đơn vị chủ trì khác",
        aliases=["Host unit"],
        help_text=_("Đơn vị đón hoặc cử đoàn khi không phải hội thành viên; để trống nếu đã ghi hội thành viên."),
        example="",
    )
    funding_source = Field(
        attribute="funding_source",
        column_name="Nguồn kinh phí",
        aliases=["Funding source"],
        widget=ChoiceWidget(FundingSource.choices, extra={"ngan sach": "state", "nsnn": "state", "doi tac": "partner"}),
        help_text=_("Nguồn kinh phí của chuyến (nội bộ)."),
        example=FundingSource.PARTNER.label,
    )
    funding_note = Field(
        attribute="funding_note",
        column_name="Ghi rõ nguồn kinh phí",
        aliases=["Funding note"],
        help_text=_("Bắt buộc khi nguồn kinh phí là “Khác” (nội bộ)."),
        example="Quỹ Trẻ em Loreto tài trợ vé máy bay",
    )
    cost_vnd = Field(
        attribute="cost_vnd",
        column_name="Kinh phí (VND)",
        aliases=["Cost (VND)", "Kinh phí"],
        widget=DecimalWidget(),
        help_text=_("Tổng kinh phí của chuyến, đồng Việt Nam, không âm (nội bộ, không công khai)."),
        example=45000000,
    )
    entry_notice_number = Field(
        attribute="entry_notice_number",
        column_name="Số thông báo nhập cảnh",
        aliases=["Entry notice number"],
        help_text=_(
            "Chỉ đoàn vào: số văn bản thông báo cơ quan chức năng về việc đoàn nước ngoài đến làm việc (nội bộ)."
        ),
        example="12/TB-LHH",
    )
    entry_notice_date = Field(
        attribute="entry_notice_date",
        column_name="Ngày thông báo nhập cảnh",
        aliases=["Entry notice date"],
        widget=DateWidget(),
        help_text=_("Ngày của văn bản thông báo nhập cảnh."),
        example=datetime.date(2019, 3, 1),
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
        model = Delegation
        import_id_fields = ("code",)
        instance_loader_class = KeyInstanceLoader
        fields = (
            "code",
            "direction",
            "title",
            "start_date",
            "end_date",
            "leader_name",
            "leader_position",
            "participants",
            "partners",
            "countries",
            "places_cell",
            "purpose",
            "outcome",
            "decision_number",
            "decision_date",
            "decision_authority",
            "host_association",
            "host_unit",
            "funding_source",
            "funding_note",
            "cost_vnd",
            "entry_notice_number",
            "entry_notice_date",
            "is_public",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._resolver = PlaceResolver()

    def get_export_queryset(self, request=None):
        return Delegation.objects.select_related("host_association").prefetch_related("partners", "countries", "places")

    def before_import_row(self, row, **kwargs):
        if row.get("Công khai") in (None, ""):
            row["Công khai"] = "Có"
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        self.read_cell("places_cell", lambda cell: self.parse_places(cell, instance), errors)
        if "places_cell" in self.extras:
            instance.places_abroad = self.extras["places_cell"][1]
        if errors:
            raise ValidationError(errors)

    def parse_places(self, cell, delegation) -> tuple[list, str]:
        """(places in the province, resolved as of the start date; the rest as written). A place
        that cannot be resolved is abroad or outside the province — for an incoming delegation, an
        error."""
        places, abroad = [], []
        for part in [clean_text(p) for p in str(cell or "").split(";") if clean_text(p)]:
            try:
                places.append(self._resolver.resolve(part, on=delegation.start_date))
            except PlaceError as exc:
                if delegation.direction == Direction.INCOMING:
                    raise CellError(f"— {exc.message}") from None
                abroad.append(part)
        return places, "; ".join(abroad)

    def write(self, instance, is_create, extras):
        delegation_save(
            delegation=instance,
            partners=extras.get("partners"),
            countries=extras.get("countries"),
            places=extras["places_cell"][0] if "places_cell" in extras else None,
            user=self.user,
            resolver=self._resolver,
            validated=True,
        )

    @staticmethod
    def render_places_cell(value) -> str:
        places, abroad = value
        return "; ".join([m.text for m in places] + ([abroad] if abroad else []))

    def display_places_cell(self, delegation, extras):
        """Places in the province as recorded → the unit today, then the others as written."""
        if extras is not None and "places_cell" in extras:
            matches, abroad = extras["places_cell"]
            lines = [place_line(m.text, m.recorded, m.current) for m in matches]
        elif delegation.pk:
            rows = delegation.places.select_related("place_recorded__parent__parent", "place_current__parent")
            lines = [place_line(p.place_text, p.place_recorded, p.place_current) for p in rows]
            abroad = delegation.places_abroad
        else:
            lines, abroad = [], delegation.places_abroad
        return lines + [clean_text(p) for p in (abroad or "").split(";") if clean_text(p)]

    def dehydrate_places_cell(self, delegation):
        texts = [p.place_text for p in delegation.places.all()] if delegation.pk else []
        return "; ".join(texts + ([delegation.places_abroad] if delegation.places_abroad else []))
