"""AppTest boilerplate shared by the page tests: run a page file with URL parameters, read its text.

The pages need the synced data bundle; without it these tests skip (``make data`` syncs it).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ruraldash.core.config import ROOT, settings
from ruraldash.data.atlas import check_data

needs_data = pytest.mark.skipif(
    bool(check_data(settings())), reason="synced data missing (run `make data`)"
)


def page_path(name: str) -> str:
    """The file of a page in ``pages/`` (``"kaart"`` → ``pages/kaart.py``)."""
    return str(ROOT / "pages" / f"{name}.py")


def run_page(name: str, timeout: float = 90, **params: str) -> AppTest:
    """Run ``pages/<name>.py`` once with the given URL query parameters."""
    at = AppTest.from_file(page_path(name), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    """Every Markdown element of the page, joined (HTML included, as Streamlit receives it)."""
    return " ".join(m.value for m in at.markdown)
