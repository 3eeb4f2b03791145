"""App replicas behind nginx on loopback, as deploy/ describes them (for tests and bench/load_bench.py).

:class:`Replica` is one ``streamlit run app.py`` process on a free port; :class:`Nginx` runs Debian's
nginx with the shipped site file ``deploy/nginx/ruraldash.conf``, changed only where a test must:
the replicas' ports between the ``# replicas`` markers, a loopback port instead of 80, and the log
and temporary files in a temporary folder. Its access log names the replica that served each request.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.dbserver import free_port

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "ruraldash.conf"
NGINX = Path("/usr/sbin/nginx")
_REPLICAS = re.compile(r"(    # replicas:[^\n]*\n)(.*?)(    # end replicas)", re.S)


def wait_healthy(url: str, timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url``/_stcore/health answers 200 (RuntimeError after ``timeout`` seconds)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy")


class Replica:
    """One app process (``streamlit run app.py``) on a free loopback port; log in ``log``."""

    def __init__(self, env: dict[str, str], log: Path, options: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
        for key, value in (options or {}).items():
            cmd += [f"--{key}", value]
        self.log = log.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ | env, stdout=self.log,
                                     stderr=subprocess.STDOUT)  # fmt: skip

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait(self, timeout: float = 60) -> Replica:
        wait_healthy(self.url, timeout, self.proc)
        return self

    def kill(self) -> None:
        """kill -9, as a crash or the OOM killer would."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def site_config(ports: list[int], listen_port: int, folder: Path) -> str:
    """The shipped site file with these replica ports, a loopback listen port and logs in ``folder``."""
    site = SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports)
    site, found = _REPLICAS.subn(lambda m: m.group(1) + servers + m.group(3), site)
    assert found == 1, "deploy/nginx/ruraldash.conf lost its '# replicas' markers"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    return site.replace("/var/log/nginx/ruraldash.access.log", str(folder / "access.log"))


class Nginx:
    """Debian's nginx in the foreground with the shipped site file in front of ``ports``."""

    def __init__(self, ports: list[int]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rd-nginx-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = self.folder / "access.log"
        (self.folder / "ruraldash.conf").write_text(site_config(ports, self.port, self.folder))
        temp = " ".join(
            f"{kind}_temp_path {self.folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = pwd.getpwuid(os.geteuid()).pw_name
        (self.folder / "nginx.conf").write_text(
            f"user {user};\nworker_processes 1;\ndaemon off;\npid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            f"http {{\n  {temp}\n  include {self.folder / 'ruraldash.conf'};\n}}\n"
        )
        self.proc = subprocess.Popen(
            [str(NGINX), "-e", str(self.folder / "error.log"), "-p", str(self.folder),
             "-c", str(self.folder / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        wait_healthy(self.url, 30, self.proc)

    def upstreams(self) -> list[str]:
        """The ``upstream=`` field of every access-log line so far (``a, b`` when a retried)."""
        text = self.access_log.read_text() if self.access_log.exists() else ""
        return re.findall(r"upstream=(\S+(?:, \S+)*) upstream_status", text)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # fast shutdown: open websockets are closed, not waited for
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def nginx_missing() -> str | None:
    """Why the replica tests cannot run here (None when they can)."""
    return None if NGINX.exists() else "nginx missing (/usr/sbin/nginx): make nginx"
