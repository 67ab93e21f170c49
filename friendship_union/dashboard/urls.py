from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "dashboard"
urlpatterns = [
    path(_("bang-dieu-khien/"), views.dashboard, name="index"),
    path(_("bang-dieu-khien/in/"), views.dashboard, name="print"),
    path(_("bang-dieu-khien/tong-hop.json"), views.summary_json, name="summary"),
    path(_("bang-dieu-khien/bao-cao.xlsx"), views.report_workbook, name="report"),
    path(_("bang-dieu-khien/xuat/<slug:kind>.xlsx"), views.export_breakdown, name="export"),
]
