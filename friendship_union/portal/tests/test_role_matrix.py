"""Who may do what, walked rather than listed: every URL the admin registry exposes for every model
(list, add, change, delete, history, a version's revert form, import, confirm, export, template, and
any custom page), the admin site's own pages, the autocomplete of every autocomplete field and every
dashboard URL — GET and POST, as each role and as an anonymous visitor — checked against the README's
roles table, which the test reads. A new model, admin page or dashboard URL is covered without editing
this file; a page it cannot classify, or a README clause it cannot read, fails it.

The README is the one truth: its "can" column, clause by clause (split on ";"), says which records a
role may do which things with (CLAUSES, the only hand-written mapping here). The groups' permissions
must be exactly those, and each page must answer as they say: allowed → the page; denied → 403 (an
app's index: 404, as Django answers), anonymous → the login page. A POST that a role may not make must
change nothing (the record's row, its model's latest key and latest history row are compared), and the
same POST from a role that may make it does write — so the refused payload was a real one. Every POST
runs in a savepoint that is rolled back, so one case never sees another's writes.

Before: a read-only role wrote through the history page's revert form (#12, critical) and the editor
read the records apps (#12, medium); both are covered here."""

import copy
import logging
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from friendship_union.core.roles import ROLE_GROUPS, consulted_only
from friendship_union.core.services import record_save

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = list(ROLE_GROUPS)  # admin, editor, data_entry, moderator, leadership
EVERYONE = [*ROLES, ANONYMOUS]

# --- what the README's words mean -------------------------------------------------------------------
# Actions a permission codename starts with. "edit" is every one of them; reading is "view"; exports
# are "export" (the import/export permissions of core.roles.spreadsheet_permissions).
EDIT = frozenset({"view", "add", "change", "delete", "import", "export", "publish", "merge"})
READ = frozenset({"view"})
EXPORT = frozenset({"export"})

# Scopes: "*" every model; an app label every model of that app; "app.model" one model. A model's
# history model ("historicalpartner", "historicalarticle_tags") is in its model's scope.
RECORDS = (
    "partners",
    "aid",
    "appeals",
    "dossiers",
    "delegations",
    "diaspora",
    "events",
    "documents",
    "organizations",
    "reference",
    "gallery",
    "news",
    "core.leader",
    "core.officeunit",
)
ABOUT_PAGE = ("core.leader", "core.officeunit")

# Each clause of the README's "can" column → {scope: actions}. A clause not here fails the test: say
# here what it grants, then the groups and pages must follow.
CLAUSES = {
    "everything, including users, roles and the site identity": {"*": EDIT},
    "news, pages (the about page's leaders and office units), photo albums": {
        "news": EDIT,
        **dict.fromkeys(ABOUT_PAGE, EDIT),
        "gallery": EDIT,
    },
    "sees partners (not their contacts) to pick the ones an article mentions": {"partners.partner": READ},
    "records: partners, aid, calls for aid and the interest they draw, approval dossiers (with their time "
    "limits and days off), delegations, overseas Vietnamese, events, documents, the Union's member "
    "associations, people, headcount, milestones and awards, exchange rates and the names in reference lists, "
    "photo albums": dict.fromkeys(
        (
            "partners",
            "aid",
            "appeals",
            "dossiers",
            "delegations",
            "diaspora",
            "events",
            "documents",
            "organizations",
            "reference",
            "gallery",
        ),
        EDIT,
    ),
    "reporting terms and dashboards": {"dashboard": EDIT},
    "reads the about page's leaders and office units": dict.fromkeys(ABOUT_PAGE, READ),
    "readers' comments (approve, reject, mark spam)": {"news.comment": EDIT},
    "reads articles": {"news.article": READ, "news.category": READ, "news.tag": READ},
    "dashboards and every record (news, comments, albums and the about page too), read-only": {
        "dashboard": READ,
        **dict.fromkeys(RECORDS, READ),
    },
    "exports": {"dashboard": EXPORT, **dict.fromkeys(RECORDS, EXPORT)},
    "the periodic reports (write, download, send), yearly plans and promotion programs": {"reports": EDIT},
    "reads the periodic reports, plans and promotion programs": {"reports": READ},
}


