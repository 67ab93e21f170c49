"""An aid item's derived values — committed USD/VND and the rate of its commitment date, its funders,
sectors and places as recorded and today — and a disbursement's USD/VND, written through every path
(admin, spreadsheet import, service), all giving the same stored values and the same history."""

import datetime
import gc
import re
from decimal import Decimal

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.exceptions import ImportError as ImportExportError

from friendship_union.aid.models import AidItem, AidLocation, AidProvider, AidSector, Disbursement
from friendship_union.aid.resources import AidItemResource, DisbursementResource
from friendship_union.aid.services import aid_item_save
from friendship_union.aid.tests.test_aid import GOOD_ROW, HEADERS, aid_form, inline_management
from friendship_union.core.imports import result_messages
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean, messages
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate, Sector

pytestmark = pytest.mark.django_db
D = Decimal
PLACES = "Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển"


@pytest.fixture
def rates(reference_data):
    """AUD and USD rates from 2013, other ones from 2014 and from 2025."""
    make_identity()
    for day, aud, usd in [
        (datetime.date(2013, 1, 1), "17000", "21000"),
        (datetime.date(2014, 1, 1), "18000", "21200"),
        (datetime.date(2025, 1, 1), "16000", "25000"),
    ]:
        ExchangeRate.objects.create(currency_id="AUD", date=day, rate=D(aud))
        ExchangeRate.objects.create(currency_id="USD", date=day, rate=D(usd))


@pytest.fixture
def partners(rates):
    return {
        "LKC": make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC"),
        "GRA": make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE"),
    }


@pytest.fixture
def staff(partners):
    return UserFactory(username="nhaplieu-vt", role="data_entry")


@pytest.fixture
def data_entry(client, staff):
    client.force_login(staff)
    return client


def import_rows(resource, rows, *, user, headers=HEADERS):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return resource.import_data(data, dry_run=False, raise_errors=False, user=user)


def row(**changes) -> tuple:
    """GOOD_ROW (29.000,50 AUD, LKC funding and GRA implementing, 11220:60; 12220:40) with changes."""
    columns = dict(zip(HEADERS, GOOD_ROW, strict=True))
    columns.update({"Địa bàn": PLACES, "Ngày cam kết": "15/05/2014"})
    columns.update(changes)
    return tuple(columns[h] for h in HEADERS)


def stored(item: AidItem) -> dict:
    """What an item stores that it derives: money, funders, sectors, places (as recorded and today)."""
    item.refresh_from_db()
    return {
        "money": (item.committed_usd, item.committed_vnd, item.rate_to_vnd),
        "providers": sorted((p.partner.code, p.role) for p in item.providers.all()),
        "sectors": sorted((s.sector_id, s.percentage) for s in item.sectors.all()),
        "places": sorted(
            (loc.place_text, loc.place_recorded.label, loc.place_current.label, loc.latitude, loc.longitude)
            for loc in item.locations.all()
        ),
    }


# 29.000,50 AUD on 15/05/2014: AUD 18.000 VND, USD 21.200 VND.
MONEY_2014 = (D("24623.07"), D("522009000"), D("18000"))
MONEY_2013 = (D("23476.60"), D("493008500"), D("17000"))
# Places sorted by their text: Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển.
RECORDED = ["Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau", "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau"]
CURRENT = ["Xã Cái Nước, Tỉnh Cà Mau", "Xã Đất Mũi, Tỉnh Cà Mau"]


def readonly(html: str, field: str) -> str:
    """The value the change page shows for a read-only field."""
    match = re.search(rf'\bfield-{field}">(?:(?!field-).)*?<div class="readonly">(.*?)</div>', html, re.DOTALL)
    assert match, f"no read-only {field} on the page"
    return match.group(1)


