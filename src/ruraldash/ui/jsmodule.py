"""Custom components (v2) whose code is a content-hashed static module behind one small loader.

Streamlit sends a component's inline ``js``, ``html`` and ``css`` with every mount, so on every
rerun. A component made here sends only a few hundred bytes of loader; its real code is
``static/gen/<stem>-<hash>.js`` (written by :mod:`ruraldash.render.staticgen`), imported once per
page and cached by the browser. The module's default export gets the component's arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import streamlit as st

from ruraldash.core.config import settings

LOADER = """
export default function (args) {
  const g = globalThis, url = args.data.module;
  const mods = g.__rdMods || (g.__rdMods = {});
  const mod = mods[url] || (mods[url] = import(location.origin + url));
  mod.then((m) => m.default(args), () => { delete mods[url]; });
}
"""
"""Imports the module named in ``data.module`` (once per page; a failed import is tried again on
the next rerun) and hands it the arguments."""


def static_url() -> str:
    """Where the app serves ``static/`` (Leaflet, generated geometry and the widgets' modules)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = settings().section("app").get("static_url", "/app/static").strip("/")
    return "/" + "/".join(p for p in (base, path) if p)


@cache
def component(name: str) -> Callable:
    """The component ``name`` with the module loader as its code."""
    return st.components.v2.component(name, js=squeeze(LOADER))


def squeeze(js: str) -> str:
    """Inline JavaScript without its indentation and blank lines (sent with every rerun)."""
    return "\n".join(line.strip() for line in js.splitlines() if line.strip())