def readme_clauses() -> dict[str, list[str]]:
    """role → the clauses of its row in the README's roles table."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Roles\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert [c.strip() for c in rows[0].strip("|").split("|")] == ["group", "who", "can"], rows[0]
    by_group = {name: role for role, name in ROLE_GROUPS.items()}
    found = {}
    for row in rows[2:]:
        group, _who, can = (cell.strip() for cell in row.strip().strip("|").split("|"))
        assert group in by_group, f"README names a group no migration creates: {group}"
        found[by_group[group]] = [" ".join(clause.split()) for clause in can.split(";")]
    assert sorted(found) == sorted(ROLES), "the README's roles table must have one row per role"
    return found


def base_model(model) -> tuple[str, str]:
    """(app label, model name) of a model; for a history model, of the model it records (for the
    history of a many-to-many field, of the model holding the field)."""
    model = getattr(model, "instance_type", model)  # simple-history's history models
    model = model._meta.auto_created or model  # an automatic many-to-many table → its model
    return model._meta.app_label, model._meta.model_name


def in_scope(scope: str, app_label: str, model_name: str) -> bool:
    return scope == "*" or scope == app_label or scope == f"{app_label}.{model_name}"


def readme_grants() -> dict[str, list[tuple[str, frozenset]]]:
    """role → [(scope, actions)] as the README says."""
    grants = {}
    for role, clauses in readme_clauses().items():
        unknown = [clause for clause in clauses if clause not in CLAUSES]
        assert not unknown, f"README, Roles, {ROLE_GROUPS[role]}: clauses the test cannot read: {unknown}"
        grants[role] = [item for clause in clauses for item in CLAUSES[clause].items()]
    return grants


def allowed_actions(grants, role: str, app_label: str, model_name: str) -> frozenset:
    if role == ANONYMOUS:
        return frozenset()
    found = set()
    for scope, actions in grants[role]:
        if in_scope(scope, app_label, model_name):
            found |= actions
    return frozenset(found)


# --- README → the groups' permissions ----------------------------------------------------------------
def permission_key(permission: Permission, models_by_ct: dict) -> tuple[str, str, str]:
    """(app, model, action) of a permission; a history model's permissions count as its model's."""
    model = models_by_ct.get(permission.content_type_id)
    app_label, model_name = base_model(model) if model else (permission.content_type.app_label, "?")
    return app_label, model_name, permission.codename.split("_", 1)[0]


def test_each_role_holds_exactly_the_permissions_the_readme_gives_it():
    grants = readme_grants()
    models_by_ct = {ContentType.objects.get_for_model(m, for_concrete_model=False).pk: m for m in apps.get_models()}
    everything = {permission_key(p, models_by_ct) for p in Permission.objects.select_related("content_type")}
    problems = []
    for role in ROLES:
        expected = {key for key in everything if key[2] in allowed_actions(grants, role, key[0], key[1])}
        group = Group.objects.get(name=ROLE_GROUPS[role])
        held = {permission_key(p, models_by_ct) for p in group.permissions.select_related("content_type")}
        if extra := sorted(held - expected):
            problems.append(f"{role} holds what the README does not give it: {extra}")
        if missing := sorted(expected - held):
            problems.append(f"{role} lacks what the README gives it: {missing}")
    assert not problems, "\n".join(problems)


# --- one record of every registered model ------------------------------------------------------------
def _missing_in_demo():
    """Builders for the registered models the demo data has no row of."""
    import datetime
    from decimal import Decimal

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from friendship_union.aid.models import AidItem, Disbursement
    from friendship_union.aid.services import disbursement_save
    from friendship_union.appeals.models import Appeal, Interest
    from friendship_union.appeals.services import interest_submit
    from friendship_union.core.models import ImportJob
    from friendship_union.diaspora.models import Donation
    from friendship_union.diaspora.services import donation_save
    from friendship_union.gallery.models import Album, Photo
    from friendship_union.gallery.tests.factories import make_album, make_photo
    from friendship_union.organizations.models import Person, Position
    from friendship_union.organizations.services import person_save, position_save
    from friendship_union.partners.models import ContactPerson, Partner, RegistrationCertificate
    from friendship_union.partners.services import certificate_save
    from friendship_union.reminders.models import SentReminder
    from friendship_union.reports.models import Submission

    day = datetime.date(2015, 1, 1)
    attempt = {"user_agent": "thử", "ip_address": "127.0.0.1", "username": "ai-do", "http_accept": "*/*"}

    def partner():
        return Partner.objects.order_by("code").first()

    def position():
        person = person_save(person=Person(name="Nguyễn Văn Thử", phone="0912 000 222"))
        return position_save(position=Position(person=person, title="Ủy viên"))

    def submission():
        from friendship_union.reports.models import Report
        from friendship_union.reports.services import report_send

        return report_send(
            report=Report.objects.order_by("pk").first(),
            number="99/BC-MT",
            document_date=datetime.date(2025, 7, 1),
            recipient="Ủy ban nhân dân tỉnh",
            user=get_user_model().objects.get(username="ma-tran-admin"),
        )

    return {
        Submission: submission,
        Person: lambda: position().person,  # people are imported and exported one row per position
        Position: position,
        RegistrationCertificate: lambda: certificate_save(
            certificate=RegistrationCertificate(
                partner=partner(),
                certificate_type="operation",
                number="01/GĐK",
                issue_date=day,
                expiry_date=datetime.date(2017, 12, 31),
            )
        ),
        ContactPerson: lambda: partner().contacts.create(name="Người Liên Hệ Riêng", email="rieng@loreto.example"),
        Disbursement: lambda: disbursement_save(
            disbursement=Disbursement(
                aid_item=AidItem.objects.order_by("code").first(), date=day, amount=Decimal(100), currency_id="USD"
            )
        ),
        Donation: lambda: donation_save(donation=Donation(donor_name="Nhóm kiều bào", date=day, in_kind="Sách")),
        Interest: lambda: interest_submit(
            appeal=Appeal.objects.order_by("pk").first(),
            organisation="Quỹ Thử Nghiệm",
            country=None,
            email="quan-tam@quy.example",
            message="Chúng tôi muốn tìm hiểu thêm.",
            hashed_ip="ma-tran",
        ),
        ImportJob: lambda: ImportJob.objects.create(
            kind="partners", file_name="doi-tac.xlsx", file_format="xlsx", content=b"", status="done", new=1
        ),
        Album: make_album,
        Photo: lambda: make_photo(album=Album.objects.first() or make_album(), width=400, height=300),
        AccessAttempt: lambda: AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: lambda: AccessLog.objects.create(**attempt),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(**attempt),
        # A log row as reminders.services.send_due writes it after sending (the sending is its own tests').
        SentReminder: lambda: SentReminder.objects.create(
            kind="deadline",
            key="deadline:20261231",
            text="báo cáo năm 2026, hạn 31/12/2026",
            link="/bang-dieu-khien/?tu=2026&den=2026",
            recipients="lanhdao@huunghi.example",
            sent_at=datetime.datetime(2026, 12, 16, 7, 30, tzinfo=datetime.UTC),
        ),
    }


def one_of(model):
    """A record of `model`: the demo's first, or one built here. A user is never one of the role
    accounts (its password is changed in the matrix)."""
    if model is get_user_model():
        return model.objects.create(username="nguoi-dung-khac", is_staff=True)
    found = model._default_manager.order_by("pk").first()
    if found is None:
        builders = _missing_in_demo()
        assert model in builders, (
            f"{model._meta.label}: no row in the demo data; add a builder to _missing_in_demo() so the "
            "matrix reaches its pages"
        )
        found = builders[model]()
    return found


# --- the roles' browsers -----------------------------------------------------------------------------
@pytest.fixture
def browsers(demo, media_root, short_admin_lists):
    """One logged-in client per role (passwords unusable: hashing one takes longer than the matrix
    spends on a model), and one anonymous client. The thousands of refusals are not logged (Django
    logs each 403 with its traceback); errors still are."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    clients = {ANONYMOUS: Client()}
    for role in ROLES:
        user = get_user_model().objects.create(username=f"ma-tran-{role}", is_staff=True)
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        clients[role] = Client()
        clients[role].force_login(user)
    yield clients
    request_log.setLevel(level)


