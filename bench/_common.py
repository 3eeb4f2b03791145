"""Shared helpers of the benchmark scripts: statistics, tables, a loopback streamlit server, RSS.

The benches print figures; they are not tests (nothing here asserts a target).
"""

from __future__ import annotations

import logging
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "artifacts" / "bench"
for _p in (ROOT, ROOT / "src"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

# Same browser, flags and selectors as the browser tests (tests/e2e/conftest.py).
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, MAP, MUNI  # noqa: E402

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "MAP", "MUNI", "ROOT", "OUT"]


def quiet_streamlit() -> None:
    """Silence streamlit's bare-mode warnings ('missing ScriptRunContext', deprecations)."""
    import streamlit.logger

    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    streamlit.logger.set_log_level("error")
    name = "streamlit.runtime.scriptrunner_utils.script_run_context"
    logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.ERROR)


def machine() -> str:
    """CPU count and load average: other work on the machine skews every figure."""
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{os.cpu_count()} CPUs, load average {' / '.join(load)} (1/5/15 min)"


def median(values: Sequence[float]) -> float:
    """Median, NaN for no values."""
    return statistics.median(values) if values else math.nan


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank, 0 < q <= 100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    """Seconds as a millisecond figure ('-' when unknown)."""
    return "-" if seconds is None or math.isnan(seconds) else f"{seconds * 1000:.0f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain aligned text table (also valid Markdown)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in cells)])


def verdict(value: float, target: float, unit: str) -> str:
    """'OK' or 'MISSED by x unit (y %)' for a value that must stay at or under a target."""
    if math.isnan(value):
        return "NOT MEASURED"
    if value <= target:
        return "OK"
    over = value - target
    return f"MISSED by {over:.0f} {unit} ({over / target:.0%})"


# --- a loopback streamlit server --------------------------------------------------------------


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free loopback port; output goes to artifacts/bench/<name>.log.

    Use as a context manager; ``url`` is the base URL, ``pid`` the server process. ``what_if``
    starts it through :func:`serve_what_if` (the app with :data:`WHAT_IF` applied).
    """

    def __init__(
        self,
        name: str,
        options: dict[str, str] | None = None,
        timeout: float = 60,
        what_if: bool = False,
        script: Path | None = None,
        checkout: Path | None = None,
    ):
        self.name, self.options, self.timeout, self.what_if = name, options or {}, timeout, what_if
        self.checkout = checkout  # another copy of the repository (a reference commit) to serve
        self.script = script or (checkout or ROOT) / "app.py"
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> Server:
        OUT.mkdir(parents=True, exist_ok=True)
        port = free_port()
        opts = {
            "server.port": str(port), "server.address": "127.0.0.1",
            "server.headless": "true", "browser.gatherUsageStats": "false",
        } | self.options  # fmt: skip
        launcher = (
            [str(Path(__file__).resolve()), "--serve-what-if"]
            if self.what_if
            else ["-m", "streamlit"]
        )
        cmd = [sys.executable, *launcher, "run", str(self.script)]
        for key, value in opts.items():
            cmd += [f"--{key}", value]
        self.log = (OUT / f"{self.name}.log").open("wb")
        env = None
        if self.checkout is not None:  # its own src/ first on the path, its own data and static/
            env = os.environ | {"PYTHONPATH": str(self.checkout / "src")}
        self.proc = subprocess.Popen(
            cmd, cwd=self.checkout or ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"streamlit did not start; see {OUT / (self.name + '.log')}")

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else -1

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if getattr(self, "log", None):
            self.log.close()


# --- memory -----------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def rss_bytes(pid: int) -> int:
    """VmRSS of a process and all its descendants, in bytes (0 when gone)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        todo += _children(p)
    return total


class RssSampler(threading.Thread):
    """Samples :func:`rss_bytes` of a process tree every ``interval`` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append((time.time(), rss_bytes(self.pid)))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)

    @property
    def peak(self) -> int:
        return max((b for _, b in self.samples), default=0)

    @property
    def first(self) -> int:
        return self.samples[0][1] if self.samples else 0

    @property
    def last(self) -> int:
        return self.samples[-1][1] if self.samples else 0


def mb(n_bytes: int) -> str:
    """Bytes as MB (10^6) with no decimals."""
    return f"{n_bytes / 1e6:.0f}"


# --- what-if: the suggested fixes, simulated without touching src/ -----------------------------

WHAT_IF = (
    "what-if (simulated, NOT the app as shipped): table downloads generate nothing "
    "(the map itself no longer renders folium on a rerun: issue 11)"
)


def apply_what_if() -> None:
    """Patch the map page the way the suggested fixes would change it (bench processes only)."""
    import types

    from ruraldash.render import maps
    from ruraldash.ui import mapsection

    mapsection.maps = types.SimpleNamespace(**(vars(maps) | {"layer_html": lambda *a, **k: ""}))


def serve_what_if(argv: list[str]) -> None:
    """``python bench/_common.py --serve-what-if run app.py ...``: streamlit with the what-if patches.

    The patches go in at the first script run: importing the app's modules before the runtime
    exists would lose streamlit-folium's component registration.
    """
    import streamlit.runtime.scriptrunner.script_runner as runner
    from streamlit.web import cli

    exec_orig, applied = runner.exec_func_with_error_handling, []

    def exec_patched(func, ctx):
        if not applied:
            apply_what_if()
            applied.append(True)
        return exec_orig(func, ctx)

    runner.exec_func_with_error_handling = exec_patched
    sys.argv = ["streamlit", *argv]
    cli.main()


if __name__ == "__main__" and sys.argv[1:2] == ["--serve-what-if"]:
    serve_what_if(sys.argv[2:])
