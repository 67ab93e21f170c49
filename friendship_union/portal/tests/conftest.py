"""Fixtures shared by the public-site tests: a few public records and their private neighbours."""

import datetime
from decimal import Decimal

import pytest

from friendship_union.aid.models import AidItem, AidLocation, AidProvider, AidSector
from friendship_union.core.tests.factories import make_identity
from friendship_union.delegations.models import Delegation
from friendship_union.documents.models import LegalDocument
from friendship_union.events.models import Event
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.services import place_fill


@pytest.fixture
def records(reference_data):
    make_identity(iati_org_identifier="VN-COA-1234567")
    partner = make_partner(code="LKC-AU", name="Loreto Kids Charity", name_vi="Tổ chức Loreto", acronym="LKC")
    partner.contacts.create(name="Người Liên Hệ Riêng", email="rieng@loreto.example", phone="0909 000 111")
    public = AidItem.objects.create(
        code="VT-1",
        form="non_project",
        title="Dụng cụ học tập Đông Thới",
        is_public=True,
        commitment_date=datetime.date(2013, 5, 1),
        committed_amount=Decimal("5000"),
        currency_id="USD",
        committed_usd=Decimal(5000),
    )
    AidProvider.objects.create(aid_item=public, partner=partner)
    AidSector.objects.create(aid_item=public, sector_id="11220")
    location = AidLocation(aid_item=public)
    place_fill(location, "Đông Thới, Cái Nước")
    location.save()
    AidItem.objects.create(code="VT-NOIBO", form="project", title="Dự án nội bộ bí mật", is_public=False)
    Delegation.objects.create(
        code="DV-1",
        direction="in",
        title="Đoàn Loreto thăm trường",
        participants=3,
        start_date=datetime.date(2013, 5, 2),
        members="Thành Viên Nội Bộ",
        is_public=True,
    )
    Delegation.objects.create(
        code="DV-NOIBO",
        direction="in",
        title="Đoàn nội bộ",
        participants=2,
        start_date=datetime.date(2013, 5, 2),
        is_public=False,
    )
    Event.objects.create(
        code="SK-1", kind="workshop", title="Hội thảo sinh quyển", start_date=datetime.date(2012, 1, 1)
    )
    # A call for aid: an open appeal for a public pipeline item; a closed one stays off the site.
    from friendship_union.appeals.models import Appeal

    seeking = AidItem.objects.create(
        code="KG-1", form="project", title="Nhà vệ sinh điểm trường", status="1", is_public=True
    )
    Appeal.objects.create(
        aid_item=seeking, need="Ba điểm trường cần nhà vệ sinh.", need_en="Three school sites need latrines.",
        estimated_budget_usd=Decimal(45000), counterpart_vnd=Decimal(150000000), contact_unit="Văn phòng Liên hiệp",
    )  # fmt: skip
    funded = AidItem.objects.create(
        code="KG-XONG", form="project", title="Dự án đã có nhà tài trợ", status="1", is_public=True
    )
    Appeal.objects.create(
        aid_item=funded, need="Lời kêu gọi đã đóng kín.", estimated_budget_usd=Decimal(1000),
        contact_unit="Văn phòng", is_open=False,
    )  # fmt: skip
    LegalDocument.objects.create(
        number="80/2020/NĐ-CP",
        doc_type="decree",
        title="Viện trợ",
        issuer="Chính phủ",
        issue_date=datetime.date(2020, 7, 8),
    )
    return partner


@pytest.fixture
def media_root(settings, tmp_path):
    """A temporary MEDIA_ROOT for the tests that write photos."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def media_served(settings, media_root):
    """Uploads served under /media/ by the live server of a browser test (DEBUG is off in tests)."""
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "friendship_union.portal.tests.urls_with_media"
    # The media view reads MEDIA_ROOT when the URLconf is imported: point it at this test's folder.
    from . import urls_with_media

    urls_with_media.urlpatterns[0].default_args["document_root"] = str(media_root)
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture(autouse=True)
def _gallery_media(request):
    """The gallery's tests (test_gallery_*) write their files under a temporary MEDIA_ROOT, as in
    the gallery app's own tests."""
    if request.module.__name__.rsplit(".", 1)[-1].startswith("test_gallery_"):
        request.getfixturevalue("media_root")
