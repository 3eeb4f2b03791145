"""Notes as CSV (Excel-ready, formula-guarded) and back: an all-or-nothing import with a row-by-row report."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from ruraldash.core.cells import neutralise, unguard
from ruraldash.core.fmt import number
from ruraldash.core.i18n import LANGS, t
from ruraldash.core.safetext import strip_bidi
from ruraldash.data.catalog import FACETS
from ruraldash.features.notes.model import (
    MAX_IMPORT_BYTES,
    ImportIssue,
    ImportReport,
    Note,
    NoteError,
    _now,
    _parse_time,
    clean_fields,
    local_minute,
)
from ruraldash.features.notes.schema import CSV_COLUMNS
from ruraldash.io.tabular import ERROR, Table, TableLimits, read_tabular

Resolver = Callable[[str], str | None]
"""A municipality name as written -> its NIS code, or None when unknown."""
IMPORT_MAX_ROWS = 1_000_000  # the byte limit (MAX_IMPORT_BYTES) is the real bound


def _csv_cell(value: object) -> str:
    """A CSV cell, guarded so Excel never runs it as a formula (reversibly: import undoes it)."""
    return "" if value is None else str(neutralise(strip_bidi(value), reversible=True))


def _csv_uncell(cell: str) -> str:
    """Undo :func:`_csv_cell`."""
    return unguard(cell)


EXPORT_COLUMNS = (
    "session",
    "municipality",
    "nis_code",
    "facet",
    "facet_label",
    "group_name",
    "body",
    "created_at",
    "updated_at",
)
"""Columns of the CSV for participants (headers ``notes_col_<name>`` in the UI language)."""


def _export_row(note: Note, lang: str, names: dict[str, str], titles: dict[str, str]) -> list[str]:
    facet = FACETS.get(note.facet) if note.facet is not None else None
    cells = {
        "session": titles.get(note.session, note.session),
        "municipality": names.get(note.nis_code or "", ""),
        "facet_label": (facet[0] if lang == "nl" else facet[1]) if facet else "",
        "created_at": local_minute(note.created_at),
        "updated_at": local_minute(note.updated_at),
    }
    return [_csv_cell(cells[c] if c in cells else getattr(note, c)) for c in EXPORT_COLUMNS]


def notes_to_csv(
    notes: Iterable[Note],
    sep: str = ";",
    decimal: str = ",",
    lang: str = "nl",
    *,
    names: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
) -> bytes:
    """Notes as CSV for Excel: UTF-8 with BOM, ``;`` separated, headers in ``lang``.

    Each row has the session title (``titles``: slug -> title), municipality name (``names``:
    NIS code -> name) and NIS code, facet number and label, and times in Brussels local time to
    the minute (``2026-12-01 14:05``, read back as local time by the import). Cells that start
    with ``= + - @`` (or tab, CR, apostrophe) get a leading apostrophe, so Excel never runs them
    as formulas. ``decimal`` must differ from ``sep``; notes hold no fractions yet.
    """
    if len(sep) != 1 or sep in "\"'\r\n" or sep == decimal:
        raise ValueError(f"unusable CSV separator {sep!r} (decimal mark {decimal!r})")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow([t(f"notes_col_{c}", lang) for c in EXPORT_COLUMNS])
    writer.writerows(_export_row(note, lang, names or {}, titles or {}) for note in notes)
    return out.getvalue().encode("utf-8-sig")


IMPORT_ALIASES = {
    "gemeente": "municipality",
    "municipality": "municipality",
    "naam": "municipality",
}
"""Headers people write for a column of municipality names (the export says 'Gemeente')."""


def _header_names() -> dict[str, str]:
    names = {col: col for col in CSV_COLUMNS}
    names.update({t(f"notes_col_{c}", lang).casefold(): c for c in CSV_COLUMNS for lang in LANGS})
    names.update({t("notes_col_municipality", lang).casefold(): "municipality" for lang in LANGS})
    names.update(IMPORT_ALIASES)
    return names


def _place(record: dict[str, str], resolve: Resolver | None) -> str | None:
    """The row's NIS code: its code cell, else its municipality name looked up by ``resolve``.

    Raises NoteError when a name is given that ``resolve`` does not know (the row is skipped with
    that reason); a row with neither stays without municipality.
    """
    code = (record.get("nis_code") or "").strip()
    name = (record.get("municipality") or "").strip()
    if code or not name:
        return code or None
    found = resolve(name) if resolve else None
    if not found:
        raise NoteError("notes_err_place_unknown", field="nis_code", value=name[:60])
    return found


def _parse_row(
    record: dict[str, str],
    lang: str,
    warnings: list[str],
    resolve: Resolver | None = None,
    session_given: bool = False,
) -> dict[str, Any]:
    """One CSV record as insertable values; raises NoteError for an invalid note."""
    facet_cell = record.get("facet", "").strip()
    if facet_cell and not (facet_cell.isascii() and facet_cell.isdigit() and len(facet_cell) < 4):
        raise NoteError("notes_err_facet", field="facet", value=facet_cell[:20])
    fields: dict[str, object] = {
        "body": record.get("body"),
        "nis_code": _place(record, resolve),
        "facet": int(facet_cell) if facet_cell else None,
        "group_name": record.get("group_name"),
    }
    if not session_given or (record.get("session") or "").strip():
        fields["session"] = record.get("session")  # else the caller's target session is used
    values = clean_fields(**fields)
    created = record.get("created_at", "").strip()
    values["created_at"] = _parse_time(created) if created else _now()
    if values["created_at"] is None:
        warnings.append(t("notes_imp_bad_date", lang, value=created[:40]))
        values["created_at"] = _now()
    values["updated_at"] = _parse_time(record.get("updated_at", "") or "")
    return values


def parse_notes_csv(
    raw: bytes,
    lang: str = "nl",
    *,
    session_given: bool = False,
    resolve: Resolver | None = None,
) -> tuple[list[tuple[int, dict]], ImportReport]:
    """Read a CSV made by :func:`notes_to_csv` (or edited in Excel); never raises on bad input.

    Only a text column is required when the caller names the target session (``session_given``);
    a municipality is read from the NIS-code column or, where that is empty, from a municipality
    name column ('Gemeente') through ``resolve`` (name -> NIS code or None).

    Returns
    -------
    rows : list of (row number, values)
        Valid notes, ready to insert.
    report : ImportReport
        Skipped rows and warnings with reasons in ``lang``, or ``error`` for an unusable file.
    """
    report = ImportReport()
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if not isinstance(raw, bytes | bytearray) or len(raw) > MAX_IMPORT_BYTES:
        size = len(raw) if isinstance(raw, bytes | bytearray) else 0
        report.error = t(
            "notes_imp_too_big" if size else "notes_imp_empty",
            lang,
            size=number(size, 0, lang),
            limit=number(MAX_IMPORT_BYTES, 0, lang),
        )
        return [], report
    limits = TableLimits(max_bytes=MAX_IMPORT_BYTES, max_rows=IMPORT_MAX_ROWS, max_columns=50)
    table = read_tabular(bytes(raw), "notes.csv", limits=limits, multiline=True)  # one reader
    errors = [p.text(lang) for p in table.problems if p.level == ERROR]
    if errors:
        report.error = errors[0]
        return [], report
    header = [h.strip().lstrip("\ufeff").casefold() for h in table.header]
    names = _header_names()
    columns = {i: names[h] for i, h in reversed(list(enumerate(header))) if h in names}
    needed = ("body",) if session_given else ("session", "body")
    missing = [c for c in needed if c not in columns.values()]
    if missing:
        labels = ", ".join(t(f"notes_col_{c}", lang) for c in missing)
        report.error = t("notes_imp_columns", lang, columns=labels)
        return [], report
    _set_aside(table, len(header), lang, report)
    rows: list[tuple[int, dict]] = []
    for row_no, cells in table.rows:
        _take_row(row_no, cells, columns, len(header), lang, rows, report, resolve, session_given)
    return rows, report


def _set_aside(table: Table, width: int, lang: str, report: ImportReport) -> None:
    """Rows the reader could not use (too many cells, a quote left open) are skipped, with why."""
    why = {row: p.text(lang) for p in table.problems for row in p.rows if p.code != "row_too_wide"}
    for row_no, cells in table.rejected:
        reason = why.get(row_no) or t(
            "notes_imp_extra_cells", lang, found=len(cells), expected=width
        )
        report.skipped.append(ImportIssue(row_no, reason))


def _take_row(
    row_no: int,
    cells: list[str],
    columns: dict[int, str],
    width: int,
    lang: str,
    rows: list[tuple[int, dict]],
    report: ImportReport,
    resolve: Resolver | None = None,
    session_given: bool = False,
) -> None:
    if any(cell.strip() for cell in cells[width:]):
        reason = t("notes_imp_extra_cells", lang, found=len(cells), expected=width)
        report.skipped.append(ImportIssue(row_no, reason))
        return
    record = {name: _csv_uncell(cells[i]) for i, name in columns.items() if i < len(cells)}
    warnings: list[str] = []
    try:
        rows.append((row_no, _parse_row(record, lang, warnings, resolve, session_given)))
    except NoteError as err:
        report.skipped.append(ImportIssue(row_no, err.message(lang)))
    report.warnings.extend(ImportIssue(row_no, w) for w in warnings)
