"""static/gen: written by `ruraldash data sync` (or the first start), stale files removed, the app
fine with a read-only folder afterwards, a Dutch message when the files cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ruraldash.render import maplayer, staticgen


def _geojson(name: str) -> dict:
    square = [[[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.0]]]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"nis_code": "12021", "name": name},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
        ],
    }


def _geometry(name: str = "Lier"):
    shapes = {bs: _geojson(f"{name} {bs}") for bs in staticgen.BORDER_SETS}
    return lambda bs, static: maplayer.geometry(shapes[bs], bs, static).url_path


def test_sync_writes_the_current_files_and_removes_stale_widget_and_geometry_files(tmp_path):
    gen = tmp_path / "gen"
    gen.mkdir()
    stale = [
        "mapwidget-0123456789ab.js", "geo-2019-0123456789ab.json", "x.4242.tmp",
        "searchbox-0123456789ab.js", "search-2025-0123456789ab.json",
    ]  # fmt: skip
    for name in stale:
        (gen / name).write_text("old")
    (gen / "README.txt").write_text("not ours")  # only the app's own families are pruned

    done = staticgen.generate(_geometry(), tmp_path, labels=lambda bs: {"12021": f"Lier {bs}"})

    on_disk = sorted(p.name for p in gen.iterdir())
    assert sorted([*(Path(rel).name for rel in done.current), "README.txt"]) == on_disk
    assert sorted(done.removed) == sorted(f"gen/{name}" for name in stale)
    assert any(rel.startswith("gen/mapwidget-") for rel in done.current)
    assert {rel.split("-")[1] for rel in done.current if "geo-" in rel} == {"2019", "2025"}
    assert sum(rel.startswith("gen/search-") for rel in done.current) == 2  # the search box's
    assert any(rel.startswith("gen/searchbox-") for rel in done.current)  # options and module


def test_twenty_widget_changes_leave_one_widget_file(tmp_path):
    asset = tmp_path / "mapwidget.js"
    for n in range(20):
        asset.write_text(f"// version {n}")
        staticgen.widget_module(tmp_path, asset)
    staticgen.generate(_geometry(), tmp_path)
    assert len(list((tmp_path / "gen").glob("mapwidget-*.js"))) == 1


def test_after_sync_a_read_only_static_gen_is_fine(tmp_path, monkeypatch):
    first = staticgen.generate(_geometry(), tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # a read-only folder (tests run as root here, so chmod would not stop a write)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    monkeypatch.setattr(Path, "mkdir", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    again = staticgen.generate(_geometry(), tmp_path, clean=False)
    assert again.current == first.current


def test_a_file_in_place_of_static_gen_is_said_in_dutch(tmp_path):
    (tmp_path / "gen").write_text("a file, not a folder")
    with pytest.raises(staticgen.StaticGenError) as caught:
        staticgen.generate(_geometry("Mechelen"), tmp_path)
    message = str(caught.value)
    assert "kan niet geschreven worden" in message and "ruraldash data sync" in message
    assert "Traceback" not in message


def test_a_missing_file_in_a_read_only_folder_is_said_in_dutch(tmp_path, monkeypatch):
    (tmp_path / "gen").mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(staticgen.StaticGenError, match="Oplossing: voer `ruraldash data sync` uit"):
        staticgen.widget_module(tmp_path)
    assert list((tmp_path / "gen").iterdir()) == []  # no half-written file left behind
