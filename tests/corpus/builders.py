"""A corpus of uploads built in code: good files in many shapes, and every failure class of issue 12.

Each :class:`Case` carries the file and what a careful reader should make of it, derived from how
the file was built (which rows were broken, which values went in), never from running the reader.
The municipalities are the real ones of the synced bundle (``nis_2019_2024_to_2025.csv``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import openpyxl

from ruraldash.core.config import settings

MAPPING_FILE = "reference/nis_2019_2024_to_2025.csv"


def reference() -> list[dict[str, str]]:
    """Rows of the merger table (empty when the bundle is not synced)."""
    path = Path(settings().data_dir) / MAPPING_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


REF = reference()
CASES_MIN = 100
OLD = [(r["nis_code_2019_2024"], r["name_2019_2024"]) for r in REF]  # 300
NEW = list(dict.fromkeys((r["nis_code_2025"], r["name_2025"]) for r in REF))  # 285
NAME_OF = dict(OLD)


@dataclass
class Case:
    """One file and the expected outcome of ``ruraldash upload check --json``."""

    name: str
    raw: bytes
    filename: str = "data.csv"
    args: tuple[str, ...] = ()
    outcome: str = "accept"
    rows: int | None = None
    matched: int | None = None
    unmatched: int | None = None
    border_set: str | None = None
    sums: dict[str, float] = field(default_factory=dict)  # column -> sum reaching the map
    n_values: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    codes: tuple[str, ...] = ()  # message codes that must be there
    absent: tuple[str, ...] = ()  # message codes that must not be there
    texts: tuple[str, ...] = ()  # substrings that must appear in some message, literally
    rejected: tuple[int, ...] | None = None  # lines set aside by the reader
    columns: tuple[str, ...] | None = None  # exactly these value columns


def value(i: int) -> float:
    """The value of the i-th municipality in a built file: distinct, with a fraction."""
    return round(10 + 1.25 * i, 2)


def belgian(x: float, grouping: bool = True) -> str:
    """1234.5 -> '1.234,5' (Belgian Excel)."""
    text = f"{x:,.2f}" if grouping else f"{x:.2f}"
    return text.replace(",", "#").replace(".", ",").replace("#", ".")


def international(x: float) -> str:
    """1234.5 -> '1,234.50'."""
    return f"{x:,.2f}"


def to_csv(rows: list[list[str]], sep: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(ids: list[str], header=("gemeente", "waarde"), fmt=belgian) -> list[list[str]]:
    return [list(header)] + [[ident, fmt(value(i))] for i, ident in enumerate(ids)]


def total(n: int, skip: set[int] = frozenset()) -> float:
    return round(sum(value(i) for i in range(n) if i not in skip), 6)


# ------------------------------------------------------------------------------------ good files
def good_shapes() -> list[Case]:
    """Separators x encodings x identifiers (codes or names): all 300 on the 2019 borders."""
    cases = []
    codes = [c for c, _ in OLD]
    names = [n for _, n in OLD]
    n = len(OLD)
    for sep, sep_name in ((";", "semicolon"), ("\t", "tab"), (",", "comma"), ("|", "pipe")):
        for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
            for ident, ids in (("codes", codes), ("names", names)):
                fmt = international if sep == "," else belgian
                raw = to_csv(table(ids, ("gemeente", "waarde"), fmt), sep, encoding)
                cases.append(
                    Case(
                        f"good-{sep_name}-{encoding}-{ident}",
                        raw,
                        rows=n,
                        matched=n,
                        unmatched=0,
                        border_set="2019",
                        sums={"waarde": total(n)},
                        n_values={"waarde": n},
                        outcome="accept",
                    )
                )
    return cases


def good_specials() -> list[Case]:
    n, n25 = len(OLD), len(NEW)
    codes = [c for c, _ in OLD]
    belgian_excel = [["NIS-code", "Gemeente", "Inwoners", "Aandeel in België (%)"]] + [
        [c, name, belgian(1000 * value(i), True), belgian(value(i) / 10, False)]
        for i, (c, name) in enumerate(OLD)
    ]
    titled = [["Tabel 1: banen per gemeente, 2022", "", ""], ["", "", ""]] + [
        ["NIS", "Gemeente", "Banen"]
    ]
    titled += [[c, name, belgian(value(i))] for i, (c, name) in enumerate(OLD)]
    xlsx_rows = [["nis", "waarde"]] + [[int(c), value(i)] for i, c in enumerate(codes)]
    new_rows = [["nis_2025", "waarde"]] + [[c, belgian(value(i))] for i, (c, _) in enumerate(NEW)]
    old_names = table([name for _, name in OLD])
    partial = table(codes[:50])
    return [
        Case(
            "belgian-excel-csv",
            to_csv(belgian_excel, ";", "cp1252"),
            rows=n,
            matched=n,
            unmatched=0,
            sums={
                "Inwoners": round(1000 * total(n), 6),
                "Aandeel in België (%)": round(total(n) / 10, 6),
            },
            units={"Aandeel in België (%)": "%"},
            outcome="accept_with_warning",  # asks the user to check (issue 21)
            codes=("encoding_cp1252",),
        ),
        Case(
            "utf8-bom-title-row",
            to_csv(titled, ";", "utf-8-sig"),
            rows=n,
            matched=n,
            sums={"Banen": total(n)},
            codes=("title_rows_skipped",),
        ),
        Case(
            "xlsx-numeric-codes",
            to_xlsx({"Blad1": xlsx_rows}),
            "data.xlsx",
            rows=n,
            matched=n,
            sums={"waarde": total(n)},
        ),
        Case(
            "codes-2025",
            to_csv(new_rows),
            rows=n25,
            matched=n25,
            border_set="2025",
            sums={"waarde": total(n25)},
        ),
        Case(
            "old-names-in-2025-mode-summed",
            to_csv(old_names),
            args=("--grenzen", "2025", "--samenvoegen", "som"),
            rows=n,
            matched=n25,
            border_set="2025",
            sums={"waarde": total(n)},  # summed over the parts: nothing lost, nothing doubled
            n_values={"waarde": n25},
            outcome="accept_with_warning",
            codes=("merged_rows",),
        ),
        Case(
            "old-names-in-2025-mode-no-rule",
            to_csv(old_names),
            args=("--grenzen", "2025"),
            rows=n,
            matched=n25,
            n_values={"waarde": n25 - len(merged_2025())},
            outcome="accept_with_warning",
        ),
        Case(
            "partial-coverage",
            to_csv(partial),
            rows=50,
            matched=50,
            unmatched=0,
            sums={"waarde": total(50)},
            n_values={"waarde": 50},
        ),
        Case(
            "french-and-german-names",
            to_csv(table(["Courtrai", "Fourons", "Louvain", "Malines", "Löwen"])),
            rows=5,
            matched=4,  # Louvain and Löwen are both Leuven: a duplicate
            outcome="reject",
            codes=("exonyms", "duplicate_municipality"),
        ),
        Case(
            "french-names",
            to_csv(table(["Courtrai", "Fourons", "Tirlemont", "Anvers", "Ypres"])),
            rows=5,
            matched=5,
            unmatched=0,
            sums={"waarde": total(5)},
            codes=("exonyms",),
        ),
    ]


def good_xlsx() -> list[Case]:
    """Excel files: codes as numbers or text, names, a title row, a percent-formatted column."""
    cases = []
    n = len(OLD)
    for ident in ("int-codes", "text-codes", "names"):
        for title in (False, True):
            ids = [
                int(c) if ident == "int-codes" else (c if ident == "text-codes" else name)
                for c, name in OLD
            ]
            rows = [["Titel van het blad"]] if title else []
            rows += [["gemeente", "waarde"]] + [[x, value(i)] for i, x in enumerate(ids)]
            cases.append(
                Case(
                    f"xlsx-{ident}{'-title' if title else ''}",
                    to_xlsx({"Blad1": rows}),
                    "data.xlsx",
                    rows=n,
                    matched=n,
                    sums={"waarde": total(n)},
                )
            )
    return cases


def partial_2025() -> list[Case]:
    cases = []
    for k in (10, 100):
        rows = [["gemeente", "waarde"]] + [
            [name, belgian(value(i))] for i, (_, name) in enumerate(NEW[:k])
        ]
        unmerged = [name for c, name in NEW if c not in merged_2025()]
        cases.append(
            Case(
                f"names-2025-partial-{k}",
                to_csv(rows),
                args=("--grenzen", "2025"),
                rows=k,
                matched=k,
                border_set="2025",
                sums={"waarde": total(k)},
            )
        )
        assert unmerged
    return cases


def merged_2025() -> set[str]:
    """2025 codes made of more than one 2019–2024 municipality."""
    parts: dict[str, int] = {}
    for r in REF:
        parts[r["nis_code_2025"]] = parts.get(r["nis_code_2025"], 0) + 1
    return {c for c, k in parts.items() if k > 1}


# ------------------------------------------------------------------------------- failure classes
def broken_rows() -> list[Case]:
    """Rows lost without a word, in several positions: each must be named and the rest kept."""
    cases = []
    codes = [c for c, _ in OLD[:40]]
    for pos, sep in ((0, ";"), (5, ";"), (20, ";"), (39, ";"), (3, "\t"), (30, "\t")):
        lines = [["gemeente", "waarde"]] + [[c, belgian(value(i))] for i, c in enumerate(codes)]
        text = "\r\n".join(sep.join(r) for r in lines) + "\r\n"
        rows = text.split("\r\n")
        rows[pos + 1] = rows[pos + 1].replace(sep, sep + '"', 1)  # opens a quote never closed
        label = "" if sep == ";" else "-tab"
        cases.append(
            Case(
                f"unbalanced-quote{label}-row-{pos}",
                "\r\n".join(rows).encode(),
                rows=39,
                matched=39,
                sums={"waarde": total(40, {pos})},
                outcome="accept_with_warning",
                codes=("unbalanced_quote",),
                rejected=(pos + 2,),
            )
        )
        wide = [["gemeente", "waarde"]] + [
            [c, international(value(i))] for i, c in enumerate(codes)
        ]
        wide[pos + 1] = [codes[pos], "12", "5"]  # '12,5' unquoted in a comma file
        cases.append(
            Case(
                f"extra-fields{label}-row-{pos}",
                to_csv(wide, "," if sep == ";" else sep),
                rows=39,
                matched=39,
                sums={"waarde": total(40, {pos})},
                outcome="accept_with_warning",
                codes=("row_too_wide",),
                absent=("unbalanced_quote",),
                rejected=(pos + 2,),
            )
        )
    return cases


def header_cases() -> list[Case]:
    codes = [c for c, _ in OLD[:30]]
    body = [[c, belgian(value(i))] for i, c in enumerate(codes)]
    no_header = to_csv(body)
    blank_first = to_csv([["", "Waarde"]] + body)
    year_header = to_csv([["NIS", "2020"]] + body)
    return [
        Case(
            "no-header-first-row-is-data",
            no_header,
            rows=30,
            matched=30,
            sums={"kolom 2": total(30)},
            codes=("no_header",),
        ),
        Case(
            "header-with-empty-first-cell",
            blank_first,
            rows=30,
            matched=30,
            sums={"Waarde": total(30)},
            absent=("title_rows_skipped", "no_header"),
        ),
        Case(
            "header-with-a-year-as-name",
            year_header,
            rows=30,
            matched=30,
            sums={"2020": total(30)},
            absent=("no_header",),
        ),
    ]


def separator_cases() -> list[Case]:
    """Valid files on which a naive sniffer picks the wrong separator."""
    cases = []
    for k in (1, 2, 3):
        n = 300
        rows = [["gemeente", "waarde"]] + [
            [name, belgian(value(i), False)] for i, (_, name) in enumerate(OLD)
        ]
        cases.append(
            Case(
                f"semicolon-with-decimal-commas-{k}",
                to_csv(rows[: 1 + n // k]),
                rows=n // k,
                matched=n // k,
                sums={"waarde": total(n // k)},
            )
        )
    text_col = [["NIS", "Opmerking", "Waarde"]] + [
        [c, f"nota {i}, zie bijlage", belgian(value(i))] for i, (c, _) in enumerate(OLD[:60])
    ]
    remarks = [["NIS", "Opmerking", "Waarde"]] + [
        [c, "nota; zie bijlage", international(value(i))] for i, (c, _) in enumerate(OLD[:60])
    ]
    remarks[0][1] = "Opmerking; vrij"
    cases.append(
        Case(
            "comma-file-with-semicolons-in-text",
            to_csv(remarks, ","),
            rows=60,
            matched=60,
            sums={"Waarde": total(60)},
            columns=("Waarde",),
        )
    )
    cases.append(
        Case(
            "text-column-not-offered",
            to_csv(text_col),
            rows=60,
            matched=60,
            columns=("Waarde",),
            sums={"Waarde": total(60)},
            n_values={"Waarde": 60},
        )
    )
    return cases


def conflict_cases() -> list[Case]:
    names = dict(OLD)
    kortrijk = next(c for c, n in OLD if n == "Kortrijk")
    rows = [["NIS", "Gemeente", "Waarde"]] + [
        [c, names[c], belgian(value(i))] for i, (c, _) in enumerate(OLD[:20])
    ]
    rows.append([kortrijk, "Roeselare", belgian(value(20))])
    return [
        Case(
            "code-name-conflict",
            to_csv(rows),
            rows=21,
            matched=21,
            outcome="accept_with_warning",
            codes=("code_name_conflict",),
            texts=("Kortrijk", "Roeselare"),
        )
    ]


def encoding_cases() -> list[Case]:
    codes = [c for c, _ in OLD[:25]]
    header = "NIS;Inwoners – 2020\r\n"
    body = "".join(f"{c};{belgian(value(i))}\r\n" for i, c in enumerate(codes))
    mojibake = (header + body).encode("utf-8").decode("cp1252").encode("utf-8")
    mixed = (b"NIS;Gemeente;Waarde\r\n") + b"".join(
        f"{c};{NAME_OF[c]} é;{belgian(value(i))}\r\n".encode("utf-8" if i % 2 else "cp1252")
        for i, c in enumerate(codes)
    )
    return [
        Case(
            "mojibake-header",
            mojibake,
            rows=25,
            matched=25,
            sums={"Inwoners – 2020": total(25)},
            outcome="accept_with_warning",
            codes=("mojibake_repaired",),
        ),
        Case(
            "mixed-encodings",
            mixed,
            rows=25,
            matched=25,
            sums={"Waarde": total(25)},
            outcome="accept_with_warning",
            codes=("mixed_encoding",),
        ),
    ]


def sign_cases() -> list[Case]:
    codes = [c for c, _ in OLD[:20]]
    euro = table(codes, ("nis", "budget"), lambda x: "€ " + belgian(1000 * x))
    pct = table(codes, ("nis", "aandeel"), lambda x: belgian(x, False) + " %")
    one = table(codes, ("nis", "aandeel"), lambda x: belgian(x, False))
    one[3][1] = one[3][1] + " %"
    neg = table(codes, ("nis", "saldo"))
    neg[2][1] = "-" + neg[2][1]
    return [
        Case(
            "currency-cells",
            to_csv(euro),
            matched=20,
            sums={"budget": round(1000 * total(20), 6)},
            units={"budget": "€"},
            codes=("unit_sign",),
        ),
        Case(
            "percent-cells",
            to_csv(pct),
            matched=20,
            sums={"aandeel": total(20)},
            units={"aandeel": "%"},
            codes=("unit_sign",),
        ),
        Case(
            "one-percent-cell-does-not-set-the-unit",
            to_csv(one),
            sums={"aandeel": total(20)},
            units={"aandeel": ""},
            outcome="accept_with_warning",
            codes=("unit_sign_minority",),
        ),
        Case(
            "negative-value-flagged",
            to_csv(neg),
            sums={"saldo": round(total(20) - 2 * value(1), 6)},
            outcome="accept_with_warning",  # asks the user to check (issue 21)
            codes=("negative_values",),
        ),
    ]


def sheet_cases() -> list[Case]:
    codes = [c for c, _ in OLD[:40]]
    data = [["nis", "waarde"]] + [[c, value(i)] for i, c in enumerate(codes)]
    cover = [["Rapport banen 2022"], ["Opgemaakt door de provincie"]]
    cases = []
    for position in (1, 2):
        sheets = {"Toelichting": cover, "Bron": [["Statbel"]]}
        items = list(sheets.items())
        items.insert(position, ("Gegevens", data))
        cases.append(
            Case(
                f"xlsx-data-on-sheet-{position + 1}",
                to_xlsx(dict(items)),
                "data.xlsx",
                rows=40,
                matched=40,
                sums={"waarde": total(40)},
                codes=("xlsx_sheet_chosen",),
            )
        )
    cases.append(
        Case(
            "xlsx-sheet-asked-for",
            to_xlsx({"A": data[:11], "B": data}),
            "data.xlsx",
            args=("--blad", "A"),
            rows=10,
            matched=10,
            sums={"waarde": total(10)},
        )
    )
    return cases


def hostile_names() -> list[Case]:
    codes = [c for c, _ in OLD[:10]]
    cases = []
    for key, name in (
        ("markdown-link", "[Gent](http://x.example)"),
        ("html-bold", "<b>x</b>"),
        ("rtl-override", "\u202eneprewtnA"),
        ("script", "<script>alert(1)</script>"),
        ("rtl-isolate", "\u2067Gent\u2069 x"),
        ("rtl-mark", "Gent\u200f x"),
    ):
        rows = table([*[NAME_OF[c] for c in codes], name])
        shown = "".join(ch for ch in name if ch not in "\u202e\u2067\u2069\u200f")
        cases.append(
            Case(
                f"hostile-name-{key}",
                to_csv(rows),
                rows=11,
                matched=10,
                unmatched=1,
                sums={"waarde": total(10)},
                outcome="accept_with_warning",
                codes=("name_unknown",),
                texts=(shown,),
            )
        )
    typo = table(["Herstape", *[NAME_OF[c] for c in codes]])
    cases.append(
        Case(
            "typo-gets-a-suggestion",
            to_csv(typo),
            rows=11,
            matched=10,
            unmatched=1,
            outcome="accept_with_warning",
            texts=("Herstappe",),
        )
    )
    return cases


def rejects() -> list[Case]:
    big = b"nis;waarde\n" + b"11001;1\n" * 800_000
    names = [n for _, n in OLD[:10]]
    return [
        Case("empty", b"", outcome="reject", codes=("empty_file",)),
        Case("whitespace", b" \r\n \n", outcome="reject", codes=("empty_file",)),
        Case("header-only", b"nis;waarde\r\n", outcome="reject", codes=("no_data_rows",)),
        Case("too-large", big, outcome="reject", codes=("file_too_large",)),
        Case(
            "xls",
            b"\xd0\xcf\x11\xe0" + bytes(200),
            "x.xls",
            outcome="reject",
            codes=("xls_unsupported",),
        ),
        Case("binary", bytes(range(256)) * 20, outcome="reject", codes=("binary_file",)),
        Case(
            "broken-xlsx",
            b"PK\x03\x04garbage",
            "x.xlsx",
            outcome="reject",
            codes=("xlsx_unreadable",),
        ),
        Case(
            "one-column",
            to_csv([["gemeente"], *[[n] for n in names]]),
            outcome="reject",
            codes=("single_column",),
        ),
        Case(
            "no-municipality",
            to_csv([["stad", "waarde"], ["Parijs", "1"], ["Londen", "2"]]),
            outcome="reject",
            codes=("no_municipality_column",),
        ),
        Case(
            "only-text-values",
            to_csv(table(names, fmt=lambda x: "veel")),
            outcome="reject",
        ),
        Case(
            "duplicate-municipality",
            to_csv(table([names[0], names[1], names[0]])),
            outcome="reject",
            codes=("duplicate_municipality",),
        ),
        Case(
            "unknown-column-asked",
            to_csv(table(names)),
            args=("--kolom", "bestaat niet"),
            outcome="reject",
            codes=("unknown_column",),
        ),
        Case(
            "xlsx-one-column-does-not-talk-about-separators",
            to_xlsx({"Namen": [["gemeente"], *[[n] for n in names]]}),
            "x.xlsx",
            outcome="reject",
            codes=("single_column_xlsx",),
            absent=("single_column",),
        ),
        Case(
            "unknown-sheet-asked",
            to_xlsx({"A": [["nis", "w"], [11001, 1]]}),
            "x.xlsx",
            args=("--blad", "Z"),
            outcome="reject",
            codes=("sheet_unknown",),
        ),
    ]


def region_rows() -> list[Case]:
    """Rows that are not Flemish municipalities: named, ignored, the rest kept."""
    codes = [c for c, _ in OLD[:12]]
    base = table(codes)
    total_row = base + [["Vlaanderen", belgian(999)]]
    brussels = base + [["21004", belgian(5)], ["62063", belgian(6)]]
    missing = table(codes, fmt=lambda x: belgian(x))
    missing[4][1], missing[7][1] = "n.v.t.", ""
    return [
        Case(
            "total-row-ignored",
            to_csv(total_row),
            rows=13,
            matched=12,
            unmatched=0,
            sums={"waarde": total(12)},
            codes=("aggregate_row",),
        ),
        Case(
            "brussels-and-walloon-codes",
            to_csv(brussels),
            rows=14,
            matched=12,
            unmatched=2,
            sums={"waarde": total(12)},
            outcome="accept_with_warning",
            codes=("code_brussels", "code_walloon"),
        ),
        Case(
            "missing-values-stay-missing",
            to_csv(missing),
            rows=12,
            matched=12,
            sums={"waarde": total(12, {3, 6})},
            n_values={"waarde": 10},
            outcome="accept_with_warning",  # asks the user to check (issue 21)
            codes=("missing_values", "not_applicable"),
        ),
        Case(
            "utf16-header-only",
            "nis;waarde\r\n".encode("utf-16"),
            outcome="reject",
            codes=("no_data_rows",),
        ),
    ]


def excel_csv(separator_args: tuple[str, ...] = ()) -> Case:
    """A table as Belgian Excel saves it: cp1252, ';', a title row, decimal commas, and a last
    column "Opmerking" empty on most rows, so most lines end in ';' (issue 21)."""
    lines = ["Werkloosheid per gemeente, 2023 (bron: VDAB);;;"]
    lines.append("NIS-code;Gemeente;Werkloosheid (%);Opmerking")
    for i, (c, name) in enumerate(OLD):
        note = "raming, zie bijlage é" if i % 17 == 0 else ""
        lines.append(f"{c};{name};{belgian(value(i) / 10, False)};{note}")
    n = len(OLD)
    return Case(
        "excel-csv-cp1252-title-trailing-separator" + ("-chosen" if separator_args else ""),
        ("\r\n".join(lines) + "\r\n").encode("cp1252"),
        args=separator_args,
        rows=n,
        matched=n,
        unmatched=0,
        sums={"Werkloosheid (%)": round(total(n) / 10, 6)},
        n_values={"Werkloosheid (%)": n},
        units={"Werkloosheid (%)": "%"},
        columns=("Werkloosheid (%)",),
        outcome="accept_with_warning",  # cp1252: "check accented letters"
        codes=("encoding_cp1252", "title_rows_skipped"),
        absent=("row_too_short", "row_too_wide", "no_municipality_column"),
        rejected=(),
    )


def merged_title_xlsx(title) -> Case:
    """An Excel sheet whose title row is merged across the table's columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells("A1:C1")
    sheet.append(["NIS", "Gemeente", "Waarde"])
    for i, (c, name) in enumerate(OLD[:40]):
        sheet.append([int(c), name, value(i)])
    out = io.BytesIO()
    book.save(out)
    return Case(
        f"xlsx-merged-title-{type(title).__name__}",
        out.getvalue(),
        "data.xlsx",
        rows=40,
        matched=40,
        sums={"Waarde": total(40)},
        columns=("Waarde",),
        codes=("xlsx_merged_title",),
        absent=("no_header",),
    )


