"""Browser bench: a real ``streamlit run app.py`` on 127.0.0.1 driven by Playwright + /usr/bin/chromium.

Figures (median and p95 over the runs):

* ``navigation → map painted``: (after one untimed navigation that makes the server load the
  atlas) from ``page.goto`` (fresh browser context, empty cache) to the
  moment all 300 municipality polygons are in the st_folium iframe's DOM; ``(warm cache)`` is a
  second navigation in the same context.
* ``first run (websocket)``: the first script run of the new session, from the ``rerun_script``
  BackMsg the browser sends to the ``script_finished`` ForwardMsg it receives.
* per filter change (the user picks a classification scheme or a municipality type in the
  sidebar; the option click is the user action): ``action → rerun request`` (Playwright's click
  and the frontend until the ``rerun_script`` BackMsg leaves),
  ``rerun (websocket)`` BackMsg ``rerun_script`` sent → ``script_finished`` received (server time
  plus loopback transfer; Streamlit has no per-run timing hook), ``rerun (end to end)`` user action
  → rerun finished and the status widget gone, ``repaint`` user action → the polygons' fill
  colours have changed.

The browser's clock (``Date.now()``) and Python's ``time.time()`` are the same wall clock.

    .venv/bin/python bench/browser_bench.py [--runs 5] [--changes 25] [--headed]
                                            [--server-opt KEY=VALUE] [--what-if]
"""

from __future__ import annotations

import argparse
import time

from _common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    MUNI,
    WHAT_IF,
    Server,
    machine,
    median,
    ms,
    pct,
    quiet_streamlit,
    table,
    verdict,
)

PAINT_TARGET_S = 2.5
RERUN_TARGET_S = 0.300
N_MUNI = 300

# Runs in the page: the fill colours of the polygons inside the (same-origin) st_folium iframe.
_FILLS = """({frame, muni}) => {
  const f = document.querySelector(frame);
  const d = f && f.contentDocument;
  if (!d) return null;
  const ps = d.querySelectorAll(muni);
  return {n: ps.length, sig: Array.from(ps, p => p.getAttribute('fill')).join(',')};
}"""
_PAINTED = (
    "(a) => { const r = (" + _FILLS + ")(a);"
    " return r && r.n === a.n && r.sig !== a.old ? Date.now() : false; }"
)
_IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && Date.now()"


class WsLog:
    """Timestamps of rerun requests, finished runs and the map message on the page's websocket."""

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
        msg = self._fwd()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.events.append(("finished", now, len(payload)))
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "component_instance":
            self.events.append(("map", now, len(payload)))

    def after(self, mark: int, kind: str) -> list[tuple[str, float, int]]:
        return [e for e in self.events[mark:] if e[0] == kind]


def _wait_event(page, log: WsLog, mark: int, kind: str, timeout: float = 60) -> float:
    deadline = time.time() + timeout
    while not log.after(mark, kind):
        if time.time() > deadline:
            raise TimeoutError(f"no {kind} message within {timeout} s")
        page.wait_for_timeout(5)
    return log.after(mark, kind)[0][1]


def _wait_painted(page, old: str | None, timeout: float = 60_000) -> float:
    arg = {"frame": MAP_FRAME, "muni": MUNI, "n": N_MUNI, "old": old}
    handle = page.wait_for_function(_PAINTED, arg=arg, polling="raf", timeout=timeout)
    return handle.json_value() / 1000


def _fills(page) -> str | None:
    r = page.evaluate(_FILLS, {"frame": MAP_FRAME, "muni": MUNI})
    return r["sig"] if r else None


def navigate(page, log: WsLog, url: str) -> dict[str, float]:
    """Open the app; time to the painted map and the first script run over the websocket."""
    mark = len(log.events)
    t0 = time.time()
    page.goto(url, wait_until="commit")
    painted = _wait_painted(page, None)
    finished = _wait_event(page, log, mark, "finished")
    rerun = log.after(mark, "rerun")[0][1]
    size = log.after(mark, "map")[0][2] if log.after(mark, "map") else 0
    return {"paint": painted - t0, "first run": finished - rerun, "map kB": size / 1000}


def _actions():
    """The filter changes, cycled: each changes the map's fill colours."""
    from ruraldash.core.i18n import t

    sidebar = "[data-testid='stSidebar']"

    def pick(label_key: str, option_key: str):
        def act(page) -> float:
            box = page.locator(sidebar).get_by_label(t(label_key, "nl"), exact=True)
            box.scroll_into_view_if_needed()
            box.click()
            page.keyboard.type(t(option_key, "nl")[:12])  # the box filters on typing
            option = page.get_by_role("option", name=t(option_key, "nl")).first
            option.wait_for()
            start = time.time()
            option.click()
            return start

        return f"{label_key.removeprefix('sb_')} → {option_key}", act

    def clear_types(page) -> float:
        box = page.locator(sidebar).get_by_label(t("sb_types", "nl"), exact=True)
        box.scroll_into_view_if_needed()
        box.click()
        start = time.time()
        box.press("Backspace")
        return start

    return [
        pick("sb_scheme", "scheme_equal_interval"),
        pick("sb_types", "type_platteland"),
        pick("sb_scheme", "scheme_natural_breaks"),
        ("types → all (Backspace)", clear_types),
        pick("sb_scheme", "scheme_quantiles"),
    ]


