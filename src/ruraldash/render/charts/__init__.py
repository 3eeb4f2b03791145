"""Plotly figure builders for the profile and compare pages (never streamlit).

Every builder returns a ``go.Figure`` on a clean white layout that stays readable when projected
(base font 14 px, 22 px with ``big=True``), with Belgian separators for Dutch (``1.234,5``).
Titles, labels, units and names are plain text: they are escaped here, because plotly renders
them as a small subset of HTML. Show figures with :data:`PLOTLY_CONFIG` (no plotly logo).
DataFrames are indexed by ``nis_code`` and carry a ``name`` column.

Modules: :mod:`.style` (shared look), :mod:`.profile`, :mod:`.compare`.
"""

from ruraldash.domain.correlation import spearman
from ruraldash.render.charts.compare import rank_shift_chart, scatter, type_box
from ruraldash.render.charts.profile import peer_bars, strip_plot, time_series
from ruraldash.render.charts.style import (
    HIGHLIGHT_COLOUR,
    OTHER_COLOUR,
    PEER_BAR_COLOUR,
    PEER_COLOUR,
    PLOTLY_CONFIG,
    SEPARATORS,
    SERIES_COLOURS,
    TYPE_COLOURS,
    plain_numbers,
)

__all__ = [
    "HIGHLIGHT_COLOUR",
    "OTHER_COLOUR",
    "PEER_BAR_COLOUR",
    "PEER_COLOUR",
    "PLOTLY_CONFIG",
    "SEPARATORS",
    "SERIES_COLOURS",
    "TYPE_COLOURS",
    "peer_bars",
    "plain_numbers",
    "rank_shift_chart",
    "scatter",
    "spearman",
    "strip_plot",
    "time_series",
    "type_box",
]
