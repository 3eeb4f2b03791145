"""Facts about one municipality for the header of its profile and its briefing: type and the
typology behind it, province, latest population, service class, the 2025 merger it took part in.

Pure pandas (no streamlit).
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import type_label
from ruraldash.data.atlas import Atlas
from ruraldash.features.typenote import typology_note

POPULATION = ("population_2025", "population_2020")
"""Population indicators, latest first."""


def latest_population(atlas: Atlas, nis: str, border_set: str) -> tuple[float | None, str, str]:
    """The latest population available for ``nis`` on the border set: value, year, indicator id."""
    for ind_id in POPULATION:
        data = atlas.values(ind_id, border_set)
        if nis in data.index and pd.notna(data.at[nis, "value"]):
            return float(data.at[nis, "value"]), atlas.catalogue[ind_id].year, ind_id
    return None, "", ""


def _class_label(prefix: str, code: object, label: object, lang: str) -> str:
    """``c3 zwak uitgeruste gemeenten, …``: the source's own label in Dutch, the translation in
    English (the Dutch label when the code is unknown)."""
    key = f"{prefix}_{code}"
    text = t(key, lang)
    return f"{code} {label if lang == 'nl' or text == key else text}"


def _service_class(atlas: Atlas, nis: str, border_set: str, lang: str) -> tuple[str, str]:
    """Uitrustingsgraad 2025 (of the merged municipality on 2019 borders) and, on 2019 borders,
    the archived uitrustingsniveau of 2019–2024."""
    no = t("no_data", lang)
    if border_set == "2025":
        table = atlas.bundle.tables["typology_pinc_2025"]
        if nis not in table.index:
            return no, ""
        code, label = (
            table.at[nis, "uitrustingsgraad_code"],
            table.at[nis, "uitrustingsgraad_label"],
        )
        return _class_label("svc25", code, label, lang), ""
    table = atlas.bundle.tables["typology_pinc_2019"]
    if nis not in table.index:
        return no, ""
    row = table.loc[nis]
    new = _class_label(
        "svc25",
        row["uitrustingsgraad_2025_code_of_merged_municipality"],
        row["uitrustingsgraad_2025_label_of_merged_municipality"],
        lang,
    )
    if _merger(atlas, nis, border_set, lang):  # the class of the merged municipality, not its own
        new = no
    old = _class_label("svc19", row["uitrustingsniveau_code"], row["uitrustingsniveau_label"], lang)
    return new, t("pf_service_2019", lang, value=old)


def _merger(atlas: Atlas, nis: str, border_set: str, lang: str) -> str:
    """A line on the 2025 merger this municipality took part in ("" when none)."""
    m = atlas.bundle.mapping
    if border_set == "2019":
        row = m[m["nis_code_2019_2024"] == nis]
        if row.empty:
            return ""
        new = row["nis_code_2025"].iloc[0]
        others = m[(m["nis_code_2025"] == new) & (m["nis_code_2019_2024"] != nis)]
        if others.empty:
            return ""
        return t(
            "pf_merged",
            lang,
            others=", ".join(others["name_2019_2024"]),
            name=row["name_2025"].iloc[0],
            code=new,
        )
    olds = m[m["nis_code_2025"] == nis]
    if len(olds) < 2:
        return ""
    pairs = zip(olds["name_2019_2024"], olds["nis_code_2019_2024"], strict=True)
    return t("pf_merger_of", lang, names=", ".join(f"{n} ({c})" for n, c in pairs))


def facts(atlas: Atlas, nis: str, border_set: str, lang: str = "nl") -> dict[str, str]:
    """The header of a profile as display text: name, type, typology note, province, population
    (latest year available on the border set), service class and merger note; ``sources`` holds
    the comma-separated dataset ids these facts come from."""
    unit = atlas.units(border_set).loc[nis]
    pop, year, pop_id = latest_population(atlas, nis, border_set)
    cfg = atlas.settings.section("typology")
    inputs = [cfg.get(f"density_{border_set}", ""), cfg.get("ruimtebeslag_proxy", ""), pop_id]
    sources = ["boundaries_2019", f"typology_pinc_{border_set}"] + [
        atlas.catalogue[i].source for i in inputs if i in atlas.catalogue
    ]
    service, service_2019 = _service_class(atlas, nis, border_set, lang)
    kind = unit["type"]
    return {
        "name": str(unit["name"]),
        "nis_code": nis,
        "type": type_label(kind, lang),
        "typology": t("typology_plattelandsrapport", lang),
        "typology_note": typology_note(atlas, border_set, lang),
        "province": str(unit["province"]),
        "population": number(pop, 0, lang) + (f" ({year})" if pop is not None else ""),
        "service": service,
        "service_2019": service_2019,
        "merger": _merger(atlas, nis, border_set, lang),
        "border_set": t(f"border_{border_set}", lang),
        "sources": ",".join(dict.fromkeys(sources)),
    }
