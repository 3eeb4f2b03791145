"""'Eigen indicator opladen': reading, matching, parsing, layers, and a corpus of bad uploads."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ruraldash.features import upload as up
from ruraldash.features.upload import LayerError

# ------------------------------------------------------------------------------------- fixtures
# (code 2019-2024, name 2019-2024, code 2025, name 2025): real codes, incl. four mergers
REAL = [
    ("11001", "Aartselaar", "11001", "Aartselaar"),
    ("11002", "Antwerpen", "11002", "Antwerpen"),
    ("11007", "Borsbeek", "11002", "Antwerpen"),
    ("46003", "Beveren", "46030", "Beveren-Kruibeke-Zwijndrecht"),
    ("46013", "Kruibeke", "46030", "Beveren-Kruibeke-Zwijndrecht"),
    ("11056", "Zwijndrecht", "46030", "Beveren-Kruibeke-Zwijndrecht"),
    ("46021", "Sint-Niklaas", "46021", "Sint-Niklaas"),
    ("44021", "Gent", "44021", "Gent"),
    ("73006", "Bilzen", "73110", "Bilzen-Hoeselt"),
    ("73032", "Hoeselt", "73110", "Bilzen-Hoeselt"),
    ("37015", "Tielt", "37022", "Tielt"),
    ("37007", "Meulebeke", "37022", "Tielt"),
    ("12014", "Heist-op-den-Berg", "12014", "Heist-op-den-Berg"),
    ("71053", "Sint-Truiden", "71053", "Sint-Truiden"),
    ("23101", "Sint-Genesius-Rode", "23101", "Sint-Genesius-Rode"),
]
OLD_CODES = [r[0] for r in REAL]
NEW_CODES = list(dict.fromkeys(r[2] for r in REAL))


def reference(rows: list[tuple[str, str, str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, mapping) in the shapes the app passes them."""
    mapping = pd.DataFrame(
        rows, columns=["nis_code_2019_2024", "name_2019_2024", "nis_code_2025", "name_2025"]
    )
    old = pd.DataFrame(
        {"nis_code": mapping.iloc[:, 0], "name": mapping.iloc[:, 1], "border_set": "2019"}
    )
    new = pd.DataFrame(
        {"nis_code": mapping.iloc[:, 2], "name": mapping.iloc[:, 3], "border_set": "2025"}
    )
    return pd.concat([old, new.drop_duplicates()], ignore_index=True), mapping


UNITS, MAPPING = reference(REAL)
# 300 made-up municipalities on both border sets (no merger), for the "every municipality" case
UNITS_300, MAPPING_300 = reference(
    [(f"1{i:04d}", f"Testdorp {i:03d}", f"1{i:04d}", f"Testdorp {i:03d}") for i in range(1, 301)]
)


