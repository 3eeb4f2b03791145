"""The profile page in AppTest: loads for a municipality, peer methods change the peers, the own
selection and k come from the link, bad links give a notice, 2025 borders and English work."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT
from tests.app.conftest import needs_data, page_text, run_page

PAGE = str(ROOT / "pages" / "profiel.py")
pytestmark = needs_data


def _run(**params) -> AppTest:
    return run_page("profiel", **params)


def _text(at: AppTest) -> str:
    return page_text(at)


def _peers(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "rd-peers" in m.value)


def test_profile_shows_the_municipality_its_neighbours_and_all_facets():
    at = _run(gemeente="12021", methode="neighbours")
    assert not at.exception
    text = _text(at)
    assert ">Lier<" in text and "rd-profile-nis'>12021<" in text
    assert "Verstedelijkte gemeente" in text and "Antwerpen" in text
    assert "Nijlen" in _peers(at)  # shares a border with Lier
    assert "Mechelen" not in _peers(at)  # does not
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    for facet in ("1. Open ruimte", "2. Woonomgeving", "5. Besturen en burgers samen aan zet"):
        assert any(facet in h for h in headings)
    assert len(at.dataframe) == 6  # key figures + five facets


def test_switching_the_peer_method_changes_the_peers_and_the_link():
    at = _run(gemeente="12021", methode="neighbours")
    neighbours = _peers(at)
    at.radio(key="pf_method").set_value("province").run()
    assert not at.exception
    province = _peers(at)
    assert province != neighbours and "Turnhout" in province and "Gent" not in province
    assert at.query_params["methode"] == "province"
    at.radio(key="pf_method").set_value("similar").run()
    assert not at.exception
    similar = _peers(at)
    assert similar.count("<li>") == 10  # ten most similar by default
    assert similar.count("verschilscore ") == 10 and "verschilt het meest in" in similar
    assert similar.count(" km, ") == 10  # and each peer's distance and size


def test_own_selection_and_k_come_from_the_link():
    at = _run(gemeente="12021", methode="own", peers="12026,11002,99999")
    assert not at.exception
    peers = _peers(at).replace("\xa0", " ")  # each peer with distance and size, big ones flagged
    assert peers.count("<li>") == 2 and "<li>Nijlen: 8 km, 23.747 inw.</li>" in peers
    assert "Antwerpen: 22 km, 529.247 inw. — 13,7 × zo groot" in peers
    assert any("peers" in t.value for t in at.toast)  # the unknown code is reported
    at = _run(gemeente="12021", methode="similar", knn="4")
    assert _peers(at).count("<li>") == 4


def test_unknown_municipality_and_bad_values_give_a_notice_not_a_traceback():
    at = _run(gemeente="99999", methode="bogus", knn="²")
    assert not at.exception
    assert any("Kies een gemeente" in i.value for i in at.info)
    notices = " ".join(t.value for t in at.toast) + " ".join(w.value for w in at.warning)
    assert "gemeente" in notices and "methode" in notices and "knn" in notices
    assert at.radio(key="pf_method").value == "similar"


def test_merged_municipality_on_2025_borders_and_in_english():
    at = _run(gemeente="23106", grenzen="2025", taal="en")
    assert not at.exception
    text = _text(at)
    assert ">Pajottegem<" in text
    assert "Merger of Galmaarden (23023), Gooik (23024), Herne (23032)" in text
    assert "Population" in text and "Rural municipality" in text


def test_briefing_failure_shows_a_dutch_error_and_the_page_keeps_working(monkeypatch):
    from ruraldash.render import exports

    def no_chromium(*args, **kwargs):
        raise exports.ExportError("exports_err_no_chromium", path="/nergens/chromium")

    monkeypatch.setattr(exports, "briefing_pdf", no_chromium)
    at = _run(gemeente="12021", methode="neighbours")
    at.button(key="pf_pdf_make").click().run()
    assert not at.exception
    assert any("Chromium is niet gevonden" in e.value for e in at.error)
    assert "Nijlen" in _peers(at) and len(at.dataframe) == 6  # the rest still works
    assert any("3. Warme gemeenschap" in m.value for m in at.markdown)


def test_an_old_code_on_2025_borders_shows_the_merged_municipality_and_switches_back():
    at = _run(gemeente="73040", grenzen="2025")
    assert not at.exception
    assert "rd-profile-nis'>71072<" in _text(at)
    assert any(
        "Kortessem (73040) is sinds 1 januari 2025 deel van Hasselt" in i.value for i in at.info
    )
    assert not at.toast  # not refused: the link is understood
    at.sidebar.radio(key="w_border").set_value("2019").run()
    assert not at.exception
    assert "rd-profile-nis'>73040<" in _text(at) and at.query_params["gemeente"] == "73040"


def test_the_profile_has_a_copy_link_button():
    """Issue 21: Profiel had no "kopieer link" (the map and ORF pages have one)."""
    from streamlit.testing.v1.element_tree import UnknownElement

    at = _run(gemeente="73109")
    found, todo = [], [at._tree]
    while todo:
        node = todo.pop()
        todo.extend(getattr(node, "children", {}).values())
        if isinstance(node, UnknownElement) and node.type == "bidi_component":
            found.append(node.proto.component_name)
    assert "ruraldash_copy_link" in found
