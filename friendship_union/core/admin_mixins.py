"""Admin building blocks shared by every app's admin."""

import datetime
import tempfile
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field as django_display_for_field
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_export
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from . import imports_jobs
from .contributions import admin_notices
from .exports import write_csv, write_xlsx
from .imports import Xlsx
from .models import ImportJob
from .numbers import whole_number
from .resources import template_workbook
from .services import record_save
from .tasks import preview_import, write_import
from .templatetags.vn import number
from .text import fold


class OddInputChangeList(ChangeList):
    """Django's admin list, except that a date-hierarchy year it cannot turn into a date range
    (?…__year=99999999999999999999, or 9999, whose next year is 10000) is an invalid lookup — the
    list redirects to ?e=1 as for any other bad filter — rather than an OverflowError (a 500)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class OddInputAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin of the site (core/admin.py gives Django's and django-axes' own
    admins this base too; the fuzz test checks the registry): odd query strings get the admin's
    ordinary answers, not a 500."""

    def get_changelist(self, request, **kwargs):
        return OddInputChangeList

    def get_object(self, request, object_id, from_field=None):
        # An empty ?_to_field= would be looked up as a field named "" (FieldDoesNotExist, a 500).
        return super().get_object(request, object_id, from_field or None)


class DayListFilter(admin.SimpleListFilter):
    """A list filter on one day given as ?<parameter_name>=YYYY-MM-DD (the dashboard's links carry a
    period's end): shown as "Tất cả" and the day chosen (dd/mm/yyyy), plus any `lookups`; a value that
    is not a date filters nothing. Subclasses define filter_day(queryset, day)."""

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    def day(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.value() or "")
        except ValueError:
            return None

    def choices(self, changelist):
        yield {
            "selected": self.day() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Tất cả"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }
        if self.day() is not None and self.value() not in dict(self.lookup_choices):
            yield {
                "selected": True,
                "query_string": changelist.get_query_string(),
                "display": self.day().strftime("%d/%m/%Y"),
            }

    def filter_day(self, queryset, day: datetime.date):
        raise NotImplementedError

    def queryset(self, request, queryset):
        day = self.day()
        return self.filter_day(queryset, day) if day is not None else queryset


class FoldedSearchMixin:
    """Admin search that ignores diacritics and case: "dong thoi" finds "Đông Thới".

    Searches `folded_search_fields` (fields holding folded text) with the folded query, in addition
    to the ordinary `search_fields`."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        searched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phrase = fold(search_term)
        if not phrase or not self.folded_search_fields:
            return searched, may_have_duplicates
        # The phrase as typed first ("dong thoi" finds Đông Thới, not "An Thới Đông"); only when
        # nothing contains it, every word anywhere ("dong thoi cai nuoc").
        folded = Q()
        for name in self.folded_search_fields:
            folded |= Q(**{f"{name}__contains": phrase})
        if not queryset.filter(folded).exists():
            folded = Q()
            for name in self.folded_search_fields:
                every_word = Q()
                for word in phrase.split():
                    every_word &= Q(**{f"{name}__contains": word})
                folded |= every_word
        # Keep the list filters already applied to `queryset`.
        found = queryset.filter(Q(pk__in=searched.values("pk")) | folded)
        return self.rank_search_results(request, found, search_term, phrase), may_have_duplicates

    # What the user typed, whole or at the start of a name, comes first in the autocomplete pickers
    # ("Úc" lists Úc before Campuchia and St. Lucia; Select2 highlights the first row and Enter
    # takes it). The admin list orders its rows itself, after this.
    rank_code_fields: tuple[str, ...] = ()  # codes compared whole, case ignored: "AU", "LKC-AU"
    rank_name_fields: tuple[str, ...] = ()  # one folded name each: "nhat ban"
    rank_names_fields: tuple[str, ...] = ()  # several folded names between "|": "|uc|australia|"

    def rank_search_results(self, request, queryset, search_term: str, phrase: str):
        """`queryset` with exact matches of a code or name first, then names starting with the
        phrase, then names with a word starting with it, then the rest (each in the admin's order)."""
        term = search_term.strip()
        exact, prefix, word = Q(), Q(), Q()
        for name in self.rank_code_fields:
            exact |= Q(**{f"{name}__iexact": term})
        for name in self.rank_name_fields:
            exact |= Q(**{name: phrase})
            prefix |= Q(**{f"{name}__startswith": phrase})
            word |= Q(**{f"{name}__contains": f" {phrase}"})
        for name in self.rank_names_fields:
            exact |= Q(**{f"{name}__contains": f"|{phrase}|"})
            prefix |= Q(**{f"{name}__contains": f"|{phrase}"})
            word |= Q(**{f"{name}__contains": f" {phrase}"})
        whens = [When(q, then=Value(rank)) for rank, q in enumerate((exact, prefix, word)) if q]
        if not whens:
            return queryset
        ordering = list(self.get_ordering(request) or queryset.model._meta.ordering or [])
        rank = Case(*whens, default=Value(len(whens)), output_field=IntegerField())
        return queryset.annotate(search_rank=rank).order_by("search_rank", *ordering, "pk")


GROUPED_FIELDS = (models.DecimalField, models.FloatField, models.BigIntegerField)


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """A read-only amount or rate as staff write it — 1.183.500.000, 26.300 — not 1183500000 or
    26300,000000 (the admin groups digits only with USE_THOUSAND_SEPARATOR, which the forms' inputs
    cannot have). Small integers (years, counts) are left as they are. Installed by CoreConfig.ready()
    as the admin's display of read-only fields and of list columns."""
    if value is not None and not field.choices and isinstance(field, GROUPED_FIELDS):
        amount = Decimal(str(value))
        # Money keeps its cents (26.300,50); a rate or a coordinate its digits, not trailing zeros
        # (133,7069, not 133,706900).
        precise = (getattr(field, "decimal_places", None) or 0) > 2
        return number(amount.normalize() if precise or amount == amount.to_integral_value() else amount)
    return django_display_for_field(value, field, empty_value_display, avoid_link)


class VietnameseHistoryHelper(HistoricalRecordContextHelper):
    """The history page's before → after values as staff write them: "—" for nothing (not "None"
    or "bài viết đã xóa (pk=None)"), dates dd/mm/yyyy, times hh:mm in Vietnam, numbers 1.234.567,
    Có/Không."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return [self.display(v) for v in value]
        return self.display(value)

    @staticmethod
    def display(value):
        if value is None or value == "" or isinstance(value, DeletedObject) and value.pk is None:
            return "—"
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, datetime.datetime):
            return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%H:%M %d/%m/%Y")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, int | Decimal):
            return number(value)
        return value


class HistoryAdmin(OddInputAdmin, SimpleHistoryAdmin):
    """Change history ("Lịch sử") for every staff-edited model, read-only for read-only roles.

    django-simple-history's history page of one version is also a form that writes that version
    back ("revert"), and it accepts a POST from anyone who may *view* the record. Here a POST needs
    the permission to change the record, as the record's own change form does; without it the form
    is shown read-only and a POST is refused (403). Every ModelAdmin with a history page derives
    from this class (a test walks the admin registry)."""

    # --- writes go through the record's write service (core.services; an app's services.py)
    def write(self, request, obj, form, change) -> None:
        """Save the record of the change form. An admin whose record has derived values (money,
        places) overrides this to call its app's service; the form has validated it already."""
        record_save(obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset) -> None:
        """Save one row of an inline formset (override to call the row's service)."""
        record_save(obj, user=request.user, validated=True)

    def save_model(self, request, obj, form, change):
        self.write(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        changed = formset.save(commit=False)
        for obj in formset.deleted_objects:  # first, as formset.save() does: a row may replace one
            obj._history_user = request.user
            obj.delete()
        for obj in changed:
            self.write_inline(request, obj, formset)
        formset.save_m2m()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # What other apps say about this record, to whoever may change it (core.contributions): a
        # report that counted it was sent, and a change will show against the figures as sent.
        if change and obj is not None and self.has_change_permission(request, obj):
            for text in admin_notices(request, obj):
                messages.warning(request, text)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        self._ids_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ids_or_404(object_id, version_id)
        if request.method not in ("GET", "HEAD"):
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj) or self.revert_disabled(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _ids_or_404(self, object_id, version_id=None) -> None:
        """django-simple-history puts the ids of its URLs into queries as they come: a key that is
        not the record's kind of key ("²" for a number, 10.000 letters) would be a 500, not a 404."""
        history_id = getattr(self.model, self.model._meta.simple_history_manager_attribute).model._meta.pk
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                history_id.to_python(version_id)
        except ValidationError as exc:
            raise Http404 from exc


class VietnameseExportForm(SelectableFieldsExportForm):
    """The export page's column checkboxes named by the file's Vietnamese headers: import-export
    labels them with the attribute name in English title case ("Import Key (Khóa nhập liệu)")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field and field.column_name else field_name


class SpreadsheetAdmin(ImportExportModelAdmin, HistoryAdmin):
    """Import/export in xlsx and csv (UTF-8 with BOM so Excel shows Vietnamese), a downloadable
    template with the Vietnamese headers, and change history."""

    formats = [Xlsx, CSV]
    export_form_class = VietnameseExportForm
    to_encoding = "utf-8-sig"
    import_export_change_list_template = "admin/core/spreadsheet_change_list.html"
    template_filename = "mau-nhap.xlsx"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "mau-nhap/",
                self.admin_site.admin_view(self.template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            ),
            *super().get_urls(),
        ]

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "has_template": True}

    # --- large files off the request (core/imports_jobs.py)
    def import_kind(self, request) -> str | None:
        """The import kind of this admin's resource (None: it is no declared kind, and every file
        is imported in the request)."""
        return imports_jobs.kind_of_resource(self.get_import_resource_classes(request)[0])

    def import_jobs(self, request):
        """The recent imports of this kind the person may see: their own; a system administrator's,
        everyone's."""
        jobs = ImportJob.objects.filter(kind=self.import_kind(request)).select_related("user")
        if not request.user.has_perm("core.view_importjob"):
            jobs = jobs.filter(user=request.user)
        return jobs

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if "job" in request.GET or "job" in request.POST:
            return self.import_job_view(request, request.POST.get("job") or request.GET.get("job"))
        kind = self.import_kind(request)
        if request.method == "POST" and kind is not None:
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                file_format = self.get_import_formats()[int(form.cleaned_data["format"])]().get_extension()
                data = b"".join(upload.chunks())
                rows = imports_jobs.count_rows(data, file_format) if file_format in imports_jobs.FORMATS else 0
                if file_format in imports_jobs.FORMATS and (rows is None or rows > imports_jobs.background_rows()):
                    job = imports_jobs.create_job(
                        kind=kind, user=request.user, file_name=upload.name, file_format=file_format, data=data
                    )
                    preview_import.enqueue(job.pk)
                    return HttpResponseRedirect(self.import_job_url(job))
        response = super().import_action(request, **kwargs)
        if kind is not None and hasattr(response, "context_data"):
            recent = list(self.import_jobs(request)[:10])
            for job in recent:
                imports_jobs.fail_if_stale(job)  # a job whose worker died says so here too
            response.context_data["recent_imports"] = recent
        return response

    def import_job_url(self, job) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import") + f"?job={job.pk}"

    def import_job_view(self, request, job_id):
        """A stored import: its progress (HTML, or JSON for the page's script), its preview and
        the confirmation, or what it did."""
        job = self.import_jobs(request).filter(pk=whole_number(job_id, low=1, high=2**31 - 1) or 0).first()
        if job is None:
            raise Http404(_("Không có lần nhập này."))
        imports_jobs.fail_if_stale(job)
        if request.method == "POST":
            if "confirm" in request.POST and imports_jobs.confirm(job, request.user):
                write_import.enqueue(job.pk)
                messages.info(request, _("Đã nhận xác nhận: tệp đang được ghi. Có thể rời trang này và quay lại sau."))
            return HttpResponseRedirect(self.import_job_url(job))
        if request.GET.get("json"):
            response = JsonResponse(imports_jobs.progress_of(job))
            response["Cache-Control"] = "no-store"
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập từ tệp: %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "progress_url": self.import_job_url(job) + "&json=1",
            "import_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"),
            "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
            "recent_imports": self.import_jobs(request).exclude(pk=job.pk)[:10],
        }
        return render(request, "admin/core/import_job.html", context)

    def process_dataset(self, dataset, form, request, **kwargs):
        request.import_file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name") or ""
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        kind = self.import_kind(request)
        if kind is not None:
            imports_jobs.record_synchronous(
                kind=kind,
                user=request.user,
                file_name=getattr(request, "import_file_name", ""),
                counts=getattr(result, "counts", None) or {},
            )
        return super().process_result(result, request)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """The export file written row by row to a temporary file and sent from it, so memory stays
        bounded however many records there are (import-export builds the whole table, then the whole
        workbook, in memory: about 1 GB for the aid items at ×100 demo data). The same resource, the
        same selected columns and the same cells (each through the export guard, core.exports.inert);
        xlsx in openpyxl's write-only mode, csv in UTF-8 with BOM. An admin that exports other rows
        than the listed ones (its own get_data_for_export: people as their positions) keeps
        import-export's own path."""
        if type(self).get_data_for_export is not ImportExportModelAdmin.get_data_for_export:
            return super()._do_file_export(file_format, request, queryset, export_form=export_form)
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.choose_export_resource_class(export_form, request)(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        selected = self.get_export_resource_fields_from_form(export_form)
        resource.before_export(queryset)
        queryset = resource.filter_export(queryset)
        binary = isinstance(file_format, XLSX)
        rows = (
            resource.export_resource(record, selected_fields=selected, force_native_type=binary)
            for record in resource.iter_queryset(queryset)
        )
        headers = resource.get_export_headers(selected_fields=selected)
        spool = tempfile.TemporaryFile()
        (write_xlsx if binary else write_csv)(spool, headers, rows)
        spool.seek(0)
        response = FileResponse(
            spool,
            as_attachment=True,
            filename=self.get_export_filename(request, queryset, file_format),
            content_type=file_format.get_content_type(),
        )
        post_export.send(sender=None, model=self.model)
        return response

    def add_success_message(self, result, request):
        """What the file did, counted as the preview counted it (blank and example rows are none)."""
        counts = getattr(result, "counts", None) or {}
        messages.success(
            request,
            _("Đã nhập %(model)s: %(new)s mới, %(update)s thay đổi, %(skip)s không đổi.")
            % {
                "model": self.opts.verbose_name_plural,
                "new": number(counts.get("new", 0)),
                "update": number(counts.get("update", 0)),
                "skip": number(counts.get("skip", 0)),
            },
        )

    def template_view(self, request):
        """An empty workbook with the import headers (bold) and, below, what each column expects."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        content = template_workbook(resource, title=str(self.opts.verbose_name_plural))
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-{self.template_filename}"'
        return response
