import datetime
import io

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone

from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.models import CertificateType, Partner, RegistrationCertificate
from friendship_union.partners.resources import CertificateResource, PartnerResource

from .factories import make_certificate, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_entry(client, reference_data):
    user = UserFactory(username="nhaplieu1", role="data_entry")
    client.force_login(user)
    client.user = user
    return client


def test_partner_save_normalizes_and_folds(reference_data):
    partner = make_partner(name="  Loreto   Kids\u00a0Charity ", name_vi="Tổ chức Loreto", acronym="LKC")
    assert partner.name == "Loreto Kids Charity"
    assert Partner.objects.search("loreto kids").get() == partner
    assert Partner.objects.search("to chuc loreto").get() == partner


def test_inactive_partner_needs_a_reason(reference_data):
    partner = Partner(code="X-1", name="X", partner_type="ingo", active=False)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "Ghi lý do" in str(error.value)


def test_duplicate_found_by_folded_name_or_acronym_and_country(reference_data):
    existing = make_partner(name="Bright Futures Foundation", acronym="BFF", country_id="US")
    assert list(Partner.objects.similar_to(name="BRIGHT futures  foundation")) == [existing]
    assert list(Partner.objects.similar_to(name="Other", acronym="bff", country_id="US")) == [existing]
    assert not Partner.objects.similar_to(name="Other", acronym="BFF", country_id="JP").exists()