def table(
    rows: list[tuple], header: tuple = ("nis", "waarde"), sep: str = ";", encoding="utf-8"
) -> bytes:
    """A CSV as Excel writes it (fields quoted when needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], sheets: int = 1, fmt: dict[str, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cell, number_format in (fmt or {}).items():
        book.active[cell].number_format = number_format
    for i in range(1, sheets):
        book.create_sheet(f"blad {i + 1}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def prepare(raw: bytes, target: str = "2025", filename: str = "data.csv", **kw) -> up.UploadReport:
    return up.prepare_layer(raw, filename, UNITS, MAPPING, target, **kw)


def codes_of(messages: list[up.Message]) -> list[str]:
    return [m.code for m in messages]


GOOD = table([(c, "1,5") for c in OLD_CODES])


def good_report() -> up.UploadReport:
    report = prepare(GOOD, "2019")
    assert report.ok
    return report


def good_layer(**changes) -> up.UserLayer:
    layer = up.to_layer(good_report(), "waarde", "Werkloosheid", "%", "higher_worse", 2, year=2023)
    return replace(layer, **changes)


# ------------------------------------------------------------------------- the bad-input corpus
@dataclass(frozen=True)
class Case:
    """One bad input: ``run`` returns the message codes it produced (LayerError counts as output)."""

    name: str
    code: str
    run: Callable[[Path], list[str]]
    upload: tuple | None = None  # (raw, target, filename, kwargs) for upload cases


def upload_case(
    name: str, code: str, raw: bytes, target: str = "2025", filename: str = "data.csv", **kw
):
    def run(_tmp: Path) -> list[str]:
        return codes_of(prepare(raw, target, filename, **kw).messages)

    return Case(name, code, run, (raw, target, filename, kw))


def layer_case(name: str, code: str, raw: bytes = GOOD, target: str = "2019", **fields):
    """Building a layer from a form with one bad field (or from a bad report)."""
    args = {
        "value_column": "waarde",
        "label": "Jobs",
        "unit": "%",
        "polarity": "neutral",
        "facet": 1,
        "year": 2023,
    }

    def run(_tmp: Path) -> list[str]:
        try:
            up.to_layer(prepare(raw, target), **(args | fields))
        except LayerError as err:
            return err.codes
        return []

    return Case(name, code, run)


def save_case(name: str, code: str, **bad):
    """Saving an invalid layer over a good one: refused, and the good file stays byte-identical."""

    def run(tmp: Path) -> list[str]:
        good = good_layer()
        path = up.save_layer(good, tmp)
        before = path.read_bytes()
        try:
            up.save_layer(replace(good, **bad), tmp)
        except LayerError as err:
            assert path.read_bytes() == before
            assert [p.name for p in tmp.iterdir()] == [path.name]  # no temp file, nothing beside it
            return err.codes
        return []

    return Case(name, code, run)


def load_case(name: str, content: bytes):
    """A damaged file next to a good one: skipped with a message, the good layer still loads."""

    def run(tmp: Path) -> list[str]:
        up.save_layer(good_layer(), tmp)
        (tmp / "eigen-kapot-00000000.json").write_bytes(content)
        layers = up.load_layers(tmp)
        assert [layer.label for layer in layers] == ["Werkloosheid"]
        return codes_of(layers.messages)

    return Case(name, "saved_layer_corrupt", run)


def parse_case(name: str, code: str, cells: list[str], unit: str | None = None):
    def run(_tmp: Path) -> list[str]:
        parsed = up.parse_values(pd.Series(cells, index=range(2, 2 + len(cells)), name="waarde"))
        extra = up.check_values(parsed.values, unit) if unit else []
        return codes_of(parsed.messages + extra)

    return Case(name, code, run)


def name_cases() -> list[Case]:
    """Hostile or foreign municipality names are never matched and never raise."""
    names = {
        "script": "<script>alert(1)</script>",
        "img-onerror": "<img src=x onerror=alert(1)>",
        "javascript-url": "javascript:alert(1)",
        "arabic": "أنتويرب",
        "hebrew": "אנטוורפן",
        "rtl-override": "\u202eneprewtnA",
        "sql": "Gent'; DROP TABLE layers;--",
        "formula": '=HYPERLINK("http://x")',
        "emoji": "🏘️ dorp",
        "french-name-of-a-walloon-place": "Liège",
    }
    return [
        upload_case(
            f"name-{key}", "name_unknown", table([("11001", 1), (name, 2)], ("gemeente", "waarde"))
        )
        for key, name in names.items()
    ]


def special_value_cases() -> list[Case]:
    texts = ["inf", "-inf", "Infinity", "NaN", "nan", "#DEEL/0!", "#N/B", "#WAARDE!"]
    return [parse_case(f"special-{t}", "special_value", ["1", t]) for t in texts]


def facet_cases() -> list[Case]:
    return [
        layer_case(f"facet-{v!r}", "facet_invalid", facet=v)
        for v in (0, 6, -1, "3", True, 2.5, None)
    ]


def corpus() -> list[Case]:
    rng = random.Random(7)
    many = [("11001", 1)] * (up.LIMITS.max_rows + 1)
    wide = tuple(f"k{i}" for i in range(up.LIMITS.max_columns + 1))
    big_line = b"11001;1\n"
    return [
        upload_case("empty-file", "empty_file", b""),
        upload_case("whitespace-only", "empty_file", b"  \n\r\n \n"),
        upload_case("bom-only", "empty_file", b"\xef\xbb\xbf"),
        upload_case("header-only", "no_data_rows", b"nis;waarde\n"),
        upload_case("binary-junk", "binary_file", bytes(rng.randrange(256) for _ in range(3000))),
        upload_case("png-image", "binary_file", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        upload_case(
            "oversized",
            "file_too_large",
            b"nis;waarde\n" + big_line * (up.LIMITS.max_bytes // len(big_line) + 1),
        ),
        upload_case("too-many-rows", "too_many_rows", table(many)),
        upload_case("too-many-columns", "too_many_columns", table([wide], header=wide)),
        upload_case(
            "xlsx-formula",
            "formula_cells",
            xlsx_bytes([["nis", "waarde"], [11001, "=1+1"], [11002, '=WEBSERVICE("http://x")']]),
            filename="data.xlsx",
        ),
        upload_case(
            "xlsx-corrupt",
            "xlsx_unreadable",
            b"PK\x03\x04" + b"\x00garbage" * 50,
            filename="x.xlsx",
        ),
        upload_case(
            "xlsx-renamed-text", "xlsx_unreadable", b"nis;waarde\n11001;1\n", filename="x.xlsx"
        ),
        upload_case(
            "xls-old", "xls_unsupported", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, filename="x.xls"
        ),
        upload_case(
            "xlsx-sheets",
            "xlsx_sheet_chosen",
            xlsx_bytes([["nis", "w"], [11001, 1]], sheets=2),
            filename="x.xlsx",
        ),
        upload_case(
            "duplicate-code", "duplicate_municipality", table([("11001", 1), ("11001", 2)])
        ),
        upload_case(
            "duplicate-name-and-code",
            "duplicate_municipality",
            table([("11001", 1), ("Aartselaar", 2)], ("gemeente", "waarde")),
        ),
        upload_case("brussels-code", "code_brussels", table([("11001", 1), ("21004", 2)])),
        upload_case("walloon-code", "code_walloon", table([("11001", 1), ("57081", 2)])),
        upload_case("walloon-brabant", "code_walloon", table([("11001", 1), ("25005", 2)])),
        upload_case("unknown-code", "code_unknown", table([("11001", 1), ("99999", 2)])),
        upload_case("old-codes-2025-merged", "merged_rows", table([(c, 1) for c in OLD_CODES])),
        upload_case(
            "old-name-partial-merger",
            "merged_incomplete",
            table([("Kruibeke", 1)], ("gemeente", "w")),
        ),
        upload_case(
            "new-merged-code-in-2019",
            "merged_in_2019_mode",
            table([("11001", 1), ("46030", 2)]),
            "2019",
        ),
        upload_case(
            "new-merged-name-in-2019",
            "merged_in_2019_mode",
            table([("Gent", 1), ("Bilzen-Hoeselt", 2)], ("gemeente", "w")),
            "2019",
        ),
        upload_case(
            "typo", "name_unknown", table([("Gent", 1), ("Antwerpn", 2)], ("gemeente", "w"))
        ),
        upload_case(
            "name-10000-chars",
            "name_too_long",
            table([("Gent", 1), ("A" * 10_000, 2)], ("gemeente", "w")),
        ),
        upload_case(
            "null-bytes", "null_bytes_removed", b"gemeente;waarde\nGe\x00nt;1\nAartselaar;2\n"
        ),
        upload_case("cp1252", "encoding_cp1252", "nis;waarde é\n11001;1\n".encode("cp1252")),
        upload_case(
            "title-rows",
            "title_rows_skipped",
            b"Bron: Statbel 2024;;\n\nnis;w;x\n11001;1;2\n11002;3;4\n",
        ),
        upload_case("single-column", "single_column", b"nis\n11001\n11002\n"),
        upload_case(
            "no-value-column", "no_value_column", table([("11001", "goed"), ("11002", "slecht")])
        ),
        upload_case(
            "names-only", "no_value_column", table([("11001", "Aartselaar")], ("nis", "naam"))
        ),
        upload_case(
            "all-values-missing", "all_values_missing", table([("11001", ""), ("11002", "")])
        ),
        upload_case(
            "all-values-nvt", "all_values_missing", table([("11001", "n.v.t."), ("11002", "-")])
        ),
        upload_case("no-municipality", "no_municipality_column", table([("foo", 1), ("bar", 2)])),
        upload_case(
            "aggregate-row",
            "aggregate_row",
            table([("Gent", 1), ("Vlaams Gewest", 9)], ("gemeente", "w")),
        ),
        upload_case("empty-municipality", "empty_municipality", table([("11001", 1), ("", 2)])),
        upload_case("unknown-code-column", "unknown_column", GOOD, code_column="NIS-code"),
        upload_case("unknown-value-column", "unknown_column", GOOD, value_columns=["bedrag"]),
        upload_case("bad-border-set", "border_set_invalid", GOOD, "2030"),
        upload_case("not-a-number", "not_a_number", table([("11001", "veel"), ("11002", "3")])),
        upload_case("csv-giant-cell", "csv_unreadable", b"nis;w\n11001;" + b"9" * 140_000 + b"\n"),
        *name_cases(),
        *special_value_cases(),
        parse_case("negative-share", "negative_share", ["12,5", "-3"], unit="%"),
        parse_case("above-100-percent", "above_100", ["12,5", "130"], unit="%"),
        parse_case("mixed-decimal-marks", "mixed_decimal_marks", ["1,5", "2.5", "3,25", "4,75"]),
        parse_case("ambiguous-thousands", "ambiguous_thousands", ["1.234", "2.500"]),
        parse_case("not-applicable", "not_applicable", ["n.v.t.", "x", "5"]),
        layer_case("label-empty", "label_empty", label="   "),
        layer_case("label-control-only", "label_empty", label="\x00\x01\n"),
        layer_case("label-too-long", "label_too_long", label="x" * 81),
        layer_case("unit-too-long", "unit_too_long", unit="u" * 21),
        layer_case("polarity", "polarity_invalid", polarity="up"),
        *facet_cases(),
        layer_case("report-not-ok", "report_not_ok", raw=table([("11001", 1), ("11001", 2)])),
        layer_case(
            "merge-choice",
            "merge_choice_needed",
            raw=table([(c, 1) for c in OLD_CODES]),
            target="2025",
        ),
        layer_case("value-column", "unknown_column", value_column="bedrag"),
        save_case("save-empty-label", "label_empty", label=""),
        save_case("save-bad-facet", "facet_invalid", facet=9),
        save_case("save-path-id", "layer_invalid", id="../../etc/passwd"),
        save_case("save-inf", "layer_invalid", values=pd.Series({"11001": math.inf})),
        save_case("save-bad-code", "layer_invalid", values=pd.Series({"<b>": 1.0})),
        load_case("load-not-json", b"{not json"),
        load_case("load-truncated", json.dumps({"format": "ruraldash-user-layer"}).encode()[:-3]),
        load_case(
            "load-wrong-schema",
            json.dumps({"format": "ruraldash-user-layer", "values": []}).encode(),
        ),
        load_case("load-binary", bytes(range(256))),
        load_case("load-nested", b"[" * 100_000 + b"]" * 100_000),
    ]


CASES = corpus()


def test_corpus_is_large_and_unique():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_its_message(case: Case, tmp_path: Path):
    produced = case.run(tmp_path)  # nothing but the documented LayerError may leave a function
    assert case.code in produced


UPLOADS = [c for c in CASES if c.upload]


@pytest.mark.parametrize("case", UPLOADS, ids=[c.name for c in UPLOADS])
def test_bad_upload_messages_are_readable_and_block_use(case: Case):
    raw, target, filename, kw = case.upload
    report = prepare(raw, target, filename, **kw)
    assert report.messages
    for message in report.messages:
        assert not message.text.startswith("upload_") and "{" not in message.text
    if any(m.level == "error" for m in report.messages):
        assert not report.ok


# ------------------------------------------------------------------------------------- reading
def test_semicolon_decimal_comma_and_bom_are_read_as_belgian_excel_writes_them():
    raw = "\ufeffGemeente;Bedrag;Aandeel\r\nGent;1.234,5;12,5%\r\nAartselaar;2,25;7%\r\n".encode()
    report = prepare(raw, "2019")
    assert report.ok
    assert (report.read.separator, report.read.encoding, report.read.decimal) == (
        ";",
        "utf-8-sig",
        ",",
    )
    assert report.columns == ["Gemeente", "Bedrag", "Aandeel"]  # no BOM glued to the first name
    assert report.values["Bedrag"].values.tolist() == [1234.5, 2.25]
    assert report.values["Aandeel"].values.tolist() == [12.5, 7.0]


def test_tab_separated_and_comma_separated_with_decimal_points():
    tab = prepare(table([("11001", "1,5"), ("44021", "2")], sep="\t"), "2019")
    comma = prepare(table([("11001", "1.5"), ("44021", "1,234.5")], sep=","), "2019")
    assert tab.read.separator == "\t" and tab.values["waarde"].values.tolist() == [1.5, 2.0]
    assert comma.read.separator == "," and comma.values["waarde"].values.tolist() == [1.5, 1234.5]


def test_cp1252_accents_survive():
    report = prepare(
        table([("11001", 1)], ("nis", "Café's per 1.000 inwoners"), encoding="cp1252"), "2019"
    )
    assert report.read.encoding == "cp1252"
    assert "Café's per 1.000 inwoners" in report.columns


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_file_number():
    raw = b"Bron: Statbel, 2024;;\nGemaakt door de provincie;;\n\nnis;naam;waarde\n11001;Aartselaar;3\n"
    report = prepare(raw, "2019")
    assert report.read.header_row == 4
    assert report.columns == ["nis", "naam", "waarde"]
    assert report.read.frame.index.tolist() == [5]


def test_quoted_fields_with_newlines_and_separators():
    raw = table(
        [("Sint-\nNiklaas", "1;5", "3,5"), ("Gent", "", "2")], ("gemeente", "noot", "waarde")
    )
    report = prepare(raw, "2019", value_columns=["waarde"])
    assert report.ok and report.match.codes.tolist() == ["46021", "44021"]
    assert report.read.frame["noot"].tolist() == ["1;5", ""]
    assert report.read.frame.index.tolist() == [2, 4]  # the quoted newline takes a line in the file


def test_xlsx_values_percent_format_and_floats_that_look_like_thousands():
    raw = xlsx_bytes(
        [["nis", "aandeel", "ratio"], [11001, 0.125, 1.234], [44021, 0.5, 2.5]], fmt={"B2": "0.0%"}
    )
    report = prepare(raw, "2019", filename="cijfers.xlsx")
    assert report.ok and report.read.encoding == "xlsx"
    assert report.values["aandeel"].values.tolist() == [12.5, 0.5]  # what Excel shows: 12,5%
    assert report.values["ratio"].values.tolist() == [1.234, 2.5]  # not 1234


def with_cached_value(raw: bytes, formula: str, value: str) -> bytes:
    """Give a formula cell the result Excel would have saved (openpyxl itself writes none)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes "<v />" with its own writer, "<v></v>" when lxml is installed
                old = re.compile(rf"<f>{re.escape(formula)}</f>(<v ?/>|<v></v>)".encode())
                assert old.search(data)
                data = old.sub(f"<f>{formula}</f><v>{value}</v>".encode(), data)
            dst.writestr(item, data)
    return out.getvalue()