def issue21_cases() -> list[Case]:
    """Files that were read silently wrong (issue 21): each must be read right or named."""
    codes = [c for c, _ in OLD[:30]]
    millions = [["gemeente", "waarde"]] + [
        [c, international(1e6 + value(i))] for i, c in enumerate(codes)
    ]
    millions_text = "\r\n".join(",".join(r) for r in millions).encode()  # unquoted 1,000,010.00
    mixed = [["gemeente", "waarde"]] + [[c, f"{value(i):.2f}"] for i, c in enumerate(codes)]
    mixed[4][1] = "1,234,567.89"
    mixed_text = "\r\n".join(",".join(r) for r in mixed).encode()
    over = table(codes, ("nis", "Aandeel (%)"), lambda x: belgian(x, False))
    over[3][1] = "150"
    dup = table(codes)
    dup.insert(8, list(dup[2]))  # row 3 repeated as row 9
    clash = table(codes)
    clash.append([codes[0], "99"])
    ambiguous = table(codes, fmt=lambda x: "1.234")
    return [
        excel_csv(),
        excel_csv(("--scheiding", "puntkomma")),
        Case(
            "unquoted-thousands-in-a-comma-file",
            millions_text,
            outcome="reject",
            codes=("row_too_wide",),
            absent=("no_data_rows",),
            rejected=tuple(range(2, 32)),
        ),
        Case(
            "one-unquoted-thousands-row",
            mixed_text,
            rows=29,
            matched=29,
            sums={"waarde": total(30, {3})},
            columns=("waarde",),
            outcome="accept_with_warning",
            codes=("row_too_wide",),
            rejected=(5,),
        ),
        Case(
            "percent-above-100",
            to_csv(over),
            outcome="accept_with_warning",
            codes=("above_100",),
            texts=("rij 4", "Aandeel"),
        ),
        Case(
            "identical-duplicate-row-dropped",
            to_csv(dup),
            rows=30,
            matched=30,
            sums={"waarde": total(30)},
            outcome="accept_with_warning",
            codes=("identical_rows_dropped",),
            absent=("duplicate_municipality",),
            texts=("rij 9",),
        ),
        Case(
            "conflicting-duplicate-rejected-with-rows",
            to_csv(clash),
            outcome="reject",
            codes=("duplicate_municipality",),
            texts=("rij 2, 32",),
        ),
        Case(
            "ambiguous-thousands-is-a-warning",
            to_csv(ambiguous),
            outcome="accept_with_warning",
            codes=("ambiguous_thousands",),
        ),
        merged_title_xlsx("Werkloosheid per gemeente"),
        merged_title_xlsx(2023),
    ]


