"""Paths and settings, read once from ``config.toml`` at the project root."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
"""Project root (the folder holding ``config.toml`` and ``app.py``)."""


@dataclass(frozen=True)
class Settings:
    """Resolved settings; every path is absolute."""

    root: Path
    data_dir: Path
    mirror: Path
    manifest: Path
    catalogue: Path
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def geo_cache_dir(self) -> Path:
        """Folder of derived geometry caches (keyed by source checksum)."""
        return self.data_dir / "cache"

    def section(self, name: str) -> dict[str, Any]:
        """Return one ``[section]`` of config.toml (empty dict when absent)."""
        return dict(self.raw.get(name, {}))


def _resolve(base: Path, value: str) -> Path:
    p = Path(os.path.expanduser(value))
    return p if p.is_absolute() else (base / p).resolve()


def load_settings(path: Path | None = None) -> Settings:
    """Read ``config.toml``; ``$RURALDASH_DATA_DIR`` and ``$RURALDASH_DATA_MIRROR`` override paths.

    Parameters
    ----------
    path : Path, optional
        Config file; defaults to ``<root>/config.toml``.
    """
    path = path or ROOT / "config.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    base = path.parent
    data = raw.get("data", {})
    data_dir = _resolve(base, os.environ.get("RURALDASH_DATA_DIR", data.get("dir", "data")))
    mirror = _resolve(
        base, os.environ.get("RURALDASH_DATA_MIRROR", data.get("mirror", "../shared/data"))
    )
    return Settings(
        root=base,
        data_dir=data_dir,
        mirror=mirror,
        manifest=_resolve(base, data.get("manifest", "data/sources.toml")),
        catalogue=_resolve(base, data.get("catalogue", "indicators.toml")),
        raw=raw,
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings (cached)."""
    return load_settings()
