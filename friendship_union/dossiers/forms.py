from django import forms
from django.utils.translation import gettext_lazy as _

from friendship_union.core.text import clean_text


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=30,
        help_text=_("Mã ghi trên giấy biên nhận hồ sơ, ví dụ: HS-2026-001."),
        error_messages={
            "required": _("Vui lòng nhập mã hồ sơ ghi trên giấy biên nhận."),
            "max_length": _("Mã hồ sơ dài tối đa %(limit_value)d ký tự (đã nhập %(show_value)d)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_ma(self):
        value = clean_text(self.cleaned_data["ma"]).replace(" ", "")
        if not value:
            raise forms.ValidationError(self.fields["ma"].error_messages["required"], code="required")
        return value
