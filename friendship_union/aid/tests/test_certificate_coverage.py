"""The certificate coverage check (#19): an aid item a foreign NGO funds or implements is checked
against the NGO's registration certificates on the item's dates — in force every day, its places in
the provinces they permit (legacy provinces mapped to today's), its sectors in the DAC categories of
their fields. One definition (AidItemQuerySet.outside_certificate_coverage) behind the item's admin
page, the admin list filter, the dashboard's alerts and the weekly digest; it warns, never blocks."""

import datetime
import re
from decimal import Decimal

import pytest

from friendship_union.aid.coverage import coverage_problems, outside_coverage_ids
from friendship_union.aid.models import AidForm, AidItem, AidStatus, ProviderRole
from friendship_union.aid.services import aid_item_save
from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.models import (
    CertificateStatus,
    CertificateType,
    PartnerType,
    RegistrationCertificate,
)
from friendship_union.partners.services import certificate_save
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import AdministrativeUnit, RegistrationSector, Sector

pytestmark = pytest.mark.django_db
day = datetime.date


def legacy(key: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.legacy().get(level=1, key=key)


def current(key: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.current().get(level=1, key=key)


def ngo(code: str, **extra):
    return make_partner(code=code, name=f"Tổ chức {code}", **extra)


def certificate(partner, issue, expiry, provinces=(), fields=(), *, renews=None, status=CertificateStatus.VALID):
    return certificate_save(
        certificate=RegistrationCertificate(
            partner=partner,
            certificate_type=CertificateType.OPERATION,
            number=f"{issue:%d%m%Y}/GĐK",
            issue_date=issue,
            expiry_date=expiry,
            renews=renews,
            status=status,
        ),
        provinces=list(provinces),
        sectors=list(RegistrationSector.objects.filter(name__in=fields)),
    )


def item(code, partner, start=None, end=None, *, place="Đông Thới, Cái Nước", sector="11220", **extra):
    role = extra.pop("role", ProviderRole.FUNDING)
    values = {"status": AidStatus.IMPLEMENTATION, "planned_start": start, "planned_end": end, **extra}
    return aid_item_save(
        item=AidItem(code=code, form=AidForm.PROJECT, title=f"Dự án {code}", **values),
        providers=[(partner, role)],
        sectors=[(Sector.objects.get(code=sector), Decimal(100))],
        places=[place] if place else [],
    )


def outside() -> set[str]:
    """The items outside coverage, as the admin filter selects them; the dashboard's alert, which
    keeps each NGO's under a stamp of its rows and checks again only the NGOs whose rows moved
    (outside_coverage_ids), finds the same ones after every change these tests make."""
    codes = set(AidItem.objects.outside_certificate_coverage().values_list("code", flat=True))
    kept = set(AidItem.objects.filter(pk__in=outside_coverage_ids()).values_list("code", flat=True))
    assert kept == codes
    return codes


def test_dates_expired_certificate_then_renewal_clears_the_warning(reference_data):
    partner = ngo("NGO-01")
    first = certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Giáo dục"])
    item("IN", partner, day(2020, 3, 1), day(2022, 6, 30))
    running_on = item("ON", partner, day(2021, 1, 1), day(2023, 6, 30))
    early = item("EARLY", partner, day(2019, 6, 1), day(2020, 6, 1))
    assert outside() == {"ON", "EARLY"}
    assert coverage_problems(running_on) == [
        "Tổ chức NGO-01: không có giấy đăng ký còn hiệu lực ngày 01/01/2023 "
        "(khoản viện trợ từ 01/01/2021 đến 30/06/2023)."
    ]
    assert coverage_problems(early) == [
        "Tổ chức NGO-01: không có giấy đăng ký còn hiệu lực ngày 01/06/2019 "
        "(khoản viện trợ từ 01/06/2019 đến 01/06/2020)."
    ]

    # The renewal (issued the day after the first expired) covers the rest of the item's dates.
    first.status = CertificateStatus.RENEWED
    certificate_save(certificate=first)
    certificate(partner, day(2023, 1, 1), day(2025, 12, 31), [legacy("ca mau")], ["Giáo dục"], renews=first)
    assert outside() == {"EARLY"}
    assert coverage_problems(running_on) == []


def test_a_late_renewal_leaves_a_gap_and_a_revoked_certificate_covers_nothing(reference_data):
    late, revoked = ngo("NGO-LATE"), ngo("NGO-REV")
    first = certificate(late, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Giáo dục"])
    certificate(late, day(2023, 2, 15), day(2025, 12, 31), [legacy("ca mau")], ["Giáo dục"], renews=first)
    gap = item("GAP", late, day(2022, 6, 1), day(2023, 6, 30))
    certificate(revoked, day(2020, 1, 1), day(2022, 12, 31), status=CertificateStatus.REVOKED)
    item("REV", revoked, day(2021, 1, 1), day(2021, 6, 30))
    assert outside() == {"GAP", "REV"}
    assert "ngày 01/01/2023" in coverage_problems(gap)[0]


def test_wrong_province(reference_data):
    partner = ngo("NGO-HN")
    certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Giáo dục"])
    item("CM", partner, day(2021, 1, 1), day(2021, 12, 31))
    far = item("HN", partner, day(2021, 1, 1), day(2021, 12, 31), place="Tràng Tiền, Hoàn Kiếm, Hà Nội")
    assert outside() == {"HN"}
    assert coverage_problems(far) == [
        "Tổ chức NGO-HN: tỉnh Hà Nội (Tràng Tiền, Hoàn Kiếm, Hà Nội) không thuộc phạm vi giấy đăng ký."
    ]


def test_merged_province_legacy_bac_lieu_and_todays_ca_mau(reference_data):
    # A certificate naming the legacy Bạc Liêu covers the places that were in Bạc Liêu — recorded
    # before the reform, or recorded today as a ward of Cà Mau made of Bạc Liêu communes — and not
    # those that were in the legacy Cà Mau.
    bac_lieu = ngo("NGO-BL")
    certificate(bac_lieu, day(2024, 1, 1), day(2026, 12, 31), [legacy("bac lieu")], ["Giáo dục"])
    item("BL-THEN", bac_lieu, day(2024, 3, 1), day(2024, 12, 31), place="Vĩnh Trạch, Bạc Liêu")
    now = item("BL-NOW", bac_lieu, day(2025, 9, 1), day(2025, 12, 31), place="Phường Vĩnh Trạch")
    assert now.locations.get().place_recorded.label == "Phường Vĩnh Trạch, Tỉnh Cà Mau"
    old_ca_mau = item("CM-THEN", bac_lieu, day(2024, 3, 1), day(2024, 12, 31), place="Đông Thới, Cái Nước")
    item("CM-NOW", bac_lieu, day(2025, 9, 1), day(2025, 12, 31), place="Xã Cái Nước")
    # A certificate naming today's Cà Mau covers the communes that were in Cà Mau or in Bạc Liêu.
    ca_mau = ngo("NGO-CM")
    certificate(ca_mau, day(2024, 1, 1), day(2026, 12, 31), [current("ca mau")], ["Giáo dục"])
    item("CM-BL-THEN", ca_mau, day(2024, 3, 1), day(2024, 12, 31), place="Vĩnh Trạch, Bạc Liêu")
    item("CM-CM-THEN", ca_mau, day(2024, 3, 1), day(2024, 12, 31), place="Đông Thới, Cái Nước")
    item("CM-CM-NOW", ca_mau, day(2025, 9, 1), day(2025, 12, 31), place="Xã Cái Nước")
    item("CM-HN", ca_mau, day(2024, 3, 1), day(2024, 12, 31), place="Tràng Tiền, Hoàn Kiếm, Hà Nội")

    assert outside() == {"CM-THEN", "CM-NOW", "CM-HN"}
    assert coverage_problems(old_ca_mau) == [
        "Tổ chức NGO-BL: tỉnh Cà Mau (Đông Thới, Cái Nước) không thuộc phạm vi giấy đăng ký."
    ]
    # Both legacy provinces named: today's Cà Mau as a whole is covered too.
    both = ngo("NGO-2")
    certificate(both, day(2024, 1, 1), day(2026, 12, 31), [legacy("bac lieu"), legacy("ca mau")], ["Giáo dục"])
    item("BOTH-PROVINCE", both, day(2025, 9, 1), day(2025, 12, 31), place="Tỉnh Cà Mau")
    item("BOTH-BL", both, day(2025, 9, 1), day(2025, 12, 31), place="Phường Vĩnh Trạch")
    assert outside() == {"CM-THEN", "CM-NOW", "CM-HN"}


def test_wrong_sector_compared_at_the_dac_category(reference_data):
    partner = ngo("NGO-YT")
    certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Y tế", "Dạy nghề"])
    item("HEALTH", partner, day(2021, 1, 1), day(2021, 12, 31), sector="12220")  # 122, which "Y tế" covers
    item("VOCATIONAL", partner, day(2021, 1, 1), day(2021, 12, 31), sector="11330")  # 113: "Dạy nghề"
    school = item("SCHOOL", partner, day(2021, 1, 1), day(2021, 12, 31), sector="11220")  # 112
    assert outside() == {"SCHOOL"}
    assert coverage_problems(school) == [
        "Tổ chức NGO-YT: lĩnh vực 11220 – Giáo dục tiểu học (nhóm DAC 112) không thuộc phạm vi giấy đăng ký."
    ]
    # The mapping is data staff keep: "Dạy nghề" counted as covering basic education too clears it.
    RegistrationSector.objects.get(name="Dạy nghề").categories.add("112")
    assert outside() == set()


def test_only_foreign_ngos_funding_or_implementing_dated_items_are_checked(reference_data):
    foundation = ngo("FOUNDATION", partner_type=PartnerType.FOUNDATION)
    uncertified = ngo("NGO-NONE")
    item("BY-FOUNDATION", foundation, day(2021, 1, 1), day(2021, 12, 31))
    item("ACCOUNTABLE", uncertified, day(2021, 1, 1), day(2021, 12, 31), role=ProviderRole.ACCOUNTABLE)
    item("IMPLEMENTED", uncertified, day(2021, 1, 1), day(2021, 12, 31), role=ProviderRole.IMPLEMENTING)
    item("UNDATED", uncertified)
    item("CANCELLED", uncertified, day(2021, 1, 1), day(2021, 12, 31), status=AidStatus.CANCELLED)
    # Items dated only by their commitment are checked on that day.
    item("COMMITTED", uncertified, commitment_date=day(2021, 5, 1))
    assert outside() == {"IMPLEMENTED", "COMMITTED"}
    # A certificate recording no provinces or fields: only its dates are checked.
    certificate(uncertified, day(2020, 1, 1), day(2022, 12, 31))
    assert outside() == set()


@pytest.fixture
def data_entry(client):
    client.force_login(UserFactory(username="nhaplieu-gdk", role="data_entry"))
    return client


def test_admin_page_warns_the_list_filters_and_saving_is_not_blocked(reference_data, data_entry):
    partner = ngo("NGO-AD")
    certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Y tế"])
    school = item("AD-1", partner, day(2021, 1, 1), day(2021, 12, 31))
    page = data_entry.get(f"/admin/aid/aiditem/{school.pk}/change/").content.decode()
    assert "phạm vi giấy đăng ký" in page
    assert "lĩnh vực 11220 – Giáo dục tiểu học (nhóm DAC 112) không thuộc phạm vi giấy đăng ký" in page

    listing = data_entry.get("/admin/aid/aiditem/", {"chat_luong": "ngoai_pham_vi_giay_dang_ky"})
    assert [i.code for i in listing.context["cl"].result_list] == ["AD-1"]
    assert "Ngoài phạm vi giấy đăng ký" in listing.content.decode()

    # A warning, never a refusal: the item saves as it is through its admin form.
    from friendship_union.aid.tests.test_aid import aid_form, inline_management

    form = aid_form(code="AD-2", form="project", title="Dự án AD-2", planned_start="01/01/2021")
    form.update(inline_management("providers", 1))
    form.update({"providers-0-partner": partner.pk, "providers-0-role": ProviderRole.FUNDING})
    form.update(inline_management("sectors", 1))
    form.update({"sectors-0-sector": "11220", "sectors-0-percentage": "100"})
    response = data_entry.post("/admin/aid/aiditem/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert outside() == {"AD-1", "AD-2"}


def test_admin_list_filter_query_count_does_not_grow(reference_data, data_entry, django_assert_max_num_queries):
    partner = ngo("NGO-Q")
    certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Y tế"])
    url, query = "/admin/aid/aiditem/", {"chat_luong": "ngoai_pham_vi_giay_dang_ky"}
    item("Q-1", partner, day(2021, 1, 1), day(2021, 12, 31))
    data_entry.get(url, query)  # warm: session, permissions, the site identity
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert data_entry.get(url, query).context["cl"].result_count == 1
    for n in range(2, 12):
        item(f"Q-{n}", partner, day(2021, 1, 1), day(2021, 12, 31), sector="11220" if n % 2 else "12220")
    with django_assert_max_num_queries(len(one)):
        assert data_entry.get(url, query).context["cl"].result_count == 6


def test_demo_has_one_item_outside_its_certificates_and_the_dashboard_says_so(demo, client):
    assert outside() == {"DEMO-TH-2024-01"}
    shrimp = AidItem.objects.get(code="DEMO-TH-2024-01")
    [problem] = coverage_problems(shrimp)
    assert re.fullmatch(
        r".+: lĩnh vực 311 – Nông nghiệp \(nhóm DAC 311\) không thuộc phạm vi giấy đăng ký\.", problem
    ), problem
    # The NGO's other items, and others a foreign NGO funds, are covered: no reason given for them.
    checked = AidItem.objects.filter(providers__partner__partner_type=PartnerType.INGO).distinct()
    assert checked.count() > 50
    same_ngo = AidItem.objects.filter(providers__partner__provided__aid_item=shrimp).exclude(pk=shrimp.pk)
    assert same_ngo.count() == 3
    for other in [*same_ngo, *checked.order_by("code")[:10]]:
        assert coverage_problems(other) == [], other.code

    client.force_login(UserFactory(username="lanhdao-gdk", role="leadership"))
    page = client.get("/bang-dieu-khien/").content.decode()
    link = "/admin/aid/aiditem/?chat_luong=ngoai_pham_vi_giay_dang_ky"
    assert f'<a href="{link}">Ngoài phạm vi giấy đăng ký: 1</a>' in page
    assert "DEMO-TH-2024-01</a> – Sinh kế tôm – rừng bền vững" in page


def test_the_dashboards_check_reads_only_the_ngos_whose_rows_moved_in_the_same_queries_however_many(
    reference_data, django_assert_num_queries
):
    """outside_coverage_ids keeps each foreign NGO's items outside coverage under a stamp of the rows
    its check reads: a certificate saved for one NGO has that NGO checked again, and no other; an
    item of another NGO changed, that one. Five queries (in a request, which reads the versions once)
    whether two NGOs or six are checked: the NGOs, their aid rows' recorded changes, their certificate
    rows' fingerprint, one check of those not kept, the versions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from friendship_union.core.versioning import bump_records_version, versions_read_once

    ngos = [ngo(f"NGO-S{n}") for n in range(6)]
    for n, partner in enumerate(ngos[:2]):
        certificate(partner, day(2020, 1, 1), day(2025, 12, 31), [legacy("ca mau")], ["Giáo dục"])
        item(f"S-{n}", partner, day(2021, 1, 1), day(2021, 12, 31), sector="12220")  # health: outside
    with django_assert_num_queries(5), versions_read_once():
        outside_coverage_ids()
    for n, partner in enumerate(ngos[2:], 2):
        item(f"S-{n}", partner, day(2021, 1, 1), day(2021, 12, 31))  # no certificate: outside
    with django_assert_num_queries(5), versions_read_once():
        outside_coverage_ids()
    assert outside() == {f"S-{n}" for n in range(6)}

    def checked() -> set[str]:
        with CaptureQueriesContext(connection) as queries, versions_read_once():
            outside_coverage_ids()
        listed = re.compile(r'"aid_aidprovider"\."partner_id" IN \(([\d, ]+)\)')
        ids = {int(i) for q in queries.captured_queries for m in listed.findall(q["sql"]) for i in m.split(", ")}
        return {partner.code for partner in ngos if partner.pk in ids}

    # A certificate permitting health too, for the first NGO: its item is covered; only it is checked.
    certificate(ngos[0], day(2021, 1, 1), day(2021, 12, 31), [legacy("ca mau")], ["Y tế"])
    assert checked() == {"NGO-S0"}
    assert "S-0" not in outside()
    # Another NGO's item made to start before its certificate, by a bulk update: only that NGO.
    AidItem.objects.filter(code="S-1").update(planned_start=day(2019, 1, 1))
    bump_records_version(AidItem)
    assert checked() == {"NGO-S1"}
    assert "S-1" in outside()
    # Nothing moved: nobody is checked.
    assert checked() == set()
