import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.delegations.models import Delegation
from friendship_union.delegations.resources import DelegationResource
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db
HEADERS = [
    "Mã",
    "Hướng",
    "Tên đoàn",
    "Từ ngày",
    "Đến ngày",
    "Trưởng đoàn",
    "Số lượt người",
    "Đối tác",
    "Quốc gia",
    "Nơi làm việc",
    "Mục đích",
    "Kết quả",
]


@pytest.fixture
def setup(reference_data):
    make_identity()
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="JP-CG", name="Consulate-General of Japan", country_id="JP", partner_type="consulate")


def make(code="D-1", **extra):
    values = {
        "code": code,
        "direction": "in",
        "title": "Đoàn",
        "start_date": datetime.date(2013, 3, 1),
        "participants": 3,
    }
    values.update(extra)
    delegation = Delegation(**values)
    delegation.full_clean()
    delegation.save()
    return delegation


def test_validation(setup):
    with pytest.raises(ValidationError, match="Ngày kết thúc không thể trước ngày bắt đầu"):
        make(end_date=datetime.date(2013, 2, 1))
    with pytest.raises(ValidationError, match="Đoàn phải có ít nhất 1 người"):
        make(participants=0)


def test_yearly_counts_and_totals(setup):
    make("A", direction="in", participants=3)
    make("B", direction="out", participants=2)
    make("C", direction="out", participants=5, start_date=datetime.date(2014, 1, 1))
    rows = list(Delegation.objects.yearly_counts())
    assert rows == [
        {"year": 2013, "direction": "in", "delegations": 1, "participants": 3},
        {"year": 2013, "direction": "out", "delegations": 1, "participants": 2},
        {"year": 2014, "direction": "out", "delegations": 1, "participants": 5},
    ]
    assert Delegation.objects.between(2013, 2013).totals_by_direction()["out"] == {"delegations": 1, "participants": 2}


GOOD = [
    (
        "DV-2013-01",
        "Đoàn vào",
        "Tổng Lãnh sự Nhật Bản thăm Đất Mũi",
        "15/03/2013",
        "16/03/2013",
        "Nakajima Satoshi",
        4,
        "JP-CG",
        "Nhật Bản",
        "Đất Mũi, Ngọc Hiển",
        "Tham quan",
        "Tốt",
    ),
    (
        "DR-2013-01",
        "Đoàn ra",
        "Làm việc với các tổ chức",
        "01/04/2013",
        "",
        "Lãnh đạo",
        "3",
        "LKC; JP-CG",
        "Úc; Nhật",
        "TP. Hồ Chí Minh; Tokyo",
        "Vận động",
        "",
    ),
]


def test_import_good_and_reimport(setup):
    assert_clean(run_import(DelegationResource(), HEADERS, GOOD))
    visit = Delegation.objects.get(code="DV-2013-01")
    assert visit.places.get().place_current.label == "Xã Đất Mũi, Tỉnh Cà Mau"
    assert visit.countries.get().code == "JP"
    trip = Delegation.objects.get(code="DR-2013-01")
    assert trip.places_abroad == "Tokyo"
    assert {p.code for p in trip.partners.all()} == {"LKC-AU", "JP-CG"}
    again = run_import(DelegationResource(), HEADERS, GOOD)
    assert again.totals["skip"] == 2, messages(again)


def test_import_messy(setup):
    rows = [
        (
            "dv-1",
            " doan vao ",
            "  Đoàn   khảo sát ",
            "1/3/2013",
            None,
            None,
            "2",
            "lkc",
            "australia",
            "dong thoi, cai nuoc",
            "",
            "",
        )
    ]
    assert_clean(run_import(DelegationResource(), [h.lower() for h in HEADERS], rows))
    delegation = Delegation.objects.get()
    assert (delegation.direction, delegation.title) == ("in", "Đoàn khảo sát")


