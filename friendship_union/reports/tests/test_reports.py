"""The periodic report: its figures are the record apps' QuerySet methods, its two files say them in
Vietnamese with their annexes adding up to them, a sent report is frozen byte for byte, and a
later change to a record it counted is shown to the editor and listed under "changed since sent"."""

import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from friendship_union.aid.models import AidItem, Disbursement
from friendship_union.aid.services import aid_item_save
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Donation, Enterprise, HomelandVisit, VisitMonthTotal
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner
from friendship_union.reports import services
from friendship_union.reports.models import Half, PeriodKind, Report, Submission
from friendship_union.reports.tables import grouped

pytestmark = pytest.mark.django_db
D = Decimal
H1_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
CODE_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # aid_active, committed_usd…


def period():
    return services.half_year(2025, Half.FIRST)


def test_active_items_include_those_committed_earlier_and_still_running(province):
    codes = set(AidItem.objects.active_in(*H1_2025).values_list("code", flat=True))
    # A committed 2022 still running; B committed in the half; D closed long ago but disbursed in it;
    # the program F and its project G under way; not C (ended 2020) nor E (pipeline).
    assert codes == {"A", "B", "D", "F", "G"}
    assert set(AidItem.objects.committed_in(*H1_2025).values_list("code", flat=True)) == {"B"}


def test_every_figure_is_the_record_apps_queryset_method(province):
    figures = services.figures(period())
    active = AidItem.objects.active_in(*H1_2025)
    assert figures["aid_active"] == active.count() == 5
    # Money of countable items only: G's program F carries the money.
    assert figures["aid_active_usd"] == active.summary()["usd"] == D(100000 + 44000 + 8000 + 60000)
    assert figures["aid_active_vnd"] == D(5_300_000_000)
    assert figures["aid_new"] == 1 and figures["committed_vnd"] == D(1_100_000_000)
    assert figures["committed_usd"] == AidItem.objects.committed_in(*H1_2025).totals()["usd"] == D(44000)
    disbursed = Disbursement.objects.made_in(*H1_2025)
    assert figures["disbursed_usd"] == disbursed.total_usd() == D(46000)
    assert figures["disbursed_vnd"] == D(1_150_000_000)
    assert figures["counterpart_vnd"] == D(500_000_000) and figures["beneficiaries"] == 1500
    assert figures["partners"] == 3  # two funders of active items and one with a valid certificate
    totals = Delegation.objects.started_in(*H1_2025).totals_by_direction()
    assert (figures["delegations_out"], figures["delegations_out_people"]) == (1, 3) == tuple(totals["out"].values())
    assert (figures["delegations_in"], figures["foreign_visitors"]) == (1, 10)
    assert figures["events"] == Event.objects.started_in(*H1_2025).count() == 1
    assert figures["diaspora_visitors"] == VisitMonthTotal.totals(*H1_2025)["visitors"] == 7
    # operating at the period's end, as the dashboard counts them (one definition, one key)
    assert figures["diaspora_enterprises"] == Enterprise.objects.operating_on(H1_2025[1]).count() == 1
    assert figures["donations"] == Donation.objects.made_in(*H1_2025).count() == 2


def test_summary_compares_with_the_same_half_a_year_earlier_and_the_years_plan(province):
    current, previous = services.figures(period()), services.figures(period().previous())
    rows = {row["key"]: row for row in services.summary_rows(period(), current, previous)}
    assert period().previous().label == "6 tháng đầu năm 2024"
    assert rows["aid_active"]["previous"] == 3  # A, F and G were at work in the first half of 2024
    assert rows["delegations_in"]["change"] == D("0.0")  # 1 then, 1 now
    assert rows["delegations_in"]["target"] == 4 and rows["delegations_in"]["percent"] == D("25.0")
    assert rows["committed_vnd"]["percent"] == D("50.0")
    assert rows["events"]["change"] is None  # nothing a year earlier: no percentage
    assert rows["aid_new"]["target"] is None  # no target set for it
    achievement = {row["indicator"]: row for row in services.plan_achievement(period())}
    assert achievement["delegations_in"]["percent"] == D("25.0") and set(achievement) == {
        "delegations_in",
        "committed_vnd",
    }
    # A term touching years without a plan gets no target (no percentage of a partial plan).
    assert services.plan_targets(services.term_period(2024, 2025)) == {}


