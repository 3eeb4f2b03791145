"""The upload report: read, match and parse an upload, listing every problem before anything is used.

:func:`prepare_layer` is the entry point of the upload flow (see :mod:`ruraldash.features.upload`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.i18n import t
from ruraldash.features.upload.base import (
    BORDER_SETS,
    ERROR,
    LIMITS,
    WARNING,
    Limits,
    Message,
    make_message,
    shorten,
)
from ruraldash.features.upload.match import MatchResult, match_reference
from ruraldash.features.upload.names import Reference, as_code, lookup, reference
from ruraldash.features.upload.read import ReadResult, read_table
from ruraldash.features.upload.values import ParsedValues, cell_str, check_values, parse_values


@dataclass
class UploadReport:
    """Everything found in an upload, shown to the user before anything is used."""

    filename: str
    target_border_set: str
    read: ReadResult
    code_column: str | None = None
    value_columns: list[str] = field(default_factory=list)
    match: MatchResult | None = None
    values: dict[str, ParsedValues] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when a layer can be made: matched municipalities, a value column, no errors."""
        usable = self.read.frame is not None and self.match is not None and bool(self.value_columns)
        return usable and not any(m.level == ERROR for m in self.messages)

    @property
    def columns(self) -> list[str]:
        """Column names of the uploaded table (empty when it could not be read)."""
        return [] if self.read.frame is None else list(self.read.frame.columns)

    def fail(self, code: str, lang: str, **values) -> UploadReport:
        """Add an error message and return the report."""
        self.messages.append(make_message(ERROR, code, lang, **values))
        return self


def prepare_layer(
    raw: bytes,
    filename: str,
    units: pd.DataFrame,
    mapping: pd.DataFrame,
    target_border_set: str,
    code_column: str | None = None,
    value_columns: list[str] | None = None,
    lang: str = "nl",
    limits: Limits = LIMITS,
    sheet: str | None = None,
    corrections: dict[str, str] | None = None,
    separator: str | None = None,
) -> UploadReport:
    """Read, match and parse an upload; the report lists every problem before anything is used.

    Parameters
    ----------
    raw, filename
        The uploaded bytes and the file's name.
    units, mapping, target_border_set
        As for :func:`match_municipalities`.
    code_column : str, optional
        The municipality column; by default the column with the most matches (codes win ties).
    value_columns : list of str, optional
        By default every other column that is mostly numbers.
    lang, limits
        Message language; bounds on size, rows, columns and names.
    sheet : str, optional
        The XLSX sheet (default: the sheet with the most data).
    corrections : dict, optional
        Cell text -> municipality name the user accepted (a suggestion).
    separator : str, optional
        The CSV separator the user chose (default: guessed).
    """
    read = read_table(raw, filename, lang, limits, sheet, separator)
    report = UploadReport(
        _safe_filename(filename), str(target_border_set), read, messages=list(read.messages)
    )
    frame = read.frame
    if frame is None:
        return report
    if report.target_border_set not in BORDER_SETS:
        return report.fail("border_set_invalid", lang, value=shorten(target_border_set))
    if frame.shape[1] < 2:
        xlsx = read.table is not None and read.table.kind == "xlsx"
        return report.fail("single_column_xlsx" if xlsx else "single_column", lang)
    report.messages += _drop_identical_rows(read, lang)
    frame = read.frame
    ref = reference(units, mapping)
    if code_column is not None and code_column not in frame.columns:
        return report.fail("unknown_column", lang, column=str(code_column))
    report.code_column = code_column or _guess_code_column(frame, ref, limits)
    if report.code_column is None:
        return report.fail("no_municipality_column", lang)
    report.match = match_reference(
        frame[report.code_column], ref, report.target_border_set, lang, limits, corrections
    )
    report.messages += report.match.messages
    if not report.match.matched:
        return report.fail("no_municipality_column", lang)
    report.messages += _conflicts(report, ref, lang, limits, corrections)
    _add_values(report, value_columns, ref, lang, limits)
    return report


