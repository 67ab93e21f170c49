import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from friendship_union.core.tests.factories import make_identity
from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.diaspora.models import Donation, Enterprise, HomelandVisit, OverseasPerson
from friendship_union.diaspora.resources import DonationResource, EnterpriseResource, VisitResource
from friendship_union.diaspora.services import donation_save, visit_save
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db
VISIT_HEADERS = ["Ngày", "Số lượt", "Người/Hội", "Quốc gia", "Mục đích"]


@pytest.fixture
def setup(reference_data):
    make_identity()
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2010, 1, 1), rate=Decimal("18600"))
    person = OverseasPerson(
        name="Nguyễn Văn Kiều", country_id="US", email="kieu.rieng@example.org", phone="+1 555 0100"
    )
    person.save()
    return person


def test_visits_import_good_reimport_and_person_match(setup):
    rows = [
        ("05/02/2011", 1, "Nguyễn Văn Kiều", "Hoa Kỳ", "Thăm quê"),
        ("06/02/2011", "3", "Gia đình họ Trần", "Úc", "Dự lễ Tết"),
    ]
    assert_clean(run_import(VisitResource(), VISIT_HEADERS, rows))
    assert HomelandVisit.objects.get(visitors=1).person == setup
    assert HomelandVisit.objects.get(visitors=3).group_description == "Gia đình họ Trần"
    assert HomelandVisit.objects.totals() == {"records": 2, "visitors": 4}
    again = run_import(VisitResource(), VISIT_HEADERS, rows)
    assert again.totals["skip"] == 2 and HomelandVisit.objects.count() == 2


def test_visits_messy_and_identical_rows(setup):
    rows = [(datetime.datetime(2012, 1, 20), " 2 ", " nguyen van kieu ", "US", ""), (None, None, None, None, None)]
    assert_clean(run_import(VisitResource(), [h.upper() for h in VISIT_HEADERS], rows))
    assert HomelandVisit.objects.get().person == setup
    same = [("05/02/2011", 1, "Nhóm A", "Úc", ""), ("05/02/2011", 1, "Nhóm A", "Úc", "")]
    assert "Dòng 3 trùng hoàn toàn với dòng 2" in messages(run_import(VisitResource(), VISIT_HEADERS, same))


def test_visits_bad(setup):
    rows = [("31/02/2011", "0", "X", "Narnia", ""), ("01/01/2011", "", "Y", "", "")]
    text = messages(run_import(VisitResource(), VISIT_HEADERS, rows))
    assert "Dòng 2, cột “Ngày”: “31/02/2011” không phải ngày hợp lệ" in text
    assert "Dòng 2, cột “Quốc gia”: “Narnia” không phải tên hay mã quốc gia đã biết" in text
    assert "Dòng 3, cột “Số lượt”: bắt buộc" in text
    assert not HomelandVisit.objects.exists()


ENTERPRISE_HEADERS = [
    "Tên doanh nghiệp",
    "Nhà đầu tư",
    "Ngành nghề",
    "Vốn đăng ký",
    "Tiền tệ",
    "Ngày đăng ký",
    "Địa điểm",
]


def test_enterprise_import_converts_capital_and_resolves_place(setup):
    rows = [("Công ty Tôm Sạch", "Nguyễn Văn Kiều", "Thủy sản", "500.000", "USD", "01/06/2010", "Đông Thới, Cái Nước")]
    assert_clean(run_import(EnterpriseResource(), ENTERPRISE_HEADERS, rows))
    enterprise = Enterprise.objects.get()
    assert enterprise.capital_vnd == Decimal("9300000000")
    assert enterprise.place_current.label == "Xã Cái Nước, Tỉnh Cà Mau"
    assert run_import(EnterpriseResource(), ENTERPRISE_HEADERS, rows).totals["skip"] == 1


def test_enterprise_import_bad(setup):
    rows = [
        ("Công ty A", "", "", "-5", "USD", "01/06/2010", ""),
        ("Công ty B", "", "", "1000", "USD", "01/06/2009", "xa dong thoj, cai nuoc"),
    ]
    text = messages(run_import(EnterpriseResource(), ENTERPRISE_HEADERS, rows))
    assert "Dòng 2, cột “Vốn đăng ký”: “-5” — Vốn đăng ký phải lớn hơn 0." in text
    assert "Dòng 3, cột “Địa điểm”" in text and "xa dong thoj" in text
    assert not Enterprise.objects.exists()


