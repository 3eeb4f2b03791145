"""A municipality's type on both border sets, and every municipality whose type changes between them.

The default type is the Plattelandsrapport rule (density ≤ 350 inh./km² or ruimtebeslag ≤ 30 %) on
each border set's own figures: on the 2025 borders a merged municipality has the summed population
and area of its parts and a newer population year, so its type can change (Lochristi: verstedelijkt
on the 2019–2024 borders, platteland on the 2025 borders). The Plattelandsrapport (VLM) counted 300
municipalities (140/147/13): it used the 2019–2024 borders. Pure pandas (no streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas

REPORT_BORDER_SET = "2019"
"""The border set of the Plattelandsrapport's own list (300 municipalities: 140/147/13)."""


@dataclass(frozen=True)
class TypeOn:
    """One municipality's type on one border set, with the two inputs of the rule."""

    border_set: str
    nis: str
    name: str
    type: str
    density: float
    ruimtebeslag: float


def _column(units: pd.DataFrame) -> str:
    return "ruimtebeslag_calibrated" if "ruimtebeslag_calibrated" in units else "ruimtebeslag_proxy"


def type_on(atlas: Atlas, border_set: str, nis: str) -> TypeOn:
    """The type, density and (calibrated) ruimtebeslag of ``nis`` on ``border_set``."""
    units = atlas.units(border_set)
    row = units.loc[nis]
    return TypeOn(
        border_set,
        nis,
        str(row["name"]),
        str(row["type"]) if pd.notna(row["type"]) else "",
        float(row["density"]),
        float(row[_column(units)]),
    )


def counterparts(atlas: Atlas, border_set: str, nis: str) -> list[str]:
    """The same place on the other border set: the 2025 successor, or the 2019–2024 parts."""
    if border_set == "2019":
        return [str(atlas.units("2019").at[nis, "nis_code_2025"])]
    return [str(c) for c in atlas.bundle.groups().get(nis, [nis])]


def _text(x: TypeOn, lang: str) -> str:
    kind = t(f"type_{x.type}", lang) if x.type else t("type_unknown", lang)
    return t(
        "pf_type_on",
        lang,
        type=kind[:1].lower() + kind[1:],
        borders=t(f"border_{x.border_set}", lang),
        name=x.name,
        density=number(x.density, 0, lang),
        share=number(x.ruimtebeslag, 1, lang),
    )


def both_types(atlas: Atlas, border_set: str, nis: str, lang: str = "nl") -> list[str]:
    """One sentence per border set (this one first), and whether the type changes."""
    here = type_on(atlas, border_set, nis)
    other = "2025" if border_set == "2019" else "2019"
    there = [type_on(atlas, other, c) for c in counterparts(atlas, border_set, nis)]
    lines = [_text(here, lang), *(_text(x, lang) for x in there)]
    changed = any(x.type != here.type for x in there)
    lines.append(t("pf_type_changes" if changed else "pf_type_same", lang))
    lines.append(t("pf_type_report_borders", lang))
    return lines


def type_changes(atlas: Atlas, lang: str = "nl") -> pd.DataFrame:
    """Every 2019–2024 municipality whose type differs from that of its 2025 municipality.

    Returns
    -------
    pd.DataFrame
        Columns (translated): NIS 2019–2024, name, type, density, ruimtebeslag; NIS 2025, name,
        type, density, ruimtebeslag. Numbers numeric.
    """
    old, new = atlas.units("2019"), atlas.units("2025")
    succ = old["nis_code_2025"].astype(str)
    new_type = succ.map(new["type"])
    changed = old.index[old["type"].astype(str) != new_type.astype(str)]
    o, n = old.loc[changed], new.reindex(succ[changed])
    b19, b25 = t("border_short_2019", lang), t("border_short_2025", lang)
    cols = {
        f"{t('col_nis', lang)} {b19}": list(changed),
        f"{t('col_name', lang)} {b19}": list(o["name"]),
        f"{t('col_type', lang)} {b19}": [t(f"type_{x}", lang) for x in o["type"]],
        f"{t('pf_col_density', lang)} {b19}": list(o["density"]),
        f"{t('pf_col_ruimtebeslag', lang)} {b19}": list(o[_column(old)]),
        f"{t('col_nis', lang)} {b25}": list(succ[changed]),
        f"{t('col_name', lang)} {b25}": list(n["name"]),
        f"{t('col_type', lang)} {b25}": [t(f"type_{x}", lang) for x in n["type"]],
        f"{t('pf_col_density', lang)} {b25}": list(n["density"]),
        f"{t('pf_col_ruimtebeslag', lang)} {b25}": list(n[_column(new)]),
    }
    return pd.DataFrame(cols)


def type_changes_text(atlas: Atlas, lang: str = "nl") -> list[str]:
    """The changes as lines: ``Lochristi (44034): verstedelijkt → platteland (Lochristi 44087)``."""
    old, new = atlas.units("2019"), atlas.units("2025")
    lines = []
    for code in type_changes(atlas, lang).iloc[:, 0]:
        succ = str(old.at[code, "nis_code_2025"])
        lines.append(
            t(
                "pf_type_change_line",
                lang,
                name=old.at[code, "name"],
                code=code,
                old=t(f"type_{old.at[code, 'type']}", lang),
                new=t(f"type_{new.at[succ, 'type']}", lang),
                name_2025=new.at[succ, "name"],
                code_2025=succ,
            )
        )
    return lines


def types_brief(atlas: Atlas, border_set: str, nis: str, lang: str = "nl") -> str:
    """The one-page briefing's line: both types with their inputs when they differ, else one
    short sentence; always which border set the Plattelandsrapport used."""
    lines = both_types(atlas, border_set, nis, lang)
    if lines[-2] == t("pf_type_same", lang):
        return f"{lines[-2]} {lines[-1]}"
    return " ".join(lines[:-2] + [lines[-1]])
