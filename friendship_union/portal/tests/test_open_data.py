"""Open data downloads (#14 part 5): the public lists as CSV and JSON (?format=csv|json on the list's own
address, with its filters), described by /du-lieu-mo/datapackage.json, validated by the Frictionless
library against that description; only public records and public fields; formula-escaped CSV with a
BOM; streamed, with a query count that does not grow with the rows."""

import csv
import datetime
import io
import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from frictionless import validate

from friendship_union.aid.models import AidItem, AidProvider, AidSector, Disbursement
from friendship_union.core import opendata
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner

pytestmark = pytest.mark.django_db

LISTS = {
    "aid-items": "/vien-tro/",
    "partners": "/doi-tac/",
    "delegations": "/doan-ra-doan-vao/",
    "events": "/su-kien/",
}
ENGLISH_LISTS = {
    "aid-items": "/en/aid/",
    "partners": "/en/partners/",
    "delegations": "/en/delegations/",
    "events": "/en/events/",
}


def body(response) -> bytes:
    assert response.status_code == 200, response
    assert response.streaming  # built row by row, never whole in memory
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def fetch(client, url: str) -> bytes:
    parts = urlsplit(url)
    return body(client.get(parts.path + ("?" + parts.query if parts.query else "")))


def package(client, path="/du-lieu-mo/datapackage.json") -> dict:
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def validate_package(client, tmp_path, path="/du-lieu-mo/datapackage.json"):
    """Every resource of the data package downloaded and checked by frictionless against the package:
    the files' headers, types, formats and constraints. Returns {resource name: file bytes}."""
    descriptor = package(client, path)
    files = {}
    for resource in descriptor["resources"]:
        content = fetch(client, resource["path"])
        name = f"{resource['name']}.{resource['format']}"
        (tmp_path / name).write_bytes(content)
        resource["path"] = name
        files[resource["name"]] = content
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    problems += [error.message for error in report.errors]
    assert report.valid, "\n".join(problems[:20])
    return files


@pytest.mark.parametrize("language", ["vi", "en"])
def test_demo_downloads_validate_against_the_datapackage(client, demo, tmp_path, language):
    path = "/du-lieu-mo/datapackage.json" if language == "vi" else "/en/open-data/datapackage.json"
    files = validate_package(client, tmp_path, path)
    lists = LISTS if language == "vi" else ENGLISH_LISTS
    descriptor = package(client, path)
    assert {r["name"] for r in descriptor["resources"]} == {
        *lists,
        *(f"{name}-json" for name in lists),
    }
    for resource in descriptor["resources"]:
        assert urlsplit(resource["path"]).path == lists[resource["name"].removesuffix("-json")]
        for field in resource["schema"]["fields"]:  # every field said in both languages
            assert field["titles"]["vi"] and field["titles"]["en"] and field["descriptions"]["en"], field
    # Every public record, and only those.
    counts = {
        "aid-items": AidItem.objects.public().count(),
        "partners": Partner.objects.count(),
        "delegations": Delegation.objects.public().count(),
        "events": Event.objects.public().count(),
    }
    for name, count in counts.items():
        assert len(csv_rows(files[name])) == count > 0, name
        assert len(json.loads(files[f"{name}-json"])) == count, name
    aid = {r["name"]: r for r in descriptor["resources"]}["aid-items"]
    fields = {f["name"]: f for f in aid["schema"]["fields"]}
    assert fields["committed_usd"]["unit"] == "USD" and fields["committed_vnd"]["unit"] == "VND"
    assert fields["currency"]["constraints"]["pattern"] == "^[A-Z]{3}$"
    assert fields["committed_amount"]["currencyField"] == "currency"
    assert fields["commitment_date"]["type"] == "date"
    if language == "en":
        assert fields["committed_usd"]["title"] == "Committed, in USD"
        assert "/en/aid/" in csv_rows(files["aid-items"])[0]["url"]
        assert {row["status_name"] for row in csv_rows(files["aid-items"])} <= {
            "Pipeline/identification", "Implementation", "Finalisation", "Closed", "Cancelled", "Suspended",
        }  # fmt: skip
    else:
        assert fields["committed_usd"]["title"] == "Cam kết quy đổi USD"