def test_xlsx_formulas_are_never_run_only_their_saved_result_is_used():
    raw = xlsx_bytes([["nis", "waarde"], [11001, "=1+1"], [44021, "=40+2"], [46021, 3]])
    raw = with_cached_value(raw, "40+2", "41")  # a stale result proves nothing was recomputed
    report = prepare(raw, "2019", filename="x.xlsx")
    formula = next(m for m in report.messages if m.code == "formula_cells")
    assert "B2" in formula.text and "B3" in formula.text
    values = report.values["waarde"].values.tolist()
    assert math.isnan(values[0]) and values[1:] == [41.0, 3.0]  # no saved result: missing, not 2


def test_a_valid_file_matches_all_300_municipalities():
    rows = [(f"1{i:04d}", f"{i},5") for i in range(1, 301)]
    report = up.prepare_layer(table(rows), "data.csv", UNITS_300, MAPPING_300, "2019")
    assert report.ok
    assert (report.match.matched, report.match.total, report.match.coverage) == (300, 300, 1.0)
    assert not report.match.unmatched and not report.match.duplicates


def test_municipality_column_is_guessed_and_codes_win_from_names():
    raw = table([("Gent", "44021", "7"), ("Aartselaar", "11001", "8")], ("naam", "nis", "waarde"))
    report = prepare(raw, "2019")
    assert report.code_column == "nis" and report.value_columns == ["waarde"]


