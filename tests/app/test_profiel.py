"""The profile page in AppTest: loads for a municipality, peer methods change the peers, bad links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.atlas import check_data
from ruraldash.config import ROOT, settings

PAGE = str(ROOT / "pages" / "profiel.py")
pytestmark = pytest.mark.skipif(bool(check_data(settings())), reason="data not synced")


def _run(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _peers(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "rd-peers" in m.value)


def test_profile_shows_the_municipality_and_all_facets():
    at = _run(gemeente="12021", methode="neighbours")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Lier" in text and "rd-profile-nis'>12021<" in text
    assert "Nijlen" in _peers(at)  # a real neighbour of Lier
    assert len(at.dataframe) == 5  # one table per facet


def test_switching_the_peer_method_changes_the_peers():
    at = _run(gemeente="12021", methode="neighbours")
    neighbours = _peers(at)
    at.radio(key="pf_method").set_value("province").run()
    assert not at.exception
    province = _peers(at)
    assert province != neighbours and "Turnhout" in province


def test_unknown_municipality_in_the_link_gives_a_notice_not_a_traceback():
    at = _run(gemeente="99999", methode="bogus")
    assert not at.exception
    assert any("Kies een gemeente" in i.value for i in at.info)