def _conflicts(
    report: UploadReport, ref: Reference, lang: str, limits: Limits, corrections
) -> list[Message]:
    """Rows whose code and name (in a second municipality column) point at different places."""
    frame, code_col = report.read.frame, report.code_column
    half = len(frame.iloc[:500]) / 2
    others = [
        c for c in frame.columns if c != code_col and _id_score(frame[c], ref, limits)[0] > half
    ]
    if not others:
        return []
    second = match_reference(
        frame[others[0]], ref, report.target_border_set, lang, limits, corrections
    )
    names = ref.display[report.target_border_set]
    clashes = [
        (row, a, b, text)
        for row, a, b, text in zip(
            frame.index, report.match.codes, second.codes, frame[others[0]], strict=True
        )
        if a is not None and b is not None and a != b
    ]
    if not clashes:
        return []
    code_is_code = sum(1 for v in frame[code_col].iloc[:50] if as_code(v)) > 0
    code_col, name_col = (code_col, others[0]) if code_is_code else (others[0], code_col)
    examples = "; ".join(
        t(
            "upload_conflict_example",
            lang,
            row=row,
            code=frame.at[row, code_col],
            code_name=names.get(a if code_is_code else b, ""),
            value=shorten(frame.at[row, name_col], 40),
            name_name=names.get(b if code_is_code else a, ""),
        )
        for row, a, b, _ in clashes[:3]
    ) + (" …" if len(clashes) > 3 else "")
    rows = [row for row, *_ in clashes]
    return [
        make_message(
            WARNING,
            "code_name_conflict",
            lang,
            rows=rows,
            examples=examples,
            code_column=shorten(report.code_column),
        )
    ]


def _safe_filename(filename: str) -> str:
    return shorten(re.split(r"[\\/]", str(filename))[-1], 120)


def _id_score(col: pd.Series, ref: Reference, limits: Limits) -> tuple[int, int]:
    """(rows matching a municipality, rows holding a code) in the first 500 rows."""
    looked = [lookup(cell_str(v), ref, limits) for v in col.iloc[:500]]
    codes = sum(1 for v in col.iloc[:500] if as_code(cell_str(v)))
    return sum(1 for hits, _ in looked if hits), codes


def _guess_code_column(frame: pd.DataFrame, ref: Reference, limits: Limits) -> str | None:
    scores = {name: _id_score(frame[name], ref, limits) for name in frame.columns}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best][0] else None


def _add_values(
    report: UploadReport, chosen: list[str] | None, ref: Reference, lang: str, limits: Limits
) -> None:
    frame, decimal = report.read.frame, report.read.decimal
    if chosen is None:
        parsed = _guess_values(frame, report.code_column, ref, decimal, lang, limits)
    else:
        for name in (c for c in chosen if c not in frame.columns):
            report.fail("unknown_column", lang, column=str(name))
        names = [c for c in chosen if c in frame.columns and c != report.code_column]
        parsed = {c: parse_values(frame[c], decimal, lang) for c in names}
    if not parsed:
        report.fail("no_value_column", lang)
        return
    report.value_columns, report.values = list(parsed), parsed
    empty = [c for c, p in parsed.items() if not p.numeric]
    level = ERROR if len(empty) == len(parsed) else WARNING
    report.messages += [make_message(level, "all_values_missing", lang, column=c) for c in empty]
    for column, values in parsed.items():
        plausible = check_values(values.values, _unit_of(column, values), lang)
        shares = {m.code for m in plausible}
        report.messages += [
            m
            for m in values.messages
            if not (m.code == "negative_values" and "negative_share" in shares)
        ]
        report.messages += plausible


def _unit_of(column: str, parsed: ParsedValues) -> str:
    """The unit a column shows: "Werkloosheid (%)" or most cells carrying a sign."""
    found = _UNIT_IN_NAME.fullmatch(str(column))
    return found.group(1).strip() if found else (parsed.unit_hint or "")


_UNIT_IN_NAME = re.compile(r".*?\(([^()]+)\)\s*")


def _drop_identical_rows(read: ReadResult, lang: str) -> list[Message]:
    """Rows that repeat an earlier row cell for cell are dropped, with a warning naming them."""
    frame = read.frame
    repeated = frame.duplicated(keep="first")
    if not repeated.any():
        return []
    rows = [int(r) for r in frame.index[repeated]]
    read.frame = frame[~repeated]
    return [make_message(WARNING, "identical_rows_dropped", lang, rows=rows)]


def _guess_values(
    frame: pd.DataFrame, code_column: str, ref: Reference, decimal: str, lang: str, limits: Limits
) -> dict[str, ParsedValues]:
    """Every other column that is not a second municipality column and is mostly numbers.

    Wholly empty columns (Excel's spacer columns) are left out when another column has numbers.
    """
    parsed, blank = {}, set()
    for name in frame.columns:
        if (
            name == code_column
            or _id_score(frame[name], ref, limits)[0] > len(frame.iloc[:500]) / 2
        ):
            continue
        values = parse_values(frame[name], decimal, lang)
        absent = sum(1 for i in values.issues if i.code == "not_applicable")
        filled = int((frame[name].str.strip() != "").sum())
        if values.numeric >= (filled - absent) / 2:
            parsed[name] = values
        if not filled:
            blank.add(name)
    if any(p.numeric for p in parsed.values()):
        parsed = {k: v for k, v in parsed.items() if k not in blank}
    return parsed
