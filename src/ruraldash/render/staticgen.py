"""The generated files under ``static/gen/``: written by ``ruraldash data sync`` or the first start.

The map widget's browser files are content-named (``geo-<set>-<hash>.json``, ``mapwidget-<hash>.js``)
so browsers may cache them for good. :func:`generate` writes the current ones and removes stale
ones of the same families; after that the app only reads them, so ``static/gen`` may be read-only
(a replica under systemd). When a file is missing and cannot be written, :class:`StaticGenError`
says in Dutch what is wrong and how to fix it, instead of a traceback on the map page.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ruraldash.core.vocab import BORDER_SETS
from ruraldash.render import mapstyle, pagestyle

STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
GEN_DIR = "gen"
WIDGET_ASSET = Path(__file__).resolve().parents[1] / "ui" / "assets" / "mapwidget.js"
"""The map widget's JavaScript, served as ``gen/mapwidget-<hash>.js`` (a file, not an import)."""
WIDGET_SCHEMA = WIDGET_ASSET.with_name("mapwidget.schema.json")
SEARCH_ASSET = WIDGET_ASSET.with_name("searchbox.js")
"""The search box's JavaScript, served as ``gen/searchbox-<hash>.js``."""
COPY_ASSET = WIDGET_ASSET.with_name("copylink.js")
"""The "kopieer link" button's JavaScript, served as ``gen/copylink-<hash>.js``."""
FAMILIES = (
    "geo-*.json", "mapwidget-*.js", "searchbox-*.js", "copylink-*.js", "search-*.json", "app-*.css",
    "*.tmp",
)  # fmt: skip
"""What :func:`prune` may remove: only files this module (or an older version of it) wrote."""


LOAD_JS = """(kind, url) => {
  const g = globalThis, store = g.__rdStore || (g.__rdStore = {}), key = kind + " " + url;
  const once = (n) => {
    const u = url + (n ? "?retry=" + n : "");
    if (kind === "geo") return fetch(u).then((r) => (r.ok ? r.json() : Promise.reject(new Error("geo " + r.status))));
    if (kind === "module") return import(location.origin + u);
    return new Promise((ok, fail) => {
      const s = Object.assign(document.createElement("script"), {src: u, onload: ok});
      s.onerror = () => { s.remove(); fail(new Error("script " + u)); };
      document.head.appendChild(s);
    });
  };
  return store[key] || (store[key] = once(0).catch(() => once(1)).catch((e) => { delete store[key]; throw e; }));
}"""
"""The one loader of the map widget's files (module, Leaflet, geometry): one promise per file and page,
a failed try is retried once (a new URL, so no cached failure), a failed promise is dropped so a
later rerun tries again. The preload (``ui.mapwidget``) and the widget's module (as ``LOAD``) define
it as ``globalThis.__rdLoad``; the first one wins, so the module finds the preload's promises."""


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


def publish(stem: str, content: bytes, suffix: str, static_dir: Path | None = None) -> str:
    """Write ``content`` as ``gen/<stem>-<hash><suffix>`` (see :func:`write`); its path under static/."""
    rel = content_name(stem, content, suffix)
    write((static_dir or STATIC_DIR) / rel, content)
    return rel


def search_module(static_dir: Path | None = None) -> str:
    """Publish the search box's JavaScript as ``gen/searchbox-<hash>.js``."""
    return publish("searchbox", SEARCH_ASSET.read_bytes(), ".js", static_dir)


def copy_module(static_dir: Path | None = None) -> str:
    """Publish the copy-link button's JavaScript as ``gen/copylink-<hash>.js``."""
    return publish("copylink", COPY_ASSET.read_bytes(), ".js", static_dir)


def app_css(static_dir: Path | None = None) -> str:
    """Publish the app's stylesheet (:data:`ruraldash.render.pagestyle.PAGE_CSS`) as
    ``gen/app-<hash>.css``."""
    return publish("app", pagestyle.PAGE_CSS.encode("utf-8"), ".css", static_dir)


def search_options(labels: dict[str, str]) -> bytes:
    """The search box's option file: ``[[code, label], …]`` sorted by label (UTF-8 JSON)."""
    rows = [[c, labels[c]] for c in sorted(labels, key=lambda c: labels[c].lower())]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def widget_code(asset: Path = WIDGET_ASSET) -> bytes:
    """The widget's module: the generated constants (the style table, its hatch and the payload's
    keys from the schema) above ``ui/assets/mapwidget.js``."""
    keys = sorted(json.loads(WIDGET_SCHEMA.read_text(encoding="utf-8"))["properties"])
    head = (
        "// generated by ruraldash.ui.mapwidget.module_code: do not edit\n"
        f"const STYLE = {json.dumps(mapstyle.STYLE.as_dict(), sort_keys=True)};\n"
        f"const HATCH = {json.dumps(mapstyle.hatch_pattern())};\n"
        f"const PAYLOAD_KEYS = {json.dumps(keys)};\n"
        f"const LOAD = {LOAD_JS};\n"
    )
    return head.encode() + asset.read_bytes()


def widget_module(static_dir: Path | None = None, asset: Path = WIDGET_ASSET) -> str:
    """Publish the map widget's module as ``gen/mapwidget-<hash>.js``; its path under static/."""
    static_dir = static_dir or STATIC_DIR
    code = widget_code(asset)
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
    geometry: Callable[[str, Path], str],
    static_dir: Path | None = None,
    clean: bool = True,
    labels: Callable[[str], dict[str, str]] | None = None,
) -> Generated:
    """Write every current generated file and (with ``clean``) remove the stale ones.

    ``geometry(border_set, static_dir)`` publishes one border set's geometry and returns its path
    under ``static/`` (:func:`ruraldash.render.maplayer.geometry`'s ``url_path``); ``labels(border_set)``
    gives the search box's options (:func:`ruraldash.features.search.labels`).
    """
    static_dir = static_dir or STATIC_DIR  # read when called (tests point it elsewhere)
    current = [geometry(bs, static_dir) for bs in BORDER_SETS]
    current.append(widget_module(static_dir))
    current.append(search_module(static_dir))
    current.append(copy_module(static_dir))
    current.append(app_css(static_dir))
    if labels is not None:
        for bs in BORDER_SETS:
            current.append(publish(f"search-{bs}", search_options(labels(bs)), ".json", static_dir))
    removed = prune(current, static_dir) if clean else ()
    return Generated(tuple(current), removed)
