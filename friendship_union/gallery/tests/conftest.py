import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every gallery test writes its files under a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english_catalog():
    """The gallery's English strings (i18n_en.json) in the active English catalog, for tests run before
    they are merged into locale/en; URL patterns already compiled for English are recompiled."""
    import json
    from pathlib import Path

    from django.urls import clear_url_caches
    from django.utils.translation import trans_real

    from friendship_union.gallery import urls

    strings = json.loads((Path(urls.__file__).parent / "i18n_en.json").read_text(encoding="utf-8"))
    catalog = trans_real.translation("en")._catalog
    for msgid, english in strings.items():
        if isinstance(english, list):  # plural forms: singular, plural
            for index, form in enumerate(english):
                if (msgid, index) not in catalog:
                    catalog[(msgid, index)] = form
        elif msgid not in catalog:
            catalog[msgid] = english
    for pattern in urls.urlpatterns:
        pattern.pattern._regex_dict.pop("en", None)
    clear_url_caches()
