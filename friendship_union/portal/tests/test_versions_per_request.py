"""The records versions a request's kept figures are keyed by are read once per request
(core.versioning.versions_read_once, VersionsPerRequestMiddleware), and a write is still seen at once."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from friendship_union.core.versioning import records_version, versions_read_once
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db

VERSION_READ = re.compile(r'FROM "core_dataversion"')


@pytest.mark.parametrize("url", ["/", "/vien-tro/", "/tin-tuc/", "/doi-tac/LKC-AU/", "/thu-vien-anh/"])
def test_a_page_reads_the_versions_once(client, records, url):
    """Pages that keep several figures (filter choices, map, albums, key figures), each keyed by the
    versions of the apps it reads, read every version in one query, once."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if VERSION_READ.search(q["sql"])]
    assert len(reads) == 1, reads


def test_a_write_is_seen_at_once_and_a_rolled_back_one_never(reference_data):
    with versions_read_once():
        before = records_version()
        with CaptureQueriesContext(connection) as queries:
            assert records_version() == before
        assert not queries.captured_queries  # remembered

        make_partner("VER-1", "Version Fund")  # a tracked record saved: the version moves
        assert records_version() > before
        committed = records_version()

        with pytest.raises(RuntimeError), transaction.atomic():
            make_partner("VER-2", "Rolled Back Fund")
            assert records_version() > committed
            raise RuntimeError("the save fails")
        assert records_version() == committed  # read again, not the rolled-back value
