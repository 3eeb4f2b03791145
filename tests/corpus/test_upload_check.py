"""The corpus of issue 12 through ``ruraldash upload check --json`` (main() in-process).

Per file: the outcome, the counts (rows read, municipalities matched, rows not recognised), the sum
and number of the values that reach the map, the suggested unit, and the message codes a user must
see. Expected figures come from how each file was built (tests/corpus/builders.py).
"""

from __future__ import annotations

import json

import pytest

from ruraldash import cli
from tests.app.conftest import needs_data
from tests.corpus.builders import CASES_MIN, Case, corpus

CASES = corpus()
pytestmark = needs_data


def run_check(case: Case, tmp_path, capsys) -> tuple[int, dict]:
    path = tmp_path / case.filename
    path.write_bytes(case.raw)
    capsys.readouterr()
    code = cli.main(["upload", "check", str(path), "--json", *case.args])
    return code, json.loads(capsys.readouterr().out)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= CASES_MIN
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_upload_check(case: Case, tmp_path, capsys):
    code, out = run_check(case, tmp_path, capsys)
    codes = [m["code"] for m in out["messages"]]
    assert out["outcome"] == case.outcome, codes
    assert code == (1 if case.outcome == "reject" else 0)
    for field in ("rows", "matched", "unmatched", "border_set"):
        if getattr(case, field) is not None:
            assert out[field] == getattr(case, field), field
    columns = {c["name"]: c for c in out["columns"]}
    for column, expected in case.sums.items():
        assert columns[column]["sum"] == pytest.approx(expected), column
        assert sum(out["values"][column].values()) == pytest.approx(expected)
    for column, n in case.n_values.items():
        assert columns[column]["n_values"] == n == len(out["values"][column])
    for column, unit in case.units.items():
        assert columns[column]["unit"] == unit
    if case.columns is not None:
        assert tuple(columns) == case.columns
    if case.rejected is not None:
        assert out["read"]["rejected_lines"] == list(case.rejected)
    assert set(case.codes) <= set(codes)
    assert not set(case.absent) & set(codes)
    texts = " ".join(m["text"] for m in out["messages"])
    for text in case.texts:
        assert text in texts
    assert not any(ch in texts for ch in "\u202e\u2067\u2069\u200f")


def test_a_clean_file_says_nothing_is_wrong(tmp_path, capsys):
    good = next(c for c in CASES if c.name == "good-semicolon-utf-8-codes")
    _, out = run_check(good, tmp_path, capsys)
    assert [m["level"] for m in out["messages"]] == ["info"]  # only the coverage line
    assert out["read"]["rejected_lines"] == [] and out["read"]["encoding_confidence"] == 1.0


def test_english_messages(tmp_path, capsys):
    case = next(c for c in CASES if c.name == "unbalanced-quote-row-5")
    case = Case(case.name, case.raw, args=("--taal", "en"))
    _, out = run_check(case, tmp_path, capsys)
    quote = next(m for m in out["messages"] if m["code"] == "unbalanced_quote")
    assert quote["text"].startswith("1 line(s) open a quote")


def test_text_output_without_json(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_bytes(b"nis;waarde\r\n11001;1,5\r\n")
    assert cli.main(["upload", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("uitkomst: accept") and "1 waarden, som 1.5" in out


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert cli.main(["upload", "check", str(tmp_path / "nope.csv")]) == 2
    assert "Kan" in capsys.readouterr().err