def _pack(report, **kwargs):
    pack = services.build_pack(report, **kwargs)
    docx, xlsx = services.pack_files(pack)
    return pack, Document(io.BytesIO(docx)), load_workbook(io.BytesIO(xlsx))


def _docx_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    return "\n".join(texts)


def test_the_docx_is_an_administrative_document_in_vietnamese(report):
    pack, document, _workbook = _pack(report, number="15/BC-LHHN", document_date=datetime.date(2025, 7, 10))
    text = _docx_text(document)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH CÀ MAU",
        "UBND TỈNH CÀ MAU",
        "Số: 15/BC-LHHN",
        "Cà Mau, ngày 10 tháng 7 năm 2025",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Cà Mau.",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "Đoạn đánh giá thứ hai.",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Ký",
        "Phụ lục 1",
        "Phụ lục 4c",
        "Cùng kỳ (6 tháng đầu năm 2024)",
    ):
        assert expected in text, expected
    assert not CODE_KEY.findall(text), CODE_KEY.findall(text)
    summary = next(t for t in document.tables if len(t.columns) == 8)
    by_label = {(r.cells[1].text, r.cells[2].text): r for r in summary.rows[1:]}
    row = by_label[("Tổng giá trị cam kết của các khoản đang thực hiện", "đồng")]
    assert row.cells[3].text == "5.300.000.000"
    row = by_label[("Đoàn vào (Phụ lục 3)", "đoàn")]
    assert [c.text for c in row.cells[3:]] == ["1", "1", "0,0%", "4", "25,0%"]
    annex = next(t for t in document.tables if len(t.columns) > 2 and t.rows[0].cells[2].text == "Tên khoản viện trợ")
    assert len(annex.rows) == 1 + 5 + 1  # header, five active items, the total
    total = annex.rows[-1].cells
    assert "212.000 USD" in total[8].text and "5.300.000.000 đ" in total[8].text
    assert "46.000 USD" in total[10].text and "1.150.000.000 đ" in total[10].text
    # Page layout: A4 portrait for the letter, landscape for the annexes (Decree 30 margins).
    first, last = document.sections[0], document.sections[-1]
    assert round(first.page_width.cm, 1) == 21.0 and round(first.left_margin.cm, 1) == 3.0
    assert last.page_width > last.page_height


def _sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _column(sheet, header):
    rows = _sheet_rows(sheet)
    head = next(i for i, r in enumerate(rows) if header in r)
    index = rows[head].index(header)
    body = [r for r in rows[head + 1 :] if r and r[0] is not None and isinstance(r[0], int)]
    total = next(r for r in rows[head + 1 :] if any(isinstance(v, str) and v.startswith("Tổng cộng") for v in r if v))
    return [r[index] for r in body], total[index]


