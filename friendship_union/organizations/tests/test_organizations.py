import datetime

import pytest
from django.core.exceptions import ValidationError

from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.organizations.models import Award, MemberAssociation, Person, Position
from friendship_union.organizations.resources import AwardResource, PositionResource
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db
PEOPLE = ["Họ tên", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày"]
AWARDS = [
    "Hình thức khen thưởng",
    "Loại người nhận",
    "Người/đơn vị nhận",
    "Cơ quan khen thưởng",
    "Ngày",
    "Năm",
    "Số quyết định",
]


def test_people_import_creates_people_and_positions(reference_data):
    MemberAssociation(name="Hội hữu nghị Việt – Nhật").save()
    rows = [
        ("Trần Thị Hữu Nghị", "Chủ tịch", "", "01/01/2010", ""),
        ("Trần Thị Hữu Nghị", "Phó Chủ tịch", "Hội hữu nghị Việt – Nhật", "01/01/2006", "31/12/2009"),
    ]
    assert_clean(run_import(PositionResource(), PEOPLE, rows))
    person = Person.objects.get()
    assert person.positions.count() == 2
    assert run_import(PositionResource(), PEOPLE, rows).totals["skip"] == 2
    bad = [("A", "", "Hội không có", "01/01/2010", "01/01/2009")]
    text = messages(run_import(PositionResource(), PEOPLE, bad))
    assert "Dòng 2, cột “Chức vụ”: bắt buộc" in text
    assert "Dòng 2, cột “Đơn vị”: “Hội không có” không có hội thành viên này trong danh mục" in text
    assert Position.objects.count() == 2


def test_awards_import(reference_data):
    make_partner(code="LKC-AU", name="Loreto Kids Charity")
    rows = [
        ("Cờ thi đua hạng Nhất", "Liên hiệp", "", "UBND tỉnh", "", "2014", ""),
        ("Bằng khen", "Đối tác", "LKC-AU", "UBND tỉnh", "20/11/2015", "2015", "123/QĐ-UBND"),
        ("Giấy khen", "Cá nhân", "Lê Văn A", "Liên hiệp", "", "2016", ""),
    ]
    assert_clean(run_import(AwardResource(), AWARDS, rows))
    assert Award.objects.get(year=2015).partner.code == "LKC-AU"
    assert Award.objects.get(year=2016).person.name == "Lê Văn A"
    assert run_import(AwardResource(), AWARDS, rows).totals["skip"] == 3
    bad = [("Bằng khen", "Đối tác", "", "UBND", "20/11/2015", "2016", "")]
    text = messages(run_import(AwardResource(), AWARDS, bad))
    assert "Chọn đối tác được khen thưởng" in text and "Năm không khớp với ngày khen thưởng" in text
    unknown = [("Bằng khen", "Đối tác", "Quỹ Không Có", "UBND", "", "2016", "")]
    text = messages(run_import(AwardResource(), AWARDS, unknown))
    assert "Dòng 2, cột “Người/đơn vị nhận”: “Quỹ Không Có” không khớp mã hay tên đối tác nào đã có" in text
    assert Award.objects.count() == 3  # nothing saved from the bad files


def test_award_rules(reference_data):
    with pytest.raises(ValidationError, match="Chọn cá nhân"):
        Award(recipient_kind="person", title="x", issuer="y", year=2014).full_clean(exclude=["import_key"])
    Award(recipient_kind="union", title="x", issuer="y", date=datetime.date(2014, 5, 1), year=2014).full_clean(
        exclude=["import_key"]
    )
