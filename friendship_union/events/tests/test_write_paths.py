"""An event's place — as recorded and the unit it is today — is read as of its start date, whichever
way the event is written: the service, the admin's add and change forms, the spreadsheet import."""

import datetime

import pytest
import tablib

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean
from friendship_union.events.models import Event
from friendship_union.events.resources import EventResource
from friendship_union.events.services import event_save

pytestmark = pytest.mark.django_db

HEADERS = ["Mã", "Loại", "Tên sự kiện", "Từ ngày", "Địa điểm"]
# “Đất Mũi” before 1 July 2025 is the commune of Ngọc Hiển district; after it, today's Xã Đất Mũi.
OLD_DAT_MUI = ("Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau")
NEW_DAT_MUI = ("Xã Đất Mũi, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau")
DONG_THOI = ("Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau", "Xã Cái Nước, Tỉnh Cà Mau")


@pytest.fixture
def staff(reference_data):
    make_identity()
    return UserFactory(username="nhaplieu-sk", role="data_entry")


@pytest.fixture
def data_entry(client, staff):
    client.force_login(staff)
    return client


def place(event: Event) -> tuple:
    event.refresh_from_db()
    if event.place_recorded is None:
        return ()
    return event.place_recorded.label, event.place_current.label


def form_data(**changes) -> dict:
    data = {
        "code": "SK-1",
        "kind": "workshop",
        "title": "Hội thảo rừng ngập mặn",
        "start_date": "10/05/2013",
        "venue": "Hội trường UBND xã",
        "place_text": "Đất Mũi",
        "is_public": "on",
    }
    data.update(changes)
    return data


def import_rows(rows, user):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return EventResource().import_data(data, dry_run=False, raise_errors=False, user=user)


def test_service_reads_the_place_as_of_the_start_date(staff):
    event = event_save(
        event=Event(
            code="SK-1", kind="workshop", title="Hội thảo", start_date=datetime.date(2013, 5, 10), place_text="Đất Mũi"
        ),
        user=staff,
    )
    assert place(event) == OLD_DAT_MUI
    assert event.latitude is not None and event.history.get().history_user == staff
    event.start_date = datetime.date(2025, 9, 1)
    event_save(event=event, user=staff)
    assert place(event) == NEW_DAT_MUI


def test_admin_add_and_change_resolve_the_typed_place(data_entry, staff):
    assert data_entry.post("/admin/events/event/add/", form_data()).status_code == 302
    event = Event.objects.get()
    assert place(event) == OLD_DAT_MUI
    url = f"/admin/events/event/{event.pk}/change/"

    # A place typed in the change form, without diacritics.
    assert data_entry.post(url, form_data(place_text="dong thoi, cai nuoc")).status_code == 302
    assert place(event) == DONG_THOI
    assert event.place_text == "dong thoi, cai nuoc"
    assert "Xã Cái Nước, Tỉnh Cà Mau" in data_entry.get(url).content.decode()

    # The start date moved after the reform: the same text is read as today's unit.
    assert data_entry.post(url, form_data(start_date="01/09/2025")).status_code == 302
    assert place(event) == NEW_DAT_MUI
    assert event.history.latest().history_user == staff


def test_admin_unknown_place_is_a_form_error_and_nothing_changes(data_entry):
    response = data_entry.post("/admin/events/event/add/", form_data(place_text="xa dong thoj, cai nuoc"))
    assert response.status_code == 200
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    assert not Event.objects.exists()

    data_entry.post("/admin/events/event/add/", form_data())
    event = Event.objects.get()
    response = data_entry.post(
        f"/admin/events/event/{event.pk}/change/", form_data(title="Đổi tên", place_text="xa dong thoj")
    )
    assert response.status_code == 200
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.place_text, place(event)) == ("Hội thảo rừng ngập mặn", "Đất Mũi", OLD_DAT_MUI)


def test_import_keeps_the_place_and_reads_it_as_of_the_new_start_date(data_entry, staff):
    """The import has no column for the place (“Địa điểm” is the venue): an event updated by a file
    keeps the place staff typed, read as of the start date the file gives — as the admin reads it."""
    data_entry.post("/admin/events/event/add/", form_data())
    by_admin = Event.objects.get()
    event_save(
        event=Event(
            code="SK-2", kind="workshop", title="Hội thảo", start_date=datetime.date(2013, 5, 10), place_text="Đất Mũi"
        ),
        user=staff,
    )
    by_file = Event.objects.get(code="SK-2")
    assert place(by_file) == place(by_admin) == OLD_DAT_MUI

    result = import_rows([("SK-2", "Hội thảo", "Hội thảo", "01/09/2025", "Hội trường")], staff)
    assert_clean(result)
    assert result.totals["update"] == 1
    assert place(by_file) == NEW_DAT_MUI and by_file.place_text == "Đất Mũi"
    assert by_file.history.latest().history_user == staff
    data_entry.post(f"/admin/events/event/{by_admin.pk}/change/", form_data(start_date="01/09/2025"))
    assert place(by_admin) == place(by_file)

    # A new event from a file has no place; re-importing the same file changes nothing.
    rows = [("SK-3", "Hội nghị", "Hội nghị xúc tiến", "01/06/2013", "Khách sạn")]
    assert_clean(import_rows(rows, staff))
    new = Event.objects.get(code="SK-3")
    assert place(new) == () and new.place_text == ""
    history = Event.history.count()
    assert import_rows(rows, staff).totals["skip"] == 1
    assert Event.history.count() == history
