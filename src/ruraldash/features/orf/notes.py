"""What the Open Ruimtefonds page says about one municipality: its merger and its ceiling.

The ceiling (13 %, or 6 % for regional cities and coastal municipalities, of the Gemeentefonds share
of the previous year, plus 3.5 %) can only be checked with the Gemeentefonds table, which the bundle
does not hold: without an uploaded table the note says that the data cannot answer.
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas


def merger_note(atlas: Atlas, border_set: str, code: str, lang: str = "nl") -> str:
    """The 2025 merger a municipality takes part in ("" when it did not merge).

    On 2025 borders: which old municipalities are summed into it; on 2019–2024 borders: which
    2025 municipality it becomes part of, and with whom.
    """
    groups = atlas.bundle.groups()
    names19 = atlas.units("2019")["name"]
    names25 = atlas.units("2025")["name"]
    if border_set == "2025":
        olds = groups.get(code, [])
        if len(olds) < 2:
            return ""
        parts = ", ".join(str(names19.get(c, c)) for c in olds)
        return t("orfp_note_merged_2025", lang, name=names25.get(code, code), parts=parts)
    new = atlas.units("2019")["nis_code_2025"].get(code)
    olds = groups.get(new, []) if new else []
    if len(olds) < 2:
        return ""
    others = ", ".join(str(names19.get(c, c)) for c in olds if c != code)
    return t(
        "orfp_note_merged_2019",
        lang,
        name=names19.get(code, code),
        new=names25.get(new, new),
        others=others,
    )


def ceiling_note(
    code: str,
    centrumstad: bool,
    reduced: bool,
    frame: pd.DataFrame | None,
    lang: str = "nl",
) -> str:
    """Which ceiling applies to a municipality and whether the app can say if it binds.

    Parameters
    ----------
    centrumstad, reduced : bool
        Excluded centrumstad; regional city or coastal municipality (6 % instead of 13 %).
    frame : pd.DataFrame or None
        The scenario frame when a Gemeentefonds table was applied (columns cap, amount_before_caps,
        capped); None without it: the note then says the data cannot answer.
    """
    if centrumstad:
        return t("orfp_note_cap_centrumstad", lang)
    rate = "6 %" if reduced else "13 %"
    kind = t("orfp_note_cap_reduced" if reduced else "orfp_note_cap_normal", lang)
    if frame is None or code not in frame.index or pd.isna(frame.at[code, "cap"]):
        return t("orfp_note_cap_unknown", lang, rate=rate, kind=kind)
    cap = number(float(frame.at[code, "cap"]), 0, lang, "euro")
    key = "orfp_note_cap_binds" if bool(frame.at[code, "capped"]) else "orfp_note_cap_free"
    return t(key, lang, rate=rate, kind=kind, cap=cap)


def amount_line(atlas: Atlas, border_set: str, code: str, lang: str = "nl") -> str:
    """The indicative Open Ruimtefonds amount of one municipality in euro, both preset budgets:
    ``A (123,4 miljoen euro): 93.413 euro; B (188,4 miljoen euro): 142.620 euro (indicatief, vóór
    plafonds; budgetten uit een nieuwsbericht)``; a centrumstad gets 0."""
    from ruraldash.domain import allocation
    from ruraldash.features.orf import view as orfpage

    inputs = orfpage.load_inputs(atlas, border_set)
    if code not in inputs.names.index:
        return ""
    if bool(inputs.centrumstad[code]):
        return t("orfp_brief_centrumstad", lang)
    parts = []
    for s, budget in (("A", allocation.BUDGET_DEFAULT_EUR), ("B", allocation.BUDGET_PLUS65_EUR)):
        frame = allocation.scenario(inputs.open_space_ha, inputs.centrumstad, budget)
        amount = frame.at[code, "amount"]
        value = t("no_data", lang) if pd.isna(amount) else number(float(amount), 0, lang, "euro")
        parts.append(f"{s} ({orfpage.budget_text(budget, lang)}): {value}")
    return t("orfp_brief_amount", lang, amounts="; ".join(parts))
