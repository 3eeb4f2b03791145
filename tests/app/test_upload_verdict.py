"""One verdict per file: the page 'Eigen gegevens' and ``ruraldash upload check`` agree (issue 21).

The page runs with the file in its session (as after an upload) and its verdict is read from what a
user sees: the red box (reject), the yellow box "Bruikbaar, maar controleer dit" (accept with
warning) or "Alles in orde" (accept) — exactly one of them.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.core.i18n import t
from tests.app.conftest import needs_data, page_path
from tests.corpus.builders import (
    OLD,
    Case,
    corpus,
    issue21_cases,
    to_csv,
    with_coverage_warning,
)
from tests.corpus.test_upload_check import run_check

pytestmark = needs_data
ASKS_TO_CHECK = re.compile(r"(?i)\b(controleer|klopt)")
SEPARATORS = {"puntkomma": ";", "komma": ",", "tab": "\t", "streep": "|"}
SAMPLE = ("good-semicolon-cp1252-names", "belgian-excel-csv", "duplicate-municipality",
          "code-name-conflict", "missing-values-stay-missing", "one-column")  # fmt: skip
CASES = with_coverage_warning(issue21_cases()) + [c for c in corpus() if c.name in SAMPLE]


def page_verdict(case: Case, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("RURALDASH_DB_URL", f"sqlite:///{tmp_path / 'page.sqlite'}")
    at = AppTest.from_file(page_path("eigen_gegevens"), default_timeout=90)
    at.session_state["rd_up_file"] = {"raw": case.raw, "name": case.filename}
    if "--scheiding" in case.args:
        at.session_state["w_up_sep"] = SEPARATORS[case.args[case.args.index("--scheiding") + 1]]
    at.run()
    assert not at.exception, at.exception
    shown = {
        "reject": [e for e in at.error if t("upv_errors", "nl") in e.value],
        "accept_with_warning": [w for w in at.warning if t("upv_warnings", "nl") in w.value],
        "accept": [s for s in at.success if s.value == t("upv_all_good", "nl")],
    }
    if shown["reject"]:
        return "reject"  # a rejected file may list warnings as well
    found = [verdict for verdict, boxes in shown.items() if boxes]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_page_and_the_command_give_the_same_verdict(case, tmp_path, capsys, monkeypatch):
    _, out = run_check(case, tmp_path, capsys)
    assert out["outcome"] == case.outcome
    assert page_verdict(case, tmp_path, monkeypatch) == case.outcome


def test_a_message_that_asks_the_user_to_check_is_never_info(tmp_path, capsys):
    asked = 0
    for case in corpus():
        _, out = run_check(case, tmp_path, capsys)
        for message in out["messages"]:
            if ASKS_TO_CHECK.search(message["text"]):
                asked += 1
                assert message["level"] in ("warning", "error"), (case.name, message)
                assert out["outcome"] != "accept", case.name
    assert asked > 10


def test_five_of_300_municipalities_is_a_warning_on_the_page_and_in_the_command(
    tmp_path, capsys, monkeypatch
):
    """A clean file for 5 municipalities: not "Alles in orde", but how many of how many, on
    which borders (the reviewer's Voeren file)."""
    rows = [["NIS", "Waarde"]] + [[c, f"{i},5"] for i, (c, _) in enumerate(OLD[:5])]
    case = Case("five-municipalities", to_csv(rows), outcome="accept_with_warning")
    _, out = run_check(case, tmp_path, capsys)
    assert out["outcome"] == "accept_with_warning"
    low = [m for m in out["messages"] if m["code"] == "low_coverage"]
    assert low and low[0]["level"] == "warning"
    assert "5 van de 300 gemeenten (grenzen 2019–2024)" in low[0]["text"]
    assert page_verdict(case, tmp_path, monkeypatch) == "accept_with_warning"
