"""Open Ruimtefonds page inputs: the budgets of scenarios A and B, ceilings, Gemeentefonds table.

The budgets come from (and go back to) the URL (``budget``, ``budget_b``, in euro). The uploaded or
pasted Gemeentefonds table lives only in this session's state (``rd_orf_gf``), never on disk.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data import gemeentefonds
from ruraldash.data.atlas import Atlas
from ruraldash.domain import allocation
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import Selection

BUDGET_DEFAULTS = {"A": allocation.BUDGET_DEFAULT_EUR, "B": allocation.BUDGET_PLUS65_EUR}
URL_KEYS = {"A": "budget", "B": "budget_b"}
PRESETS = {"current": allocation.BUDGET_DEFAULT_EUR, "plus65": allocation.BUDGET_PLUS65_EUR}
GF_KEY = "rd_orf_gf"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~$<>])")


@dataclass
class Ceilings:
    """The ceiling inputs: applied per scenario, Gemeentefonds shares, the 6 % flags."""

    applied: dict[str, bool]
    gemeentefonds: pd.Series | None
    reduced_cap: pd.Series


def md_escape(text: str) -> str:
    """Inert Markdown: markup characters get a backslash (for names and cells from user data)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _url_budget(sel: Selection, scenario: str, notices: list[str]) -> float:
    """The budget of the URL, or the default (with a Dutch notice) when the value is not valid."""
    param = URL_KEYS[scenario]
    raw = sel.extra.get(param)
    if raw is None:
        return BUDGET_DEFAULTS[scenario]
    value = orfpage.parse_budget_param(raw)
    if value is None:
        amount = orfpage.budget_text(BUDGET_DEFAULTS[scenario], sel.lang)
        shown = md_escape(raw[:40])
        notices.append(t("orfp_budget_bad_url", sel.lang, param=param, value=shown, amount=amount))
        return BUDGET_DEFAULTS[scenario]
    return value


def _budget(sel: Selection, scenario: str, notices: list[str]) -> float:
    """Preset (current fund / +65 million) or an amount typed in million euro."""
    lang, start = sel.lang, _url_budget(sel, scenario, notices)
    preset_key, text_key = f"w_orf_preset_{scenario}", f"w_orf_budget_{scenario}"
    if preset_key not in st.session_state:
        match = [k for k, v in PRESETS.items() if abs(v - start) < 0.005]
        st.session_state[preset_key] = match[0] if match else "custom"
        st.session_state[text_key] = orfpage.million_text(start, lang)
    labels = {
        "current": t(
            "orf_budget_default", lang, amount=orfpage.budget_text(PRESETS["current"], lang)
        ),
        "plus65": t("orf_budget_plus65", lang, amount=orfpage.budget_text(PRESETS["plus65"], lang)),
        "custom": t("orfp_budget_custom", lang),
    }
    choice = st.radio(
        t("orfp_scenario", lang, s=scenario),
        list(labels),
        key=preset_key,
        format_func=labels.__getitem__,
    )
    if choice != "custom":
        return PRESETS[choice]
    if text_key not in st.session_state:
        st.session_state[text_key] = orfpage.million_text(BUDGET_DEFAULTS[scenario], lang)
    text = st.text_input(
        t("orfp_budget_input", lang, s=scenario),
        key=text_key,
        help=t("orfp_budget_input_help", lang),
    )
    value = orfpage.parse_million(text, lang)
    if value is None:
        fallback = BUDGET_DEFAULTS[scenario]
        amount = orfpage.budget_text(fallback, lang)
        st.warning(t("orfp_budget_bad_input", lang, value=md_escape(text[:40]), amount=amount))
        return fallback
    own = f" ({t('px_own_scenario', lang)})" if orfpage.is_own_budget(value) else ""
    st.caption(f"= {orfpage.budget_text(value, lang)}{own}")
    return value


def _with_budgets(sel: Selection, budgets: dict[str, float]) -> Selection:
    """Budgets into ``sel.extra`` (left out when at their default, for short links)."""
    extra = {k: v for k, v in sel.extra.items() if k not in URL_KEYS.values()}
    for scenario, eur in budgets.items():
        if abs(eur - BUDGET_DEFAULTS[scenario]) >= 0.005:
            extra[URL_KEYS[scenario]] = orfpage.budget_param(eur)
    return sel.with_(extra=extra)


# --- Gemeentefonds table ---------------------------------------------------------------------


def _upload_key() -> str:
    return f"w_orf_upload_{st.session_state.get('rd_orf_upload_n', 0)}"


def _on_upload() -> None:
    file = st.session_state.get(_upload_key())
    if file is not None:
        st.session_state[GF_KEY] = {"raw": file.getvalue(), "name": file.name}
    elif (st.session_state.get(GF_KEY) or {}).get("name") is not None:
        st.session_state.pop(GF_KEY, None)


def _on_paste() -> None:
    text = st.session_state.get("w_orf_paste") or ""
    if text.strip():
        st.session_state[GF_KEY] = {"raw": text.encode("utf-8"), "name": None}
    elif (st.session_state.get(GF_KEY) or {}).get("name") is None:
        st.session_state.pop(GF_KEY, None)


def _on_remove() -> None:
    st.session_state.pop(GF_KEY, None)
    st.session_state["w_orf_paste"] = ""
    st.session_state["rd_orf_upload_n"] = st.session_state.get("rd_orf_upload_n", 0) + 1


def parsed_gemeentefonds(
    names: pd.Series, lang: str = "nl"
) -> gemeentefonds.GemeentefondsUpload | None:
    """The session's Gemeentefonds table, parsed against this border set (None when none)."""
    stored = st.session_state.get(GF_KEY)
    if not stored:
        return None
    known = {str(c) for c in names.index}
    return gemeentefonds.parse_gemeentefonds_table(
        stored["raw"],
        known,
        {str(k): str(v) for k, v in names.items()},
        lang,
        stored.get("name") or "",
    )


