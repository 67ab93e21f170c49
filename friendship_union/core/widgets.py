"""Form widgets shared by the apps' public forms."""

from django import forms
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A <select> of many options (every country) written in Python: Django's widget templates render
    one template per option, which for 250 countries cost a page about 12 ms. The same HTML: the
    attributes as Django's templates write them (True bare, False left out), options escaped, no
    option groups (a choice list with groups is drawn by Django's own templates)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((o["value"], _attributes(o["attrs"]), o["label"]) for _n, group, _i in groups for o in group),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], _attributes(widget["attrs"]), options)


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False
        ),
    )
