"""Tables an analyst can reuse, and budgets credited only to who published them."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from ruraldash.domain import allocation
from ruraldash.features.orf import view as orfpage
from ruraldash.render import tables


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Rang": [1.0, 2.0, float("nan")],
            "Gemeente": ["Aartselaar", "=Boom", "Gent"],
            "Waarde": [23.927474123, 7.05, float("nan")],
        }
    )


def test_xlsx_values_are_rounded_numbers_with_a_number_format_unit_and_metadata():
    meta = [("Indicator", "Bebouwde percelen"), ("Deellink", "http://x/?ind=a")]
    data = tables.table_xlsx(
        _table(), "Blad", "Bron: Statbel", title="T", decimals={"Rang": 0, "Waarde": 1},
        units={"Waarde": "%"}, meta=meta,
    )  # fmt: skip
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[2]]
    assert header == ["Rang", "Gemeente", "Waarde (%)"]
    assert ws["C3"].value == 23.9 and isinstance(ws["C3"].value, float)
    assert ws["C3"].number_format == "#,##0.0"
    assert ws["A3"].value == 1 and ws["A3"].number_format == "#,##0"
    assert ws["B4"].value == "'=Boom"  # formula guard kept
    footer = [c.value for row in ws.iter_rows() for c in row if c.value and "Bron" in str(c.value)]
    assert footer == ["Bron: Statbel"]  # never "Bron: Bron:"
    sheet = wb.worksheets[1]
    assert sheet.title == "Over deze tabel"
    assert ("Deellink", "http://x/?ind=a") in [
        (r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)
    ]


def test_csv_ranks_are_whole_numbers_and_values_rounded():
    text = tables.table_csv(_table(), "be", "Statbel", decimals={"Rang": 0, "Waarde": 1}).decode(
        "utf-8-sig"
    )
    lines = text.splitlines()
    assert lines[1] == "1;Aartselaar;23,9"
    assert lines[3] == ";Gent;"
    assert "93,0" not in text and "23,927" not in text
    assert lines[-1] == "# Bron: Statbel"


@pytest.mark.parametrize("prefixed", ["Bron: Statbel", "Bron: Bron: Statbel", "Source: Statbel"])
def test_source_footer_has_one_prefix(prefixed):
    text = tables.table_csv(_table(), "intl", prefixed, lang="nl").decode("utf-8")
    assert text.splitlines()[-1] == "# Bron: Statbel"


@pytest.mark.parametrize("typed", [200e6, 123.5e6, 65e6, 188.3e6, 1e9])
def test_a_typed_budget_is_never_attributed_to_a_publisher(typed):
    text = orfpage.budget_attribution("B", typed, "nl")
    assert "RINGtv" not in text and "eigen scenario" in text
    meta = dict(
        orfpage.export_meta({"A": allocation.BUDGET_DEFAULT_EUR, "B": typed}, [], "", "", "nl")
    )
    budgets = meta["Budgetten"]
    a_part, b_part = budgets.split("; ")
    assert "RINGtv" in a_part  # the official 123,4 M€ keeps its press source
    assert "RINGtv" not in b_part and "eigen scenario" in b_part


def test_source_line_credits_the_press_only_for_the_published_budgets(real_atlas):
    inputs = orfpage.load_inputs(real_atlas, "2019")
    budgets = {"A": allocation.BUDGET_PLUS65_EUR, "B": 200e6}
    line = orfpage.source_line(real_atlas, inputs, budgets, {"A": "x", "B": "x"}, "nl")
    assert line.count("RINGtv") == 1
    credited = line[line.index("Budget:") :]
    assert credited.index("RINGtv") < credited.index("B 200")
    assert "B 200 miljoen euro (eigen scenario" in line.replace("\u00a0", " ")


def test_own_labels_mark_the_typed_scenario_on_the_map():
    budgets = {"A": allocation.BUDGET_DEFAULT_EUR, "B": 200e6}
    assert orfpage.own_labels(budgets, "amount", "B") == ["eigen scenario"]
    assert orfpage.own_labels(budgets, "amount", "A") == []
    assert orfpage.own_labels(budgets, "diff", "A") == ["B: eigen scenario"]
    assert orfpage.own_labels(budgets, "key", "B") == []  # the key does not depend on a budget
