"""Every Vietnamese string the gallery uses is in the English catalog, translated (a string added
without running makemessages fails here)."""

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
    missing = sorted(m for m in gallery_msgids() if m not in translated)
    assert missing == []
