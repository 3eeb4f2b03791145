"""Finding a municipality by name or NIS code on either border set, including the old municipalities
of the 1 January 2025 mergers (Kortessem, 73040 → Hasselt, 71072). Pure (no streamlit).
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.upload.exonyms import EXONYMS


def successors(mapping: pd.DataFrame, units_2025: pd.Index) -> dict[str, str]:
    """Old 2019–2024 code -> 2025 code, for the old codes that are no 2025 unit themselves."""
    pairs = zip(mapping["nis_code_2019_2024"], mapping["nis_code_2025"], strict=True)
    return {old: new for old, new in pairs if old not in units_2025}


def labels(atlas: Atlas, border_set: str) -> dict[str, str]:
    """Search option -> label. Options are the border set's NIS codes; on 2025 borders also the
    codes of old municipalities that no longer exist ("Kortessem (73040) → Hasselt (71072)"), and
    on 2019–2024 borders the merged municipality each old one belongs to."""
    units = atlas.units(border_set)
    out = {c: f"{n} ({c})" for c, n in units["name"].items()}
    if "name_2025" in units:
        for code, new in units["name_2025"].items():
            if new != units.at[code, "name"]:
                out[code] += f" → {new}"
    if border_set == "2025":
        m = atlas.bundle.mapping.set_index("nis_code_2019_2024")
        for old, new in successors(atlas.bundle.mapping, units.index).items():
            out[old] = f"{m.at[old, 'name_2019_2024']} ({old}) → {units.at[new, 'name']} ({new})"
    return _with_exonyms(out, atlas)


def _with_exonyms(out: dict[str, str], atlas: Atlas) -> dict[str, str]:
    """The French and German names the upload knows, after the label ("Voeren (73109) · Fourons"),
    so that typing "Fourons" finds Voeren."""
    code_of = dict(
        zip(
            atlas.bundle.mapping["name_2019_2024"],
            atlas.bundle.mapping["nis_code_2019_2024"],
            strict=True,
        )
    )
    names: dict[str, list[str]] = {}
    for exonym, name in EXONYMS.items():
        names.setdefault(code_of.get(name, ""), []).append(exonym)
    for code, label in out.items():
        if code in names:
            out[code] = f"{label} · {' / '.join(names[code])}"
    return out


def targets(atlas: Atlas, border_set: str) -> dict[str, str]:
    """Search option -> the unit it selects: itself, or the 2025 successor of an old code."""
    units = atlas.units(border_set).index
    out = {c: c for c in units}
    if border_set == "2025":
        out |= successors(atlas.bundle.mapping, units)
    return out


def parts_of(atlas: Atlas) -> dict[str, list[str]]:
    """2025 code of a merged municipality -> its 2019–2024 codes (two or more)."""
    mapping = atlas.bundle.mapping
    groups = mapping.groupby("nis_code_2025")["nis_code_2019_2024"].apply(list)
    return {new: olds for new, olds in groups.items() if len(olds) > 1}


def largest_parts(atlas: Atlas) -> dict[str, str]:
    """2025 code of a merged municipality -> its 2019–2024 part with the most inhabitants (2020);
    on 2019–2024 borders a 2025 code selects that part (a note names all parts)."""
    people = atlas.values("population_2020", "2019")["value"]
    return {
        new: max(olds, key=lambda c: (people.get(c, 0) or 0, c))
        for new, olds in parts_of(atlas).items()
    }


def split_note(atlas: Atlas, selected: str, came_from: str, lang: str) -> str:
    """On 2019–2024 borders, reached from a 2025 code: the parts it has, and which one is shown."""
    olds = parts_of(atlas).get(came_from)
    if not olds or selected not in olds:
        return ""
    names = atlas.units("2019")["name"]
    listed = [f"{names.get(c, c)} ({c})" for c in olds]
    parts = (
        " en ".join([", ".join(listed[:-1]), listed[-1]])
        if lang == "nl"
        else " and ".join([", ".join(listed[:-1]), listed[-1]])
    )
    largest = largest_parts(atlas).get(came_from) == selected
    why = t("search_split_largest" if largest else "search_split_came_from", lang)
    return t(
        "search_split_note",
        lang,
        new=atlas.units("2025")["name"].get(came_from, came_from),
        code=came_from,
        parts=parts,
        shown=names.get(selected, selected),
        shown_code=selected,
        why=why,
    )


def merger_note(
    atlas: Atlas, border_set: str, selected: str | None, merged_from: str | None, lang: str
) -> str:
    """ "Kortessem (73040) is sinds 1 januari 2025 deel van Hasselt (71072)." when ``selected`` was
    reached from an old code on 2025 borders (by search, link or border switch); on 2019–2024
    borders, reached from a merged 2025 municipality, the note names its parts; else ""."""
    if border_set == "2019" and selected and merged_from:
        return split_note(atlas, selected, merged_from, lang)
    if border_set != "2025" or not selected or not merged_from:
        return ""
    mapping = atlas.bundle.mapping
    row = mapping[mapping["nis_code_2019_2024"] == merged_from]
    if row.empty or row["nis_code_2025"].iloc[0] != selected or merged_from == selected:
        return ""
    return t(
        "search_merged_note",
        lang,
        old=row["name_2019_2024"].iloc[0],
        old_code=merged_from,
        new=atlas.units("2025").at[selected, "name"],
        code=selected,
    )
