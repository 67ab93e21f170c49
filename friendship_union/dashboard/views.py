"""Leadership dashboard: figures for a period, compared with another, each linked to its records."""

import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from friendship_union.core.exports import inert

from . import services
from .models import ReportingTerm

PERMISSION = "dashboard.view_dashboard"
BREAKDOWN_TITLES = {
    "country": gettext_lazy("Theo nước tài trợ"),
    "partner": gettext_lazy("Theo nhà tài trợ (15 lớn nhất)"),
    "sector": gettext_lazy("Theo lĩnh vực"),
    "form": gettext_lazy("Theo hình thức"),
    "commune": gettext_lazy("Theo xã, phường (địa giới hiện nay)"),
}


PERIOD_KEYS = ("tu", "den", "ky", "from", "to", "nua", "half", "tat_ca")
COMPARISON_KEYS = ("ss_ky", "ss_tu", "ss_den", "ss_nua")
NO_COMPARISON = "khong"


def _periods(request):
    """(period, comparison, note) from the query string: the period asked for (all time when none),
    the comparison chosen (?ss_ky=<term>, ?ss_tu=…&ss_den=…[&ss_nua=…], or ?ss_ky=khong for none) or
    else services.comparison()'s, and a note saying why there is no comparison. Bad input → (None,
    None, "")."""
    period = services.parse_period(request.GET)
    if period is None:
        if any(request.GET.get(k) for k in PERIOD_KEYS):
            return None, None, ""
        period = services.all_time()
    if request.GET.get("ss_ky") == NO_COMPARISON:
        return period, None, _("Không so sánh (theo lựa chọn).")
    if any(request.GET.get(k) for k in COMPARISON_KEYS):
        if period.all_time:
            return period, None, _("Toàn thời gian không so sánh với kỳ nào.")
        chosen = services.parse_period(request.GET, prefix="ss_")
        return (period, chosen, "") if chosen else (None, None, "")
    comparison, note = services.comparison(period)
    return period, comparison, note


def _cards(spec, figures, previous, links, comparison, dates):
    """One card per figure: its value, link and — only where the figure's records exist in the
    comparison period — the comparison's value and the change (None when that value is 0)."""
    cards = []
    for key, label, unit, kind in spec:
        compared = previous is not None and services.comparable(key, comparison, dates)
        before = previous[key] if compared else None
        cards.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "kind": kind,
                "value": figures[key],
                "compared": compared,
                "previous": before,
                "change": services.change(figures[key], before) if compared else None,
                "link": links[key],
            }
        )
    return cards


def _figures(period, comparison) -> tuple:
    """The dashboard's figures for a period and its comparison: (headline, the comparison's headline
    or None, trends, breakdowns, commune map, alerts), each kept per records version."""
    return (
        services.cached("headline", period, lambda: services.headline(period)),
        services.cached("headline", comparison, lambda: services.headline(comparison)) if comparison else None,
        services.cached("trends", period, lambda: services.trends(period), services.TREND_READS),
        services.cached("breakdowns", period, lambda: services.breakdowns(period), services.BREAKDOWN_READS),
        services.cached("commune-map", period, lambda: services.commune_map(period), services.MAP_READS),
        services.cached(f"alerts-{timezone.localdate():%Y%m%d}", None, services.alerts, services.ALERT_READS),
    )


def refresh_figures() -> None:
    """The figures of the dashboard as leadership opens it (all time, the default comparison) and of
    its summary JSON, computed once a write commits (AppConfig.figures, core.versioning.refresh_figures)."""
    services.first_dates()
    period = services.all_time()
    _figures(period, services.comparison(period)[0])


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def dashboard(request):
    period, comparison, note = _periods(request)
    if period is None:
        return render(request, "dashboard/bad_period.html", status=400)
    dates = services.first_dates()
    figures, previous, trends, breakdowns, commune_map, alerts = _figures(period, comparison)
    links = services.links(period)
    context = {
        "period": period,
        "comparison": comparison,
        "comparison_note": note,
        "no_comparison": NO_COMPARISON,
        "terms": ReportingTerm.objects.all(),
        "cards": _cards(services.FIGURES, figures, previous, links, comparison, dates),
        "aid_forms": _cards(services.AID_FORM_FIGURES, figures, previous, links, comparison, dates),
        "trends": trends,
        "trend_rows": list(
            zip(
                trends["years"],
                trends["committed_usd"],
                trends["aid_items"],
                trends["delegations_out"],
                trends["delegations_in"],
                trends["visitors"],
                strict=True,
            )
        ),
        "breakdowns": [(key, BREAKDOWN_TITLES[key], rows) for key, rows in breakdowns.items()],
        "chart_data": {
            "trends": trends,
            "sector": [[r["label"], r["usd"]] for r in breakdowns["sector"]],
            "country": [[r["label"], r["usd"]] for r in breakdowns["country"]],
        },
        "commune_map": commune_map,
        "alerts": alerts,
        "expiring_link": links["certificates_expiring"],
        "query": request.GET.urlencode(),
        "printed_at": timezone.localtime(),
    }
    template = "dashboard/print.html" if request.resolver_match.url_name == "print" else "dashboard/dashboard.html"
    return render(request, template, context)


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def summary_json(request):
    period = services.parse_period(request.GET) or (None if request.GET else services.all_time())
    if period is None:
        return JsonResponse({"error": "from/to must be years, from ≤ to"}, status=400)
    figures = services.cached("headline", period, lambda: services.headline(period))

    def plain(key, value):
        # JSON numbers: VND in whole đồng, USD to the cent; counts as integers.
        if isinstance(value, Decimal):
            return int(value.quantize(Decimal(1))) if key.endswith("_vnd") else float(value.quantize(Decimal("0.01")))
        return value

    payload = {"from": period.first, "to": period.last}
    if period.half:
        payload |= {"half": period.half, "start": period.start.isoformat(), "end": period.end.isoformat()}
    payload |= {k: plain(k, figures[k]) for k in services.JSON_KEYS}
    return JsonResponse(payload)


