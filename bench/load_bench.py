"""Load bench: one streamlit server, many concurrent sessions that change filters (loopback only).

No browser: each session speaks Streamlit's own websocket protocol (``/_stcore/stream``, protobuf
``BackMsg``/``ForwardMsg`` from ``streamlit.proto``) with the ``websockets`` client, like the
frontend does: it sends ``rerun_script`` with the page's query string and widget values, and reads
the deltas up to ``script_finished``. Widgets are found by their key (``w_scheme``, ``w_types``, …)
in the deltas, and their values are sent as the frontend would (formatted option labels).

Each session opens the map page with a random URL (indicator, border set, type filter), then makes
``--changes`` filter changes (scheme, classes, type, province, indicator, border set) with a random
pause (``--think``, seconds) before each one. Sessions start spread over ``--ramp`` seconds. The
bench stops by itself at ``--deadline`` seconds (changes not started by then are skipped).

Figures: errors (exceptions on the page, failed or timed-out runs, dropped connections), rerun
time per filter change (``BackMsg`` sent → ``script_finished`` received: the time a user waits
for the server) as p50/p95/max, the server's own script execution time (``PageProfile.exec_time``,
sent because this bench starts the server with ``browser.gatherUsageStats=true``; there is no
browser, so nothing is sent anywhere), the achieved rerun rate and the server's RSS (process and
children, ``/proc/<pid>/status`` VmRSS every 0.5 s).

    .venv/bin/python bench/load_bench.py [--sessions 50] [--changes 6] [--think 5,15] [--ramp 20]
                                         [--deadline 170] [--seed 1] [--server-opt KEY=VALUE]
                                         [--what-if] [--replicas N]

``--replicas N`` (N ≥ 2): the same load through nginx (``deploy/nginx/ruraldash.conf``, started by
``tests/replicas.py``; ``make nginx``) twice in one run, first on 1 app process, then on N, and
the figures side by side: reruns per second (completed reruns / time from the first request to the
last answer), p50/p95 of the filter-change wait, errors and the peak RSS of every replica. The
websocket client sends no sticky cookie, so nginx spreads the sessions over the replicas; each
session keeps its replica for its whole websocket.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    WHAT_IF,
    RssSampler,
    Server,
    machine,
    mb,
    median,
    ms,
    pct,
    quiet_streamlit,
    table,
    verdict,
)

RSS_TARGET_B = 1.5e9
P95_TARGET_S = 1.0
RUN_TIMEOUT_S = 60.0
SCHEMES_AUTO = 3  # the first three scheme options; the fourth (manual) needs typed breaks
START_URLS = [
    {}, {"grenzen": "2025"}, {"ind": "open_space_share"}, {"type": "platteland"},
    {"ind": "commuting_balance"}, {"prov": "Limburg", "schema": "equal_interval"},
    {"ind": "service_class_2025"}, {"k": "7", "grenzen": "2025", "type": "centrumstad"},
]  # fmt: skip


@dataclass
class Run:
    """One script run as the client saw it."""

    kind: str  # "first" or the widget key that changed
    wait: float  # BackMsg sent → script_finished received
    exec_time: float | None  # PageProfile.exec_time (server script time)
    received: int  # bytes received
    error: str | None = None
    done: float = 0.0  # perf_counter when script_finished arrived


@dataclass
class Session:
    """A websocket session that behaves like the Streamlit frontend."""

    ws: object
    query: str
    widgets: dict[str, object] = field(default_factory=dict)  # key -> latest widget proto
    values: dict[str, object] = field(default_factory=dict)  # key -> WidgetState to send
    page_hash: str = ""

    async def run(self, kind: str) -> Run:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        for key, state in self.values.items():
            if key in self.widgets:
                state.id = self.widgets[key].id
                rerun.widget_states.widgets.append(state)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        received, exec_time, error = 0, None, None
        while True:
            data = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind_in = fwd.WhichOneof("type")
            if kind_in == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                error = error or self._element(fwd.delta.new_element)
            elif kind_in == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind_in == "navigation" and fwd.navigation.page_script_hash:
                self.page_hash = fwd.navigation.page_script_hash
            elif kind_in == "page_profile":
                exec_time = fwd.page_profile.exec_time / 1e6
            elif kind_in == "script_finished":
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    error = error or f"script_finished={fwd.script_finished}"
                break
        done = time.perf_counter()
        return Run(kind, done - start, exec_time, received, error, done)

    def _element(self, element) -> str | None:
        """Remember keyed widgets; an exception element is an error."""
        which = element.WhichOneof("type")
        if which == "exception":
            return f"exception: {element.exception.type}: {element.exception.message[:120]}"
        proto = getattr(element, which)
        wid = getattr(proto, "id", "")
        if wid.startswith("$$ID-") and "-w_" in wid:
            self.widgets[wid.rsplit("-", 1)[-1]] = proto
        return None

    def change(self, rng: random.Random) -> str:
        """Set one random filter widget to a new value; return its key."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        key = rng.choice(["w_scheme", "w_k", "w_types", "w_prov", "w_indicator", "w_border"])
        proto, state = self.widgets.get(key), WidgetState()
        if proto is None:
            return self.change(rng)
        options = list(getattr(proto, "options", []))
        if key == "w_scheme":
            state.string_value = rng.choice(options[:SCHEMES_AUTO])
        elif key == "w_k":
            state.double_array_value.data.append(float(rng.randint(3, 7)))
        elif key in ("w_types", "w_prov"):
            state.string_array_value.data.extend(rng.sample(options, rng.choice([0, 1])))
        else:  # w_indicator, w_border
            state.string_value = rng.choice(options)
        self.values[key] = state
        return key