# ------------------------------------------------------------------------------------ matching
def match(values: list[str], target: str = "2025") -> up.MatchResult:
    return up.match_municipalities(
        pd.Series(values, index=range(2, 2 + len(values))), UNITS, MAPPING, target
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "sint-niklaas",
        "SINT NIKLAAS",
        "Sint-Niklaas",
        "St.-Niklaas",
        "Sínt Niklaas",
        " sint  niklaas ",
    ],
)
def test_names_match_whatever_the_case_accents_hyphens_or_st(spelling: str):
    assert match([spelling]).codes.tolist() == ["46021"]


@pytest.mark.parametrize("code", ["11001", "11001.0", " 11001 ", "11001,0"])
def test_codes_as_excel_exports_them(code: str):
    assert match([code], "2019").codes.tolist() == ["11001"]


def test_old_name_maps_onto_its_2025_municipality():
    result = match(["Kruibeke", "Gent"])
    assert result.codes.tolist() == ["46030", "44021"]
    assert result.merged == {"46030": [2]}
    assert result.merged_incomplete == {"46030": ("46003", "11056")}  # Beveren, Zwijndrecht missing


def test_old_file_in_2025_mode_reports_every_merger_and_full_coverage():
    result = match(OLD_CODES)
    assert result.source_border_set == "2019"
    assert set(result.merged) == {"11002", "46030", "73110", "37022"}
    assert result.merged["46030"] == [5, 6, 7]
    assert not result.merged_incomplete and not result.duplicates
    assert result.coverage == 1.0


