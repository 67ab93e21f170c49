"""The public overseas-Vietnamese page: figures that match the records, in a fixed number of
queries, and nobody named."""

import datetime

import pytest
from django.db.models import Sum

from friendship_union.core.tests.factories import make_identity
from friendship_union.diaspora.models import Enterprise, HomelandVisit, OverseasAssociation, OverseasPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(reference_data):
    make_identity()
    person = OverseasPerson.objects.create(
        name="Kiều Bào Riêng Tư", country_id="AU", email="kieubao@example.com", phone="+61 400 000 000"
    )
    HomelandVisit.objects.create(date=datetime.date(2010, 2, 1), visitors=3, person=person)
    HomelandVisit.objects.create(date=datetime.date(2012, 2, 1), visitors=5, group_description="Đoàn Tết")
    Enterprise.objects.create(name="Công ty Tôm Sạch", investors="Nhà Đầu Tư Riêng", sector="Nuôi tôm")
    Enterprise.objects.create(name="Công ty Cũ", sector="Nuôi tôm", status="closed")
    OverseasAssociation.objects.create(name="Hội người Việt tại Perth", country_id="AU")


def add_visits(n):
    HomelandVisit.objects.bulk_create(
        HomelandVisit(date=datetime.date(2006 + i % 15, 1 + i % 12, 1), visitors=1 + i % 3, group_description="x")
        for i in range(n)
    )


def test_figures_match_the_records_and_nobody_is_named(client, records):
    response = client.get("/kieu-bao/")
    assert response.status_code == 200
    context = response.context
    assert context["visits_total"] == HomelandVisit.objects.aggregate(s=Sum("visitors"))["s"] == 8
    assert [(year, people) for year, people, _bar in context["years"]] == [(2010, 3), (2012, 5)]
    assert (context["enterprises_total"], context["enterprises_active"], context["associations_total"]) == (2, 1, 1)
    html = response.content.decode()
    for private in ("Kiều Bào Riêng Tư", "kieubao@example.com", "Nhà Đầu Tư Riêng", "Công ty Tôm Sạch", "Perth"):
        assert private not in html
    assert "Lượt kiều bào về thăm từ năm 2010" in html and "Nuôi tôm" in html


def test_english_page(client, records):
    response = client.get("/en/overseas-vietnamese/")
    assert response.status_code == 200
    assert "Australia: 1" in response.content.decode()


@pytest.mark.parametrize("size", [10, 1000])
def test_query_count_does_not_grow(client, records, django_assert_num_queries, size):
    add_visits(size)
    with django_assert_num_queries(4):  # site identity, visits by year, enterprises, associations
        assert client.get("/kieu-bao/").status_code == 200