async def session(i: int, url: str, args, t0: float, runs: list[Run], errors: list[str]) -> None:
    """One user: open the page, then change filters until done or past the deadline."""
    from websockets.asyncio.client import connect

    rng = random.Random(args.seed * 1000 + i)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    query = urllib.parse.urlencode(START_URLS[i % len(START_URLS)])
    think = [float(x) for x in args.think.split(",")]
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30
        ) as ws:
            s = Session(ws, query)
            runs.append(await s.run("first"))
            for _ in range(args.changes):
                await asyncio.sleep(rng.uniform(*think))
                if time.perf_counter() - t0 > args.deadline:
                    break
                key = s.change(rng)
                runs.append(await s.run(key))
    except Exception as exc:  # a dropped connection or a timeout is an error of the run
        errors.append(f"session {i}: {type(exc).__name__}: {exc}"[:200])


async def drive(url: str, args) -> tuple[list[Run], list[str], float]:
    runs: list[Run] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(session(i, url, args, t0, runs, errors) for i in range(args.sessions)))
    return runs, errors, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    """Run the load bench and print its figures."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--changes", type=int, default=6, help="filter changes per session")
    ap.add_argument("--think", default="5,15", help="pause before each change: min,max seconds")
    ap.add_argument(
        "--ramp", type=float, default=20, help="sessions start within this many seconds"
    )
    ap.add_argument("--deadline", type=float, default=170, help="no new change after this (s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--server-opt", action="append", default=[], metavar="KEY=VALUE",
                    help="extra streamlit option, e.g. runner.postScriptGC=false (what-if runs)")  # fmt: skip
    ap.add_argument(
        "--what-if", action="store_true", help="serve the app with the suggested fixes simulated"
    )
    ap.add_argument("--no-exec-time", action="store_true",
                    help="keep browser.gatherUsageStats=false (no PageProfile.exec_time)")  # fmt: skip
    ap.add_argument("--replicas", type=int, default=0, metavar="N",
                    help="through nginx: 1 app process, then N, side by side (N >= 2)")  # fmt: skip
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="also serve the same load from DIR (a checkout of a reference commit, e.g. "
                         "a git worktree with its data synced), alternating, and print both")  # fmt: skip
    ap.add_argument("--rounds", type=int, default=1, help="with --against: reference/this pairs")
    args = ap.parse_args(argv)
    quiet_streamlit()
    options = {"browser.gatherUsageStats": "false" if args.no_exec_time else "true"}
    options |= dict(opt.split("=", 1) for opt in args.server_opt)
    if args.replicas:
        compare_replicas(args, options)
        return
    if args.against:
        compare_checkouts(args, options)
        return
    with Server("load_bench", options, what_if=args.what_if) as server:
        sampler = RssSampler(server.pid)
        sampler.start()
        warm = asyncio.run(drive(server.url, argparse.Namespace(**{**vars(args), "sessions": 1, "changes": 0, "ramp": 0})))  # fmt: skip
        idle_rss = sampler.samples[-1][1] if sampler.samples else 0
        cpu_before = cpu_seconds(server.pid)
        runs, errors, elapsed = asyncio.run(drive(server.url, args))
        cpu = cpu_seconds(server.pid) - cpu_before
        sampler.stop()
    report(args, warm[0], runs, errors, elapsed, sampler, idle_rss, cpu)


def report(args, warm, runs, errors, elapsed, sampler, idle_rss, cpu: float = 0.0) -> None:
    """Print the figures and the verdicts."""
    bad = [r for r in runs if r.error]
    errors = errors + [f"{r.kind}: {r.error}" for r in bad]
    first = [r for r in runs if r.kind == "first"]
    changes = [r for r in runs if r.kind != "first"]
    wait = [r.wait for r in changes]
    execs = [r.exec_time for r in changes if r.exec_time is not None]
    extra = f" · server options {', '.join(args.server_opt)}" if args.server_opt else ""
    extra += f"\n# {WHAT_IF}" if args.what_if else ""
    print(
        f"# load bench · {time.strftime('%Y-%m-%d %H:%M')} · {args.sessions} sessions × "
        f"{args.changes} changes, think {args.think} s, ramp {args.ramp:g} s · {elapsed:.0f} s · "
        f"{machine()}{extra}\n"
    )
    print(
        f"server cold start (first session, atlas load): {ms(warm[0].wait if warm else float('nan'))} ms\n"
    )
    rows = [
        ("session start (first run)", len(first), *_stats([r.wait for r in first])),
        ("filter change: wait (BackMsg → script_finished)", len(wait), *_stats(wait)),
        ("filter change: server script time (exec_time)", len(execs), *_stats(execs)),
    ]
    print(table(["figure", "n", "p50 ms", "p95 ms", "max ms"], rows))
    print()
    keys = sorted({r.kind for r in changes})
    print(table(
        ["changed widget", "n", "p50 ms", "p95 ms"],
        [(k, len(w), ms(median(w)), ms(pct(w, 95)))
         for k in keys for w in [[r.wait for r in changes if r.kind == k]]],
    ))  # fmt: skip
    lo, hi = (float(x) for x in args.think.split(","))
    print(
        f"\noffered load ≈ {args.sessions / ((lo + hi) / 2):.1f} filter changes/s "
        f"({args.sessions} sessions, one change per {(lo + hi) / 2:g} s think time each, "
        "plus the wait); capacity ≈ 1 / server script time per change"
    )
    mbytes = sum(r.received for r in runs) / 1e6
    print(
        f"\nreruns: {len(runs)} in {elapsed:.0f} s ({len(runs) / elapsed:.1f}/s), {mbytes:.0f} MB "
        f"received ({1000 * mbytes / max(len(runs), 1):.0f} kB per run); errors: {len(errors)}"
    )
    for e in errors[:10]:
        print(f"  ERROR {e}")
    per_run = cpu / max(len(runs), 1)
    print(
        f"server CPU (user + system) during the load: {cpu:.1f} s = {ms(per_run)} ms per rerun "
        f"(target ≤ 25 ms: {verdict(per_run * 1000, 25, 'ms')}); ≈ {1 / max(per_run, 1e-9):.0f} "
        "reruns/s per core"
    )
    print(
        f"server RSS: idle after first session {mb(idle_rss)} MB, peak {mb(sampler.peak)} MB, "
        f"at the end {mb(sampler.last)} MB ({len(sampler.samples)} samples)"
    )
    p95 = pct(wait, 95)
    print(
        f"\nSUMMARY {args.sessions} sessions: errors {len(errors)} (target 0: "
        f"{'OK' if not errors else 'MISSED'}); rerun p50 {ms(median(wait))} ms, p95 {ms(p95)} ms "
        f"vs target ≤ {ms(P95_TARGET_S)} ms: {verdict(p95 * 1000, P95_TARGET_S * 1000, 'ms')}; "
        f"peak RSS {mb(sampler.peak)} MB vs target ≤ {mb(RSS_TARGET_B)} MB: "
        f"{verdict(sampler.peak / 1e6, RSS_TARGET_B / 1e6, 'MB')}"
    )


@dataclass
class Phase:
    """One run of the load through nginx on ``replicas`` app processes."""

    replicas: int
    runs: list[Run]
    errors: list[str]
    peaks: list[int]  # peak RSS per replica
    cpu: list[float]  # CPU seconds (user + system) of each replica during the load

    @property
    def waits(self) -> list[float]:
        return [r.wait for r in self.runs if r.kind != "first"]

    @property
    def rate(self) -> float:
        """Completed reruns per second, first request to last answer."""
        if not self.runs:
            return float("nan")
        span = max(r.done for r in self.runs) - min(r.done - r.wait for r in self.runs)
        return len(self.runs) / span

    @property
    def cpu_per_rerun(self) -> float:
        """Server CPU seconds per rerun: what one rerun costs a core, however busy the machine."""
        return sum(self.cpu) / max(len(self.runs), 1)

    @property
    def failures(self) -> int:
        return len(self.errors) + sum(1 for r in self.runs if r.error)


def run_phase(args, options: dict[str, str], count: int) -> Phase:
    """``count`` app processes behind nginx; warm each directly, then drive the load through nginx."""
    from tests.replicas import Nginx

    warm_args = argparse.Namespace(**{**vars(args), "sessions": 1, "changes": 0, "ramp": 0})
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(Server(f"load_bench_replica{i + 1}", options, what_if=args.what_if))
            for i in range(count)
        ]
        samplers = [RssSampler(server.pid) for server in servers]
        for sampler in samplers:
            sampler.start()
            stack.callback(sampler.stop)
        for server in servers:  # the first session of a process loads the atlas: not measured
            asyncio.run(drive(server.url, warm_args))
        nginx = Nginx([int(server.url.rsplit(":", 1)[1]) for server in servers])
        stack.callback(nginx.stop)
        before = [cpu_seconds(server.pid) for server in servers]
        runs, errors, _elapsed = asyncio.run(drive(nginx.url, args))
        cpu = [cpu_seconds(s.pid) - b for s, b in zip(servers, before, strict=True)]
        served = nginx.upstreams()
    phase = Phase(count, runs, errors, [s.peak for s in samplers], cpu)
    print(
        f"{count} replica(s): {len(runs)} reruns, {phase.rate:.2f}/s, p95 "
        f"{ms(pct(phase.waits, 95))} ms, errors {phase.failures}, "
        f"websocket sessions per replica (nginx log): {_per_replica(served)} · {machine()}",
        flush=True,
    )
    return phase


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _per_replica(served: list[str]) -> str:
    """How many logged websocket sessions each replica served (the last upstream of a retry)."""
    counts: dict[str, int] = {}
    for upstream in served:
        port = upstream.split(", ")[-1].rsplit(":", 1)[-1]
        counts[port] = counts.get(port, 0) + 1
    return " / ".join(f":{port} {n}" for port, n in sorted(counts.items())) or "-"


def compare_replicas(args, options: dict[str, str]) -> None:
    """The same load on 1 and on ``--replicas`` app processes behind nginx, side by side."""
    started = time.strftime("%Y-%m-%d %H:%M")
    print(f"# load bench, replicas · {started} · {machine()}", flush=True)
    phases = [run_phase(args, options, n) for n in (1, args.replicas)]
    one, many = phases
    rows = [
        (p.replicas, args.sessions, p.failures, len(p.runs), f"{p.rate:.2f}",
         ms(median(p.waits)), ms(pct(p.waits, 95)), " / ".join(mb(b) for b in p.peaks),
         " / ".join(f"{c:.0f}" for c in p.cpu), ms(p.cpu_per_rerun))
        for p in phases
    ]  # fmt: skip
    print(
        f"\n# {args.sessions} sessions × {args.changes} changes, think {args.think} s, ramp "
        f"{args.ramp:g} s, through nginx · {machine()}\n"
    )
    print(table(["replicas", "sessions", "errors", "reruns", "reruns/s", "p50 ms", "p95 ms",
                 "peak RSS per replica MB", "CPU s per replica", "CPU ms per rerun"], rows))  # fmt: skip
    per_core = 1 / one.cpu_per_rerun
    print(
        f"\nserver CPU per rerun {ms(one.cpu_per_rerun)} ms (1 replica) / {ms(many.cpu_per_rerun)} ms "
        f"({args.replicas}): one replica on a core of its own serves ≈ {per_core:.1f} reruns/s at "
        "100 % busy. The load generator, nginx and every other process share the same 2 cores."
    )
    speedup = many.rate / one.rate
    p95_one, p95_many = pct(one.waits, 95), pct(many.waits, 95)
    print(
        f"\nSUMMARY {args.replicas} vs 1 replica: reruns/s ×{speedup:.2f} (target ≥ 1.5: "
        f"{'OK' if speedup >= 1.5 else 'MISSED'}); p95 {ms(p95_many)} vs {ms(p95_one)} ms "
        f"({'equal or better: OK' if p95_many <= p95_one else 'worse: MISSED'}); errors "
        f"{many.failures} and {one.failures}"
    )


def one_load(args, options: dict[str, str], checkout: Path | None) -> Phase:
    """The load on one app process of ``checkout`` (this repository when None), warmed first."""
    warm_args = argparse.Namespace(**{**vars(args), "sessions": 1, "changes": 0, "ramp": 0})
    name = "load_bench_reference" if checkout else "load_bench"
    with Server(name, options, checkout=checkout) as server:
        sampler = RssSampler(server.pid)
        sampler.start()
        asyncio.run(drive(server.url, warm_args))
        before = cpu_seconds(server.pid)
        runs, errors, _elapsed = asyncio.run(drive(server.url, args))
        cpu = cpu_seconds(server.pid) - before
        sampler.stop()
    return Phase(1, runs, errors, [sampler.peak], [cpu])


def compare_checkouts(args, options: dict[str, str]) -> None:
    """The same load on a reference checkout and on this one, alternating, side by side."""
    print(f"# load bench, reference {args.against} vs this checkout · "
          f"{time.strftime('%Y-%m-%d %H:%M')} · {machine()}", flush=True)  # fmt: skip
    rows, per = [], {"reference": [], "this": []}
    for i in range(args.rounds):
        for label, checkout in (("reference", args.against), ("this", None)):
            phase = one_load(args, options, checkout)
            per[label].append(phase.cpu_per_rerun)
            rows.append((i + 1, label, phase.failures, len(phase.runs), ms(median(phase.waits)),
                         ms(pct(phase.waits, 95)), mb(phase.peaks[0]), ms(phase.cpu_per_rerun),
                         f"{os.getloadavg()[0]:.1f}"))  # fmt: skip
            print(f"{label}: {ms(phase.cpu_per_rerun)} ms CPU per rerun", flush=True)
    print()
    print(table(["round", "checkout", "errors", "reruns", "p50 ms", "p95 ms", "peak RSS MB",
                 "CPU ms per rerun", "load after"], rows))  # fmt: skip
    ratio = median(per["this"]) / median(per["reference"])
    print(f"\nSUMMARY server CPU per rerun: this {ms(median(per['this']))} ms vs reference "
          f"{ms(median(per['reference']))} ms: ratio {ratio:.2f} (target ≤ 25 ms: "
          f"{verdict(median(per['this']) * 1000, 25, 'ms')})")  # fmt: skip


def _stats(values: list[float]) -> tuple[str, str, str]:
    return ms(median(values)), ms(pct(values, 95)), ms(max(values) if values else float("nan"))


if __name__ == "__main__":
    main()
