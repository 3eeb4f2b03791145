"""Map bench: server-side cost and size of the choropleth for EVERY indicator on both border sets.

Per indicator and border set, median over ``--runs`` runs of:

* ``view``      ``features.maps.map_layer("indicator", atlas, sel)`` (the MapLayer)
* ``folium``    ``maps.build_choropleth(...)`` (the folium object tree)
* ``render``    ``m.get_root().render()`` (the full HTML page, as the offline HTML download does)
* ``st_folium`` what ``streamlit_folium.st_folium`` does before handing the map to the browser:
                full render + ``_get_html`` + ``_get_header`` + ``_get_map_string`` (on a fresh map)
* ``map path``  view + folium + st_folium: the map's share of a filter-change rerun

and the payload: ``html`` (rendered page), ``payload`` (the JSON arguments st_folium sends to the
browser: script + header + html + links + defaults) and ``gzip`` (the payload compressed, a hint of
the wire size when the websocket compresses). Also: imports, the cold atlas load and the display
GeoJSON with a cold (temporary folder) and a warm disk cache.

Finally the whole map page (``pages/kaart.py``) in ``streamlit.testing`` (in process, no network):
the script's execution time of ``--page-reruns`` filter changes (scheme, type, indicator, classes,
province, border set) and where that time goes (inclusive wall time of the main functions, which
nest: ``downloads`` contains ``table_xlsx``, ``table_csv`` and ``standalone_html``).
``--profile`` adds the cProfile top 30 of those reruns.

    .venv/bin/python bench/map_bench.py [--runs 5] [--only built_share,...] [--border-sets 2019]
                                        [--page-reruns 20] [--profile]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import json
import tempfile
import time
from pathlib import Path

from _common import machine, median, ms, quiet_streamlit, table, verdict

PAYLOAD_TARGET_KB = 300.0
RERUN_TARGET_S = 0.300


def st_folium_args(m) -> dict:
    """The arguments ``st_folium`` passes to its component (streamlit-folium 0.27), without streamlit.

    Mirrors ``streamlit_folium.st_folium(m, returned_objects=["last_active_drawing"],
    use_container_width=True, height=600)``: render, html, header, script, links.
    """
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = [], []
    for elem in _walk(m):
        css += [href for _, href in getattr(elem, "default_css", [])]
        js += [src for _, src in getattr(elem, "default_js", [])]
    return {
        "script": script, "header": header, "html": html, "id": sf.get_full_id(m),
        "key": sf.generate_js_hash(script, "rd_map", False), "height": 600, "width": None,
        "returned_objects": ["last_active_drawing"], "default": {"last_active_drawing": None},
        "zoom": None, "center": None, "feature_group": None, "return_on_hover": False,
        "layer_control": None, "pixelated": False, "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)), "wrap_longitude": False,
    }  # fmt: skip


def _walk(fig):
    yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk(child)


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def bench_one(atlas, ind, border_set: str, runs: int, static_url: str) -> dict:
    """Median timings and sizes of one indicator on one border set."""
    from ruraldash.features import maps as layers
    from ruraldash.features.selection import Selection
    from ruraldash.render import maps

    sel = Selection(layer=ind.layer, indicator=ind.id, border_set=border_set)
    geojson = atlas.geojson(border_set)
    t = {"view": [], "folium": [], "render": [], "st_folium": [], "map path": []}
    for _ in range(runs):
        view, t_view = _timed(layers.map_layer, "indicator", atlas, sel)
        build = functools.partial(
            maps.build_choropleth, geojson, view.frame, static_url=static_url, lang="nl"
        )
        m, t_folium = _timed(build)
        html, t_render = _timed(m.get_root().render)
        args, t_stf = _timed(st_folium_args, build())
        for key, value in zip(t, (t_view, t_folium, t_render, t_stf), strict=False):
            t[key].append(value)
        t["map path"].append(t_view + t_folium + t_stf)
    payload = json.dumps(args).encode("utf-8")
    return {
        "indicator": ind.id,
        "bs": border_set,
        "n": len(view.frame),
        **{k: median(v) for k, v in t.items()},
        "html_kb": len(html.encode("utf-8")) / 1000,
        "payload_kb": len(payload) / 1000,
        "gzip_kb": len(gzip.compress(payload, 6)) / 1000,
    }


def bench_load() -> tuple[object, list[tuple[str, float]]]:
    """Imports, cold atlas load, derived tables and the display GeoJSON (cold and warm cache)."""
    t0 = time.perf_counter()
    import folium  # noqa: F401
    import geopandas  # noqa: F401
    import streamlit_folium  # noqa: F401

    from ruraldash.core.config import settings
    from ruraldash.domain.typology import load_atlas

    out = [
        (
            "imports (geopandas, folium, streamlit-folium, ruraldash; streamlit was already loaded)",
            time.perf_counter() - t0,
        )
    ]
    atlas, dt = _timed(load_atlas, settings())
    out.append(("load_atlas (first in this process)", dt))
    _, dt = _timed(lambda: [atlas.units(bs) for bs in ("2019", "2025")])
    out.append(("derived tables: wide + units, both border sets", dt))
    _, dt = _timed(load_atlas, settings())
    out.append(("load_atlas (second call, nothing cached)", dt))
    with tempfile.TemporaryDirectory() as tmp:
        cold = dataclasses.replace(atlas, settings=dataclasses.replace(atlas.settings, data_dir=Path(tmp)), _geojson={})  # fmt: skip
        for bs in ("2019", "2025"):
            _, dt = _timed(cold.geojson, bs)
            out.append((f"display GeoJSON {bs}: cold (simplify + write cache)", dt))
        warm = dataclasses.replace(cold, _geojson={})
        for bs in ("2019", "2025"):
            _, dt = _timed(warm.geojson, bs)
            out.append((f"display GeoJSON {bs}: warm (read disk cache)", dt))
    for bs in ("2019", "2025"):
        _, dt = _timed(atlas.geojson, bs)
        _, dt2 = _timed(atlas.geojson, bs)
        out.append((f"display GeoJSON {bs}: project cache, then in memory {ms(dt2)} ms", dt))
    return atlas, out


# --- the whole page, in process ----------------------------------------------------------------

PAGE_ACTIONS = [  # (widget kind, key, value): one filter change each, cycled
    ("selectbox", "w_scheme", "equal_interval"),
    ("multiselect", "w_types", ["platteland"]),
    ("selectbox", "w_indicator", "open_space_share"),
    ("slider", "w_k", 7),
    ("multiselect", "w_types", []),
    ("selectbox", "w_scheme", "natural_breaks"),
    ("multiselect", "w_prov", ["Limburg"]),
    ("slider", "w_k", 5),
    ("radio", "w_border", "2025"),
    ("multiselect", "w_prov", []),
    ("selectbox", "w_indicator", "built_share"),
    ("selectbox", "w_scheme", "quantiles"),
    ("radio", "w_border", "2019"),
]
TIMED = [  # (module, attribute): inclusive wall time per rerun
    ("ruraldash.ui.sidebar", "full"),
    ("ruraldash.features.maps", "map_layer"),
    ("ruraldash.render.maplayer", "layer_payload"),
    ("ruraldash.ui.mapwidget", "show_map"),
    ("ruraldash.render.legend", "legend_html"),
    ("ruraldash.ui.views.mapview", "side_panel"),
    ("ruraldash.ui.mapwidget", "search_box"),
    ("ruraldash.ui.views.mapview", "ranking_table"),
    ("streamlit", "dataframe"),
    ("ruraldash.ui.mapsection", "layer_exports"),
    ("ruraldash.render.exports", "table_xlsx"),
    ("ruraldash.render.exports", "table_csv"),
    ("ruraldash.render.maps", "layer_html"),
    ("ruraldash.ui.views.mapview", "render"),
]


def _instrument(spent: dict[str, float]) -> None:
    """Wrap the TIMED functions so each call adds its wall time to ``spent``."""
    import importlib

    for mod_name, attr in TIMED:
        mod = importlib.import_module(mod_name)
        name = f"{mod_name.rsplit('.', 1)[-1]}.{attr}"
        setattr(mod, attr, _timed_wrapper(getattr(mod, attr), name, spent))


def _timed_wrapper(func, name: str, spent: dict[str, float]):
    @functools.wraps(func)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    return timed


def bench_page(reruns: int, profile: bool, what_if: bool = False) -> None:
    """Filter-change reruns of pages/kaart.py in AppTest: script time and its breakdown."""
    import cProfile
    import pstats

    import streamlit.logger
    import streamlit.runtime.scriptrunner.script_runner as runner
    from _common import ROOT, pct
    from streamlit.testing.v1 import AppTest

    streamlit.logger.set_log_level("error")
    spent: dict[str, float] = {}
    runs: list[tuple[float, dict[str, float]]] = []
    prof = cProfile.Profile() if profile else None
    exec_orig = runner.exec_func_with_error_handling

    def exec_timed(func, ctx):
        spent.clear()
        start = time.perf_counter()
        if prof and runs:
            prof.enable()
        try:
            return exec_orig(func, ctx)
        finally:
            if prof:
                prof.disable()
            runs.append((time.perf_counter() - start, dict(spent)))

    runner.exec_func_with_error_handling = exec_timed
    _instrument(spent)
    if what_if:
        from _common import WHAT_IF, apply_what_if

        apply_what_if()
        print(f"\n# {WHAT_IF}")
    at = AppTest.from_file(str(ROOT / "pages" / "kaart.py"), default_timeout=120)
    at.run()
    for i in range(reruns):
        kind, key, value = PAGE_ACTIONS[i % len(PAGE_ACTIONS)]
        getattr(at, kind)(key=key).set_value(value)
        at.run()
        if at.exception:
            print(f"exception after {key}={value}: {at.exception[0].value}")
    first, changes = runs[0], runs[1:]
    times = [t for t, _ in changes]
    print(f"\n## pages/kaart.py in AppTest: first run {ms(first[0])} ms (atlas load included); "
          f"{len(times)} filter changes: median {ms(median(times))} ms, p95 {ms(pct(times, 95))} ms, "
          f"max {ms(max(times))} ms\n")  # fmt: skip
    names = list(dict.fromkeys(n for _, s in changes for n in s))
    print(table(
        ["function (inclusive)", "median ms", "share of median rerun"],
        [(n, ms(median([s.get(n, 0.0) for _, s in changes])),
          f"{median([s.get(n, 0.0) for _, s in changes]) / median(times):.0%}") for n in names],
    ))  # fmt: skip
    print(
        f"\nSUMMARY page rerun (AppTest, server script time) median {ms(median(times))} ms, "
        f"p95 {ms(pct(times, 95))} ms vs target ≤ {ms(RERUN_TARGET_S)} ms: "
        f"{verdict(median(times) * 1000, RERUN_TARGET_S * 1000, 'ms')}"
    )
    if prof:
        print("\n## cProfile of the filter-change reruns (cumulative, top 30)\n")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> None:
    """Run the map bench and print its tables."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--runs", type=int, default=5, help="runs per indicator (median), default 5")
    ap.add_argument("--only", default="", help="comma-separated indicator ids (default: all)")
    ap.add_argument("--border-sets", default="2019,2025")
    ap.add_argument("--page-reruns", type=int, default=20, help="AppTest filter changes (0: skip)")
    ap.add_argument("--profile", action="store_true", help="cProfile the page reruns")
    ap.add_argument(
        "--what-if", action="store_true", help="page reruns with the suggested fixes simulated"
    )
    args = ap.parse_args(argv)
    quiet_streamlit()
    atlas, load = bench_load()
    print(f"# map bench · {time.strftime('%Y-%m-%d %H:%M')} · runs={args.runs} · {machine()}\n")
    print(table(["step", "ms"], [(name, ms(dt)) for name, dt in load]))
    from ruraldash.core.config import settings

    static_url = settings().section("app").get("static_url", "/app/static")
    wanted = [i for i in args.only.split(",") if i]
    inds = [i for i in atlas.catalogue.values() if not wanted or i.id in wanted]
    rows = []
    bench_one(atlas, inds[0], "2019", 1, static_url)  # warm-up (lazy imports, caches)
    for bs in args.border_sets.split(","):
        for ind in inds:
            rows.append(bench_one(atlas, ind, bs, args.runs, static_url))
    cols = ["view", "folium", "render", "st_folium", "map path"]
    print()
    print(table(
        ["indicator", "borders", "n", *[f"{c} ms" for c in cols], "html kB", "payload kB", "gzip kB"],
        [(r["indicator"], r["bs"], r["n"], *[ms(r[c]) for c in cols],
          f"{r['html_kb']:.1f}", f"{r['payload_kb']:.1f}", f"{r['gzip_kb']:.1f}") for r in rows],
    ))  # fmt: skip
    summary(rows)
    if args.page_reruns:
        bench_page(args.page_reruns, args.profile, args.what_if)


