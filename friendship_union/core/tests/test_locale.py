import datetime
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation


def render(source: str, **context) -> str:
    return Template("{% load vn %}" + source).render(Context(context))


def test_dates_display_day_first():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2025, 4, 5), "SHORT_DATE_FORMAT") == "05/04/2025"
        assert render("{{ d|date }}", d=datetime.date(2025, 4, 5)) == "05/04/2025"
    with translation.override("en"):
        assert render("{{ d|date }}", d=datetime.date(2025, 4, 5)) == "05/04/2025"


def test_date_input_05_04_2025_is_5_april():
    class F(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = F({"day": "05/04/2025"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2025, 4, 5)
        assert not F({"day": "13/13/2025"}).is_valid()


def test_numbers_grouped_per_language():
    with translation.override("vi"):
        assert render("{{ n|number }}", n=1234567) == "1.234.567"
        assert render("{{ n|number:2 }}", n=Decimal("29000000.5")) == "29.000.000,50"
        assert render("{{ n|vnd }}", n=Decimal("29000000.4")) == "29.000.000 ₫"
        assert render("{{ n|vnd }}", n=Decimal("29000000.5")) == "29.000.001 ₫"
        assert render("{{ n|number:0 }}", n=Decimal("23476.8")) == "23.477"  # rounded, not truncated
        assert render("{{ y }}", y=2015) == "2015"  # years are never grouped
    with translation.override("en"):
        assert render("{{ n|number }}", n=1234567) == "1,234,567"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_grouped_as_djangos_number_format_groups_them(language):
    """vn.grouped formats by Python's own grouping for speed: every kind of amount a page shows comes
    out as Django's number_format gives it, sign, decimals, trailing zeros and all."""
    import random

    from friendship_union.core.templatetags.vn import grouped

    rng = random.Random(17)
    amounts = [Decimal(0), Decimal("0.00"), Decimal("-0.5"), Decimal("999"), Decimal("1000"), Decimal("-1234567.891")]
    amounts += [Decimal("1E+3"), Decimal("123456789012345678901234567890.25"), Decimal("0.000001")]
    for _ in range(400):
        digits = rng.randint(1, 16)
        places = rng.choice([0, 0, 1, 2, 4])
        amounts.append(Decimal(rng.randint(-(10**digits), 10**digits)).scaleb(-places))
    with translation.override(language):
        for amount in amounts:
            expected = formats.number_format(amount, use_l10n=True, force_grouping=True)
            assert grouped(amount) == expected, amount


def test_a_kept_row_url_is_the_url_tags_in_each_language():
    """{% path %} (a list row's link, kept per language) gives what {% url %} gives, asked in either
    language and again."""
    source = "{% path 'aid:detail' code %}|{% url 'aid:detail' code %}|{% path 'news:detail' 'tin-moi' %}"
    for language, aid, news in [
        ("vi", "/vien-tro/", "/tin-tuc/"),
        ("en", "/en/aid/", "/en/news/"),
        ("vi", "/vien-tro/", "/tin-tuc/"),
    ]:
        with translation.override(language):
            kept, plain, article = render(source, code="VT-1").split("|")
        assert kept == plain == f"{aid}VT-1/" and article == f"{news}tin-moi/", (language, kept, plain, article)


def test_time_zone_is_ho_chi_minh():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"


def test_english_catalog_translates_every_string():
    po = polib.pofile(str(Path(settings.BASE_DIR) / "friendship_union/locale/en/LC_MESSAGES/django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalogs_exist(language):
    assert (Path(settings.BASE_DIR) / f"friendship_union/locale/{language}/LC_MESSAGES/django.mo").exists()
