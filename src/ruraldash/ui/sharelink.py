"""The "kopieer link" button: puts the address of the current view on the clipboard.

A small ``st.components.v2`` component (no iframe, public API): the page's own URL already holds
the whole view (``ui.state.sync_url`` writes it on every run), so the button copies
``window.location.href``. Where the Clipboard API is unavailable (an insecure context) it falls
back to a selected text field and ``document.execCommand("copy")``, and always shows the link.
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.i18n import t

_HTML = (
    '<div class="rd-copy"><button type="button" class="rd-copy-button"></button>'
    '<span class="rd-copy-status" role="status" aria-live="polite"></span></div>'
)
_CSS = """
.rd-copy {display:flex; flex-wrap:wrap; align-items:center; gap:.5rem; font-family:inherit}
.rd-copy-button {font:inherit; font-size:1rem; padding:.25rem .75rem; min-height:2.5rem;
  border:1px solid rgba(49,51,63,.35); border-radius:.5rem; background:#fff; color:#1f1f1f;
  cursor:pointer}
.rd-copy-button:hover {border-color:#b2182b; color:#b2182b}
.rd-copy-button:focus-visible {outline:3px solid #1f6feb; outline-offset:2px}
.rd-copy-status {font-size:.9rem; color:#1f1f1f; word-break:break-all}
"""
_JS = """
export default function(component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector(".rd-copy-button");
  const status = parentElement.querySelector(".rd-copy-status");
  button.textContent = data.label;
  button.setAttribute("data-testid", "rd-copy-link");
  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
  button.onclick = async () => {
    const url = window.location.href;
    let ok = false;
    try { ok = await copy(url); } catch (e) { ok = false; }
    status.textContent = (ok ? data.done : data.failed) + " " + url;
  };
}
"""
_COMPONENT = st.components.v2.component("ruraldash_copy_link", html=_HTML, css=_CSS, js=_JS)


def copy_button(lang: str, key: str = "rd_copy_link") -> None:
    """A "kopieer link" button; after a click it says the link was copied, and shows it."""
    _COMPONENT(
        key=key,
        data={
            "label": t("px_copy_link", lang),
            "done": t("px_copy_done", lang),
            "failed": t("px_copy_failed", lang),
        },
    )
