"""The SQL store behind everything that outlives a session (notes, saved own layers).

One URL for the whole app: ``$RURALDASH_DB_URL`` (``$RURALDASH_NOTES_URL`` is read as an older
alias), else SQLite at ``<project>/data/notes.sqlite``. SQLite (WAL, busy timeout, ``synchronous=
FULL``) is the embedded default for one process; PostgreSQL (``postgresql+psycopg://...``) is the
store when several app processes run behind a load balancer.

This module makes engines (with the SQLite pragmas), names the cause of a driver error, takes the
PostgreSQL advisory lock that serialises migrators, and holds :class:`SqlStore`, the base of every
store (engine, schema upgrade on open, driver errors mapped to the store's own localised error).
Accent-insensitive search lives in :mod:`ruraldash.data.sqlfold` (re-exported here).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, TypeVar
from urllib.parse import unquote, urlsplit

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    exc,
    insert,
    make_url,
    text,
)

from ruraldash.core.config import ROOT
from ruraldash.data.sqlfold import _fold_or_none, fold_text, folded  # noqa: F401 (re-exported)

T = TypeVar("T")

DB_URL_ENV = "RURALDASH_DB_URL"
LEGACY_URL_ENV = "RURALDASH_NOTES_URL"
WRITE_OPTION = "sql_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def default_db_url() -> str:
    """``$RURALDASH_DB_URL``, else ``$RURALDASH_NOTES_URL``, else SQLite in ``<project>/data``."""
    for name in (DB_URL_ENV, LEGACY_URL_ENV):
        configured = os.environ.get(name, "").strip()
        if configured:
            return configured
    return f"sqlite:///{ROOT / 'data' / 'notes.sqlite'}"


def shown_url(url: str | URL) -> str:
    """The URL without user and password, for messages on screen and in logs."""
    return str(url).split("@")[-1]


# --- errors -----------------------------------------------------------------------------------

_CAUSES = (
    (("SQLITE_READONLY",), ("read-only", "readonly"), "readonly"),
    (("SQLITE_BUSY", "SQLITE_LOCKED"), ("locked", "lock timeout"), "locked"),
    (("SQLITE_FULL",), ("disk is full", "no space"), "full"),
    (("SQLITE_CANTOPEN",), ("unable to open",), "cantopen"),
)
BUGS = (exc.IntegrityError, exc.ProgrammingError, exc.DataError, exc.NotSupportedError)


def error_cause(err: exc.DBAPIError) -> str:
    """``readonly``, ``locked``, ``full``, ``cantopen`` or ``unavailable`` for a driver error."""
    name = getattr(err.orig, "sqlite_errorname", "") or ""
    words = str(err.orig).lower()
    for prefixes, phrases, cause in _CAUSES:
        if name.startswith(prefixes) or any(p in words for p in phrases):
            return cause
    return "unavailable"


# --- engines ----------------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL (plain or ``file:`` URI form), else None."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return Path(unquote(urlsplit(database).path)) if urlsplit(database).path else None
    return Path(database)


def sqlite_uri(path: Path, options: str) -> URL:
    """A SQLite URI URL for ``path`` with ``options`` (e.g. ``mode=ro``)."""
    return URL.create("sqlite", database=f"{path.as_uri()}?{options}", query={"uri": "true"})


def make_engine(url: URL, busy_timeout_ms: int = 5000) -> Engine:
    """An engine; for SQLite with WAL, busy timeout, FULL sync and our own BEGIN per transaction.

    ``synchronous=FULL``: a note reported as saved must survive a power cut or a laptop whose battery
    dies in a village hall; with WAL it costs one fsync per commit, nothing next to human typing.
    PostgreSQL connections wait at most ``busy_timeout_ms`` for a row or table lock as well.
    """
    if url.get_backend_name() != "sqlite":
        args = {"options": f"-c lock_timeout={int(busy_timeout_ms)}"}
        if url.get_backend_name() != "postgresql":
            args = {}
        return create_engine(url, pool_pre_ping=True, connect_args=args)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN: transactional DDL, IMMEDIATE for writes
        dbapi_conn.create_function("rd_fold", 1, _fold_or_none, deterministic=True)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its journal mode; reading still works
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a busy database waits busy_timeout
        # instead of failing half-way when a read lock cannot be upgraded.
        options = conn.get_execution_options()
        immediate = options.get(WRITE_OPTION) or options.get("notes_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def migration_lock(conn: Connection, key: int) -> None:
    """On PostgreSQL, wait for the advisory lock ``key`` until this transaction ends.

    Several app processes may start at once on one database: the first upgrades the schema, the
    others wait and then find it up to date. SQLite needs nothing (``BEGIN IMMEDIATE`` serialises).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


