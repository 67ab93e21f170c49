"""The Union, member associations, people, milestones, awards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.organizations"
    verbose_name = _("Tổ chức thành viên")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.organizations.demo.load"
    role_access = {"data_entry": "edit", "leadership": "view"}
    import_kinds = {
        "people": "friendship_union.organizations.resources.PositionResource",
        "awards": "friendship_union.organizations.resources.AwardResource",
    }