def admin_add_data(code: str, commitment_date: str, places: list[str], partners) -> dict:
    data = aid_form(
        code=code,
        form="project",
        title="Xây phòng học Đông Thới",
        committed_amount="29000.50",
        currency="AUD",
        commitment_date=commitment_date,
        **inline_management("providers", 2),
        **inline_management("sectors", 2),
        **inline_management("locations", len(places)),
    )
    data.update(
        {
            "providers-0-partner": partners["LKC"].pk,
            "providers-0-role": "1",
            "providers-1-partner": partners["GRA"].pk,
            "providers-1-role": "4",
            "sectors-0-sector": "11220",
            "sectors-0-percentage": "60",
            "sectors-1-sector": "12220",
            "sectors-1-percentage": "40",
        }
    )
    for i, text in enumerate(places):
        data[f"locations-{i}-place_text"] = text
    return data


def admin_change_data(item: AidItem, **fields) -> dict:
    """The change form of `item` as the admin shows it (every inline row as it is), with `fields` changed."""
    data = aid_form(
        code=item.code,
        form=item.form,
        title=item.title,
        status=item.status,
        committed_amount=str(item.committed_amount),
        currency=item.currency_id,
        commitment_date=item.commitment_date.strftime("%d/%m/%Y"),
    )
    inlines = {
        "providers": [{"partner": p.partner_id, "role": p.role} for p in item.providers.order_by("pk")],
        "sectors": [{"sector": s.sector_id, "percentage": s.percentage} for s in item.sectors.order_by("pk")],
        "locations": [{"place_text": loc.place_text, "site": loc.site} for loc in item.locations.order_by("pk")],
    }
    for prefix, rows in inlines.items():
        pks = list(getattr(item, prefix).order_by("pk").values_list("pk", flat=True))
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))})
        for i, (pk, values) in enumerate(zip(pks, rows, strict=True)):
            data[f"{prefix}-{i}-id"] = pk
            data[f"{prefix}-{i}-aid_item"] = item.pk
            data.update({f"{prefix}-{i}-{name}": value for name, value in values.items()})
    data.update(fields)
    return data


def test_admin_import_and_service_store_the_same_values(data_entry, staff, partners):
    # The admin: added with the 2013 rate, then the commitment date moved to 2014.
    response = data_entry.post(
        "/admin/aid/aiditem/add/", admin_add_data("VT-ADMIN", "15/05/2013", PLACES.split("; "), partners)
    )
    assert response.status_code == 302
    by_admin = AidItem.objects.get(code="VT-ADMIN")
    assert stored(by_admin)["money"] == MONEY_2013
    url = f"/admin/aid/aiditem/{by_admin.pk}/change/"
    assert data_entry.post(url, admin_change_data(by_admin, commitment_date="15/05/2014")).status_code == 302
    assert stored(by_admin)["money"] == MONEY_2014
    html = data_entry.get(url).content.decode()
    assert (readonly(html, "committed_usd"), readonly(html, "committed_vnd")) == ("24.623,07", "522.009.000")
    assert readonly(html, "rate_to_vnd") == "18.000"

    # The import.
    assert_clean(import_rows(AidItemResource(), [row(**{"Mã": "VT-IMPORT"})], user=staff))
    by_import = AidItem.objects.get(code="VT-IMPORT")

    # The service.
    by_service = aid_item_save(
        item=AidItem(
            code="VT-SERVICE",
            form="project",
            title="Xây phòng học Đông Thới",
            committed_amount=D("29000.50"),
            currency_id="AUD",
            commitment_date=datetime.date(2014, 5, 15),
        ),
        providers=[(partners["LKC"], "1"), (partners["GRA"], "4")],
        sectors=[(Sector.objects.get(code="11220"), D(60)), (Sector.objects.get(code="12220"), D(40))],
        places=PLACES.split("; "),
        user=staff,
    )

    expected = stored(by_admin)
    assert expected["money"] == MONEY_2014
    assert [p[1] for p in expected["places"]] == RECORDED
    assert [p[2] for p in expected["places"]] == CURRENT
    assert stored(by_import) == expected
    assert stored(by_service) == expected


