"""A merged municipality across border sets keeps a selection with a note (issue 21).

Lochristi (44087) is Lochristi (44034) + Wachtebeke (44073) since 2025. A 2025 code opened on
2019–2024 borders, or a switch of Lochristi (2025) to 2019–2024 borders, dropped the selection
silently and left an English "Choose an option".
"""

from __future__ import annotations

from tests.app.conftest import needs_data, run_page

pytestmark = needs_data


def _notes(at) -> str:
    return " ".join(i.value for i in at.info) + " ".join(i.value for i in at.sidebar.info)


def test_a_2025_code_on_2019_borders_selects_its_largest_part_and_names_the_parts():
    at = run_page("kaart", gemeente="44087", grenzen="2019")
    assert not at.exception, at.exception
    assert at.query_params["gemeente"] in (["44034"], "44034")
    note = _notes(at)
    assert "Lochristi (44034)" in note and "Wachtebeke (44073)" in note and "grootste" in note
    assert "niet begrepen" not in " ".join(w.value for w in at.warning)


def test_switching_lochristi_2025_to_2019_borders_keeps_a_selection_with_a_note():
    at = run_page("kaart", gemeente="44087", grenzen="2025")
    assert not at.exception, at.exception
    at.sidebar.radio(key="w_border").set_value("2019").run()
    assert not at.exception, at.exception
    assert at.query_params["gemeente"] in (["44034"], "44034")
    assert "Wachtebeke (44073)" in _notes(at)
    assert "niet begrepen" not in " ".join(w.value for w in at.warning)