def test_the_xlsx_annexes_add_up_to_the_summary(report):
    pack, _document, workbook = _pack(report)
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Chương trình xúc tiến",
        "PL1 Khoản viện trợ",
        "PL2 Tổ chức PCPNN, đối tác",
        "PL3 Đoàn ra, đoàn vào",
        "PL4a Kiều bào về thăm",
        "PL4b Doanh nghiệp kiều bào",
        "PL4c Quà tặng, quyên góp",
        "Đánh giá, khó khăn, đề xuất",
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    figures = pack.current
    pl1 = workbook["PL1 Khoản viện trợ"]
    for header, key in [
        ("Quy đổi (USD)", "aid_active_usd"),
        ("Quy đổi (VND)", "aid_active_vnd"),
        ("Vốn đối ứng (VND)", "counterpart_vnd"),
        ("Giải ngân trong kỳ (USD)", "disbursed_usd"),
        ("Giải ngân trong kỳ (VND)", "disbursed_vnd"),
        ("Người hưởng lợi", "beneficiaries"),
    ]:
        values, total = _column(pl1, header)
        assert len(values) == figures["aid_active"] == 5
        assert D(str(sum(v or 0 for v in values))) == D(str(total)) == figures[key], header
    values, total = _column(workbook["PL2 Tổ chức PCPNN, đối tác"], "Giải ngân trong kỳ (USD)")
    assert D(str(sum(values))) + D(5000) == D(str(total)) == figures["disbursed_usd"]  # + the item with no funder
    values, total = _column(workbook["PL3 Đoàn ra, đoàn vào"], "Số người")
    assert sum(values) == total == figures["delegations_out_people"] + figures["foreign_visitors"]
    summary = _sheet_rows(workbook["Tổng hợp"])
    labels = [r[1] for r in summary if isinstance(r[0], int)]
    assert len(labels) == len(services.FIGURES)
    row = next(r for r in summary if r[1] == "Giá trị giải ngân trong kỳ" and r[2] == "đồng")
    assert row[3] == figures["disbursed_vnd"]
    cell = next(c for c in workbook["Tổng hợp"]["D"] if c.value == figures["disbursed_vnd"])
    assert cell.number_format == "[$-42A]#,##0"  # grouped as 1.150.000.000 in Vietnamese settings
    every_text = [v for ws in workbook for r in _sheet_rows(ws) for v in r if isinstance(v, str)]
    assert not [t for t in every_text if CODE_KEY.search(t)]


def test_an_empty_half_year_gives_zeros_and_empty_annexes(province):
    empty = report_save_for(1995, Half.SECOND)
    pack, document, workbook = _pack(empty)
    assert all(row["value"] == 0 for row in pack.rows)
    text = _docx_text(document)
    assert "Không có khoản viện trợ nào đang thực hiện trong kỳ." in text
    assert "Không có đoàn ra, đoàn vào trong kỳ." in text
    values, total = _column(workbook["PL1 Khoản viện trợ"], "Giải ngân trong kỳ (USD)")
    assert values == [] and total == 0


def report_save_for(year, half):
    return services.report_save(
        report=Report(
            kind=PeriodKind.HALF_YEAR,
            year=year,
            half=half,
            recipients="Ủy ban nhân dân tỉnh",
            signer_title="CHỦ TỊCH",
            signer_name="Người Ký",
        )
    )


def test_bad_input_gets_a_vietnamese_message(report, leader, client):
    client.force_login(leader)
    response = client.post(
        reverse("admin:reports_report_add"),
        {
            "kind": "term",
            "first_year": 2025,
            "last_year": 2020,
            "recipients": "UBND tỉnh",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "A",
        },
    )
    assert response.status_code == 200
    assert "Năm cuối của nhiệm kỳ (2020) không thể trước năm đầu (2025)." in response.content.decode()
    assert Report.objects.count() == 1
    response = client.post(reverse("admin:reports_report_add"), {"kind": "half", "year": 2025, "recipients": "x"})
    assert "Chọn 6 tháng đầu năm hay 6 tháng cuối năm." in response.content.decode()
    send = reverse("admin:reports_report_send", args=[report.pk])
    response = client.post(
        send, {"number": "số mười lăm", "document_date": "10/07/2025", "recipient": "UBND", "confirm": "on"}
    )
    assert "Số và ký hiệu viết như 15/BC-LHHN" in response.content.decode()
    response = client.post(
        send, {"number": "15/BC-LHHN", "document_date": "10/12/2024", "recipient": "UBND", "confirm": "on"}
    )
    assert "Ngày văn bản (10/12/2024) không thể trước ngày đầu kỳ báo cáo (01/01/2025)." in response.content.decode()
    response = client.post(
        send, {"number": "15/BC-LHHN", "document_date": "31/02/2025", "recipient": "UBND", "confirm": "on"}
    )
    assert response.status_code == 200 and not Submission.objects.exists()


def _send(report, leader, number="15/BC-LHHN"):
    return services.report_send(
        report=report, number=number, document_date=datetime.date(2025, 7, 10), recipient=report.recipients, user=leader
    )


