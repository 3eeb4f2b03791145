"""The toetsrapport: the screen's texts for the PDF, the workbook's sheets and metadata, the slide,
and the map of the amount per inhabitant (one layer for the page, the print map and the slide).

It states the rural definition used (typology, status), the input and its source (a typed or
uploaded amount is never credited to an official source), every figure with unit, year and
source, the difference test's result and the user's answers.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.features.toets import words
from ruraldash.features.toets.questions import TOOLKITS, Question
from ruraldash.features.toets.screen import Screen
from ruraldash.render.toetsrapport import Report


def map_layer(atlas, screen: Screen, sel, lang: str = "nl"):
    """The map of the amount per inhabitant through the one map front door (``features.maps``):
    five quantile classes over the screened municipalities, the others outside the filter (grey),
    no amount stays "geen gegevens"."""
    from ruraldash.features.maps import map_layer as front_door

    labels = [label for label, _ in status_labels(screen, lang)]
    scoped = sel.with_(provinces=_scope_provinces(screen), types=())
    return front_door(
        "values",
        atlas,
        scoped,
        values=words.shown_per(screen),
        title=t("toets_map_title", lang, input=screen.allocation.label),
        unit=words.per_unit(screen, lang),
        source=f"{screen.allocation.source}; {screen.context.typology_note}",
        status="user" if screen.allocation.own else screen.allocation.status,
        status_text=" · ".join(labels),
        subtitle=f"{screen.allocation.label} · {screen.context.typology_note}",
        decimals=2,
    )


def _scope_provinces(screen: Screen) -> tuple[str, ...]:
    """The provinces of a province-scoped screen (empty: all of Flanders)."""
    ctx = screen.context
    if len(screen.scope) == len(ctx.names):
        return ()
    return tuple(sorted(set(ctx.provinces.reindex(screen.scope))))


def status_labels(screen: Screen, lang: str = "nl") -> list[tuple[str, bool]]:
    """Badges of the input: its status, and "eigen scenario" / "eigen gegevens" (own = True)."""
    alloc = screen.allocation
    labels = [(t(f"status_{alloc.status}", lang), False)]
    if alloc.kind == "openruimtefonds":
        labels = [(t("orf_status_indicative", lang), False)]
        if alloc.own:
            labels.append((t("px_own_scenario", lang), True))
    elif alloc.own:
        labels = [(t("status_user", lang), True)]
    return labels


def definition_rows(screen: Screen, context_source: str, lang: str = "nl") -> list[tuple[str, str]]:
    """Rural definition, input, source, scope and test settings (PDF head and metadata sheet)."""
    alloc, ctx, test = screen.allocation, screen.context, screen.test
    scope = (
        ", ".join(sorted(set(ctx.provinces.reindex(screen.scope))))
        if len(screen.scope) < len(ctx.names)
        else t("toets_scope_all", lang)
    )
    return [
        (t("toets_meta_definition", lang), f"{ctx.typology_note} · {t('toets_meta_rural_split', lang)}"),
        (t("toets_meta_input", lang), f"{alloc.label} ({words.amount_unit(screen, lang)})"),
        (t("toets_meta_input_source", lang), alloc.source),
        (t("toets_meta_input_year", lang), alloc.year or t("toets_year_unknown", lang)),
        (t("toets_meta_status", lang), " · ".join(label for label, _ in status_labels(screen, lang))),
        (t("toets_meta_context", lang), context_source),
        (t("toets_meta_borders", lang), t(f"border_{ctx.border_set}", lang)),
        (t("toets_meta_scope", lang), scope),
        (t("toets_meta_test", lang), t("toets_meta_test_text", lang, n=number(test.permutations, 0, lang), seed=test.seed)),
    ]  # fmt: skip


def _cell(value: object, decimals: int, lang: str) -> str:
    return value if isinstance(value, str) else number(value, decimals, lang)


def _answers(qs: list[Question], answers: dict[str, str]) -> list[tuple[str, str, str, str]]:
    return [
        (q.ref, q.text, q.answer or answers.get(q.id, ""), "data" if q.answer else "") for q in qs
    ]


def _numbered(figs: list[words.Figure], sources: list[str]) -> list[tuple[str, str, str, str, str]]:
    """Figures with their sources as numbers ([1] the allocation, [1; 2] with inhabitants/area)."""

    def refs(text: str) -> str:
        return "; ".join(f"[{n}]" for n, src in enumerate(sources, start=1) if src in text)

    return [(f.name, f.value, f.unit, f.year, refs(f.source)) for f in figs]


def report(screen: Screen, qs: list[Question], answers: dict[str, str], context_source: str,
           link: str = "", lang: str = "nl") -> Report:  # fmt: skip
    """The texts of the toetsrapport (PDF)."""
    table = words.type_table(screen, lang)
    decimals = words.table_decimals(table)
    rows = [[_cell(v, decimals.get(c, 0), lang) for c, v in zip(table.columns, r, strict=True)]
            for r in table.itertuples(index=False, name=None)]  # fmt: skip
    top, bottom = words.deciles_text(screen, lang)
    reach = words.reach_table(screen, lang)
    curve = screen.curve
    points = (
        list(zip(curve["cum_population"], curve["cum_amount"], strict=True))
        if screen.gini == screen.gini
        else []
    )
    conc = "; ".join(
        f"{words.group_label(k, lang)} {number(v, 2, lang)}"
        for k, v in screen.concentration.items()
    )
    src = " · ".join(f"{name} {url}".strip() for name, url in TOOLKITS)
    return Report(
        kicker=t("toets_report_kicker", lang),
        title=t("toets_report_title", lang, input=screen.allocation.label),
        subtitle=screen.context.typology_note,
        badges=status_labels(screen, lang),
        definition=definition_rows(screen, context_source, lang),
        h_findings=t("toets_h_findings", lang),
        sentences=[words.reach_sentence(screen, lang), words.ratio_sentence(screen, lang),
                   words.test_sentence(screen, lang), *[m["text"] for m in screen.messages]],  # fmt: skip
        h_reach=t("toets_h_reach", lang),
        reach_head=list(reach.columns),
        reach_rows=[[_cell(v, 1, lang) for v in r] for r in reach.itertuples(index=False, name=None)],
        h_table=t("toets_h_table", lang),
        table_head=list(table.columns),
        table_rows=rows,
        h_lorenz=t("toets_h_lorenz", lang),
        lorenz_note=t("toets_lorenz_note", lang, gini=number(screen.gini, 3, lang), conc=conc, top=top, bottom=bottom),
        h_map=t("toets_h_map", lang),
        h_figures=t("toets_h_figures", lang),
        figures_head=[t(k, lang) for k in ("toets_fig_name", "toets_fig_value", "toets_fig_unit", "toets_fig_year", "toets_fig_source")],
        figures=_numbered(words.figures(screen, context_source, lang), sources := [screen.allocation.source, context_source]),
        sources=sources,
        h_questions=t("toets_h_questions", lang),
        questions_head=[t(k, lang) for k in ("toets_q_ref", "toets_q_question", "toets_q_answer", "toets_q_by")],
        questions=[(a, b, c, t("toets_answer_data", lang) if d else t("toets_answer_user", lang)) for a, b, c, d in _answers(qs, answers)],
        no_answer=t("toets_no_answer", lang),
        footer=[t("toets_report_toolkits", lang, toolkits=src), f"{t('toets_report_date', lang)} {date.today().isoformat()}", link],
        lorenz=points,
    )  # fmt: skip


def municipality_table(screen: Screen, lang: str = "nl") -> pd.DataFrame:
    """One row per municipality of the scope: type, inhabitants, area, amount, per inhabitant/km²."""
    ctx, unit = screen.context, words.amount_unit(screen, lang)
    idx = screen.scope
    amount = screen.amount
    area = ctx.area_km2.reindex(idx)
    return pd.DataFrame(
        {
            t("col_nis", lang): idx.astype(str),
            t("col_name", lang): ctx.names.reindex(idx),
            t("toets_col_type", lang): [
                words.group_label(g, lang) for g in ctx.groups.reindex(idx)
            ],
            t("toets_col_population", lang): ctx.population.reindex(idx),
            t("toets_col_area", lang): area,
            t("toets_col_amount", lang, unit=unit): amount,
            words.per_column(screen, lang): words.shown_per(screen),
            t("toets_col_per_km2", lang, unit=unit): amount / area.where(area > 0),
        }
    ).reset_index(drop=True)


def workbook_sheets(screen: Screen, qs: list[Question], answers: dict[str, str],
                    context_source: str, lang: str = "nl") -> list[tuple[str, pd.DataFrame, dict[str, int]]]:  # fmt: skip
    """The sheets of the XLSX: per type, per municipality, every figure, the questions."""
    table = words.type_table(screen, lang)
    munis = municipality_table(screen, lang)
    cols = list(munis.columns)
    figs = pd.DataFrame([(f.name, f.value, f.unit, f.year, f.source) for f in words.figures(screen, context_source, lang)],
                        columns=[t(k, lang) for k in ("toets_fig_name", "toets_fig_value", "toets_fig_unit", "toets_fig_year", "toets_fig_source")])  # fmt: skip
    rows = _answers(qs, answers)
    questions = pd.DataFrame(
        [(a, b, c, t("toets_answer_data", lang) if d else t("toets_answer_user", lang)) for a, b, c, d in rows],
        columns=[t(k, lang) for k in ("toets_q_ref", "toets_q_question", "toets_q_answer", "toets_q_by")],
    )  # fmt: skip
    reach = words.reach_table(screen, lang)
    return [
        (t("toets_sheet_types", lang), table, words.table_decimals(table)),
        (t("toets_h_reach", lang), reach, dict.fromkeys(reach.columns[2:], 1)),
        (t("toets_sheet_munis", lang), munis, {cols[3]: 0, cols[4]: 2, cols[5]: 0, cols[6]: 2, cols[7]: 0}),
        (t("toets_sheet_figures", lang), figs, {}),
        (t("toets_sheet_questions", lang), questions, {}),
    ]  # fmt: skip


def workbook_meta(
    screen: Screen,
    context_source: str,
    link: str,
    lang: str = "nl",
    qs: list[Question] = (),
    answers: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The metadata sheet: rural definition, input and source, test result, every figure (unit,
    year), the answers to the screening questions, date and link."""
    rows = definition_rows(screen, context_source, lang)
    rows.append((t("toets_meta_test_result", lang), words.test_sentence(screen, lang)))
    rows += [
        (f.name, f"{f.value} {f.unit} ({f.year})")
        for f in words.figures(screen, context_source, lang)
    ]
    rows += [(f"{q.ref}: {q.text}", q.answer or (answers or {}).get(q.id, "") or t("toets_no_answer", lang))
             for q in qs]  # fmt: skip
    rows += [
        (t("px_meta_exported", lang), date.today().isoformat()),
        (t("px_meta_link", lang), link),
    ]
    return rows


