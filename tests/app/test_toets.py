"""The Plattelandstoets page on the real data: figures equal ``ruraldash toets``, budgets, what-if,
screening answers stored under an id and read back from a link."""

from __future__ import annotations

import pytest

from ruraldash.core.config import settings
from ruraldash.core.fmt import number
from ruraldash.domain.allocation import BUDGET_DEFAULT_EUR
from ruraldash.domain.typology import load_atlas
from ruraldash.features.toets import inputs, screen
from ruraldash.features.toets.context import load_context
from tests.app.conftest import needs_data, page_text, run_page

pytestmark = needs_data


@pytest.fixture(scope="module", autouse=True)
def screens_db(tmp_path_factory):
    """The screens go into a throwaway SQLite file (the page's store is made on first use)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("RURALDASH_DB_URL", f"sqlite:///{tmp_path_factory.mktemp('toets')}/store.sqlite")
    yield
    mp.undo()


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _record(budget: float) -> dict:
    atlas = load_atlas(settings())
    alloc = inputs.orf_allocation(atlas, "2019", budget)
    return screen.record(screen.run(alloc, load_context(atlas, "2019")))


def test_the_page_shows_the_figures_of_ruraldash_toets():
    at = run_page("plattelandstoets")
    assert not at.exception, at.exception
    rec = _record(BUDGET_DEFAULT_EUR)
    assert _metric(at, "Platteland/stedelijk per inwoner") == number(rec["rural_urban_ratio"], 2)
    assert _metric(at, "Gini (0 = gelijk per inwoner)") == number(rec["gini"], 3)
    assert _metric(at, "Verschiltoets p") == number(rec["test"]["p_value"], 4)
    table = next(d.value for d in at.dataframe if "Per inwoner (euro)" in d.value.columns)
    rural = table.loc[table["Type"] == "Plattelandsgemeente"].iloc[0]
    assert rural["Per inwoner (euro)"] == pytest.approx(
        rec["by_type"]["platteland"]["amount_per_inhabitant"]
    )
    assert rural["Verschil met bevolkingsaandeel (procentpunt)"] == pytest.approx(
        rec["by_type"]["platteland"]["share_gap_pp"], abs=1e-5
    )
    assert "significant" in " ".join(i.value for i in at.info)
    assert "Indicatief, vóór plafonds" in page_text(at) and "eigen scenario" not in page_text(at)


def test_plus65_keeps_every_share_and_a_typed_budget_is_an_own_scenario():
    at = run_page("plattelandstoets")
    ratio = _metric(at, "Platteland/stedelijk per inwoner")
    at.radio(key="w_toets_budget").set_value("plus65").run()
    assert _metric(at, "Platteland/stedelijk per inwoner") == ratio
    assert "188,4" in page_text(at)
    at.radio(key="w_toets_budget").set_value("own").run()
    at.text_input(key="w_toets_own_budget").set_value("veel").run()
    assert any("niet begrepen" in e.value for e in at.error) and not at.metric
    at.text_input(key="w_toets_own_budget").set_value("200").run()
    assert "eigen scenario" in page_text(at)


def test_what_if_shows_a_and_b_side_by_side():
    at = run_page("plattelandstoets")
    at.radio(key="w_toets_wi").set_value("floor").run()
    at.number_input(key="w_toets_wi_floor").set_value(20.0).run()
    tables = [d.value for d in at.dataframe if list(d.value.columns) == ["Cijfer", "Waarde"]]
    a, b = tables
    gini_a = a.loc[a["Cijfer"].str.startswith("Gini"), "Waarde"].iloc[0]
    gini_b = b.loc[b["Cijfer"].str.startswith("Gini"), "Waarde"].iloc[0]
    assert gini_a != gini_b  # a floor of 20 euro per inhabitant narrows the distribution


def test_answers_are_stored_and_come_back_from_the_link():
    at = run_page("plattelandstoets")
    at.text_area(key="w_toets_a_services").set_value("Geen sluiting van diensten.")
    at.button(key="w_toets_save").click().run()
    saved = [s.value for s in at.success]
    assert saved and saved[0].startswith("Bewaard als toets")
    screen_id = saved[0].split("toets ")[1].split(".")[0]
    again = run_page("plattelandstoets", toets=screen_id)
    assert again.text_area(key="w_toets_a_services").value == "Geen sluiting van diensten."
    assert any(screen_id in i.value for i in again.info)


def test_an_unknown_screen_id_in_the_link_is_said_plainly():
    at = run_page("plattelandstoets", toets="ffffffffff")
    assert any("Geen bewaarde toets" in w.value for w in at.warning)
    assert at.metric  # a new screen is still made


def test_what_if_starts_on_the_rural_type_so_b_differs_from_a():
    at = run_page("plattelandstoets")
    assert at.selectbox(key="w_toets_wi_group").value == "platteland"
    a, b = [d.value for d in at.dataframe if list(d.value.columns) == ["Cijfer", "Waarde"]]
    assert a.iloc[0, 1] != b.iloc[0, 1]  # the total grows with platteland × 150 %


def test_the_maps_provinces_and_typology_carry_over():
    """Walked: from a map filtered on West-Vlaanderen the toets screened all of Flanders."""
    at = run_page("plattelandstoets", prov="West-Vlaanderen", typologie="plattelandsrapport_proxy")
    assert not at.exception, at.exception
    assert at.multiselect(key="w_toets_prov").value == ["West-Vlaanderen"]
    assert at.selectbox(key="w_toets_typology").value == "plattelandsrapport_proxy"


def _file(*columns: str) -> bytes:
    """A clean allocation file on the 2019 borders: NIS plus the given amount columns."""
    from tests.corpus.builders import OLD, to_csv

    rows = [["NIS", *columns]] + [
        [code, *(str(1000 + 10 * i + j) for j in range(len(columns)))]
        for i, (code, _) in enumerate(OLD)
    ]
    return to_csv(rows)


def _upload(at, name: str, raw: bytes):
    at.file_uploader(key="w_toets_file").upload(name, raw, "text/csv")
    return at.run()


def test_a_swapped_file_without_the_chosen_column_is_named_and_not_computed():
    """Walked: file B lacked file A's chosen column and the screen silently used B's first."""
    at = run_page("plattelandstoets")
    at.radio(key="w_toets_kind").set_value("upload").run()
    at = _upload(at, "a.csv", _file("Budget", "Subsidie"))
    at.selectbox(key="w_toets_col").set_value("Subsidie").run()
    assert not at.exception and at.metric
    at = _upload(at, "b.csv", _file("Bedrag", "Premie"))
    assert not at.exception, at.exception
    said = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Subsidie" in said and "b.csv" in said, said
    assert not at.metric, "nothing computed on a column the user did not choose"
    assert at.selectbox(key="w_toets_col").value is None
    assert at.selectbox(key="w_toets_col").options == ["Bedrag", "Premie"]
    at.selectbox(key="w_toets_col").set_value("Premie").run()
    assert at.metric and not any("Subsidie" in w.value for w in at.warning)


def test_a_saved_upload_screen_says_the_file_must_be_loaded_again():
    at = run_page("plattelandstoets")
    at.radio(key="w_toets_kind").set_value("upload").run()
    at = _upload(at, "budget.csv", _file("Budget"))
    at.text_area(key="w_toets_a_services").set_value("Geen sluiting.")
    at.button(key="w_toets_save").click().run()
    screen_id = at.success[0].value.split("toets ")[1].split(".")[0]
    again = run_page("plattelandstoets", toets=screen_id)
    assert not again.exception, again.exception
    assert again.radio(key="w_toets_kind").value == "upload"
    said = " ".join(m.value for m in [*again.info, *again.warning]).replace("\\", "")
    assert "budget.csv" in said and "opnieuw" in said, said
    again = _upload(again, "budget.csv", _file("Budget"))
    assert again.text_area(key="w_toets_a_services").value == "Geen sluiting."
