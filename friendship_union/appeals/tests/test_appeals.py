"""Calls for aid: a public catalogue of open appeals, an "express interest" form that creates an
internal lead, and nothing of the leads ever public."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from friendship_union.aid.models import AidItem, AidStatus
from friendship_union.appeals.models import Appeal, Interest, InterestStatus
from friendship_union.core.net import address_hash
from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GOOD = {
    "organisation": "Quỹ Nước Sạch Cho Trẻ Em",
    "country": "",
    "email": "lienhe@nuocsach.example.org",
    "message": "Chúng tôi có thể tài trợ 2 trong 6 khối nhà vệ sinh.",
    "website": "",
}


@pytest.fixture
def appeal(reference_data):
    item = AidItem.objects.create(
        code="KG-T1", form="project", title="Nhà vệ sinh điểm trường", title_en="School latrines",
        status=AidStatus.PIPELINE, is_public=True,
    )  # fmt: skip
    return Appeal.objects.create(
        aid_item=item, need="Ba điểm trường cần nhà vệ sinh.", need_en="Three school sites need latrines.",
        estimated_budget_usd=Decimal(45000), counterpart_vnd=Decimal(150000000), contact_unit="Văn phòng Liên hiệp",
    )  # fmt: skip


def test_the_catalogue_lists_open_appeals_of_public_pipeline_items_only(client, appeal):
    hidden = []
    for code, status, public, is_open in [
        ("KG-DONG", AidStatus.PIPELINE, True, False),  # funded: closed
        ("KG-KIN", AidStatus.PIPELINE, False, True),  # the item is internal
        ("KG-DANG", AidStatus.IMPLEMENTATION, True, True),  # under way already
    ]:
        item = AidItem.objects.create(code=code, form="project", title=f"Dự án {code}", status=status, is_public=public)
        Appeal.objects.bulk_create(
            [Appeal(aid_item=item, need="x", estimated_budget_usd=Decimal(1), contact_unit="x", is_open=is_open)]
        )
        hidden.append(code)
    html = client.get("/keu-goi-tai-tro/").content.decode()
    assert "Nhà vệ sinh điểm trường" in html and "45.000 USD" in html and "150.000.000 ₫" in html
    for code in hidden:
        assert f"Dự án {code}" not in html
        assert client.get(f"/keu-goi-tai-tro/{code}/").status_code == 404
    assert client.get("/keu-goi-tai-tro/KG-T1/").status_code == 200


def test_an_expression_of_interest_becomes_an_internal_lead(client, appeal):
    response = client.post("/keu-goi-tai-tro/KG-T1/", {**GOOD, "country": "AU"})
    assert response.status_code == 302 and response["Location"].endswith("#quan-tam")
    lead = Interest.objects.get()
    assert (lead.appeal, lead.organisation, lead.country_id, lead.status) == (
        appeal, "Quỹ Nước Sạch Cho Trẻ Em", "AU", InterestStatus.NEW
    )  # fmt: skip
    assert lead.ip_hash == address_hash("127.0.0.1")
    page = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn!" in page
    assert "lienhe@nuocsach.example.org" not in page and "2 trong 6 khối" not in page  # never shown back


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organisation": ""}, "Vui lòng nhập tên tổ chức."),
        ({"organisation": "\u200b "}, "Vui lòng nhập tên tổ chức."),
        ({"email": "khong-phai-thu"}, "Địa chỉ thư điện tử chưa đúng"),
        ({"message": ""}, "Vui lòng viết vài dòng"),
        ({"message": "x" * 3001}, "Lời nhắn dài tối đa 3000 ký tự"),
        ({"country": "ZZ"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"website": "http://spam.example"}, "phải để trống"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(client, appeal, changes, message):
    response = client.post("/keu-goi-tai-tro/KG-T1/", {**GOOD, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Interest.objects.exists()


def test_too_many_expressions_from_one_address_are_refused(client, appeal, settings):
    settings.APPEAL_INTEREST_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/keu-goi-tai-tro/KG-T1/", GOOD).status_code == 302
    response = client.post("/keu-goi-tai-tro/KG-T1/", GOOD)
    assert "nhiều lần trong thời gian ngắn" in response.content.decode()
    assert Interest.objects.count() == 2


def test_english_readers_get_the_english_need_or_a_marked_vietnamese_one(client, appeal):
    html = client.get("/en/call-for-aid/KG-T1/").content.decode()
    assert "Three school sites need latrines." in html and "School latrines" in html
    Appeal.objects.filter(pk=appeal.pk).update(need_en="")
    html = client.get("/en/call-for-aid/KG-T1/").content.decode()
    assert '<p class="lead" lang="vi">Ba điểm trường cần nhà vệ sinh.</p>' in html


def test_only_a_pipeline_public_item_can_be_put_up_for_funding(appeal):
    item = appeal.aid_item
    item.status = AidStatus.CLOSED
    item.save()
    with pytest.raises(ValidationError) as refused:
        appeal.full_clean()
    assert "Chỉ kêu gọi tài trợ cho khoản đang vận động, xây dựng" in refused.value.message_dict["aid_item"][0]


def test_leads_are_for_data_entry_and_leadership_not_the_editor(client, appeal):
    lead = Interest.objects.create(appeal=appeal, organisation="Quỹ A", email="a@example.org", message="Xin chào")
    for role, status in [("data_entry", 200), ("leadership", 200), ("editor", 403), ("moderator", 403)]:
        client.force_login(UserFactory(username=f"u_{role}", is_staff=True, role=role))
        assert client.get("/admin/appeals/interest/").status_code == status, role
        assert client.get(f"/admin/appeals/interest/{lead.pk}/change/").status_code == status, role
    leader = UserFactory(username="lanhdao_kg", is_staff=True, role="leadership")
    client.force_login(leader)
    response = client.post(f"/admin/appeals/interest/{lead.pk}/change/", {"status": "closed", "note": "x"})
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.status == InterestStatus.NEW


@pytest.mark.parametrize("url", ["/keu-goi-tai-tro/", "/keu-goi-tai-tro/KG-T1/", "/en/call-for-aid/"])
def test_appeal_pages_run_a_fixed_number_of_queries(client, appeal, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from friendship_union.aid.models import AidSector
    from friendship_union.reference.models import Sector

    sector = Sector.objects.filter(vocabulary=Sector.Vocabulary.DAC5).first()

    def add(start, n):
        items = AidItem.objects.bulk_create(
            [
                AidItem(code=f"KG-X{i}", form="project", title=f"Dự án {i}", status=AidStatus.PIPELINE, is_public=True)
                for i in range(start, start + n)
            ]
        )
        Appeal.objects.bulk_create(
            [Appeal(aid_item=item, need="x", estimated_budget_usd=Decimal(100), contact_unit="x") for item in items]
        )
        AidSector.objects.bulk_create([AidSector(aid_item=item, sector=sector) for item in items])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    add(0, 3)
    few = count()
    add(3, 60)
    assert count() == few


def test_the_catalogue_filters_by_sector_category_and_ignores_a_bad_one(client, appeal):
    from friendship_union.aid.models import AidSector
    from friendship_union.reference.models import Sector

    AidSector.objects.create(aid_item=appeal.aid_item, sector=Sector.objects.get(code="14032"))
    other = AidItem.objects.create(
        code="KG-T2", form="project", title="Cầu qua kênh", status=AidStatus.PIPELINE, is_public=True
    )
    Appeal.objects.create(aid_item=other, need="Cầu.", estimated_budget_usd=Decimal(60000), contact_unit="Văn phòng")
    AidSector.objects.create(aid_item=other, sector=Sector.objects.get(code="43040"))
    water = client.get("/keu-goi-tai-tro/?linh_vuc=140").content.decode()
    assert "Nhà vệ sinh điểm trường" in water and "Cầu qua kênh" not in water
    everything = client.get("/keu-goi-tai-tro/?linh_vuc=%3Cscript%3E").content.decode()
    assert "Nhà vệ sinh điểm trường" in everything and "Cầu qua kênh" in everything