@pytest.fixture(scope="module")
def grants():
    return readme_grants()


class FormFields(HTMLParser):
    """What a browser sends from the form with id `form_id`: inputs (checked boxes only), textareas,
    the selected options of selects (the first option when none is selected). No files, no buttons."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.select, self.select_values, self.textarea, self.text, self.first_option = None, [], None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select, self.select_values, self.first_option = (name, "multiple" in attrs), [], None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_values.append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            values = self.select_values or ([] if multiple or self.first_option is None else [self.first_option])
            self.data.extend((name, value) for value in values)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None


def form_data(response) -> dict:
    """The change form of an admin page (its id is "<model>_form", "historical<model>_form" on a
    version's page) as a browser would post it."""
    model_name = response.context["opts"].model_name
    for form_id in (f"{model_name}_form", f"historical{model_name}_form"):
        parser = FormFields(form_id)
        parser.feed(response.content.decode())
        if parser.data:
            data = defaultdict(list)
            for name, value in parser.data:
                data[name].append(value)
            return dict(data)
    raise AssertionError(f"no change form in {response.request['PATH_INFO']}")


# --- the answers -------------------------------------------------------------------------------------
LOGIN = "/admin/login/"

# The action each admin page needs, for (GET, POST), by its URL name's ending. None: Django's
# old-style change URL "<id>/", a redirect to the change page for any staff account ("staff").
PAGE_ACTIONS = {
    "changelist": ("view", "delete"),  # the POST runs a list action; the one posted is delete_selected
    "add": ("add", "add"),
    "change": ("view", "change"),
    "delete": ("delete", "delete"),
    "history": ("view", "view"),
    "simple_history": ("view", "change"),  # a version's page; its POST writes the version back
    "import": ("import", "import"),
    "process_import": ("import", "import"),  # the confirmation of an import: POST only
    "import_template": ("import", "import"),
    "export": ("export", "export"),
    "merge": ("merge", "merge"),
    "docx": ("view", "view"),  # a report's pack (the draft, or the file as sent)
    "xlsx": ("view", "view"),
    "send": ("change", "change"),  # Gửi báo cáo: the form, and the sending
    "password_change": ("change", "change"),
    "embed": ("view", "view"),  # a photo for the article editor (JSON): GET only
    None: ("staff", "staff"),
}
GET_ONLY = {"embed"}  # a role that may read such a page gets 405 for a POST
WRITES = {"change", "simple_history"}  # a role that may POST these writes the record (checked)
# POSTs sent only to the roles that may not make them: those that write nothing even for a role that
# may (history, template, the old redirect; the add page's POST is the empty form, refused by its own
# validation), and the deletions, whose only payload is "yes" (a role that may delete would only time
# Django's cascade).
NOT_REPLAYED = {"history", "import_template", "add", None, "delete", "changelist"}


def page_kind(pattern, model_admin) -> str | None:
    if pattern.name is None:
        return None
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    assert pattern.name.startswith(prefix), pattern.name
    kind = pattern.name.removeprefix(prefix)
    assert kind in PAGE_ACTIONS, (
        f"admin page {pattern.name} ({pattern.pattern}): the matrix does not know which permission it needs; "
        "add it to PAGE_ACTIONS"
    )
    return kind


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


class ModelPages:
    """The admin pages of one registered model, its record, and who may do what there."""

    def __init__(self, model, grants, administrator):
        self.model, self.model_admin = model, admin.site._registry[model]
        self.obj = one_of(model)
        history = getattr(model, "history", None)
        self.has_history = history is not None and hasattr(history, "count")
        if self.has_history and not self.obj.history.exists():
            record_save(self.obj)  # codelists are loaded without history: give the record a version
        self.version = self.obj.history.order_by("history_id").first() if self.has_history else None
        self.request = admin_request(administrator)  # the administrator holds every permission
        opts = model._meta
        self.may = {role: allowed_actions(grants, role, opts.app_label, opts.model_name) for role in EVERYONE}
        self.change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])

    def cap(self, action: str) -> bool:
        """What the admin allows anyone — its has_*_permission answers for the administrator: a
        role gets what the README gives it, within that (codelists are not added, units not changed)."""
        ma, request, obj = self.model_admin, self.request, self.obj
        if action in ("view", "change", "delete"):
            return getattr(ma, f"has_{action}_permission")(request, obj)
        check = getattr(ma, f"has_{action}_permission", None)
        return bool(check and check(request))

    def allowed(self, role: str, action: str) -> bool:
        if role == ANONYMOUS:
            return False
        return action == "staff" or (action in self.may[role] and self.cap(action))

    def urls(self):
        """(kind, URL) of every page the model's admin exposes, filled with the record (and its
        oldest history version)."""
        opts = self.model._meta
        values = {"object_id": self.obj.pk, "id": self.obj.pk, "version_id": getattr(self.version, "pk", None)}
        for pattern in self.model_admin.get_urls():
            kind = page_kind(pattern, self.model_admin)
            named = list(getattr(pattern.pattern, "converters", {})) or list(pattern.pattern.regex.groupindex)
            positional = ["object_id", "version_id"][: 0 if named else pattern.pattern.regex.groups]
            for name in named + positional:
                assert name in values, f"{pattern.name}: unknown parameter {name}"
                assert values[name] is not None, f"{pattern.name}: no history version of {self.obj!r}"
            if kind is None:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"{self.obj.pk}/"
            else:
                url = reverse(
                    f"admin:{pattern.name}",
                    args=[values[name] for name in positional],
                    kwargs={name: values[name] for name in named},
                )
            if kind == "merge":
                pks = self.model._default_manager.order_by("pk").values_list("pk", flat=True)[:2]
                url += "?ids=" + ",".join(str(pk) for pk in pks)
            if kind == "changelist":  # the list filtered to the record: a page of one row, not 10.000
                url += f"?{self.model._meta.pk.name}__exact={self.obj.pk}"
            yield kind, url

    def expected_get(self, kind, role) -> set[str]:
        if role == ANONYMOUS:
            return {"login"}
        if kind == "process_import":
            return {"405"}  # POST only, for everyone
        if kind is None:
            return {f"302 {self.change_url}"}
        if not self.allowed(role, PAGE_ACTIONS[kind][0]):
            return {"403"}
        # The list of a single-record model (the site identity) is its record's page.
        return {"200", f"302 {self.change_url}"} if kind == "changelist" else {"200"}

    def expected_post(self, kind, role, url) -> set[str]:
        if role == ANONYMOUS:
            return {"login"}
        if kind is None:
            return {f"302 {self.change_url}"}
        may_post = self.allowed(role, PAGE_ACTIONS[kind][1])
        if kind in GET_ONLY:
            return {"405"} if may_post else {"403"}
        if kind == "changelist" and self.allowed(role, "view"):
            # An action the role is not offered: Django answers "no action chosen", back to the list,
            # or shows the list when the role is offered no action at all. The snapshot tells.
            return {f"302 {url}", "200", f"302 {self.change_url}"}
        if not may_post:
            return {"403"}
        if kind in WRITES:
            return {"302"}  # saved, back to the list
        return {"200", "302"}

    def snapshot(self) -> tuple:
        """The record's row, its model's latest key (a row added) and, for a model with history, its
        latest history row (every save writes one: a write that leaves the row as it was shows too).
        Latest keys, not counts: an index answers them, not a scan of 10.000 visits."""
        manager = self.model._default_manager
        return (
            manager.filter(pk=self.obj.pk).values().first(),
            manager.aggregate(latest=Max("pk"))["latest"],
            self.model.history.aggregate(latest=Max("history_id"))["latest"] if self.has_history else None,
        )

    def post(self, client, url, data):
        """POST in a savepoint that is rolled back: (response, snapshot before, snapshot after)."""
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            before = self.snapshot()
            response = client.post(url, data)
            after = self.snapshot()
            transaction.set_rollback(True)
        # A password change gives the session a new key, whose row the rollback removed: the client
        # goes on with its old session, which the rollback kept.
        client.cookies = cookies
        return response, before, after


