import datetime
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from friendship_union.aid.models import AidItem, AidLocation, Disbursement
from friendship_union.aid.resources import AidItemResource, DisbursementResource
from friendship_union.aid.services import aid_item_convert_money, check_sector_percentages
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.partners.models import Partner
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rates(reference_data):
    make_identity()
    for code, rate in [("USD", "21000"), ("AUD", "17000"), ("EUR", "24000")]:
        ExchangeRate.objects.create(currency_id=code, date=datetime.date(2013, 1, 1), rate=D(rate))


def test_money_is_converted_at_the_dated_rate(rates):
    item = AidItem(
        code="A-1",
        form="project",
        title="X",
        committed_amount=D("1000"),
        currency_id="AUD",
        commitment_date=datetime.date(2013, 6, 1),
    )
    aid_item_convert_money(item)
    assert item.committed_vnd == D("17000000")
    assert item.committed_usd == D("809.52")
    assert item.rate_to_vnd == D("17000")


def test_missing_rate_tells_staff_what_to_add(rates):
    item = AidItem(
        code="A-1",
        form="project",
        title="X",
        committed_amount=D("1000"),
        currency_id="AUD",
        commitment_date=datetime.date(2012, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        aid_item_convert_money(item)
    assert "Chưa có tỷ giá AUD áp dụng cho ngày 01/06/2012" in str(error.value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"planned_start": datetime.date(2014, 1, 1), "planned_end": datetime.date(2013, 1, 1)},
            "Ngày kết thúc phải sau ngày bắt đầu",
        ),
        (
            {"committed_amount": D("0"), "currency_id": "USD", "commitment_date": datetime.date(2013, 1, 1)},
            "Giá trị cam kết phải lớn hơn 0",
        ),
        (
            {"approval_date": datetime.date(2014, 1, 1), "handover_date": datetime.date(2013, 1, 1)},
            "Ngày bàn giao không thể trước ngày phê duyệt",
        ),
    ],
)
def test_validation_messages(rates, fields, message):
    item = AidItem(code="A-1", form="project", title="X", **fields)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert message in str(error.value)


def test_sector_percentages_must_total_100():
    check_sector_percentages([D(60), D(40)])
    check_sector_percentages([])
    with pytest.raises(ValidationError, match="phải bằng 100% \\(hiện là 90%\\)"):
        check_sector_percentages([D(60), D(30)])


def test_program_and_its_projects_are_not_double_counted(rates):
    program = AidItem(
        code="P",
        form="program",
        title="Chương trình",
        committed_amount=D("1000"),
        currency_id="USD",
        commitment_date=datetime.date(2013, 2, 1),
    )
    aid_item_convert_money(program)
    program.save()
    project = AidItem(
        code="P-1",
        form="project",
        title="Dự án con",
        program=program,
        committed_amount=D("400"),
        currency_id="USD",
        commitment_date=datetime.date(2013, 3, 1),
    )
    aid_item_convert_money(project)
    project.save()
    totals = AidItem.objects.totals()
    assert totals["items"] == 2
    assert totals["usd"] == D("1000.00")


HEADERS = [
    "Mã",
    "Tên",
    "Hình thức",
    "Loại viện trợ",
    "Nhà tài trợ",
    "Chủ khoản viện trợ",
    "Lĩnh vực",
    "Địa bàn",
    "Giá trị cam kết",
    "Tiền tệ",
    "Ngày cam kết",
    "Số quyết định phê duyệt",
    "Ngày phê duyệt",
    "Cơ quan phê duyệt",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Trạng thái",
    "Vốn đối ứng",
    "Số người hưởng lợi",
    "Công khai",
    "Mô tả",
]


def run(resource, rows, headers=HEADERS):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return resource.import_data(data, dry_run=False, raise_errors=False)


def errors_of(result):
    found = [str(m) for row in result.invalid_rows for msgs in row.error_dict.values() for m in msgs]
    found += [str(e.error) for _n, errs in result.row_errors() for e in errs]
    return found


@pytest.fixture
def partners(rates):
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE")


