"""Delegations as the law records them: the dispatch or reception decision, the funding and cost,
the entry notice of an incoming foreign delegation, and the member association or unit that hosted
or sent it — written by the service, the admin and the import alike, checked with messages in
Vietnamese, public where they are public administrative facts and internal where they are not."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.delegations.models import Delegation
from friendship_union.delegations.resources import DelegationResource
from friendship_union.delegations.services import delegation_save
from friendship_union.organizations.models import MemberAssociation

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 11)


@pytest.fixture
def association(reference_data):
    make_identity()
    return MemberAssociation.objects.create(name="Hội hữu nghị Việt – Nhật", counterpart_country_id="JP")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def save(code="D-1", countries=("JP",), **extra) -> Delegation:
    values = {"code": code, "direction": "in", "title": "Đoàn khảo sát", "start_date": DAY, "participants": 3}
    values.update(extra)
    return delegation_save(delegation=Delegation(**values), countries=list(countries))


def test_the_rules_speak_vietnamese_and_nothing_is_saved(association):
    cases = [
        (
            {"direction": "out", "decision_number": "45/QĐ-LHH", "decision_date": datetime.date(2019, 3, 12)},
            "Quyết định cử đoàn (ngày 12/03/2019) không thể sau ngày đoàn đi (11/03/2019).",
        ),
        ({"decision_number": "45/QĐ-LHH"}, "Có số quyết định thì phải ghi ngày quyết định."),
        ({"decision_date": DAY}, "Có ngày quyết định thì phải ghi số quyết định."),
        ({"cost_vnd": Decimal(-1)}, "Kinh phí không thể âm."),
        ({"funding_source": "other"}, "Nguồn kinh phí “Khác”: ghi rõ nguồn kinh phí."),
        ({"direction": "out", "entry_notice_number": "12/TB"}, "Thông báo nhập cảnh chỉ ghi cho đoàn vào."),
        ({"entry_notice_date": DAY}, "Có ngày thông báo nhập cảnh thì phải ghi số văn bản."),
        (
            {"host_association": association, "host_unit": "Văn phòng"},
            "Chọn hội thành viên hoặc ghi đơn vị khác, không ghi cả hai.",
        ),
    ]
    for extra, message in cases:
        with pytest.raises(ValidationError) as caught:
            save(**extra)
        assert message in str(caught.value), (extra, caught.value)
    assert not Delegation.objects.exists()
    # A reception decision may come after the visit began (recorded as it was); a dispatch the day before may not.
    save("D-IN", decision_number="7/CV-UBND", decision_date=DAY + datetime.timedelta(days=1))
    trip = save("D-OUT", direction="out", decision_number="8/QĐ", decision_date=DAY, cost_vnd=Decimal(0))
    assert Delegation.objects.get(pk=trip.pk).history.filter(decision_number="8/QĐ").exists()


def test_missing_entry_notice_is_a_warning_listed_by_the_filter(client, association):
    missing = save("DV-JP")  # from Japan, no notice
    save("DV-NOCOUNTRY", countries=())  # no country yet: counted as foreign
    save("DV-VN", countries=("VN",))  # a domestic visit: no notice needed
    save("DV-VN-JP", countries=("VN", "JP"), entry_notice_number="3/TB-LHH", entry_notice_date=DAY)
    save("DR-1", direction="out", countries=("JP",))
    found = set(Delegation.objects.missing_entry_notice().values_list("code", flat=True))
    assert found == {"DV-JP", "DV-NOCOUNTRY"}
    client.force_login(UserFactory(username="nhaplieu-tb", role="data_entry"))
    html = client.get("/admin/delegations/delegation/?chat_luong=thieu_thong_bao_nhap_canh").content.decode()
    assert "DV-JP" in html and "DV-NOCOUNTRY" in html and "DV-VN-JP" not in html and "DR-1" not in html
    # Saving it in the admin without a notice warns but saves; with one, no warning.
    data = {
        "code": missing.code,
        "direction": "in",
        "title": "Đoàn khảo sát sửa",
        "start_date": "11/03/2019",
        "participants": "3",
        "countries": ["JP"],
        "is_public": "on",
        "places-TOTAL_FORMS": "0",
        "places-INITIAL_FORMS": "0",
    }
    url = f"/admin/delegations/delegation/{missing.pk}/change/"
    page = client.post(url, data, follow=True).content.decode()
    assert "chưa có thông báo nhập cảnh" in page
    assert Delegation.objects.get(pk=missing.pk).title == "Đoàn khảo sát sửa"
    data.update(entry_notice_number="9/TB-LHH", entry_notice_date="08/03/2019")
    page = client.post(url, data, follow=True).content.decode()
    assert "chưa có thông báo nhập cảnh" not in page
    assert "DV-JP" not in set(Delegation.objects.missing_entry_notice().values_list("code", flat=True))


def test_admin_form_refuses_bad_values_and_changes_nothing(client, association):
    client.force_login(UserFactory(username="nhaplieu-kp", role="data_entry"))
    data = {
        "code": "DR-9",
        "direction": "out",
        "title": "Đoàn công tác",
        "start_date": "11/03/2019",
        "participants": "2",
        "decision_number": "45/QĐ-LHH",
        "decision_date": "20/03/2019",
        "cost_vnd": "-5",
        "funding_source": "other",
        "is_public": "on",
        "places-TOTAL_FORMS": "0",
        "places-INITIAL_FORMS": "0",
    }
    html = client.post("/admin/delegations/delegation/add/", data).content.decode()
    assert "Kinh phí không thể âm." in html
    data["cost_vnd"] = "45000000"
    html = client.post("/admin/delegations/delegation/add/", data).content.decode()
    assert "Quyết định cử đoàn (ngày 20/03/2019) không thể sau ngày đoàn đi (11/03/2019)." in html
    assert "ghi rõ nguồn kinh phí" in html
    assert not Delegation.objects.exists()
    data.update(decision_date="01/03/2019", funding_note="Hội tự lo", host_association=str(association.pk))
    assert client.post("/admin/delegations/delegation/add/", data).status_code == 302
    trip = Delegation.objects.get(code="DR-9")
    assert (trip.cost_vnd, trip.host_association, trip.decision_date) == (
        Decimal(45000000),
        association,
        datetime.date(2019, 3, 1),
    )


HEADERS = [
    "Mã",
    "Hướng",
    "Tên đoàn",
    "Từ ngày",
    "Số lượt người",
    "Quốc gia",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Hội thành viên chủ trì",
    "Đơn vị chủ trì khác",
    "Nguồn kinh phí",
    "Ghi rõ nguồn kinh phí",
    "Kinh phí (VND)",
    "Số thông báo nhập cảnh",
    "Ngày thông báo nhập cảnh",
]


def test_import_reads_the_new_columns_and_refuses_bad_ones(association):
    good = [
        ("DV-1", "Đoàn vào", "Đoàn Nhật", "11/03/2019", "4", "Nhật Bản", "12/CV-UBND", "01/03/2019",
         "UBND tỉnh Cà Mau", "hoi huu nghi viet – nhat", "", "tu tuc", "", "", "5/TB-LHH", "05/03/2019"),
        ("DR-1", "Đoàn ra", "Đoàn đi", "11/03/2019", "2", "", "45/QĐ-LHH", "04/03/2019", "Chủ tịch Liên hiệp",
         "", "Văn phòng Liên hiệp", "Ngân sách nhà nước", "", "12.500.000", "", ""),
    ]  # fmt: skip
    assert_clean(run_import(DelegationResource(), HEADERS, good))
    visit, trip = Delegation.objects.get(code="DV-1"), Delegation.objects.get(code="DR-1")
    assert (visit.host_association, visit.funding_source, visit.entry_notice_number) == (
        association,
        "self",
        "5/TB-LHH",
    )
    assert (trip.host_unit, trip.funding_source, trip.cost_vnd) == ("Văn phòng Liên hiệp", "state", Decimal(12500000))
    assert run_import(DelegationResource(), HEADERS, good).totals["skip"] == 2  # re-importing changes nothing
    bad = [
        ("DR-2", "Đoàn ra", "Đoàn đi", "11/03/2019", "2", "", "46/QĐ", "12/03/2019", "", "Hội Không Có", "",
         "Vay mượn", "", "-1", "7/TB", "01/03/2019"),
        ("DR-3", "Đoàn ra", "Đoàn đi", "11/03/2019", "2", "", "", "", "", "", "", "Khác", "", "mười triệu", "", ""),
    ]  # fmt: skip
    text = messages(run_import(DelegationResource(), HEADERS, bad))
    assert "Dòng 2, cột “Hội thành viên chủ trì”: “Hội Không Có” không có hội thành viên này trong danh mục" in text
    assert "Dòng 2, cột “Nguồn kinh phí”: “Vay mượn” không phải giá trị hợp lệ" in text
    assert "Dòng 3, cột “Kinh phí (VND)”: “mười triệu” không phải là số" in text
    fixed = [list(bad[0]), list(bad[1])]
    fixed[0][9], fixed[0][11] = "Hội hữu nghị Việt – Nhật", "Tự túc"
    fixed[1][13] = "10.000.000"
    text = messages(run_import(DelegationResource(), HEADERS, fixed))
    assert "Dòng 2" in text and "Quyết định cử đoàn (ngày 12/03/2019) không thể sau ngày đoàn đi (11/03/2019)." in text
    assert "Kinh phí không thể âm." in text and "Thông báo nhập cảnh chỉ ghi cho đoàn vào." in text
    assert "Dòng 3" in text and "ghi rõ nguồn kinh phí" in text
    assert set(Delegation.objects.values_list("code", flat=True)) == {"DV-1", "DR-1"}


def test_public_page_and_open_data_show_the_decision_and_host_never_money_or_entry_notice(client, association):
    save(
        "DV-PUB",
        title="Đoàn Nhật thăm Đất Mũi",
        decision_number="12/CV-UBND",
        decision_date=datetime.date(2019, 3, 1),
        decision_authority="UBND tỉnh Cà Mau",
        host_association=association,
        funding_source="other",
        funding_note="Kinh phí riêng kín",
        cost_vnd=Decimal(98765432),
        entry_notice_number="77/TB-KÍN",
        entry_notice_date=datetime.date(2019, 3, 5),
    )
    page = client.get("/doan-ra-doan-vao/DV-PUB/").content.decode()
    assert "Quyết định đón đoàn" in page and "số 12/CV-UBND ngày 01/03/2019" in page
    assert "Đơn vị đón đoàn" in page and "Hội hữu nghị Việt – Nhật" in page
    csv = body(client.get("/doan-ra-doan-vao/?format=csv")).decode("utf-8-sig")
    assert "12/CV-UBND" in csv and "2019-03-01" in csv and "Hội hữu nghị Việt – Nhật" in csv
    for text in (page, csv, body(client.get("/doan-ra-doan-vao/?format=json")).decode()):
        for secret in ("98765432", "98.765.432", "77/TB-KÍN", "Kinh phí riêng kín"):
            assert secret not in text, secret