class Payload:
    """What a browser posts to a page: the administrator's own form for change, add and revert pages
    (read from the page the administrator was just given); a confirmation for delete; delete_selected
    of the record on the list; a one-row CSV of the record's export for an import; the confirmation of
    a real import preview (made again once a role that may import has used it); the export form."""

    def __init__(self, administrator, kind, url, pages: ModelPages, page):
        self.administrator, self.kind, self.url, self.pages, self.page = administrator, kind, url, pages, page
        self.data, self.csv = None, None

    def __call__(self) -> dict:
        if self.data is None:
            self.data = self.build()
        if self.kind == "import":  # the client reads an uploaded file once
            return {**self.data, "import_file": SimpleUploadedFile("mot-dong.csv", self.csv, "text/csv")}
        return self.data

    def spent(self) -> None:
        """A role that may import confirmed the preview: its file is gone; the next POST needs another."""
        if self.kind == "process_import":
            self.data = None

    def build(self) -> dict:
        kind, obj = self.kind, self.pages.obj
        if kind in ("change", "simple_history", "add"):
            return form_data(self.page) if self.page.status_code == 200 else {}  # nobody adds a comment
        if kind == "delete":
            return {"post": "yes"}
        if kind == "changelist":
            return {"action": "delete_selected", "_selected_action": [obj.pk], "index": 0, "post": "yes"}
        if kind == "merge":
            return {"keep": obj.pk}
        if kind == "password_change":
            return {"password1": "Mật-khẩu-mới-2026!", "password2": "Mật-khẩu-mới-2026!", "usable_password": "true"}
        if kind == "import":
            self.csv = self.one_row()
            return {"resource": "0", "format": self.csv_choice(self.page.context["form"])}
        if kind == "process_import":
            import_url = self.url.replace("/process_import/", "/import/")
            form = self.administrator.get(import_url).context["form"]
            upload = SimpleUploadedFile("mot-dong.csv", self.one_row(), "text/csv")
            preview = self.administrator.post(
                import_url, {"resource": "0", "format": self.csv_choice(form), "import_file": upload}
            )
            confirm = preview.context and preview.context.get("confirm_form")
            assert confirm, f"{import_url}: the preview of one exported row has no confirmation: {errors(preview)}"
            return {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial}
        if kind == "export":
            form = self.page.context["form"]
            data = {name: "on" for name in form.fields if name not in ("format", "resource", "export_items")}
            return {**data, "format": self.csv_choice(form), "resource": "0"}
        return {}

    @staticmethod
    def csv_choice(form) -> str:
        return next(value for value, label in form.fields["format"].choices if label.lower() == "csv")

    def one_row(self) -> bytes:
        """The export of one record, as CSV: a file the import takes."""
        model_admin, request = self.pages.model_admin, self.pages.request
        resource = model_admin.get_export_resource_classes(request)[0](
            **model_admin.get_export_resource_kwargs(request)
        )
        rows = resource._meta.model._default_manager.order_by("pk")[:1]
        return resource.export(queryset=rows).csv.encode("utf-8-sig")


