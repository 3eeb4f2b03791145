"""Browser bench: ruraldash against a naive st_folium app, timed alternately in one run.

Both apps run on 127.0.0.1 (``streamlit run app.py`` and ``streamlit run bench/naive_app.py``,
the same 300 topology-simplified municipalities, Leaflet served locally) and are driven by
Playwright + /usr/bin/chromium. Per run, in alternating order (ruraldash first in even runs):

* ``navigation → map painted`` (fresh browser context, empty cache): ``page.goto`` until 300
  filled polygons are on the page (ruraldash: inside the map widget's shadow root; naive: inside
  the st_folium iframe);
* per colour change (the classification scheme in the sidebar; the option click is the user
  action): ``repaint`` = click → the polygons' fill colours have changed; ``rerun (websocket)`` =
  ``rerun_script`` BackMsg sent → ``script_finished`` received; ``ws kB`` = all ForwardMsg bytes
  received for the change, ``map kB`` = the map element's delta alone.

Ratios are ruraldash / naive of the medians of the same run (the machine is shared and noisy:
compare ratios, not absolute times). The load average before and after is printed.

    .venv/bin/python bench/browser_bench.py [--runs 5] [--changes 5] [--headed]
                                            [--page map|map2025|orf] [--server-opt KEY=VALUE]

``--page map2025`` times ruraldash on the 2025 borders (285 polygons), ``--page orf`` the Open
Ruimtefonds page (colour change = the view switch "Bedrag / Per inwoner / Per ha open ruimte");
the naive app stays the reference (300 polygons, scheme change).
"""

from __future__ import annotations

import argparse
import os
import time

from _common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP,
    MUNI,
    ROOT,
    Server,
    machine,
    median,
    ms,
    pct,
    quiet_streamlit,
    table,
)

N_MUNI = 300
NAIVE_FRAME = "iframe[title='streamlit_folium.st_folium']"
TARGETS = {"paint": 0.8, "repaint": 0.5}
WS_TARGET_KB = 20.0

# Runs in the page: the polygons' fill colours, found in the ruraldash map widget's (open) shadow
# root or in the naive app's same-origin st_folium iframe.
_FILLS = """({map, frame, muni}) => {
  let root = null;
  if (!window.__rdHost || !window.__rdHost.isConnected) {
    window.__rdHost = [...document.querySelectorAll('*')].find(e => e.shadowRoot && e.shadowRoot.querySelector(map)) || null;
  }
  if (window.__rdHost) root = window.__rdHost.shadowRoot;
  if (!root) { const f = document.querySelector(frame); root = f && f.contentDocument; }
  if (!root) return null;
  const ps = root.querySelectorAll(muni);
  return {n: ps.length, sig: Array.from(ps, p => p.getAttribute('fill')).join(',')};
}"""
_PAINTED = (
    "(a) => { const r = (" + _FILLS + ")(a);"
    " return r && r.n === a.n && r.sig !== a.old ? Date.now() : false; }"
)


class WsLog:
    """Timestamps and sizes of rerun requests, finished runs and map messages on the websocket."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._back, self._fwd = BackMsg, ForwardMsg
        self.events: list[tuple[str, float, int]] = []  # (kind, time, size)
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        now = time.time()
        if isinstance(payload, bytes | bytearray):
            msg = self._back()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "rerun_script":
                self.events.append(("rerun", now, len(payload)))

    def _received(self, payload) -> None:
        now = time.time()
        if not isinstance(payload, bytes | bytearray):
            return
        self.events.append(("bytes", now, len(payload)))
        msg = self._fwd()
        msg.ParseFromString(payload)
        if os.environ.get("BENCH_DUMP") and msg.WhichOneof("type") == "delta":
            el = msg.delta.new_element
            kind = el.WhichOneof("type") or msg.delta.WhichOneof("type")
            print(f"DUMP {len(payload):6d} {kind} {str(getattr(el, kind, ''))[:90]!r}", flush=True)
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.events.append(("finished", now, len(payload)))
        elif kind == "delta" and _is_map(msg.delta.new_element):
            self.events.append(("map", now, len(payload)))

    def after(self, mark: int, kind: str) -> list[tuple[str, float, int]]:
        return [e for e in self.events[mark:] if e[0] == kind]


def _is_map(el) -> bool:
    """The map element: ruraldash's map widget, or the naive app's st_folium component."""
    kind = el.WhichOneof("type")
    if kind == "bidi_component":
        return el.bidi_component.component_name == "ruraldash_map"
    return kind == "component_instance"


def _wait_event(page, log: WsLog, mark: int, kind: str, timeout: float = 60) -> float:
    deadline = time.time() + timeout
    while not log.after(mark, kind):
        if time.time() > deadline:
            raise TimeoutError(f"no {kind} message within {timeout} s")
        page.wait_for_timeout(5)
    return log.after(mark, kind)[0][1]


PAGES = {  # page -> (URL path and query of ruraldash, polygons)
    "map": ("/", 300),
    "map2025": ("/?grenzen=2025", 285),
    "orf": ("/openruimtefonds", 300),
}
ORF_VIEWS = ("Per inwoner", "Per ha open ruimte", "Bedrag")
_N = {"n": N_MUNI}


def _arg(old: str | None = None) -> dict:
    return {"map": MAP, "frame": NAIVE_FRAME, "muni": MUNI, "n": _N["n"], "old": old}


def _wait_painted(page, old: str | None, timeout: float = 60_000) -> float:
    handle = page.wait_for_function(_PAINTED, arg=_arg(old), polling="raf", timeout=timeout)
    return handle.json_value() / 1000


def _fills(page) -> str | None:
    r = page.evaluate(_FILLS, _arg())
    return r["sig"] if r else None


def navigate(page, log: WsLog, url: str) -> dict[str, float]:
    """Open an app; time to the painted map."""
    mark = len(log.events)
    t0 = time.time()
    page.goto(url, wait_until="commit")
    painted = _wait_painted(page, None)
    _wait_event(page, log, mark, "finished")
    return {"paint": painted - t0}


def _pick(page, label: str, option: str) -> float:
    box = page.locator("[data-testid='stSidebar']").get_by_label(label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type(option[:12])  # the box filters on typing
    choice = page.get_by_role("option", name=option).first
    choice.wait_for()
    start = time.time()
    choice.click()
    return start


def _schemes() -> tuple[str, list[str]]:
    from ruraldash.core.i18n import t

    keys = ("equal_interval", "natural_breaks", "quantiles")
    return t("sb_scheme", "nl"), [t(f"scheme_{k}", "nl") for k in keys]


def _pick_view(page, option: str) -> float:
    """The Open Ruimtefonds page's view switch (a radio in the page, not the sidebar)."""
    choice = page.locator("[data-testid='stMain']").get_by_text(option, exact=True).first
    choice.wait_for()
    start = time.time()
    choice.click()
    return start


