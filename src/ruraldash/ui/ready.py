"""The app's own "ready" stamp: browser tests (and anyone scripting the app) wait for it.

Every run of the router numbers itself (``rd_run`` in the session) and mounts two tiny
``st.components.v2`` components: one first, which writes ``data-rd-busy="<n>"`` on the page's
``<html>`` element as soon as the run's first elements arrive, and one last, which writes
``data-rd-ready="<n>"`` (and ``data-rd-page``) once everything the page's script drew is on
screen. The page is idle when both carry the same number. Hidden in keyed containers (their public
``st-key-*`` classes); nothing of Streamlit's status widget or DOM is read.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from ruraldash.render import staticgen
from ruraldash.render.staticgen import StaticGenError
from ruraldash.ui.jsmodule import squeeze, static_url

RUN_KEY = "rd_run"
BUSY, READY = "busy", "ready"

_BUSY_JS = """
export default function({ data }) {
  document.documentElement.dataset.rdBusy = String(data.run);
  const head = document.head;
  let link = head.querySelector("link[data-rd-css]");
  if (data.css && (!link || link.getAttribute("href") !== data.css)) {
    if (!link) {
      link = Object.assign(document.createElement("link"), {rel: "stylesheet"});
      link.setAttribute("data-rd-css", "");
      head.appendChild(link);
    }
    link.setAttribute("href", data.css);
  }
}
"""
_READY_JS = """
export default function({ data }) {
  const stamp = document.documentElement.dataset;
  stamp.rdPage = data.page;
  stamp.rdReady = String(data.run);
}
"""
_COMPONENTS = {
    BUSY: st.components.v2.component("ruraldash_busy", js=squeeze(_BUSY_JS)),
    READY: st.components.v2.component("ruraldash_ready", js=squeeze(_READY_JS)),
}
_CSS = "<style>.st-key-rd_run_busy, .st-key-rd_run_ready {display: none}</style>"


def started() -> int:
    """Number this run and stamp it busy (call before the page runs); returns the run number.

    The busy stamp also links the app's stylesheet (:mod:`ruraldash.render.pagestyle`) once."""
    run = int(st.session_state.get(RUN_KEY, 0)) + 1
    st.session_state[RUN_KEY] = run
    st.html(_CSS)
    _stamp(BUSY, run, "", css=_stylesheet())
    return run


@cache
def _css_path() -> str:
    return staticgen.app_css()  # the same file `ruraldash data sync` writes


def _stylesheet() -> str:
    """The stylesheet's URL; empty when ``static/gen`` lacks it and cannot be written (the page
    then says so in Dutch: ``ui.base``)."""
    try:
        return f"{static_url()}/{_css_path()}"
    except StaticGenError:
        return ""


def finished(page: str = "") -> None:
    """Stamp this run ready: everything the page's script drew is on screen before this."""
    _stamp(READY, int(st.session_state.get(RUN_KEY, 0)), page)


def _stamp(phase: str, run: int, page: str, css: str = "") -> None:
    data = {"run": run, "page": page} | ({"css": css} if css else {})
    with st.container(key=f"rd_run_{phase}"):
        _COMPONENTS[phase](key=f"rd_run_{phase}_stamp", data=data)
