"""Every Vietnamese msgid the news app adds has its English translation, in the project catalog or
(until the catalogs are merged) in friendship_union/news/i18n_en.json."""

import json
import re
from pathlib import Path

import polib
from django.conf import settings

NEWS = Path(__file__).resolve().parent.parent
SOURCES = [*NEWS.glob("*.py"), *(settings.BASE_DIR / "templates" / "news").glob("*.html")]
PATTERNS = [
    re.compile(r'_\(\s*"((?:[^"\\]|\\.)+)"\s*\)'),
    re.compile(r'ngettext_lazy\(\s*"((?:[^"\\]|\\.)+)"'),
    re.compile(r'\{% translate "([^"]+)" %\}'),
    re.compile(r"\{% translate '([^']+)' %\}"),
]
BLOCK = re.compile(r"\{% blocktranslate[^%]*%\}(.*?)\{% (?:plural|endblocktranslate) %\}")


def msgids() -> set[str]:
    found = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found.update(pattern.findall(text))
        found.update(re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", m) for m in BLOCK.findall(text))
    return found


def test_every_news_msgid_has_an_english_translation():
    catalog = {
        e.msgid for e in polib.pofile(str(settings.BASE_DIR / "friendship_union/locale/en/LC_MESSAGES/django.po"))
    }
    ours = json.loads((NEWS / "i18n_en.json").read_text(encoding="utf-8"))
    missing = sorted(m for m in msgids() if m not in catalog and m not in ours)
    assert missing == []
    assert all(v for v in ours.values())
    assert ours["tin-tuc/"] == "news/"