def _gemeentefonds_box(upload: gemeentefonds.GemeentefondsUpload | None, lang: str) -> None:
    st.caption(t("orfp_ceilings_explain", lang))
    left, right = st.columns(2)
    left.file_uploader(
        t("orf_up_label", lang),
        type=["csv", "txt", "tsv", "xlsx", "xls"],
        key=_upload_key(),
        on_change=_on_upload,
        max_upload_size=5,
    )
    left.caption(t("uploader_hint", lang))  # the box's own words are Streamlit's, in English
    right.text_area(t("orfp_paste_label", lang), key="w_orf_paste", on_change=_on_paste, height=100)
    if upload is None:
        st.info(t("orfp_gf_none", lang))
        return
    stored = st.session_state[GF_KEY]
    name = stored["name"] or t("orfp_gf_pasted", lang)
    line = t("orfp_gf_in_use", lang, name=md_escape(name), n=len(upload.values))
    problems = (
        upload.unknown_codes or upload.duplicates or upload.invalid_rows or upload.read_warnings
    )
    body = "\n".join(f"- {md_escape(m)}" for m in upload.messages)
    box = st.warning if problems or upload.values.empty else st.success
    box(f"{line}\n\n{body}")
    st.button(t("orfp_gf_remove", lang), key="rd_orf_gf_remove", on_click=_on_remove)


def _reduced_lists(inputs: orfpage.Inputs, lang: str) -> pd.Series:
    """Editable coastal and regional-city lists (6 % ceiling); centrumsteden are not offered."""
    names = inputs.names
    options = sorted(names.index[~inputs.centrumstad], key=lambda c: str(names[c]).lower())
    picked = {}
    for kind, default in (
        ("coastal", allocation.COASTAL_DEFAULT),
        ("regional", allocation.REGIONAL_CITIES_DEFAULT),
    ):
        key = f"w_orf_{kind}"
        current = st.session_state.get(key, list(default))
        st.session_state[key] = [c for c in current if c in set(options)]
        helptext = t("orfp_coastal_help" if kind == "coastal" else "orf_regional_help", lang)
        picked[kind] = st.multiselect(
            t(f"orfp_{kind}_label", lang),
            options,
            key=key,
            help=helptext,
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder=t("orfp_pick", lang),
        )
    st.caption(t("orfp_lists_note", lang, n=len(picked["coastal"])))
    return allocation.reduced_cap_flags(names.index, picked["regional"], picked["coastal"])


def budgets(sel: Selection) -> tuple[dict[str, float], Selection, list[str]]:
    """Sidebar: the budgets of scenarios A and B.

    Returns the budgets (euro), the selection carrying them for the URL, and notices about
    refused URL values (to show on the page).
    """
    chosen, notices = {}, []
    with st.sidebar:
        st.markdown(f"**{t('orfp_scenarios_heading', sel.lang)}**")
        for scenario in ("A", "B"):
            chosen[scenario] = _budget(sel, scenario, notices)
        st.caption(t("orf_budget_source", sel.lang))
    return chosen, _with_budgets(sel, chosen), notices


def ceilings(inputs: orfpage.Inputs, lang: str) -> Ceilings:
    """The ceilings expander: Gemeentefonds table, a switch per scenario, the 6 % lists."""
    upload = parsed_gemeentefonds(inputs.names, lang)
    has_gf = upload is not None and not upload.values.empty
    applied = {}
    with st.expander(t("orfp_ceilings_heading", lang), expanded=upload is not None):
        _gemeentefonds_box(upload, lang)
        for scenario, col in zip(("A", "B"), st.columns(2), strict=True):
            wanted = col.toggle(
                t("orfp_ceilings_toggle", lang, s=scenario),
                key=f"w_orf_caps_{scenario}",
                disabled=not has_gf,
                help=t("orfp_ceilings_toggle_help", lang),
            )
            applied[scenario] = bool(has_gf and wanted)
        reduced = _reduced_lists(inputs, lang)
    return Ceilings(
        applied=applied, gemeentefonds=upload.values if has_gf else None, reduced_cap=reduced
    )


@dataclass
class Controls:
    """The user's choices: a budget per scenario and the ceiling inputs."""

    budgets: dict[str, float]
    caps: Ceilings

    @property
    def ceilings(self) -> dict[str, bool]:
        """Per scenario: are the ceilings applied."""
        return self.caps.applied


def badge(text: str) -> str:
    """The status badge ("Indicatief, vóór plafonds"), escaped."""
    return (
        "<span class='rd-badge rd-orf-status' style='background:#8c510a'>"
        f"{html.escape(text)}</span>"
    )


def status(ceilings: dict[str, bool], scenario: str, lang: str) -> str:
    """The label of one scenario: "Indicatief, vóór plafonds" or "..., met plafonds ..."."""
    return t("orf_status_capped" if ceilings[scenario] else "orf_status_indicative", lang)


def statuses(controls: Controls, lang: str) -> list[str]:
    """The status of A and B: one label when they agree, else one per scenario."""
    labels = {s: status(controls.ceilings, s, lang) for s in ("A", "B")}
    if labels["A"] == labels["B"]:
        return [labels["A"]]
    return [f"{s}: {label}" for s, label in labels.items()]


def source_line(atlas: Atlas, inputs: orfpage.Inputs, controls: Controls, lang: str) -> str:
    """Provenance and status of the scenarios (under tables and maps, in exports)."""
    labels = {s: status(controls.ceilings, s, lang) for s in controls.budgets}
    return orfpage.source_line(atlas, inputs, controls.budgets, labels, lang)
