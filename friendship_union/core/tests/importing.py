"""Helpers for import tests across apps."""

import tablib

from friendship_union.core.imports import result_messages


def run_import(resource, headers, rows, dry_run=False):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return resource.import_data(data, dry_run=dry_run, raise_errors=False)


def messages(result) -> str:
    return "\n".join(result_messages(result))


def assert_clean(result):
    problems = result_messages(result)
    assert not problems, problems
