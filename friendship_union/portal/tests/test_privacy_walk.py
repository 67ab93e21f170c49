"""Privacy walk: every URL pattern of the public site, requested as an anonymous reader in Vietnamese
and English, over records of which some are private. Private records' pages answer 404; no page shows
a private title, an internal note or a personal email or phone.

The walk reads the URL resolver, so a new page cannot slip past it: a pattern missing from `PAGES`
fails `test_every_public_url_pattern_is_covered`. To cover a new page, add one line to `PAGES`:

    "news:detail": Page(public=lambda r: {"slug": r.article.slug}, private=lambda r: {"slug": "ban-nhap"}),

`public` builds the kwargs of a URL that must answer (and, with `shows`, show a public text);
`private` builds the kwargs of a private or missing object, which must answer 404. Add the private
records the new page could leak to `private_records` and their tell-tale texts to its `secrets`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from friendship_union.aid.models import AidDocument, AidItem, AidProvider, Disbursement
from friendship_union.core.models import Leader
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import OverseasPerson
from friendship_union.documents.models import LegalDocument, Publication
from friendship_union.events.models import Event
from friendship_union.gallery.models import Album, Photo
from friendship_union.organizations.models import MemberAssociation, Person

pytestmark = pytest.mark.django_db

# Not the public site: the admin and the dashboard (login only), the load balancers' health check.
EXCLUDED_NAMESPACES = {"admin", "dashboard"}
EXCLUDED_NAMES = {"healthz", "healthz_ready"}


@dataclass(frozen=True)
class Page:
    """How to request one URL pattern. kwargs builders receive the `private_records` namespace."""

    public: Callable[[SimpleNamespace], dict] = lambda r: {}
    private: Callable[[SimpleNamespace], dict] | None = None
    queries: tuple[str, ...] = ("",)
    shows: str = ""
    status: int = 200
    languages: tuple[str, ...] = field(default=("vi", "en"))


PAGES: dict[str, Page] = {
    "portal:home": Page(),
    "portal:about": Page(shows="Nguyễn Công Minh"),
    "portal:search": Page(
        queries=("?q=loreto", "?q=noi+bo", "?q=bi+mat", "?q=rieng", "?q=dong+thoi", "?q=0909", "?q=kin", "?q=hen+gio")
    ),
    # A list page's downloads (?format=csv|json, core.opendata) go through the same filters: walked too.
    "partners:list": Page(shows="Loreto", queries=("", "?format=csv", "?format=json")),
    "partners:detail": Page(
        public=lambda r: {"code": "LKC-AU"}, private=lambda r: {"code": "KHONG-CO"}, shows="Học sinh có dụng cụ học tập"
    ),
    "aid:list": Page(
        shows="Dụng cụ học tập Đông Thới",
        queries=("", "?format=csv", "?format=json", "?doi_tac=LKC-AU&format=csv", "?doi_tac=LKC-AU"),
    ),
    "aid:detail": Page(
        public=lambda r: {"code": "VT-1"}, private=lambda r: {"code": "VT-NOIBO"}, shows="Học sinh có dụng cụ học tập"
    ),
    "delegations:list": Page(shows="Đoàn Loreto thăm trường", queries=("", "?format=csv", "?format=json")),
    "delegations:detail": Page(
        public=lambda r: {"code": "DV-1"}, private=lambda r: {"code": "DV-NOIBO"}, shows="Đoàn Loreto"
    ),
    "events:list": Page(shows="Hội thảo sinh quyển", queries=("", "?format=csv", "?format=json")),
    "events:detail": Page(
        public=lambda r: {"code": "SK-1"}, private=lambda r: {"code": "SK-NOIBO"}, shows="Hội thảo sinh quyển"
    ),
    "documents:list": Page(shows="80/2020/NĐ-CP"),
    "appeals:list": Page(shows="Nhà vệ sinh điểm trường"),
    "appeals:detail": Page(public=lambda r: {"code": "KG-1"}, private=lambda r: {"code": "KG-XONG"}),
    # The look-up shows a dossier's stage and dates: never its note, subject, agencies or their opinions.
    "dossiers:lookup": Page(shows="HS-2026-001", queries=("", "?ma=HS-1", "?ma=hs-1", "?ma=KHONG-CO", "?ma=")),
    # Outside the language prefix: requested once.
    "diaspora:list": Page(shows="2012"),  # the year of the private person's visit, counted, not named
    "news:list": Page(shows="Khánh thành trường Đông Thới"),
    "news:detail": Page(
        public=lambda r: {"slug": "khanh-thanh-truong"},
        private=lambda r: {"slug": "ban-nhap-kin"},
        shows="Bạn Đọc Công Khai",
    ),
    "news:rss": Page(),  # the English feed carries English stories only: the Vietnamese one is not in it
    "gallery:list": Page(shows="Album dự án"),
    "gallery:detail": Page(
        public=lambda r: {"slug": r.albums["aid"].slug},
        private=lambda r: {"slug": r.albums["internal_item"].slug},
        shows="Lớp học mới",
    ),
    "robots": Page(),
    "django.contrib.sitemaps.views.sitemap": Page(shows="VT-1"),
    "sitemap-section": Page(
        public=lambda r: {"section": "aid"}, private=lambda r: {"section": "khong-co"}, shows="VT-1"
    ),
    "iati-activities": Page(queries=("", "?doi_tac=LKC-AU"), shows="VT-1"),
    "aid:open-data": Page(shows="activities-LKC-AU.xml"),
    "aid:datapackage": Page(shows="aid-items"),
    "iati-organisation": Page(),
    "favicon.ico": Page(status=301),
}


def walk(patterns=None, namespace: str = "", i18n: bool = False):
    """(key, in the language prefix?, named?) for every URL pattern, keyed "namespace:name" or, when it
    has no name, by its route. The admin and dashboard namespaces are skipped whole."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, i18n or isinstance(entry.pattern, LocalePrefixPattern))
        elif isinstance(entry, URLPattern):
            if entry.callback.__module__ == "django.views.static":  # media/static files, DEBUG only
                continue
            name = f"{namespace}{entry.name}" if entry.name else str(entry.pattern)
            if name not in EXCLUDED_NAMES:
                yield name, i18n, bool(entry.name)


