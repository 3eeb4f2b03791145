"""Database engines for the notes store: the shared SQL store (:mod:`ruraldash.data.sqlstore`), errors mapped to Dutch causes."""

from __future__ import annotations

from sqlalchemy import Connection, exc, func, inspect, select

from ruraldash.data.sqlstore import default_db_url
from ruraldash.data.sqlstore import error_cause as _error_cause
from ruraldash.data.sqlstore import make_engine as _make_engine
from ruraldash.data.sqlstore import sqlite_path as _sqlite_path
from ruraldash.data.sqlstore import sqlite_uri as _sqlite_uri
from ruraldash.features.notes.model import NoteSchemaError, NoteStoreUnavailable
from ruraldash.features.notes.schema import SCHEMA_VERSION, VERSION

__all__ = ["_make_engine", "_sqlite_path", "_sqlite_uri", "default_notes_url"]


def default_notes_url() -> str:
    """The app's database URL: ``$RURALDASH_DB_URL`` (or the older ``$RURALDASH_NOTES_URL``)."""
    return default_db_url()


def _unavailable(err: exc.DBAPIError) -> NoteStoreUnavailable:
    """Translate a driver error into a Dutch :class:`NoteStoreUnavailable`."""
    return NoteStoreUnavailable(f"notes_err_{_error_cause(err)}", detail=str(err.orig))


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