def answer(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        return "login" if location.startswith(LOGIN) else f"302 {location}"
    return str(response.status_code)


def registered_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


def check(problems, role, method, url, got, expected: set[str]) -> None:
    if got not in expected and not (got.startswith("302 ") and "302" in expected):
        problems.append(f"{role:<10} {method:<4} {url}: {got}, expected {' or '.join(sorted(expected))}")


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label_lower)
def test_every_admin_page_of_the_model_answers_each_role_as_the_readme_says(browsers, grants, model):
    administrator = browsers["admin"]
    pages = ModelPages(model, grants, get_user_model().objects.get(username="ma-tran-admin"))
    problems = []
    for kind, url in pages.urls():
        offered, admin_page = {}, None
        for role in EVERYONE:
            response = browsers[role].get(url)
            check(problems, role, "GET", url, answer(response), pages.expected_get(kind, role))
            admin_page = response if role == "admin" else admin_page
            if response.status_code != 200:
                continue
            if kind == "change":  # the page shows only the inlines whose records the role may read
                for formset in response.context["inline_admin_formsets"]:
                    opts = formset.formset.model._meta
                    if "view" not in allowed_actions(grants, role, opts.app_label, opts.model_name):
                        problems.append(f"{role:<10} GET  {url}: shows the inline {opts.label}")
            if kind == "changelist":
                form = response.context.get("action_form")
                offered[role] = {value for value, _label in form.fields["action"].choices if value} if form else set()

        payload = Payload(administrator, kind, url, pages, admin_page)
        # An export of the one record, not of 10.000 visits: the list's filter on its key.
        post_url = f"{url}?{model._meta.pk.name}__exact={pages.obj.pk}" if kind == "export" else url
        post_action = PAGE_ACTIONS[kind][1]
        for role in EVERYONE:
            if kind in NOT_REPLAYED and pages.allowed(role, post_action):
                continue
            response, before, after = pages.post(browsers[role], post_url, payload())
            got = answer(response)
            check(problems, role, "POST", url, got, pages.expected_post(kind, role, url))
            if not pages.allowed(role, post_action) and before != after:
                problems.append(f"{role:<10} POST {url}: changed the record without the {post_action} permission")
            if pages.allowed(role, post_action):
                payload.spent()
                if kind in WRITES:
                    # The same payload writes for a role that may: the refusals above refused a real POST.
                    if not got.startswith("302"):
                        problems.append(
                            f"{role:<10} POST {url}: {got}, the form refused its own data: {errors(response)}"
                        )
                    elif pages.has_history and after[2] == before[2]:
                        problems.append(f"{role:<10} POST {url}: {got} but nothing written")

        if kind == "changelist":
            problems += check_actions(browsers, url, pages, offered)
            if pages.model_admin.list_editable:
                problems += check_list_editing(browsers, url, pages)

    assert not problems, f"{model._meta.label}: {len(problems)} answers differ from the README\n" + "\n".join(problems)


