"""The Plattelandstoets's input panel: what to screen (ORF key, an amount indicator or a file), the
typology and the provinces. Returns the allocation; a file goes through the upload check of
*Eigen gegevens* and its messages are shown as there."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain.allocation import BUDGET_DEFAULT_EUR, BUDGET_PLUS65_EUR
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import TYPOLOGIES, Selection
from ruraldash.features.toets import inputs
from ruraldash.features.toets.inputs import Allocation
from ruraldash.features.upload.check import reference_frames
from ruraldash.ui.views.uploadreport import md_text

KINDS = ("orf", "indicator", "upload")
BUDGETS = ("base", "plus65", "own")


@dataclass(frozen=True)
class Choice:
    """What the user picked (stored with a screen)."""

    kind: str
    budget: str = "base"
    budget_eur: float = BUDGET_DEFAULT_EUR
    indicator: str = ""
    file: str = ""
    column: str = ""
    typology: str = TYPOLOGIES[0]
    provinces: tuple[str, ...] = ()


def _orf(atlas: Atlas, sel: Selection, container) -> tuple[Allocation | None, dict]:
    lang = sel.lang
    pick = container.radio(
        t("toets_budget", lang),
        BUDGETS,
        key="w_toets_budget",
        horizontal=True,
        format_func=lambda b: t(f"toets_budget_{b}", lang),
    )
    eur = {"base": BUDGET_DEFAULT_EUR, "plus65": BUDGET_PLUS65_EUR}.get(pick)
    if pick == "own":
        text = container.text_input(
            t("toets_budget_own_input", lang), "150", key="w_toets_own_budget"
        )
        eur = orfpage.parse_million(text, lang)
        if eur is None:
            container.error(t("toets_budget_bad", lang))
            return None, {}
    return inputs.orf_allocation(atlas, sel.border_set, eur, lang), {
        "budget": pick,
        "budget_eur": eur,
    }


def _indicator(atlas: Atlas, sel: Selection, container) -> tuple[Allocation | None, dict]:
    lang = sel.lang
    ids = inputs.amount_indicators(atlas)
    ind = container.selectbox(
        t("toets_indicator", lang),
        ids,
        key="w_toets_ind",
        format_func=lambda i: atlas.catalogue[i].label(lang),
        placeholder=t("sb_choose", lang),
    )
    years = atlas.catalogue[ind].years
    year = (
        container.select_slider(
            t("sb_year", lang), list(years), value=max(years), key="w_toets_year"
        )
        if years
        else None
    )
    return inputs.indicator_allocation(atlas, ind, sel.border_set, year, lang), {"indicator": ind}


COL_KEY = "w_toets_col"
MISSING_KEY = "rd_toets_col_missing"
"""The column chosen for an earlier file that the current file does not offer: nothing is computed
until the user picks one of this file's columns."""
AGAIN_KEY = "rd_toets_file_again"
"""File and column of a reopened saved screen (the file itself is not stored)."""


def _upload(atlas: Atlas, sel: Selection, container) -> tuple[Allocation | None, dict]:
    lang = sel.lang
    file = container.file_uploader(
        t("toets_uploader", lang), type=["csv", "txt", "tsv", "xlsx"], key="w_toets_file"
    )
    container.caption(t("toets_uploader_help", lang))
    again = st.session_state.get(AGAIN_KEY)
    if file is None:
        if again:
            container.warning(t("toets_file_again", lang, **_quoted(again)))
        return None, {}
    if again and again.get("column") and COL_KEY not in st.session_state:
        st.session_state[COL_KEY] = again["column"]  # the saved screen's (named if missing)
    st.session_state.pop(AGAIN_KEY, None)
    alloc, cols = _checked(atlas, sel, file.getvalue(), file.name)
    _messages(alloc, lang, container)
    if alloc.outcome == "reject":
        return None, {}
    missing = None if st.session_state.get(COL_KEY) else st.session_state.get(MISSING_KEY)
    if missing:
        quoted = _quoted({"column": missing, "file": file.name})
        container.warning(t("toets_column_missing", lang, **quoted))
    if len(cols) > 1 or missing:
        container.selectbox(
            t("toets_column", lang), cols, key=COL_KEY, placeholder=t("sb_choose", lang)
        )
    if missing:
        return None, {}
    year = container.text_input(t("toets_year", lang), key="w_toets_file_year", max_chars=20)
    alloc.year = year.strip()
    return alloc, {"file": file.name, "column": alloc.columns[0] if alloc.columns else ""}