def change(page, log: WsLog, name: str, act) -> dict[str, float]:
    """One filter change: user action → rerun finished / repainted."""
    old = _fills(page)
    mark = len(log.events)
    start = act(page)
    painted = _wait_painted(page, old)
    finished = _wait_event(page, log, mark, "finished")
    idle = page.wait_for_function(_IDLE, timeout=60_000).json_value() / 1000
    page.keyboard.press("Escape")  # close a dropdown that stayed open
    sent = log.after(mark, "rerun")[0][1]
    maps = log.after(mark, "map")
    return {
        "action": name,
        "action → rerun request": sent - start,
        "rerun (websocket)": finished - sent,
        "rerun (end to end)": max(finished, idle) - start,
        "repaint": painted - start,
        "map kB": maps[0][2] / 1000 if maps else 0.0,
    }


def main(argv: list[str] | None = None) -> None:
    """Run the browser bench and print its tables."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--runs", type=int, default=5, help="navigations (fresh context each), default 5"
    )
    ap.add_argument("--changes", type=int, default=0, help="filter changes (default 5 × runs)")
    ap.add_argument("--headed", action="store_true", help="show the browser (debugging)")
    ap.add_argument("--server-opt", action="append", default=[], metavar="KEY=VALUE",
                    help="extra streamlit option, e.g. runner.postScriptGC=false (what-if runs)")  # fmt: skip
    ap.add_argument(
        "--what-if", action="store_true", help="serve the app with the suggested fixes simulated"
    )
    args = ap.parse_args(argv)
    quiet_streamlit()
    from playwright.sync_api import sync_playwright

    nav_cold, nav_warm, changes, failures = [], [], [], []
    n_changes = args.changes or 5 * args.runs
    actions = _actions()
    options = dict(opt.split("=", 1) for opt in args.server_opt)
    with Server("browser_bench", options, what_if=args.what_if) as server, sync_playwright() as p:
        launch_args = [a for a in CHROMIUM_ARGS if not (args.headed and a == "--headless")]
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=launch_args, headless=not args.headed
        )
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        cold_server = navigate(
            page, WsLog(page), server.url + "/"
        )  # loads the atlas (once per server)
        context.close()
        for i in range(args.runs):
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            log = WsLog(page)
            per_run = n_changes // args.runs + (i < n_changes % args.runs)
            try:
                nav_cold.append(navigate(page, log, server.url + "/"))
                nav_warm.append(navigate(page, log, server.url + "/"))
                for j in range(per_run):
                    name, act = actions[j % len(actions)]
                    changes.append(change(page, log, name, act))
            except Exception as exc:  # a timeout is a failed run: note it, keep the evidence
                failures.append(_failed(page, i, exc))
            context.close()
        browser.close()
    if args.what_if or args.server_opt:
        print(f"# {WHAT_IF if args.what_if else ''} server options: {', '.join(args.server_opt)}")
    report(nav_cold, nav_warm, changes, cold_server)
    for failure in failures:
        print(f"FAILED {failure}")


def _failed(page, run: int, exc: Exception) -> str:
    from _common import OUT

    shot = OUT / f"browser_failed_run{run}.png"
    try:
        page.screenshot(path=str(shot))
    except Exception:  # the page may be gone
        shot = None
    return f"run {run}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]} (screenshot {shot})"


def _stats(values: list[float]) -> tuple[str, str, str]:
    return ms(median(values)), ms(pct(values, 95)), ms(max(values) if values else float("nan"))


def report(
    nav_cold: list[dict], nav_warm: list[dict], changes: list[dict], cold_server: dict
) -> None:
    """Print medians, p95 and the verdicts."""
    print(
        f"# browser bench · {time.strftime('%Y-%m-%d %H:%M')} · chromium headless · 1920×1080 · {machine()}\n"
    )
    print(
        f"first navigation after server start (not counted below; loads the atlas): map painted "
        f"after {ms(cold_server['paint'])} ms, first run {ms(cold_server['first run'])} ms\n"
    )
    rows = [
        ("navigation → map painted (cold cache)", len(nav_cold), *_stats([r["paint"] for r in nav_cold])),
        ("navigation → map painted (warm cache)", len(nav_warm), *_stats([r["paint"] for r in nav_warm])),
        ("first run of a session (websocket)", len(nav_cold + nav_warm),
         *_stats([r["first run"] for r in nav_cold + nav_warm])),
    ]  # fmt: skip
    for key in ("action → rerun request", "rerun (websocket)", "rerun (end to end)", "repaint"):
        rows.append((f"filter change: {key}", len(changes), *_stats([c[key] for c in changes])))
    print(table(["figure", "n", "median ms", "p95 ms", "max ms"], rows))
    print()
    print(table(
        ["filter change", "n", "rerun ws ms (median)", "end to end ms", "repaint ms", "map message kB"],
        [(name, len(cs), ms(median([c["rerun (websocket)"] for c in cs])),
          ms(median([c["rerun (end to end)"] for c in cs])), ms(median([c["repaint"] for c in cs])),
          f"{median([c['map kB'] for c in cs]):.1f}")
         for name in dict.fromkeys(c["action"] for c in changes)
         for cs in [[c for c in changes if c["action"] == name]]],
    ))  # fmt: skip
    paint = median([r["paint"] for r in nav_cold])
    rerun = median([c["rerun (websocket)"] for c in changes])
    print(
        f"\nSUMMARY map painted {ms(paint)} ms after navigation (median, cold cache) vs target "
        f"≤ {ms(PAINT_TARGET_S)} ms: {verdict(paint * 1000, PAINT_TARGET_S * 1000, 'ms')}"
    )
    print(
        f"SUMMARY filter-change rerun {ms(rerun)} ms (median, websocket: server + loopback) vs "
        f"target ≤ {ms(RERUN_TARGET_S)} ms: {verdict(rerun * 1000, RERUN_TARGET_S * 1000, 'ms')}; "
        f"end to end {ms(median([c['rerun (end to end)'] for c in changes]))} ms, repaint "
        f"{ms(median([c['repaint'] for c in changes]))} ms"
    )


if __name__ == "__main__":
    main()
