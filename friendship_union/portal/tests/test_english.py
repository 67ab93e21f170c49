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