def errors(response) -> str:
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return response.content[:300].decode(errors="replace")
    found = [context["adminform"].form.errors.as_data()]
    for formset in context.get("inline_admin_formsets", []):
        found += [e for e in formset.formset.errors if e] + list(formset.formset.non_form_errors())
    return repr(found)[:600]


def check_list_editing(browsers, url, pages: ModelPages) -> list[str]:
    """A list whose columns are edited in place (order, public) saves them only for a role that may
    change the records: the administrator's list with its first row's first editable column changed."""
    problems = []
    page = browsers["admin"].get(url)
    parser = FormFields("changelist-form")
    parser.feed(page.content.decode())
    data = defaultdict(list)
    for name, value in parser.data:
        if name != "_selected_action":
            data[name].append(value)
    field = f"form-0-{pages.model_admin.list_editable[0]}"
    assert field in data or pages.model._meta.get_field(field.removeprefix("form-0-")).get_internal_type() == (
        "BooleanField"
    ), f"{url}: no {field} in the list"
    if field in data and data[field][0].lstrip("-").isdigit():
        data[field] = [str(int(data[field][0]) + 1)]
    elif field in data:
        del data[field]  # a box that was ticked, now not
    else:
        data[field] = ["on"]
    data["_save"] = ["Lưu"]
    for role in EVERYONE:
        response, before, after = pages.post(browsers[role], url, dict(data))
        got = answer(response)
        may = pages.allowed(role, "change")
        expected = {"login"} if role == ANONYMOUS else {f"302 {url}"} if may else {"403"}
        check(problems, role, "POST", f"{url} (list edited in place)", got, expected)
        if not may and before != after:
            problems.append(f"{role:<10} POST {url} (list edited in place): changed a record")
        if may and pages.has_history and after[2] == before[2]:
            problems.append(f"{role:<10} POST {url} (list edited in place): nothing written: {errors(response)}")
    return problems


