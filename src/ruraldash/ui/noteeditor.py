"""The note editor: text, table or group, counter and Save as one custom component v2.

It replaces a script that watched Streamlit's DOM. The browser side (``assets/noteeditor.js``)
owns its own text field, keeps the draft (text, group, the note's client token and a save in
flight) in ``localStorage`` and never reads or writes Streamlit's elements. The contract:

- server → browser, ``data`` (:class:`EditorData`): labels, limits, the draft's storage key, the
  health URL it pings to tell "verbinding weg" from a slow answer, and the server's
  :class:`~ruraldash.features.notes.saving.SaveAnswer` to the last request;
- browser → server, trigger ``save`` (:class:`~ruraldash.features.notes.saving.SaveRequest`):
  text, group, token, nonce; trigger ``recheck``: a rerun while the database is down, so the page
  recovers by itself.

A save without an answer (server gone, restart in flight) is sent again with the same token until
one comes; the server finds a note already stored by its token and says "bewaard".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.features.notes import MAX_BODY
from ruraldash.features.notes.saving import SaveAnswer, SaveRequest

EDITOR_KEY = "np_editor"
TIMEOUT_MS = 12_000  # a save without an answer within this time is "verbinding weg"
RETRY_MS = 5_000  # how often a save that was not answered, or met a down database, is sent again
_JS = Path(__file__).with_name("assets") / "noteeditor.js"
_HTML = """<div class="rd-ne" data-rd-save="">
<label class="rd-ne-label"><span class="rd-ne-group-label"></span>
<input class="rd-ne-group" type="text" maxlength="200" autocomplete="off"></label>
<label class="rd-ne-label"><span class="rd-ne-body-label"></span>
<textarea class="rd-ne-body" rows="6"></textarea></label>
<div class="rd-ne-count" aria-live="polite"></div>
<div class="rd-ne-row"><button type="button" class="rd-ne-save"></button>
<span class="rd-ne-help"></span></div>
<div class="rd-ne-status" role="status" aria-live="assertive"></div>
</div>"""
_CSS = """
.rd-ne {display:flex; flex-direction:column; gap:.45rem; font-family:inherit; color:#1f1f1f}
.rd-ne-label {display:flex; flex-direction:column; gap:.25rem; font-size:.9rem}
.rd-ne-body, .rd-ne-group {font:inherit; font-size:1rem; padding:.5rem .6rem; border-radius:.5rem;
  border:1px solid rgba(49,51,63,.45); background:#fff; color:#1f1f1f}
.rd-ne-body {min-height:8.5rem; resize:vertical}
.rd-ne-body:focus-visible, .rd-ne-group:focus-visible, .rd-ne-save:focus-visible {
  outline:3px solid #1f6feb; outline-offset:2px}
.rd-ne-count {font-size:.9rem; color:#333}
.rd-ne-count.rd-over {color:#b2182b; font-weight:700}
.rd-ne-row {display:flex; align-items:center; gap:.75rem; flex-wrap:wrap}
.rd-ne-save {font:inherit; font-size:1rem; padding:.4rem 1rem; min-height:2.5rem; border:0;
  border-radius:.5rem; background:#b2182b; color:#fff; cursor:pointer}
.rd-ne-help {font-size:.85rem; color:#444}
.rd-ne-status:empty {display:none}
.rd-ne-status {padding:.6rem .9rem; border-radius:.5rem; font-weight:600}
.rd-ne-pending {background:#fff4ce; color:#5c4300}
.rd-ne-saved {background:#dff3e4; color:#0b5a23}
.rd-ne-lost, .rd-ne-offline, .rd-ne-dbdown, .rd-ne-refused {background:#fde7e9; color:#8a1020;
  border:2px solid #b2182b}
"""


@dataclass(frozen=True)
class EditorData:
    """What the editor receives on every run (server → browser)."""

    draft_key: str
    token: str
    health: str
    locale: str
    labels: dict[str, str]
    place: dict  # {"nis_code": str | None, "facet": int | None}: chosen on the page right now
    answer: dict | None = None
    recheck: bool = False
    max_chars: int = MAX_BODY
    timeout_ms: int = TIMEOUT_MS
    retry_ms: int = RETRY_MS


LABEL_KEYS = {
    "body": "np_body",
    "group": "np_group",
    "save": "np_save",
    "help": "np_editor_help",
    "pending": "np_pending",
    "lost": "np_lost",
    "offline": "np_offline",
    "checking": "np_checking",
}


def labels(lang: str) -> dict[str, str]:
    """The editor's words in one language (counter texts keep ``{n}`` and ``{max}``)."""
    words = {name: t(key, lang) for name, key in LABEL_KEYS.items()}
    words["count"] = t("np_count", lang, n="{n}", max="{max}")
    words["count_over"] = t("np_count_over", lang, n="{n}", max="{max}")
    return words


@cache
def _component():
    return st.components.v2.component(
        "ruraldash_note_editor", html=_HTML, css=_CSS, js=_JS.read_text(encoding="utf-8")
    )


def health_url() -> str:
    """Streamlit's health endpoint under the app's base path (the editor pings it)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (base, "_stcore/health") if p)


def request() -> SaveRequest | None:
    """The save request of this rerun (None when the editor sent none)."""
    value = st.session_state.get(EDITOR_KEY)
    return SaveRequest.from_browser(value.get("save") if value is not None else None)


def editor(data: EditorData, on_save: Callable[[], None]) -> None:
    """Mount (first run) or update the editor; ``on_save`` runs before the rerun of a Save."""
    _component()(
        key=EDITOR_KEY,
        data=asdict(data),
        on_save_change=on_save,
        on_recheck_change=lambda: None,
    )


def answer_record(answer: SaveAnswer | None) -> dict | None:
    """The answer as the browser reads it."""
    return answer.to_browser() if answer is not None else None
