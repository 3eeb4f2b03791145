"""The note form, and a save that tells the truth on bad Wi-Fi.

Only the server's commit shows "bewaard". A small script in the page (attached once per browser
tab) hides the previous confirmation the moment Save is clicked and shows "bezig met bewaren";
when Streamlit loses its connection it shows "niet bewaard — verbinding weg" until the server
answers a later save. The form keeps text, municipality and facet (Streamlit keeps unsent form
values in the browser, also across a server restart). Each note carries a client token (a hidden
form field, so it survives a reconnect too): a retried save of a note that did reach the
database returns that note instead of storing it twice.
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime

import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import notes
from ruraldash.features.notes.model import BRUSSELS
from ruraldash.features.selection import Selection
from ruraldash.ui.state import KEY, set_selection
from ruraldash.ui.views.notessession import title_line

TOKEN_KEY = "np_token"
FACET_PARAM = "nfacet"
RESULT_KEY = "np_result"
PENDING_TIMEOUT_MS = 12_000
"""A save the server has not answered within this time is shown as not saved."""

_CSS = """<style>
.st-key-np_token {display: none !important}
.rd-save-msg {display: none; padding: .6rem .9rem; border-radius: .5rem; font-weight: 600}
.rd-save-pending {background: #fff4ce; color: #5c4300}
.rd-save-lost, .rd-save-offline {background: #fde7e9; color: #8a1020; border: 2px solid #b2182b}
html[data-rd-save] .st-key-np_status {display: none !important}
html[data-rd-save='pending'] .rd-save-pending,
html[data-rd-save='lost'] .rd-save-lost,
html[data-rd-save='offline'] .rd-save-offline {display: block}
.rd-char-count {font-size: .9rem; color: #333; margin-top: -.4rem}
.rd-char-count.rd-over {color: #b2182b; font-weight: 700}
.rd-session {font-size: 1.35rem; margin: .2rem 0 .3rem}
.rd-session-label {color: #444} .rd-session-title {font-weight: 700}
</style>"""

_SAVE_JS = """<script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.rdSaveWatch) return;
  doc.rdSaveWatch = true;
  const root = doc.documentElement;
  const st = {state: "", nonce: "", since: 0, wasDown: false};
  const nonce = () => { const m = doc.querySelector(".rd-save-nonce"); return m ? m.dataset.nonce : ""; };
  const body = () => doc.querySelector(".st-key-np_body textarea");
  const set = (s) => { st.state = s; if (s) root.dataset.rdSave = s; else delete root.dataset.rdSave; };
  const down = () => {
    const w = doc.querySelector("[data-testid='stStatusWidget']");
    const b = doc.querySelector(".st-key-np_submit button");
    return !!(w && /connect/i.test(w.textContent)) || !!(b && b.disabled);
  };
  const pending = () => { st.nonce = nonce(); st.since = Date.now(); set("pending"); };
  doc.addEventListener("click", (ev) => {
    if (ev.target.closest && ev.target.closest(".st-key-np_submit button")) pending();
  }, true);
  doc.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && ev.target.closest
        && ev.target.closest(".st-key-np_form")) pending();
  }, true);
  const count = () => {
    const el = doc.querySelector(".rd-char-count"), area = body();
    if (!el || !area) return;
    const n = area.value.replace(/\\r\\n?/g, "\\n").trim().length, max = +el.dataset.max;
    const fmt = (v) => v.toLocaleString(el.dataset.locale);
    const over = n > max;
    const text = (over ? el.dataset.over : el.dataset.ok).replace("{n}", fmt(n)).replace("{max}", fmt(max));
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle("rd-over", over);
  };
  doc.addEventListener("input", (ev) => { if (ev.target === body()) count(); }, true);
  // Back online. A restarted server has forgotten this tab, and Streamlit's first requests after
  // such a reconnect get lost: reload the page (the link keeps session, municipality and facet)
  // and put the text and the note's client token back, so one click on Save stores it once.
  const W = doc.defaultView, token = () => doc.querySelector(".st-key-np_token input");
  const fill = (el, value) => {
    const proto = el.tagName === "TEXTAREA" ? W.HTMLTextAreaElement : W.HTMLInputElement;
    Object.getOwnPropertyDescriptor(proto.prototype, "value").set.call(el, value);
    el.dispatchEvent(new W.Event("input", {bubbles: true}));
  };
  const keepAndReload = () => {
    const draft = {path: W.location.pathname, body: body() ? body().value : "",
                   token: token() ? token().value : "", at: Date.now()};
    W.sessionStorage.setItem("rdNoteDraft", JSON.stringify(draft));
    W.location.reload();
  };
  const draft = JSON.parse(W.sessionStorage.getItem("rdNoteDraft") || "null");
  W.sessionStorage.removeItem("rdNoteDraft");
  if (draft && draft.path === W.location.pathname && Date.now() - draft.at < 120000) {
    set("lost");
    let calm = 0;
    const restore = setInterval(() => {
      const busy = doc.querySelector("[data-testid='stStatusWidget']") || !body() || !token();
      calm = busy ? 0 : calm + 1;
      if (calm < 3) return;
      clearInterval(restore);
      fill(body(), draft.body);
      if (draft.token) fill(token(), draft.token);
      count();
      root.dataset.rdRestored = "1";
    }, 400);
  }
  setInterval(() => {
    count();
    const answered = nonce() && nonce() !== st.nonce;
    if (!down() && st.wasDown) {
      st.wasDown = false;
      const typed = body() && body().value.trim();
      if (typed || st.state === "pending" || st.state === "lost") keepAndReload();
    }
    if (down()) {
      st.wasDown = true;
      const typed = body() && body().value.trim();
      if (st.state === "pending" || st.state === "lost" || typed) set("lost");
      else set("offline");
    } else if (st.state === "offline") set("");
    else if ((st.state === "pending" || st.state === "lost") && answered) set("");
    else if (st.state === "pending" && Date.now() - st.since > TIMEOUT) set("lost");
  }, 400);
})();
</script>"""


def new_token() -> str:
    """A fresh client token for the next note."""
    return uuid.uuid4().hex


def _result(kind: str, text: str) -> None:
    st.session_state[RESULT_KEY] = {"kind": kind, "text": text, "nonce": new_token()}


def _save(store: notes.NoteStore, session: notes.Session, lang: str) -> None:
    """Form callback: save the note; on failure keep every field and say why."""
    s = st.session_state
    try:
        note = store.add(
            session.slug,
            s.get("np_body", ""),
            nis_code=s.get("np_nis"),
            facet=s.get("np_facet"),
            group_name=s.get("np_group") or None,
            client_token=s.get(TOKEN_KEY),
        )
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        _result("error", f"{notes.md_escape(exc.message(lang))} {t('np_kept', lang)}")
        return
    s["np_body"] = ""
    s[TOKEN_KEY] = new_token()
    moment = datetime.fromisoformat(note.created_at).astimezone(BRUSSELS)
    title = notes.md_escape(session.title)
    _result("saved", t("np_saved_at", lang, time=f"{moment:%H:%M}", title=title))


def _remember() -> None:
    """Callback: put the chosen municipality and facet into the selection (and so the URL)."""
    sel: Selection | None = st.session_state.get(KEY)
    if sel is None:
        return
    facet = st.session_state.get("np_facet")
    extra = {k: v for k, v in sel.extra.items() if k != FACET_PARAM}
    if facet is not None:
        extra[FACET_PARAM] = str(facet)
    set_selection(sel.with_(selected=st.session_state.get("np_nis"), extra=extra))


def _facet_label(facet: int | None, lang: str) -> str:
    return t("np_none", lang) if facet is None else f"{facet} {facet_label(facet, lang)}"


def _tag(name: str, css: str, attrs: dict[str, str], text: str) -> str:
    """``<name class=css attrs...>text</name>`` with every value escaped."""
    pairs = "".join(f" {k}='{html.escape(v, quote=True)}'" for k, v in attrs.items())
    return f"<{name} class='{css}'{pairs}>{html.escape(text)}</{name}>"


def _counter(lang: str) -> None:
    """The live character counter under the text (the script updates it while typing)."""
    n = len((st.session_state.get("np_body") or "").strip())
    limit = notes.MAX_BODY
    key = "np_count_over" if n > limit else "np_count"
    shown = t(key, lang, n=number(n, 0, lang), max=number(limit, 0, lang))
    attrs = {
        "data-max": str(limit),
        "data-locale": "nl-BE" if lang == "nl" else "en-GB",
        "data-ok": t("np_count", lang, n="{n}", max="{max}"),
        "data-over": t("np_count_over", lang, n="{n}", max="{max}"),
    }
    attrs["aria-live"] = "polite"
    counter = _tag("div", "rd-char-count", attrs, shown)
    st.markdown(counter, unsafe_allow_html=True)


def _status(lang: str) -> None:
    """The server's answer to the last save, and the client-side pending/lost messages."""
    result = st.session_state.pop(RESULT_KEY, None)
    with st.container(key="np_status"):
        if result:
            (st.success if result["kind"] == "saved" else st.error)(result["text"])
            nonce = {"data-nonce": result["nonce"]}
            marker = _tag("span", "rd-save-nonce", nonce, "")
            st.markdown(marker, unsafe_allow_html=True)
    msgs = "".join(
        f"<div class='rd-save-msg rd-save-{kind}' role='status'>{html.escape(t(key, lang))}</div>"
        for kind, key in (("pending", "np_pending"), ("lost", "np_lost"), ("offline", "np_offline"))
    )
    st.markdown(f"<div aria-live='assertive'>{msgs}</div>", unsafe_allow_html=True)