def check_actions(browsers, url, pages: ModelPages, offered: dict[str, set[str]]) -> list[str]:
    """Each role that reads the list is offered exactly the list actions the README lets it run, and
    posting one it is not offered changes nothing."""
    problems = []
    actions = pages.model_admin.get_actions(pages.request)
    for role in ROLES:
        if not pages.allowed(role, "view"):
            continue
        expected = set()
        for name, action in actions.items():
            func = action.func
            needs = {"delete_selected": ("delete",)}.get(name, getattr(func, "allowed_permissions", ()))
            if all(pages.allowed(role, action) for action in needs):
                expected.add(name)
        if offered.get(role, set()) != expected:
            problems.append(f"{role:<10} GET  {url}: offers the actions {offered.get(role)}, expected {expected}")
        if not offered.get(role):
            continue  # a list that offers no action reads no "action" from a POST: the POST above
        for name in set(actions) - expected:
            data = {"action": name, "_selected_action": [pages.obj.pk], "index": 0, "post": "yes", "keep": pages.obj.pk}
            response, before, after = pages.post(browsers[role], url, data)
            check(problems, role, "POST", f"{url} action={name}", answer(response), {f"302 {url}", "200"})
            if before != after:
                problems.append(f"{role:<10} POST {url} action={name}: changed the record")
    return problems


# --- the admin site's own pages and the autocomplete -------------------------------------------------
def test_the_admin_site_pages_answer_each_role_as_the_readme_says(browsers, grants):
    """The index, each app's index (a role that may read nothing of an app gets Django's 404), the
    password change of one's own account, the JavaScript catalog, "view on site" and the catch-all."""
    problems = []
    item = apps.get_model("news", "Article").objects.public().order_by("pk").first()
    ct = ContentType.objects.get_for_model(item)
    app_labels = sorted({m._meta.app_label for m in admin.site._registry})
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            continue  # the models' pages: the test above
        name = pattern.name
        if name in ("login", "logout", "autocomplete"):
            continue  # public / signs the client out / the test below
        if name == "app_list":
            urls = {reverse("admin:app_list", args=[label]): label for label in app_labels}
        elif name == "view_on_site":
            urls = {reverse("admin:view_on_site", args=[ct.pk, item.pk]): None}
        elif name in ("index", "password_change", "password_change_done", "jsi18n"):
            urls = {reverse(f"admin:{name}"): None}
        elif name is None and str(pattern.pattern) == "(?P<url>.*)$":
            urls = {"/admin/khong-co-trang-nay/": "404"}
        else:
            pytest.fail(f"admin site page {name} ({pattern.pattern}): the matrix does not know it")
        for url, label in urls.items():
            for role in EVERYONE:
                # An app's index answers a POST as a GET: asked once.
                for method in ("GET",) if name == "app_list" else ("GET", "POST"):
                    client = browsers[role]
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    got = answer(response)
                    if role == ANONYMOUS:
                        expected = {"login"}
                    elif name == "app_list":
                        # Records a role only picks in its forms (the editor's partners) are kept out of
                        # its admin home and menu (core.roles.consulted_only): their app's index is a 404.
                        user = get_user_model().objects.get(username=f"ma-tran-{role}")
                        reads = any(
                            "view" in allowed_actions(grants, role, label, m._meta.model_name)
                            and not consulted_only(user, m)
                            for m in admin.site._registry
                            if m._meta.app_label == label
                        )
                        expected = {"200"} if reads else {"404"}
                    elif name == "view_on_site":
                        expected = {f"302 http://testserver{item.get_absolute_url()}"}
                    elif method == "POST" and name in ("password_change_done", "jsi18n"):
                        expected = {"405"}
                    elif label == "404":
                        expected = {"404"}
                    else:
                        expected = {"200"}
                    check(problems, role, method, url, got, expected)
    assert not problems, "\n".join(problems)


def listed_models(html: str) -> set[str]:
    """The models an admin page lists in its app sections (the home's, or the menu's beside a list):
    "app_label.modelname"."""
    found = set()
    for app_label, block in re.findall(r'<div class="app-(\w+) module[^"]*">(.*?)</div>', html, re.S):
        found |= {f"{app_label}.{name}" for name in re.findall(r'<tr class="model-(\w+)', block)}
    return found


def test_each_roles_admin_home_and_menu_list_what_the_readme_lets_it_read(browsers, grants):
    """The admin home, and the menu (with its search box) beside every list, show each role exactly
    the records the README lets it read — less those it only picks in its forms or reads beside its
    job (core.roles.consulted_only) — so no role is offered partners' internal contacts, overseas
    Vietnamese or personnel its row does not name. What the role writes comes first."""
    problems = []
    administrator = get_user_model().objects.get(username="ma-tran-admin")
    request = admin_request(administrator)
    for role in ROLES:
        user = get_user_model().objects.get(username=f"ma-tran-{role}")
        expected = {
            model._meta.label_lower
            for model, model_admin in admin.site._registry.items()
            if "view" in allowed_actions(grants, role, *base_model(model))
            and model_admin.has_view_permission(request)  # what the admin lets anyone read
            and not consulted_only(user, model)
        }
        client = browsers[role]
        home = client.get(reverse("admin:index")).content.decode()
        got = listed_models(home)
        if got != expected:
            problems.append(f"{role}: the home lists {sorted(got - expected)} too, lacks {sorted(expected - got)}")
        sections = re.findall(r'<div class="app-\w+ module[^"]*">(.*?)</div>', home, re.S)
        writes = ["Thêm vào" in block or "Thay đổi" in block for block in sections]
        if writes != sorted(writes, reverse=True):
            problems.append(f"{role}: a section it only reads comes before one it writes")
        for label in sorted(expected):
            page = client.get(reverse(f"admin:{label.replace('.', '_')}_changelist"), follow=True)  # the site
            menu = listed_models(page.content.decode())  # identity's list is its one record's page
            if menu != expected:
                problems.append(f"{role}: the menu beside {label} lists {sorted(menu ^ expected)} otherwise")
                break
    assert not problems, "\n".join(problems)