def test_csv_and_json_carry_the_same_values(client, demo):
    rows = csv_rows(body(client.get("/vien-tro/?format=csv")))
    objects = json.loads(body(client.get("/vien-tro/?format=json")))
    assert [r["code"] for r in rows] == [o["code"] for o in objects]
    item = AidItem.objects.public().exclude(committed_amount=None).order_by("code").first()
    row = next(r for r in rows if r["code"] == item.code)
    obj = next(o for o in objects if o["code"] == item.code)
    assert Decimal(row["committed_amount"]) == item.committed_amount == Decimal(str(obj["committed_amount"]))
    assert row["commitment_date"] == obj["commitment_date"] == item.commitment_date.isoformat()
    assert int(row["committed_vnd"]) == obj["committed_vnd"] == item.committed_vnd
    assert row["currency"] == obj["currency"] == item.currency_id
    assert row["url"] == obj["url"] == f"http://testserver/vien-tro/{item.code}/"


def test_cells_are_written_as_the_datapackage_says():
    """Numbers plain, dates ISO 8601, datetimes with their offset (Vietnam time), lists joined by "; ",
    a missing value empty in CSV and null in JSON."""
    moment = datetime.datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=datetime.UTC)
    assert opendata.csv_cell(Decimal("1234567.50")) == opendata.json_value(Decimal("1234567.50")) == "1234567.50"
    assert opendata.csv_cell(datetime.date(2013, 5, 1)) == "2013-05-01"
    assert opendata.csv_cell(moment) == "2026-01-02T10:04:05+07:00"
    assert opendata.json_value(moment) == '"2026-01-02T10:04:05+07:00"'
    assert opendata.csv_cell(["LKC-AU", "GRA-DE"]) == "LKC-AU; GRA-DE"
    assert opendata.json_value(["LKC-AU", "GRA-DE"]) == '"LKC-AU; GRA-DE"'
    assert opendata.csv_cell(None) == "" and opendata.json_value(None) == "null"
    assert opendata.csv_cell(-5) == "-5" and opendata.csv_cell("-5") == "'-5"  # a number stays a number


def codes(content: bytes) -> list[str]:
    return [row["code"] for row in csv_rows(content)]


def listed(client, url: str) -> list[str]:
    """The codes the HTML list shows, over all its pages."""
    found, page = [], 1
    while True:
        response = client.get(url + ("&" if "?" in url else "?") + f"trang={page}")
        found += [record.code for record in response.context["page"]]
        if not response.context["page"].has_next():
            return found
        page += 1


@pytest.mark.parametrize(
    "url",
    [
        "/vien-tro/?trang_thai=4",
        "/vien-tro/?linh_vuc=140",
        "/vien-tro/?doi_tac=LKC-AU",
        "/doi-tac/?loai=foundation",
        "/doi-tac/?chu=L",
        "/doan-ra-doan-vao/?huong=out&nam=2014",
        "/su-kien/?loai=workshop",
        "/en/aid/?trang_thai=2",
    ],
)
def test_a_download_is_the_list_the_reader_sees(client, demo, url):
    """The same filter code path: the file holds exactly the records the HTML list shows, in order."""
    on_page = listed(client, url)
    downloaded = codes(body(client.get(url + "&format=csv")))
    assert downloaded == on_page and 0 < len(downloaded)
    assert [o["code"] for o in json.loads(body(client.get(url + "&format=json")))] == on_page


def test_one_partners_items_and_an_unknown_partner(client, demo):
    partner = Partner.objects.get(code="LKC-AU")
    expected = set(AidItem.objects.public().with_partner(partner).values_list("code", flat=True))
    assert set(codes(body(client.get("/vien-tro/?doi_tac=lkc-au&format=csv")))) == expected == {"LKC-2013-01"}
    assert codes(body(client.get("/vien-tro/?doi_tac=KHONG-CO&format=csv"))) == []  # never "everything"
    page = client.get("/vien-tro/?doi_tac=KHONG-CO").content.decode()
    assert "Không có đối tác mã “KHONG-CO”." in page


def test_list_pages_link_their_downloads_with_the_current_filters(client, demo):
    page = client.get("/vien-tro/?trang_thai=4&nam=2012").content.decode()
    assert 'href="?trang_thai=4&amp;nam=2012&amp;format=csv"' in page
    assert 'href="?trang_thai=4&amp;nam=2012&amp;format=json"' in page
    assert "(theo bộ lọc đang chọn)" in page
    for url in LISTS.values():
        assert 'href="?format=csv"' in client.get(url).content.decode(), url
    english = client.get("/en/delegations/?huong=in").content.decode()
    assert 'href="?huong=in&amp;format=csv"' in english and "Download data" in english


