"""The system check that keeps import kinds, admin lists and permissions in agreement."""

from django.contrib import admin
from django.contrib.admin import AdminSite

from friendship_union.core.admin_mixins import SpreadsheetAdmin
from friendship_union.core.checks import check_spreadsheet_permissions
from friendship_union.core.models import OfficeUnit
from friendship_union.core.resources import Field, VietnameseResource


def test_the_project_passes():
    assert check_spreadsheet_permissions() == []


class UnitResource(VietnameseResource):
    name = Field(attribute="name", column_name="Tên")

    class Meta(VietnameseResource.Meta):
        model = OfficeUnit
        fields = ("name",)


def test_an_importable_admin_whose_model_lacks_the_permissions_fails():
    """What happened to the people import: its admin asked for permissions no role could have."""
    site = AdminSite(name="probe")
    site.register(OfficeUnit, type("UnitAdmin", (SpreadsheetAdmin,), {"resource_classes": [UnitResource]}))
    errors = [e for e in check_spreadsheet_permissions(site=site) if e.id == "core.E001"]
    assert len(errors) == 1 and errors[0].obj.__name__ == "UnitAdmin"
    assert "export_officeunit, import_officeunit" in errors[0].msg


def test_an_import_kind_without_its_admin_list_fails():
    site = AdminSite(name="probe")
    for model, model_admin in admin.site._registry.items():
        if not getattr(model_admin, "resource_classes", None) or model._meta.model_name != "person":
            site._registry[model] = model_admin
    errors = check_spreadsheet_permissions(site=site)
    assert [e.id for e in errors] == ["core.E002"]
    assert "“people”" in errors[0].msg
