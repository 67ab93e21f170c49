"""Accessibility of the public pages: axe-core (vendored in static/vendor/axe-core, used only here) in
real Chromium, in Vietnamese and English; a skip link and visible focus for keyboard users.

To check a new page, add one line to `AXE_PAGES`: (URL name, kwargs, query string), e.g.
    ("news:detail", {"slug": "hoi-thao-sinh-quyen"}, ""),
and create the record it shows in `axe_records`.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from friendship_union.core.models import Leader, OfficeUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SCRIPT = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

AXE_PAGES = [
    ("portal:home", {}, ""),
    ("portal:about", {}, ""),
    ("portal:search", {}, "?q=loreto"),
    ("partners:list", {}, ""),
    ("partners:detail", {"code": "LKC-AU"}, ""),
    ("aid:list", {}, ""),
    ("aid:detail", {"code": "VT-1"}, ""),
    ("aid:open-data", {}, ""),
    ("delegations:list", {}, ""),
    ("delegations:detail", {"code": "DV-1"}, ""),
    ("events:list", {}, ""),
    ("events:detail", {"code": "SK-1"}, ""),
    ("documents:list", {}, ""),
    ("appeals:list", {}, ""),
    ("appeals:detail", {"code": "KG-1"}, ""),
    ("dossiers:lookup", {}, "?ma=HS-1"),
    ("diaspora:list", {}, ""),
    ("news:list", {}, ""),
    ("news:detail", {"slug": "khanh-thanh-truong"}, ""),
    ("gallery:list", {}, ""),
    ("gallery:detail", {"slug": "lop-hoc-dong-thoi"}, ""),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's CSP (script-src 'self') rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe_records(records, settings, tmp_path):
    from django.core.files.base import ContentFile

    from friendship_union.gallery.demo_photos import scene
    from friendship_union.gallery.models import Album, Photo

    settings.MEDIA_ROOT = tmp_path
    album = Album.objects.create(title="Lớp học Đông Thới", slug="lop-hoc-dong-thoi", is_public=True)
    photos = []
    for seed in range(2):
        photo = Photo(
            album=album,
            image=ContentFile(scene(seed, 800, 500), name="lop-hoc.jpg"),
            alt_text="Lớp học mới ở Đông Thới",
            caption="Lớp học mới",
        )
        photo.save()
        photos.append(photo)
    from friendship_union.news.models import Article

    article = Article.objects.create(
        slug="khanh-thanh-truong",
        title="Khánh thành trường Đông Thới",
        summary="Trường mới cho học sinh vùng sâu.",
        body="<h2>Quang cảnh</h2><p>Học sinh <strong>vui mừng</strong>.</p><ul><li>Bốn phòng học</li></ul>",
        status="published",
        cover=photos[0],
        album=album,
    )
    article.comments.create(name="Bạn đọc", email="b@example.com", body="Rất vui.", status="approved")
    office = OfficeUnit.objects.create(name="Văn phòng", name_en="Office", phone="0290 000 0010")
    Leader.objects.create(
        name="Nguyễn Công Minh",
        position="Phó Chủ tịch phụ trách",
        position_en="Vice-Chairman in charge",
        work_phone="0290 000 0002",
        work_email="phochutich@huunghi-camau.example",
    )
    Leader.objects.create(name="Chánh Văn phòng (minh họa)", position="Chánh Văn phòng", unit=office)
    # A public result on the aid item (and so on its partner's page): the results table is checked too.
    import datetime

    from friendship_union.aid.models import AidItem, Result, ResultPeriod
    from friendship_union.aid.services import result_save

    result_save(
        result=Result(
            aid_item=AidItem.objects.get(code="VT-1"), title="Học sinh có dụng cụ học tập", title_en="Pupils equipped",
            indicator="Số học sinh nhận dụng cụ", unit="học sinh", baseline_value=0, baseline_year=2012, is_public=True,
        ),
        periods=[ResultPeriod(period_start=datetime.date(2013, 5, 1), period_end=datetime.date(2014, 4, 30),
                              target=1200, actual=1315)],
    )  # fmt: skip
    make_lookup_dossier()
    return records


def make_lookup_dossier():
    """A dossier the public look-up finds (HS-1), with the internal things it must never show."""
    import datetime

    from friendship_union.aid.models import AidItem
    from friendship_union.dossiers.models import Dossier, OpinionRequest
    from friendship_union.dossiers.services import dossier_save, opinion_request_save

    dossier = dossier_save(
        dossier=Dossier(
            code="HS-1", aid_item=AidItem.objects.get(code="VT-1"), decree="80/2020",
            received_on=datetime.date(2025, 1, 24), complete_on=datetime.date(2025, 2, 3),
            subject="Nội dung hồ sơ kín", note="Ghi chú hồ sơ nội bộ kín", appraisal_gist="Kết quả thẩm định kín",
        )
    )  # fmt: skip
    opinion_request_save(
        opinion=OpinionRequest(
            dossier=dossier, agency="Cơ Quan Góp Ý Kín", sent_on=datetime.date(2025, 2, 4), gist="Ý kiến góp ý kín"
        )
    )
    return dossier


def serious_violations(page, url: str) -> list[str]:
    """axe's serious and critical violations on `url`, one line per node: rule, impact, target, help."""
    page.goto(url)
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{url}: {violation['id']} ({violation['impact']}) at {' '.join(node['target'])}: {violation['help']}"
        f" – {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
        for violation in result["violations"]
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]