GOOD_ROW = (
    "VT-2013-01",
    "Xây phòng học Đông Thới",
    "Dự án",
    "Kết hợp",
    "LKC-AU; GRA (thực hiện)",
    "UBND huyện",
    "11220:60; 12220:40",
    "Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển",
    "29.000,50",
    "AUD",
    "15/05/2013",
    "123/QĐ-UBND",
    "01/05/2013",
    "UBND tỉnh Cà Mau",
    "01/06/2013",
    "31/12/2014",
    "Đang thực hiện",
    "100.000.000",
    "1.200",
    "Có",
    "Mô tả",
)


def test_aid_import_good_file_and_reimport_changes_nothing(partners):
    result = run(AidItemResource(), [GOOD_ROW])
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    item = AidItem.objects.get()
    assert item.committed_amount == D("29000.50")
    assert item.committed_vnd == D("493008500")
    assert [(p.partner.code, p.role) for p in item.providers.order_by("role")] == [
        ("LKC-AU", "1"),
        ("GRA-DE", "4"),
    ]
    assert sorted((s.sector_id, s.percentage) for s in item.sectors.all()) == [
        ("11220", D(60)),
        ("12220", D(40)),
    ]
    labels = sorted(loc.place_current.label for loc in item.locations.all())
    assert labels == ["Xã Cái Nước, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau"]
    assert item.locations.get(place_text="Đông Thới, Cái Nước").place_recorded.name == "Xã Đông Thới"
    history = AidItem.history.count()
    again = run(AidItemResource(), [GOOD_ROW])
    assert again.totals["skip"] == 1, errors_of(again)
    assert AidItem.history.count() == history and AidLocation.objects.count() == 2


def test_aid_import_changed_sectors_is_an_update(partners):
    run(AidItemResource(), [GOOD_ROW])
    changed = list(GOOD_ROW)
    changed[6] = "11220"
    result = run(AidItemResource(), [tuple(changed)])
    assert result.totals["update"] == 1
    assert [s.sector_id for s in AidItem.objects.get().sectors.all()] == ["11220"]


def test_aid_import_bad_rows(partners):
    bad = list(GOOD_ROW)
    bad[0], bad[4], bad[6], bad[7] = (
        "VT-BAD",
        "LKC-AU; Không Tồn Tại",
        "11220:60; 12220:30",
        "xa dong thoj, cai nuoc",
    )
    bad2 = list(GOOD_ROW)
    bad2[0], bad2[9], bad2[10] = "VT-BAD2", "AUD", "01/01/2010"
    result = run(AidItemResource(), [GOOD_ROW, tuple(bad), tuple(bad2)])
    text = "\n".join(errors_of(result))
    assert (
        "Dòng 3, cột “Nhà tài trợ”: “LKC-AU; Không Tồn Tại” có đối tác chưa có trong danh sách: Không Tồn Tại" in text
    )
    assert "Dòng 3, cột “Lĩnh vực”: “11220:60; 12220:30” tổng tỷ lệ phải bằng 100 (đang là 90)" in text
    assert "Dòng 3, cột “Địa bàn”" in text and "Không tìm thấy địa danh “xa dong thoj”" in text
    assert "Dòng 4, cột “Ngày cam kết”" in text and "Chưa có tỷ giá AUD áp dụng cho ngày 01/01/2010" in text
    assert not AidItem.objects.exists()


def test_disbursement_import(partners):
    run(AidItemResource(), [GOOD_ROW])
    headers = ["Mã khoản viện trợ", "Ngày giải ngân", "Số tiền", "Tiền tệ"]
    result = run(DisbursementResource(), [("VT-2013-01", "01/07/2013", "10.000", "AUD")], headers)
    assert not result.has_validation_errors(), errors_of(result)
    assert Disbursement.objects.get().amount_vnd == D("170000000")
    assert run(DisbursementResource(), [("VT-2013-01", "01/07/2013", "10.000", "AUD")], headers).totals["skip"] == 1
    bad = run(DisbursementResource(), [("VT-404", "01/07/2013", "10", "AUD")], headers)
    assert "Dòng 2, cột “Mã khoản viện trợ”: “VT-404” không có khoản viện trợ này trong danh mục" in "\n".join(
        errors_of(bad)
    )


