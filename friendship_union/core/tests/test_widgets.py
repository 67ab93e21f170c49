import re

from django import forms

from friendship_union.core.widgets import LongSelect

CHOICES = [
    ("", "— Chọn —"),
    ("VN", "Việt Nam"),
    ("X", 'A <b>"bold"</b> & co'),
    *((f"C{i}", f"Nước {i}") for i in range(300)),
]


def same_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def field_html(widget, data, **options) -> str:
    class Form(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, widget=widget(**options), required=True)

    form = Form(data=data)
    form.is_valid()
    return str(form["country"])


def test_a_long_select_writes_what_djangos_select_writes():
    """The selected option, an error's aria-invalid, escaped labels, extra attributes: the same HTML."""
    for data in ({"country": "VN"}, {"country": ""}, {}):
        for options in ({}, {"attrs": {"autocomplete": "country", "disabled": True}}):
            ours = field_html(LongSelect, data, **options)
            assert same_html(ours) == same_html(field_html(forms.Select, data, **options))
    html = field_html(LongSelect, {"country": "X"})
    assert '<option value="X" selected>A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co</option>' in html


def test_grouped_choices_are_left_to_djangos_templates():
    grouped = [("Châu Á", [("VN", "Việt Nam")]), ("Châu Âu", [("FR", "Pháp")])]
    widget = LongSelect(choices=grouped)
    assert "<optgroup" in widget.render("country", "VN")