Migration = tuple[int, Callable[[Connection], None]]
"""A schema version and the step that brings the previous version to it (frozen once released)."""


def migrate(
    conn: Connection,
    *,
    lock_key: int,
    current: Callable[[Connection], int],
    steps: Sequence[Migration],
    version_table: Table,
) -> None:
    """Bring one schema up to date inside the open write transaction (all steps or none).

    Parameters
    ----------
    conn : Connection
        A write transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: under ``lock_key``).
    lock_key : int
        The PostgreSQL advisory lock of this schema, so that app processes starting together
        upgrade it once: the others wait and then find it up to date.
    current : callable
        Reads the schema's version (0 when it has none yet); read again under the lock.
    steps : sequence of (version, step)
        Every migration in order; those above the current version run.
    version_table : Table
        The one-row table that records the version reached.
    """
    migration_lock(conn, lock_key)
    found = current(conn)
    latest = steps[-1][0]
    for version, step in steps:
        if version > found:
            step(conn)
    if found < latest:
        version_table.create(conn, checkfirst=True)
        conn.execute(delete(version_table))
        conn.execute(insert(version_table).values(version=latest))


# --- the store base --------------------------------------------------------------------------


class SqlStore:
    """The base of every store on the app's database: engine, schema upgrade on open, faults.

    A subclass names its schema (:attr:`lock_key`, :attr:`migrations`, :attr:`version_table`,
    :meth:`_version`) and its own localised error (:meth:`_failed` for a driver error,
    :meth:`_cannot_open` for a folder that cannot be made); programming errors (:data:`BUGS`)
    are never disguised as an unavailable database.

    Parameters
    ----------
    url : str or URL
        A SQLAlchemy URL (SQLite file, ``file:`` URI, or PostgreSQL).
    busy_timeout_ms : int
        How long a write waits for another writer (SQLite busy timeout, PostgreSQL lock timeout).
    """

    lock_key: ClassVar[int]
    migrations: ClassVar[Sequence[Migration]]
    version_table: ClassVar[Table]

    def __init__(self, url: str | URL, *, busy_timeout_ms: int = 5000) -> None:
        self.url = make_url(url)
        self._busy_ms = busy_timeout_ms
        self._path = sqlite_path(self.url)
        if self._path is not None and not (self.url.database or "").startswith("file:"):
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise self._cannot_open(err) from err
        self._engine = make_engine(self.url, busy_timeout_ms)
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # what a subclass says about itself
    def _version(self, conn: Connection) -> int:
        """The schema version found in the database (0 when it has none yet)."""
        raise NotImplementedError

    def _failed(self, err: exc.DBAPIError) -> Exception:
        """The store's own (localised) error for a driver error."""
        raise NotImplementedError

    def _cannot_open(self, err: OSError) -> Exception:
        """The store's own error when the database's folder cannot be made."""
        raise NotImplementedError

    def close(self) -> None:
        """Release all connections (a closed store must not be used again)."""
        engine = getattr(self, "_engine", None)
        if engine is not None:
            engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _run_read(
        self, fn: Callable[[Connection], T], failed: Callable[[exc.DBAPIError], Exception] | None = None
    ) -> T:
        """Run a read; a driver error becomes ``failed(err)`` (default :meth:`_failed`)."""
        try:
            with self._engine.connect() as conn:
                return fn(conn)
        except exc.DBAPIError as err:
            if isinstance(err, BUGS):
                raise
            raise (failed or self._failed)(err) from err

    @contextmanager
    def _transaction(
        self, failed: Callable[[exc.DBAPIError], Exception] | None = None
    ) -> Iterator[Connection]:
        """One write transaction (SQLite: ``BEGIN IMMEDIATE``), committed when the block ends."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    yield conn
        except exc.DBAPIError as err:
            if isinstance(err, BUGS):
                raise
            raise (failed or self._failed)(err) from err

    def _migrate(self) -> None:
        """Upgrade the schema on open; nothing is written when it is up to date (read-only opens)."""
        if self._run_read(self._version) == self.migrations[-1][0]:
            return
        with self._transaction() as conn:  # several app processes may start at once: one upgrades
            migrate(
                conn,
                lock_key=self.lock_key,
                current=self._version,
                steps=self.migrations,
                version_table=self.version_table,
            )
