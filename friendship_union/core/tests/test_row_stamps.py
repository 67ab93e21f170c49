"""core.versioning.row_stamp(s): a fingerprint of some rows that moves with every write to them, by
any path, and with nothing else; and `cached(…, stamp=…)`, which finds a figure again by it after
the versions of its apps have moved."""

import pytest
from django.db import transaction
from django.db.models import F

from friendship_union.core import versioning
from friendship_union.core.models import DataVersion, OfficeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    DataVersion.objects.bulk_create(
        [DataVersion(key="t:a", version=1), DataVersion(key="t:b", version=1), DataVersion(key="u:c", version=2)]
    )
    return DataVersion.objects.filter(key__startswith="t:")


def test_the_stamp_moves_with_every_write_to_its_rows_and_with_nothing_else(rows):
    first = versioning.row_stamp(rows)
    assert versioning.row_stamp(rows) == first

    DataVersion.objects.filter(key="u:c").update(version=9)  # not one of its rows
    assert versioning.row_stamp(rows) == first

    # A row written again, even with the same values and inside the transaction that wrote it last.
    DataVersion.objects.filter(key="t:a").update(version=F("version"))
    second = versioning.row_stamp(rows)
    assert second != first
    DataVersion.objects.create(key="t:new")
    third = versioning.row_stamp(rows)
    assert third not in (first, second)
    # The row added taken away again: the rows are those of the second stamp, row for row, and so is
    # the stamp (a figure kept under it is theirs).
    DataVersion.objects.filter(key="t:new").delete()
    assert versioning.row_stamp(rows) == second


def test_rows_of_tables_with_keys_of_different_types_share_a_stamp(rows):
    """A text key (DataVersion) and a number key (OfficeUnit) in one stamp; a unit added moves it."""
    both = versioning.row_stamp(rows, OfficeUnit.objects.all())
    OfficeUnit.objects.create(name="Văn phòng")
    assert versioning.row_stamp(rows, OfficeUnit.objects.all()) != both


def test_a_write_rolled_back_leaves_the_stamp_it_found(rows):
    before = versioning.row_stamp(rows)
    with pytest.raises(RuntimeError), transaction.atomic():
        DataVersion.objects.filter(key="t:b").update(version=5)
        assert versioning.row_stamp(rows) != before
        raise RuntimeError
    assert versioning.row_stamp(rows) == before


def test_the_stamps_of_many_groups_in_one_query_are_each_groups_own_stamp(rows, django_assert_num_queries):
    grouped = DataVersion.objects.annotate(stamp_group=F("version"))
    with django_assert_num_queries(1):
        stamps = versioning.row_stamps(grouped)
    for version in (1, 2):
        assert stamps[version] == versioning.row_stamp(grouped.filter(stamp_group=version))
    assert stamps[7] == versioning.row_stamp(grouped.filter(stamp_group=7)) == versioning.EMPTY_STAMP


def test_a_figure_kept_by_its_stamp_is_found_again_when_its_app_moves_and_not_its_rows(rows):
    computed = []

    def figure():
        computed.append(1)
        return sum(rows.values_list("version", flat=True))

    def ask():
        return versioning.cached("sum", figure, reads=frozenset({"aid"}), stamp=lambda: versioning.row_stamp(rows),
                                 stamped=frozenset({"aid"}))  # fmt: skip

    assert ask() == 2 and len(computed) == 1
    versioning.bump_records_version(type("M", (), {"_meta": type("O", (), {"app_label": "aid"})}))
    assert ask() == 2 and len(computed) == 1  # the app moved, its rows did not: found by the stamp
    assert ask() == 2 and len(computed) == 1  # and now under the new versions too
    DataVersion.objects.filter(key="t:a").update(version=10)
    versioning.bump_records_version()  # the write, as a bulk write bumps (its app unknown)
    assert ask() == 11 and len(computed) == 2


def test_many_figures_of_a_kind_are_computed_together_and_only_those_whose_rows_moved(rows):
    """cached_many: one call of compute_many for the figures missing; after the app's version moves,
    those whose rows kept their stamp are found again; on a database without stamps, all again."""
    grouped = DataVersion.objects.filter(key__regex=r"^[tu]:").annotate(stamp_group=F("version"))
    asked = []

    def sums(ids):
        asked.append(sorted(ids))
        return {i: sum(grouped.filter(stamp_group=i).values_list("version", flat=True)) for i in ids}

    def ask(stamps):
        names = {1: "sum:1", 2: "sum:2"}
        return versioning.cached_many(names, sums, reads=frozenset({"aid"}), stamps=stamps, stamped=frozenset({"aid"}))

    aid_model = type("M", (), {"_meta": type("O", (), {"app_label": "aid"})})
    assert ask(versioning.row_stamps(grouped)) == {1: 2, 2: 2} and asked == [[1, 2]]
    assert ask(versioning.row_stamps(grouped)) == {1: 2, 2: 2} and asked == [[1, 2]]  # kept
    DataVersion.objects.create(key="t:c", version=2)
    versioning.bump_records_version(aid_model)
    assert ask(versioning.row_stamps(grouped)) == {1: 2, 2: 4} and asked == [[1, 2], [2]]
    assert ask(versioning.row_stamps(grouped)) == {1: 2, 2: 4} and asked == [[1, 2], [2]]
    versioning.bump_records_version(aid_model)
    assert ask(None) == {1: 2, 2: 4} and asked == [[1, 2], [2], [1, 2]]  # no stamps: the version decides