def note_form(store: notes.NoteStore, atlas: Atlas, sel: Selection, session: notes.Session) -> None:
    """The capture form (municipality, facet, group, text) with counter and save status."""
    lang = sel.lang
    units = atlas.units(sel.border_set)["name"].sort_values()
    options = [None, *units.index]
    st.markdown(_CSS, unsafe_allow_html=True)
    st.html(_SAVE_JS.replace("TIMEOUT", str(PENDING_TIMEOUT_MS)), unsafe_allow_javascript=True)
    st.subheader(t("np_new_note", lang))
    title_line(session, lang)
    if TOKEN_KEY not in st.session_state:
        st.session_state[TOKEN_KEY] = new_token()
    raw = sel.extra.get(FACET_PARAM, "")
    facet = int(raw) if raw in {str(f) for f in FACETS} else None
    with st.container(key="np_form"):
        # outside the text form and kept in the link (?gemeente=...&nfacet=...): a server
        # restart starts a fresh session, and the page then reads them back from the URL
        left, mid, right = st.columns(3)
        left.selectbox(
            t("np_municipality", lang),
            options,
            index=options.index(sel.selected) if sel.selected in units.index else 0,
            key="np_nis",
            format_func=lambda c: t("np_none", lang) if c is None else f"{units[c]} ({c})",
            on_change=_remember,
        )
        mid.selectbox(
            t("np_facet", lang),
            [None, *FACETS],
            index=facet or 0,
            key="np_facet",
            format_func=lambda f: _facet_label(f, lang),
            on_change=_remember,
        )
        right.text_input(t("np_group", lang), key="np_group", max_chars=120)
        _text_form(store, session, lang)
    _status(lang)


def _text_form(store: notes.NoteStore, session: notes.Session, lang: str) -> None:
    """The text, its counter, the hidden client token and Save: sent together on Save."""
    with st.form("np_note_form", clear_on_submit=False, border=False, enter_to_submit=False):
        st.text_area(t("np_body", lang), key="np_body", height=140)
        _counter(lang)
        st.text_input(t("np_token_label", lang), key=TOKEN_KEY, label_visibility="collapsed")
        st.form_submit_button(
            t("np_save", lang),
            type="primary",
            key="np_submit",
            on_click=_save,
            args=(store, session, lang),
        )
