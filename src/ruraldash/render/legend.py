"""The one map legend, drawn from a :class:`~ruraldash.render.mapmodel.MapLayer` by a Jinja2 template.

Autoescaping on; class-styled (``rd-lg-*``), so a rerun sends the rows and not their styles: the
rules are :data:`LEGEND_CSS`, added once to the page (``ui.base``) and inlined in the offline HTML.
Swatch colours, the dashed edge of "geen gegevens" and the hatch of "buiten filter" come from the
style table (:mod:`ruraldash.render.mapstyle`). Labels and counts come formatted in the layer.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, select_autoescape

from ruraldash.core import fmt
from ruraldash.core.i18n import t
from ruraldash.render.mapmodel import MapLayer
from ruraldash.render.mapstyle import STYLE, contrast_palette

_TEMPLATE = """\
<div class="rd-legend{{ ' rd-lg-big' if big }}" role="group" aria-label="{{ title }}">\
<div class="rd-lg-title">{{ title }}</div>\
{% if unit %}<div class="rd-lg-unit">{{ unit }}</div>{% endif %}\
{% if status %}<div class="rd-lg-unit">{{ status }}</div>{% endif %}\
<table class="rd-lg">{% for r in rows %}<tr class="rd-lg-{{ r.role }}">\
<td>{% if r.selected %}<span title="{{ marked }}" aria-label="{{ marked }}">▶</span>{% endif %}</td>\
<td><span class="rd-lg-sw rd-lg-sw-{{ r.role }}" style="background-color:{{ r.colour }}"></span></td>\
<td class="rd-lg-lab{{ ' rd-lg-wrap' if r.label|length > 28 }}">{{ r.label }}</td>\
<td class="rd-lg-n">{{ r.count }}</td></tr>{% endfor %}</table>\
{% if selected %}<div class="rd-lg-sel" title="{{ marked }}">▶ <b>{{ selected }}</b></div>{% endif %}\
</div>"""

LEGEND_CSS = (
    ".rd-legend{font-size:13px;line-height:1.35;color:#222;font-family:inherit}"
    ".rd-legend.rd-lg-big{font-size:26px}"
    ".rd-lg-title{font-weight:600}.rd-lg-unit{color:#555;font-size:.85em}"
    ".rd-lg{border-collapse:collapse;margin-top:.3em;border:none}"
    ".rd-lg tr{border:none;background:transparent}"
    ".rd-lg td{padding:.12em .4em;border:none;vertical-align:middle}"
    ".rd-lg td:first-child{width:1em}"
    ".rd-lg-lab{white-space:nowrap}.rd-lg-lab.rd-lg-wrap{white-space:normal}"
    ".rd-lg-n{text-align:right;color:#555;white-space:nowrap}"
    ".rd-lg-outside{color:#767676}"
    ".rd-lg-sel{margin-top:.35em}"
    f".rd-lg-sw{{display:inline-block;width:1.8em;height:1.1em;border:1px solid rgba(0,0,0,.25)}}"
    f".rd-lg-sw-missing{{border:1px dashed {STYLE.missing.edge}}}"
    f".rd-lg-sw-outside{{border:1px solid {STYLE.outside.edge};background-image:repeating-linear-gradient("
    f"45deg,{STYLE.outside.hatch} 0 {STYLE.hatch_width}px,transparent {STYLE.hatch_width}px "
    f"{STYLE.hatch_spacing / 2}px)}}"
)
"""The legend's rules (screen, projector and offline page)."""


@cache
def _template():
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_TEMPLATE)


def legend_rows(layer: MapLayer, lang: str, contrast: bool = False) -> list[dict]:
    """The rows as drawn: colour (high contrast applied to value classes), label, count text."""
    classes = [e.colour for e in layer.legend if e.role == "class"]
    shown = iter(contrast_palette(classes) if contrast and layer.contrast else classes)
    rows = []
    for e in layer.legend:
        key = "map_legend_count_one" if e.count == 1 else "map_legend_count"
        rows.append(
            {
                "colour": next(shown) if e.role == "class" else e.colour,
                "label": e.label,
                "count": t(key, lang, n=fmt.number(e.count, 0, lang)),
                "role": e.role,
                "selected": e.selected,
            }
        )
    return rows


def legend_html(
    layer: MapLayer, lang: str = "nl", *, big: bool = False, contrast: bool = False
) -> str:
    """The legend of a layer: title, unit, one row per class (▶ marks the selected municipality's
    row), "geen gegevens" and "buiten filter" rows when they apply. Escaped; ``$`` kept from
    Streamlit's LaTeX; one line (no blank lines for Markdown to split)."""
    html = _template().render(
        title=layer.title,
        unit=layer.unit,
        status="",
        rows=legend_rows(layer, lang, contrast),
        big=big,
        marked=t("map_legend_selected", lang),
        selected=layer.selected_text if layer.selected_class is not None else "",
    )
    return html.replace("$", "&#36;")