def _quoted(values: dict) -> dict:
    return {k: md_text(str(v)[:80]) for k, v in values.items()}


def _checked(atlas: Atlas, sel: Selection, raw: bytes, name: str) -> tuple[Allocation, list[str]]:
    """The file through the upload check on the chosen column, and every value column it offers
    (for the column box). A chosen column this file does not offer is remembered
    (:data:`MISSING_KEY`) and the choice emptied, never replaced by the first column."""
    units, mapping = reference_frames(atlas)
    check = lambda c: inputs.upload_allocation(  # noqa: E731
        raw, name, sel.border_set, units, mapping, column=c, lang=sel.lang
    )
    first = check(None)
    column = st.session_state.get(COL_KEY) or None
    if first.outcome == "reject" or column is None:
        return first, first.columns
    if column in first.columns:
        st.session_state.pop(MISSING_KEY, None)
        return check(column), first.columns
    st.session_state[MISSING_KEY], st.session_state[COL_KEY] = column, None
    first.messages = [m for m in first.messages if m["code"] != "toets_first_column"]
    return first, first.columns


def restore(saved: dict | None) -> None:
    """A reopened saved screen made with a file: the upload panel again, with a note that the file
    must be loaded again (only its name and column were saved), once per screen."""
    choice = (saved or {}).get("choice") or {}
    if choice.get("kind") != "upload" or st.session_state.get("rd_toets_restored") == saved["id"]:
        return
    st.session_state["rd_toets_restored"] = saved["id"]
    st.session_state["w_toets_kind"] = "upload"
    st.session_state[AGAIN_KEY] = {
        "file": choice.get("file", ""),
        "column": choice.get("column", ""),
    }


def _messages(alloc: Allocation, lang: str, container) -> None:
    """The upload check's messages, grouped as on *Eigen gegevens*."""
    for level, show, key in (
        ("error", container.error, "upv_errors"),
        ("warning", container.warning, "upv_warnings"),
    ):
        found = [m for m in alloc.messages if m["level"] == level]
        if found:
            show(f"**{t(key, lang)}**\n\n" + "\n".join(f"- {md_text(m['text'])}" for m in found))
    for m in alloc.messages:
        if m["code"].startswith("toets_"):
            container.info(md_text(m["text"]))
    info = [
        m for m in alloc.messages if m["level"] == "info" and not m["code"].startswith("toets_")
    ]
    if info:
        with container.expander(t("upv_all_messages", lang)):
            st.markdown("\n".join(f"- {md_text(m['text'])}" for m in info))


def panel(atlas: Atlas, sel: Selection) -> tuple[Allocation | None, Choice]:
    """The input panel; the allocation (None until a usable one is chosen) and the choice."""
    lang = sel.lang
    left, right = st.columns([3, 2], gap="large")
    kind = left.radio(
        t("toets_kind", lang),
        KINDS,
        key="w_toets_kind",
        format_func=lambda k: t(f"toets_kind_{k}", lang),
    )
    maker = {"orf": _orf, "indicator": _indicator, "upload": _upload}[kind]
    alloc, extra = maker(atlas, sel, left)
    provinces = sorted(atlas.units(sel.border_set)["province"].unique())
    _carry_over(sel, provinces)
    typology = right.selectbox(
        t("sb_typology", lang),
        list(TYPOLOGIES),
        key="w_toets_typology",
        format_func=lambda v: t(f"typology_{v}", lang),
        placeholder=t("sb_choose", lang),
    )
    chosen = right.multiselect(
        t("sb_provinces", lang), provinces, key="w_toets_prov", placeholder=t("sb_all", lang)
    )
    right.caption(t("toets_provinces_help", lang))
    return alloc, Choice(kind=kind, typology=typology, provinces=tuple(chosen), **extra)


def _carry_over(sel: Selection, provinces: list[str]) -> None:
    """The map's provinces and typology are the screen's first scope (the user can change them)."""
    state = st.session_state
    if "w_toets_prov" not in state:
        state["w_toets_prov"] = [p for p in sel.provinces if p in provinces]
    if "w_toets_typology" not in state and sel.typology in TYPOLOGIES:
        state["w_toets_typology"] = sel.typology