def test_tielt_in_an_old_file_is_old_tielt_and_merges_with_meulebeke():
    result = match(["Tielt", "Meulebeke", "Gent"])
    assert result.merged == {"37022": [2, 3]} and not result.duplicates


def test_new_and_old_name_of_one_municipality_is_a_duplicate():
    result = match(["Beveren-Kruibeke-Zwijndrecht", "Kruibeke", "Gent", "Aartselaar"])
    assert result.duplicates == {"46030": [2, 3]}


def test_2025_codes_in_2019_mode():
    result = match(["11001", "44021", "46030", "73110"], "2019")
    assert result.codes.tolist() == ["11001", "44021", None, None]
    merged = {u.value: u for u in result.unmatched}
    assert merged["46030"].code == "merged_in_2019_mode"
    assert set(merged["46030"].suggestions) == {"Beveren", "Kruibeke", "Zwijndrecht"}


def test_typo_gets_suggestions():
    (item,) = match(["Antwerpn", "Gent"]).unmatched
    assert item.code == "name_unknown" and "Antwerpen" in item.suggestions


def test_hostile_names_are_kept_verbatim_for_escaping_at_render_time():
    name = "<img src=x onerror=alert(1)>"
    (item,) = match([name, "Gent"]).unmatched
    assert item.value == name and item.suggestions == ()


