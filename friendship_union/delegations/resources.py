"""Spreadsheet import/export of delegations."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.instance_loaders import CachedInstanceLoader

from friendship_union.core.resources import (
    BooleanWidget,
    CellError,
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    ListWidget,
    VietnameseResource,
)
from friendship_union.core.text import clean_text
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Country
from friendship_union.reference.places import PlaceError, PlaceResolver

from .models import Delegation, Direction
from .services import delegation_save


class DelegationResource(VietnameseResource):
    code = Field(attribute="code", column_name="Mã", aliases=["Code"], required=True)
    direction = Field(
        attribute="direction",
        column_name="Hướng",
        aliases=["Direction", "Loại đoàn"],
        required=True,
        widget=ChoiceWidget(Direction.choices, extra={"vao": "in", "ra": "out", "incoming": "in", "outgoing": "out"}),
        help_text=_("Đoàn vào hoặc Đoàn ra."),
    )
    title = Field(attribute="title", column_name="Tên đoàn", aliases=["Title", "Tên"], required=True)
    start_date = Field(
        attribute="start_date",
        column_name="Từ ngày",
        aliases=["Start date"],
        widget=DateWidget(),
        required=True,
    )
    end_date = Field(attribute="end_date", column_name="Đến ngày", aliases=["End date"], widget=DateWidget())
    leader_name = Field(attribute="leader_name", column_name="Trưởng đoàn", aliases=["Leader"])
    leader_position = Field(attribute="leader_position", column_name="Chức vụ trưởng đoàn", aliases=["Leader position"])
    participants = Field(
        attribute="participants",
        column_name="Số lượt người",
        aliases=["Participants", "Số người"],
        widget=IntegerWidget(),
        required=True,
    )
    partners = Field(
        attribute="partners",
        column_name="Đối tác",
        aliases=["Partners"],
        widget=ListWidget(Partner, Partner.objects.lookup, lambda p: p.code, _("đối tác")),
        help_text=_("Mã, tên viết tắt hoặc tên đối tác, cách nhau bằng ;"),
    )
    countries = Field(
        attribute="countries",
        column_name="Quốc gia",
        aliases=["Countries"],
        widget=ListWidget(Country, lambda t: Country.objects.lookup(t), lambda c: c.name_vi, _("quốc gia")),
    )
    places_cell = Field(
        column_name="Nơi làm việc",
        aliases=["Places"],
        help_text=_("Trong tỉnh: xã, huyện (cũ) hoặc xã (mới); ngoài tỉnh hoặc nước ngoài: ghi tên. Cách nhau bằng ;"),
    )
    purpose = Field(attribute="purpose", column_name="Mục đích", aliases=["Purpose"])
    outcome = Field(attribute="outcome", column_name="Kết quả", aliases=["Outcome"])
    is_public = Field(attribute="is_public", column_name="Công khai", aliases=["Public"], widget=BooleanWidget())

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = Delegation
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
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
            "is_public",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._resolver = PlaceResolver()

    def get_export_queryset(self, request=None):
        return Delegation.objects.prefetch_related("partners", "countries", "places")

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

    def dehydrate_places_cell(self, delegation):
        texts = [p.place_text for p in delegation.places.all()] if delegation.pk else []
        return "; ".join(texts + ([delegation.places_abroad] if delegation.places_abroad else []))