def change(page, log: WsLog, option: str) -> dict[str, float]:
    """One colour change: the scheme option click → fills changed, run finished, bytes."""
    label, _ = _schemes()
    old = _fills(page)
    mark = len(log.events)
    start = _pick_view(page, option) if option in ORF_VIEWS else _pick(page, label, option)
    painted = _wait_painted(page, old)
    finished = _wait_event(page, log, mark, "finished")
    page.keyboard.press("Escape")
    sent = log.after(mark, "rerun")[0][1]
    received = [e for e in log.after(mark, "bytes") if e[1] <= finished]
    maps = log.after(mark, "map")
    return {
        "repaint": painted - start,
        "rerun (websocket)": finished - sent,
        "ws kB": sum(e[2] for e in received) / 1000,
        "map kB": maps[0][2] / 1000 if maps else 0.0,
    }


def one_app(browser, url: str, n_changes: int, n: int = N_MUNI, orf: bool = False):
    """A fresh context: cold navigation, then ``n_changes`` scheme (or ORF view) changes."""
    _, options = _schemes()
    options = list(ORF_VIEWS) if orf else options
    _N["n"] = n
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    log = WsLog(page)
    try:
        nav = navigate(page, log, url)
        changes = [change(page, log, options[j % len(options)]) for j in range(n_changes)]
    finally:
        context.close()
    return nav, changes


