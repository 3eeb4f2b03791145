"""The screening questions: answered from the data where it can, in words by the user where not;
stored with the screen under a shareable id ("bewaard" only once the store said so)."""

from __future__ import annotations

import html

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.features.selection import Selection
from ruraldash.features.toets.questions import TOOLKITS, Question
from ruraldash.features.toets.store import ScreenStore, StoreError, clean_answers
from ruraldash.ui.state import share_url

SCREEN_PARAM = "toets"
PAGE = "plattelandstoets"
SAVED_KEY = "rd_toets_saved"


@st.cache_resource(show_spinner=False)
def _store() -> ScreenStore:
    return ScreenStore()


def screen_link(sel: Selection, screen_id: str = "") -> str:
    """The link to this page with the selection (and a saved screen's id)."""
    return share_url(sel, PAGE, {SCREEN_PARAM: screen_id} if screen_id else None)


def loaded(screen_id: str) -> dict | None:
    """A saved screen from a link (None when unknown or the store is unreachable)."""
    try:
        return _store().load(screen_id)
    except StoreError:
        return None


def _seed_answers(saved: dict | None) -> None:
    if saved and not st.session_state.get("rd_toets_seeded") == saved.get("id"):
        for key, text in (saved.get("answers") or {}).items():
            st.session_state[f"w_toets_a_{key}"] = text
        st.session_state["rd_toets_seeded"] = saved.get("id")


def questions_section(
    qs: list[Question], document: dict, sel: Selection, saved: dict | None
) -> dict[str, str]:
    """Every question with its answer; returns the user's answers (cleaned)."""
    lang = sel.lang
    st.header(t("toets_h_questions", lang))
    st.caption(t("toets_questions_intro", lang))
    _seed_answers(saved)
    answers = {}
    for q in qs:
        st.markdown(f"**{html.escape(q.text)}** <span style='color:#545454'>({html.escape(q.ref)})</span>",
                    unsafe_allow_html=True)  # fmt: skip
        if q.answer:
            st.markdown(f"{html.escape(q.answer)}  \n<i style='color:#545454'>{html.escape(t('toets_by_data', lang))}</i>",
                        unsafe_allow_html=True)  # fmt: skip
        else:
            answers[q.id] = st.text_area(t("toets_your_answer", lang), key=f"w_toets_a_{q.id}", height=80,
                                         label_visibility="collapsed", placeholder=t("toets_your_answer", lang))  # fmt: skip
    with st.expander(t("toets_toolkits_heading", lang)):
        st.markdown(
            "\n".join(
                f"- {html.escape(name)}" + (f" – {url}" if url else "") for name, url in TOOLKITS
            )
        )
    cleaned = clean_answers(answers)
    _save(document | {"answers": cleaned}, sel)
    return cleaned


def _save(document: dict, sel: Selection) -> None:
    lang = sel.lang
    if st.button(t("toets_save", lang), key="w_toets_save", type="primary"):
        try:
            screen_id = _store().save(document)
        except StoreError as err:
            st.session_state[SAVED_KEY] = None
            st.error(t(err.code, lang))
            return
        st.session_state[SAVED_KEY] = screen_id
    screen_id = st.session_state.get(SAVED_KEY)
    if screen_id:
        link = screen_link(sel, screen_id)
        st.success(t("toets_saved", lang, id=screen_id))
        st.code(link, language=None)