def _xlsx_response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Sheet names as written: a spreadsheet allows 31 characters, so each is chosen to fit, never cut.
SHEET_NAMES = {
    "summary": gettext_lazy("Tổng hợp"),
    "country": gettext_lazy("Theo nước tài trợ"),
    "partner": gettext_lazy("Theo nhà tài trợ (15 lớn nhất)"),
    "sector": gettext_lazy("Theo lĩnh vực"),
    "form": gettext_lazy("Theo hình thức"),
    "commune": gettext_lazy("Theo xã, phường hiện nay"),
    "delegations": gettext_lazy("Đoàn ra – đoàn vào"),
    "visits": gettext_lazy("Kiều bào về thăm"),
}
# Number formats, in Vietnamese ([$-42A], as the report pack's workbook): thousands grouped (1.234.567),
# a change in percent with its sign; years and text as they are.
WHOLE, PERCENT = "[$-42A]#,##0", "[$-42A]+0.0%;-0.0%;0.0%"


def _sheet(workbook, name, headers, rows, formats=(), first=False):
    """A sheet of `rows` under bold `headers`, the n-th column's numbers in formats[n] (None: as
    is); every text cell through the export guard. A name longer than a sheet allows is an error,
    never silently cut."""
    title = str(name)
    if len(title) > 31:
        raise ValueError(f"sheet name over 31 characters: {title}")
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([inert(str(v) if isinstance(v, Promise) else v) for v in row])
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=False):
            if number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    sheet.column_dimensions["A"].width = 45
    return sheet


def _breakdown_sheet(workbook, kind, rows, first=False):
    title = BREAKDOWN_TITLES[kind]
    return _sheet(
        workbook,
        SHEET_NAMES[kind],
        [title, _("Giá trị cam kết (USD)"), _("Số khoản")],
        [(r["label"], float(r["usd"]), r["items"]) for r in rows],
        formats=(None, WHOLE, WHOLE),
        first=first,
    )


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def export_breakdown(request, kind):
    if kind not in BREAKDOWN_TITLES:
        return HttpResponseBadRequest("unknown breakdown")
    period, _comparison, _note = _periods(request)
    if period is None:
        return HttpResponseBadRequest("bad period")

    workbook = Workbook()
    _breakdown_sheet(workbook, kind, services.breakdowns(period)[kind], first=True)
    return _xlsx_response(workbook, f"{kind}-{period.slug}.xlsx")


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def report_workbook(request):
    """The periodic report (6-month or annual, or any period): the headline figures as the dashboard
    shows them — Vietnamese labels, units, numbers formatted, compared as the dashboard compares —
    then aid by donor, sector, commune and country, delegations by year, overseas-Vietnamese visits by
    year."""
    period, comparison, note = _periods(request)
    if period is None:
        return HttpResponseBadRequest("bad period")

    figures, breakdowns, trends = services.headline(period), services.breakdowns(period), services.trends(period)
    previous = services.headline(comparison) if comparison else None
    dates = services.first_dates()
    spec = services.FIGURES + [
        (key, _("Khoản viện trợ – %(what)s") % {"what": str(label).lower()}, unit, kind)
        for key, label, unit, kind in services.AID_FORM_FIGURES
    ]
    headers = [_("Chỉ tiêu"), _("Đơn vị"), period.label]
    if comparison:
        headers += [comparison.label, _("Thay đổi")]
    rows = []
    for card in _cards(spec, figures, previous, services.links(period), comparison, dates):
        row = [card["label"], card["unit"], card["value"]]
        if comparison:
            change = card["change"]
            row += [
                card["previous"] if card["compared"] else _("không có số liệu so sánh"),
                float(change) / 100 if change is not None else "—",
            ]
        rows.append([float(v) if isinstance(v, Decimal) else v for v in row])
    workbook = Workbook()
    summary = _sheet(
        workbook, SHEET_NAMES["summary"], headers, rows, formats=(None, None, WHOLE, WHOLE, PERCENT), first=True
    )
    summary.append([])
    summary.append([_("Kỳ báo cáo"), inert(period.label)])
    summary.append([_("So sánh với"), inert(comparison.label if comparison else note or _("không so sánh"))])
    summary.append([_("Ngày lập"), timezone.localtime().strftime("%d/%m/%Y %H:%M")])
    summary.append(
        [
            _("Ghi chú"),
            _("Giá trị ngoại tệ quy đổi theo tỷ giá ngày cam kết; chương trình và dự án con không tính trùng."),
        ]
    )
    for key in ("partner", "sector", "commune", "country"):
        _breakdown_sheet(workbook, key, breakdowns[key])
    _sheet(
        workbook,
        SHEET_NAMES["delegations"],
        [_("Năm"), _("Đoàn ra"), _("Đoàn vào")],
        list(zip(trends["years"], trends["delegations_out"], trends["delegations_in"], strict=True)),
        formats=(None, WHOLE, WHOLE),
    )
    _sheet(
        workbook,
        SHEET_NAMES["visits"],
        [_("Năm"), _("Lượt người")],
        list(zip(trends["years"], trends["visitors"], strict=True)),
        formats=(None, WHOLE),
    )
    return _xlsx_response(workbook, f"bao-cao-{period.slug}.xlsx")
