"""Headless Chromium as a renderer: self-contained HTML to PDF or PNG, in its own process group with a hard timeout.

The system Chromium (``/usr/bin/chromium``) runs as a subprocess on a temporary HTML file
(``--print-to-pdf`` / ``--screenshot``). It is already the browser of the test suite, so no extra
heavy package is needed, and exports are drawn by the engine users see the dashboard in. Every
run gets a fresh ``--user-data-dir``; a stuck browser raises :class:`ExportError` instead of
hanging the app.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

from ruraldash.core.locale import LocalisedError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
_OUT_NAMES = {"--print-to-pdf": "out.pdf", "--screenshot": "out.png"}


class ExportError(LocalisedError, RuntimeError):
    """An export could not be made; ``str(err)`` is Dutch, :meth:`message` gives another language."""


def _stop(proc: subprocess.Popen) -> None:
    """Kill the process group we started for Chromium (its renderer and helpers included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _render(
    html_text: str, out_flag: str, extra: list[str], timeout_s: float, chromium: str
) -> bytes:
    """Run headless Chromium on ``html_text`` and return the file it writes via ``out_flag``."""
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        raise ExportError("exports_err_no_chromium", path=chromium)
    with tempfile.TemporaryDirectory(prefix="ruraldash-", ignore_cleanup_errors=True) as tmp:
        page, log, out = (
            Path(tmp, "page.html"),
            Path(tmp, "chromium.log"),
            Path(tmp, _OUT_NAMES[out_flag]),
        )
        page.write_text(html_text, encoding="utf-8")
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile"]
        cmd += [f"{out_flag}={out}", *extra, page.as_uri()]
        with log.open("wb") as err:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            try:
                code = proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _stop(proc)
                raise ExportError("exports_err_timeout", seconds=f"{timeout_s:g}") from None
            _stop(proc)
        if code != 0 or not out.is_file() or out.stat().st_size == 0:
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            detail = lines[-1][-300:] if lines else ""
            raise ExportError("exports_err_failed", code=code, detail=detail)
        return out.read_bytes()


def _settle(settle_ms: int) -> list[str]:
    return [f"--virtual-time-budget={int(settle_ms)}"] if settle_ms > 0 else []


def html_to_pdf(
    html: str, *, timeout_s: float = 60, settle_ms: int = 0, chromium: str | None = None
) -> bytes:
    """Print a self-contained HTML document to PDF with headless Chromium (no header/footer).

    ``settle_ms`` > 0 gives scripts that much virtual page time first (see :func:`html_to_png`);
    ``chromium`` overrides :data:`CHROMIUM`.

    Raises
    ------
    ExportError
        Chromium missing, failing, or not finished within ``timeout_s`` seconds.
    """
    extra = ["--no-pdf-header-footer", *_settle(settle_ms)]
    pdf = _render(html, "--print-to-pdf", extra, timeout_s, chromium or CHROMIUM)
    if not pdf.startswith(b"%PDF"):
        raise ExportError("exports_err_failed", code=0, detail="")
    return pdf


def html_to_png(
    html: str,
    width: int = 1600,
    height: int = 1000,
    *,
    timeout_s: float = 60,
    settle_ms: int = 5000,
    chromium: str | None = None,
) -> bytes:
    """Screenshot a self-contained HTML page at ``width`` x ``height`` pixels (PNG bytes).

    ``settle_ms`` is Chromium's virtual time budget: scripts and timers (a Leaflet map drawing its
    layers) get that much page time before the shot, without waiting as long in real time.
    """
    extra = [f"--window-size={int(width)},{int(height)}", "--hide-scrollbars", *_settle(settle_ms)]
    png = _render(html, "--screenshot", extra, timeout_s, chromium or CHROMIUM)
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ExportError("exports_err_failed", code=0, detail="")
    return png