def test_partner_page_links_its_items_as_csv_and_json(client, demo):
    page = client.get("/doi-tac/LKC-AU/").content.decode()
    assert 'href="/vien-tro/?doi_tac=LKC-AU&amp;format=csv"' in page
    assert 'href="/vien-tro/?doi_tac=LKC-AU&amp;format=json"' in page


def test_formula_looking_text_is_inert_in_csv_and_kept_in_json(client, demo):
    item = AidItem.objects.public().order_by("code").first()
    AidItem.objects.filter(pk=item.pk).update(title='=HYPERLINK("http://x.example","bấm")', aid_owner="@SUM(1+1)")
    Partner.objects.filter(code="LKC-AU").update(name="+cmd|' /C calc'!A0")
    row = next(r for r in csv_rows(body(client.get("/vien-tro/?format=csv"))) if r["code"] == item.code)
    assert row["title"] == '\'=HYPERLINK("http://x.example","bấm")' and row["aid_owner"] == "'@SUM(1+1)"
    partner = next(r for r in csv_rows(body(client.get("/doi-tac/?format=csv"))) if r["code"] == "LKC-AU")
    assert partner["name"] == "'+cmd|' /C calc'!A0"
    obj = next(o for o in json.loads(body(client.get("/vien-tro/?format=json"))) if o["code"] == item.code)
    assert obj["title"] == '=HYPERLINK("http://x.example","bấm")'  # JSON is not a spreadsheet: text as it is


def test_only_public_records_and_public_fields(client, records):
    """Unpublished records never, and of published ones nothing internal: notes, contacts, people."""
    aid = AidItem.objects.get(code="VT-1")
    AidItem.objects.filter(pk=aid.pk).update(
        counterpart_source="Nguồn đối ứng nội bộ",
        approval_authority="Cơ quan phê duyệt nội bộ",
        managing_agency="Cơ quan chủ quản nội bộ",
    )
    Disbursement.objects.create(
        aid_item=aid, date=datetime.date(2013, 6, 1), amount=100, currency_id="USD", note="Ghi chú giải ngân nội bộ"
    )
    hidden = AidItem.objects.get(code="VT-NOIBO")
    AidProvider.objects.create(aid_item=hidden, partner=records)
    AidSector.objects.create(aid_item=hidden, sector_id="11220")
    Partner.objects.filter(pk=records.pk).update(
        email="vanphong@loreto.example", phone="0909 222 333", address="Số 1 phố Kín", active=False,
        inactive_reason="Lý do ngừng nội bộ",
    )  # fmt: skip
    Delegation.objects.filter(code="DV-1").update(
        leader_name="Trưởng Đoàn Riêng", leader_position="Chức Vụ Riêng", agenda="Chương trình nội bộ"
    )
    Event.objects.create(
        code="SK-NOIBO", kind="workshop", title="Sự kiện nội bộ kín", start_date=datetime.date(2012, 2, 1),
        is_public=False,
    )  # fmt: skip
    secrets = [
        "VT-NOIBO", "Dự án nội bộ bí mật", "DV-NOIBO", "Đoàn nội bộ", "SK-NOIBO", "Sự kiện nội bộ kín",
        "Nguồn đối ứng nội bộ", "Cơ quan phê duyệt nội bộ", "Cơ quan chủ quản nội bộ", "Ghi chú giải ngân nội bộ",
        "vanphong@loreto.example", "0909 222 333", "Số 1 phố Kín", "Lý do ngừng nội bộ", "Người Liên Hệ Riêng",
        "rieng@loreto.example", "0909 000 111", "Thành Viên Nội Bộ", "Trưởng Đoàn Riêng", "Chức Vụ Riêng",
        "Chương trình nội bộ",
    ]  # fmt: skip
    seen = {}
    for lists in (LISTS, ENGLISH_LISTS):
        for url in lists.values():
            for fmt in opendata.FORMATS:
                content = body(client.get(f"{url}?format={fmt}")).decode("utf-8-sig")
                leaks = [s for s in secrets if s in content]
                assert not leaks, (url, fmt, leaks)
                seen[url + fmt] = content
    assert "VT-1" in seen["/vien-tro/csv"] and "DV-1" in seen["/doan-ra-doan-vao/json"]
    # The partner still counts only its public item.
    row = next(r for r in csv_rows(seen["/doi-tac/csv"].encode("utf-8-sig")) if r["code"] == "LKC-AU")
    assert row["public_aid_items"] == "1"


