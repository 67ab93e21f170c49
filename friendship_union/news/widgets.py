"""The admin's rich-text editor: a plain <textarea> that static/js/news-editor.js turns into Quill.

No inline script or style (CSP): the toolbar's labels travel as data-* attributes. Without
JavaScript the textarea still works; whatever arrives is sanitized on save."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .sanitize import media_prefix

TOOLBAR_LABELS = {
    "bold": _("Chữ đậm"),
    "italic": _("Chữ nghiêng"),
    "list-ordered": _("Danh sách đánh số"),
    "list-bullet": _("Danh sách gạch đầu dòng"),
    "blockquote": _("Trích dẫn"),
    "link": _("Liên kết"),
    "image": _("Chèn ảnh từ thư viện"),
    "table": _("Chèn bảng"),
    "row": _("+ hàng"),
    "column": _("+ cột"),
    "deleteTable": _("Xóa bảng"),
    "clean": _("Xóa định dạng"),
}


class RichTextWidget(forms.Textarea):
    class Media:
        css = {"all": ["vendor/quill/quill.snow.css", "css/news-editor.css"]}
        js = ["vendor/quill/quill.js", "js/news-editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-rich-text": "quill",
                "data-media-prefix": media_prefix(),
                "data-placeholder": str(_("Nhập nội dung bài viết…")),
                "data-image-prompt": str(_("Địa chỉ ảnh trong thư viện ảnh của trang (bắt đầu bằng %(prefix)s):"))
                % {"prefix": media_prefix()},
                "data-image-refused": str(_("Chỉ chèn được ảnh đã tải lên trang (địa chỉ bắt đầu bằng %(prefix)s)."))
                % {"prefix": media_prefix()},
                "data-labels": json.dumps({key: str(label) for key, label in TOOLBAR_LABELS.items()}),
                "data-link-prompt": str(_("Địa chỉ liên kết (https://…, mailto:… hoặc /đường-dẫn):")),
            }
        )
        return context