def urls_to_request(records):
    """(url, expected status, text it must show) for every covered pattern, language and query."""
    for name, i18n, named in walk():
        page = PAGES[name]
        for language in page.languages if i18n else ("vi",):
            with translation.override(language):
                base = reverse(name, kwargs=page.public(records)) if named else "/" + name
                private = reverse(name, kwargs=page.private(records)) if page.private else None
            for query in page.queries:
                yield base + query, page.status, page.shows if not query else ""
            if private:
                yield private, 404, ""


def test_every_public_url_pattern_is_covered():
    found = {name for name, _i18n, _named in walk()}
    missing = found - PAGES.keys()
    assert not missing, (
        f"New public URL patterns without a privacy check: {sorted(missing)}. Add each to PAGES in "
        f"{__name__} (how to build its kwargs, which private object must 404), or to EXCLUDED_* if it is "
        "not public."
    )
    assert not PAGES.keys() - found, f"PAGES names patterns that no longer exist: {sorted(PAGES.keys() - found)}"


@pytest.fixture
def private_records(records):
    """The shared `records` plus private things of every kind the public pages could leak."""
    aid = AidItem.objects.get(code="VT-1")
    Disbursement.objects.create(
        aid_item=aid, date=datetime.date(2013, 6, 1), amount=100, currency_id="USD", note="Ghi chú giải ngân nội bộ"
    )
    AidDocument.objects.create(aid_item=aid, title="Biên bản nội bộ kín", file="aid/2026/x.pdf", is_public=False)
    # Monitoring and results: a public result beside an internal one; a visit's people, findings, action
    # owners and album are internal.
    from friendship_union.aid.models import FollowUpAction, MonitoringVisit, Result, ResultPeriod
    from friendship_union.aid.services import monitoring_visit_save, result_save

    for title, public in [("Học sinh có dụng cụ học tập", True), ("Chỉ số kết quả nội bộ kín", False)]:
        result_save(
            result=Result(aid_item=aid, title=title, indicator=title, unit="học sinh", is_public=public),
            periods=[ResultPeriod(period_start=datetime.date(2013, 5, 1), period_end=datetime.date(2014, 4, 30),
                                  target=120, actual=131)],
        )  # fmt: skip
    visit_album = Album.objects.create(title="Album giám sát kín", is_public=True)
    monitoring_visit_save(
        visit=MonitoringVisit(
            aid_item=aid, date=datetime.date(2013, 9, 1), visitors="Cán Bộ Giám Sát Kín",
            findings="Phát hiện giám sát nội bộ", album=visit_album,
        ),
        actions=[FollowUpAction(text="Việc sau giám sát kín", owner="Người Phụ Trách Kín",
                                due_date=datetime.date(2013, 10, 1))],
    )  # fmt: skip
    # The private item shares the public one's partner: its downloads (?doi_tac=) must still leave it out.
    AidProvider.objects.create(aid_item=AidItem.objects.get(code="VT-NOIBO"), partner=records)
    Event.objects.create(
        code="SK-NOIBO",
        kind="workshop",
        title="Sự kiện nội bộ kín",
        start_date=datetime.date(2012, 2, 1),
        is_public=False,
    )
    # Albums: private photos in public records' albums, a private album, the album of a private record.
    # (bulk_create: no image processing; the pages only need the rows.)
    albums = {}
    for key, title, public in [
        ("aid", "Album dự án", True),
        ("event", "Album hội thảo", True),
        ("delegation", "Album đoàn", True),
        ("hidden", "Album nội bộ kín", False),
        ("internal_item", "Album của dự án nội bộ", True),
    ]:
        albums[key] = Album.objects.create(title=title, is_public=public)
    Photo.objects.bulk_create(
        [
            Photo(album=albums["aid"], image="gallery/a.jpg", alt_text="Lớp học mới", caption="Lớp học mới"),
            Photo(
                album=albums["aid"],
                image="gallery/b.jpg",
                alt_text="x",
                caption="Ảnh riêng tư của dự án",
                is_public=False,
            ),
            Photo(
                album=albums["event"],
                image="gallery/c.jpg",
                alt_text="x",
                caption="Ảnh sự kiện riêng tư",
                is_public=False,
            ),
            Photo(
                album=albums["delegation"],
                image="gallery/d.jpg",
                alt_text="x",
                caption="Ảnh đoàn riêng tư",
                is_public=False,
            ),
            Photo(album=albums["hidden"], image="gallery/e.jpg", alt_text="x", caption="Ảnh album kín"),
            Photo(
                album=albums["internal_item"],
                image="gallery/f.jpg",
                alt_text="Mô tả ảnh dự án nội bộ",
                caption="Ảnh dự án nội bộ",
            ),
        ]
    )
    internal_photo = Photo.objects.get(image="gallery/f.jpg")
    AidItem.objects.filter(code="VT-1").update(album=albums["aid"])
    AidItem.objects.filter(code="VT-NOIBO").update(album=albums["internal_item"])
    Event.objects.filter(code="SK-1").update(album=albums["event"])
    # A delegation's funding, cost and entry notice are internal; its decision and host are public.
    Delegation.objects.filter(code="DV-1").update(
        album=albums["delegation"],
        funding_source="other",
        funding_note="Kinh phí đoàn nội bộ",
        cost_vnd=98765432,
        entry_notice_number="99/TB-KÍN",
        entry_notice_date=datetime.date(2013, 3, 1),
    )
    LegalDocument.objects.create(
        number="01/MẬT",
        doc_type="decision",
        title="Văn bản nội bộ kín",
        issuer="Liên hiệp",
        issue_date=datetime.date(2020, 1, 1),
        is_public=False,
    )
    Publication.objects.create(title="Ấn phẩm nội bộ kín", year=2015, is_public=False)
    records.email, records.phone = "vanphong@loreto.example", "0909 222 333"
    records.save()
    records.certificates.create(
        certificate_type="operation",
        number="GĐK-01",
        issuing_authority="Bộ Ngoại giao",
        issue_date=datetime.date(2020, 1, 1),
        expiry_date=datetime.date(2023, 1, 1),
        note="Ghi chú giấy phép nội bộ",
    )
    Person.objects.create(name="Nhân Sự Nội Bộ", email="canhan.lanhdao@gmail.com", phone="0912 345 678")
    Leader.objects.create(name="Nguyễn Công Minh", position="Phó Chủ tịch phụ trách", work_phone="0290 000 0002")
    Leader.objects.create(name="Lãnh Đạo Chưa Công Bố", position="Phó Chủ tịch", is_public=False)
    association = MemberAssociation.objects.create(name="Hội hữu nghị Việt – Úc tỉnh")
    association.note = "Ghi chú hội nội bộ"
    association.save()
    overseas = OverseasPerson.objects.create(
        name="Kiều Bào Riêng Tư", country_id="AU", email="kieubao@example.com", phone="+61 400 000 000"
    )
    from friendship_union.diaspora.models import Enterprise, HomelandVisit

    HomelandVisit.objects.create(date=datetime.date(2012, 2, 1), visitors=4, person=overseas, purpose="Thăm quê")
    from friendship_union.appeals.models import Appeal, Interest

    Interest.objects.create(
        appeal=Appeal.objects.get(aid_item__code="KG-1"), organisation="Quỹ Quan Tâm Kín",
        email="quantam.kin@example.org", message="Lời nhắn quan tâm kín", note="Ghi chú kêu gọi nội bộ",
    )  # fmt: skip
    Enterprise.objects.create(name="Công ty Kín Đáo", investors="Nhà Đầu Tư Kín", sector="Thương mại")
    from .test_accessibility import make_lookup_dossier

    make_lookup_dossier()
    # News: a published article with an approved and a pending comment; a draft, one awaiting review
    # and one scheduled for tomorrow.
    from django.utils import timezone

    from friendship_union.news.models import Article, Comment

    # Its cover and an inserted photo are public photos of the private item's album: never shown.
    article = Article.objects.create(
        slug="khanh-thanh-truong", title="Khánh thành trường Đông Thới", summary="Tóm tắt.",
        body=f'<p>Vui.</p><p><img src="/x.jpg" data-photo="{internal_photo.pk}" alt="Mô tả ảnh dự án nội bộ"></p>',
        status="published", cover=internal_photo,
    )  # fmt: skip
    Comment.objects.create(
        article=article, name="Bạn Đọc Công Khai", email="bandoc.rieng@example.com", body="Rất vui.", status="approved"
    )
    Comment.objects.create(
        article=article, name="Người Chờ Duyệt", email="cho@example.com", body="Bình luận chờ duyệt kín"
    )
    for slug, title, status, when in [
        ("ban-nhap-kin", "Bản nháp nội bộ kín", "draft", timezone.now()),
        ("cho-duyet-kin", "Bài chờ duyệt kín", "review", timezone.now()),
        ("hen-gio-kin", "Bài hẹn giờ kín", "published", timezone.now() + datetime.timedelta(days=1)),
    ]:
        Article.objects.create(
            slug=slug, title=title, summary="Kín.", body="<p>Kín.</p>", status=status, publish_at=when
        )
    return SimpleNamespace(
        partner=records,
        albums=albums,
        secrets=[
            # private titles
            "Dự án nội bộ bí mật",
            "Đoàn nội bộ",
            # a delegation's internal fields
            "Kinh phí đoàn nội bộ",
            "98765432",
            "98.765.432",
            "99/TB-KÍN",
            "Sự kiện nội bộ kín",
            "Lời kêu gọi đã đóng kín",
            "Quỹ Quan Tâm Kín",
            "quantam.kin@example.org",
            "Lời nhắn quan tâm kín",
            "Ghi chú kêu gọi nội bộ",
            "Văn bản nội bộ kín",
            "01/MẬT",
            "Ấn phẩm nội bộ kín",
            "Biên bản nội bộ kín",
            "Ảnh riêng tư của dự án",
            "Ảnh sự kiện riêng tư",
            "Ảnh đoàn riêng tư",
            "Album nội bộ kín",
            "Ảnh album kín",
            "Album của dự án nội bộ",
            "Ảnh dự án nội bộ",
            "Mô tả ảnh dự án nội bộ",
            "gallery/f",
            "gallery/e",
            "Lãnh Đạo Chưa Công Bố",
            "Bản nháp nội bộ kín",
            "Bài chờ duyệt kín",
            "Bài hẹn giờ kín",
            "Bình luận chờ duyệt kín",
            "Người Chờ Duyệt",
            "bandoc.rieng@example.com",
            "cho@example.com",
            # internal notes and lists
            "Ghi chú giải ngân nội bộ",
            "Chỉ số kết quả nội bộ kín",
            "Album giám sát kín",
            "Cán Bộ Giám Sát Kín",
            "Phát hiện giám sát nội bộ",
            "Việc sau giám sát kín",
            "Người Phụ Trách Kín",
            "Ghi chú giấy phép nội bộ",
            "Ghi chú hội nội bộ",
            "Nội dung hồ sơ kín",
            "Ghi chú hồ sơ nội bộ kín",
            "Kết quả thẩm định kín",
            "Cơ Quan Góp Ý Kín",
            "Ý kiến góp ý kín",
            "Thành Viên Nội Bộ",
            # personal and partner contacts
            "Người Liên Hệ Riêng",
            "rieng@loreto.example",
            "0909 000 111",
            "vanphong@loreto.example",
            "0909 222 333",
            "Nhân Sự Nội Bộ",
            "canhan.lanhdao@gmail.com",
            "0912 345 678",
            "Kiều Bào Riêng Tư",
            "Công ty Kín Đáo",
            "Nhà Đầu Tư Kín",
            "kieubao@example.com",
            "+61 400 000 000",
        ],
    )


def walk_checking(client, private_records, times: int = 1) -> int:
    checked = 0
    for url, status, shows in urls_to_request(private_records):
        for _ in range(times):
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
            leaks = [secret for secret in private_records.secrets if secret in body]
            assert not leaks, (url, leaks)
            if shows:
                assert shows in body, (url, shows)
        checked += 1
    return checked


def test_no_public_url_shows_private_records(client, private_records):
    assert walk_checking(client, private_records) >= 2 * len(PAGES)


def test_no_public_url_shows_private_records_from_the_page_cache(client, private_records, settings):
    """The same walk with the public page cache on: each URL rendered, then served from the cache."""
    settings.PAGE_CACHE_SECONDS = 60
    assert walk_checking(client, private_records, times=2) >= 2 * len(PAGES)


def test_walk_sees_both_languages_and_skips_the_admin():
    keys = {name: i18n for name, i18n, _named in walk()}
    assert keys["portal:home"] is True and keys["robots"] is False
    assert not any(name.startswith(("admin:", "dashboard:")) for name in keys)
    assert settings.LANGUAGE_CODE == "vi"
