"""Accessibility: axe-core (from npm, injected from the local copy) on every page, WCAG 2.1 AA."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, wait_idle

pytestmark = pytest.mark.e2e

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "kaart": "/",
    "profiel": "/profiel?gemeente=11002",
    "vergelijken": "/vergelijken",
    "index": "/index",
    "openruimtefonds": "/openruimtefonds",
    "monitor": "/monitor?gemeente=44034&monitor=built_ha",
    "plattelandstoets": "/plattelandstoets",
    "notities": "/notities",
    "eigen-gegevens": "/eigen-gegevens",
    "bronnen": "/bronnen",
    "presentatie": "/?presentatie=1",
    "kaart-en": "/?taal=en",
}


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160) + ' :: ' + n.failureSummary.slice(-160))})))",
        RULES,
    )
    return result


@pytest.fixture(scope="module")
def axe_ready():
    if not AXE.exists():
        pytest.skip("axe-core not installed: run `make axe` (make test does)")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag21aa_violations(page, axe_ready, name):
    page.goto(page.base_url + "/")
    page.locator("[data-testid='stSidebarNav'], [data-testid='stMain']").first.wait_for()
    page.goto(page.base_url + PAGES[name])
    page.locator("[data-testid='stMain']").first.wait_for()
    wait_idle(page)
    page.wait_for_timeout(1500)  # late widgets (maps, charts) mount after the rerun
    wait_idle(page)
    found = _violations(page)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)[:4000]