def test_a_new_commitment_date_reads_the_places_in_its_era_on_every_path(data_entry, staff, partners):
    """“Đất Mũi” committed before 1 July 2025 is the old commune of Ngọc Hiển district; moved after
    that date, it is today's Xã Đất Mũi — whether the date is changed in the admin or by an import."""
    data = admin_add_data("VT-ADMIN", "15/05/2014", ["Đất Mũi"], partners)
    assert data_entry.post("/admin/aid/aiditem/add/", data).status_code == 302
    assert_clean(import_rows(AidItemResource(), [row(**{"Mã": "VT-IMPORT", "Địa bàn": "Đất Mũi"})], user=staff))
    by_admin, by_import = AidItem.objects.get(code="VT-ADMIN"), AidItem.objects.get(code="VT-IMPORT")
    assert stored(by_admin)["places"][0][1] == "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau"
    assert stored(by_import) == stored(by_admin)

    url = f"/admin/aid/aiditem/{by_admin.pk}/change/"
    assert data_entry.post(url, admin_change_data(by_admin, commitment_date="15/08/2025")).status_code == 302
    changed = row(**{"Mã": "VT-IMPORT", "Địa bàn": "Đất Mũi", "Ngày cam kết": "15/08/2025"})
    assert_clean(import_rows(AidItemResource(), [changed], user=staff))

    assert stored(by_import)["places"][0][1] == "Xã Đất Mũi, Tỉnh Cà Mau"
    assert stored(by_admin) == stored(by_import)


def history_of(model, **filters) -> list[tuple]:
    return sorted(
        (h.history_type, h.history_user_id, h.aid_item_id if model is not AidItem else h.code)
        for h in model.history.filter(**filters)
    )


def history_counts() -> dict:
    return {model.__name__: model.history.count() for model in (AidItem, AidProvider, AidSector, AidLocation)}


def test_import_writes_history_for_items_and_their_rows(staff, partners):
    first, second = row(), row(**{"Mã": "VT-2013-02", "Tên": "Trao học bổng", "Địa bàn": "Đất Mũi, Ngọc Hiển"})
    result = import_rows(AidItemResource(), [first, second], user=staff)
    assert_clean(result)
    assert result.totals["new"] == 2  # queued in the batch, written in bulk
    item = AidItem.objects.get(code="VT-2013-01")
    other = AidItem.objects.get(code="VT-2013-02")
    assert history_of(AidItem) == [("+", staff.pk, "VT-2013-01"), ("+", staff.pk, "VT-2013-02")]
    assert history_of(AidProvider) == [("+", staff.pk, item.pk)] * 2 + [("+", staff.pk, other.pk)] * 2
    assert history_of(AidSector) == [("+", staff.pk, item.pk)] * 2 + [("+", staff.pk, other.pk)] * 2
    assert history_of(AidLocation) == [("+", staff.pk, item.pk)] * 2 + [("+", staff.pk, other.pk)]

    # An update: GRA no longer implements, one sector, one place.
    other_user = UserFactory(username="nhaplieu-vt2", role="data_entry")
    updated = row(**{"Nhà tài trợ": "LKC-AU", "Lĩnh vực": "11220", "Địa bàn": "Đông Thới, Cái Nước"})
    result = import_rows(AidItemResource(), [updated, second], user=other_user)
    assert_clean(result)
    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    assert stored(item)["providers"] == [("LKC-AU", "1")]
    assert stored(item)["sectors"] == [("11220", D(100))]
    assert [p[0] for p in stored(item)["places"]] == ["Đông Thới, Cái Nước"]

    assert history_of(AidItem, history_user=other_user) == [("~", other_user.pk, "VT-2013-01")]
    gra = AidProvider.history.get(history_type="-", partner__code="GRA-DE")
    assert (gra.history_user, gra.aid_item_id) == (other_user, item.pk)
    assert AidSector.history.filter(history_type="-", sector="12220", history_user=other_user).exists()
    assert AidLocation.history.filter(
        history_type="-", place_text="Đất Mũi, Ngọc Hiển", history_user=other_user
    ).exists()
    # Every row the item has now was added by the update, and only the changed item's rows moved.
    for model, rows in ((AidProvider, item.providers), (AidSector, item.sectors), (AidLocation, item.locations)):
        for current in rows.all():
            assert model.history.filter(id=current.pk, history_type="+", history_user=other_user).exists()
        assert not model.history.filter(history_user=other_user).exclude(aid_item_id=item.pk).exists()

    # The same file again: nothing is written, no history.
    before = history_counts()
    again = import_rows(AidItemResource(), [updated, second], user=other_user)
    assert again.totals["skip"] == 2, messages(again)
    assert history_counts() == before


