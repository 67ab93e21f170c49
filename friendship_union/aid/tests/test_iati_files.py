"""One partner's IATI file, the files page, conditional GET and streaming."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from lxml import etree

from friendship_union.aid.models import AidItem, ProviderRole
from friendship_union.aid.services import aid_item_save

from .test_iati_rules import ORG_ID, assert_valid, save, world  # noqa: F401

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def two_partners(world):  # noqa: F811
    cache.clear()
    day = datetime.date(2014, 1, 1)
    save("A-1", planned_start=day, providers=[(world["lkc"], ProviderRole.FUNDING)], sectors=[(world["water"], D(100))])
    save("A-2", planned_start=day, providers=[(world["gra"], ProviderRole.FUNDING)], sectors=[(world["water"], D(100))])
    save(
        "A-3",
        planned_start=day,
        providers=[(world["lkc"], ProviderRole.FUNDING), (world["gra"], ProviderRole.IMPLEMENTING)],
        sectors=[(world["water"], D(100))],
    )
    save("A-NODATE", providers=[(world["gra"], ProviderRole.FUNDING)], sectors=[(world["water"], D(100))])
    return world


def read(response) -> bytes:
    assert response.streaming  # sent as it is built, one activity at a time
    return b"".join(response.streaming_content)


def ids(document):
    return [i.removeprefix(ORG_ID + "-") for i in document.xpath("//iati-identifier/text()")]


def test_one_partners_file(client, two_partners):
    response = client.get("/iati/activities.xml?doi_tac=LKC-AU")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="activities-LKC-AU.xml"'
    document = etree.fromstring(read(response))
    assert_valid(document)
    assert ids(document) == ["A-1", "A-3"]
    assert ids(etree.fromstring(read(client.get("/iati/activities.xml?doi_tac=gra-de")))) == ["A-2", "A-3"]
    unknown = client.get("/iati/activities.xml?doi_tac=KHONG-CO")
    assert unknown.status_code == 404 and "Không có đối tác mã “KHONG-CO”" in unknown.content.decode()


def test_conditional_get(client, two_partners):
    first = client.get("/iati/activities.xml")
    read(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/iati/activities.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/iati/activities.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    partner_etag = client.get("/iati/activities.xml?doi_tac=LKC-AU")["ETag"]
    assert partner_etag != etag
    # A change to one item renews the ETag of every file holding it, not of the others.
    item = AidItem.objects.get(code="A-2")
    item.title = "Tên mới"
    aid_item_save(item=item)
    changed = client.get("/iati/activities.xml", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Tên mới" in read(changed).decode()
    assert client.get("/iati/activities.xml?doi_tac=LKC-AU", HTTP_IF_NONE_MATCH=partner_etag).status_code == 304


def test_files_page_lists_each_file_with_size_and_date(client, two_partners):
    page = client.get("/du-lieu-mo/").content.decode()
    assert ORG_ID in page
    assert 'href="/iati/activities.xml?doi_tac=LKC-AU"' in page and 'href="/iati/activities.xml?doi_tac=GRA-DE"' in page
    size = len(read(client.get("/iati/activities.xml?doi_tac=LKC-AU")))
    row = page.split('id="doi-tac-LKC-AU"')[1].split("</tr>")[0]
    assert ">2</td>" in row  # two activities
    assert f"{size} byte" in row or f"{size / 1024:.1f}".replace(".", ",") in row
    assert datetime.date.today().strftime("%d/%m/%Y") in row
    english = client.get("/en/open-data/").content.decode()
    assert "Each partner&#x27;s activities file" in english or "Each partner's activities file" in english


def test_partner_page_and_footer_link_to_the_files(client, two_partners):
    page = client.get("/doi-tac/LKC-AU/").content.decode()
    assert 'href="/iati/activities.xml?doi_tac=LKC-AU"' in page
    assert 'href="/du-lieu-mo/"' in page  # the footer, on every page
    assert 'href="/du-lieu-mo/#doi-tac-LKC-AU"' in page


def test_a_size_not_measured_yet_is_learnt_from_the_download(client, two_partners, monkeypatch):
    monkeypatch.setattr("friendship_union.aid.public_views.MEASURE_FILES", 0)
    row = client.get("/du-lieu-mo/").content.decode().split('id="doi-tac-LKC-AU"')[1].split("</tr>")[0]
    assert "biết sau lần tải đầu" in row
    size = len(read(client.get("/iati/activities.xml?doi_tac=LKC-AU")))
    row = client.get("/du-lieu-mo/").content.decode().split('id="doi-tac-LKC-AU"')[1].split("</tr>")[0]
    assert "biết sau lần tải đầu" not in row
    assert f"{size} byte" in row or f"{size / 1024:.1f}".replace(".", ",") in row
