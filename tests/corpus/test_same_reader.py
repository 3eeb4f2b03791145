"""One reader everywhere: the upload, the Gemeentefonds table, the notes import and number fields
accept or refuse the same file (and read the same cell) the same way."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ruraldash.data import gemeentefonds as gf
from ruraldash.features import upload as up
from ruraldash.features.notes.csvio import parse_notes_csv
from ruraldash.features.orf.view import parse_million
from ruraldash.io.numbers import parse_number
from tests.corpus.builders import to_csv, to_xlsx
from tests.test_upload import MAPPING, UNITS

CODES = ["11001", "11002", "44021", "46021"]
HEADER = ["nis_code", "gemeentefonds", "sessie", "tekst"]
GOOD = [[c, f"{1000 + i},5", "S", f"notitie {i}"] for i, c in enumerate(CODES)]


def three_ways(raw: bytes, filename: str = "data.csv") -> dict:
    """What each consumer makes of one file: refused (and why) or the line numbers it used."""
    report = up.prepare_layer(raw, filename, UNITS, MAPPING, "2019")
    fonds = gf.parse_gemeentefonds_table(raw, set(CODES), lang="nl", filename=filename)
    notes, notes_report = parse_notes_csv(raw) if not filename.endswith("xlsx") else (None, None)
    frame = report.read.frame
    return {
        "upload": None if frame is None else sorted(frame.index),
        "upload_error": [m.text for m in report.read.messages if m.level == "error"],
        "fonds": None if fonds.values.empty else len(fonds.values),
        "fonds_messages": fonds.messages,
        "notes": None if notes is None else [row for row, _ in notes],
        "notes_error": None if notes_report is None else notes_report.error,
        "notes_skipped": [] if notes_report is None else [i.row for i in notes_report.skipped],
    }


REFUSED = {
    "empty": b"",
    "binary": bytes(range(256)) * 20,
    "old-xls": b"\xd0\xcf\x11\xe0" + bytes(200),
    "header-only": to_csv([HEADER]),
    "broken-xlsx": b"PK\x03\x04garbage",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_refused_file_is_refused_everywhere_with_the_same_words(name):
    out = three_ways(REFUSED[name])
    assert out["upload"] is None and out["fonds"] is None
    reason = out["upload_error"][0]
    assert out["fonds_messages"] == [reason]
    assert out["notes_error"] == reason


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"], ids=lambda e: f"csv-{e}"
)
def test_a_good_csv_is_read_everywhere(encoding):
    out = three_ways(to_csv([HEADER, *GOOD], ";", encoding))
    assert out["upload"] == [2, 3, 4, 5]
    assert out["fonds"] == 4
    assert out["notes"] == [2, 3, 4, 5] and out["notes_error"] is None


def test_a_good_xlsx_is_read_by_the_upload_and_the_gemeentefonds_table():
    rows = [HEADER, *[[int(c), 1000.5 + i, s, t] for i, (c, _, s, t) in enumerate(GOOD)]]
    out = three_ways(to_xlsx({"Toelichting": [["Over dit bestand"]], "Data": rows}), "gf.xlsx")
    assert out["upload"] == [2, 3, 4, 5] and out["fonds"] == 4


def test_an_unbalanced_quote_costs_one_row_everywhere_and_is_named():
    text = "\r\n".join(";".join(r) for r in [HEADER, *GOOD]) + "\r\n"
    lines = text.split("\r\n")
    lines[2] = lines[2].replace(";S;", ';"S;')  # line 3 opens a quote that never closes
    out = three_ways("\r\n".join(lines).encode())
    assert out["upload"] == [2, 4, 5]
    assert out["fonds"] == 3 and any("regel 3" in m for m in out["fonds_messages"])
    assert out["notes"] == [2, 4, 5] and out["notes_skipped"] == [3]


def test_a_row_with_too_many_cells_is_set_aside_everywhere():
    rows = [HEADER, *GOOD]
    rows[2] = [*rows[2], "extra"]
    out = three_ways(to_csv(rows))
    assert out["upload"] == [2, 4, 5] and out["fonds"] == 3
    assert out["notes"] == [2, 4, 5] and out["notes_skipped"] == [3]


CELLS = [
    "1.234,5",
    "1,234.5",
    "€ 1.234,50",
    "12,5 %",
    "7 654 321",
    "150",
    "0,5",
    "veel",
    "",
    "1,2,3",
]


@pytest.mark.parametrize("cell", CELLS)
def test_a_cell_is_the_same_number_in_every_field(cell):
    parsed = up.parse_values(pd.Series([cell, "1,5"], index=[1, 2])).values.iloc[0]
    typed = parse_number(cell, "nl")
    raw = to_csv([["nis_code", "gemeentefonds"], ["11001", cell], ["11002", "1,5"]])
    fonds = gf.parse_gemeentefonds_table(raw, set(CODES)).values.get("11001")
    if math.isnan(parsed):
        assert typed is None and fonds is None
    else:
        assert typed == pytest.approx(parsed) and fonds == pytest.approx(parsed)
        budget = parse_million(cell)
        assert budget is None or budget == pytest.approx(parsed * 1_000_000)
