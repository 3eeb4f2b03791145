"""Fixtures over :mod:`tests.factories` (the tiny world built in code) and the real bundle."""

from __future__ import annotations

import os

# a missing string key fails in every test (AppTest and the browser tests' server inherit it)
os.environ.setdefault("RURALDASH_STRICT_LOCALE", "1")

import json  # noqa: E402
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from ruraldash.core.provenance import read_manifest
from ruraldash.core.sync import MISSING
from ruraldash.data import geo, indicators
from ruraldash.data.catalog import load_catalogue
from tests.dbserver import backend, db_url, pg_cluster, pg_url  # noqa: F401 (fixtures)
from tests.factories import (
    MINI_INDICATORS,
    UNITS,
    _topojson_polygon,
    bowtie_31370,
    grid_polygons_31370,
    manifest_record,
    mapping_frame,
    sha256_text,
    source_files,
    write_tables,
)

TIERS = ("e2e", "app", "bundle", "postgres", "replicas", "screenshots")
"""Every test belongs to one tier (pyproject's markers); whatever is in none of these is ``unit``."""
BUNDLE_FIXTURES = {"real_atlas"}


@pytest.fixture(scope="session", autouse=True)
def own_store(tmp_path_factory):
    """The app's store (notes, saved layers) in this test process's temp folder, never
    ``data/notes.sqlite``: two xdist workers (and their browser tests' servers, which inherit the
    environment) share no database file. The legacy variable, so a test that sets
    ``RURALDASH_NOTES_URL`` or ``RURALDASH_DB_URL`` itself still wins."""
    folder = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RURALDASH_NOTES_URL", f"sqlite:///{folder / 'ruraldash.sqlite'}")
        mp.setenv("RURALDASH_USER_LAYERS_DIR", str(folder / "user_layers"))
        yield folder


def pytest_collection_modifyitems(config, items):
    """Tiers by folder and fixture: tests/e2e -> e2e, tests/app -> app, the real bundle -> bundle,
    the rest (fixtures built in code, SQLite) -> unit, which ``make check`` runs."""
    for item in items:
        parts = Path(str(item.path)).parts
        if "e2e" in parts:
            item.add_marker(pytest.mark.e2e)
        elif "app" in parts:
            item.add_marker(pytest.mark.app)
        if BUNDLE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.bundle)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def grid_2019() -> gpd.GeoDataFrame:
    """The nine 2019–2024 municipalities in EPSG:4326, like ``geo.read_municipalities_2019`` returns."""
    cells = grid_polygons_31370()
    codes = sorted(cells)
    gdf = gpd.GeoDataFrame(
        {
            "nis_code": codes,
            "name": [UNITS.loc[c, "name"] for c in codes],
            "name_fr": [UNITS.loc[c, "name"] for c in codes],
            "province": [geo.province_of(c) for c in codes],
            "arrondissement": [f"Arr{c[:2]}" for c in codes],
        },
        geometry=[cells[c] for c in codes],
        crs=geo.LAMBERT72,
    )
    return gdf.to_crs(geo.WGS84)


@pytest.fixture(scope="session")
def mapping() -> pd.DataFrame:
    """The merger map of the tiny world."""
    return mapping_frame()


@pytest.fixture(scope="session")
def grid_2025(grid_2019, mapping) -> gpd.GeoDataFrame:
    """The six 2025 municipalities, dissolved by ``geo.merge_to_2025``."""
    return geo.merge_to_2025(grid_2019, mapping)


