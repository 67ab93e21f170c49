"""Spreadsheet import/export of exchange rates (Vietnamese headers, English aliases)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from friendship_union.core.resources import (
    CellError,
    ColumnSpec,
    DateWidget,
    DecimalWidget,
    Field,
    LookupWidget,
    VietnameseResource,
)
from friendship_union.core.text import fold

from .models import Country, Currency, ExchangeRate


class CountryWidget(widgets.ForeignKeyWidget):
    """A country by ISO code, Vietnamese or English name, or alias (Úc, Australia, AU)."""

    def __init__(self, **kwargs):
        super().__init__(Country, "code", **kwargs)
        self._cache = {}

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = fold(value)
        if key not in self._cache:
            self._cache[key] = self.model.objects.lookup(str(value))
        if self._cache[key] is None:
            raise CellError(gettext_now("không phải tên hay mã quốc gia đã biết"))
        return self._cache[key]

    def render(self, value, obj=None, **kwargs):
        return value.name_vi if value else ""

    kind = "lookup"

    def display(self, value):
        return value.name_vi if value else ""

    def spec(self) -> ColumnSpec:
        names = sorted((c.name_vi for c in Country.objects.only("name_vi")), key=fold)
        return ColumnSpec(
            self.kind,
            gettext_now(
                "Tên quốc gia tiếng Việt (Úc, Nhật Bản…; chọn ở ô thả xuống), tên tiếng Anh hoặc mã ISO (AU, JP)"
            ),
            allowed=names,
            dropdown=True,
        )


class CurrencyWidget(LookupWidget):
    """A currency by ISO 4217 code or name (USD, Đô la Mỹ); the template offers every code."""

    def __init__(self):
        super().__init__(
            Currency,
            "code",
            lookups=("name_vi", "name_en"),
            noun=_("tiền tệ"),
            format=_("Mã tiền tệ ISO 4217 (USD, EUR, AUD, JPY…; chọn ở ô thả xuống) hoặc tên (Đô la Mỹ)"),
        )


class ExchangeRateResource(VietnameseResource):
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency", "Mã tiền tệ", "Ngoại tệ"],
        widget=CurrencyWidget(),
        required=True,
        help_text=_("Ngoại tệ được quy đổi ra đồng. Dòng có cùng tiền tệ và ngày đã có sẽ cập nhật tỷ giá đó."),
        example="USD",
    )
    date = Field(
        attribute="date",
        column_name="Ngày áp dụng",
        aliases=["Date", "Ngày", "Từ ngày"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày bắt đầu áp dụng tỷ giá; dùng cho mọi khoản có ngày từ hôm đó đến tỷ giá kế tiếp."),
        example=datetime.date(2015, 1, 1),
    )
    rate = Field(
        attribute="rate",
        column_name="Tỷ giá (VND)",
        aliases=["Rate", "Tỷ giá", "Rate (VND)"],
        widget=DecimalWidget(),
        required=True,
        help_text=_("Số đồng (VND) đổi được 1 đơn vị ngoại tệ; lớn hơn 0."),
        example=Decimal("21890.50"),
    )
    source = Field(
        attribute="source",
        column_name="Nguồn",
        aliases=["Source"],
        help_text=_("Tỷ giá lấy từ đâu: Ngân hàng Nhà nước, Vietcombank…"),
        example="Ngân hàng Nhà nước",
    )

    class Meta(VietnameseResource.Meta):
        model = ExchangeRate
        fields = ("currency", "date", "rate", "source")
        import_id_fields = ("currency", "date")
        export_order = ("currency", "date", "rate", "source")
