"""The one style table of every map: the widget payload, the print map, the slide and the offline HTML.

A municipality is drawn by its *role* (:data:`ruraldash.render.mapmodel.ROLES`): a value class
(its class colour, white edge), a group left out on purpose (light grey), no value (white, dashed
grey edge) or outside the filter (grey with a diagonal hatch). The four renderers read these
colours, edges, dashes and the hatch from :data:`STYLE` only, so a map looks the same on the
screen, on paper, on a slide and in the offline page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ruraldash.domain.classify import FILTERED_COLOUR, MISSING_BORDER, MISSING_COLOUR


@dataclass(frozen=True)
class RoleStyle:
    """How one role is drawn: fill, edge colour, edge width (CSS px), dash and hatch."""

    fill: str
    edge: str
    weight: float
    dash: str = ""
    """SVG dash array (``"2 2"``), empty = solid."""
    hatch: str = ""
    """Hatch colour over the fill (diagonal lines), empty = none."""


@dataclass(frozen=True)
class MapStyle:
    """Every colour and line of the maps, by role, plus outlines and the high-contrast rule."""

    klass: RoleStyle
    excluded: RoleStyle
    missing: RoleStyle
    outside: RoleStyle
    selected_edge: str = "#111111"
    selected_halo: str = "#ffffff"
    selected_weight: float = 4.0
    peer_edge: str = "#333333"
    hover_edge: str = "#222222"
    background: str = "#ffffff"
    hatch_spacing: float = 6.0
    """Pixels between hatch lines on the screen and in the offline page."""
    hatch_width: float = 1.2
    print_hatch: str = "////"
    """matplotlib hatch pattern of the same diagonal lines."""
    pale: float = 0.88
    dark: float = 0.4

    def role(self, name: str) -> RoleStyle:
        """The style of a role name (``class``, ``excluded``, ``missing``, ``outside``)."""
        return self.klass if name == "class" else getattr(self, name)

    def as_dict(self) -> dict:
        """The table as plain data (the widget payload's ``sty``; the contract test reads it)."""
        data = asdict(self)
        data["class"] = data.pop("klass")
        return data


STYLE = MapStyle(
    klass=RoleStyle("", "#ffffff", 0.7),
    excluded=RoleStyle("#bdbdbd", "#ffffff", 0.7),
    missing=RoleStyle(MISSING_COLOUR, MISSING_BORDER, 0.8, dash="2 2"),
    outside=RoleStyle(FILTERED_COLOUR, "#d9d9d9", 0.5, hatch="#bdbdbd"),
)
"""The house style."""


def hatch_pattern() -> str:
    """The SVG ``<pattern id="rd-hatch">`` of "buiten filter": grey fill, diagonal lines (the
    map widget and the offline page put it in their SVG's ``<defs>``)."""
    o, w = STYLE.outside, STYLE.hatch_spacing
    return (
        f'<pattern id="rd-hatch" patternUnits="userSpaceOnUse" width="{w:g}" height="{w:g}" '
        f'patternTransform="rotate(45)"><rect width="{w:g}" height="{w:g}" fill="{o.fill}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{w:g}" stroke="{o.hatch}" '
        f'stroke-width="{STYLE.hatch_width:g}"/></pattern>'
    )


def fill(role: str, colour: str | None) -> str:
    """The fill of a municipality: its class colour, or its role's colour."""
    return colour if role == "class" and colour else STYLE.role(role).fill


def contrast_palette(colours: Sequence[str]) -> list[str]:
    """High contrast: fills lighter than ``pale`` (relative luminance; hard to tell from the white
    "no data" fill on a projector) and darker than ``dark`` are darkened (RGB × 0.93 and × 0.75)."""
    out = []
    for c in colours:
        lum = _luminance(c)
        out.append(
            _darken(c, 0.93) if lum > STYLE.pale else _darken(c, 0.75) if lum < STYLE.dark else c
        )
    return out


def _darken(colour: str, factor: float) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(v * factor):02x}" for v in rgb)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