def test_an_update_that_leaves_a_list_alone_writes_no_history_for_it(staff, partners):
    assert_clean(import_rows(AidItemResource(), [row()], user=staff))
    before = history_counts()
    assert_clean(import_rows(AidItemResource(), [row(**{"Tên": "Xây phòng học Đông Thới (giai đoạn 2)"})], user=staff))
    after = history_counts()
    assert after["AidItem"] == before["AidItem"] + 1
    assert {k: after[k] for k in ("AidProvider", "AidSector", "AidLocation")} == {
        k: before[k] for k in ("AidProvider", "AidSector", "AidLocation")
    }


# Disbursements: 10.000 AUD on 01/07/2014 at AUD 18.000, USD 21.200 VND.
DISBURSED = (D("8490.57"), D("180000000"))


def amounts(disbursement: Disbursement) -> tuple:
    disbursement.refresh_from_db()
    return disbursement.amount_usd, disbursement.amount_vnd


def test_disbursements_at_the_dated_rate_on_every_path(data_entry, staff, partners):
    # The inline on the aid item's form.
    data = admin_add_data("VT-GN", "15/05/2013", [], partners)
    data.update(inline_management("disbursements", 1))
    data.update(
        {"disbursements-0-date": "01/07/2014", "disbursements-0-amount": "10000", "disbursements-0-currency": "AUD"}
    )
    assert data_entry.post("/admin/aid/aiditem/add/", data).status_code == 302
    item = AidItem.objects.get(code="VT-GN")
    assert amounts(item.disbursements.get()) == DISBURSED
    assert item.disbursements.get().history.get().history_user == staff

    # The disbursement admin of its own.
    standalone = {"aid_item": item.pk, "date": "01/07/2014", "amount": "20000", "currency": "AUD", "note": "Đợt 2"}
    assert data_entry.post("/admin/aid/disbursement/add/", standalone).status_code == 302
    second = item.disbursements.get(note="Đợt 2")
    assert amounts(second) == (D("16981.13"), D("360000000"))
    # Moved to a date of the 2013 rates.
    changed = {**standalone, "date": "01/07/2013"}
    assert data_entry.post(f"/admin/aid/disbursement/{second.pk}/change/", changed).status_code == 302
    assert amounts(second) == (D("16190.48"), D("340000000"))

    # The import.
    headers = ["Mã khoản viện trợ", "Ngày giải ngân", "Số tiền", "Tiền tệ", "Ghi chú"]
    result = import_rows(
        DisbursementResource(), [("VT-GN", "01/07/2014", "5.000", "AUD", "Đợt 3")], user=staff, headers=headers
    )
    assert_clean(result)
    third = item.disbursements.get(note="Đợt 3")
    assert amounts(third) == (D("4245.28"), D("90000000"))
    assert third.history.get().history_user == staff


