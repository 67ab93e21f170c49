import pytest

from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.events.models import Event
from friendship_union.events.resources import EventResource
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db
HEADERS = ["Mã", "Loại", "Tên sự kiện", "Từ ngày", "Đến ngày", "Địa điểm", "Đối tác đồng tổ chức", "Số người tham dự"]


def test_events_import(reference_data):
    make_partner(code="LKC-AU", name="Loreto Kids Charity")
    rows = [
        ("SK-1", "Hội thảo", "Hội thảo sinh quyển", "10/05/2012", "11/05/2012", "Cà Mau", "LKC-AU", "120"),
        ("SK-2", "hoi nghi", "Hội nghị xúc tiến", "01/06/2007", "", "", "", ""),
    ]
    assert_clean(run_import(EventResource(), HEADERS, rows))
    assert Event.objects.get(code="SK-1").partners.get().code == "LKC-AU"
    assert Event.objects.get(code="SK-2").kind == "conference"
    assert run_import(EventResource(), HEADERS, rows).totals["skip"] == 2
    bad = [("SK-3", "Tiệc", "X", "10/05/2012", "01/05/2012", "", "", "nhiều")]
    text = messages(run_import(EventResource(), HEADERS, bad))
    assert "Dòng 2, cột “Loại”: “Tiệc” không phải giá trị hợp lệ" in text
    assert "Dòng 2, cột “Số người tham dự”: “nhiều” không phải là số nguyên" in text
    assert Event.objects.count() == 2
