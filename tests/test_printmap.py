"""Briefing outputs on the tiny world: the print map (PNG/SVG/PDF), the slide and its texts."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from ruraldash.features import maps, printview
from ruraldash.features.selection import Selection
from ruraldash.render import printmap, slides
from tests.factories import tiny_atlas


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


def _view(atlas, **kw):
    sel = Selection(indicator="built_share", k=3, **kw)
    return sel, maps.map_layer("indicator", atlas, sel)


def test_print_spec_says_what_the_screen_says(atlas):
    sel, view = _view(atlas, types=("platteland",))
    spec = printview.layer_spec(atlas, view, sel)
    frame = view.frame
    assert spec.fills == dict(zip(frame.index, frame["colour"], strict=True))
    # every municipality is counted once: a class, "geen gegevens" or "buiten selectie"
    assert sum(r.count for r in spec.legend) == len(frame)
    outside = [r for r in spec.legend if r.kind == "outside"]
    assert outside and outside[0].count == int((~frame["in_filter"]).sum())
    assert "buiten selectie" in outside[0].label
    assert (
        "Plattelandsgemeente" in spec.subtitle and "Type: Plattelandsrapport-regel" in spec.subtitle
    )
    assert spec.source.startswith("Bron: ") and not spec.source.startswith("Bron: Bron")
    assert view.indicator.label("nl") in spec.title


def test_print_png_is_wide_enough_for_print_and_svg_keeps_the_texts(atlas):
    sel, view = _view(atlas, types=("platteland",))
    code = view.frame.index[0]
    sel = sel.with_(selected=code)
    view = maps.map_layer("indicator", atlas, sel)
    spec = printview.layer_spec(atlas, view, sel)
    shapes = printview.shapes(atlas, sel.border_set)
    png = printmap.render(shapes, spec, "png")
    width, _ = Image.open(io.BytesIO(png)).size
    assert width >= 1600
    svg = printmap.render(shapes, spec, "svg").decode("utf-8")
    for text in ("buiten selectie", spec.status, "Export ruraldash", view.frame.at[code, "name"]):
        assert text in svg, text
    assert "<image" not in svg  # vector: the map is paths, not an embedded picture
    pdf = printmap.render(shapes, spec, "pdf")
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf


def test_print_map_in_english_has_no_dutch_legend(atlas):
    sel, view = _view(atlas, types=("platteland",), lang="en")
    spec = printview.layer_spec(atlas, view, sel)
    labels = " ".join(r.label for r in spec.legend)
    assert "outside the selection" in labels and "buiten" not in labels
    assert spec.source.startswith("Source: ")


def test_slide_holds_picture_title_ranking_and_source_in_notes(atlas):
    sel, view = _view(atlas)
    shapes = printview.shapes(atlas, sel.border_set)
    picture = printmap.render(shapes, printview.layer_spec(atlas, view, sel), "png", bare=True)
    deck = slides.deck([printview.layer_slide(atlas, view, sel, picture)])
    prs = Presentation(io.BytesIO(deck))
    (slide,) = prs.slides
    kinds = [s.shape_type for s in slide.shapes]
    assert MSO_SHAPE_TYPE.PICTURE in kinds
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    cells = " ".join(
        c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells
    )
    top = view.frame.sort_values("value", ascending=False)["name"].iloc[0]
    assert view.indicator.label("nl") in texts and "Bron:" in texts
    assert top in cells and "Hoogste" in texts
    notes = slide.notes_slide.notes_text_frame.text
    assert "Bron:" in notes and re.search(r"\d{4}-\d\d-\d\d", notes)


def test_slide_of_a_selected_municipality_shows_its_figures(atlas):
    sel, view = _view(atlas)
    code = view.frame["value"].idxmax()
    sel = sel.with_(selected=code)
    view = maps.map_layer("indicator", atlas, sel)
    spec = printview.layer_slide(atlas, view, sel, b"")
    assert spec.heading == view.frame.at[code, "name"]
    assert dict(spec.facts)["Rang binnen de selectie"].startswith("1 van ")


def test_a_long_orf_title_wraps_on_the_print_map_and_shrinks_on_the_slide():
    """The difference map's title: never cut on paper, never out of its box on the slide."""
    title = (
        "Verschil B − A per gemeente (B 188,4 miljoen euro, A 123,4 miljoen euro) "
        "in de selectie van de adviseur"
    )
    spec = printmap.PrintSpec(
        title=title, subtitle="s", legend_title="l", unit="euro", legend=(), fills={},
        missing=frozenset(), selected=None, selected_text="", source="Bron: x", status="",
        status_key="model", date_line="", count_label="n", hole_label="Brussel",
    )  # fmt: skip
    lines = printmap._title_lines(spec)
    assert len(lines) == 2 and " ".join(lines) == title
    assert all(len(line) <= printmap.TITLE_CHARS for line in lines)
    size, n = slides.title_size(title)
    assert n == 2 and size < 26 and len(title) <= 2 * slides.TITLE_CHARS[size]
    assert slides.title_size("Kort") == (26, 1)


def test_xlsx_status_says_proxy_once(atlas):
    from ruraldash.core.i18n import t

    sel, view = _view(atlas)
    status = dict(printview.map_meta(atlas, view, sel, "l", {}))[t("px_meta_status", "nl")]
    assert status == printview.status_text(view.indicator.status, "nl")
    assert status.lower().count(view.indicator.status) <= 1  # not "proxy: Proxy: benadering"


def test_a_zoomed_print_map_fills_its_box_with_the_surroundings(atlas):
    """Walked: West-Vlaanderen filled a third of the width, cut off by a straight edge in the east."""
    sel, view = _view(atlas, types=("platteland",))
    spec = printview.layer_spec(atlas, view, sel)
    assert spec.extent, "the filter zooms the print map"
    fig = printmap.figure(printview.shapes(atlas, sel.border_set), spec)
    fig.canvas.draw()
    ax = fig.axes[0]
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    # equal scale in both directions, and the data limits (not empty margins) fill the axes box
    assert (x1 - x0) / (y1 - y0) == pytest.approx(box.width / box.height, rel=0.02)
    assert ax.get_position().width == pytest.approx(0.72, rel=0.01)
