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

from .models import Delegation, DelegationPlace, Direction


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
        field = self.fields["places_cell"]
        pending = None
        if field.column_name in row:
            places, abroad = [], []
            for part in [clean_text(p) for p in str(row.get(field.column_name) or "").split(";") if clean_text(p)]:
                try:
                    places.append(self._resolver.resolve(part, on=instance.start_date))
                except PlaceError as exc:
                    if instance.direction == Direction.INCOMING:
                        errors["places_cell"] = [
                            ValidationError(
                                self.cell_message(kwargs.get("row_number"), field, row, CellError(f"— {exc.message}"))
                            )
                        ]
                    abroad.append(part)
            pending = places
            instance.places_abroad = "; ".join(abroad)
        instance._pending_places = pending
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        pending = getattr(instance, "_pending_places", None)
        if pending is not None:
            instance.places.all().delete()
            DelegationPlace.objects.bulk_create(
                [
                    DelegationPlace(
                        delegation=instance,
                        place_text=m.text,
                        place_recorded=m.recorded,
                        place_current=m.current,
                        latitude=m.latitude,
                        longitude=m.longitude,
                    )
                    for m in pending
                ]
            )
        super().after_save_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors=import_validation_errors):
            return False
        return self.dehydrate_places_cell(instance) == self.dehydrate_places_cell(original)

    def dehydrate_places_cell(self, delegation):
        pending = getattr(delegation, "_pending_places", None)
        texts = (
            [m.text for m in pending]
            if pending is not None
            else ([p.place_text for p in delegation.places.all()] if delegation.pk else [])
        )
        if delegation.places_abroad:
            texts.append(delegation.places_abroad)
        return "; ".join(texts)