def test_the_axe_check_really_finds_problems(page):
    """The check is live: a page with an unnamed image link and an unlabelled field fails it."""
    broken = "data:text/html,<html lang='vi'><title>x</title><a href='/'><img src='x.png'></a><input></html>"
    found = serious_violations(page, broken)
    assert any(line.split(": ", 1)[1].startswith(("link-name", "image-alt")) for line in found), found
    assert any("label" in line for line in found), found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_pages_have_no_serious_axe_violations(live_server, page, axe_records, language):
    found = []
    for name, kwargs, query in AXE_PAGES:
        with translation.override(language):
            url = live_server.url + reverse(name, kwargs=kwargs) + query
        found += serious_violations(page, url)
    assert not found, "axe found serious or critical problems:\n" + "\n".join(found)


def test_phone_width_has_no_serious_axe_violations(live_server, page, axe_records):
    page.set_viewport_size({"width": 390, "height": 844})
    found = [
        v for url in ("/", "/gioi-thieu/", "/vien-tro/VT-1/") for v in serious_violations(page, live_server.url + url)
    ]
    assert not found, "\n".join(found)


def test_keyboard_skip_link_and_visible_focus(live_server, page, axe_records):
    page.goto(live_server.url + "/doi-tac/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, box  # on screen once focused
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands inside the main content, past the header and menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    # Tabbing through the whole page, every element that takes focus shows a ring of at least 2px.
    page.goto(live_server.url + "/doi-tac/")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                const label = e.tagName + (e.className ? '.' + e.className : '');
                return [label + ' ' + (e.textContent || '').trim().slice(0, 30),
                        s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        if focused[0].startswith("BODY"):
            break
        seen.append(focused[0])
        assert focused[1] != "none" and focused[2] >= 2, focused
    assert len(seen) > 10, seen  # header, menu, filters, letters, partner links, footer


# Public HTML pages: every namespaced URL outside the admin and the dashboard, except the feed and the
# open data package (datapackage.json: data, not a page, so not in the sitemap either; its files are the
# list pages' own addresses with ?format=csv|json, checked in test_open_data and the privacy walk).
NOT_PAGES = {"news:rss", "aid:datapackage"}
STAFF_NAMESPACES = {"admin", "dashboard"}


def public_page_names() -> set[str]:
    from django.urls import URLResolver, get_resolver

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, pattern.namespace or namespace)
            elif namespace and pattern.name:
                yield f"{namespace}:{pattern.name}"

    return {name for name in walk(get_resolver(), None) if name.split(":")[0] not in STAFF_NAMESPACES} - NOT_PAGES


def test_every_public_page_is_in_the_checked_list():
    """A new public page is checked for axe and for the phone width as soon as it exists."""
    missing = public_page_names() - {name for name, _, _ in AXE_PAGES}
    assert not missing, f"add these pages to AXE_PAGES: {sorted(missing)}"


SIDEWAYS = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'absolute')
    .slice(0, 3)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def test_a_360_px_phone(live_server, page, axe_records):
    """Nothing scrolls sideways on any public page in either language (with long names, as real records
    have them); the filters fold behind one button unless one is set; table rows become labelled cards.
    One test, so the records are set up once."""
    from friendship_union.aid.models import AidItem
    from friendship_union.partners.models import Partner

    Partner.objects.filter(code="LKC-AU").update(
        name="International Federation of Red Cross and Red Crescent Societies Country Delegation for Viet Nam"
    )
    AidItem.objects.filter(code="VT-1").update(
        title="Hỗ trợ nâng cấp cơ sở hạ tầng nước sạch và vệ sinh môi trường cho các hộ nghèo xã Đông Thới, "
        "huyện Cái Nước (cũ), tỉnh Cà Mau – giai đoạn 2013–2015 (KfW/GIZ-WASH-CM-2013-0001-SUPPLEMENTARY)"
    )
    page.set_viewport_size({"width": 360, "height": 740})
    wide = []
    for language in ("vi", "en"):
        for name, kwargs, query in AXE_PAGES:
            with translation.override(language):
                url = live_server.url + reverse(name, kwargs=kwargs) + query
            page.goto(url)
            found = page.evaluate(SIDEWAYS)
            if found["scroll"] > found["width"]:
                wide.append(f"{url}: {found['scroll']} px > {found['width']} px, e.g. {found['wide']}")
    assert not wide, "pages wider than a 360 px phone:\n" + "\n".join(wide)

    page.goto(live_server.url + "/vien-tro/")
    box = page.locator("details.filter-box")
    assert not box.evaluate("e => e.open")
    assert not page.locator("select[name=linh_vuc]").is_visible()
    box.locator("summary").click()
    assert page.locator("select[name=linh_vuc]").is_visible()
    page.goto(live_server.url + "/vien-tro/?linh_vuc=112")
    assert page.locator("details.filter-box summary").inner_text().endswith("(1)")
    assert page.locator("select[name=linh_vuc]").is_visible()

    page.goto(live_server.url + "/doan-ra-doan-vao/")
    cell = page.locator("table.records td[data-label]").first
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"Hướng"'
    assert page.locator("table.records tbody tr").first.evaluate("e => getComputedStyle(e).display") == "block"

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/vien-tro/")
    assert page.locator("select[name=linh_vuc]").is_visible()
    assert not page.locator("details.filter-box summary").is_visible()


def test_a_story_without_a_photo_is_not_stretched_beside_one_with(live_server, page, axe_records):
    from friendship_union.news.models import Article

    Article.objects.create(
        slug="khong-anh", title="Tin không ảnh", summary="Ngắn.", body="<p>Ngắn.</p>", status="published"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/tin-tuc/")
    blank = page.evaluate(
        """() => [...document.querySelectorAll('.news-card:not(.has-cover)')].map(card => {
            const content = [...card.children].reduce((sum, child) => sum + child.getBoundingClientRect().height, 0);
            return card.getBoundingClientRect().height - content;
        })"""
    )
    assert blank and max(blank) < 120, blank  # padding and gaps only, no photo-tall empty block