def test_admin_warns_about_a_duplicate_before_saving(data_entry):
    make_partner(code="BFF-US", name="Bright Futures Foundation", country_id="US")
    form = {
        "code": "BFF-2",
        "name": "Bright Futures  Foundation",
        "partner_type": "foundation",
        "country": "US",
        "active": "on",
        "certificates-TOTAL_FORMS": "0",
        "certificates-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    response = data_entry.post("/admin/partners/partner/add/", form)
    assert response.status_code == 200
    assert "Có thể trùng với đối tác đã có: BFF-US – Bright Futures Foundation" in response.content.decode()
    assert Partner.objects.count() == 1
    response = data_entry.post("/admin/partners/partner/add/", {**form, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Partner.objects.count() == 2


def test_certificate_rules(reference_data):
    partner = make_partner()
    with pytest.raises(ValidationError, match="Ngày hết hạn phải sau ngày cấp"):
        make_certificate(partner, issue=datetime.date(2023, 5, 1), expiry=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="không còn cấp giấy lập văn phòng dự án"):
        make_certificate(
            partner,
            number="2",
            certificate_type=CertificateType.PROJECT_OFFICE,
            issue=datetime.date(2023, 1, 1),
        )
    make_certificate(
        partner, number="3", certificate_type=CertificateType.PROJECT_OFFICE, issue=datetime.date(2018, 1, 1)
    )
    with pytest.raises(ValidationError, match="tối đa của loại giấy này là 3 năm"):
        make_certificate(partner, number="4", issue=datetime.date(2023, 1, 1), expiry=datetime.date(2027, 1, 1))


def test_renewal_keeps_the_old_certificate(reference_data):
    partner = make_partner()
    old = make_certificate(partner, number="1", issue=datetime.date(2020, 1, 1), expiry=datetime.date(2023, 1, 1))
    new = make_certificate(partner, number="2", issue=datetime.date(2023, 1, 1), renews=old)
    assert old.renewed_by == new
    assert partner.certificates.count() == 2


def test_expiring_within_90_days(reference_data, data_entry):
    partner = make_partner()
    today = timezone.localdate()
    soon = make_certificate(
        partner,
        number="S",
        issue=today - datetime.timedelta(days=1000),
        expiry=today + datetime.timedelta(days=30),
    )
    make_certificate(
        partner,
        number="L",
        issue=today - datetime.timedelta(days=10),
        expiry=today + datetime.timedelta(days=400),
    )
    assert list(RegistrationCertificate.objects.expiring_within(90)) == [soon]
    response = data_entry.get("/admin/partners/registrationcertificate/", {"sap_het_han": "90"})
    assert list(response.context["cl"].result_list) == [soon]
    assert "30 ngày" in response.content.decode()


PARTNER_HEADERS = [
    "Mã",
    "Tên",
    "Tên tiếng Việt",
    "Viết tắt",
    "Loại",
    "Quốc gia",
    "Website",
    "Email",
    "Điện thoại",
    "Địa chỉ",
    "Quan hệ từ năm",
    "Đang hoạt động",
]


def run(resource, headers, rows):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return resource.import_data(data, dry_run=False, raise_errors=False)


def errors_of(result):
    found = [str(m) for row in result.invalid_rows for msgs in row.error_dict.values() for m in msgs]
    found += [str(e.error) for _n, errs in result.row_errors() for e in errs]
    return found


def test_partner_import_good_and_reimport(reference_data):
    rows = [
        (
            "LKC-AU",
            "Loreto Kids Charity",
            "Tổ chức Loreto",
            "LKC",
            "Tổ chức phi chính phủ nước ngoài",
            "Úc",
            "",
            "info@loreto.example",
            "",
            "",
            2008,
            "Có",
        ),
        (
            "JP-CG",
            "Consulate-General of Japan",
            "",
            "",
            "Tổng lãnh sự quán / Đại sứ quán",
            "JP",
            "",
            "",
            "",
            "",
            "2010",
            "x",
        ),
    ]
    result = run(PartnerResource(), PARTNER_HEADERS, rows)
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    assert Partner.objects.get(code="LKC-AU").country_id == "AU"
    again = run(PartnerResource(), PARTNER_HEADERS, rows)
    assert again.totals["skip"] == 2 and again.totals["new"] == again.totals["update"] == 0


def test_partner_import_messy(reference_data):
    rows = [
        (" ngo-1 ", "  Green\u00a0Roots  Aid ", "", "gra", "NGO", "australia", "", "", "", "", "2.015", "1"),
        ("", "", "", "", "", "", "", "", "", "", "", ""),
    ]
    result = run(PartnerResource(), [h.upper() for h in PARTNER_HEADERS], rows)
    assert not result.has_validation_errors(), errors_of(result)
    partner = Partner.objects.get(code="ngo-1")
    assert (partner.name, partner.partner_type, partner.relationship_since) == (
        "Green Roots Aid",
        "ingo",
        2015,
    )


def test_partner_import_bad_rows_named_and_nothing_written(reference_data):
    rows = [
        ("OK-1", "Fine", "", "", "Quỹ", "Đức", "", "", "", "", "2010", "Có"),
        ("BAD-1", "", "", "", "Quỹ", "Đức", "", "", "", "", "2010", "Có"),
        ("BAD-2", "X", "", "", "Hội đoàn", "Atlantis", "", "thư@", "", "", "năm ngoái", "có lẽ"),
    ]
    result = run(PartnerResource(), PARTNER_HEADERS, rows)
    text = "\n".join(errors_of(result))
    assert "Dòng 3, cột “Tên”: bắt buộc" in text
    assert "Dòng 4, cột “Loại”: “Hội đoàn” không phải giá trị hợp lệ" in text
    assert "Dòng 4, cột “Quốc gia”: “Atlantis” không phải tên hay mã quốc gia đã biết" in text
    assert "Dòng 4, cột “Quan hệ từ năm”: “năm ngoái” không phải là số nguyên" in text
    assert "Dòng 4, cột “Đang hoạt động”: “có lẽ” cần ghi Có hoặc Không" in text
    assert not Partner.objects.exists()


def test_certificate_import(reference_data):
    make_partner(code="LKC-AU", name="Loreto Kids Charity")
    headers = [
        "Đối tác",
        "Loại giấy",
        "Số giấy",
        "Ngày cấp",
        "Ngày hết hạn",
        "Địa bàn được phép",
        "Lĩnh vực được phép",
    ]
    rows = [
        (
            "LKC-AU",
            "Giấy đăng ký hoạt động",
            "45/BNG-ĐK",
            "15/03/2023",
            "14/03/2026",
            "Cà Mau; Bạc Liêu",
            "Giáo dục; Y tế",
        )
    ]
    result = run(CertificateResource(), headers, rows)
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    cert = RegistrationCertificate.objects.get()
    assert cert.issue_date == datetime.date(2023, 3, 15)
    assert {s.name for s in cert.permitted_sectors.all()} == {"Giáo dục", "Y tế"}
    assert cert.permitted_provinces.count() == 2
    assert run(CertificateResource(), headers, rows).totals["skip"] == 1
    bad = run(
        CertificateResource(),
        headers,
        [
            (
                "LKC-AU",
                "Giấy đăng ký hoạt động",
                "46",
                "15/03/2023",
                "14/03/2026",
                "Cà Mau",
                "Giáo dục; Thiên văn",
            )
        ],
    )
    assert "có lĩnh vực không tìm thấy: Thiên văn" in "\n".join(errors_of(bad))
    assert RegistrationCertificate.objects.count() == 1


def test_contacts_never_on_public_pages(client, reference_data):
    partner = make_partner()
    partner.contacts.create(name="Nguyễn Văn Liên Hệ", email="lienhe.rieng@example.org", phone="0909 111 222")
    for url in ["/", "/en/", "/gioi-thieu/", "/en/about/"]:
        html = client.get(url).content.decode()
        assert "lienhe.rieng@example.org" not in html and "0909 111 222" not in html


def test_partner_changelist_queries_fixed(data_entry, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(10):
        make_partner(code=f"P{i}", name=f"Partner {i}")
    with CaptureQueriesContext(connection) as few:
        data_entry.get("/admin/partners/partner/")
    for i in range(10, 1000):
        Partner(code=f"P{i}", name=f"Partner {i}", partner_type="ingo", country_id="JP").save()
    with CaptureQueriesContext(connection) as many:
        data_entry.get("/admin/partners/partner/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_template_download(data_entry):
    from openpyxl import load_workbook

    response = data_entry.get("/admin/partners/partner/mau-nhap/")
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    assert headers[:12] == PARTNER_HEADERS
