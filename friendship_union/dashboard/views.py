"""Leadership dashboard: figures for a period, compared with another, each linked to its records."""

import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
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


def _periods(request):
    """(period, comparison) from the query string; bad input → (None, None)."""
    period = services.parse_period(request.GET)
    if period is None:
        if any(k in request.GET for k in ("tu", "den", "ky", "from", "to", "nua", "half")):
            return None, None
        period = services.Period(services.FIRST_YEAR, services.current_year(), _("Toàn thời gian"))
    comparison = services.parse_period(request.GET, prefix="ss_") or period.previous()
    return period, comparison


def _cards(figures, previous, links):
    spec = [
        ("partners_related", _("Đối tác có quan hệ"), "number"),
        ("partners_with_aid", _("Đối tác có viện trợ"), "number"),
        ("aid_items", _("Khoản viện trợ"), "number"),
        ("committed_usd", _("Giá trị cam kết (USD)"), "usd"),
        ("committed_vnd", _("Giá trị cam kết (VND)"), "vnd"),
        ("disbursed_usd", _("Đã giải ngân (USD)"), "usd"),
        ("counterpart_vnd", _("Vốn đối ứng (VND)"), "vnd"),
        ("delegations_out", _("Đoàn ra"), "number"),
        ("delegations_out_participants", _("Lượt cán bộ đi"), "number"),
        ("delegations_in", _("Đoàn vào"), "number"),
        ("delegations_in_visitors", _("Lượt khách đến"), "number"),
        ("diaspora_visits", _("Lượt kiều bào về thăm"), "number"),
        ("diaspora_enterprises", _("Doanh nghiệp kiều bào"), "number"),
        ("events", _("Sự kiện"), "number"),
    ]
    return [
        {
            "key": key,
            "label": label,
            "kind": kind,
            "value": figures[key],
            "previous": previous[key],
            "change": services.change(figures[key], previous[key]),
            "link": links[key],
        }
        for key, label, kind in spec
    ]


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def dashboard(request):
    period, comparison = _periods(request)
    if period is None:
        return render(request, "dashboard/bad_period.html", status=400)
    figures = services.cached("headline", period, lambda: services.headline(period))
    previous = services.cached("headline", comparison, lambda: services.headline(comparison))
    links = services.links(period)
    trends = services.cached("trends", period, lambda: services.trends(period))
    breakdowns = services.cached("breakdowns", period, lambda: services.breakdowns(period))
    context = {
        "period": period,
        "comparison": comparison,
        "terms": ReportingTerm.objects.all(),
        "cards": _cards(figures, previous, links),
        "aid_forms": [
            (_("Chương trình"), figures["aid_programs"], links["aid_programs"]),
            (_("Dự án"), figures["aid_projects"], links["aid_projects"]),
            (_("Phi dự án"), figures["aid_non_project"], links["aid_non_project"]),
            (_("Đang thực hiện"), figures["aid_implementing"], links["aid_implementing"]),
            (_("Đã kết thúc"), figures["aid_closed"], links["aid_closed"]),
        ],
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
        "commune_map": services.cached("commune-map", period, lambda: services.commune_map(period)),
        "alerts": services.cached(f"alerts-{timezone.localdate():%Y%m%d}", None, services.alerts),
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
    period = services.parse_period(request.GET) or (
        None if request.GET else services.Period(services.FIRST_YEAR, services.current_year(), "")
    )
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


def _sheet(workbook, title, headers, rows, first=False):
    """A sheet of `rows` under bold `headers`; every text cell through the export guard."""
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([inert(v) for v in row])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    sheet.column_dimensions["A"].width = 45
    return sheet


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def export_breakdown(request, kind):
    if kind not in BREAKDOWN_TITLES:
        return HttpResponseBadRequest("unknown breakdown")
    period, _comparison = _periods(request)
    if period is None:
        return HttpResponseBadRequest("bad period")

    rows = services.breakdowns(period)[kind]
    workbook = Workbook()
    title = str(BREAKDOWN_TITLES[kind])
    _sheet(
        workbook,
        title,
        [title, "Giá trị cam kết (USD)", "Số khoản"],
        [(r["label"], float(r["usd"]), r["items"]) for r in rows],
        first=True,
    )
    return _xlsx_response(workbook, f"{kind}-{period.slug}.xlsx")


@never_cache  # figures for signed-in staff: Cache-Control private, no-store — no proxy or browser keeps them
@require_safe
@login_required(login_url="admin:login")
@permission_required(PERMISSION, raise_exception=True)
def report_workbook(request):
    """The periodic report (6-month or annual, or any period): headline figures, aid by partner,
    sector and commune, delegations by year, overseas-Vietnamese visits by year."""
    period, _comparison = _periods(request)
    if period is None:
        return HttpResponseBadRequest("bad period")

    figures, breakdowns, trends = services.headline(period), services.breakdowns(period), services.trends(period)
    workbook = Workbook()
    summary = _sheet(
        workbook,
        "Tổng hợp",
        ["Chỉ tiêu", "Giá trị"],
        [(key, float(value) if hasattr(value, "quantize") else value) for key, value in figures.items()],
        first=True,
    )
    summary.append([])
    summary.append(["Kỳ báo cáo", inert(period.label)])
    summary.append(["Ngày lập", timezone.localtime().strftime("%d/%m/%Y %H:%M")])
    for key in ("partner", "sector", "commune", "country"):
        _sheet(
            workbook,
            str(BREAKDOWN_TITLES[key]),
            [str(BREAKDOWN_TITLES[key]), "USD", "Số khoản"],
            [(r["label"], float(r["usd"]), r["items"]) for r in breakdowns[key]],
        )
    _sheet(
        workbook,
        "Đoàn ra – đoàn vào",
        ["Năm", "Đoàn ra", "Đoàn vào"],
        list(zip(trends["years"], trends["delegations_out"], trends["delegations_in"], strict=True)),
    )
    _sheet(workbook, "Kiều bào về thăm", ["Năm", "Lượt"], list(zip(trends["years"], trends["visitors"], strict=True)))
    return _xlsx_response(workbook, f"bao-cao-{period.slug}.xlsx")
