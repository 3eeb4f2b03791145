"""Database engines for the notes store: the URL, SQLite pragmas (WAL, busy timeout), errors mapped to Dutch causes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    create_engine,
    event,
    exc,
    func,
    inspect,
    select,
)

from ruraldash.core.config import ROOT
from ruraldash.features.notes.model import NoteSchemaError, NoteStoreUnavailable
from ruraldash.features.notes.schema import SCHEMA_VERSION, VERSION


def default_notes_url() -> str:
    """``$RURALDASH_NOTES_URL`` if set, else SQLite at ``<project>/data/notes.sqlite``."""
    configured = os.environ.get("RURALDASH_NOTES_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{ROOT / 'data' / 'notes.sqlite'}"


_CAUSES = (
    (("SQLITE_READONLY",), ("read-only", "readonly"), "notes_err_readonly"),
    (("SQLITE_BUSY", "SQLITE_LOCKED"), ("locked", "lock timeout"), "notes_err_locked"),
    (("SQLITE_FULL",), ("disk is full", "no space"), "notes_err_full"),
    (("SQLITE_CANTOPEN",), ("unable to open",), "notes_err_cantopen"),
)


def _unavailable(err: exc.DBAPIError) -> NoteStoreUnavailable:
    """Translate a driver error into a Dutch :class:`NoteStoreUnavailable`."""
    name = getattr(err.orig, "sqlite_errorname", "") or ""
    words = str(err.orig).lower()
    for prefixes, phrases, key in _CAUSES:
        if name.startswith(prefixes) or any(p in words for p in phrases):
            return NoteStoreUnavailable(key, detail=str(err.orig))
    return NoteStoreUnavailable("notes_err_unavailable", detail=str(err.orig))


def _sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL (plain or ``file:`` URI form), else None."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return Path(unquote(urlsplit(database).path)) if urlsplit(database).path else None
    return Path(database)


def _sqlite_uri(path: Path, options: str) -> URL:
    return URL.create("sqlite", database=f"{path.as_uri()}?{options}", query={"uri": "true"})


def _make_engine(url: URL, busy_timeout_ms: int) -> Engine:
    """An engine; for SQLite with WAL, busy timeout, FULL sync and our own BEGIN per transaction.

    ``synchronous=FULL``: a note reported as saved must survive a power cut or a laptop whose battery
    dies in a village hall; with WAL it costs one fsync per commit, nothing next to human typing.
    """
    engine = create_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
    if url.get_backend_name() != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN: transactional DDL, IMMEDIATE for writes
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
        immediate = conn.get_execution_options().get("notes_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _schema_version(conn: Connection) -> int:
    """The version in ``schema_version`` (0 for an empty database).

    Raises
    ------
    NoteSchemaError
        For a version newer than this code knows, or a ``notes`` table without a version.
    """
    tables = inspect(conn)
    found = None
    if tables.has_table("schema_version"):
        found = conn.execute(select(func.max(VERSION.c.version))).scalar()
    if found is None:
        if tables.has_table("notes"):
            raise NoteSchemaError("notes_err_schema_unknown")
        return 0
    if found > SCHEMA_VERSION:
        raise NoteSchemaError("notes_err_schema_newer", found=found, known=SCHEMA_VERSION)
    return int(found)
