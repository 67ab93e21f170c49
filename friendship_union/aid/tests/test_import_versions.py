"""core.versioning.writes_bumped: an import's bulk writes send no signals, so the statements it runs
say what it wrote, and only the versions of those apps move: an aid import moves the records and aid
versions and leaves the other apps' (the delegations' cached pages, their figures) where they were. A
write to a table that is no model's moves everything."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from friendship_union.aid.models import AidItem
from friendship_union.aid.resources import AidItemResource
from friendship_union.aid.tests.test_import_preview import HEADERS, row
from friendship_union.core import versioning
from friendship_union.core.tests.importing import assert_clean, run_import
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db

APPS = ["aid", "news", "delegations", "events", "documents", "partners"]


def versions() -> dict[str, int]:
    keys = [versioning.KEY, versioning.ALL_KEY, *(f"{versioning.KEY}:{app}" for app in APPS)]
    return dict(zip(keys, versioning._versions(keys), strict=True))


def moved(before: dict) -> set[str]:
    return {key for key, version in versions().items() if before[key] != version}


def test_an_aid_import_moves_the_aid_versions_and_no_others(reference_data):
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2005, 1, 1), rate=Decimal(18000))
    make_partner(code="LKC-AU", name="Loreto", acronym="LKC")
    make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE")
    before = versions()
    assert_clean(run_import(AidItemResource(), HEADERS, [row("VT-2010-01"), row("VT-2010-02")]))
    assert AidItem.objects.filter(code__startswith="VT-2010-").count() == 2
    assert moved(before) == {"records", "records:aid"}

    before = versions()
    assert_clean(run_import(AidItemResource(), HEADERS, [row("VT-2010-01"), row("VT-2010-02")]))
    assert moved(before) == set()  # the same file again writes nothing

    before = versions()
    assert_clean(run_import(AidItemResource(), HEADERS, [row("VT-2010-03")], dry_run=True))
    assert moved(before) == set()  # a preview is rolled back


def test_a_write_no_signal_announces_moves_its_app_and_one_to_no_models_table_everything(reference_data):
    item_table = AidItem._meta.db_table
    before = versions()
    with versioning.writes_bumped(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{item_table}" SET beneficiaries = beneficiaries')
    assert moved(before) == {"records", "records:aid"}

    before = versions()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE scratch_rows (n int)")
    with versioning.writes_bumped(), connection.cursor() as cursor:
        cursor.execute('INSERT INTO "scratch_rows" VALUES (1)')
    assert versions()[versioning.ALL_KEY] != before[versioning.ALL_KEY]

    before = versions()
    with pytest.raises(ZeroDivisionError), versioning.writes_bumped(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{item_table}" SET beneficiaries = beneficiaries')
        1 / 0  # noqa: B018 (the block fails: nothing bumped)
    assert moved(before) == set()
