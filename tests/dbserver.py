"""A throwaway PostgreSQL cluster for tests, from Debian's binaries (``make postgresql``).

``initdb`` into a temporary folder, a free loopback port, the unix socket in that folder, started
and stopped by the session fixture :func:`pg_cluster`; each test gets its own database
(:func:`pg_url`). initdb refuses to run as root, so as root the server runs as the unprivileged
``postgres`` user (created by the Debian package) through ``runuser``, in a folder owned by it.

The server runs with ``fsync=off``: the durability tests kill the *client* (kill -9 of an app
process), never the server, and a test cluster need not survive a power cut.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, text

PG_USER = "postgres"


def pg_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has initdb, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda p: int(Path(p).parts[-3].split(".")[0]))
    return Path(newest).parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """A PostgreSQL cluster in a temporary folder on 127.0.0.1:<free port> (trust auth, loopback)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="rd-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = PG_USER if self.as_root else pwd.getpwuid(os.geteuid()).pw_name
        self._names = itertools.count(1)

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", PG_USER, "--"] if self.as_root else []
        done = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr[-2000:]}\n{tail}")

    def start(self) -> PgCluster:
        if self.as_root:
            shutil.chown(self.folder, PG_USER, PG_USER)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user,
                  "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-o", options, "-w", "-t", "60", "start")  # fmt: skip
        return self

    def pause(self) -> None:
        """Stop the server and keep its data (a database restart: :meth:`resume` starts it again)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server again on the same port, with the same data."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "-w", "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> URL:
        """A ``postgresql+psycopg`` URL for ``database`` over TCP on loopback."""
        return URL.create("postgresql+psycopg", username=self.user, host="127.0.0.1",
                          port=self.port, database=database)  # fmt: skip

    def create_database(self) -> URL:
        """A fresh, empty database; its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return self.url(name)

    def drop_database(self, url: URL) -> None:
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        finally:
            admin.dispose()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One PostgreSQL server for the test session (skipped only without the Debian binaries)."""
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL binaries missing (/usr/lib/postgresql/*/bin/initdb): make postgresql"
        )
    cluster = PgCluster(bindir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[URL]:
    """A fresh database on the session's PostgreSQL server, dropped after the test."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """``sqlite`` or ``postgres``: store tests run once on each backend."""
    return request.param


@pytest.fixture
def db_url(backend: str, request, tmp_path: Path) -> URL | str:
    """The URL of an empty database on ``backend`` (a file in ``tmp_path`` for SQLite)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'notes.sqlite'}"
    return request.getfixturevalue("pg_url")
