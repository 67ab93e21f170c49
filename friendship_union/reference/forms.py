"""Forms shared by every model with a place (PlaceFields)."""

from django import forms
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _

from .services import place_fill

PLACE_HELP = _("Ví dụ: Đông Thới, Cái Nước (tên cũ) hoặc Xã Cái Nước (tên mới).")


class PlaceTextForm(forms.ModelForm):
    """Staff type the place as they know it; clean() resolves it (services.place_fill) or shows
    the resolver's Vietnamese message with the closest candidates. Subclasses say which date the
    record's place belongs to (a place recorded before 1 July 2025 is read as a pre-reform unit)."""

    def place_date(self):
        return None

    def parent(self):
        """The record this inline form belongs to, even unsaved (on "add") and before the form
        has attached it: the inline formset keeps it on the foreign-key field."""
        for field in self.fields.values():
            if isinstance(field, InlineForeignKeyField):
                return field.parent_instance
        return None

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("place_text")
        if text:
            place_fill(self.instance, text, on=self.place_date())  # ValidationError on place_text
            cleaned["place_text"] = self.instance.place_text
        return cleaned
