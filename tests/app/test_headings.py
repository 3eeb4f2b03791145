"""Every page has exactly one h1, first, and no skipped heading level (WCAG 1.3.1, 2.4.6): what a
screen-reader user gets from the heading list. Headings come from st.title/header/subheader and
from our own Markdown and HTML (``## …``, ``<h2 …>``), in document order."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import needs_data, run_page

pytestmark = needs_data
TAGS = {"title": 1, "header": 2, "subheader": 3}
HTML_HEADING = re.compile(r"<h([1-6])\b", re.I)
MD_HEADING = re.compile(r"^(#{1,6})\s", re.M)
PAGES = [
    ("kaart", {}),
    ("kaart", {"presentatie": "1", "stap": "1"}),
    ("profiel", {"gemeente": "73109"}),
    ("vergelijken", {}),
    ("index", {}),
    ("openruimtefonds", {}),
    ("monitor", {}),
    ("plattelandstoets", {}),
    ("notities", {}),
    ("eigen_gegevens", {}),
    ("bronnen", {}),
]


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def heading_levels(at: AppTest) -> list[tuple[int, str]]:
    """(level, text) of every heading of the page, sidebar first (as in the browser's DOM)."""
    out = []
    roots = [at._tree.children[i] for i in (1, 0) if i in at._tree.children]  # sidebar, main
    for root in roots:
        for node in _nodes(root):
            kind = getattr(node, "type", "")
            if kind in TAGS:
                out.append((TAGS[kind], node.value))
            elif kind == "markdown":
                body = str(node.value)
                found = [(m.start(), int(m.group(1))) for m in HTML_HEADING.finditer(body)]
                found += [(m.start(), len(m.group(1))) for m in MD_HEADING.finditer(body)]
                out += [(level, body[:60]) for _, level in sorted(found)]
    return out


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p}{len(q) or ''}" for p, q in PAGES])
def test_one_h1_first_and_no_skipped_level(page, params, tmp_path, monkeypatch):
    monkeypatch.setenv("RURALDASH_DB_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    at = run_page(page, **params)
    assert not at.exception, at.exception
    levels = heading_levels(at)
    assert [lv for lv, _ in levels].count(1) == 1, levels
    assert levels[0][0] == 1, levels
    for (before, _), (after, text) in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (f"h{before} → h{after} ({text})", levels)
