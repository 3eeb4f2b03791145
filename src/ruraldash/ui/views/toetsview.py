"""The Plattelandstoets page body: input, reach, per-type table, distribution, need, test, map,
what-if (A/B), the screening questions and the toetsrapport (PDF, slide, XLSX)."""

from __future__ import annotations

import html
from dataclasses import asdict
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import fairness
from ruraldash.features import printview
from ruraldash.features.selection import Selection
from ruraldash.features.toets import questions, report, screen, words
from ruraldash.features.toets.context import load_context, source_text
from ruraldash.features.toets.inputs import Allocation
from ruraldash.render import exports, printmap, slides
from ruraldash.render.toetsrapport import report_pdf, report_xlsx
from ruraldash.ui.downloads import PPTX_MIME, XLSX_MIME
from ruraldash.ui.views import toetsanswers, toetscharts, toetsinputs
from ruraldash.ui.views.toetscharts import md
from ruraldash.ui.views.uploadreport import md_text


@st.cache_resource(show_spinner=False, max_entries=16)
def _context(_atlas: Atlas, border_set: str, typology: str, lang: str):
    """Inhabitants, area and types of a border set (the same for every session: shared)."""
    return load_context(_atlas, border_set, typology, lang)


def header(lang: str) -> None:
    """Title, what the screen is, and the toolkits it follows."""
    st.title(t("toets_title", lang))
    st.markdown(t("toets_intro", lang))


def _badges(scr: screen.Screen, lang: str) -> str:
    return " ".join(
        f"<span class='rd-badge' style='background:{'#4d4d4d' if own else '#5e3c99'}'>{html.escape(label)}</span>"
        for label, own in report.status_labels(scr, lang)
    )


def headline(scr: screen.Screen, lang: str, footer: str) -> None:
    """Reach, ratio, Gini and the test in one row, with the sentences under it."""
    st.markdown(
        f"<h2>{html.escape(scr.allocation.label)} {_badges(scr, lang)}</h2>", unsafe_allow_html=True
    )
    st.caption(scr.context.typology_note)
    r = scr.reach
    cols = st.columns(5)
    cols[0].metric(t("toets_m_reach_munis", lang), number(100 * r.municipalities, 1, lang, "%"))
    cols[1].metric(t("toets_m_reach_people", lang), number(100 * r.population, 1, lang, "%"))
    cols[2].metric(t("toets_m_ratio", lang), number(scr.ratio, 2, lang))
    cols[3].metric(t("toets_m_gini", lang), number(scr.gini, 3, lang))
    cols[4].metric(t("toets_m_p", lang), number(scr.test.p_value, 4, lang))
    st.markdown(md(words.reach_sentence(scr, lang)) + "  \n" + md(words.ratio_sentence(scr, lang)))
    st.info(words.test_sentence(scr, lang))
    reach = words.reach_table(scr, lang)
    st.markdown(f"**{t('toets_h_reach', lang)}**")
    fmt = {c: (lambda v: number(v, 1, lang)) for c in reach.columns[2:]}
    st.dataframe(reach.style.format(fmt), hide_index=True)
    for m in scr.messages:
        (st.warning if m["level"] in ("warning", "error") else st.caption)(md_text(m["text"]))


def type_table(scr: screen.Screen, lang: str, footer: str) -> None:
    """The per-type table (numbers stay numbers, Belgian display)."""
    st.header(t("toets_h_table", lang))
    table = words.type_table(scr, lang)
    decimals = words.table_decimals(table)
    styled = table.style.format(
        {c: (lambda v, d=d: number(v, d, lang)) for c, d in decimals.items()}
    )
    st.dataframe(styled, hide_index=True)
    st.caption(t("toets_table_note", lang))
    st.markdown(f"<div class='rd-footer'>{html.escape(footer)}</div>", unsafe_allow_html=True)


