"""The upload check shared by the page 'Eigen gegevens' and ``ruraldash upload check``.

:func:`check_upload` runs the one code path (read -> match -> values) and :func:`check_summary`
turns the report into the plain record the command prints as JSON: outcome, counts, per column the
sum and number of values that reach the map, those values by NIS code, and every message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ruraldash.features.upload.base import BORDER_SETS, ERROR, LIMITS, WARNING, Limits
from ruraldash.features.upload.layers import layer_values
from ruraldash.features.upload.report import UploadReport, prepare_layer

ACCEPT, ACCEPT_WITH_WARNING, REJECT = "accept", "accept_with_warning", "reject"
IGNORED_ROWS = ("empty_municipality", "aggregate_row")  # not counted as 'not recognised'
_UNIT_IN_NAME = re.compile(r"(.*?)\s*\(([^()]+)\)\s*")


def reference_frames(atlas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, mapping) as :func:`prepare_layer` wants them, from the atlas."""
    parts = [
        atlas.units(bs)[["name"]].rename_axis("nis_code").reset_index().assign(border_set=bs)
        for bs in BORDER_SETS
    ]
    return pd.concat(parts, ignore_index=True), atlas.bundle.mapping


def split_unit(name: str, limits: Limits = LIMITS) -> tuple[str, str]:
    """A column name "Werkloosheid (%)" gives the label "Werkloosheid" and the unit "%"."""
    found = _UNIT_IN_NAME.fullmatch(name)
    if found and found.group(1) and len(found.group(2).strip()) <= limits.max_unit_length:
        return found.group(1), found.group(2).strip()
    return name, ""


def suggested_unit(report: UploadReport, column: str) -> str:
    """The unit of a column: from its name ("Budget (euro)"), else the sign most cells carry."""
    unit = split_unit(column)[1]
    parsed = report.values.get(column)
    return unit or (parsed.unit_hint if parsed is not None and parsed.unit_hint else "")


def border_set_of(probe: UploadReport) -> str:
    """The border set a file's municipalities belong to, from a report made for 2019 borders.

    2025 only when more rows match the 2025 municipalities than the 2019–2024 ones.
    """
    return probe.match.source_border_set if probe.match else "2019"


def detect_border_set(raw: bytes, filename: str, units, mapping, sheet: str | None = None) -> str:
    """The border set the file's municipalities belong to (2019 when unsure)."""
    return border_set_of(prepare_layer(raw, filename, units, mapping, "2019", sheet=sheet))


@dataclass
class CheckRequest:
    """What to check: the file, and optionally the borders, value column, sheet and merge rule."""

    raw: bytes
    filename: str
    border_set: str | None = None
    column: str | None = None
    sheet: str | None = None
    merge: str | None = None
    corrections: dict[str, str] | None = None
    lang: str = "nl"
    separator: str | None = None


def check_upload(request: CheckRequest, units, mapping) -> UploadReport:
    """The report of an upload, exactly as the page builds it (borders detected when not given)."""
    target = request.border_set or border_set_of(
        prepare_layer(
            request.raw,
            request.filename,
            units,
            mapping,
            "2019",
            sheet=request.sheet,
            separator=request.separator,
        )
    )
    columns = [request.column] if request.column is not None else None
    return prepare_layer(
        request.raw,
        request.filename,
        units,
        mapping,
        target,
        value_columns=columns,
        lang=request.lang,
        sheet=request.sheet,
        corrections=request.corrections,
        separator=request.separator,
    )


def outcome(report: UploadReport) -> str:
    """accept, accept_with_warning (something to check) or reject (nothing can be used)."""
    if not report.ok:
        return REJECT
    return ACCEPT_WITH_WARNING if any(m.level == WARNING for m in report.messages) else ACCEPT


def unmatched_rows(report: UploadReport) -> int:
    """Rows whose municipality was not recognised (empty and total rows not counted)."""
    if report.match is None:
        return 0
    return sum(1 for u in report.match.unmatched if u.code not in IGNORED_ROWS)


def check_summary(report: UploadReport, merge: str | None = None) -> dict:
    """The plain record of a check (what ``--json`` prints); values are what reaches the map."""
    columns, values = [], {}
    if report.ok:
        for column in report.value_columns:
            series = layer_values(report, column, merge).dropna()
            values[column] = {code: float(v) for code, v in series.items()}
            total = float(series.sum()) if len(series) else 0.0
            columns.append(
                {
                    "name": column,
                    "unit": suggested_unit(report, column),
                    "sum": round(total, 6) if math.isfinite(total) else None,
                    "n_values": int(len(series)),
                }
            )
    frame, table = report.read.frame, report.read.table
    return {
        "outcome": outcome(report),
        "border_set": report.target_border_set,
        "rows": 0 if frame is None else int(len(frame)),
        "matched": 0 if report.match is None else int(report.match.matched),
        "unmatched": unmatched_rows(report),
        "columns": columns,
        "values": values,
        "messages": [{"level": m.level, "code": m.code, "text": m.text} for m in report.messages],
        "read": _read_facts(table),
    }


def _read_facts(table) -> dict:
    """How the file was read: kind, encoding (and how sure), separator, sheet, header line, and
    the lines that were set aside."""
    if table is None:
        return {}
    return {
        "kind": table.kind,
        "encoding": table.encoding,
        "encoding_confidence": table.confidence,
        "separator": table.separator,
        "sheet": table.sheet,
        "sheets": list(table.sheets),
        "header_line": table.header_line,
        "rejected_lines": [line for line, _ in table.rejected],
    }


def has_errors(report: UploadReport) -> bool:
    """True when the report holds an error message."""
    return any(m.level == ERROR for m in report.messages)
