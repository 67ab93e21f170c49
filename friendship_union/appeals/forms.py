from django import forms
from django.utils.translation import gettext_lazy as _

from friendship_union.core.text import clean_text, nfc, visible
from friendship_union.core.widgets import LongSelect
from friendship_union.reference.models import Country


class InterestForm(forms.Form):
    organisation = forms.CharField(
        label=_("Tổ chức của bạn"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập tên tổ chức.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ModelChoiceField(
        label=_("Quốc gia"),
        queryset=Country.objects.order_by("name_en"),
        required=False,
        empty_label=_("— Chọn quốc gia —"),
        widget=LongSelect,
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        help_text=_("Chỉ cán bộ Liên hiệp đọc; không hiển thị công khai."),
        error_messages={
            "required": _("Vui lòng nhập thư điện tử để chúng tôi liên hệ lại."),
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Lời nhắn"),
        max_length=3000,
        error_messages={
            "required": _("Vui lòng viết vài dòng: bạn quan tâm đến phần nào, có thể hỗ trợ ra sao."),
            "max_length": _("Lời nhắn dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Honeypot, as on the comment form: hidden from people, filled by robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_organisation(self):
        value = clean_text(self.cleaned_data["organisation"])
        if not visible(value).strip():
            raise forms.ValidationError(self.fields["organisation"].error_messages["required"], code="required")
        return value

    def clean_message(self):
        value = nfc(self.cleaned_data["message"]).strip()
        if not visible(value).strip():
            raise forms.ValidationError(self.fields["message"].error_messages["required"], code="required")
        return value

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Không gửi được: ô “Để trống ô này” phải để trống. Hãy xóa nội dung ô đó rồi gửi lại."),
                code="honeypot",
            )
        return ""
