"""The admin's rich-text editor: a plain <textarea> that static/js/news-editor.js turns into Quill.

No inline script or style (CSP): the toolbar's labels and the photo dialog's texts and addresses
travel as data-* attributes. Without JavaScript the textarea still works; whatever arrives is
sanitized on save.

Photos are inserted from the gallery only: the toolbar's image button opens a dialog that picks a
photo in the gallery's list or uploads a new one through the gallery's own form — both in the admin's
pop-up, as the cover photo's "+" does — asks for the alt text, and inserts the photo with its number
(`data-photo`), which the article page turns into the photo's renditions (news/body.py)."""

import json

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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

PHOTO_DIALOG_TEXTS = {
    "title": _("Chèn ảnh từ thư viện ảnh"),
    "intro": _(
        "Chọn một ảnh đã có trong thư viện ảnh, hoặc tải ảnh mới lên thư viện (JPEG, PNG, WebP). "
        "Bạn đọc sẽ thấy ảnh vừa cỡ màn hình của mình."
    ),
    "choose": _("Chọn ảnh có sẵn"),
    "upload": _("Tải ảnh mới lên"),
    "alt": _("Mô tả ảnh (cho người khiếm thị)"),
    "altHelp": _("Bắt buộc: ảnh cho thấy gì trong bài này, ví dụ “Đại diện tổ chức trao học bổng cho học sinh”."),
    "altMissing": _("Hãy nhập mô tả ảnh (cho người khiếm thị) trước khi chèn."),
    "insert": _("Chèn ảnh vào bài"),
    "cancel": _("Hủy"),
    "notPublic": _(
        "Ảnh này đang để không công khai trong thư viện ảnh nên bạn đọc sẽ không thấy. Hãy chọn ảnh khác, "
        "hoặc đánh dấu công khai cho ảnh trong thư viện."
    ),
    "failed": _("Không đọc được ảnh vừa chọn. Hãy thử chọn lại."),
    "pasted": _(
        "Ảnh dán hoặc kéo thả vào khung soạn thảo không lưu được. Hãy tải ảnh lên thư viện ảnh tại đây, "
        "hoặc chọn ảnh có sẵn."
    ),
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
                "data-placeholder": str(_("Nhập nội dung bài viết…")),
                "data-labels": json.dumps({key: str(label) for key, label in TOOLBAR_LABELS.items()}),
                "data-link-prompt": str(_("Địa chỉ liên kết (https://…, mailto:… hoặc /đường-dẫn):")),
                "data-photo-texts": json.dumps({key: str(text) for key, text in PHOTO_DIALOG_TEXTS.items()}),
                # The gallery's public photos to choose from, its upload form, and what one photo needs.
                "data-photo-choose": reverse("admin:gallery_photo_changelist") + "?is_public__exact=1&_to_field=id",
                "data-photo-upload": reverse("admin:gallery_photo_add") + "?_to_field=id&_popup=1",
                "data-photo-embed": reverse("admin:gallery_photo_embed", args=["0"]).replace("/0/", "/__id__/"),
            }
        )
        return context
