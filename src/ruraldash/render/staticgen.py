"""The generated files under ``static/gen/``: written by ``ruraldash data sync`` or the first start.

The map widget's browser files are content-named (``geo-<set>-<hash>.json``, ``mapwidget-<hash>.js``)
so browsers may cache them for good. :func:`generate` writes the current ones and removes stale
ones of the same families; after that the app only reads them, so ``static/gen`` may be read-only
(a replica under systemd). When a file is missing and cannot be written, :class:`StaticGenError`
says in Dutch what is wrong and how to fix it, instead of a traceback on the map page.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
GEN_DIR = "gen"
WIDGET_ASSET = Path(__file__).resolve().parents[1] / "ui" / "assets" / "mapwidget.js"
"""The map widget's JavaScript, served as ``gen/mapwidget-<hash>.js`` (a file, not an import)."""
BORDER_SETS = ("2019", "2025")
FAMILIES = ("geo-*.json", "mapwidget-*.js", "*.tmp")
"""What :func:`prune` may remove: only files this module (or an older version of it) wrote."""


class StaticGenError(OSError):
    """A generated file is missing and ``static/gen`` cannot be written; the message is Dutch."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(
            f"Het kaartbestand {path.name} ontbreekt en kan niet geschreven worden in {path.parent} "
            f"({reason}). Oplossing: voer `ruraldash data sync` uit als een gebruiker die in "
            f"static/gen mag schrijven (daarna mag de map alleen-lezen zijn), of maak "
            f"{path.parent} een schrijfbare map."
        )


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` did: the current files (relative to ``static/``) and removed ones."""

    current: tuple[str, ...]
    removed: tuple[str, ...]


def content_name(stem: str, content: bytes, suffix: str) -> str:
    """``<stem>-<first 12 hex of sha256><suffix>``, relative to ``static/`` (under ``gen/``)."""
    return f"{GEN_DIR}/{stem}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}"


def write(path: Path, content: bytes) -> None:
    """Write a content-named file atomically unless it is there already (then only read access
    is needed); :class:`StaticGenError` when it is missing and cannot be written."""
    if path.is_file():
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        raise StaticGenError(path, exc.strerror or type(exc).__name__) from exc


def widget_module(static_dir: Path | None = None, asset: Path = WIDGET_ASSET) -> str:
    """Publish the map widget's JavaScript as ``gen/mapwidget-<hash>.js``; its path under static/."""
    static_dir = static_dir or STATIC_DIR
    code = asset.read_bytes()
    rel = content_name("mapwidget", code, ".js")
    write(static_dir / rel, code)
    return rel


def prune(keep: Iterable[str], static_dir: Path | None = None) -> tuple[str, ...]:
    """Remove generated files of :data:`FAMILIES` under ``static/gen`` that are not in ``keep``."""
    gen, keep = (static_dir or STATIC_DIR) / GEN_DIR, set(keep)
    if not gen.is_dir():
        return ()
    stale = sorted(
        {p for pattern in FAMILIES for p in gen.glob(pattern) if p.is_file()},
        key=lambda p: p.name,
    )
    removed = []
    for path in stale:
        rel = f"{GEN_DIR}/{path.name}"
        if rel not in keep:
            path.unlink(missing_ok=True)
            removed.append(rel)
    return tuple(removed)


def generate(
    geometry: Callable[[str, Path], str], static_dir: Path | None = None, clean: bool = True
) -> Generated:
    """Write every current generated file and (with ``clean``) remove the stale ones.

    ``geometry(border_set, static_dir)`` publishes one border set's geometry and returns its path
    under ``static/`` (:func:`ruraldash.render.maplayer.geometry`'s ``url_path``).
    """
    static_dir = static_dir or STATIC_DIR  # read when called (tests point it elsewhere)
    current = [geometry(bs, static_dir) for bs in BORDER_SETS]
    current.append(widget_module(static_dir))
    removed = prune(current, static_dir) if clean else ()
    return Generated(tuple(current), removed)