LOW_COVERAGE = 0.5
"""Fewer than half of the border set's municipalities: a warning (the map stays mostly empty)."""


def with_coverage_warning(cases: list[Case]) -> list[Case]:
    """Clean files built from fewer than half of the municipalities are accepted *with* the
    low-coverage warning (and only it): "Alles in orde" beside 5 of 300 found said too little."""
    out = []
    for case in cases:
        size = len(NEW) if case.border_set == "2025" or "2025" in case.args else len(OLD)
        few = case.matched is not None and case.matched < LOW_COVERAGE * size
        if few and case.outcome == "accept":
            case = replace(case, outcome="accept_with_warning", codes=(*case.codes, "low_coverage"))
        elif not few and case.matched is not None:
            case = replace(case, absent=(*case.absent, "low_coverage"))
        out.append(case)
    return out


def corpus() -> list[Case]:
    """Every case (at least 100 when the bundle is synced)."""
    if not REF:
        return []
    return with_coverage_warning(
        [
            *good_shapes(),
            *good_specials(),
            *good_xlsx(),
            *partial_2025(),
            *broken_rows(),
            *header_cases(),
            *separator_cases(),
            *conflict_cases(),
            *encoding_cases(),
            *sign_cases(),
            *sheet_cases(),
            *hostile_names(),
            *region_rows(),
            *rejects(),
            *issue21_cases(),
        ]
    )
