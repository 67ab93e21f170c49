"""No exported cell can run as a formula: every admin export of every import kind (CSV and xlsx), the
dashboard's breakdown workbooks and its report, with a record's text starting =, ==, +, -, @, a tab or
a carriage return. (Before: the dashboard wrote a partner named =cmd|' /C calc'!A0 as a live formula,
and the admin's exports let ==…, +…, -1+…, @… through.)"""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
import tablib
from django.contrib import admin
from django.urls import reverse
from django.utils.module_loading import import_string
from import_export.widgets import ManyToManyWidget
from openpyxl import load_workbook

from friendship_union.aid.models import AidItem, Disbursement
from friendship_union.aid.services import disbursement_save
from friendship_union.core.exports import FORMULA_STARTS
from friendship_union.core.imports import import_kinds
from friendship_union.core.resources import TextWidget
from friendship_union.core.tests.factories import UserFactory
from friendship_union.dashboard.services import Period, breakdowns
from friendship_union.diaspora.models import Donation
from friendship_union.diaspora.services import donation_save
from friendship_union.organizations.models import Person, Position
from friendship_union.organizations.services import position_save
from friendship_union.partners.models import Partner, RegistrationCertificate
from friendship_union.partners.resources import PartnerResource
from friendship_union.partners.services import certificate_save

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '==HYPERLINK("http://x.example","bấm")',
    '+HYPERLINK("http://x.example")',
    '-1+HYPERLINK("http://x.example")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def kind_admins() -> dict:
    """kind → (model admin, resource class) for every import kind."""
    found = {}
    for kind, path in import_kinds().items():
        resource = import_string(path)
        [model_admin] = [m for m in admin.site._registry.values() if resource in getattr(m, "resource_classes", [])]
        found[kind] = (model_admin, resource)
    return found


def text_field(resource) -> str:
    """A plain text column of the resource that is not its import key."""
    keys = set(resource._meta.import_id_fields)
    model = resource._meta.model
    for name, field in resource().fields.items():
        if name in keys or not field.attribute or isinstance(field.widget, ManyToManyWidget):
            continue
        if type(field.widget) is TextWidget and model._meta.get_field(field.attribute).get_internal_type() in (
            "CharField",
            "TextField",
        ):
            return field.attribute
    raise AssertionError(f"no text column in {resource.__name__}")


@pytest.fixture
def hostile(demo):
    """A record of every kind (the demo lacks a few), one of its text fields set to a payload."""
    item = AidItem.objects.order_by("code").first()
    disbursement_save(
        disbursement=Disbursement(aid_item=item, date=datetime.date(2015, 1, 1), amount=Decimal(100), currency_id="USD")
    )
    donation_save(donation=Donation(donor_name="Nhóm kiều bào", date=datetime.date(2015, 1, 1), in_kind="Sách"))
    certificate_save(
        certificate=RegistrationCertificate(
            partner=Partner.objects.order_by("code").first(),
            certificate_type="operation",
            number="01/GĐK",
            issue_date=datetime.date(2015, 1, 1),
            expiry_date=datetime.date(2017, 12, 31),
        )
    )
    position_save(position=Position(person=Person(name="Nguyễn Văn Thử"), title="Ủy viên"))
    planted = {}
    for number, (kind, (_model_admin, resource)) in enumerate(sorted(kind_admins().items())):
        attribute, payload = text_field(resource), PAYLOADS[number % len(PAYLOADS)]
        model = resource._meta.model
        model.objects.filter(pk=model.objects.order_by("pk").values("pk")[:1]).update(**{attribute: payload})
        planted[kind] = payload
    return planted


def export(client, model_admin, file_format: str) -> bytes:
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_export")
    form = client.get(url).context["form"]
    choice = next(value for value, label in form.fields["format"].choices if label.lower() == file_format)
    data = {"format": choice, "resource": "0"}
    data.update({name: "on" for name in form.fields if name not in ("format", "resource", "export_items")})
    response = client.post(url, data)
    assert response.status_code == 200
    return response.getvalue()  # streamed from the file it was written to


def assert_inert_cell(value, where) -> None:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        assert NUMBER.match(value), f"{where}: {value!r} would run as a formula"


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))  # formulas as written, not computed values
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a live formula in the workbook"
    return [cell.value for cell in cells]


def test_every_admin_export_of_every_kind_is_inert(client, hostile):
    client.force_login(UserFactory(username="nhaplieu-xuat", role="data_entry"))
    for kind, (model_admin, _resource) in kind_admins().items():
        payload = hostile[kind]
        for file_format, cells in (("csv", csv_cells), ("xlsx", xlsx_cells)):
            values = cells(export(client, model_admin, file_format))
            for value in values:
                assert_inert_cell(value, f"{kind}.{file_format}")
            shown = [v for v in values if isinstance(v, str) and v.endswith(payload.lstrip("\t\r="))]
            assert shown, f"{kind}.{file_format}: the planted text is not in the export"


def test_an_inert_export_imports_back_as_it_was(hostile):
    """The guard's apostrophe is read away again: re-importing the partners' export changes nothing."""
    exported = PartnerResource().export()
    assert "'" + hostile["partners"] in csv_cells(exported.csv.encode())
    result = PartnerResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=True)
    assert {row.import_type for row in result.rows} == {"skip"}


def test_dashboard_workbooks_are_inert(client, demo):
    period = Period(2003, 2015, "2003–2015")
    top = breakdowns(period)["partner"][0]
    code = top["link"].split("doi_tac=")[1].split("&")[0]
    Partner.objects.filter(code=code).update(name="=cmd|' /C calc'!A0", name_vi="")
    client.force_login(UserFactory(username="lanhdao-xuat", role="leadership"))
    for url in (
        reverse("dashboard:export", args=["partner"]) + "?tu=2003&den=2015",
        reverse("dashboard:export", args=["country"]) + "?tu=2003&den=2015",
        reverse("dashboard:report") + "?tu=2003&den=2015",
    ):
        response = client.get(url)
        assert response.status_code == 200
        values = xlsx_cells(response.content)
        for value in values:
            assert_inert_cell(value, url)
    assert "'=cmd|' /C calc'!A0" in xlsx_cells(client.get(reverse("dashboard:report") + "?tu=2003&den=2015").content)
