"""The monitoring report: one slide per pact facet (python-pptx through ``render.slides``).

Each slide: the index chart by type and the map of change, a sentence of what changed, the figures
per type with their years, the typology note, and the source of every number. A facet without a
series of two years gets a slide that says so. The facet of the indicator chosen on the page uses
that indicator and those years; the others use their first indicator and its default years.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ruraldash.core.fmt import day, number, signed
from ruraldash.core.i18n import t
from ruraldash.core.vocab import FACETS, facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.features.monitor import changemap
from ruraldash.features.monitor import table as mtable
from ruraldash.features.monitor.indicators import INDICATORS, by_facet
from ruraldash.features.monitor.result import FLANDERS, MonitorResult, compute, source_text
from ruraldash.features.monitor.series import MonitorData
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import monitor_report, slides


def _facts(res: MonitorResult, lang: str) -> list[tuple[str, str]]:
    ind = res.indicator
    unit = ind.unit(lang)
    rows = [(mtable.group_label(FLANDERS, lang), res.flanders)]
    rows += [(mtable.group_label(k, lang), res.by_type.loc[k]) for k in mtable.TYPE_ORDER
             if k in res.by_type.index]  # fmt: skip
    out = []
    for label, r in rows:
        levels = f"{number(r['baseline'], ind.decimals, lang, unit)} → {number(r['end'], ind.decimals, lang, unit)}"
        out.append((f"{label} ({res.baseline_year} → {res.end_year})",
                    f"{levels}; {signed(r['change_pct'], 1, lang, '%')}"))  # fmt: skip
    if ind.land_take:
        lt = mtable.land_take(res).loc[FLANDERS]
        out.append(
            (
                t("mon_landtake_heading", lang),
                number(lt["ha_per_day"], 2, lang, t("mon_unit_ha_day", lang)),
            )
        )
    return out[:6]


def _picture(atlas: Atlas, res: MonitorResult, sel: Selection, lang: str) -> bytes:
    layer = changemap.change_layer(res, atlas, sel)
    labels = {str(k): mtable.group_label(str(k), lang) for k in res.index.columns}
    pic = monitor_report.ReportPicture(
        index=res.index,
        labels=labels,
        index_title=t("mon_index_title", lang, b=res.baseline_year),
        axis_title=t("mon_index_axis", lang, b=res.baseline_year),
        fills=layer.frame["colour"].to_dict(),
        legend=[(e.colour, f"{e.label} ({e.count})") for e in layer.legend],
        map_title=layer.title,
        breaks=res.breaks,
        break_label=t("mon_break", lang),
        projection=[y for y in res.projection if y <= res.end_year],
    )
    return monitor_report.picture(atlas.geometry[res.border_set], pic)


def _empty_slide(facet: int, lang: str, when: str) -> slides.SlideSpec:
    pic = monitor_report.ReportPicture(
        index=pd.DataFrame(), labels={}, index_title="", axis_title="",
        fills={}, legend=(), map_title="", empty_text=t("mon_report_no_series", lang),
    )  # fmt: skip
    name = facet_label(facet, lang)
    return slides.SlideSpec(
        title=f"{facet}. {name}", subtitle=t("mon_facet_empty", lang),
        picture=monitor_report.picture(None, pic), date_line=when, lang=lang,
        heading=name, facts=[(t("mon_report_no_series", lang), "–")],
    )  # fmt: skip


def _slide(
    atlas: Atlas, res: MonitorResult, sel: Selection, lang: str, when: str
) -> slides.SlideSpec:
    facet = res.indicator.facet
    name = facet_label(facet, lang)
    sentence = mtable.summary_sentence(res, lang)
    note = typology_note(atlas, sel.border_set, lang, sel.typology)
    source = source_text(res, lang)
    status = t(f"status_{res.indicator.status}", lang) if res.indicator.status != "official" else ""
    return slides.SlideSpec(
        title=f"{facet}. {name}: {res.indicator.label(lang)}",
        subtitle=f"{sentence} {note}",
        picture=_picture(atlas, res, sel, lang),
        heading=f"{res.baseline_year} → {res.end_year}",
        facts=_facts(res, lang),
        source=f"{t('mon_source_label', lang)}: {source}",
        status=status,
        status_key=res.indicator.status,
        date_line=when,
        notes="\n".join([sentence, note, source]),
        lang=lang,
    )


def build(atlas: Atlas, data: MonitorData, sel: Selection, lang: str) -> bytes:
    """The whole report as .pptx bytes (one slide per facet, 1..5)."""
    chosen = INDICATORS.get(sel.extra.get("monitor", ""))
    when = day(date.today(), lang)
    specs = []
    for facet in FACETS:
        inds = by_facet(facet)
        if not inds:
            specs.append(_empty_slide(facet, lang, when))
            continue
        if chosen is not None and chosen.facet == facet:
            b, e = sel.extra.get("basis", ""), sel.extra.get("tot", "")
            years = (int(b), int(e)) if b.isdigit() and e.isdigit() else (None, None)
            res = compute(data, atlas, chosen.id, *years, sel.border_set, sel.typology)
        else:
            res = compute(data, atlas, inds[0].id, None, None, sel.border_set, sel.typology)
        specs.append(_slide(atlas, res, sel, lang, when))
    return slides.deck(specs)
