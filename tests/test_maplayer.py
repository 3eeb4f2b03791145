"""The map-layer builder: geometry file once, palette indexes, flags, escaped texts, ranks, size."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ruraldash.domain import classify
from ruraldash.features import maps
from ruraldash.features.selection import Selection
from ruraldash.render import maplayer, mapstyle
from tests.factories import tiny_atlas

LABELS = maplayer.Labels(
    "Waarde", "Rang", "buiten filter", "{r} / {n} binnen de selectie", "{r} / {n} in Vlaanderen"
)


def _square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _geojson(names: dict[str, str]) -> dict:
    feats = [
        {
            "type": "Feature",
            "properties": {"nis_code": c, "name": n},
            "geometry": _square(3 + i * 0.1, 51),
        }
        for i, (c, n) in enumerate(names.items())
    ]
    return {"type": "FeatureCollection", "features": feats}


@pytest.fixture
def world(tmp_path):
    names = {"11001": "Aartselaar", "11002": "<script>alert(1)</script>", "11004": "Boom"}
    return maplayer.geometry(_geojson(names), "2019", static_dir=tmp_path), tmp_path


def _frame(**cols) -> pd.DataFrame:
    base = {
        "colour": ["#fef0d9", "#b30000", classify.MISSING_COLOUR],
        "tooltip_value": ["1,5 %", "9,0 %", "geen gegevens"],
        "in_filter": [True, True, True],
    }
    return pd.DataFrame(base | cols, index=["11001", "11002", "11004"])


def test_geometry_is_written_once_under_a_content_name_with_escaped_names(world):
    geo, folder = world
    path = folder / geo.url_path
    assert path.exists() and path.name.startswith("geo-2019-")
    stored = json.loads(path.read_text())
    assert [f["id"] for f in stored["features"]] == list(geo.codes)
    names = [f["properties"]["n"] for f in stored["features"]]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in names and "<script>" not in path.read_text()
    again = maplayer.geometry(_geojson({"11001": "Aartselaar"}), "2019", static_dir=folder)
    assert again.url_path != geo.url_path, "other content, other file name"


def test_colours_become_a_palette_and_one_index_per_polygon(world):
    geo, _ = world
    frame = _frame(in_filter=[True, False, True])
    data = maplayer.payload(geo, frame, LABELS, selected="11004")
    assert data["pal"] == ["#fef0d9"]
    assert data["c"] == [0, -2, -1], "coloured, outside the filter, missing"
    assert data["sel"] == 2 and data["peers"] == []


def test_every_text_is_escaped(world):
    geo, _ = world
    frame = _frame(tooltip_value=["<img src=x onerror=alert(1)>", "1", "2"])
    frame["missing_text"] = ["", "", "niet in <b>bron</b>"]
    data = maplayer.payload(geo, frame, LABELS, meta="2020 · <i>proxy</i>")
    text = json.dumps(data)
    assert "<img" not in text and "<b>" not in text and "<i>" not in text
    assert data["v"][0] == "&lt;img src=x onerror=alert(1)&gt;"
    assert data["why"] == {"2": "niet in &lt;b&gt;bron&lt;/b&gt;"}


def test_ranks_are_integers_inside_the_selection_and_in_flanders(world):
    geo, _ = world
    frame = _frame(in_filter=[True, False, True])
    frame["rank"] = pd.array([1, None, None], dtype="Int64")
    frame["rank_vl"] = pd.array([2, 1, None], dtype="Int64")
    rk = maplayer.payload(geo, frame, LABELS)["rk"]
    assert rk["sel"] == [1, 0, 0] and rk["vl"] == [2, 1, 0]
    assert (rk["nsel"], rk["nvl"]) == (1, 2)
    assert rk["tsel"] == "{r} / {n} binnen de selectie"
    unfiltered = maplayer.payload(geo, _frame(), LABELS)
    assert "rk" not in unfiltered or "sel" not in unfiltered["rk"]


def test_contrast_darkens_the_palette_ends_but_not_the_middle():
    pale, middle, dark = "#fef0d9", "#fc8d59", "#b30000"
    out = mapstyle.contrast_palette([pale, middle, dark])
    assert out[1] == middle
    assert mapstyle._luminance(out[0]) < mapstyle._luminance(pale)
    assert mapstyle._luminance(out[2]) < mapstyle._luminance(dark)


def test_fit_bounds_follow_the_filtered_municipalities(world):
    geo, _ = world
    data = maplayer.payload(geo, _frame(), LABELS, fit=("Antwerpen", ["11002"]))
    (s, w), (n, e) = data["fit"]["b"]
    assert (s, n) == (51, 51.1) and w == pytest.approx(3.1) and e == pytest.approx(3.2)
    assert maplayer.payload(geo, _frame(), LABELS, fit=("", []))["fit"]["b"] == (
        maplayer.FLANDERS_BOUNDS
    )


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


def test_an_ordinal_layer_never_shows_none_as_rank(atlas, tmp_path):
    ordinal = next(i for i, ind in atlas.catalogue.items() if ind.kind == "ordinal")
    view = maps.map_layer("indicator", atlas, Selection(indicator=ordinal, types=("platteland",)))
    names = atlas.units("2019")["name"].to_dict()
    geo = maplayer.geometry(_geojson(names), "2019", static_dir=tmp_path)
    data = maplayer.payload(geo, view.frame, LABELS)
    assert "None" not in json.dumps(data) and "nan" not in json.dumps(data).lower()
    assert set(data["rk"]["vl"]) == {0}


def test_filtered_view_ranks_within_the_selection_and_in_flanders(atlas):
    view = maps.map_layer(
        "indicator", atlas, Selection(indicator="built_share", types=("platteland",))
    )
    f = view.frame
    inside = f[f["in_filter"] & f["value"].notna()]
    assert sorted(inside["rank"].tolist())[0] == 1
    assert inside["rank"].max() == len(inside)
    assert (inside["rank"] <= inside["rank_vl"]).all()
    assert inside["rank_text"].str.contains("binnen de selectie").all()
    assert f.loc[~f["in_filter"], "rank"].isna().all()


def test_payload_at_300_municipalities_stays_under_20_kb(real_atlas):
    sel = Selection(indicator="built_share", types=("platteland",), selected="11001")
    view = maps.map_layer("indicator", real_atlas, sel)
    geo = maplayer.geometry(real_atlas.geojson("2019"), "2019")
    data = maplayer.payload(geo, view.frame, LABELS, selected="11001", meta="2015 · proxy")
    assert len(data["c"]) == 300
    size = len(json.dumps(data, separators=(",", ":")).encode())
    assert size < 20_000, f"{size} bytes per change"
    assert geo.size > 10 * size, "the geometry (sent once) is what the payload no longer carries"


def test_the_unit_goes_once_and_a_missing_values_words_keep_theirs(world):
    """Every tooltip still reads "1,5 %"; the message carries " %" once, not 300 times."""
    geo, _ = world
    frame = _frame(tooltip_value=["1,5\u00a0%", "9,0\u00a0%", "geen gegevens"])
    data = maplayer.payload(geo, frame, LABELS)
    assert data["v"] == ["1,5", "9,0", "geen gegevens"] and data["vu"] == "\u00a0%"
    assert data["vx"] == [2], "the words of a missing value take no unit"
    shown = [v if i in data["vx"] else v + data["vu"] for i, v in enumerate(data["v"])]
    assert shown == list(frame["tooltip_value"])
