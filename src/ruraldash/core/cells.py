"""Spreadsheet cells made safe: text that Excel or LibreOffice would run as a formula stays text.

One guard for every export that a spreadsheet may open (map and profile tables, notes CSV).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or split it, for tab and carriage return)."""


def neutralise(value: object, *, reversible: bool = False) -> object:
    """Guard a cell against formula injection; anything that is not text is returned unchanged.

    Parameters
    ----------
    value : object
        The cell. Text starting with ``= + - @``, a tab or a carriage return gets a leading
        apostrophe, so spreadsheets show it as text. Numbers (also negative ones) stay numbers.
    reversible : bool
        Also guard text that already starts with an apostrophe, so :func:`unguard` can undo the
        guard exactly (the notes CSV is imported again).
    """
    if not isinstance(value, str):
        return value
    starts = FORMULA_START + ("'",) if reversible else FORMULA_START
    return "'" + value if value.startswith(starts) else value


def unguard(cell: str) -> str:
    """Undo :func:`neutralise` with ``reversible=True``."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START + ("'",)):
        return cell[1:]
    return cell
