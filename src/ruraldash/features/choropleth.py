"""The type and province filter of a selection (which municipalities a map classifies).

The map itself is built by :func:`ruraldash.features.maps.map_layer`.
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.vocab import DEFAULT_TYPOLOGY, TYPOLOGIES
from ruraldash.data.atlas import Atlas
from ruraldash.features.selection import Selection


def group_values(atlas: Atlas, border_set: str, typology: str, lang: str = "nl") -> pd.Series:
    """The group each municipality belongs to under a typology (for the type filter)."""
    ty = TYPOLOGIES.get(typology, TYPOLOGIES[DEFAULT_TYPOLOGY])
    column = atlas.units(border_set)[ty.column]
    return (column.map(ty.codes) if ty.codes else column).astype("string")


def in_filter(atlas: Atlas, sel: Selection) -> pd.Series:
    """True for municipalities inside the type and province filters."""
    units = atlas.units(sel.border_set)
    keep = pd.Series(True, index=units.index)
    if sel.types:
        keep &= group_values(atlas, sel.border_set, sel.typology).isin(sel.types).fillna(False)
    if sel.provinces:
        keep &= units["province"].isin(sel.provinces)
    return keep
