"""Streamlit's upload limit is the app's own: the uploader and the Dutch caption agree."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ruraldash.features.upload import LIMITS

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_server_max_upload_size_is_the_app_limit():
    server = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["server"]
    assert server["maxUploadSize"] * 1024 * 1024 == LIMITS.max_bytes


def test_the_uploader_sets_no_limit_of_its_own():
    view = Path(__file__).resolve().parents[1] / "src/ruraldash/ui/views/uploadview.py"
    assert "max_upload_size" not in view.read_text(encoding="utf-8")
