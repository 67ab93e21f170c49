"""Every Vietnamese msgid the news app uses is in the English catalog, translated (a string added
without running makemessages fails here)."""

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
        e.msgid: e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.pofile(str(settings.BASE_DIR / "friendship_union/locale/en/LC_MESSAGES/django.po"))
    }
    missing = sorted(m for m in msgids() if not catalog.get(m))
    assert missing == []
    assert catalog["tin-tuc/"] == "news/"
