"""The one table reader (ruraldash.io.tabular) on its own: encodings, separators, headers, rows."""

from __future__ import annotations

import pytest

from ruraldash.io.numbers import parse_number
from ruraldash.io.tabular import read_tabular

SAMPLES = {
    "cities": "NIS;Gemeente;Waarde\n11001;Aartselaar;12,5\n44021;Gent;3\n62063;Liège;2\n",
    "short": "NIS;Gemeente\n62063;Liège\n",
    "dutch": "Gemeente;Opmerking\nGent;geëvalueerd, één keer\nIeper;financiële steun\n",
    "french": "Commune;Remarque\nFourons;réévalué à côté\nCourtrai;frère ainé\n",
}


def text_of(table) -> str:
    return "".join(";".join(cells) + "\n" for cells in [table.header, *(c for _, c in table.rows)])


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "cp850", "mac_roman"]
)
@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_encoding_a_belgian_table_comes_in_reads_back_exactly(name, encoding):
    # measured once (4 tables x cp1252/UTF-8/latin-1/mac_roman/cp850): charset-normalizer 3.5.3
    # read 11 of those 20 right (it takes short cp1252 files for cp1250/cp857); this reader 20
    table = read_tabular(SAMPLES[name].encode(encoding), "x.csv")
    assert text_of(table) == SAMPLES[name]
    assert table.confidence >= 0.8


def test_mixed_encodings_are_decoded_line_by_line_and_named():
    raw = "NIS;Naam\n11001;Aé\n".encode() + "11002;Bé\n".encode("cp1252")
    table = read_tabular(raw, "x.csv")
    assert [c[1] for _, c in table.rows] == ["Aé", "Bé"]
    assert [(p.code, p.rows) for p in table.problems] == [("mixed_encoding", (3,))]
    assert table.confidence < 1


def test_a_quoted_cell_may_span_lines_without_being_taken_for_an_open_quote():
    raw = b'sessie;tekst;nis\nS;"eerste regel\ntweede; regel";11001\nS;kort;11002\n'
    table = read_tabular(raw, "notes.csv", multiline=True)
    assert [c[1] for _, c in table.rows] == ["eerste regel\ntweede; regel", "kort"]
    assert not table.problems and not table.rejected


def test_a_title_above_a_header_with_an_empty_first_cell():
    table = read_tabular(b"Banen per gemeente;;\n;Banen;Jaar\n11001;5;2020\n11002;6;2020\n")
    assert table.header_line == 2 and table.header == ["kolom 1", "Banen", "Jaar"]
    assert [p.code for p in table.problems] == ["title_rows_skipped"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("1.234,5", "nl", 1234.5), ("1,234.5", "en", 1234.5), ("1.234", "nl", 1234),
     ("1.234", "en", 1.234), ("€ -12,5", "nl", -12.5), ("12 %", "nl", 12), ("veel", "nl", None)],
)  # fmt: skip
def test_a_typed_number(text, lang, expected):
    assert parse_number(text, lang) == (pytest.approx(expected) if expected is not None else None)
