"""The one-page municipality briefing: the profile dict that :func:`ruraldash.render.exports.briefing_html`
prints, built from the profile table (:func:`ruraldash.features.profile.table.profile_table`).

Everything is kept short so that the page stays one A4. Pure (no streamlit).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.orf import notes as orfnotes
from ruraldash.features.profile import borders, peerinfo
from ruraldash.features.profile.facts import facts
from ruraldash.features.profile.table import no_unit, short_values, source_lines
from ruraldash.features.profile.why import why
from ruraldash.render import exports

YEAR_MARK = "†"
"""Footnote mark of a year the source does not state."""
BRIEFING_PEERS = 12
"""At most this many peer names in the briefing (a type or province group runs into the hundreds)."""


def _listed(names: list[str], lang: str) -> list[str]:
    if len(names) <= BRIEFING_PEERS:
        return names
    return [*names[:BRIEFING_PEERS], t("pf_more", lang, n=len(names) - BRIEFING_PEERS)]


def _peer_names(
    atlas: Atlas, border_set: str, nis: str, members: Sequence[str], lang: str
) -> list[str]:
    """Peer names, each flagged with its size when > 2× or < ½ the municipality's (inhabitants)."""
    names = atlas.units(border_set)["name"]
    if not members or len(members) > BRIEFING_PEERS:
        return [str(names.get(c, c)) for c in members]
    where = peerinfo.peer_facts(atlas, border_set, nis, members)
    out = []
    for c in members:
        flag = where.at[c, "flag"]
        ratio = where.at[c, "ratio"]
        size = ""
        if flag == "larger":
            size = f" ({t('pf_peer_larger', lang, x=number(ratio, 1, lang)).lstrip('— ')})"
        elif flag == "smaller":
            size = f" ({t('pf_peer_smaller', lang, x=number(1 / ratio, 1, lang)).lstrip('— ')})"
        out.append(f"{where.at[c, 'name']}{size}")
    return out


def rows(table: pd.DataFrame, lang: str = "nl") -> tuple[list[dict], list[str]]:
    """Rows of the briefing table and the footnotes they refer to.

    Kept short so the page stays one A4: :func:`~ruraldash.features.profile.table.short_values`
    without the unit (it has its own column), a footnote "jaar niet vermeld door de bron" when the
    source states no year, and
    an ordinal class after the indicator's label.
    """
    values, notes = short_values(table, lang, unit=False)
    out = []
    for r, value in zip(table.itertuples(), values, strict=True):
        ordinal = r.kind == "ordinal" and r.class_code
        year = r.year
        if not year[:4].isdigit():  # "jaar niet vermeld door de bron" as a footnote (narrow column)
            if f"{YEAR_MARK} {year}" not in notes:
                notes.append(f"{YEAR_MARK} {year}")
            year = YEAR_MARK
        out.append(
            {
                "label": f"{r.label} ({r.value_text})" if ordinal else r.label,
                "value_text": value,
                "unit": r.unit,
                "status": r.status,
                "year": year,
                "rank_text": r.rank_text,
                "peer_median_text": no_unit(r.median_peers_text, r.unit),
                "flanders_median_text": no_unit(r.median_flanders_text, r.unit),
            }
        )
    return out, notes


def build(
    atlas: Atlas,
    table: pd.DataFrame,
    nis: str,
    border_set: str,
    peer_members: Sequence[str],
    peer_explanation: str,
    lang: str = "nl",
    generated: str = "",
) -> dict[str, Any]:
    """The profile dict of :func:`ruraldash.render.exports.briefing_html` (one-page briefing PDF).

    Rows come from :func:`rows` (their footnotes head the source list); a long peer
    group is cut to :data:`BRIEFING_PEERS` names plus a count, so that the page stays one A4.
    """
    head = facts(atlas, nis, border_set, lang)
    gdf = atlas.geometry[border_set]
    rows_, notes = rows(table, lang)
    geoms = dict(zip(gdf["nis_code"], gdf.geometry, strict=True))
    return {
        **{k: head[k] for k in ("name", "nis_code", "type", "province", "population")},
        "typology": head["typology_note"],
        "why": why(atlas, nis, border_set, lang).one_line(),
        "types": borders.types_brief(atlas, border_set, nis, lang),
        "orf": orfnotes.amount_line(atlas, border_set, nis, lang),
        "merger": head["merger"],
        "border_set": head["border_set"],
        "rows": rows_,
        "sources": notes + source_lines(atlas, list(table["source"]), lang),
        "peers": _listed(_peer_names(atlas, border_set, nis, peer_members, lang), lang),
        "peer_method": peer_explanation,
        "generated": generated,
        "locator_svg": exports.locator_svg(geoms, nis, list(peer_members)),
    }