def test_a_sent_report_downloads_byte_identical_forever(report, leader, client, media_root):
    client.force_login(leader)
    response = client.post(
        reverse("admin:reports_report_send", args=[report.pk]),
        {
            "number": "15/bc-lhhn",
            "document_date": "10/07/2025",
            "recipient": "Ủy ban nhân dân tỉnh Cà Mau",
            "confirm": "on",
        },
    )
    submission = Submission.objects.get()
    assert response.status_code == 302 and submission.number == "15/BC-LHHN" and submission.sent_by == leader
    urls = {kind: reverse(f"admin:reports_submission_{kind}", args=[submission.pk]) for kind in ("docx", "xlsx")}
    first = {kind: client.get(url).content for kind, url in urls.items()}
    assert hashlib.sha256(first["docx"]).hexdigest() == submission.docx_sha256
    assert hashlib.sha256(first["xlsx"]).hexdigest() == submission.xlsx_sha256
    text = _docx_text(Document(io.BytesIO(first["docx"])))
    assert "Số: 15/BC-LHHN" in text and "Cà Mau, ngày 10 tháng 7 năm 2025" in text
    # The records change; the draft moves, the sent files do not.
    item = AidItem.objects.get(code="A")
    item.committed_amount = D(150000)
    aid_item_save(item=item, user=leader)
    later = {kind: client.get(url).content for kind, url in urls.items()}
    assert later == first
    assert submission.figures["rows"][1]["value"] == "212000"  # active items' USD as sent
    # A sent report is frozen: no edit through the service, no second sending.
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        services.report_save(report=report)
    again = client.get(reverse("admin:reports_report_send", args=[report.pk]))
    assert again.status_code == 302


def test_editing_a_counted_record_warns_and_shows_under_changed_since_sent(report, leader, data_entry, client):
    submission = _send(report, leader)
    assert submission.counted.filter(label__startswith="A –").exists()
    item = AidItem.objects.get(code="A")
    client.force_login(data_entry)
    page = client.get(reverse("admin:aid_aiditem_change", args=[item.pk])).content.decode()
    assert "Hồ sơ này đã được tính trong báo cáo số 15/BC-LHHN ngày 10/07/2025 (6 tháng đầu năm 2025)" in page
    # A homeland visit is counted by its month's total: one dated in the period warns too.
    visit = HomelandVisit.objects.get(date=datetime.date(2025, 6, 30))
    page = client.get(reverse("admin:diaspora_homelandvisit_change", args=[visit.pk])).content.decode()
    assert "đã được tính trong báo cáo số 15/BC-LHHN" in page
    # A record the report did not count gets no warning.
    other = AidItem.objects.get(code="C")
    assert (
        "đã được tính trong báo cáo"
        not in client.get(reverse("admin:aid_aiditem_change", args=[other.pk])).content.decode()
    )
    item.title = "Khoản A (đổi tên)"
    item.committed_amount = D(150000)
    aid_item_save(item=item, user=data_entry)
    Delegation.objects.create(
        code="DV-2", direction="in", title="Đoàn nhập sau", start_date=datetime.date(2025, 6, 1), participants=2
    )
    changes = services.changes_since_sent(submission)
    changed = next(c for c in changes["records"] if c["label"].startswith("A –"))
    fields = {f["field"]: (f["old"], f["new"]) for f in changed["fields"]}
    assert fields["tên"] == ("Khoản A", "Khoản A (đổi tên)")
    assert fields["giá trị cam kết"] == ("100.000", "150.000")
    assert changed["user"] == data_entry
    assert [a["label"] for a in changes["added"]] == [str(Delegation.objects.get(code="DV-2"))]
    moved = {f["label"]: (f["sent"], f["now"]) for f in changes["figures"]}
    assert moved["Đoàn vào (Phụ lục 3)"] == (1, 2)
    client.force_login(leader)
    page = client.get(reverse("admin:reports_submission_change", args=[submission.pk])).content.decode()
    assert "Khoản A (đổi tên)" in page and "Số liệu khác với lúc gửi" in page and "Đoàn nhập sau" in page