@pytest.fixture(scope="session")
def topojson_path(tmp_path_factory) -> Path:
    """A hand-written Belgian-style TopoJSON (layer ``municipalities``, EPSG:4326, no transform).

    Holds the nine grid cells, the bow-tie as a tenth Flemish municipality (38099 'Strikveld'), a
    Brussels (21004) and a Walloon (52011) municipality that must be filtered out.
    """
    cells = grid_polygons_31370()
    extra = {
        "38099": ("Strikveld", bowtie_31370()),
        "21004": ("Brussel", Polygon([(0, 0), (1, 0), (1, 1)])),
        "52011": ("Charleroi", Polygon([(0, 0), (-1, 0), (-1, -1)])),
    }
    shapes = {c: (UNITS.loc[c, "name"], p) for c, p in cells.items()} | extra
    codes = list(shapes)
    wgs = gpd.GeoSeries([shapes[c][1] for c in codes], crs=geo.LAMBERT72).to_crs(geo.WGS84)
    arcs: list = []
    geometries = [
        {
            "type": "Polygon",
            "arcs": _topojson_polygon(poly, arcs),
            "properties": {
                "nis": code,
                "name_nl": shapes[code][0],
                "name_fr": shapes[code][0] + " (fr)",
                "arr_nis": code[:2] + "000",
                "arr_nl": f"Arrondissement A{code[:2]}",
            },
        }
        for code, poly in zip(codes, wgs, strict=True)
    ]
    topo = {
        "type": "Topology",
        "objects": {"municipalities": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
    path = tmp_path_factory.mktemp("topo") / "municipalities.topo.json"
    path.write_text(json.dumps(topo), encoding="utf-8")
    return path


@pytest.fixture
def mini_mirror(tmp_path) -> Path:
    """A mirror folder laid out like the bundle, holding the tiny source files (writable)."""
    root = tmp_path / "mirror"
    for rel, _bs, text in source_files().values():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini_manifest(tmp_path) -> Path:
    """``sources.toml`` for the tiny bundle (checksums of the files in ``mini_mirror``)."""
    records = [
        manifest_record(ds_id, rel, bs, sha256_text(text))
        for ds_id, (rel, bs, text) in source_files().items()
    ]
    return write_tables(tmp_path / "manifest" / "sources.toml", "dataset", records)


@pytest.fixture
def mini_datasets(mini_manifest):
    """The tiny manifest, read."""
    return read_manifest(mini_manifest)


@pytest.fixture
def write_catalogue(tmp_path):
    """Factory: write a list of indicator entries to a catalogue TOML in tmp_path, return its path."""

    def _write(entries: list[dict], name: str = "indicators.toml") -> Path:
        return write_tables(tmp_path / "catalogue" / name, "indicator", entries)

    return _write


@pytest.fixture
def mini_catalogue_path(write_catalogue) -> Path:
    """The tiny catalogue: one indicator per conversion rule, multi-year ones, computed ones."""
    return write_catalogue(MINI_INDICATORS)


@pytest.fixture
def mini_catalogue(mini_catalogue_path, mini_datasets):
    """The tiny catalogue, validated against the tiny manifest."""
    return load_catalogue(mini_catalogue_path, mini_datasets)


@pytest.fixture
def mini_bundle(mini_mirror, mini_datasets, grid_2019, grid_2025) -> indicators.Bundle:
    """An ``indicators.Bundle`` read from the tiny source files, with the grid geometry."""
    return indicators.load_bundle(
        mini_mirror, mini_datasets, {"2019": grid_2019, "2025": grid_2025}
    )


@pytest.fixture
def mini_tidy(mini_bundle, mini_catalogue) -> pd.DataFrame:
    """The tidy table of the tiny catalogue on the tiny bundle."""
    return indicators.build_tidy(mini_bundle, mini_catalogue)


@pytest.fixture(scope="session")
def real_atlas():
    """The real atlas from the synced data folder; skips only when the data is not synced."""
    from ruraldash.core.config import settings
    from ruraldash.data.atlas import check_data
    from ruraldash.domain.typology import load_atlas

    s = settings()
    problems = check_data(s)
    if problems and all(p.state == MISSING for p in problems):
        names = ", ".join(p.dataset.path for p in problems[:3])
        pytest.skip(f"data bundle not synced into {s.data_dir} (missing {names}): run `make data`")
    return load_atlas(s)  # a corrupt (not missing) file fails loudly with DataMissing
