"""Each page's URL carries the shared selection plus what that page uses: the profile's peer group
(``methode``, ``knn``) does not ride along into the map's or the compare page's link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ruraldash.features.selection import Selection
from tests.app.conftest import needs_data, page_path, run_page

pytestmark = needs_data

PROFILE = {"methode": "province", "knn": "5"}
ORF = {"budget": "246800000", "kaartbeeld": "diff"}


def _next_page(name: str, sel: Selection) -> AppTest:
    """``name`` run in a session that already holds ``sel`` (as after a move from another page)."""
    at = AppTest.from_file(page_path(name), default_timeout=90)
    at.session_state["rd_selection"] = sel
    return at.run()


def _params(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def test_the_profile_link_leaves_out_default_peer_settings():
    at = run_page("profiel", gemeente="73109")
    assert not at.exception
    assert _params(at) == {"gemeente": "73109"}, "methode=similar&knn=10 are the defaults"


def test_profile_and_orf_parameters_stay_on_their_own_pages():
    sel = Selection(selected="73109", provinces=("Limburg",), extra=PROFILE | ORF)
    for page in ("kaart", "vergelijken"):
        at = _next_page(page, sel)
        assert not at.exception
        params = _params(at)
        assert params.get("gemeente") == "73109" and params.get("prov") == "Limburg"
        assert not set(params) & set(PROFILE | ORF), f"{page}: {params}"
    back = _next_page("profiel", sel)
    assert {k: _params(back).get(k) for k in PROFILE} == PROFILE, "the profile keeps its own"
    assert not set(_params(back)) & set(ORF)