def test_a_file_of_only_unknown_names_lists_every_one_unmatched():
    names = [f"Onbekend dorp {i}" for i in range(up.LIMITS.max_rows)]
    result = match(names)  # its speed is measured in bench/, not asserted here
    assert len(result.unmatched) == len(names)


# -------------------------------------------------------------------------------------- values
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("12,5%", 12.5),
        ("12,5 %", 12.5),
        ("-3,5", -3.5),
        ("\u22123,5", -3.5),
        ("0,5", 0.5),
        (",5", 0.5),
        (" 42 ", 42.0),
        ("1e3", 1000.0),
        ("€ 1.250", 1250.0),
    ],
)
def test_numbers_as_people_type_them(text: str, expected: float):
    parsed = up.parse_values(pd.Series([text, "1,5"]))  # the second cell sets the decimal comma
    assert parsed.values.iloc[0] == expected


@pytest.mark.parametrize("text", ["", "   ", "n.v.t.", "-", "x", "veel", "inf", "NaN", "#DEEL/0!"])
def test_missing_or_bad_cells_are_missing_never_zero(text: str):
    parsed = up.parse_values(pd.Series([text, "3"]))
    assert math.isnan(parsed.values.iloc[0]) and parsed.values.iloc[1] == 3


def test_mixed_decimal_marks_point_at_the_odd_cells():
    parsed = up.parse_values(pd.Series(["1,5", "2.5", "3,25"], index=[2, 3, 4], name="w"))
    assert parsed.values.tolist() == [1.5, 2.5, 3.25]
    assert [(i.row, i.code) for i in parsed.issues] == [(3, "mixed_decimal_marks")]


