"""The notes store: SQLAlchemy Core on SQLite (WAL) or PostgreSQL, schema upgraded on open."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    delete,
    exc,
    func,
    insert,
    make_url,
    or_,
    select,
    text,
    update,
)

from ruraldash.core.i18n import t
from ruraldash.data.sqlstore import fold_text, folded
from ruraldash.features.notes.csvio import notes_to_csv, parse_notes_csv
from ruraldash.features.notes.engine import (
    _make_engine,
    _schema_version,
    _sqlite_path,
    _sqlite_uri,
    _unavailable,
)
from ruraldash.features.notes.markdown import notes_to_markdown
from ruraldash.features.notes.model import (
    _BUGS,
    _PG_MIGRATION_LOCK,
    ImportIssue,
    ImportReport,
    Note,
    NoteError,
    NoteStoreUnavailable,
    T,
    _now,
    clean_fields,
)
from ruraldash.features.notes.schema import MIGRATIONS, NOTES, SCHEMA_VERSION, VERSION


def _key(values: Any) -> tuple:
    return tuple(
        values[c] for c in ("session", "nis_code", "facet", "group_name", "body", "created_at")
    )


class NoteStore:
    """Workshop notes in a database (SQLAlchemy URL); the schema is upgraded on open.

    Parameters
    ----------
    url : str or URL
        E.g. ``sqlite:////srv/ruraldash/data/notes.sqlite`` or ``postgresql+psycopg://...``.
    busy_timeout_ms : int
        How long a write waits for another writer before :class:`NoteStoreUnavailable`.

    Raises
    ------
    NoteStoreUnavailable
        When the database cannot be opened, or needs an upgrade it cannot write.
    NoteSchemaError
        When the database is newer than this code (it is left untouched).
    """

    def __init__(self, url: str | URL, *, busy_timeout_ms: int = 5000) -> None:
        self.url = make_url(url)
        self._busy_ms = busy_timeout_ms
        self._path = _sqlite_path(self.url)
        self._fallback: Engine | None = None
        if self._path is not None and not (self.url.database or "").startswith("file:"):
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise NoteStoreUnavailable("notes_err_cantopen", detail=str(err)) from err
        self._engine = _make_engine(self.url, busy_timeout_ms)
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, busy_timeout_ms: int = 5000
    ) -> NoteStore:
        """A SQLite store at ``path``; ``read_only`` opens it with ``mode=ro`` (listing only)."""
        path = Path(path).resolve()
        url = (
            _sqlite_uri(path, "mode=ro") if read_only else URL.create("sqlite", database=str(path))
        )
        return cls(url, busy_timeout_ms=busy_timeout_ms)

    def close(self) -> None:
        """Release all connections (a closed store must not be used again)."""
        for engine in (getattr(self, "_engine", None), self._fallback):
            if engine is not None:
                engine.dispose()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _read_fallback(self, err: exc.DBAPIError) -> Engine | None:
        """An immutable read-only engine when the folder is read-only (WAL cannot share memory)."""
        name = getattr(err.orig, "sqlite_errorname", "") or ""
        path = self._path
        if path is None or not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            return None
        wal = path.with_name(path.name + "-wal")
        if not path.is_file() or (wal.exists() and wal.stat().st_size > 0):
            return None  # uncheckpointed commits in the WAL: an immutable read would hide them
        if self._fallback is None:
            self._fallback = _make_engine(_sqlite_uri(path, "mode=ro&immutable=1"), self._busy_ms)
        return self._fallback

    def _query(self, fn: Callable[[Connection], T]) -> T:
        """Run a read; a database that cannot be read raises NoteStoreUnavailable."""
        try:
            with self._engine.connect() as conn:
                return fn(conn)
        except exc.DBAPIError as err:
            if isinstance(err, _BUGS):
                raise
            engine = self._read_fallback(err)
            if engine is None:
                raise _unavailable(err) from err
        try:
            with engine.connect() as conn:
                return fn(conn)
        except exc.DBAPIError as err:
            raise _unavailable(err) from err

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (SQLite: ``BEGIN IMMEDIATE``), committed when the block ends."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(notes_write=True)
                with conn.begin():
                    yield conn
        except exc.DBAPIError as err:
            if isinstance(err, _BUGS):
                raise
            raise _unavailable(err) from err

    def _migrate(self) -> None:
        if self._query(_schema_version) == SCHEMA_VERSION:
            return  # up to date: nothing written, so read-only databases open too
        with self._write() as conn:
            if conn.dialect.name == "postgresql":  # several app servers may start at once
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            found = _schema_version(conn)  # again, under the write lock
            for version, step in MIGRATIONS:
                if version > found:
                    step(conn)
            if found < SCHEMA_VERSION:
                VERSION.create(conn, checkfirst=True)
                conn.execute(delete(VERSION))
                conn.execute(insert(VERSION).values(version=SCHEMA_VERSION))

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._query(_schema_version)

    def add(
        self,
        session: str,
        body: str,
        nis_code: str | None = None,
        facet: int | None = None,
        group_name: str | None = None,
    ) -> Note:
        """Validate and save a new note; raises NoteError (nothing written) or NoteStoreUnavailable."""
        values = clean_fields(
            session=session, body=body, nis_code=nis_code, facet=facet, group_name=group_name
        )
        values["created_at"] = _now()
        with self._write() as conn:
            new_id = conn.execute(insert(NOTES).values(**values)).inserted_primary_key[0]
        return Note(id=int(new_id), **values)

    def get(self, note_id: int, /) -> Note | None:
        """The note with this id, or None."""
        row = self._query(lambda c: c.execute(select(NOTES).where(NOTES.c.id == note_id)).first())
        return Note(**row._mapping) if row else None

    def update(self, note_id: int, /, **fields: object) -> Note:
        """Change some of session, body, nis_code, facet, group_name; sets ``updated_at``.

        Raises NoteError for invalid values or a note that no longer exists (nothing written).
        """
        values = clean_fields(**fields)
        with self._write() as conn:
            row = conn.execute(select(NOTES).where(NOTES.c.id == note_id)).first()
            if row is None:
                raise NoteError("notes_err_not_found", id=str(note_id))
            if values:
                values["updated_at"] = _now()
                conn.execute(update(NOTES).where(NOTES.c.id == note_id).values(**values))
        return replace(Note(**row._mapping), **values)

    def delete(self, note_id: int, /) -> bool:
        """Delete a note; False when it did not exist."""
        with self._write() as conn:
            return conn.execute(delete(NOTES).where(NOTES.c.id == note_id)).rowcount > 0

    def sessions(self) -> list[str]:
        """Session names, the one with the most recent note first."""
        latest = func.max(NOTES.c.created_at)
        query = select(NOTES.c.session).group_by(NOTES.c.session)
        query = query.order_by(latest.desc(), NOTES.c.session)
        return self._query(lambda c: [row.session for row in c.execute(query)])

    def _chronological(self, session: str | None) -> list[Note]:
        query = select(NOTES).order_by(NOTES.c.created_at, NOTES.c.id)
        if session is not None:
            query = query.where(NOTES.c.session == session)
        return self._query(lambda c: [Note(**r._mapping) for r in c.execute(query)])

    def export_csv(
        self, session: str | None, sep: str = ";", decimal: str = ",", lang: str = "nl"
    ) -> bytes:
        """The notes of ``session`` (None: all) as Excel-ready CSV, oldest first; see notes_to_csv."""
        return notes_to_csv(self._chronological(session), sep, decimal, lang)

    def export_markdown(
        self, session: str, names: dict[str, str] | None = None, lang: str = "nl"
    ) -> str:
        """A Markdown report of ``session`` (``names``: NIS code -> municipality name)."""
        return notes_to_markdown(session, self._chronological(session), names, lang)

    def import_csv(self, raw: bytes, lang: str = "nl") -> ImportReport:
        """Import a CSV from :meth:`export_csv` in one transaction (all valid rows or none).

        Invalid rows and notes that already exist are skipped with a reason; bad input never
        raises. Raises NoteStoreUnavailable when the database cannot be written.
        """
        rows, report = parse_notes_csv(raw, lang)
        if not rows:
            return report
        with self._write() as conn:
            sessions = {values["session"] for _, values in rows}
            query = select(NOTES).where(NOTES.c.session.in_(sessions))
            seen = {_key(row) for row in conn.execute(query).mappings()}
            fresh = []
            for row_no, values in rows:
                if _key(values) in seen:
                    report.skipped.append(ImportIssue(row_no, t("notes_imp_duplicate", lang)))
                    continue
                seen.add(_key(values))
                fresh.append(values)
            if fresh:
                conn.execute(insert(NOTES), fresh)
        report.imported = len(fresh)
        report.skipped.sort(key=lambda issue: issue.row)
        return report

    def list(
        self,
        session: str | None = None,
        nis_code: str | None = None,
        facet: int | None = None,
        search: str | None = None,
    ) -> list[Note]:
        """Notes matching all given filters, newest first; ``search`` looks in text and group name.

        ``search`` ignores case and accents ('rode' finds 'Sint-Genesius-Rode', 'erezee' 'Érezée').
        """
        query = select(NOTES).order_by(NOTES.c.created_at.desc(), NOTES.c.id.desc())
        for column, wanted in (
            (NOTES.c.session, session),
            (NOTES.c.nis_code, nis_code),
            (NOTES.c.facet, facet),
        ):
            if wanted is not None:
                query = query.where(column == wanted)
        if search and search.strip():  # accents and case ignored alike on SQLite and PostgreSQL
            needle = fold_text(search.strip())
            query = query.where(
                or_(
                    folded(NOTES.c.body).contains(needle, autoescape=True),
                    folded(NOTES.c.group_name).contains(needle, autoescape=True),
                )
            )
        return self._query(lambda c: [Note(**r._mapping) for r in c.execute(query)])