def test_enterprise_stopped_on_a_day_imports_and_is_checked(setup):
    """The day an enterprise was suspended or dissolved, so "operating at a period's end" can be read
    for any period: imported, and refused on one still operating or before its registration."""
    headers = [*ENTERPRISE_HEADERS, "Tình trạng", "Ngày ngừng hoạt động"]
    rows = [("Công ty Cũ", "", "", "", "", "01/06/2010", "", "Tạm ngừng", "30/06/2019")]
    assert_clean(run_import(EnterpriseResource(), headers, rows))
    assert Enterprise.objects.get().stopped_date == datetime.date(2019, 6, 30)
    assert Enterprise.objects.operating_on(datetime.date(2015, 12, 31)).count() == 1
    assert not Enterprise.objects.operating_on(datetime.date(2020, 1, 1)).exists()
    bad = [
        ("Công ty Mới", "", "", "", "", "01/06/2010", "", "Đang hoạt động", "30/06/2019"),
        ("Công ty Lạ", "", "", "", "", "01/06/2010", "", "Giải thể", "30/06/2009"),
    ]
    text = messages(run_import(EnterpriseResource(), headers, bad))
    assert "Dòng 2" in text and "Doanh nghiệp đang hoạt động không có ngày ngừng hoạt động" in text
    assert "Dòng 3" in text and "Ngày ngừng hoạt động không thể trước ngày đăng ký." in text
    assert Enterprise.objects.count() == 1


DONATION_HEADERS = ["Người/Hội tặng", "Ngày", "Số tiền", "Tiền tệ", "Hiện vật", "Mục đích"]


def test_donations(setup):
    rows = [
        ("Nguyễn Văn Kiều", "10/02/2013", "1.000", "USD", "", "Học bổng"),
        ("Nhóm kiều bào Pháp", "11/02/2013", "", "", "200 phần quà Tết", "Tết vì người nghèo"),
    ]
    assert_clean(run_import(DonationResource(), DONATION_HEADERS, rows))
    assert Donation.objects.get(amount=Decimal("1000")).donor_person == setup
    assert run_import(DonationResource(), DONATION_HEADERS, rows).totals["skip"] == 2
    bad = [("Ai đó", "12/02/2013", "", "", "", "")]
    assert "Ghi số tiền hoặc hiện vật" in messages(run_import(DonationResource(), DONATION_HEADERS, bad))


def test_records_entered_by_hand_reimport_onto_themselves_from_their_export(setup):
    """A visit and a donation typed into the admin (the admin calls these services) carry an import key,
    so their exported file imports back onto them — unchanged, or edited in place — never beside them."""
    visit = visit_save(visit=HomelandVisit(date=datetime.date(2014, 2, 1), visitors=5, person=setup, purpose="Tết"))
    donation = donation_save(
        donation=Donation(donor_person=setup, date=datetime.date(2014, 2, 2), in_kind="100 suất quà", purpose="Tết")
    )
    assert visit.import_key.startswith("tay-") and donation.import_key.startswith("tay-")
    for resource, model in ((VisitResource, HomelandVisit), (DonationResource, Donation)):
        exported = resource().export()
        result = resource().import_data(exported, raise_errors=False)
        assert_clean(result)
        assert result.totals["skip"] == 1 and model.objects.count() == 1
        exported = resource().export()
        exported[0] = tuple("Tết Nguyên đán" if value == "Tết" else value for value in exported[0])
        assert_clean(resource().import_data(exported, raise_errors=False))
        assert list(model.objects.values_list("purpose", flat=True)) == ["Tết Nguyên đán"]


def test_visit_validation():
    visit = HomelandVisit(date=datetime.date(2012, 1, 1), visitors=0)
    with pytest.raises(ValidationError, match="Số lượt phải từ 1 trở lên"):
        visit.full_clean(exclude=["import_key"])


def test_personal_contacts_never_public(client, setup):
    for url in ["/", "/en/", "/gioi-thieu/", "/en/about/"]:
        html = client.get(url).content.decode()
        assert "kieu.rieng@example.org" not in html and "555 0100" not in html
