"""Every Vietnamese string the gallery adds has an English translation: in the project catalog, or in
gallery/i18n_en.json until that is merged into locale/en."""

import json
import re
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PYTHON = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"', re.S)
TEMPLATE = re.compile(r"""{% translate ["']([^"']+)["'] %}|_\("([^"]+)"\)""")
COUNTED = re.compile(r"{% blocktranslate count (\w+)=[^%]+%}(.*?){% plural %}")


def gallery_msgids() -> set[str]:
    found = set()
    for path in (ROOT / "friendship_union/gallery").glob("*.py"):
        found.update(m.replace('\\"', '"') for m in PYTHON.findall(path.read_text(encoding="utf-8")))
    found.add(
        "Ảnh có kích thước %(width)s × %(height)s điểm ảnh, vượt mức tối đa %(max)s triệu điểm ảnh; "
        "hãy thu nhỏ ảnh rồi tải lại."
    )  # core/validators.py, added for the gallery
    for path in (ROOT / "templates/gallery").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found.update(a or b for a, b in TEMPLATE.findall(text))
        found.update(re.sub(r"{{ (\w+) }}", r"%(\1)s", body) for _, body in COUNTED.findall(text))
    return found


def test_every_gallery_string_has_an_english_translation():
    po = polib.pofile(str(ROOT / "friendship_union/locale/en/LC_MESSAGES/django.po"))
    translated = {e.msgid for e in po if e.translated()}
    pending = json.loads((ROOT / "friendship_union/gallery/i18n_en.json").read_text(encoding="utf-8"))
    missing = sorted(m for m in gallery_msgids() if m not in translated and m not in pending)
    assert missing == []
    assert all(value for value in pending.values())