def whatif(scr: screen.Screen, lang: str) -> None:
    """Scale one type's amounts or apply a per-inhabitant floor; A (input) and B side by side."""
    st.header(t("toets_h_whatif", lang))
    kind = st.radio(t("toets_whatif_kind", lang), ("scale", "floor"), horizontal=True, key="w_toets_wi",
                    format_func=lambda k: t(f"toets_whatif_{k}", lang))  # fmt: skip
    ctx, amount = scr.context, scr.allocation.amount
    if kind == "scale":
        left, right = st.columns(2)
        groups = [str(g) for g in scr.table.index]
        first = groups.index("platteland") if "platteland" in groups else 0
        group = left.selectbox(t("toets_whatif_group", lang), groups, index=first, key="w_toets_wi_group",
                               format_func=lambda g: words.group_label(g, lang), placeholder=t("sb_choose", lang))  # fmt: skip
        pct = right.slider(t("toets_whatif_pct", lang), 0, 300, 150, step=10, key="w_toets_wi_pct")
        b_amount = fairness.scale_group(amount, ctx.groups, group, pct / 100)
        what = t("toets_whatif_scale_text", lang, group=words.group_label(group, lang), pct=pct)
    else:
        floor = st.number_input(t("toets_whatif_floor_input", lang, unit=words.per_unit(scr, lang)),
                                min_value=0.0, value=10.0, step=1.0, key="w_toets_wi_floor")  # fmt: skip
        b_amount = fairness.floor_per_inhabitant(
            amount, ctx.population, floor / words.per_scale(scr)
        )
        what = t(
            "toets_whatif_floor_text",
            lang,
            floor=number(floor, 2, lang, words.per_unit(scr, lang)),
        )
    b_alloc = Allocation(**{**scr.allocation.__dict__, "amount": b_amount, "own": True,
                            "label": what, "messages": []})  # fmt: skip
    b = screen.run(b_alloc, ctx, _provinces(scr), lang)
    st.caption(t("toets_whatif_note", lang))
    a_col, b_col = st.columns(2, gap="large")
    for col, s, head in (
        (a_col, scr, t("toets_whatif_a", lang)),
        (b_col, b, f"{t('toets_whatif_b', lang)}: {what}"),
    ):
        col.markdown(f"**{md(head)}**")
        col.dataframe(_ab_table(s, lang, scr), hide_index=True)
    st.markdown(
        md(
            t(
                "toets_whatif_change",
                lang,
                a=words.ratio_sentence(scr, lang),
                b=words.ratio_sentence(b, lang),
            )
        )
    )


def _provinces(scr: screen.Screen) -> tuple[str, ...]:
    if len(scr.scope) == len(scr.context.names):
        return ()
    return tuple(sorted(set(scr.context.provinces.reindex(scr.scope))))


def _ab_table(s: screen.Screen, lang: str, scale_of: screen.Screen | None = None) -> pd.DataFrame:
    """Headline figures of one side of the what-if (per inhabitant at ``scale_of``'s scale)."""
    ref = scale_of or s
    unit = words.amount_unit(s, lang)
    rows = [(t("toets_fig_total", lang), number(s.overall["amount"], 0, lang, unit))]
    for g, row in s.table.iterrows():
        label = words.group_label(g, lang)
        rows.append(
            (
                t("toets_fig_per_inh", lang, type=label),
                number(
                    words.per_scale(ref) * row["amount_per_inhabitant"],
                    2,
                    lang,
                    words.per_unit(ref, lang),
                ),
            )
        )
        rows.append(
            (t("toets_fig_gap", lang, type=label), number(row["share_gap_pp"], 1, lang, "pp"))
        )
    rows += [(t("toets_fig_ratio", lang), number(s.ratio, 2, lang)), (t("toets_fig_gini", lang), number(s.gini, 3, lang)),
             (t("toets_fig_p", lang), number(s.test.p_value, 4, lang))]  # fmt: skip
    return pd.DataFrame(rows, columns=[t("toets_fig_name", lang), t("toets_fig_value", lang)])


