"""Spreadsheet import/export of exchange rates (Vietnamese headers, English aliases)."""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from friendship_union.core.resources import (
    CellError,
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


class ExchangeRateResource(VietnameseResource):
    currency = Field(
        attribute="currency",
        column_name="Tiền tệ",
        aliases=["Currency", "Mã tiền tệ", "Ngoại tệ"],
        widget=LookupWidget(Currency, "code", lookups=("name_vi", "name_en"), noun=_("tiền tệ")),
        required=True,
        help_text=_("Mã ISO 4217 (USD, EUR, AUD…) hoặc tên (Đô la Mỹ)."),
    )
    date = Field(
        attribute="date",
        column_name="Ngày áp dụng",
        aliases=["Date", "Ngày", "Từ ngày"],
        widget=DateWidget(),
        required=True,
        help_text=_("dd/mm/yyyy, ví dụ 01/01/2015; ô ngày của Excel cũng được."),
    )
    rate = Field(
        attribute="rate",
        column_name="Tỷ giá (VND)",
        aliases=["Rate", "Tỷ giá", "Rate (VND)"],
        widget=DecimalWidget(),
        required=True,
        help_text=_("Số đồng cho 1 đơn vị ngoại tệ, ví dụ 21.890 hoặc 21890."),
    )
    source = Field(
        attribute="source",
        column_name="Nguồn",
        aliases=["Source"],
        help_text=_("Ví dụ: Ngân hàng Nhà nước, Vietcombank."),
    )

    class Meta(VietnameseResource.Meta):
        model = ExchangeRate
        fields = ("currency", "date", "rate", "source")
        import_id_fields = ("currency", "date")
        export_order = ("currency", "date", "rate", "source")
