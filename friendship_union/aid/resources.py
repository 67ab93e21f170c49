"""Spreadsheet import/export of aid items and disbursements.

Aid item rows carry their providers, sectors and places in single cells:
    Nhà tài trợ  "LKC-AU; UNICEF (thực hiện)"         codes, acronyms or names; role in brackets
    Lĩnh vực     "11220:60; 12220:40" or "Giáo dục tiểu học"   DAC codes or names, with % when several
    Địa bàn      "Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển"    resolved to recorded + current units
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from friendship_union.core.numbers import parse_decimal
from friendship_union.core.resources import (
    BooleanWidget,
    CellError,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    Field,
    IntegerWidget,
    KeyInstanceLoader,
    LookupWidget,
    VietnameseResource,
)
from friendship_union.core.templatetags.vn import number
from friendship_union.core.text import clean_text, fold
from friendship_union.partners.models import Partner
from friendship_union.partners.resources import partner_label
from friendship_union.reference.models import Sector
from friendship_union.reference.places import PlaceError, PlaceResolver, place_line
from friendship_union.reference.resources import CurrencyWidget
from friendship_union.reference.services import RateBook

from .models import AidForm, AidItem, AidStatus, AidType, Disbursement, ProviderRole
from .services import (
    AidItemBatch,
    aid_item_convert_money,
    aid_item_save,
    disbursement_convert_money,
    disbursement_save,
    place_date,
)

ROLE_WORDS = {fold(str(label)): value for value, label in ProviderRole.choices} | {
    "funding": ProviderRole.FUNDING,
    "accountable": ProviderRole.ACCOUNTABLE,
    "extending": ProviderRole.EXTENDING,
    "implementing": ProviderRole.IMPLEMENTING,
    "tai tro": ProviderRole.FUNDING,
    "thuc hien": ProviderRole.IMPLEMENTING,
}
STATUS_WORDS = {
    "dang thuc hien": AidStatus.IMPLEMENTATION,
    "hoan thanh": AidStatus.CLOSED,
    "da hoan thanh": AidStatus.CLOSED,
    "ket thuc": AidStatus.CLOSED,
    "da ket thuc": AidStatus.CLOSED,
    "huy": AidStatus.CANCELLED,
    "van dong": AidStatus.PIPELINE,
    "tam dung": AidStatus.SUSPENDED,
}
FORM_WORDS = {
    "phi du an": AidForm.NON_PROJECT,
    "vien tro phi du an": AidForm.NON_PROJECT,
    "chuong trinh": AidForm.PROGRAM,
    "du an": AidForm.PROJECT,
}


def _split(cell) -> list[str]:
    return [clean_text(p) for p in re.split(r"[;\n]", str(cell or "")) if clean_text(p)]


class AidItemResource(VietnameseResource):
    code = Field(
        attribute="code",
        column_name="Mã",
        aliases=["Code", "Mã khoản viện trợ"],
        required=True,
        help_text=gettext_lazy("Mã riêng của khoản viện trợ. Dòng có mã đã có sẽ cập nhật khoản đó."),
        format=gettext_lazy("Chữ không dấu, số và - _ . / (không có dấu cách), tối đa 40 ký tự"),
        example="VT-2010-01",
    )
    title = Field(
        attribute="title",
        column_name="Tên",
        aliases=["Title", "Tên khoản viện trợ"],
        required=True,
        help_text=gettext_lazy("Tên khoản viện trợ bằng tiếng Việt, như trong quyết định phê duyệt."),
        example="Xây dựng điểm trường Tiểu học Đông Thới",
    )
    title_en = Field(
        attribute="title_en",
        column_name="Tên tiếng Anh",
        aliases=["English title"],
        help_text=gettext_lazy("Tên bằng tiếng Anh: hiện trên trang tiếng Anh và trong tệp IATI."),
        example="Dong Thoi Primary School building",
    )
    form = Field(
        attribute="form",
        column_name="Hình thức",
        aliases=["Form"],
        required=True,
        widget=ChoiceWidget(AidForm.choices, extra=FORM_WORDS),
        help_text=gettext_lazy("Hình thức viện trợ: chương trình, dự án hay viện trợ phi dự án."),
        example=AidForm.PROJECT.label,
    )
    aid_type = Field(
        attribute="aid_type",
        column_name="Loại viện trợ",
        aliases=["Aid type"],
        widget=ChoiceWidget(AidType.choices),
        help_text=gettext_lazy("Viện trợ bằng gì: tiền, hàng, chuyên gia, hội nghị và đào tạo, hay kết hợp."),
        example=AidType.MIXED.label,
    )
    providers_cell = Field(
        column_name="Nhà tài trợ",
        aliases=["Providers", "Donors", "Đối tác"],
        help_text=gettext_lazy("Các đối tác nước ngoài tham gia khoản viện trợ và vai trò của mỗi bên."),
        format=gettext_lazy(
            "Mã, tên viết tắt hoặc tên của đối tác đã có trong phần mềm; nhiều đối tác cách nhau bằng dấu ;. "
            "Vai trò ghi trong ngoặc sau đối tác; không ghi là tài trợ"
        ),
        allowed=[
            gettext_lazy("(tài trợ) — mặc định"),
            gettext_lazy("(thực hiện)"),
            gettext_lazy("(chịu trách nhiệm)"),
            gettext_lazy("(chuyển giao)"),
        ],
        example="LKC-AU; UNICEF (thực hiện)",
    )
    aid_owner = Field(
        attribute="aid_owner",
        column_name="Chủ khoản viện trợ",
        aliases=["Aid owner"],
        help_text=gettext_lazy("Cơ quan, đơn vị tiếp nhận và quản lý khoản viện trợ."),
        example="UBND huyện Cái Nước",
    )
    sectors_cell = Field(
        column_name="Lĩnh vực",
        aliases=["Sectors"],
        help_text=gettext_lazy(
            "Lĩnh vực của khoản viện trợ theo mã DAC của OECD, với tỷ lệ phần trăm của mỗi lĩnh vực."
        ),
        format=gettext_lazy(
            "Mã DAC (5 hoặc 3 chữ số) hoặc tên lĩnh vực. Một lĩnh vực: chỉ ghi mã. Nhiều lĩnh vực: mã:tỷ lệ, "
            "cách nhau bằng dấu ;, tổng tỷ lệ bằng 100"
        ),
        allowed=lambda: [str(s) for s in Sector.objects.order_by("code")],
        example="11220:60; 12220:40",
    )
    places_cell = Field(
        column_name="Địa bàn",
        aliases=["Locations", "Places"],
        help_text=gettext_lazy(
            "Nơi thực hiện, ghi như trong hồ sơ. Phần mềm tìm ra đơn vị hành chính lúc ghi nhận và đơn vị "
            "hiện nay (sau sắp xếp năm 2025); xem trước sẽ hiện cả hai."
        ),
        format=gettext_lazy(
            "Xã, huyện (đơn vị trước 1/7/2025) hoặc xã, tỉnh (đơn vị hiện nay); nhiều nơi cách nhau bằng dấu ;. "
            "Không ghi tỉnh là tỉnh của Liên hiệp. Chữ không dấu, viết tắt (X., H., TP.) cũng được"
        ),
        example="Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển",
    )
    committed_amount = Field(
        attribute="committed_amount",
        column_name="Giá trị cam kết",
        aliases=["Committed amount", "Giá trị"],
        widget=DecimalWidget(),
        help_text=gettext_lazy(
            "Tổng giá trị nhà tài trợ cam kết, theo tiền tệ ở cột “Tiền tệ”. Phần mềm quy ra USD và VND theo "
            "tỷ giá của ngày cam kết. Có giá trị thì phải có tiền tệ và ngày cam kết."
        ),
        example=Decimal("1250000.50"),
    )
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        widget=CurrencyWidget(),
        help_text=gettext_lazy("Tiền tệ của giá trị cam kết."),
        example="USD",
    )
    commitment_date = Field(
        attribute="commitment_date",
        column_name="Ngày cam kết",
        aliases=["Commitment date"],
        widget=DateWidget(),
        help_text=gettext_lazy("Ngày nhà tài trợ cam kết; chọn tỷ giá quy đổi của ngày này."),
        example=datetime.date(2010, 4, 5),
    )
    approval_number = Field(
        attribute="approval_number",
        column_name="Số quyết định phê duyệt",
        aliases=["Approval number", "Số QĐ"],
        help_text=gettext_lazy("Số, ký hiệu của quyết định phê duyệt khoản viện trợ."),
        example="1201/QĐ-UBND",
    )
    approval_date = Field(
        attribute="approval_date",
        column_name="Ngày phê duyệt",
        aliases=["Approval date"],
        widget=DateWidget(),
        help_text=gettext_lazy("Ngày ký quyết định phê duyệt."),
        example=datetime.date(2010, 4, 16),
    )
    approval_authority = Field(
        attribute="approval_authority",
        column_name="Cơ quan phê duyệt",
        aliases=["Approved by"],
        help_text=gettext_lazy("Cơ quan ra quyết định phê duyệt."),
        example="UBND tỉnh Cà Mau",
    )
    planned_start = Field(
        attribute="planned_start",
        column_name="Ngày bắt đầu",
        aliases=["Start date"],
        widget=DateWidget(),
        help_text=gettext_lazy("Ngày bắt đầu thực hiện theo kế hoạch."),
        example=datetime.date(2010, 5, 1),
    )
    planned_end = Field(
        attribute="planned_end",
        column_name="Ngày kết thúc",
        aliases=["End date"],
        widget=DateWidget(),
        help_text=gettext_lazy("Ngày kết thúc theo kế hoạch; không trước ngày bắt đầu."),
        example=datetime.date(2012, 4, 30),
    )
    status = Field(
        attribute="status",
        column_name="Trạng thái",
        aliases=["Status"],
        widget=ChoiceWidget(AidStatus.choices, extra=STATUS_WORDS),
        help_text=gettext_lazy("Giai đoạn hiện nay của khoản viện trợ (theo mã trạng thái của IATI)."),
        example=AidStatus.CLOSED.label,
    )
    counterpart_amount = Field(
        attribute="counterpart_amount",
        column_name="Vốn đối ứng",
        aliases=["Counterpart funds"],
        widget=DecimalWidget(),
        help_text=gettext_lazy("Vốn đối ứng của phía Việt Nam, bằng đồng (VND)."),
        example=Decimal("150000000"),
    )
    beneficiaries = Field(
        attribute="beneficiaries",
        column_name="Số người hưởng lợi",
        aliases=["Beneficiaries"],
        widget=IntegerWidget(),
        help_text=gettext_lazy("Số người được hưởng lợi trực tiếp."),
        example=1095,
    )
    is_public = Field(
        attribute="is_public",
        column_name="Công khai",
        aliases=["Public"],
        widget=BooleanWidget(),
        help_text=gettext_lazy("Có: hiện trên trang thông tin công khai và trong tệp IATI. Không: chỉ cán bộ xem."),
        example="Có",
    )
    description = Field(
        attribute="description",
        column_name="Mô tả",
        aliases=["Description"],
        help_text=gettext_lazy("Nội dung chính của khoản viện trợ; có thể xuống dòng trong ô (Alt+Enter)."),
        example="Xây 4 phòng học và một nhà vệ sinh cho điểm trường ấp Đông Thới.",
    )

    key_is_only_unique_field = True
    bulk_create_new = True
    reuse_preview = True

    class Meta(VietnameseResource.Meta):
        model = AidItem
        import_id_fields = ("code",)
        instance_loader_class = KeyInstanceLoader
        fields = (
            "code",
            "title",
            "title_en",
            "form",
            "aid_type",
            "providers_cell",
            "aid_owner",
            "sectors_cell",
            "places_cell",
            "committed_amount",
            "currency",
            "commitment_date",
            "approval_number",
            "approval_date",
            "approval_authority",
            "planned_start",
            "planned_end",
            "status",
            "counterpart_amount",
            "beneficiaries",
            "is_public",
            "description",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._book = RateBook()
        self._resolver = PlaceResolver()
        self._partners: dict[str, Partner | None] = {}
        self._sectors: dict[str, Sector | None] = {}
        self._batch: dict[str, list] = {"providers": [], "sectors": [], "places": []}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        column = self.fields["places_cell"].column_name
        # A confirmation replaying its preview reads no place (the preview's are kept, resolved).
        if self._replay is None and column in (dataset.headers or []):
            self._resolver.prefetch(part for cell in dataset[column] for part in _split(cell))

    def get_export_queryset(self, request=None):
        return AidItem.objects.select_related("currency").prefetch_related(
            "providers__partner", "sectors__sector", "locations"
        )

    # --- reading the three compound cells
    def _partner(self, text: str) -> Partner | None:
        key = fold(text)
        if key not in self._partners:
            self._partners[key] = Partner.objects.lookup(text)
        return self._partners[key]

    def parse_providers(self, cell) -> list[tuple[Partner, str]]:
        result, missing = [], []
        for part in _split(cell):
            role = ProviderRole.FUNDING
            match = re.match(r"^(.*?)\s*\(([^)]*)\)$", part)
            if match:
                part, role_text = match.group(1), match.group(2)
                role = ROLE_WORDS.get(fold(role_text))
                if role is None:
                    raise CellError(
                        _("vai trò “%(role)s” không hợp lệ (tài trợ, thực hiện, chịu trách nhiệm, chuyển giao)")
                        % {"role": role_text}
                    )
            partner = self._partner(part)
            if partner is None:
                missing.append(part)
            else:
                result.append((partner, role))
        if missing:
            raise CellError(
                _("có đối tác chưa có trong danh sách: %(names)s (thêm đối tác trước, hoặc ghi đúng mã)")
                % {"names": "; ".join(missing)}
            )
        return result

    def parse_sectors(self, cell) -> list[tuple[Sector, Decimal]]:
        parts = _split(cell)
        result = []
        for part in parts:
            name, _sep, share = part.rpartition(":") if ":" in part else (part, "", "")
            name = clean_text(name)
            if fold(name) not in self._sectors:
                self._sectors[fold(name)] = Sector.objects.lookup(name)
            sector = self._sectors[fold(name)]
            if sector is None:
                raise CellError(_("không có lĩnh vực “%(name)s” trong danh mục DAC") % {"name": name})
            if share.strip():
                try:
                    percentage = parse_decimal(share.replace("%", ""))
                except ValueError:
                    raise CellError(_("tỷ lệ “%(share)s” không phải là số") % {"share": share}) from None
            elif len(parts) == 1:
                percentage = Decimal(100)
            else:
                raise CellError(_("có nhiều lĩnh vực thì ghi tỷ lệ cho từng lĩnh vực, ví dụ “11220:60; 12220:40”"))
            result.append((sector, percentage))
        total = sum(p for _s, p in result)
        if result and total != 100:
            raise CellError(_("tổng tỷ lệ phải bằng 100 (đang là %(total)s)") % {"total": f"{total:g}"})
        return result

    def parse_places(self, cell, on):
        matches = []
        for part in _split(cell):
            try:
                matches.append(self._resolver.resolve(part, on=on))
            except PlaceError as exc:
                raise CellError(f"— {exc.message}") from None
        return matches

    # --- import: read the row, then write it through the aid services
    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        self.read_cell("providers_cell", self.parse_providers, errors)
        self.read_cell("sectors_cell", self.parse_sectors, errors)
        self.read_cell("places_cell", lambda cell: self.parse_places(cell, place_date(instance)), errors)
        if not errors:
            self.derive(lambda item: aid_item_convert_money(item, book=self._book), instance, "commitment_date", errors)
        if errors:
            raise ValidationError(errors)

    def _dependents(self, extras: dict) -> dict:
        return {
            "providers": extras.get("providers_cell"),
            "sectors": extras.get("sectors_cell"),
            "places": extras.get("places_cell"),
        }

    def write(self, instance, is_create, extras):
        """An update replaces the funders, sectors or places the file gives (and keeps the others)."""
        aid_item_save(item=instance, user=self.user, book=self._book, validated=True, **self._dependents(extras))

    def make_batch(self):
        return AidItemBatch(user=self.user, batch_size=self.bulk_batch_size, book=self._book, resolver=self._resolver)

    def queue(self, instance, extras):
        # import_instance converted the money when it read the row (in the preview, for a confirmation
        # that reuses it: a preview is reused only while the rates are those it read).
        self.batch.add(instance, converted=True, **{k: v or () for k, v in self._dependents(extras).items()})

    # --- export, and the comparison that makes re-imports skip unchanged rows
    @staticmethod
    def render_providers_cell(pairs) -> str:
        return "; ".join(
            p.code if r == ProviderRole.FUNDING else f"{p.code} ({ProviderRole(r).label})" for p, r in pairs
        )

    @staticmethod
    def render_sectors_cell(pairs) -> str:
        return "; ".join(f"{s.code}:{p.normalize():f}" for s, p in pairs)

    @staticmethod
    def render_places_cell(places) -> str:
        return "; ".join(getattr(m, "text", m) for m in places)

    # --- the preview: funders by name and role, sectors with their shares, places then → now
    def display_providers_cell(self, item, extras):
        if extras is not None and "providers_cell" in extras:
            pairs = extras["providers_cell"]
        else:
            pairs = [(p.partner, p.role) for p in item.providers.select_related("partner")] if item.pk else []
        return [f"{partner_label(p)} — {ProviderRole(r).label.lower()}" for p, r in pairs]

    def display_sectors_cell(self, item, extras):
        if extras is not None and "sectors_cell" in extras:
            pairs = extras["sectors_cell"]
        else:
            pairs = [(s.sector, s.percentage) for s in item.sectors.select_related("sector")] if item.pk else []
        return [f"{s.code} {s.display_name}: {number(p)} %" for s, p in pairs]

    def display_places_cell(self, item, extras):
        if extras is not None and "places_cell" in extras:
            return [place_line(m.text, m.recorded, m.current) for m in extras["places_cell"]]
        if not item.pk:
            return []
        locations = item.locations.select_related("place_recorded__parent__parent", "place_current__parent")
        return [place_line(loc.place_text, loc.place_recorded, loc.place_current) for loc in locations]

    def dehydrate_providers_cell(self, item):
        return self.render_providers_cell([(p.partner, p.role) for p in item.providers.all()] if item.pk else [])

    def dehydrate_sectors_cell(self, item):
        return self.render_sectors_cell([(s.sector, s.percentage) for s in item.sectors.all()] if item.pk else [])

    def dehydrate_places_cell(self, item):
        return self.render_places_cell([loc.place_text for loc in item.locations.all()] if item.pk else [])


class DisbursementResource(VietnameseResource):
    aid_item = Field(
        attribute="aid_item",
        column_name="Mã khoản viện trợ",
        aliases=["Aid item", "Mã"],
        required=True,
        widget=LookupWidget(
            AidItem,
            "code",
            noun=gettext_lazy("khoản viện trợ"),
            show=lambda item: f"{item.code} — {item.title}",
            format=gettext_lazy("Mã của khoản viện trợ đã có trong phần mềm (chọn ở ô thả xuống)"),
        ),
        help_text=gettext_lazy("Khoản viện trợ được giải ngân."),
        example="VT-2010-01",
    )
    date = Field(
        attribute="date",
        column_name="Ngày giải ngân",
        aliases=["Date", "Ngày"],
        widget=DateWidget(),
        required=True,
        help_text=gettext_lazy("Ngày tiền hoặc hàng được chuyển; chọn tỷ giá quy đổi của ngày này."),
        example=datetime.date(2011, 3, 15),
    )
    amount = Field(
        attribute="amount",
        column_name="Số tiền",
        aliases=["Amount"],
        widget=DecimalWidget(),
        required=True,
        help_text=gettext_lazy("Số tiền của lần giải ngân này, theo tiền tệ ở cột “Tiền tệ”; lớn hơn 0."),
        example=Decimal("250000"),
    )
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency"],
        required=True,
        widget=CurrencyWidget(),
        help_text=gettext_lazy("Tiền tệ của số tiền giải ngân."),
        example="USD",
    )
    note = Field(
        attribute="note",
        column_name="Ghi chú",
        aliases=["Note"],
        help_text=gettext_lazy("Ghi chú thêm: đợt giải ngân, chứng từ…"),
        example="Đợt 1",
    )

    class Meta(VietnameseResource.Meta):
        model = Disbursement
        import_id_fields = ("aid_item", "date", "amount", "currency")
        fields = ("aid_item", "date", "amount", "currency", "note")
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._book = RateBook()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors = {}
        self.derive(lambda d: disbursement_convert_money(d, book=self._book), instance, "date", errors)
        if errors:
            raise ValidationError(errors)

    def write(self, instance, is_create, extras):
        disbursement_save(disbursement=instance, user=self.user, book=self._book, validated=True)
