"""The app's own "ready" stamp: browser tests (and anyone scripting the app) wait for it.

Every run of the router numbers itself (``rd_run`` in the session) and mounts two tiny
``st.components.v2`` components: one first, which writes ``data-rd-busy="<n>"`` on the page's
``<html>`` element as soon as the run's first elements arrive, and one last, which writes
``data-rd-ready="<n>"`` (and ``data-rd-page``) once everything the page's script drew is on
screen. The page is idle when both carry the same number. Hidden in keyed containers (their public
``st-key-*`` classes); nothing of Streamlit's status widget or DOM is read.
"""

from __future__ import annotations

import streamlit as st

from ruraldash.ui.jsmodule import squeeze

RUN_KEY = "rd_run"
BUSY, READY = "busy", "ready"

_JS = """
export default function(component) {
  const { data } = component;
  const root = document.documentElement;
  if (data.phase === "busy") {
    root.dataset.rdBusy = String(data.run);
  } else {
    root.dataset.rdPage = data.page;
    root.dataset.rdReady = String(data.run);
  }
}
"""
_COMPONENT = st.components.v2.component("ruraldash_ready", js=squeeze(_JS))
_CSS = "<style>.st-key-rd_run_busy, .st-key-rd_run_ready {display: none}</style>"


def started() -> int:
    """Number this run and stamp it busy (call before the page runs); returns the run number."""
    run = int(st.session_state.get(RUN_KEY, 0)) + 1
    st.session_state[RUN_KEY] = run
    st.html(_CSS)
    _stamp(BUSY, run, "")
    return run


def finished(page: str = "") -> None:
    """Stamp this run ready: everything the page's script drew is on screen before this."""
    _stamp(READY, int(st.session_state.get(RUN_KEY, 0)), page)


def _stamp(phase: str, run: int, page: str) -> None:
    with st.container(key=f"rd_run_{phase}"):
        _COMPONENT(key=f"rd_run_{phase}_stamp", data={"phase": phase, "run": run, "page": page})