def make_items(count: int, start: int, partner) -> None:
    for n in range(start, start + count):
        item = AidItem.objects.create(
            code=f"OD-{n:05d}", form="project", title=f"Dự án mở {n}", is_public=True,
            commitment_date=datetime.date(2014, 1, 1), committed_amount=Decimal(10), currency_id="USD",
        )  # fmt: skip
        AidProvider.objects.create(aid_item=item, partner=partner)
        AidSector.objects.create(aid_item=item, sector_id="11220")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the records version, read once (the filter choices are cached under it: sector choices,
        # communes and years, read together as the page reads them; and the file's size), the items
        # with their program and currency, then per chunk: providers, sectors, places
        ("/vien-tro/?format=csv", 8),
        ("/vien-tro/?format=json&trang_thai=1", 8),  # a filtered file's size is not remembered
        # version (read once: the choices and the size are kept under it), the cached choices as the
        # page reads them (countries, each partner's public items, sector choices), the partners with
        # their countries
        ("/doi-tac/?format=csv", 5),
        # version, the delegations, then per chunk: partners, countries, places
        ("/doan-ra-doan-vao/?format=json", 5),
        # version, the events, then per chunk: partners
        ("/su-kien/?format=csv", 3),
    ],
)
def test_download_query_count_is_pinned_and_does_not_grow(client, records, url, queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            body(client.get(url))
        return len(captured.captured_queries)

    few = count()
    make_items(40, 0, records)
    for n in range(40):
        Delegation.objects.create(
            code=f"DO-{n}", direction="in", title=f"Đoàn {n}", participants=2, start_date=datetime.date(2014, 1, 1)
        ).partners.add(records)
        Event.objects.create(
            code=f"EV-{n}", kind="workshop", title=f"Hội thảo {n}", start_date=datetime.date(2014, 1, 1)
        )
        Partner.objects.create(code=f"P-{n}", name=f"Partner {n}", partner_type="foundation")
    assert count() == few == queries


def test_a_large_file_is_sent_in_pieces_and_queried_per_chunk(client, records, monkeypatch):
    """Rows are written out as they are read (pieces of PIECE rows), from chunks of CHUNK records: the
    queries grow with the chunks, not the rows."""
    monkeypatch.setattr(opendata, "CHUNK", 50)
    make_items(240, 0, records)
    response = client.get("/vien-tro/?format=csv")
    with CaptureQueriesContext(connection) as captured:
        pieces = list(response.streaming_content)
    assert len(pieces) >= 2  # 243 rows: not one piece
    assert len(csv_rows(b"".join(pieces))) == 243  # and the fixture's three public items
    # the items (one server-side cursor), and per chunk of 50 (5 chunks): providers, sectors, places
    assert len(captured.captured_queries) == 1 + 5 * 3


def test_the_open_data_page_lists_the_tables_with_sizes_and_the_package(client, records):
    page = client.get("/du-lieu-mo/").content.decode()
    assert 'href="/du-lieu-mo/datapackage.json"' in page
    for name, url in LISTS.items():
        assert f'href="{url}?format=csv"' in page and f'href="{url}?format=json"' in page, name
    size = len(body(client.get("/vien-tro/?format=csv")))
    row = page.split('id="bang-aid-items"')[1].split("</tr>")[0]
    assert ">3</td>" in row  # VT-1, KG-1, KG-XONG: the public items
    from django.template.defaultfilters import filesizeformat

    assert str(filesizeformat(size)) in row
    last = AidItem.objects.public().order_by("-updated_at").first().updated_at
    assert timezone.localtime(last).strftime("%d/%m/%Y %H:%M") in row  # its last change
    english = client.get("/en/open-data/").content.decode()
    assert 'href="/en/open-data/datapackage.json"' in english and 'href="/en/aid/?format=csv"' in english
    assert "datapackage" not in client.get("/sitemap.xml").content.decode()  # data, not a page


def test_the_open_data_page_query_count_does_not_grow(client, records):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/du-lieu-mo/").status_code == 200
        return len(captured.captured_queries)

    count()  # sizes measured and remembered
    warm = count()
    make_items(30, 0, records)
    count()
    assert count() == warm
