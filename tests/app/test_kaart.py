"""The map page in AppTest (widgets, headings, table; the map itself is tested in the browser)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ruraldash.ui.views.mapview import TABLE_KEY
from tests.app.conftest import needs_data, page_path, page_text, run_page

pytestmark = needs_data


def test_start_page_shows_the_default_indicator_with_year_and_status():
    at = run_page("kaart")
    assert not at.exception, at.exception
    text = page_text(at)
    assert "Bebouwde percelen" in text and "(2015)" in text
    assert "proxy" in text  # a proxy says it is one, next to its title


def test_a_link_opens_the_chosen_indicator_borders_and_municipality():
    at = run_page("kaart", laag="context", ind="density_2025", grenzen="2025", gemeente="71072")
    assert not at.exception, at.exception
    text = page_text(at)
    assert "Bevolkingsdichtheid" in text
    assert "Hasselt" in text  # the selected municipality's value is named


def _with_table(**params: str):
    """The map page with its (lazy) ranking table opened."""
    at = AppTest.from_file(page_path("kaart"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[TABLE_KEY] = True
    return at.run()


def test_the_ranking_table_is_built_only_when_opened():
    assert not run_page("kaart").dataframe


def test_a_type_filter_from_the_link_narrows_the_ranking_table():
    full = _with_table()
    rural = _with_table(type="platteland")
    assert not rural.exception, rural.exception
    assert len(rural.dataframe[0].value) < len(full.dataframe[0].value)
    table = rural.dataframe[0].value
    # ranks inside the selection and in Flanders, as integers (the CSV writes them as such)
    assert str(table["Rang binnen de selectie"].dtype) == "Int64"
    assert str(table["Rang in Vlaanderen"].dtype) == "Int64"
    assert table["Rang binnen de selectie"].min() == 1
    assert (table["Rang binnen de selectie"] <= table["Rang in Vlaanderen"]).all()


def test_a_tampered_link_falls_back_to_defaults_with_a_dutch_notice():
    at = run_page("kaart", ind="<script>", k="99")
    assert not at.exception, at.exception
    notices = " ".join(w.value for w in at.warning) + " ".join(t.value for t in at.toast)
    assert notices, "a tampered link must be reported, not silently changed"


def test_the_typology_selector_offers_the_calibrated_and_the_raw_rule_with_their_notes():
    at = _with_table(type="platteland")
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "gekalibreerde benadering (139/148/13; officieel 140/147/13) · status: model" in captions
    assert len(at.dataframe[0].value) == 139  # the calibrated rule is the default filter
    assert (
        "Plattelandsrapport, ruwe kadastrale benadering"
        in at.sidebar.selectbox(key="w_typology").options
    )
    raw = _with_table(typologie="plattelandsrapport_proxy", type="platteland")
    assert not raw.exception, raw.exception
    assert "ruwe kadastrale benadering (188/99/13" in " ".join(c.value for c in raw.caption)
    assert len(raw.dataframe[0].value) == 188


def _manual_breaks(lang: str):
    at = run_page("kaart", schema="manual", breaks="1000,2000,3000", taal=lang)
    assert not at.exception, at.exception
    return at


def test_manual_breaks_of_a_thousand_survive_the_dutch_field_and_the_url():
    at = _manual_breaks("nl")
    assert at.sidebar.text_input(key="w_breaks").value == "1.000; 2.000; 3.000"
    at.run()  # the rerun reads the field back
    assert at.query_params["breaks"] == "1000,2000,3000"
    assert not at.sidebar.warning


def test_manual_breaks_in_english_accept_the_thousands_comma():
    at = _manual_breaks("en")
    at.sidebar.text_input(key="w_breaks").input("1,000; 2,500; 4,000").run()
    assert not at.sidebar.warning, "1,000 is a number in English"
    assert at.query_params["breaks"] == "1000,2500,4000"


def test_the_indicator_box_names_the_chosen_indicator_in_full_in_its_help():
    """Walked: the sidebar cut "Bebouwde percelen (aandeel op…"; the help says it whole, with
    what it measures, and follows the choice."""
    at = run_page("kaart")
    box = at.sidebar.selectbox(key="w_indicator")
    assert box.help.startswith("**Bebouwde percelen (aandeel oppervlakte)**: Oppervlakte bebouwde")
    box.set_value("built_noncad_share").run()
    assert not at.exception, at.exception
    box = at.sidebar.selectbox(key="w_indicator")
    assert box.value == "built_noncad_share"
    assert box.help.startswith("**Bebouwd + niet-gekadastreerd (aandeel)**: Bebouwde percelen plus")


def _map_message(at) -> dict:
    """The map widget's object of the last run (compact JSON bytes, ui.mapwidget.packed)."""
    import json

    from streamlit.testing.v1.element_tree import UnknownElement

    todo = [at._tree]
    while todo:
        node = todo.pop()
        todo.extend(getattr(node, "children", {}).values())
        if isinstance(node, UnknownElement) and node.type == "bidi_component":
            if node.proto.component_name == "ruraldash_map":
                return json.loads(node.proto.bytes.decode("utf-8"))
    raise AssertionError("no map on the page")


def test_a_colour_change_sends_the_colours_not_the_tooltip_texts_again():
    """Issue 20 (≤ 20 kB per change): the 300 values and ranks go once per indicator and filter."""
    at = run_page("kaart")
    first = _map_message(at)
    assert len(first["v"]) == 300 and first["tip"]
    at.selectbox(key="w_scheme").set_value("equal_interval").run()
    second = _map_message(at)
    assert "v" not in second and "rk" not in second, "the widget keeps the texts it has"
    assert second["tip"] == first["tip"] and second["c"] != first["c"]
    at.multiselect(key="w_types").set_value(["platteland"]).run()
    third = _map_message(at)
    assert third["tip"] != first["tip"] and len(third["v"]) == 300, "new texts: sent whole"


def test_the_widget_asking_for_the_texts_gets_them_whole_on_the_next_run():
    at = run_page("kaart")
    tip = _map_message(at)["tip"]
    at.session_state["rd_tips_sent_rd_map"] = None  # what the "tips" trigger's callback does
    at.run()
    again = _map_message(at)
    assert again["tip"] == tip and len(again["v"]) == 300