def test_disbursement_without_a_rate_is_a_form_error(data_entry, partners):
    item = aid_item_save(item=AidItem(code="VT-GN", form="project", title="Trao học bổng"))
    data = {"aid_item": item.pk, "date": "01/07/2012", "amount": "20000", "currency": "AUD", "note": ""}
    response = data_entry.post("/admin/aid/disbursement/add/", data)
    assert response.status_code == 200
    assert "Chưa có tỷ giá AUD áp dụng cho ngày 01/07/2012" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_an_imported_items_history_rows_hold_every_value_it_stored_and_name_the_importer(staff):
    """Bulk-written records get their "+" history rows copied from the rows just inserted: one per
    record and per funder, sector and place, every column as stored, naming the person importing."""
    rows = [row(**{"Mã": f"VT-LOT-{i}"}) for i in range(3)]
    assert_clean(import_rows(AidItemResource(), rows, user=staff))

    items = AidItem.objects.filter(code__startswith="VT-LOT-")
    assert items.count() == 3
    for model, records in [
        (AidItem, items),
        (AidProvider, AidProvider.objects.filter(aid_item__in=items)),
        (AidSector, AidSector.objects.filter(aid_item__in=items)),
        (AidLocation, AidLocation.objects.filter(aid_item__in=items)),
    ]:
        tracked = [f.attname for f in model.history.model.tracked_fields]
        assert records.count() >= 3
        for record in records:
            [history] = model.history.filter(id=record.pk)
            assert (history.history_type, history.history_user, history.history_change_reason) == ("+", staff, None)
            assert {a: getattr(history, a) for a in tracked} == {a: getattr(record, a) for a in tracked}
    assert items[0].history.get().committed_usd == items[0].committed_usd is not None


def preview_rows(rows, *, user):
    data = tablib.Dataset(headers=HEADERS)
    for r in rows:
        data.append(r)
    return data, AidItemResource().import_data(data, dry_run=True, raise_errors=False, user=user)


def test_a_confirmation_reuses_its_preview_only_while_nothing_has_changed(staff):
    """The confirmation of a previewed file writes what the preview read, without reading it again —
    the same records as an import read afresh; but not once a rate (or any record) changed since, nor
    for another person or another file."""
    assert_clean(import_rows(AidItemResource(), [row(**{"Mã": "VT-FRESH"})], user=staff))
    data, preview = preview_rows([row(**{"Mã": "VT-REUSED"})], user=staff)
    assert AidItem.objects.filter(code="VT-REUSED").count() == 0  # the preview wrote nothing
    confirm = AidItemResource().import_data(data, dry_run=False, user=staff, reuse=preview.prepared)
    assert_clean(confirm)
    assert confirm.reused_preview
    fresh, reused = AidItem.objects.get(code="VT-FRESH"), AidItem.objects.get(code="VT-REUSED")
    assert stored(reused) == stored(fresh)
    assert reused.history.get().history_user == staff

    data, preview = preview_rows([row(**{"Mã": "VT-OTHER"})], user=staff)
    other = UserFactory(username="nhaplieu-khac", role="data_entry")
    by_other = AidItemResource().import_data(data, dry_run=False, user=other, reuse=preview.prepared)
    assert_clean(by_other)
    assert not by_other.reused_preview
    assert AidItem.objects.get(code="VT-OTHER").history.get().history_user == other

    data, preview = preview_rows([row(**{"Mã": "VT-NEW-RATE"})], user=staff)
    ExchangeRate.objects.create(currency_id="AUD", date=datetime.date(2014, 5, 1), rate=D("19000"))
    confirm = AidItemResource().import_data(data, dry_run=False, user=staff, reuse=preview.prepared)
    assert_clean(confirm)
    assert not confirm.reused_preview
    assert AidItem.objects.get(code="VT-NEW-RATE").rate_to_vnd == D("19000")  # read again, at the new rate

    data, preview = preview_rows([row(**{"Mã": "VT-A"})], user=staff)
    other_file, _ = preview_rows([row(**{"Mã": "VT-B"})], user=staff)
    confirm = AidItemResource().import_data(other_file, dry_run=False, user=staff, reuse=preview.prepared)
    assert not confirm.reused_preview
    assert list(AidItem.objects.filter(code__in=["VT-A", "VT-B"]).values_list("code", flat=True)) == ["VT-B"]