def test_only_leaders_and_administrators_make_and_send_reports(report, leader, data_entry, client):
    client.force_login(data_entry)
    assert client.get(reverse("admin:reports_report_change", args=[report.pk])).status_code == 200  # reads
    assert client.get(reverse("admin:reports_report_send", args=[report.pk])).status_code == 403
    assert client.post(reverse("admin:reports_report_send", args=[report.pk]), {}).status_code == 403
    assert client.get(reverse("admin:reports_report_docx", args=[report.pk])).status_code == 200
    client.force_login(leader)
    assert client.get(reverse("admin:reports_report_send", args=[report.pk])).status_code == 200
    editor = get_user_model().objects.create(username="bientap-bc", is_staff=True)
    client.force_login(editor)
    assert client.get(reverse("admin:reports_report_docx", args=[report.pk])).status_code == 403


def test_the_dashboard_include_shows_the_plan_achieved(province):
    html = Template("{% load report_plans %}{% plan_progress start end %}").render(
        Context({"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 6, 30)})
    )
    assert "Thực hiện kế hoạch 6 tháng đầu năm 2025" in html
    assert "25,0%" in html and "50,0%" in html
    assert (
        Template("{% load report_plans %}{% plan_progress start end %}")
        .render(Context({"start": datetime.date(2010, 1, 1), "end": datetime.date(2010, 12, 31)}))
        .strip()
        == ""
    )


@pytest.mark.parametrize("page", ["report", "submission"])
def test_query_count_does_not_grow_with_the_records(report, leader, client, page):
    from django.core.cache import cache

    submission = _send(report, leader)
    url = (
        reverse("admin:reports_report_change", args=[report.pk])
        if page == "report"
        else reverse("admin:reports_submission_change", args=[submission.pk])
    )
    client.force_login(leader)

    def count():
        cache.clear()  # measure the computation, not the caches
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    p1 = Partner.objects.get(code="P1")
    for n in range(30):
        aid_item_save(
            item=AidItem(
                code=f"X-{n}", title="x", form="project", status="2", commitment_date=datetime.date(2025, 3, 1)
            ),
            providers=[(p1, "1")],
        )
        Delegation.objects.create(
            code=f"DX-{n}", direction="out", title="x", start_date=datetime.date(2025, 3, 1), participants=1
        )
    assert count() == before


@pytest.mark.skipif(
    not shutil.which("libreoffice") and os.environ.get("FU_REQUIRE_BROWSER") != "1",
    reason="LibreOffice is not installed (.ci/run installs it; there its absence is a failure)",
)
def test_both_files_render_to_pdf(report, tmp_path):
    pack = services.build_pack(report, number="15/BC-LHHN", document_date=datetime.date(2025, 7, 10))
    docx, xlsx = services.pack_files(pack)
    (tmp_path / "bao-cao.docx").write_bytes(docx)
    (tmp_path / "phu-luc.xlsx").write_bytes(xlsx)
    for name in ("bao-cao.docx", "phu-luc.xlsx"):
        subprocess.run(
            [
                "libreoffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True, text=True
    ).stdout
    first_page = text.split("\f")[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page and "Số: 15/BC-LHHN" in first_page
    assert "5.300.000.000" in first_page  # the summary table starts on the first page
    assert "Phụ lục 1" in text and "212.000 USD" in text
    sheets = subprocess.run(["pdftotext", str(tmp_path / "phu-luc.pdf"), "-"], capture_output=True, text=True).stdout
    assert grouped(D(1_150_000_000)) in sheets  # 1.150.000.000, Vietnamese grouping in the spreadsheet too


def test_the_dashboard_shows_the_plan_achieved_for_its_period(province, leader, client):
    client.force_login(leader)
    html = client.get("/bang-dieu-khien/", {"tu": 2025, "nua": 1}).content.decode()
    assert "Thực hiện kế hoạch 6 tháng đầu năm 2025" in html
    assert 'data-indicator="delegations_in"' in html and "25,0%" in html
    assert "Thực hiện kế hoạch" not in client.get("/bang-dieu-khien/", {"tu": 2003, "den": 2015}).content.decode()
