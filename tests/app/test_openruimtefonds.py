"""The Openruimtefonds page on the real data: label, totals, budgets, centrumsteden, URL, upload.

AppTest cannot upload files, so the Gemeentefonds table goes in through the page's paste box
(a real user path: officials paste two columns copied from Excel). The uploader and the paste box
store the same bytes in session state and share one parsing path (``orfinputs.parsed_gemeentefonds``
-> ``gemeentefonds.parse_gemeentefonds_table``), whose formats are covered in test_gemeentefonds.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from tests.app.conftest import needs_data, page_text, run_page

PAGE = str(ROOT / "pages" / "openruimtefonds.py")
AMOUNT_A = "Bedrag A vóór plafonds (euro)"

pytestmark = needs_data


def _run(**params: str) -> AppTest:
    at = run_page("openruimtefonds", **params)
    assert not at.exception, at.exception
    return at


def _euro(at: AppTest, label: str) -> int:
    """A metric's value in whole euros ("123.400.000 euro" -> 123400000)."""
    value = next(m.value for m in at.metric if m.label == label)
    return int(re.sub(r"[^\d]", "", value))


def _table(at: AppTest):
    return next(d.value for d in at.dataframe if AMOUNT_A in d.value.columns)


def _text(at: AppTest) -> str:
    return page_text(at)


def test_default_shows_the_label_and_divides_exactly_the_budget():
    at = _run()
    assert "Indicatief, vóór plafonds" in _text(at)
    assert _euro(at, "Verdeeld in A") == 123_400_000
    assert _euro(at, "Verdeeld in B") == 188_400_000
    table = _table(at)
    assert len(table) == 300
    assert table[AMOUNT_A].sum() == pytest.approx(123_400_000)
    # the rule is quoted with its official address, and the data year is stated
    assert "https://www.vlaanderen.be/lokaal-bestuur/financiering/dotatie-open-ruimte" in _text(at)
    assert "13 centrumsteden uitgesloten" in _text(at)
    assert "2015" in " ".join(i.value for i in at.info)


def test_changing_the_budget_changes_the_amounts_and_the_link():
    at = _run()
    before = _table(at).set_index("NIS-code")[AMOUNT_A]
    at.sidebar.radio(key="w_orf_preset_A").set_value("custom").run()
    at.sidebar.text_input(key="w_orf_budget_A").input("246,8").run()
    assert not at.exception
    after = _table(at).set_index("NIS-code")[AMOUNT_A]
    assert _euro(at, "Verdeeld in A") == 246_800_000
    eligible = before > 0
    assert (after[eligible] / before[eligible]).to_numpy() == pytest.approx(2.0)
    assert at.query_params["budget"] == "246800000"


def test_centrumsteden_get_nothing_on_both_border_sets():
    for borders, n, city in (("2019", 300, "Hasselt"), ("2025", 285, "Hasselt")):
        table = _table(_run(grenzen=borders))
        assert len(table) == n
        centrum = table[table["Type"] == "Centrumstad"]
        assert len(centrum) == 13
        assert (centrum[AMOUNT_A] == 0).all()
        assert city in set(centrum["Gemeente"])
        assert (table.loc[table["Type"] != "Centrumstad", AMOUNT_A] > 0).all()


def test_a_tampered_budget_in_the_link_gives_a_notice_and_the_default():
    at = _run(budget="abc", budget_b="200000000")
    notices = " ".join(w.value for w in at.warning)
    assert "budget=abc" in notices
    assert _euro(at, "Verdeeld in A") == 123_400_000
    assert _euro(at, "Verdeeld in B") == 200_000_000  # a valid budget in the link is used
    assert "budget" not in at.query_params


def test_a_pasted_gemeentefonds_table_is_checked_and_caps_scenario_b():
    at = _run()
    paste = "niscode;gemeentefonds\n21004;5.000.000\n32003;1.000.000\n11001;veel\n"
    at.text_area(key="w_orf_paste").input(paste).run()
    assert not at.exception
    report = " ".join(w.value for w in at.warning)
    assert "21004" in report and "onbekende NIS-code" in report
    assert "geen getal" in report
    at.toggle(key="w_orf_caps_B").set_value(True).run()
    table = _table(at)
    diksmuide = table[table["NIS-code"] == "32003"].iloc[0]
    assert diksmuide["Bedrag B na plafonds (euro)"] == pytest.approx(1_000_000 * 0.13 * 1.035)
    held_back = _euro(at, "Niet verdeeld in B (plafonds)")
    assert held_back > 0
    assert held_back + _euro(at, "Verdeeld in B") == pytest.approx(188_400_000, abs=1)
    assert "Indicatief, met plafonds" in _text(at)


def test_english_labels():
    at = _run(taal="en")
    assert "Indicative, before ceilings" in _text(at)
    assert _euro(at, "Distributed in A") == 123_400_000


def test_2019_borders_warn_for_municipalities_that_join_a_centrumstad_in_2025():
    warnings = " ".join(w.value for w in _run().warning)
    assert "Kortessem (73040, vanaf 2025 deel van Hasselt)" in warnings
    assert "Borsbeek (11007, vanaf 2025 deel van Antwerpen)" in warnings
    assert "Kortessem" not in " ".join(w.value for w in _run(grenzen="2025").warning)


def test_the_type_comparison_names_its_typology():
    captions = " ".join(c.value for c in _run().caption)
    assert "Type: Plattelandsrapport-regel, gekalibreerde benadering (139/148/13" in captions


def test_the_map_filter_carries_over_and_answers_the_advisers_question():
    """type/prov as the map page writes them: rural West-Vlaanderen, 39 municipalities, A and B."""
    at = _run(type="platteland", prov="West-Vlaanderen")
    info = " ".join(i.value for i in at.info).replace("\xa0", " ")
    assert "39 gemeenten" in info
    assert "24.608.899 euro" in info and "37.571.447 euro" in info
    assert len(_table(at)) == 39  # the municipality table follows the filter
    totals = next(d.value for d in at.dataframe if "Aantal gemeenten" in d.value.columns)
    last = totals.iloc[-1]
    assert last["Provincie"] == "Selectie" and last["Aantal gemeenten"] == 39
    assert round(last["Scenario B"]) == 37_571_447
    assert at.multiselect(key="w_prov").value == ["West-Vlaanderen"]
    assert at.query_params["type"] in ("platteland", ["platteland"])  # the link keeps the filter


def test_selected_merged_municipality_explains_merger_and_ceiling():
    at = _run(gemeente="44087", grenzen="2025")  # Lochristi (with Wachtebeke) on 2025 borders
    captions = " ".join(c.value for c in at.caption)
    assert "Fusie 1 januari 2025" in captions and "Wachtebeke" in captions
    assert "13 %" in captions and "kunnen de gegevens niet zeggen" in captions


def test_the_filter_row_is_the_map_sidebars_filter():
    """One filter (ui.sidebar.filter_widgets) in the sidebar and on this page: the same widgets,
    labels, help and options (the page's copy had lost the types' help)."""
    orf = _run(typologie="plattelandsrapport_proxy")
    kaart = run_page("kaart", typologie="plattelandsrapport_proxy")
    for key in ("w_typology", "w_types", "w_prov"):
        here = orf.selectbox(key=key) if key == "w_typology" else orf.multiselect(key=key)
        there = (
            kaart.sidebar.selectbox(key=key)
            if key == "w_typology"
            else kaart.sidebar.multiselect(key=key)
        )
        assert (here.label, here.help, here.options) == (there.label, there.help, there.options)
