"""Cells that leave the building in a spreadsheet are inert: a text that a spreadsheet would run as
a formula (=, +, -, @ first, or a tab or carriage return that some spreadsheets skip before one) is
written with a leading apostrophe, the way Excel and LibreOffice mark text typed to look like a
formula (OWASP "CSV injection"). Every export path uses this one guard: the admin's exports of every
record (core.resources), the dashboard's workbooks and reports. Numbers stay numbers; the import
reads the apostrophe away again, so an export imports back unchanged."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def inert(value):
    """`value`, with a text that could start a formula made plain text ("=1+1" → "'=1+1")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def uninert(text: str) -> str:
    """A cell read back from an export: the guard's apostrophe removed ("'=1+1" → "=1+1")."""
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
