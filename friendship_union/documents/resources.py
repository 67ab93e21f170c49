"""Spreadsheet import/export of legal documents (metadata; files are attached in the admin)."""

import datetime

from django.utils.translation import gettext_lazy as _

from friendship_union.core.resources import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Field,
    KeyInstanceLoader,
    VietnameseResource,
)

from .models import DocumentType, LegalDocument
from .services import document_save


class LegalDocumentResource(VietnameseResource):
    number = Field(
        attribute="number",
        column_name="Số, ký hiệu",
        aliases=["Number", "Số"],
        required=True,
        help_text=_("Số, ký hiệu của văn bản. Dòng có số, ký hiệu đã có sẽ cập nhật văn bản đó."),
        example="80/2020/NĐ-CP",
    )
    doc_type = Field(
        attribute="doc_type",
        column_name="Loại văn bản",
        aliases=["Type"],
        widget=ChoiceWidget(DocumentType.choices),
        required=True,
        help_text=_("Loại văn bản."),
        example=DocumentType.DECREE.label,
    )
    title = Field(
        attribute="title",
        column_name="Trích yếu",
        aliases=["Title"],
        required=True,
        help_text=_("Trích yếu nội dung, như ghi trên văn bản."),
        example="Về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ phát triển chính thức",
    )
    issuer = Field(
        attribute="issuer",
        column_name="Cơ quan ban hành",
        aliases=["Issuer"],
        required=True,
        help_text=_("Cơ quan ban hành văn bản."),
        example="Chính phủ",
    )
    issue_date = Field(
        attribute="issue_date",
        column_name="Ngày ban hành",
        aliases=["Issue date"],
        widget=DateWidget(),
        required=True,
        help_text=_("Ngày ký ban hành."),
        example=datetime.date(2020, 7, 8),
    )
    effective_date = Field(
        attribute="effective_date",
        column_name="Ngày hiệu lực",
        aliases=["Effective date"],
        widget=DateWidget(),
        help_text=_("Ngày văn bản có hiệu lực."),
        example=datetime.date(2020, 9, 1),
    )
    summary = Field(
        attribute="summary",
        column_name="Tóm tắt",
        aliases=["Summary"],
        help_text=_("Tóm tắt nội dung chính; có thể xuống dòng trong ô (Alt+Enter)."),
        example="Quy định việc tiếp nhận, quản lý viện trợ của các tổ chức phi chính phủ nước ngoài.",
    )
    in_force = Field(
        attribute="in_force",
        column_name="Còn hiệu lực",
        aliases=["In force"],
        widget=BooleanWidget(),
        help_text=_("Không: văn bản đã hết hiệu lực hoặc bị thay thế."),
        example="Có",
    )

    key_is_only_unique_field = True

    class Meta(VietnameseResource.Meta):
        model = LegalDocument
        import_id_fields = ("number",)
        instance_loader_class = KeyInstanceLoader
        fields = (
            "number",
            "doc_type",
            "title",
            "issuer",
            "issue_date",
            "effective_date",
            "summary",
            "in_force",
        )
        export_order = fields

    def before_import_row(self, row, **kwargs):
        if row.get("Còn hiệu lực") in (None, ""):
            row["Còn hiệu lực"] = "Có"
        super().before_import_row(row, **kwargs)

    def write(self, instance, is_create, extras):
        document_save(document=instance, user=self.user, validated=True)
