"""The report pack's tables, once, for both files: the summary (section I), the promotion programs
and the annexes PL1–PL4, as typed cells (text, counts, money, dates). The .xlsx writes each column
as it is; the .docx joins a few columns into one cell to fit a landscape page (DocColumn)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from friendship_union.aid.models import ProviderRole
from friendship_union.core.text import ddmmyyyy

TEXT, COUNT, VND, USD, MONEY, DATE, PERCENT = "text", "count", "vnd", "usd", "money", "date", "percent"


def grouped(value, decimals: int = 0) -> str:
    """1234567.5 → "1.234.568" (or "1.234.567,5" with decimals=1): the Vietnamese way, whatever the
    reader's language, as the document is Vietnamese."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{amount:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def shown(value, kind: str) -> str:
    """A cell as the .docx prints it: numbers grouped, money with its unit, dates dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) or kind == TEXT:
        return str(value)
    if kind == COUNT:
        return grouped(value)
    if kind == VND:
        return f"{grouped(value)} đ"
    if kind == USD:
        return f"{grouped(value)} USD"
    if kind == MONEY:
        return grouped(value, 0 if Decimal(value) == Decimal(value).to_integral_value() else 2)
    if kind == PERCENT:
        return f"{grouped(value, 1)}%"
    if kind == DATE:
        return ddmmyyyy(value)
    return str(value)


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: float = 14  # characters, in the .xlsx


@dataclass
class DocColumn:
    """A column of the .docx table: the .xlsx columns `parts` (indexes) joined one per line."""

    header: str
    parts: list[int | tuple[int, ...]]  # a tuple: those columns on one line ("1.000 AUD")
    weight: float = 1
    align: str = "left"


@dataclass
class Table:
    key: str
    sheet: str  # the .xlsx sheet's name (≤ 31 characters)
    number: str  # "Phụ lục 1"
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    totals: list | None = None  # the total row, from the figures (not the rows' sum)
    empty: str = ""
    doc_columns: list[DocColumn] | None = None
    notes: list[str] = field(default_factory=list)


def _partners(item) -> str:
    funders = [p for p in item.providers.all() if p.role == ProviderRole.FUNDING] or list(item.providers.all())
    return "; ".join(f"{p.partner} ({p.partner.country})" if p.partner.country else str(p.partner) for p in funders)


def _places(item) -> str:
    return "; ".join(loc.place_current.name if loc.place_current else loc.place_text for loc in item.locations.all())


def _sectors(item) -> str:
    return "; ".join(f"{s.sector.display_name} ({grouped(s.percentage, 0)}%)" for s in item.sectors.all())


def _approval(item) -> str:
    parts = [item.approval_number, ddmmyyyy(item.approval_date), item.approval_authority]
    return ", ".join(p for p in parts if p)


def aid_table(pack) -> Table:
    annex, period = pack.annexes, pack.period
    table = Table(
        key="pl1",
        sheet=_("PL1 Khoản viện trợ"),
        number=_("Phụ lục 1"),
        title=_("Các khoản viện trợ phi chính phủ nước ngoài đang thực hiện %(period)s") % {"period": period.label},
        columns=[
            Column(_("TT"), COUNT, 5),
            Column(_("Mã"), TEXT, 12),
            Column(_("Tên khoản viện trợ"), TEXT, 40),
            Column(_("Hình thức"), TEXT, 11),
            Column(_("Nhà tài trợ (nước)"), TEXT, 30),
            Column(_("Chủ khoản viện trợ"), TEXT, 24),
            Column(_("Địa bàn (xã, phường hiện nay)"), TEXT, 24),
            Column(_("Lĩnh vực"), TEXT, 24),
            Column(_("Quyết định phê duyệt (số, ngày, cơ quan)"), TEXT, 26),
            Column(_("Giá trị cam kết (nguyên tệ)"), MONEY, 16),
            Column(_("Tiền tệ"), TEXT, 8),
            Column(_("Quy đổi (USD)"), USD, 15),
            Column(_("Quy đổi (VND)"), VND, 19),
            Column(_("Vốn đối ứng (VND)"), VND, 17),
            Column(_("Giải ngân trong kỳ (USD)"), USD, 15),
            Column(_("Giải ngân trong kỳ (VND)"), VND, 19),
            Column(_("Giải ngân lũy kế đến cuối kỳ (USD)"), USD, 15),
            Column(_("Giải ngân lũy kế đến cuối kỳ (VND)"), VND, 19),
            Column(_("Người hưởng lợi"), COUNT, 11),
            Column(_("Trạng thái"), TEXT, 16),
            Column(_("Ghi chú"), TEXT, 30),
        ],
        empty=_("Không có khoản viện trợ nào đang thực hiện trong kỳ."),
        doc_columns=[
            DocColumn(_("TT"), [0], 0.5, "center"),
            DocColumn(_("Mã"), [1], 1.3),
            DocColumn(_("Tên khoản viện trợ"), [2], 3.2),
            DocColumn(_("Hình thức, trạng thái"), [3, 19], 1.3),
            DocColumn(_("Nhà tài trợ (nước)"), [4], 2.2),
            DocColumn(_("Chủ khoản viện trợ; địa bàn"), [5, 6], 2.0),
            DocColumn(_("Lĩnh vực"), [7], 1.8),
            DocColumn(_("Phê duyệt"), [8], 1.8),
            DocColumn(_("Giá trị cam kết (nguyên tệ; USD; VND)"), [(9, 10), 11, 12], 2.0, "right"),
            DocColumn(_("Vốn đối ứng (VND)"), [13], 1.5, "right"),
            DocColumn(_("Giải ngân trong kỳ (USD; VND)"), [14, 15], 1.7, "right"),
            DocColumn(_("Giải ngân lũy kế (USD; VND)"), [16, 17], 1.7, "right"),
            DocColumn(_("Người hưởng lợi"), [18], 1.0, "right"),
        ],
    )
    for n, item in enumerate(annex.aid_items, 1):
        countable = item.program_id is None or item.program.committed_usd is None
        notes = []
        if not countable:
            notes.append(_("Thuộc %(program)s: giá trị đã tính trong chương trình") % {"program": item.program.code})
        if item.commitment_date and period.start <= item.commitment_date <= period.end:
            notes.append(_("Cam kết trong kỳ (%(day)s)") % {"day": ddmmyyyy(item.commitment_date)})
        table.rows.append(
            [
                n,
                item.code,
                item.title,
                item.get_form_display(),
                _partners(item),
                item.aid_owner,
                _places(item),
                _sectors(item),
                _approval(item),
                item.committed_amount,
                item.currency_id or "",
                item.committed_usd if countable else None,
                item.committed_vnd if countable else None,
                item.counterpart_amount,
                item.disbursed_usd,
                item.disbursed_vnd,
                item.disbursed_total_usd,
                item.disbursed_total_vnd,
                item.beneficiaries,
                item.get_status_display(),
                "; ".join(notes),
            ]
        )
    totals, disbursed = annex.aid_totals, annex.disbursed
    table.totals = [
        None,
        _("Tổng cộng"),
        _("%(n)s khoản") % {"n": grouped(totals["items"])},
        *[""] * 8,
        totals["usd"],
        totals["vnd"],
        totals["counterpart"],
        disbursed["usd"],
        disbursed["vnd"],
        disbursed["to_end"]["usd"],
        disbursed["to_end"]["vnd"],
        totals["beneficiaries"],
        "",
        "",
    ]
    return table


def _certificates(partner) -> tuple[str, str, str, str]:
    certificates = partner.certificates_in_period
    return (
        "; ".join(f"{c.get_certificate_type_display()} số {c.number}" for c in certificates),
        "; ".join(f"{ddmmyyyy(c.issue_date)} – {ddmmyyyy(c.expiry_date)}" for c in certificates),
        "; ".join(sorted({p.name for c in certificates for p in c.permitted_provinces.all()})),
        "; ".join(sorted({str(s) for c in certificates for s in c.permitted_sectors.all()})),
    )


def partner_table(pack) -> Table:
    annex = pack.annexes
    table = Table(
        key="pl2",
        sheet=_("PL2 Tổ chức PCPNN, đối tác"),
        number=_("Phụ lục 2"),
        title=_("Các tổ chức phi chính phủ nước ngoài, đối tác có hoạt động trên địa bàn %(period)s")
        % {"period": pack.period.label},
        columns=[
            Column(_("TT"), COUNT, 5),
            Column(_("Tên tổ chức"), TEXT, 40),
            Column(_("Loại"), TEXT, 22),
            Column(_("Quốc gia"), TEXT, 14),
            Column(_("Giấy đăng ký (loại, số)"), TEXT, 30),
            Column(_("Thời hạn hiệu lực"), TEXT, 24),
            Column(_("Địa bàn được phép"), TEXT, 20),
            Column(_("Lĩnh vực được phép"), TEXT, 30),
            Column(_("Khoản viện trợ đang thực hiện"), COUNT, 12),
            Column(_("Giải ngân trong kỳ (USD)"), USD, 15),
            Column(_("Giải ngân trong kỳ (VND)"), VND, 19),
        ],
        empty=_("Không có tổ chức nào có hoạt động trong kỳ."),
        doc_columns=[
            DocColumn(_("TT"), [0], 0.5, "center"),
            DocColumn(_("Tên tổ chức (quốc gia)"), [1, 3], 3.0),
            DocColumn(_("Loại"), [2], 1.6),
            DocColumn(_("Giấy đăng ký"), [4], 2.2),
            DocColumn(_("Hiệu lực"), [5], 1.6),
            DocColumn(_("Địa bàn được phép"), [6], 1.4),
            DocColumn(_("Lĩnh vực được phép"), [7], 2.2),
            DocColumn(_("Khoản viện trợ đang thực hiện"), [8], 1.1, "right"),
            DocColumn(_("Giải ngân trong kỳ (USD; VND)"), [9, 10], 1.8, "right"),
        ],
        notes=[
            _(
                "Giải ngân của một khoản có nhiều nhà tài trợ được chia đều cho các nhà tài trợ; "
                "tổng cộng bằng giải ngân trong kỳ ở Phụ lục 1."
            )
        ],
    )
    money = annex.partner_money
    for n, partner in enumerate(annex.partners, 1):
        cert, validity, provinces, sectors = _certificates(partner)
        share = money.get(partner.pk, {"usd": Decimal(0), "vnd": Decimal(0)})
        table.rows.append(
            [
                n,
                str(partner),
                partner.get_partner_type_display(),
                str(partner.country or ""),
                cert,
                validity,
                provinces,
                sectors,
                annex.partner_items.get(partner.pk, 0),
                share["usd"],
                share["vnd"],
            ]
        )
    unassigned = money.get(None)
    if unassigned:
        table.rows.append(
            [
                None,
                _("Khoản viện trợ chưa ghi nhà tài trợ"),
                "",
                "",
                "",
                "",
                "",
                "",
                None,
                unassigned["usd"],
                unassigned["vnd"],
            ]
        )
    table.totals = [
        None,
        _("Tổng cộng: %(n)s tổ chức") % {"n": grouped(len(annex.partners))},
        *[""] * 6,
        None,
        annex.disbursed["usd"],
        annex.disbursed["vnd"],
    ]
    return table


def delegation_table(pack) -> Table:
    annex = pack.annexes
    table = Table(
        key="pl3",
        sheet=_("PL3 Đoàn ra, đoàn vào"),
        number=_("Phụ lục 3"),
        title=_("Đoàn ra, đoàn vào %(period)s") % {"period": pack.period.label},
        columns=[
            Column(_("TT"), COUNT, 5),
            Column(_("Đoàn ra / đoàn vào"), TEXT, 10),
            Column(_("Tên đoàn"), TEXT, 40),
            Column(_("Từ ngày"), DATE, 11),
            Column(_("Đến ngày"), DATE, 11),
            Column(_("Trưởng đoàn"), TEXT, 28),
            Column(_("Số người"), COUNT, 9),
            Column(_("Quốc gia"), TEXT, 18),
            Column(_("Đối tác làm việc"), TEXT, 30),
            Column(_("Nơi làm việc"), TEXT, 24),
            Column(_("Mục đích, kết quả"), TEXT, 50),
        ],
        empty=_("Không có đoàn ra, đoàn vào trong kỳ."),
        doc_columns=[
            DocColumn(_("TT"), [0], 0.5, "center"),
            DocColumn(_("Đoàn"), [1], 0.9),
            DocColumn(_("Tên đoàn"), [2], 3.0),
            DocColumn(_("Thời gian"), [3, 4], 1.1),
            DocColumn(_("Trưởng đoàn"), [5], 2.0),
            DocColumn(_("Số người"), [6], 0.7, "right"),
            DocColumn(_("Quốc gia; đối tác"), [7, 8], 2.4),
            DocColumn(_("Nơi làm việc"), [9], 1.6),
            DocColumn(_("Mục đích, kết quả"), [10], 3.5),
        ],
    )
    for n, delegation in enumerate(annex.delegations, 1):
        leader = ", ".join(p for p in (delegation.leader_name, delegation.leader_position) if p)
        table.rows.append(
            [
                n,
                delegation.get_direction_display(),
                delegation.title,
                delegation.start_date,
                delegation.end_date,
                leader,
                delegation.participants,
                "; ".join(c.name_vi or c.code for c in delegation.countries.all()),
                "; ".join(str(p) for p in delegation.partners.all()),
                delegation.places_abroad,
                " ".join(t for t in (delegation.purpose, delegation.outcome) if t),
            ]
        )
    out, inc = annex.delegation_totals["out"], annex.delegation_totals["in"]
    table.totals = [
        None,
        _("Tổng cộng"),
        _("Đoàn ra: %(out)s đoàn, %(out_people)s lượt người; đoàn vào: %(inc)s đoàn, %(in_people)s lượt người")
        % {
            "out": grouped(out["delegations"]),
            "out_people": grouped(out["participants"]),
            "inc": grouped(inc["delegations"]),
            "in_people": grouped(inc["participants"]),
        },
        None,
        None,
        "",
        out["participants"] + inc["participants"],
        "",
        "",
        "",
        "",
    ]
    return table


def visit_table(pack) -> Table:
    annex = pack.annexes
    table = Table(
        key="pl4a",
        sheet=_("PL4a Kiều bào về thăm"),
        number=_("Phụ lục 4a"),
        title=_("Kiều bào về thăm quê hương %(period)s, theo tháng") % {"period": pack.period.label},
        columns=[
            Column(_("Tháng"), TEXT, 12),
            Column(_("Số lượt về thăm (hồ sơ)"), COUNT, 18),
            Column(_("Số lượt người"), COUNT, 16),
        ],
        empty=_("Không có lượt kiều bào về thăm trong kỳ."),
        doc_columns=[
            DocColumn(_("Tháng"), [0], 1, "center"),
            DocColumn(_("Số lượt về thăm (hồ sơ)"), [1], 1, "right"),
            DocColumn(_("Số lượt người"), [2], 1, "right"),
        ],
    )
    for row in annex.visits:
        month: datetime.date = row["month"]
        table.rows.append([f"{month:%m/%Y}", row["records"], row["visitors"]])
    table.totals = [_("Tổng cộng"), annex.visit_totals["records"], annex.visit_totals["visitors"]]
    return table


def enterprise_table(pack) -> Table:
    annex = pack.annexes
    table = Table(
        key="pl4b",
        sheet=_("PL4b Doanh nghiệp kiều bào"),
        number=_("Phụ lục 4b"),
        title=_("Doanh nghiệp của kiều bào hoạt động đến cuối kỳ %(period)s") % {"period": pack.period.label},
        columns=[
            Column(_("TT"), COUNT, 5),
            Column(_("Tên doanh nghiệp"), TEXT, 36),
            Column(_("Nhà đầu tư"), TEXT, 30),
            Column(_("Ngành nghề"), TEXT, 24),
            Column(_("Vốn đăng ký (nguyên tệ)"), MONEY, 16),
            Column(_("Tiền tệ"), TEXT, 8),
            Column(_("Quy đổi (VND)"), VND, 19),
            Column(_("Ngày đăng ký"), DATE, 12),
            Column(_("Địa bàn"), TEXT, 20),
            Column(_("Tình trạng"), TEXT, 14),
        ],
        empty=_("Không có doanh nghiệp của kiều bào đăng ký trong kỳ."),
        doc_columns=[
            DocColumn(_("TT"), [0], 0.5, "center"),
            DocColumn(_("Tên doanh nghiệp"), [1], 2.6),
            DocColumn(_("Nhà đầu tư"), [2], 2.2),
            DocColumn(_("Ngành nghề"), [3], 1.8),
            DocColumn(_("Vốn đăng ký"), [(4, 5), 6], 1.6, "right"),
            DocColumn(_("Ngày đăng ký"), [7], 1.0),
            DocColumn(_("Địa bàn"), [8], 1.5),
            DocColumn(_("Tình trạng"), [9], 1.0),
        ],
        notes=[_("Gồm cả doanh nghiệp chưa ghi ngày đăng ký (như bảng điều khiển).")],
    )
    for n, enterprise in enumerate(annex.enterprises, 1):
        table.rows.append(
            [
                n,
                enterprise.name,
                enterprise.investors,
                enterprise.sector,
                enterprise.registered_capital,
                enterprise.currency_id or "",
                enterprise.capital_vnd,
                enterprise.registration_date,
                str(enterprise.place_current or enterprise.place_text or ""),
                enterprise.get_status_display(),
            ]
        )
    table.totals = [None, _("Tổng cộng: %(n)s doanh nghiệp") % {"n": grouped(len(annex.enterprises))}, *[""] * 8]
    return table


def donation_table(pack) -> Table:
    annex = pack.annexes
    totals = annex.donation_totals
    table = Table(
        key="pl4c",
        sheet=_("PL4c Quà tặng, quyên góp"),
        number=_("Phụ lục 4c"),
        title=_("Quà tặng, quyên góp của kiều bào %(period)s") % {"period": pack.period.label},
        columns=[
            Column(_("TT"), COUNT, 5),
            Column(_("Ngày"), DATE, 11),
            Column(_("Người, hội tặng"), TEXT, 34),
            Column(_("Số tiền"), MONEY, 16),
            Column(_("Tiền tệ"), TEXT, 8),
            Column(_("Hiện vật"), TEXT, 30),
            Column(_("Mục đích"), TEXT, 34),
            Column(_("Khoản viện trợ"), TEXT, 24),
        ],
        empty=_("Không có quà tặng, quyên góp của kiều bào trong kỳ."),
        doc_columns=[
            DocColumn(_("TT"), [0], 0.5, "center"),
            DocColumn(_("Ngày"), [1], 1.0),
            DocColumn(_("Người, hội tặng"), [2], 2.6),
            DocColumn(_("Số tiền"), [(3, 4)], 1.4, "right"),
            DocColumn(_("Hiện vật"), [5], 2.2),
            DocColumn(_("Mục đích"), [6], 2.6),
            DocColumn(_("Khoản viện trợ"), [7], 1.6),
        ],
        notes=[_("Số tiền ghi theo tiền tệ nhận được, không quy đổi.")],
    )
    for n, donation in enumerate(annex.donations, 1):
        donor = donation.donor_person or donation.donor_association or donation.donor_name
        table.rows.append(
            [
                n,
                donation.date,
                str(donor),
                donation.amount,
                donation.currency_id or "",
                donation.in_kind,
                donation.purpose,
                donation.aid_item.code if donation.aid_item_id else "",
            ]
        )
    amounts = "; ".join(f"{shown(v, MONEY)} {k}" for k, v in sorted(totals["amounts"].items()))
    in_kind = _("%(n)s lượt bằng hiện vật") % {"n": grouped(totals["in_kind"])} if totals["in_kind"] else ""
    table.totals = [
        None,
        "",
        _("Tổng cộng: %(n)s lượt") % {"n": grouped(totals["count"])},
        amounts,
        "",
        in_kind,
        "",
        "",
    ]
    return table


def annex_tables(pack) -> list[Table]:
    return [
        aid_table(pack),
        partner_table(pack),
        delegation_table(pack),
        visit_table(pack),
        enterprise_table(pack),
        donation_table(pack),
    ]


def summary_columns(pack) -> list[str]:
    return [
        _("TT"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        pack.period.label[:1].upper() + pack.period.label[1:],
        _("Cùng kỳ (%(period)s)") % {"period": pack.previous.label},
        _("Tăng, giảm (%)"),
        _("Kế hoạch"),
        _("Đạt (% kế hoạch)"),
    ]


def unit_kind(row) -> str:
    return VND if row["unit"] == "đồng" else USD if row["unit"] == "USD" else COUNT