def test_import_bad(setup):
    rows = [
        ("X-1", "Đoàn ngang", "T", "01/03/2013", "01/02/2013", "", "0", "Không Có", "Atlantis", "xa dong thoj", "", ""),
        ("X-2", "Đoàn vào", "", "32/01/2013", "", "", "hai", "", "", "", "", ""),
    ]
    result = run_import(DelegationResource(), HEADERS, rows)
    text = messages(result)
    assert "Dòng 2, cột “Hướng”: “Đoàn ngang” không phải giá trị hợp lệ" in text
    assert "Dòng 2, cột “Đối tác”: “Không Có” có đối tác không tìm thấy: Không Có" in text
    assert "Dòng 2, cột “Quốc gia”: “Atlantis” có quốc gia không tìm thấy" in text
    assert "Dòng 3, cột “Tên đoàn”: bắt buộc" in text
    assert "Dòng 3, cột “Từ ngày”: “32/01/2013” không phải ngày hợp lệ" in text
    assert "Dòng 3, cột “Số lượt người”: “hai” không phải là số nguyên" in text
    assert not Delegation.objects.exists()


def test_incoming_place_must_resolve(setup):
    rows = [("X-1", "Đoàn vào", "T", "01/03/2013", "", "", "2", "", "", "xa dong thoj, cai nuoc", "", "")]
    assert "Không tìm thấy địa danh “xa dong thoj”" in messages(run_import(DelegationResource(), HEADERS, rows))


def test_admin_totals_query_count_and_permissions(client, setup):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    for i in range(10):
        make(f"Q-{i}")
    with CaptureQueriesContext(connection) as few:
        html = client.get("/admin/delegations/delegation/").content.decode()
    assert "Đoàn vào: 10 đoàn, 30 lượt khách" in html
    Delegation.objects.bulk_create(
        [
            Delegation(code=f"B-{i}", direction="out", title="x", start_date=datetime.date(2014, 1, 1), participants=2)
            for i in range(990)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/delegations/delegation/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert client.get("/admin/auth/user/").status_code == 403  # data entry cannot touch users
    client.force_login(UserFactory(username="lanhdao1", role="leadership"))
    assert client.get("/admin/delegations/delegation/").status_code == 200
    assert client.get("/admin/delegations/delegation/add/").status_code == 403


def test_admin_place_of_a_delegation_is_resolved_or_refused(client, setup):
    client.force_login(UserFactory(username="nhaplieu2", role="data_entry"))
    data = {
        "code": "DV-9",
        "direction": "in",
        "title": "Đoàn khảo sát",
        "start_date": "01/03/2013",
        "participants": "3",
        "is_public": "on",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-0-place_text": "xa dong thoj, cai nuoc",
    }
    response = client.post("/admin/delegations/delegation/add/", data)
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    assert not Delegation.objects.filter(code="DV-9").exists()
    data["places-0-place_text"] = "Đất Mũi"  # the 2013 date reads it as the pre-2025 commune
    assert client.post("/admin/delegations/delegation/add/", data).status_code == 302
    place = Delegation.objects.get(code="DV-9").places.get()
    assert place.place_recorded.label == "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau"
    assert place.place_current.label == "Xã Đất Mũi, Tỉnh Cà Mau"


def test_the_public_lists_year_filter_offers_the_years_with_public_delegations(setup, client):
    """The list's years (core.public.years_in_use: a probe per year, not a read of every delegation)
    are those Django's own `dates()` gives: public ones only, gaps left out, newest first, none when
    there is nothing."""
    from friendship_union.core.public import years_in_use

    assert years_in_use(Delegation.objects.public(), "start_date") == []
    for code, day, public in [
        ("Y-1", datetime.date(2009, 12, 31), True),
        ("Y-2", datetime.date(2011, 1, 1), True),
        ("Y-3", datetime.date(2011, 6, 1), True),
        ("Y-4", datetime.date(2014, 5, 5), False),
        ("Y-5", datetime.date(2013, 2, 2), True),
    ]:
        make(code, start_date=day, is_public=public)
    public = Delegation.objects.public()
    years = years_in_use(public, "start_date")
    assert [d.year for d in years] == [2013, 2011, 2009]
    assert years == list(public.dates("start_date", "year", order="DESC"))
    assert years_in_use(public.filter(direction="out"), "start_date") == []
    assert years_in_use(public.filter(pk__in=[]), "start_date") == []  # a filter that can match nothing
    page = client.get("/doan-ra-doan-vao/").content.decode()
    offered = [y for y in ("2009", "2010", "2011", "2013", "2014") if f'<option value="{y}"' in page]
    assert offered == ["2009", "2011", "2013"]