def test_negative_numbers_are_allowed_unless_the_unit_is_a_share():
    values = up.parse_values(pd.Series(["-3", "250"], name="saldo")).values
    assert values.tolist() == [-3.0, 250.0]
    assert up.check_values(values, "euro") == []
    assert codes_of(up.check_values(values, "%")) == ["above_100", "negative_share"]


# -------------------------------------------------------------------------------------- layers
def test_to_layer_sums_or_averages_merged_municipalities():
    raw = table(
        [(c, i + 1) for i, c in enumerate(OLD_CODES)]
    )  # Beveren 4, Kruibeke 5, Zwijndrecht 6
    report = prepare(raw, "2025")
    assert report.ok
    total = up.to_layer(report, "waarde", "Aantal", "", "neutral", 1, merge="sum", year=2023)
    mean = up.to_layer(report, "waarde", "Aantal", "", "neutral", 1, merge="mean", year=2023)
    assert total.values["46030"] == 15 and mean.values["46030"] == 5
    assert total.values["11001"] == 1 and len(total.values) == len(NEW_CODES)


def test_partial_merger_gets_no_value_rather_than_a_wrong_one():
    report = prepare(table([("Kruibeke", 5), ("Gent", 2)], ("gemeente", "waarde")))
    layer = up.to_layer(report, "waarde", "Aantal", "", "neutral", 1, merge="sum", year=2023)
    assert math.isnan(layer.values["46030"]) and layer.values["44021"] == 2


def test_to_layer_keeps_the_label_as_typed_minus_control_characters():
    label = "Werk\x00loosheid\n<script>alert(1)</script> نسبة"
    layer = up.to_layer(
        good_report(), "waarde", label, "%", "higher_worse", 3, today=date(2026, 8, 14), year=2023
    )
    assert layer.label == "Werkloosheid <script>alert(1)</script> نسبة"
    assert up.SAFE_ID.fullmatch(layer.id)
    assert layer.source_note == "Eigen gegevens: data.csv, opgeladen 14 augustus 2026"
    assert layer.values.index.tolist() == sorted(OLD_CODES) and layer.border_set == "2019"


def test_filename_from_a_browser_path_is_reduced_to_its_name():
    report = prepare(GOOD, "2019", "C:\\fakepath\\cijfers.csv")
    layer = up.to_layer(report, "waarde", "x", "", "neutral", 1, year=2023)
    assert "fakepath" not in layer.source_note and "cijfers.csv" in layer.source_note


