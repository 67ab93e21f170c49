"""Forms for photos: uploads judged by our validator (content, size, pixels), never by Django's generic
"not an image" message; several photos at once for an album."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Album, Photo
from .validators import validate_photo_upload

ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoFileField(forms.FileField):
    """A file field whose only image check is `validate_photo_upload` (the model field's validator),
    so every bad upload gets the same clear Vietnamese message."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["album", "image", "alt_text", "caption", "caption_en", "credit", "taken_at", "order", "is_public"]
        field_classes = {"image": PhotoFileField}


class PhotoInlineForm(PhotoForm):
    """Narrower inputs so a row of the album's photo table fits beside the admin's side menu."""

    class Meta(PhotoForm.Meta):
        widgets = {
            # No "currently: <file name>" link: the thumbnail beside it already opens the original.
            "image": forms.FileInput(attrs={"accept": ACCEPT}),
            "alt_text": forms.Textarea(attrs={"rows": 2, "cols": 24}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 18}),
            "credit": forms.TextInput(attrs={"size": 14}),
            "order": forms.NumberInput(attrs={"size": 3}),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned, errors = [], []
        for upload in files:
            if not upload:
                continue
            try:
                upload = single(upload, initial)
                validate_photo_upload(upload)
            except ValidationError as exc:
                errors.extend(f"{upload.name}: {message}" for message in exc.messages)
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class AlbumAdminForm(forms.ModelForm):
    new_photos = MultiplePhotoField(
        label=_("Tải lên nhiều ảnh"),
        required=False,
        help_text=_("Chọn một hoặc nhiều ảnh JPEG, PNG, WebP; ảnh được thêm vào cuối album."),
    )
    new_photos_alt_text = forms.CharField(
        label=_("Mô tả chung cho các ảnh mới"),
        max_length=230,
        required=False,
        help_text=_("Bắt buộc khi tải ảnh lên; mỗi ảnh được đánh số, sửa riêng từng ảnh ở bảng dưới."),
    )
    new_photos_credit = forms.CharField(label=_("Nguồn ảnh của các ảnh mới"), max_length=150, required=False)

    class Meta:
        model = Album
        fields = ["title", "slug", "date", "description", "is_public", "cover"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "cover" in self.fields:
            photos = Photo.objects.filter(album=self.instance) if self.instance.pk else Photo.objects.none()
            self.fields["cover"].queryset = photos

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_photos") and not cleaned.get("new_photos_alt_text"):
            self.add_error("new_photos_alt_text", _("Hãy nhập mô tả cho các ảnh mới (cho người khiếm thị)."))
        return cleaned
