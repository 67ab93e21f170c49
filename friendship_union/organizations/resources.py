"""Spreadsheet import/export of people (with their positions) and awards."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendship_union.core.resources import (
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    LookupWidget,
    RowKeyMixin,
    VietnameseResource,
)
from friendship_union.core.text import clean_text, fold
from friendship_union.partners.models import Partner

from .models import Award, MemberAssociation, Person, Position, RecipientKind
from .services import award_save, position_save


class PersonWidget(LookupWidget):
    """A person by name. Someone not yet in the list is a new person (people arrive with their
    positions): the same unsaved Person for every row of the file naming them, saved by the write
    service with their first position — never while the file is only being read."""

    def __init__(self):
        super().__init__(
            Person,
            "search_name",
            noun=_("người"),
            show=lambda person: person.name,
            listed=False,
            format=_("Họ tên đầy đủ, có dấu"),
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = fold(value)
        if key not in self._cache:
            self._cache[key] = Person.objects.filter(search_name=key).first() or Person(name=clean_text(value))
        return self._cache[key]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PositionResource(RowKeyMixin, VietnameseResource):
    """Kind "people": one row per person and position."""

    key_columns = ("Họ tên", "Chức vụ", "Đơn vị", "Từ ngày")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    person = Field(
        attribute="person",
        column_name="Họ tên",
        aliases=["Name"],
        widget=PersonWidget(),
        required=True,
        help_text=_("Họ tên người giữ chức vụ; người chưa có trong danh sách được thêm mới cùng chức vụ này."),
        example="Lê Văn Cường",
    )
    title = Field(
        attribute="title",
        column_name="Chức vụ",
        aliases=["Position", "Title"],
        required=True,
        help_text=_("Chức vụ, như trong quyết định."),
        example="Phó Chủ tịch",
    )
    association = Field(
        attribute="association",
        column_name="Đơn vị",
        aliases=["Organization", "Hội"],
        widget=LookupWidget(
            MemberAssociation,
            "name",
            lookups=("name",),
            noun=_("hội thành viên"),
            format=_("Tên hội thành viên đã có trong phần mềm (chọn ở ô thả xuống)"),
        ),
        help_text=_("Hội thành viên nơi giữ chức vụ; để trống nếu là chức vụ tại Liên hiệp."),
        example="Hội hữu nghị Việt – Úc",
    )
    start_date = Field(
        attribute="start_date",
        column_name="Từ ngày",
        aliases=["From"],
        widget=DateWidget(),
        help_text=_("Ngày bắt đầu giữ chức vụ."),
        example=datetime.date(2020, 10, 1),
    )
    end_date = Field(
        attribute="end_date",
        column_name="Đến ngày",
        aliases=["To"],
        widget=DateWidget(),
        help_text=_("Ngày thôi giữ chức vụ; để trống nếu đang giữ."),
        example=None,
    )

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Position
        import_id_fields = ("import_key",)
        fields = ("person", "title", "association", "start_date", "end_date", "import_key")
        export_order = fields

    def get_export_queryset(self, request=None):
        return Position.objects.select_related("person", "association")

    def write(self, instance, is_create, extras):
        position_save(position=instance, user=self.user, validated=True)


class AwardResource(RowKeyMixin, VietnameseResource):
    key_columns = ("Hình thức khen thưởng", "Người/đơn vị nhận", "Năm", "Số quyết định")
    import_key = Field(attribute="import_key", column_name=RowKeyMixin.KEY_HEADER)
    title = Field(
        attribute="title",
        column_name="Hình thức khen thưởng",
        aliases=["Award", "Title"],
        required=True,
        help_text=_("Hình thức khen thưởng, như trong quyết định."),
        example="Bằng khen của UBND tỉnh",
    )
    recipient_kind = Field(
        attribute="recipient_kind",
        column_name="Loại người nhận",
        aliases=["Recipient type"],
        widget=ChoiceWidget(RecipientKind.choices),
        required=True,
        help_text=_("Khen cho Liên hiệp, cho một cá nhân hay cho một đối tác."),
        example=RecipientKind.PERSON.label,
    )
    recipient = Field(
        column_name="Người/đơn vị nhận",
        aliases=["Recipient"],
        help_text=_(
            "Cá nhân: họ tên (người chưa có được thêm mới). Đối tác: mã hoặc tên đối tác đã có. Liên hiệp: để trống."
        ),
        example="Lê Văn Cường",
    )
    issuer = Field(
        attribute="issuer",
        column_name="Cơ quan khen thưởng",
        aliases=["Issuer"],
        required=True,
        help_text=_("Cơ quan ra quyết định khen thưởng."),
        example="UBND tỉnh Cà Mau",
    )
    date = Field(
        attribute="date",
        column_name="Ngày",
        aliases=["Date"],
        widget=DateWidget(),
        help_text=_("Ngày ký quyết định khen thưởng."),
        example=datetime.date(2022, 12, 15),
    )
    year = Field(
        attribute="year",
        column_name="Năm",
        aliases=["Year"],
        widget=IntegerWidget(year=True),
        help_text=_("Năm khen thưởng, nếu không rõ ngày."),
        example=2022,
    )
    decision_number = Field(
        attribute="decision_number",
        column_name="Số quyết định",
        aliases=["Decision"],
        help_text=_("Số quyết định khen thưởng."),
        example="2345/QĐ-UBND",
    )

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Award
        import_id_fields = ("import_key",)
        fields = (
            "title",
            "recipient_kind",
            "recipient",
            "issuer",
            "date",
            "year",
            "decision_number",
            "import_key",
        )
        export_order = fields

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        text = clean_text(row.get("Người/đơn vị nhận") or "")
        instance.person = instance.partner = None
        if instance.recipient_kind == RecipientKind.PERSON and text:
            instance.person = self._people.clean(text)
        elif instance.recipient_kind == RecipientKind.PARTNER and text:
            instance.partner = Partner.objects.lookup(text)
            if instance.partner is None:
                field = self.fields["recipient"]
                message = self.cell_message(
                    kwargs.get("row_number"), field, row, _("không khớp mã hay tên đối tác nào đã có")
                )
                raise ValidationError({"partner": ValidationError(message, code="invalid")})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._people = PersonWidget()

    def write(self, instance, is_create, extras):
        award_save(award=instance, user=self.user, validated=True)

    def dehydrate_recipient(self, award):
        if award.recipient_kind == RecipientKind.PERSON and award.person_id:
            return award.person.name
        if award.recipient_kind == RecipientKind.PARTNER and award.partner_id:
            return award.partner.code
        return ""