def test_save_and_load_round_trip(tmp_path: Path):
    layer = good_layer(
        label="<b>Jobs</b> & co", values=pd.Series({"11001": 1.5, "44021": math.nan})
    )
    path = up.save_layer(layer, tmp_path)
    assert path.parent == tmp_path and path.name == f"{layer.id}.json"
    (loaded,) = up.load_layers(tmp_path)
    assert loaded.label == "<b>Jobs</b> & co" and loaded.facet == layer.facet
    assert loaded.values["11001"] == 1.5 and math.isnan(loaded.values["44021"])
    assert list(tmp_path.iterdir()) == [path]  # the temp file was renamed, not left behind


def test_an_unreadable_folder_or_no_folder_gives_no_layers(tmp_path: Path):
    assert list(up.load_layers(tmp_path / "bestaat-niet")) == []


def test_messages_follow_the_language():
    nl = prepare(b"", lang="nl").messages[0].text
    en = up.prepare_layer(b"", "x.csv", UNITS, MAPPING, "2025", lang="en").messages[0].text
    assert nl != en and "leeg" in nl and "empty" in en


def test_comma_separated_file_reads_lone_thousands_lookalikes_as_decimals():
    report = prepare(table([("11001", "1.234"), ("44021", "2.5")], sep=","), "2019")
    assert report.read.decimal == "." and report.values["waarde"].values.tolist() == [1.234, 2.5]


def test_xlsx_that_unpacks_to_a_huge_file_is_refused_before_parsing():
    filler = [[11001, "x" * 5000]] * 100  # ~500 kB of XML, a few kB zipped
    raw = xlsx_bytes([["nis", "waarde"], *filler])
    small = up.Limits(max_bytes=20_000)
    assert len(raw) < small.max_bytes
    report = up.prepare_layer(raw, "x.xlsx", UNITS, MAPPING, "2019", limits=small)
    assert codes_of(report.messages) == ["file_too_large"] and not report.ok


def test_unknown_merge_rule_is_refused():
    with pytest.raises(LayerError) as err:
        up.to_layer(good_report(), "waarde", "x", "", "neutral", 1, merge="median", year=2023)
    assert err.value.codes == ["merge_choice_needed"]


def test_match_with_an_unknown_border_set_does_not_raise():
    result = up.match_municipalities(pd.Series(["11001"]), UNITS, MAPPING, "2030")
    assert codes_of(result.messages) == ["border_set_invalid"] and result.codes.tolist() == [None]


def test_empty_spacer_columns_are_not_offered_as_values():
    report = prepare(table([("11001", "", "3"), ("44021", "", "4")], ("nis", "", "waarde")), "2019")
    assert report.ok and report.value_columns == ["waarde"]
    assert "all_values_missing" not in codes_of(report.messages)


def test_mangled_uploads_never_raise():
    rng = random.Random(3)
    seeds = [GOOD, xlsx_bytes([["nis", "w"], [11001, 1.5], [44021, "=1+1"]])]
    for _ in range(150):
        raw = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 12)):
            pos = rng.randrange(len(raw) or 1)
            raw[pos : pos + rng.randint(0, 3)] = bytes([rng.choice(b';,\t"\n\r\x00%-.x9')])
        report = prepare(bytes(raw), rng.choice(["2019", "2025"]), rng.choice(["a.csv", "a.xlsx"]))
        assert report.ok or report.messages


@pytest.mark.parametrize("year", ["", "23", "1850", "twee", None])
def test_a_layer_needs_a_plausible_reference_year(year):
    with pytest.raises(LayerError) as err:
        up.to_layer(good_report(), "waarde", "x", "", "neutral", 1, year=year)
    assert err.value.codes == ["year_invalid"]


def test_the_layer_year_is_the_year_given_not_the_upload_date():
    layer = up.to_layer(
        good_report(), "waarde", "x", "", "neutral", 1, today=date(2026, 8, 14), year="2021"
    )
    assert layer.year == "2021" and up.layers.layer_indicator(layer).year == "2021"