@pytest.fixture
def data_entry(client, partners):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    return client


def test_admin_totals_line_and_filters(data_entry):
    run(AidItemResource(), [GOOD_ROW])
    html = data_entry.get("/admin/aid/aiditem/").content.decode()
    assert "Tổng theo bộ lọc" in html
    assert "1 khoản · cam kết 23.477 USD · 493.008.500 ₫" in html
    html = data_entry.get("/admin/aid/aiditem/", {"status__exact": "4"}).content.decode()
    assert "0 khoản" in html


def test_admin_search_without_diacritics(data_entry):
    run(AidItemResource(), [GOOD_ROW])
    response = data_entry.get("/admin/aid/aiditem/", {"q": "phong hoc dong thoi"})
    assert [i.code for i in response.context["cl"].result_list] == ["VT-2013-01"]


def test_leadership_reads_but_cannot_edit(client, partners):
    leader = UserFactory(username="lanhdao1", role="leadership")
    client.force_login(leader)
    assert client.get("/admin/aid/aiditem/").status_code == 200
    assert client.get("/admin/aid/aiditem/add/").status_code == 403
    assert client.get("/admin/aid/aiditem/import/").status_code == 403
    assert not leader.has_perm("auth.change_user")


def test_changelist_query_count_fixed_at_10_and_1000(data_entry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n, start):
        for i in range(start, start + n):
            AidItem(
                code=f"Q-{i}",
                form="project",
                title=f"Dự án {i}",
                committed_amount=D("100"),
                currency_id="USD",
                commitment_date=datetime.date(2013, 5, 1),
                committed_usd=D("100"),
                committed_vnd=D("2100000"),
            ).save()

    make(10, 0)
    with CaptureQueriesContext(connection) as few:
        data_entry.get("/admin/aid/aiditem/")
    make(990, 10)
    with CaptureQueriesContext(connection) as many:
        data_entry.get("/admin/aid/aiditem/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_demo_reproduces_the_source_figures(demo):
    assert Partner.objects.count() == 85
    assert Partner.objects.filter(provided__isnull=False).distinct().count() == 79
    totals = AidItem.objects.committed_between(2003, 2015).totals()
    assert totals["usd"] > D("29000000")
    assert (
        AidItem.objects.committed_between(2010, 2015).totals()["usd"]
        > AidItem.objects.committed_between(2005, 2009).totals()["usd"]
    )
    loreto = AidItem.objects.get(providers__partner__code="LKC-AU")
    assert loreto.form == "non_project" and loreto.committed_amount is None  # no invented figure
    assert loreto.locations.get().place_recorded.label == "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau"
    count = AidItem.objects.count()
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert AidItem.objects.count() == count


def test_sector_filter_counts_categories_and_their_codes(data_entry):
    run(AidItemResource(), [GOOD_ROW])  # 11220 (category 112) and 12220 (category 122)
    response = data_entry.get("/admin/aid/aiditem/", {"linh_vuc": "112"})
    assert [i.code for i in response.context["cl"].result_list] == ["VT-2013-01"]
    assert not data_entry.get("/admin/aid/aiditem/", {"linh_vuc": "140"}).context["cl"].result_list
    html = data_entry.get("/admin/aid/aiditem/").content.decode()
    assert "112 – Giáo dục cơ bản" in html and "Lọc theo" in html


def inline_management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def aid_form(**extra):
    data = {
        "code": "AD-1",
        "form": "non_project",
        "title": "Trao học bổng",
        "status": "1",
        "managing_agency": "Ủy ban nhân dân tỉnh",
    }
    for prefix in (
        "providers",
        "sectors",
        "locations",
        "budgets",
        "disbursements",
        "results",
        "monitoring_visits",
        "documents",
    ):
        data.update(inline_management(prefix))
    data.update(extra)
    return data


def test_admin_add_item_with_place_and_bad_uploads(data_entry, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = aid_form(**inline_management("locations", 1), **{"locations-0-place_text": "xa dong thoj, cai nuoc"})
    response = data_entry.post("/admin/aid/aiditem/add/", data)
    assert response.status_code == 200
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    assert not AidItem.objects.exists()

    bad = aid_form(
        **inline_management("documents", 1),
        **{
            "documents-0-title": "Quyết định",
            "documents-0-file": SimpleUploadedFile("qd.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    response = data_entry.post("/admin/aid/aiditem/add/", bad)
    assert "Chỉ nhận tệp PDF, Word, Excel" in response.content.decode()
    renamed = aid_form(
        **inline_management("documents", 1),
        **{
            "documents-0-title": "Quyết định",
            "documents-0-file": SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert (
        "Nội dung tệp không đúng với đuôi “.pdf”"
        in data_entry.post("/admin/aid/aiditem/add/", renamed).content.decode()
    )
    assert not AidItem.objects.exists()

    good = aid_form(
        **inline_management("locations", 1),
        **{"locations-0-place_text": "Đông Thới, Cái Nước"},
        **inline_management("documents", 1),
        **{
            "documents-0-title": "Quyết định",
            "documents-0-file": SimpleUploadedFile("Quyết định số 1.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    response = data_entry.post("/admin/aid/aiditem/add/", good)
    assert response.status_code == 302
    item = AidItem.objects.get()
    assert item.locations.get().place_current.label == "Xã Cái Nước, Tỉnh Cà Mau"
    stored = item.documents.get().file.name
    assert stored.startswith("aid/") and stored.endswith(".pdf") and "Quy" not in stored  # generated name


def test_admin_missing_rate_is_a_form_error(data_entry):
    data = aid_form(committed_amount="1000", currency="AUD", commitment_date="01/01/2010")
    response = data_entry.post("/admin/aid/aiditem/add/", data)
    assert response.status_code == 200
    assert "Chưa có tỷ giá AUD áp dụng cho ngày 01/01/2010" in response.content.decode()
    assert not AidItem.objects.exists()


def test_admin_sector_shares_must_total_100(data_entry):
    data = aid_form(
        **{
            "sectors-TOTAL_FORMS": "2",
            "sectors-INITIAL_FORMS": "0",
            "sectors-0-sector": "11220",
            "sectors-0-percentage": "60",
            "sectors-1-sector": "12220",
            "sectors-1-percentage": "30",
        }
    )
    response = data_entry.post("/admin/aid/aiditem/add/", data)
    assert "Tổng tỷ lệ các lĩnh vực phải bằng 100% (hiện là 90%)" in response.content.decode()
    assert not AidItem.objects.exists()


def test_admin_place_is_read_in_the_era_of_the_commitment_date(data_entry):
    data = aid_form(
        commitment_date="01/05/2013", **inline_management("locations", 1), **{"locations-0-place_text": "Đất Mũi"}
    )
    assert data_entry.post("/admin/aid/aiditem/add/", data).status_code == 302
    location = AidItem.objects.get().locations.get()
    assert location.place_recorded.label == "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau"


def test_the_summary_carries_the_beneficiaries_of_its_items(demo, django_assert_num_queries):
    """summary()'s beneficiaries are beneficiaries_total()'s, read in the summary's one query."""
    for items in (AidItem.objects.all(), AidItem.objects.public(), AidItem.objects.filter(form="project")):
        with django_assert_num_queries(1):
            summary = items.summary()
        assert summary["beneficiaries"] == items.beneficiaries_total() > 0
        assert summary["items"] == items.count()


def test_a_choice_label_is_shown_in_the_readers_language():
    """get_<field>_display() reads each field's labels made once per language: the label of the
    language active at the call, and an unknown value as it is."""
    item = AidItem(status="2", form="project")
    for language, status in [("vi", "Đang thực hiện"), ("en", "Implementation"), ("vi", "Đang thực hiện")]:
        with translation.override(language):
            assert item.get_status_display() == status
    item.status = "9"
    assert item.get_status_display() == "9"
