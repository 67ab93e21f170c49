"""Staff roles (auth groups) and the permissions each one gets.

The groups are created by a data migration (core 0002). Their permissions are (re)granted after
every `migrate` by `sync_role_permissions`, because permissions for a new app only exist once that
app's migrations have run. An app opts in by declaring `role_access` on its AppConfig:

    role_access = {"data_entry": "edit", "leadership": "view"}

"edit" grants every permission of the app's models (add, change, delete, view, import, export);
"view" grants view and export; "pick" grants view only — for the records a role chooses from in the
forms it edits (an editor picks the partners an article mentions), without their exports; "refer"
grants view only too — for the records a role reads beside its job (a moderator opens the article a
comment is on). Records a role only picks or refers to stay out of its admin home and menu. A level
may also be a dict of model name → level, for an app whose models belong to different roles (core:
the editor edits the about page's leaders, not the site identity):

    role_access = {"editor": {"leader": "edit", "officeunit": "edit"}}

A model's history model ("historicalleader") follows the model. The admin role always has every
permission. Granting only adds: permissions given by hand in the admin are kept.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

ADMIN = "admin"
EDITOR = "editor"
DATA_ENTRY = "data_entry"
MODERATOR = "moderator"
LEADERSHIP = "leadership"

# Group names are what staff see in the admin; they are stored in Vietnamese.
ROLE_GROUPS = {
    ADMIN: "Quản trị hệ thống",
    EDITOR: "Biên tập viên",
    DATA_ENTRY: "Cán bộ nhập liệu",
    MODERATOR: "Kiểm duyệt",
    LEADERSHIP: "Lãnh đạo",
}

ROLE_DESCRIPTIONS = {
    ADMIN: _("Quản lý tài khoản, phân quyền và thông tin đơn vị; có mọi quyền."),
    EDITOR: _("Biên tập tin tức, trang giới thiệu và thư viện ảnh."),
    DATA_ENTRY: _("Nhập và cập nhật hồ sơ: đối tác, viện trợ, đoàn ra – đoàn vào, kiều bào, sự kiện, văn bản."),
    MODERATOR: _("Duyệt bình luận của bạn đọc."),
    LEADERSHIP: _("Xem bảng điều khiển và hồ sơ (chỉ đọc), tải báo cáo."),
}

VIEW_ACTIONS = ("view", "export")
LEVEL_ACTIONS = {"view": VIEW_ACTIONS, "pick": ("view",), "refer": ("view",)}
OFF_HOME_LEVELS = {"pick", "refer"}


def spreadsheet_permissions(model_name: str, noun) -> list[tuple[str, str]]:
    """The permissions to import a model's records from a spreadsheet and to export them, for its
    Meta.permissions: `permissions = spreadsheet_permissions("aiditem", _("khoản viện trợ"))`.
    django-import-export's admin asks for `import_<model>` / `export_<model>` of the admin's model
    (settings IMPORT_EXPORT_*_PERMISSION_CODE); core.checks fails when an importable admin's model
    lacks them."""
    return [
        (f"import_{model_name}", format_lazy(_("Có thể nhập {} từ tệp"), noun)),
        (f"export_{model_name}", format_lazy(_("Có thể xuất {} ra tệp"), noun)),
    ]


def permissions_for(app_config, level: str | dict[str, str]):

    if isinstance(level, dict):
        return [perm for model, value in level.items() for perm in model_permissions(app_config, model, value)]
    perms = Permission.objects.filter(content_type__app_label=app_config.label)
    if level in LEVEL_ACTIONS:
        perms = [p for p in perms if p.codename.split("_", 1)[0] in LEVEL_ACTIONS[level]]
    return list(perms)


def model_permissions(app_config, model: str, level: str):

    perms = Permission.objects.filter(
        content_type__app_label=app_config.label, content_type__model__in=[model, f"historical{model}"]
    )
    if level in LEVEL_ACTIONS:
        perms = [p for p in perms if p.codename.split("_", 1)[0] in LEVEL_ACTIONS[level]]
    return list(perms)


def sync_role_permissions(apps=global_apps, **kwargs) -> None:
    """Grant each role group the permissions its apps declare (idempotent; only adds)."""

    groups = {code: Group.objects.get_or_create(name=name)[0] for code, name in ROLE_GROUPS.items()}
    groups[ADMIN].permissions.add(*Permission.objects.all())
    for app_config in global_apps.get_app_configs():
        for role, level in getattr(app_config, "role_access", {}).items():
            groups[role].permissions.add(*permissions_for(app_config, level))


def role_group_names(user) -> frozenset[str]:
    """The names of `user`'s groups, read once per user object (a request's user): the admin's menu
    asks for every model it lists, which cost one query per model on every admin page."""
    names = getattr(user, "_role_group_names", None)
    if names is None:
        names = user._role_group_names = frozenset(user.groups.values_list("name", flat=True))
    return names


def consulted_only(user, model) -> bool:
    """True when `user` sees `model`'s records only to pick them in the forms they edit or to read
    them beside their job (the "pick" and "refer" levels: an editor and the partners an article
    mentions, a moderator and the article a comment is on). Such a model stays out of the user's
    admin home and menu; its records still fill the pickers and open from the records that name them."""
    if not user.is_active or user.is_superuser:
        return False
    opts = model._meta
    names = role_group_names(user)
    levels = []
    for role, group in ROLE_GROUPS.items():
        if group not in names:
            continue
        if role == ADMIN:
            return False
        level = getattr(global_apps.get_app_config(opts.app_label), "role_access", {}).get(role)
        levels.append(level.get(opts.model_name) if isinstance(level, dict) else level)
    levels = [level for level in levels if level]
    return bool(levels) and all(level in OFF_HOME_LEVELS for level in levels)