def exports_section(
    atlas: Atlas, scr: screen.Screen, sel: Selection, answers: dict, qs, csource: str, link: str
) -> None:
    """The toetsrapport: PDF, PowerPoint slide and XLSX (built on click)."""
    lang = sel.lang
    st.header(t("toets_h_report", lang))
    st.caption(t("toets_report_note", lang))
    stem = ["plattelandstoets", sel.border_set, date.today().isoformat()]
    layer = report.map_layer(atlas, scr, sel, lang)
    footer = f"{scr.allocation.source}; {csource}"
    spec = lambda: report.print_spec(atlas, scr, layer, sel)  # noqa: E731
    shapes = lambda: printview.shapes(atlas, sel.border_set)  # noqa: E731
    png = lambda: printmap.render(shapes(), spec(), "png", bare=True)  # noqa: E731
    rep = lambda: report.report(scr, qs, answers, csource, link, lang)  # noqa: E731
    cols = st.columns(3)
    cols[0].download_button(t("toets_dl_pdf", lang), lambda: report_pdf(rep(), png(), lang),
                            exports.filename(*stem, "toetsrapport", ext="pdf", lang=lang), "application/pdf",
                            key="rd_toets_pdf", on_click="ignore", type="primary")  # fmt: skip
    cols[1].download_button(t("toets_dl_pptx", lang), lambda: slides.deck([report.slide(spec(), scr, png(), lang)]),
                            exports.filename(*stem, "dia", ext="pptx", lang=lang), PPTX_MIME, key="rd_toets_pptx", on_click="ignore")  # fmt: skip
    cols[2].download_button(t("toets_dl_xlsx", lang),
                            lambda: report_xlsx(report.workbook_sheets(scr, qs, answers, csource, lang),
                                                report.workbook_meta(scr, csource, link, lang, qs, answers), footer, lang),
                            exports.filename(*stem, ext="xlsx", lang=lang), XLSX_MIME, key="rd_toets_xlsx", on_click="ignore")  # fmt: skip


def render(atlas: Atlas, sel: Selection) -> None:
    """The whole page body."""
    lang = sel.lang
    saved = toetsanswers.loaded(sel.extra.get(toetsanswers.SCREEN_PARAM, ""))
    header(lang)
    if saved:
        st.info(t("toets_loaded", lang, id=saved["id"], when=saved.get("saved_at", "")))
    elif sel.extra.get(toetsanswers.SCREEN_PARAM):
        st.warning(t("toets_not_found", lang, id=sel.extra[toetsanswers.SCREEN_PARAM][:20]))
    toetsinputs.restore(saved)
    alloc, choice = toetsinputs.panel(atlas, sel)
    if alloc is None:
        st.info(t("toets_pick_input", lang))
        return
    ctx = _context(atlas, sel.border_set, choice.typology, lang)
    scr = screen.run(alloc, ctx, choice.provinces, lang)
    csource = source_text(atlas, ctx, lang)
    footer = f"{t('source_label', lang)}: {alloc.source}; {csource}; {ctx.typology_note}"
    headline(scr, lang, footer)
    type_table(scr, lang, footer)
    toetscharts.lorenz(scr, footer, lang)
    toetscharts.need_scatter(atlas, scr, sel)
    toetscharts.map_section(atlas, scr, sel, footer)
    whatif(scr, lang)
    qs = questions.questions(scr, csource, lang)
    document = {
        "choice": asdict(choice),
        "record": screen.record(scr),
        "border_set": sel.border_set,
        "lang": lang,
    }
    answers = toetsanswers.questions_section(qs, document, sel, saved)
    link = toetsanswers.screen_link(sel, st.session_state.get(toetsanswers.SAVED_KEY) or "")
    exports_section(atlas, scr, sel, answers, qs, csource, link)