def test_a_leader_lands_on_the_dashboard_and_other_roles_on_their_admin_home(browsers, grants):
    """After logging in at /admin/: a role the README gives the dashboards but no record to write
    (leadership) lands on the dashboard; the others on the admin home."""
    for role in ROLES:
        user = get_user_model().objects.get(username=f"ma-tran-{role}")
        user.set_password("Mật-khẩu-ma-trận-2026")
        user.save()
        client = Client()
        response = client.post(
            reverse("admin:login"),
            {"username": user.username, "password": "Mật-khẩu-ma-trận-2026", "next": reverse("admin:index")},
            REMOTE_ADDR="10.9.9.9",
        )
        landing = reverse("dashboard:index") if role == "leadership" else reverse("admin:index")
        assert answer(response) == f"302 {landing}", role


def autocomplete_fields():
    """(source app, source model, field, remote model) of every autocomplete field of every admin and
    of its inlines."""
    found = set()
    for model_admin in admin.site._registry.values():
        admins = [model_admin, *[inline(model_admin.model, admin.site) for inline in model_admin.inlines]]
        for each in admins:
            for field_name in each.autocomplete_fields:
                field = each.model._meta.get_field(field_name)
                found.add((each.model._meta.app_label, each.model._meta.model_name, field_name, field.related_model))
    return sorted(found, key=lambda f: f[:3])


def test_every_autocomplete_answers_only_roles_that_may_read_its_records(browsers, grants):
    """The admin's autocomplete lists the records of the field's model: only to a role that may read
    them (the editor picks partners for an article, never overseas Vietnamese or personnel)."""
    problems = []
    fields = autocomplete_fields()
    assert len(fields) > 20  # every admin's, inlines' too
    for app_label, model_name, field_name, remote in fields:
        query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""}
        url = "/admin/autocomplete/?" + "&".join(f"{k}={v}" for k, v in query.items())
        reads_remote = {
            role: "view" in allowed_actions(grants, role, remote._meta.app_label, remote._meta.model_name)
            for role in EVERYONE
        }
        for role in EVERYONE:
            got = answer(browsers[role].get("/admin/autocomplete/", query))
            expected = {"login"} if role == ANONYMOUS else {"200"} if reads_remote[role] else {"403"}
            check(problems, role, "GET", url, got, expected)
    assert not problems, "\n".join(problems)


# --- the dashboard -----------------------------------------------------------------------------------
def dashboard_urls() -> list[str]:
    """Every URL of the dashboard's namespace, each breakdown export once."""
    from friendship_union.dashboard.views import BREAKDOWN_TITLES

    fill = {"kind": list(BREAKDOWN_TITLES)}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "dashboard":
                yield pattern

    urls = []
    for pattern in walk(get_resolver().url_patterns, None):
        names = list(pattern.pattern.converters)
        assert set(names) <= set(fill), f"dashboard:{pattern.name}: no sample value for {names}"
        if not names:
            urls.append(reverse(f"dashboard:{pattern.name}"))
        for name in names:
            urls += [reverse(f"dashboard:{pattern.name}", kwargs={name: value}) for value in fill[name]]
    return urls


def test_every_dashboard_url_answers_each_role_as_the_readme_says(browsers, grants):
    """Leadership, data entry and administrators read the dashboards and download their workbooks;
    the editor and the moderator get 403, an anonymous reader the login page. No dashboard URL takes a
    POST (405)."""
    problems = []
    urls = dashboard_urls()
    assert len(urls) >= 9
    for url in urls:
        action = "export" if url.endswith((".xlsx", ".csv")) else "view"
        for role in EVERYONE:
            may = action in allowed_actions(grants, role, "dashboard", "reportingterm")
            got = answer(browsers[role].get(url))
            check(problems, role, "GET", url, got, {"login"} if role == ANONYMOUS else {"200"} if may else {"403"})
            got = answer(browsers[role].post(url, {}))
            check(problems, role, "POST", url, got, {"405"})
    assert not problems, "\n".join(problems)
