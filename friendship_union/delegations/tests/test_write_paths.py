"""The places a delegation visited in the province — as recorded and the unit each is today — are
read as of its start date, whichever way it is written: the service, the admin (its places inline),
the spreadsheet import; all three store the same places, with their history."""

import datetime

import pytest
import tablib

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean, messages
from friendship_union.delegations.models import Delegation, DelegationPlace
from friendship_union.delegations.resources import DelegationResource
from friendship_union.delegations.services import delegation_save

pytestmark = pytest.mark.django_db

HEADERS = ["Mã", "Hướng", "Tên đoàn", "Từ ngày", "Số lượt người", "Nơi làm việc"]
PLACES = ["Đất Mũi", "dong thoi, cai nuoc"]
# As of 15/03/2013 (sorted by text): Đông Thới of Cái Nước district, Đất Mũi of Ngọc Hiển district.
PLACES_2013 = [
    ("dong thoi, cai nuoc", "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau", "Xã Cái Nước, Tỉnh Cà Mau"),
    ("Đất Mũi", "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau"),
]


@pytest.fixture
def staff(reference_data):
    make_identity()
    return UserFactory(username="nhaplieu-dd", role="data_entry")


@pytest.fixture
def data_entry(client, staff):
    client.force_login(staff)
    return client


def places(delegation: Delegation) -> list[tuple]:
    return sorted((p.place_text, p.place_recorded.label, p.place_current.label) for p in delegation.places.all())


def add_data(code: str, start_date: str, texts: list[str]) -> dict:
    data = {
        "code": code,
        "direction": "in",
        "title": "Đoàn khảo sát rừng ngập mặn",
        "start_date": start_date,
        "participants": "4",
        "is_public": "on",
        "places-TOTAL_FORMS": str(len(texts)),
        "places-INITIAL_FORMS": "0",
    }
    data.update({f"places-{i}-place_text": text for i, text in enumerate(texts)})
    return data


def change_data(delegation: Delegation, **fields) -> dict:
    """The change form as the admin shows it (every place as it is), with `fields` changed."""
    rows = list(delegation.places.order_by("pk"))
    data = add_data(delegation.code, delegation.start_date.strftime("%d/%m/%Y"), [p.place_text for p in rows])
    data["places-INITIAL_FORMS"] = str(len(rows))
    for i, row in enumerate(rows):
        data[f"places-{i}-id"] = row.pk
        data[f"places-{i}-delegation"] = delegation.pk
    data.update(fields)
    return data


def import_rows(rows, user):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return DelegationResource().import_data(data, dry_run=False, raise_errors=False, user=user)


def test_admin_import_and_service_store_the_same_places(data_entry, staff):
    assert (
        data_entry.post("/admin/delegations/delegation/add/", add_data("DV-ADMIN", "15/03/2013", PLACES)).status_code
        == 302
    )
    by_admin = Delegation.objects.get(code="DV-ADMIN")

    assert_clean(import_rows([("DV-FILE", "Đoàn vào", "Đoàn khảo sát", "15/03/2013", "4", "; ".join(PLACES))], staff))
    by_file = Delegation.objects.get(code="DV-FILE")

    by_service = delegation_save(
        delegation=Delegation(
            code="DV-SERVICE",
            direction="in",
            title="Đoàn khảo sát",
            start_date=datetime.date(2013, 3, 15),
            participants=4,
        ),
        places=PLACES,
        user=staff,
    )

    assert places(by_admin) == places(by_file) == places(by_service) == PLACES_2013
    for delegation in (by_admin, by_file, by_service):
        for row in delegation.places.all():
            assert row.latitude is not None
            assert row.history.get().history_user == staff


def test_admin_unknown_place_in_the_change_form_is_refused(data_entry):
    data_entry.post("/admin/delegations/delegation/add/", add_data("DV-ADMIN", "15/03/2013", ["Đất Mũi"]))
    delegation = Delegation.objects.get()
    data = change_data(delegation, **{"places-0-place_text": "xa dong thoj", "title": "Đổi tên"})
    response = data_entry.post(f"/admin/delegations/delegation/{delegation.pk}/change/", data)
    assert response.status_code == 200
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.title == "Đoàn khảo sát rừng ngập mặn"
    assert places(delegation) == [PLACES_2013[1]]


def test_admin_place_typed_in_the_change_form_is_resolved(data_entry, staff):
    data_entry.post("/admin/delegations/delegation/add/", add_data("DV-ADMIN", "15/03/2013", ["Đất Mũi"]))
    delegation = Delegation.objects.get()
    data = change_data(delegation, **{"places-0-place_text": "dong thoi, cai nuoc"})
    assert data_entry.post(f"/admin/delegations/delegation/{delegation.pk}/change/", data).status_code == 302
    assert places(delegation) == [PLACES_2013[0]]
    assert DelegationPlace.history.filter(history_type="~", history_user=staff).exists()


def test_import_update_and_reimport(staff):
    row = ["DV-FILE", "Đoàn vào", "Đoàn khảo sát", "15/03/2013", "4", "Đất Mũi"]
    assert_clean(import_rows([row], staff))
    delegation = Delegation.objects.get()
    assert places(delegation) == [PLACES_2013[1]]

    row[5] = "; ".join(PLACES)
    assert_clean(import_rows([row], staff))
    assert places(delegation) == PLACES_2013
    removed = DelegationPlace.history.filter(history_type="-")
    assert [(h.place_text, h.history_user) for h in removed] == [("Đất Mũi", staff)]

    history = DelegationPlace.history.count(), Delegation.history.count()
    again = import_rows([row], staff)
    assert again.totals["skip"] == 1, messages(again)
    assert (DelegationPlace.history.count(), Delegation.history.count()) == history


def test_a_new_start_date_reads_the_places_in_its_era_on_every_path(data_entry, staff):
    """A delegation moved after 1 July 2025 visited today's Xã Đất Mũi, whether its start date is
    changed in the admin or by an import."""
    data_entry.post("/admin/delegations/delegation/add/", add_data("DV-ADMIN", "15/03/2013", ["Đất Mũi"]))
    by_admin = Delegation.objects.get(code="DV-ADMIN")
    row = ["DV-FILE", "Đoàn vào", "Đoàn khảo sát rừng ngập mặn", "15/03/2013", "4", "Đất Mũi"]
    assert_clean(import_rows([row], staff))
    by_file = Delegation.objects.get(code="DV-FILE")
    assert places(by_admin) == places(by_file) == [PLACES_2013[1]]

    url = f"/admin/delegations/delegation/{by_admin.pk}/change/"
    assert data_entry.post(url, change_data(by_admin, start_date="15/08/2025")).status_code == 302
    row[3] = "15/08/2025"
    assert_clean(import_rows([row], staff))

    today = [("Đất Mũi", "Xã Đất Mũi, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau")]
    assert places(by_file) == today
    assert places(by_admin) == today
