"""The English site: English fields where a partner abroad reads, and where there is none, the
Vietnamese text marked lang="vi" (screen readers switch voice, WCAG 3.1.2) with a visible note."""

import re

import pytest

from friendship_union.aid.models import AidItem
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event

pytestmark = pytest.mark.django_db


def element(html: str, tag: str) -> str:
    return re.search(rf"<{tag}[^>]*>.*?</{tag}>", html.split('id="main"')[1], re.S).group(0)


def test_english_fields_are_shown_to_english_readers(client, records):
    AidItem.objects.filter(code="VT-1").update(
        title_en="School supplies for Đông Thới", description="Mô tả tiếng Việt.", description_en="English description."
    )
    Event.objects.filter(code="SK-1").update(title_en="Biosphere workshop", description_en="A workshop.")
    Delegation.objects.filter(code="DV-1").update(title_en="Loreto visits the school", purpose_en="To see the school.")
    aid = client.get("/en/aid/VT-1/").content.decode()
    assert element(aid, "h1") == "<h1>School supplies for Đông Thới</h1>"
    assert "<p>English description.</p>" in aid and "Mô tả tiếng Việt." not in aid
    event = client.get("/en/events/SK-1/").content.decode()
    assert element(event, "h1") == "<h1>Biosphere workshop</h1>" and "<p>A workshop.</p>" in event
    delegation = client.get("/en/delegations/DV-1/").content.decode()
    assert element(delegation, "h1") == "<h1>Loreto visits the school</h1>" and "To see the school." in delegation
    assert "Biosphere workshop" in client.get("/en/events/").content.decode()
    assert "Loreto visits the school" in client.get("/en/delegations/").content.decode()
    # Vietnamese readers keep the Vietnamese.
    assert element(client.get("/vien-tro/VT-1/").content.decode(), "h1") == "<h1>Dụng cụ học tập Đông Thới</h1>"


def test_vietnamese_only_text_is_marked_and_noted_on_english_pages(client, records):
    AidItem.objects.filter(code="VT-1").update(description="Chỉ có mô tả tiếng Việt.")
    Delegation.objects.filter(code="DV-1").update(purpose="Thăm trường học.")
    aid = client.get("/en/aid/VT-1/").content.decode()
    assert element(aid, "h1") == '<h1 lang="vi">Dụng cụ học tập Đông Thới</h1>'
    assert '<p lang="vi">Chỉ có mô tả tiếng Việt.</p>' in aid
    assert '<p class="meta lang-note">Vietnamese only.</p>' in aid
    delegation = client.get("/en/delegations/DV-1/").content.decode()
    assert element(delegation, "h1") == '<h1 lang="vi">Đoàn Loreto thăm trường</h1>'
    assert '<p lang="vi">Thăm trường học.</p>' in delegation
    events = client.get("/en/events/").content.decode()
    assert '<strong lang="vi">Hội thảo sinh quyển</strong>' in events
    vi = client.get("/vien-tro/VT-1/").content.decode()
    assert 'lang="vi">Chỉ có' not in vi and "Vietnamese only" not in vi and "Chỉ có bằng tiếng Việt" not in vi


def test_the_footer_speaks_english_or_marks_its_vietnamese(client, records):
    from friendship_union.core.models import SiteIdentity

    SiteIdentity.objects.filter(pk=1).update(
        address="Số 1 đường Hùng Vương, Cà Mau", address_en="", person_in_charge="Nguyễn Văn An",
        person_in_charge_title="Chủ tịch", person_in_charge_title_en="Chairman",
    )  # fmt: skip
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert '<span lang="vi">Số 1 đường Hùng Vương, Cà Mau</span>' in footer
    assert '<span lang="vi">Nguyễn Văn An</span>, <span>Chairman</span>' in footer
    SiteIdentity.objects.filter(pk=1).update(address_en="1 Hung Vuong Street, Ca Mau")
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert "<span>1 Hung Vuong Street, Ca Mau</span>" in footer


def test_the_english_feed_carries_english_stories_only(client):
    import feedparser

    from friendship_union.news.models import Language
    from friendship_union.news.tests.factories import make_article

    make_article(title="Tin chỉ có tiếng Việt", slug="chi-tieng-viet")
    make_article(title="An English story", slug="an-english-story", language=Language.EN)
    feed = feedparser.parse(client.get("/en/news/rss/").content)
    assert feed.feed.language == "en"
    assert [entry.title for entry in feed.entries] == ["An English story"]
    vi = feedparser.parse(client.get("/tin-tuc/rss/").content)
    assert "Tin chỉ có tiếng Việt" in [entry.title for entry in vi.entries]


# Words that only Vietnamese prose has (not names of people or places): a text with two of them on an
# English page is Vietnamese text, and must sit inside lang="vi".
VIETNAMESE_WORDS = {
    "của", "và", "các", "những", "cho", "với", "được", "trong", "không", "này", "là", "có", "một", "đã",
    "đang", "từ", "theo", "về", "tại", "người", "năm", "khoản", "viện", "trợ", "đoàn", "sự", "kiện",
}  # fmt: skip


def unmarked_vietnamese(html: str) -> list[str]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "title", "option"):
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            words = set(re.findall(r"\w+", (text or "").lower()))
            if holder is None or len(words & VIETNAMESE_WORDS) < 2:
                continue
            language = next((e.get("lang") for e in [holder, *holder.iterancestors()] if e.get("lang")), "")
            if language != "vi":
                found.append(f"<{holder.tag}>: {text.strip()[:80]}")
    return found


def test_no_unmarked_vietnamese_on_english_pages(client, records):
    from django.urls import reverse
    from django.utils import translation

    from .test_accessibility import AXE_PAGES

    problems = []
    for name, kwargs, query in AXE_PAGES:
        with translation.override("en"):
            url = reverse(name, kwargs=kwargs) + query
        response = client.get(url)
        if response.status_code == 200:
            problems += [f"{url} {p}" for p in unmarked_vietnamese(response.content.decode())]
    assert not problems, 'Vietnamese text not marked lang="vi" on English pages:\n' + "\n".join(problems)


def test_photo_captions_in_english_or_marked(client, records, media_root):
    from friendship_union.gallery.tests.factories import make_album, make_photo

    album = make_album(title="Lớp học", slug="lop-hoc-en")
    make_photo(album, width=600, height=400, caption="Học sinh vui mừng", caption_en="Happy pupils")
    make_photo(album, width=600, height=400, caption="Lớp học mới khang trang")
    html = client.get("/en/gallery/lop-hoc-en/").content.decode()
    assert "<figcaption><span>Happy pupils</span>" in html
    assert '<figcaption><span lang="vi">Lớp học mới khang trang</span>' in html