def test_a_record_added_by_someone_else_after_the_check_fails_the_whole_file_clearly(staff):
    """A race the preview could not see (a record with the same code written without the app's
    signals, between the check and the write): the database refuses the key, nothing is written,
    and the message says why, in Vietnamese."""
    data, preview = preview_rows([row(**{"Mã": "VT-RACE-1"}), row(**{"Mã": "VT-RACE-2"})], user=staff)
    AidItem.objects.bulk_create([AidItem(code="VT-RACE-2", title="Ghi cùng lúc", form="project")])
    confirm = AidItemResource().import_data(data, dry_run=False, user=staff, reuse=preview.prepared)
    assert confirm.reused_preview
    [problem] = result_messages(confirm)
    assert problem.startswith("Dữ liệu đã thay đổi trong lúc nhập")
    assert list(AidItem.objects.filter(code__startswith="VT-RACE").values_list("title", flat=True)) == ["Ghi cùng lúc"]


def test_a_confirmation_replaying_its_preview_reads_no_record_and_no_place_again(staff):
    """What the preview looked up — the records the file's codes name, the places it names — is not
    read again when its confirmation replays it, and the places written are those the preview read."""
    AidItem.objects.create(code="VT-R0", title="Đã có", form="project")
    data, preview = preview_rows([row(**{"Mã": "VT-R1"}), row(**{"Mã": "VT-R2"})], user=staff)
    with CaptureQueriesContext(connection) as queries:
        confirm = AidItemResource().import_data(data, dry_run=False, user=staff, reuse=preview.prepared)
    assert_clean(confirm)
    assert confirm.reused_preview
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and "setval(" not in q["sql"]  # django-import-export's sequence reset
        and ('FROM "aid_aiditem"' in q["sql"] or 'FROM "reference_administrativeunit"' in q["sql"])
    ]
    assert reads == []
    fresh = AidItemResource().import_data(
        tablib.Dataset(row(**{"Mã": "VT-R3"}), headers=HEADERS), dry_run=False, user=staff
    )
    assert_clean(fresh)
    assert stored(AidItem.objects.get(code="VT-R1"))["places"] == stored(AidItem.objects.get(code="VT-R3"))["places"]
    assert len(stored(AidItem.objects.get(code="VT-R1"))["places"]) == 2
    # A file naming a record that exists still finds it: an update, by the same one query.
    changed = tablib.Dataset(row(**{"Mã": "VT-R0", "Tên": "Đổi tên"}), headers=HEADERS)
    with CaptureQueriesContext(connection) as queries:
        result = AidItemResource().import_data(changed, dry_run=True, user=staff)
    assert result.totals["update"] == 1, messages(result)
    assert sum('FROM "aid_aiditem"' in q["sql"] and '"code" IN' in q["sql"] for q in queries.captured_queries) == 1


class _Watched(AidItemResource):
    """Notes whether the cycle collector is on while the file is read; fails when asked to."""

    seen: list = []

    def __init__(self, fail=False, **kwargs):
        super().__init__(**kwargs)
        self.fail = fail

    def before_import(self, dataset, **kwargs):
        self.seen.append(gc.isenabled())
        if self.fail:
            raise RuntimeError("hỏng giữa chừng")
        super().before_import(dataset, **kwargs)


def test_an_import_pauses_the_cycle_collector_and_gives_it_back_however_it_ends(staff):
    _Watched.seen = []
    assert gc.isenabled()
    assert_clean(import_rows(_Watched(), [row(**{"Mã": "VT-GC-1"})], user=staff))
    assert gc.isenabled()
    bad = import_rows(_Watched(), [row(**{"Mã": "VT-GC-2", "Ngày cam kết": "31/02/2014"})], user=staff)
    assert result_messages(bad)
    assert gc.isenabled()
    with pytest.raises(ImportExportError, match="hỏng giữa chừng"):
        _Watched(fail=True).import_data(tablib.Dataset(row(), headers=HEADERS), raise_errors=True, user=staff)
    assert gc.isenabled()
    assert _Watched.seen == [False, False, False]
    # Someone who turned it off keeps it off.
    gc.disable()
    try:
        assert_clean(import_rows(_Watched(), [row(**{"Mã": "VT-GC-3"})], user=staff))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert list(AidItem.objects.filter(code__startswith="VT-GC").values_list("code", flat=True)) == [
        "VT-GC-1",
        "VT-GC-3",
    ]