def summary(rows: list[dict]) -> None:
    """Max payload and median map time against the targets."""
    worst = max(rows, key=lambda r: r["payload_kb"])
    p300 = [r for r in rows if r["n"] == 300]
    worst300 = max(p300, key=lambda r: r["payload_kb"]) if p300 else worst
    med = median([r["map path"] for r in rows])
    slowest = max(rows, key=lambda r: r["map path"])
    print(
        f"\nSUMMARY max payload (300 municipalities) {worst300['payload_kb']:.1f} kB "
        f"({worst300['indicator']}; gzip {worst300['gzip_kb']:.1f} kB) vs target ≤ {PAYLOAD_TARGET_KB:.0f} kB: "
        f"{verdict(worst300['payload_kb'], PAYLOAD_TARGET_KB, 'kB')}"
    )
    print(
        f"SUMMARY median map path (view + folium + st_folium) {ms(med)} ms over {len(rows)} "
        f"indicator × border-set combinations (slowest {ms(slowest['map path'])} ms, "
        f"{slowest['indicator']} {slowest['bs']}) vs rerun target ≤ {ms(RERUN_TARGET_S)} ms: "
        f"{verdict(med * 1000, RERUN_TARGET_S * 1000, 'ms')} (the map is only part of a rerun: "
        "see browser_bench / load_bench for the whole page)"
    )


if __name__ == "__main__":
    main()
