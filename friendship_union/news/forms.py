"""The public comment form: Vietnamese messages next to each field, a honeypot, a link cap."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from friendship_union.core.text import clean_text, nfc, visible

from .models import Comment, CommentStatus
from .services import count_links


class NFCCharField(forms.CharField):
    """Text normalised to NFC before the length check: Vietnamese pasted in decomposed form (NFD) is
    up to a third longer in code points than what the reader sees."""

    def to_python(self, value):
        return nfc(super().to_python(value))


class CommentForm(forms.Form):
    required_css_class = "required"

    name = NFCCharField(
        label=_("Họ tên"),
        max_length=80,
        error_messages={
            "required": _("Vui lòng nhập họ tên."),
            "max_length": _("Họ tên dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Không hiển thị công khai."),
        max_length=254,  # as Comment.email
        error_messages={
            "required": _("Vui lòng nhập địa chỉ thư điện tử."),
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com."),
            "max_length": _("Địa chỉ thư điện tử dài tối đa %(limit_value)d ký tự."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = NFCCharField(
        label=_("Nội dung bình luận"),
        max_length=3000,
        error_messages={
            "required": _("Vui lòng nhập nội dung bình luận."),
            "max_length": _("Bình luận dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people (CSS and aria-hidden); form-filling robots fill it in.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        self.article = article
        self.parent_comment = None
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not visible(name).strip():
            raise forms.ValidationError(self.fields["name"].error_messages["required"], code="required")
        return name

    def clean_body(self):
        body = nfc(self.cleaned_data["body"])
        if not visible(body).strip():
            raise forms.ValidationError(_("Vui lòng nhập nội dung bình luận."), code="required")
        limit = settings.NEWS_COMMENT_MAX_LINKS
        if count_links(body) > limit:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Bình luận chỉ được chứa tối đa %(limit)d đường liên kết.",
                    "Bình luận chỉ được chứa tối đa %(limit)d đường liên kết.",
                    "limit",
                ),
                code="too_many_links",
                params={"limit": limit},
            )
        return body

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Không gửi được: ô “Để trống ô này” phải để trống. Hãy xóa nội dung ô đó rồi gửi lại."),
                code="honeypot",
            )
        return ""

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.filter(pk=parent_id, article=self.article, status=CommentStatus.APPROVED)
            .only("pk", "parent_id", "name")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(_("Không tìm thấy bình luận bạn muốn trả lời."), code="invalid_parent")
        if parent.parent_id:
            raise forms.ValidationError(
                _("Chỉ có thể trả lời bình luận gốc, không trả lời một câu trả lời."), code="reply_to_reply"
            )
        self.parent_comment = parent
        return parent

    def clean(self):
        cleaned = super().clean()
        if not self.article.comments_open():
            raise forms.ValidationError(_("Bài viết này đã đóng bình luận."), code="closed")
        return cleaned