def one_floor(browser, url: str, painted: bool) -> float:
    """A fresh context: navigation until the map is painted (``painted``) or the title shows."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        _N["n"] = N_MUNI
        start = time.time()
        page.goto(url, wait_until="commit")
        if painted:
            return _wait_painted(page, None) - start
        page.get_by_role("heading", name="Leeg").wait_for(timeout=60_000)
        return time.time() - start
    finally:
        context.close()


def report_floors(floors: dict[str, list[float]], results: dict) -> None:
    """The first paint's floors beside the two apps (medians of the same runs, ratio to naive)."""
    naive = median([r["paint"] for r in results["naive"]["nav"]])
    rows = [
        ("empty Streamlit page: title shown", floors["empty"]),
        ("ruraldash's map widget alone: painted", floors["widget"]),
        ("ruraldash map page: painted", [r["paint"] for r in results["ruraldash"]["nav"]]),
        ("naive app: painted", [r["paint"] for r in results["naive"]["nav"]]),
    ]
    print()
    print(table(["first paint (cold cache)", "n", "median ms", "ratio to naive"],
                [(name, len(v), ms(median(v)), f"{median(v) / naive:.2f}") for name, v in rows]))  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Run both apps alternately and print the side-by-side figures and ratios."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--runs", type=int, default=5, help="runs per app (fresh context each)")
    ap.add_argument("--changes", type=int, default=5, help="colour changes per run")
    ap.add_argument("--headed", action="store_true", help="show the browser (debugging)")
    ap.add_argument("--page", choices=sorted(PAGES), default="map",
                    help="which ruraldash page to time against the naive app")  # fmt: skip
    ap.add_argument("--server-opt", action="append", default=[], metavar="KEY=VALUE",
                    help="extra streamlit option for both servers")  # fmt: skip
    ap.add_argument("--floors", action="store_true",
                    help="also time the floors in the same runs: an empty Streamlit page (its title) "
                         "and ruraldash's map widget alone (bench/widget_app.py)")  # fmt: skip
    args = ap.parse_args(argv)
    quiet_streamlit()
    from playwright.sync_api import sync_playwright

    options = dict(opt.split("=", 1) for opt in args.server_opt)
    results: dict[str, dict[str, list]] = {
        a: {"nav": [], "changes": []} for a in ("ruraldash", "naive")
    }
    load_before, failures = os.getloadavg(), []
    floors: dict[str, list[float]] = {"empty": [], "widget": []}
    with (
        Server("browser_bench", options) as rd,
        Server("browser_bench_naive", options, script=ROOT / "bench" / "naive_app.py") as naive,
        Server("browser_bench_widget", options, script=ROOT / "bench" / "widget_app.py") as bare,
        sync_playwright() as p,
    ):
        launch_args = [a for a in CHROMIUM_ARGS if not (args.headed and a == "--headless")]
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=launch_args, headless=not args.headed
        )
        path, n_rd = PAGES[args.page]
        urls = {"ruraldash": rd.url + path, "naive": naive.url + "/"}
        shape = {"ruraldash": (n_rd, args.page == "orf"), "naive": (N_MUNI, False)}
        for app, url in urls.items():  # untimed: each server loads the atlas once
            one_app(browser, url, 0, *shape[app])
        if args.floors:
            one_floor(browser, bare.url + "/", painted=True)
        for i in range(args.runs):
            order = ["ruraldash", "naive"] if i % 2 == 0 else ["naive", "ruraldash"]
            for app in order:
                try:
                    nav, changes = one_app(browser, urls[app], args.changes, *shape[app])
                except Exception as exc:  # a timeout is a failed run: note it, go on
                    failures.append(f"{app} run {i}: {type(exc).__name__}: {str(exc)[:160]}")
                    continue
                results[app]["nav"].append(nav)
                results[app]["changes"].extend(changes)
            if args.floors:
                floors["widget"].append(one_floor(browser, bare.url + "/", painted=True))
                floors["empty"].append(one_floor(browser, bare.url + "/?leeg=1", painted=False))
        browser.close()
    print(f"# page: {args.page} ({urls['ruraldash'].split('/', 3)[-1] or '/'}, {n_rd} polygons)")
    report(results, load_before, os.getloadavg())
    if args.floors:
        report_floors(floors, results)
    for failure in failures:
        print(f"FAILED {failure}")


def _figures(res: dict) -> dict[str, list[float]]:
    return {
        "navigation → map painted (cold cache)": [r["paint"] for r in res["nav"]],
        "colour change → fills changed": [c["repaint"] for c in res["changes"]],
        "colour change: rerun (websocket)": [c["rerun (websocket)"] for c in res["changes"]],
    }


def report(results: dict, load_before, load_after) -> None:
    """Print medians (and p95) per app, the ratios and the bytes per change."""
    print(
        f"# browser bench · {time.strftime('%Y-%m-%d %H:%M')} · chromium headless · 1920×1080 · "
        f"{machine()}\n# load average before {load_before[0]:.2f}, after {load_after[0]:.2f}\n"
    )
    rd, nv = _figures(results["ruraldash"]), _figures(results["naive"])
    rows = []
    for name in rd:
        a, b = median(rd[name]), median(nv[name])
        rows.append(
            (
                name,
                len(rd[name]),
                ms(a),
                ms(pct(rd[name], 95)),
                ms(b),
                ms(pct(nv[name], 95)),
                f"{a / b:.2f}",
            )
        )
    print(
        table(
            ["figure", "n", "ruraldash median ms", "p95", "naive median ms", "p95", "ratio"], rows
        )
    )
    kb = {
        app: (
            median([c["ws kB"] for c in r["changes"]]),
            median([c["map kB"] for c in r["changes"]]),
        )
        for app, r in results.items()
    }
    print()
    print(table(
        ["bytes per colour change", "ruraldash kB", "naive kB", "ratio"],
        [("websocket, all messages", f"{kb['ruraldash'][0]:.1f}", f"{kb['naive'][0]:.1f}",
          f"{kb['ruraldash'][0] / kb['naive'][0]:.2f}"),
         ("websocket, the map element", f"{kb['ruraldash'][1]:.1f}", f"{kb['naive'][1]:.1f}",
          f"{kb['ruraldash'][1] / kb['naive'][1]:.2f}")],
    ))  # fmt: skip
    names = list(rd)
    for key, name in (("paint", names[0]), ("repaint", names[1])):
        ratio = median(rd[name]) / median(nv[name])
        ok = "OK" if ratio <= TARGETS[key] else f"MISSED by {ratio - TARGETS[key]:.2f}"
        print(f"SUMMARY {name}: ratio {ratio:.2f} vs target ≤ {TARGETS[key]}: {ok}")
    ws = kb["ruraldash"][0]
    ok = "OK" if ws <= WS_TARGET_KB else f"MISSED by {ws - WS_TARGET_KB:.1f} kB"
    print(
        f"SUMMARY websocket bytes per colour change {ws:.1f} kB vs target ≤ {WS_TARGET_KB} kB: {ok}"
    )


if __name__ == "__main__":
    main()
