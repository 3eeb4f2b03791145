"""No English Streamlit defaults where Streamlit lets us choose (issue 21).

Every select box and multiselect passes ``placeholder=`` (else Streamlit shows "Choose an option"
/ "Choose options"), and every file uploader has our own Dutch line next to it (the box's "Drag
and drop file here" and "Browse files" cannot be set).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[1] / "src" / "ruraldash" / "ui"
FILES = sorted(UI.rglob("*.py"))


def _calls(path: Path, names: set[str]):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in names and node.keywords:
                yield node


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_select_box_has_its_own_placeholder(path):
    missing = [
        node.lineno
        for node in _calls(path, {"selectbox", "multiselect"})
        if not any(k.arg == "placeholder" for k in node.keywords)
    ]
    assert not missing, f"{path.name}: lines {missing} show Streamlit's English placeholder"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_uploader_has_a_dutch_line_next_to_it(path):
    text = path.read_text(encoding="utf-8")
    for node in _calls(path, {"file_uploader"}):
        after = text.splitlines()[node.end_lineno : node.end_lineno + 2]
        assert any(".caption(t(" in line for line in after), (path.name, node.lineno)
