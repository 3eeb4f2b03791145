"""Bad values in a link are named in Dutch on every page (issue 21), never dropped silently.

The notice stays at the top of the page (not a toast that vanishes) until the user changes the view.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import needs_data, run_page

pytestmark = needs_data

BAD = {
    "breaks-out-of-order": ({"schema": "manual", "breaks": "30,20,10"}, "breaks"),
    "breaks-nan": ({"schema": "manual", "breaks": "10,nan,30"}, "breaks"),
    "26-breaks": ({"schema": "manual", "breaks": ",".join(str(i) for i in range(26))}, "breaks"),
    "k-0": ({"k": "0"}, "k=“0”"),
    "unknown-indicator": ({"ind": "bestaat_niet"}, "ind=“bestaat_niet”"),
    "taal-fr": ({"taal": "fr"}, "taal=“fr”"),
    "grenzen-2030": ({"grenzen": "2030"}, "grenzen=“2030”"),
    "unknown-province": ({"prov": "Brabant"}, "prov=“Brabant”"),
}


def _notices(at) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")


@pytest.mark.parametrize("case", list(BAD))
def test_the_map_page_names_a_bad_link_value_in_dutch(case):
    params, shown = BAD[case]
    at = run_page("kaart", **params)
    assert not at.exception, at.exception
    text = _notices(at)
    assert "niet begrepen en genegeerd" in text and shown in text, text


@pytest.mark.parametrize("page", ["profiel", "vergelijken", "index", "openruimtefonds", "bronnen"])
def test_every_page_names_a_bad_link_value(page):
    at = run_page(page, k="0", taal="fr")
    assert not at.exception, at.exception
    text = _notices(at)
    assert "k=“0”" in text and "taal=“fr”" in text, text


def test_a_link_value_is_shown_as_text_not_as_a_link():
    at = run_page("kaart", ind="http://evil.example/<b>x</b>")
    text = _notices(at)
    assert "<b>" not in text and "](" not in text
    assert "http\u2060" in text  # a word joiner keeps Streamlit from making it a link
