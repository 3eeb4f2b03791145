"""Browser tests: a real `streamlit run app.py` on 127.0.0.1 driven by Playwright with Debian's chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ruraldash.render.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)  # one flag list for the app's exports, the tests and bench/
SHOTS = ROOT / "artifacts" / "screenshots"
MAP = "[data-rd-map]"  # the map widget's Leaflet box (in the component's open shadow root)
MUNI = "path.leaflet-interactive"  # one polygon per municipality


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    env: dict[str, str] | None = None, port: int | None = None
) -> tuple[subprocess.Popen, str]:
    """Start streamlit on ``port`` (default: a free loopback port); return the process and its URL."""
    port = port or _free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=os.environ | (env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(
        "streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:]
    )


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server`."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server():
    """Base URL of a streamlit server running the real app on the synced data."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (make test installs it)")
    proc, url = start_server()
    yield url
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh 1920×1080 page; records every request URL in ``page.requests_seen``."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    pg = context.new_page()
    pg.requests_seen = []
    pg.on("request", lambda r: pg.requests_seen.append(r.url))
    pg.base_url = server
    yield pg
    context.close()


def map_box(page):
    """The (first) map widget; Playwright's CSS locators pierce its open shadow root."""
    return page.locator(MAP).first


def wait_for_map(page, count: int | None = None, timeout: float = 30_000):
    """Wait until the map has painted (optionally exactly ``count`` municipality polygons)."""
    from playwright.sync_api import expect

    box = map_box(page)
    expect(box).to_have_attribute("data-rd-version", re.compile(r"\w+"), timeout=timeout)
    if count is not None:
        expect(box.locator(MUNI)).to_have_count(count, timeout=timeout)
    return box


def map_version(page) -> str:
    """The digest of the payload the map painted last (changes with every repaint)."""
    return map_box(page).get_attribute("data-rd-version") or ""


def wait_repaint(page, before: str, timeout: float = 30_000) -> str:
    """Wait until the map has painted a payload other than ``before``; return the new digest."""
    from playwright.sync_api import expect

    expect(map_box(page)).not_to_have_attribute("data-rd-version", before, timeout=timeout)
    return map_version(page)


def fills(page) -> list[str]:
    """Fill colours of the painted polygons, in polygon order."""
    return map_box(page).locator(MUNI).evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")


IDLE = (  # the app's own stamp (ruraldash.ui.ready): the last run has drawn everything
    "() => { const d = document.documentElement.dataset;"
    " return Boolean(d.rdReady) && d.rdReady === d.rdBusy; }"
)


def ready_stamp(page) -> str:
    """The number of the last run that has drawn everything (``data-rd-ready``), or ``""``."""
    return page.evaluate("() => document.documentElement.dataset.rdReady || ''")


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app has finished the current rerun (its "ready" stamp, ruraldash.ui.ready).

    A short grace first: a click's rerun reaches the server a moment after the click.
    """
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE, timeout=timeout)


def wait_rerun(page, before: str, timeout: float = 30_000) -> str:
    """Wait until a run newer than ``before`` (a :func:`ready_stamp`) has drawn everything."""
    page.wait_for_function(
        f"() => {{ const d = document.documentElement.dataset;"
        f" return Boolean(d.rdReady) && d.rdReady !== {before!r} && d.rdReady === d.rdBusy; }}",
        timeout=timeout,
    )
    return ready_stamp(page)


def screenshot(page, name: str) -> Path:
    """Save a screenshot into artifacts/screenshots (ignored by git)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
