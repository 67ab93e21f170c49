"""Admin of plans, promotion programs, reports and their submissions.

A report's page shows section I as it stands (this period, the same period a year earlier, the
change, % of plan), downloads the draft pack (.docx, .xlsx) and sends it ("Gửi báo cáo": number,
date, addressee). A submission's page downloads the files as sent (checked against their SHA-256)
and lists what changed since it was sent. Leaders and administrators write; data entry reads."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from friendship_union.core.admin_mixins import HistoryAdmin

from . import services
from .models import AnnualPlan, AnnualTarget, PeriodKind, ProgramTarget, PromotionProgram, Report, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, filename: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX if kind == "docx" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class AnnualTargetInline(admin.TabularInline):
    model = AnnualTarget
    extra = 0
    fields = ["indicator", "target"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(HistoryAdmin):
    list_display = ["year", "document", "target_count"]
    search_fields = ["document", "note"]
    fields = ["year", "document", "note"]
    inlines = [AnnualTargetInline]

    @admin.display(description=gettext_lazy("số chỉ tiêu"))
    def target_count(self, plan):
        return plan.targets.count()

    def write(self, request, obj, form, change):
        services.annual_plan_save(plan=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        services.annual_target_save(target=obj, user=request.user, validated=True)


class ProgramTargetInline(admin.TabularInline):
    model = ProgramTarget
    extra = 0
    fields = ["indicator", "target"]


@admin.register(PromotionProgram)
class PromotionProgramAdmin(HistoryAdmin):
    list_display = ["name", "first_year", "last_year", "document", "item_count"]
    search_fields = ["name", "document"]
    fields = ["name", "first_year", "last_year", "document", "description", "aid_items", "achievement"]
    readonly_fields = ["achievement"]
    autocomplete_fields = ["aid_items"]
    inlines = [ProgramTargetInline]

    @admin.display(description=gettext_lazy("số khoản viện trợ mang lại"))
    def item_count(self, program):
        return program.aid_items.count()

    @admin.display(description=gettext_lazy("kết quả thực hiện"))
    def achievement(self, program):
        if program.pk is None:
            return "—"
        period = services.Period(program.start, program.end, program.name)
        entries = [e for e in services.programs_progress(period) if e["program"].pk == program.pk]
        return render_to_string("admin/reports/program_progress.html", {"entries": entries})

    def write(self, request, obj, form, change):
        services.program_save(program=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        services.program_target_save(target=obj, user=request.user, validated=True)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == PeriodKind.TERM and cleaned.get("first_year") and cleaned.get("last_year"):
            if cleaned["last_year"] < cleaned["first_year"]:
                self.add_error(
                    "last_year",
                    _("Năm cuối của nhiệm kỳ (%(last)s) không thể trước năm đầu (%(first)s).")
                    % {"last": cleaned["last_year"], "first": cleaned["first_year"]},
                )
        return cleaned


class SendForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Số, ký hiệu văn bản"),
        max_length=40,
        help_text=gettext_lazy("Ví dụ: 15/BC-LHHN."),
    )
    document_date = forms.DateField(label=gettext_lazy("Ngày văn bản"), help_text=gettext_lazy("dd/mm/yyyy"))
    recipient = forms.CharField(
        label=gettext_lazy("Kính gửi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mỗi nơi một dòng."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Tôi đã xem bản dự thảo; số liệu gửi đi sẽ được lưu nguyên như lúc gửi."), required=True
    )


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    form = ReportForm
    list_display = ["__str__", "kind", "start", "end", "sent"]
    list_filter = ["kind"]
    search_fields = ["title", "assessment", "signer_name"]
    readonly_fields = ["figures_now", "submissions_list"]
    fieldsets = [
        (gettext_lazy("Kỳ báo cáo"), {"fields": ["kind", ("year", "half"), ("first_year", "last_year")]}),
        (
            gettext_lazy("Văn bản"),
            {"fields": ["title", "recipients", "copies_to", ("signer_authority", "signer_title"), "signer_name"]},
        ),
        (gettext_lazy("I. Kết quả thực hiện (tính từ hồ sơ)"), {"fields": ["figures_now"]}),
        (gettext_lazy("Nội dung"), {"fields": ["assessment", "difficulties", "proposals"]}),
        (gettext_lazy("Đã gửi"), {"fields": ["submissions_list"]}),
    ]
    change_form_template = "admin/reports/report/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("submissions")

    @admin.display(description=gettext_lazy("đã gửi"))
    def sent(self, report):
        found = report.submissions.all()
        return ", ".join(s.number for s in found) or "—"

    @admin.display(description=gettext_lazy("số liệu"))
    def figures_now(self, report):
        if report.pk is None:
            return _("Lưu báo cáo để xem số liệu của kỳ.")
        period = services.report_period(report)
        previous = period.previous()
        current = services.figures(period)
        rows = services.summary_rows(period, current, services.figures(previous))
        return render_to_string(
            "admin/reports/summary_table.html", {"rows": rows, "period": period, "previous": previous}
        )

    @admin.display(description=gettext_lazy("báo cáo đã gửi"))
    def submissions_list(self, report):
        found = list(report.submissions.all())
        if not found:
            return _("Chưa gửi.")
        return render_to_string("admin/reports/submission_links.html", {"submissions": found})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.submissions.exists():  # sent: frozen
            return [f.name for f in Report._meta.fields if f.editable and f.name != "id"] + self.readonly_fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.submissions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def write(self, request, obj, form, change):
        services.report_save(report=obj, user=request.user, validated=True)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/tai/docx/",
                self.admin_site.admin_view(self.draft_view),
                {"kind": "docx"},
                name=f"{info[0]}_{info[1]}_docx",
            ),
            path(
                "<path:object_id>/tai/xlsx/",
                self.admin_site.admin_view(self.draft_view),
                {"kind": "xlsx"},
                name=f"{info[0]}_{info[1]}_xlsx",
            ),
            path("<path:object_id>/gui/", self.admin_site.admin_view(self.send_view), name=f"{info[0]}_{info[1]}_send"),
            *super().get_urls(),
        ]

    def _report_or_404(self, request, object_id) -> Report:
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        return report

    def draft_view(self, request, object_id, kind):
        """The pack as the records stand now (a draft: no number, no date)."""
        report = self._report_or_404(request, object_id)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        pack = services.build_pack(report)
        content = services.pack_file(pack, kind)
        return _download(content, f"{pack.filename_stem}-du-thao.{kind}", kind)

    def send_view(self, request, object_id):
        """Gửi báo cáo: number, date and addressee; the pack is made, stored and frozen."""
        report = self._report_or_404(request, object_id)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        if report.submissions.exists():
            messages.warning(request, _("Báo cáo này đã gửi."))
            return redirect(reverse("admin:reports_report_change", args=[report.pk]))
        form = SendForm(
            request.POST or None,
            initial={"recipient": report.recipients, "document_date": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                submission = services.report_send(
                    report=report,
                    number=form.cleaned_data["number"],
                    document_date=form.cleaned_data["document_date"],
                    recipient=form.cleaned_data["recipient"],
                    user=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(
                    request,
                    _("Đã gửi báo cáo số %(number)s; tệp và số liệu được lưu nguyên như lúc gửi.")
                    % {"number": submission.number},
                )
                return redirect(reverse("admin:reports_submission_change", args=[submission.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": report,
            "form": form,
            "title": _("Gửi báo cáo"),
            "subtitle": str(report),
        }
        return TemplateResponse(request, "admin/reports/report/send.html", context)


@admin.register(Submission)
class SubmissionAdmin(HistoryAdmin):
    """Sent reports: read by everyone who may, never added (only "Gửi báo cáo"), changed or deleted."""

    list_display = ["number", "document_date", "period_label", "recipient_short", "sent_by", "sent_at"]
    list_filter = ["document_date"]
    search_fields = ["number", "period_label", "recipient"]
    fields = [
        "report",
        "period_label",
        "number",
        "document_date",
        "recipient",
        "sent_by",
        "sent_at",
        "files",
        "changes",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("kính gửi"))
    def recipient_short(self, submission):
        return services.lines(submission.recipient)[0] if submission.recipient else ""

    @admin.display(description=gettext_lazy("tệp đã gửi"))
    def files(self, submission):
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a><br><small>SHA-256: {} · {}</small>',
            reverse("admin:reports_submission_docx", args=[submission.pk]),
            _("Tải báo cáo (.docx)"),
            reverse("admin:reports_submission_xlsx", args=[submission.pk]),
            _("Tải phụ lục (.xlsx)"),
            submission.docx_sha256[:16],
            submission.xlsx_sha256[:16],
        )

    @admin.display(description=gettext_lazy("thay đổi sau khi gửi"))
    def changes(self, submission):
        return render_to_string(
            "admin/reports/changes.html", {"changes": services.changes_since_sent(submission), "submission": submission}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sent_by", "report")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/tep/docx/",
                self.admin_site.admin_view(self.file_view),
                {"kind": "docx"},
                name=f"{info[0]}_{info[1]}_docx",
            ),
            path(
                "<path:object_id>/tep/xlsx/",
                self.admin_site.admin_view(self.file_view),
                {"kind": "xlsx"},
                name=f"{info[0]}_{info[1]}_xlsx",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id, kind):
        """The file as sent, byte for byte."""
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        try:
            content = services.stored_file(submission, kind)
        except (ValidationError, OSError):
            messages.error(
                request, _("Không đọc được tệp đã gửi, hoặc tệp không còn đúng tệp đã gửi (mã kiểm tra khác).")
            )
            return redirect(reverse("admin:reports_submission_change", args=[submission.pk]))
        return _download(content, f"bao-cao-so-{submission.number.replace('/', '-').lower()}.{kind}", kind)
