"""Every spreadsheet import kind has one admin page holding it, listed in the README. Core knows no
app: the kinds come from the registry (`import_kinds()`), the pages from the admin site's registry.
Which role reaches which import, export and template page: portal/tests/test_role_matrix.py, for
every page of every model."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from friendship_union.core.imports import import_kinds

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def dotted(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def admin_of(kind: str):
    """The one ModelAdmin whose resource classes hold `kind`'s resource."""
    path = import_kinds()[kind]
    holders = [
        model_admin
        for model_admin in admin.site._registry.values()
        if path in [dotted(cls) for cls in getattr(model_admin, "resource_classes", None) or []]
    ]
    assert len(holders) == 1, f"{kind}: {path} is in {len(holders)} admins"
    return holders[0]


def pages(kind: str) -> dict[str, str]:
    opts = admin_of(kind).opts
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    return {
        "import": reverse(f"{prefix}_import"),
        "export": reverse(f"{prefix}_export"),
        "template": reverse(f"{prefix}_import_template"),
    }


def readme_kinds() -> list[str]:
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = text.split("### From the command line", 1)[1]
    match = re.search(r"^Kinds:(.*?)\.\s", section, re.MULTILINE | re.DOTALL)
    assert match, "no “Kinds:” line in the README's “From the command line”"
    return re.findall(r"`([^`]+)`", match.group(1))


def test_every_kind_is_in_the_readme_and_held_by_one_admin():
    assert sorted(readme_kinds()) == sorted(import_kinds())
    for kind in import_kinds():
        admin_of(kind)
    assert pages("people")["import"] == "/admin/organizations/person/import/"


def test_data_entry_imports_people_through_the_person_admin(client):
    user = UserFactory(username="nhaplieu-ns", role="data_entry")
    client.force_login(user)
    url = pages("people")["import"]
    page = client.get(url)
    form = page.context["form"]
    # The columns asked for are the ones staff type: not the import key the file's rows are matched on.
    assert "Họ tên" in page.content.decode() and "Khóa nhập liệu" not in page.content.decode()
    csv_format = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")

    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow(["Họ tên", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày"])
    writer.writerow(["Trần Thị Hữu Nghị", "Phó Chủ tịch", "", "01/01/2020", ""])
    upload = SimpleUploadedFile("nhan-su.csv", content.getvalue().encode("utf-8-sig"), "text/csv")
    preview = client.post(url, {"resource": "0", "format": csv_format, "import_file": upload})
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    confirm = preview.context["confirm_form"]
    person_model = apps.get_model("organizations", "Person")
    assert not person_model.objects.exists()  # the preview writes nothing

    response = client.post(
        reverse("admin:organizations_person_process_import"),
        {name: confirm.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
    )
    assert response.status_code == 302
    person = person_model.objects.get()
    assert person.name == "Trần Thị Hữu Nghị"
    position = person.positions.get()
    assert (position.title, position.association, str(position.start_date)) == ("Phó Chủ tịch", None, "2020-01-01")
    assert position.history.get().history_user == user
    assert "Trần Thị Hữu Nghị" in client.get(response.url).content.decode()