def print_spec(atlas, screen: Screen, layer, sel):
    """The print map of the amount per inhabitant (the map stack's print layout)."""
    from ruraldash.features import printview

    return printview.layer_spec(atlas, layer, sel)


def slide(spec, screen: Screen, picture: bytes, lang: str = "nl"):
    """The toetsrapport slide: the map, and the headline figures next to it."""
    from ruraldash.render.slides import SlideSpec

    rural = screen.rural_table
    unit, scale = words.per_unit(screen, lang), words.per_scale(screen)
    facts = [(t("toets_fig_per_inh", lang, type=words.group_label(g, lang)),
              number(scale * rural.at[g, "amount_per_inhabitant"], 2, lang, unit)) for g in rural.index]  # fmt: skip
    facts += [
        (t("toets_fig_ratio", lang), number(screen.ratio, 2, lang)),
        (t("toets_fig_gini", lang), number(screen.gini, 3, lang)),
        (t("toets_fig_p", lang), number(screen.test.p_value, 4, lang)),
    ]
    notes = "\n".join(
        [
            spec.title,
            spec.subtitle,
            words.test_sentence(screen, lang),
            spec.source,
            spec.status,
            spec.date_line,
        ]
    )
    return SlideSpec(title=t("toets_report_title", lang, input=screen.allocation.label), subtitle=spec.subtitle,
                     picture=picture, heading=t("toets_h_findings", lang), facts=facts[:6], source=spec.source,
                     status=spec.status, status_key=spec.status_key, date_line=spec.date_line, notes=notes, lang=lang)  # fmt: skip
