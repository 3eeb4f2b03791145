"""The app reaches the browser through public seams only (issue 19).

No CSS or script on Streamlit's internal DOM in src/: no ``[data-testid=…]`` selector, no internal
``st[A-Z]…`` class (``.stMarkdown``, ``stMetricValue``, ``stStatusWidget``), no ``.block-container``
or ``data-baseweb``, no ``window.parent.document``. Style the app's own ``rd-*`` classes and the
public ``st-key-<key>`` classes of keyed containers; what the browser must do is a component v2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("src/**/*.py"), *ROOT.glob("src/**/*.js"), *ROOT.glob("pages/*.py")])
SOURCES.append(ROOT / "app.py")

INTERNAL = {
    "a data-testid selector": re.compile(r"\[\s*data-testid"),
    "a querySelector on a data-testid": re.compile(r"querySelector(All)?\([^)]*data-testid"),
    "an internal st[A-Z] class or test id": re.compile(r"(?<![\w-])\.?st[A-Z][A-Za-z]+(?![\w(])"),
    "Streamlit's .block-container": re.compile(r"\.block-container"),
    "a BaseWeb data attribute": re.compile(r"data-baseweb"),
    "the parent document": re.compile(r"window\.parent\.document|parent\.document"),
}

PENDING: set[str] = set()
"""Files that still break a rule while their replacement is under way (none left)."""


def offences(text: str) -> list[str]:
    """Every rule a source text breaks, with the offending snippet."""
    found = []
    for line in text.splitlines():
        for rule, pattern in INTERNAL.items():
            match = pattern.search(line)
            if match:
                found.append(f"{rule}: {match.group(0)!r} in {line.strip()[:90]!r}")
    return found


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p.relative_to(ROOT).as_posix() not in PENDING],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)  # fmt: skip
def test_no_css_or_script_on_streamlit_internals(path):
    assert offences(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<style>[data-testid='stMetricValue'] {font-size: 1.5rem}</style>",
        '"[data-testid=\\"stStatusWidget\\"]"',
        "doc.querySelector(\"[data-testid='stStatusWidget']\")",
        ".stMarkdown p {color: #000}",
        ".block-container {padding-top: 2.2rem}",
        "const doc = window.parent.document;",
        "[data-baseweb='select'] div {font-size: 18px}",
    ],
)
def test_the_check_catches_each_kind_of_internal_selector(snippet):
    assert offences(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        ".st-key-rd_stage {position: fixed}",
        "<b data-testid='rd-selected-nis'>12021</b>",
        'button.setAttribute("data-testid", "rd-copy-link");',
        "st.markdown(text)",
        "sel = sel.with_(presentation=True)",
    ],
)
def test_own_classes_keyed_containers_and_own_test_ids_pass(snippet):
    assert offences(snippet) == []
