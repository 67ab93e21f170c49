"""The records versions come from a PostgreSQL sequence (core.versioning), never drawn twice: not by
a rolled-back write (portal/tests/test_figures_at_commit.py), nor after a restore, which brings the
sequence back at the backup's value."""

import time

import pytest
from django.db import connection

from friendship_union.core import versioning

pytestmark = pytest.mark.django_db


def drawn() -> int:
    versioning.bump_records_version()
    return versioning.records_version()


def test_after_a_restore_no_version_drawn_before_it_is_drawn_again():
    before = [drawn() for _ in range(3)]
    with connection.cursor() as cursor:  # the backup's sequence, as pg_restore brings it back
        cursor.execute("SELECT setval(%s, %s)", [versioning.VERSION_SEQUENCE, before[0] - 1])
    assert drawn() in before  # what a restore alone would do: a number drawn before, drawn again

    started = int(time.time() * 1_000_000)
    versioning.versions_past_restore()
    after = versioning.records_version()
    assert after > max(before) and after >= started
    assert drawn() > after
