"""The notes store: SQLAlchemy Core on SQLite (WAL) or PostgreSQL, schema upgraded on open."""

from __future__ import annotations

import os
from collections.abc import Callable
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
    or_,
    outerjoin,
    select,
    update,
)

from ruraldash.core.i18n import t
from ruraldash.data.sqlstore import SqlStore, fold_text, folded
from ruraldash.features.notes.csvio import notes_to_csv, parse_notes_csv
from ruraldash.features.notes.engine import (
    _make_engine,
    _schema_version,
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
    NoteConflict,
    NoteError,
    NoteStoreUnavailable,
    Session,
    T,
    _now,
    clean_fields,
    clean_token,
    is_slug,
    unique_slug,
)
from ruraldash.features.notes.schema import MIGRATIONS, NOTES, SESSIONS, VERSION

LIVE = NOTES.c.deleted_at.is_(None)


def _key(values: Any) -> tuple:
    """What makes an imported note a duplicate: same place, text and minute of creation."""
    fields = ("session", "nis_code", "facet", "group_name", "body")
    return (*(values[c] for c in fields), str(values["created_at"])[:16])


def _find_session(conn: Connection, wanted: str) -> Session | None:
    """The session whose slug is ``wanted``, else the one titled ``wanted`` (oldest first)."""
    if is_slug(wanted):
        row = conn.execute(select(SESSIONS).where(SESSIONS.c.slug == wanted)).first()
        if row is not None:
            return Session(**row._mapping)
    query = select(SESSIONS).where(SESSIONS.c.title == wanted).order_by(SESSIONS.c.id).limit(1)
    row = conn.execute(query).first()
    return Session(**row._mapping) if row else None


def _create_session(conn: Connection, title: str) -> Session:
    """Insert a session titled ``title`` (already cleaned) with a fresh unique slug."""
    base = unique_slug(title, set())
    similar = select(SESSIONS.c.slug).where(
        or_(SESSIONS.c.slug == base, SESSIONS.c.slug.startswith(base + "-", autoescape=True))
    )
    slug = unique_slug(title, set(conn.execute(similar).scalars()))
    created = _now()
    new_id = conn.execute(
        insert(SESSIONS).values(slug=slug, title=title, created_at=created)
    ).inserted_primary_key[0]
    return Session(id=int(new_id), slug=slug, title=title, created_at=created)


def _session_for(conn: Connection, session: str) -> Session:
    """The session named by slug or title, created (titled ``session``) when unknown."""
    title = clean_fields(session=session)["session"]
    return _find_session(conn, title) or _create_session(conn, title)


class NoteStore(SqlStore):
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

    lock_key = _PG_MIGRATION_LOCK
    migrations = MIGRATIONS
    version_table = VERSION

    def __init__(self, url: str | URL, *, busy_timeout_ms: int = 5000) -> None:
        self._fallback: Engine | None = None
        super().__init__(url, busy_timeout_ms=busy_timeout_ms)

    def _version(self, conn: Connection) -> int:
        return _schema_version(conn)

    def _failed(self, err: exc.DBAPIError) -> NoteStoreUnavailable:
        return _unavailable(err)

    def _cannot_open(self, err: OSError) -> NoteStoreUnavailable:
        return NoteStoreUnavailable("notes_err_cantopen", detail=str(err))

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
        super().close()
        if self._fallback is not None:
            self._fallback.dispose()

    def __enter__(self) -> NoteStore:
        return self

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

    def _run_read(self, fn: Callable[[Connection], T], failed=None) -> T:
        """Run a read (on an immutable copy when the folder is read-only); a database that cannot
        be read raises NoteStoreUnavailable."""
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

    _query = _run_read

    def _write(self):
        """One write transaction (SQLite: ``BEGIN IMMEDIATE``), committed when the block ends."""
        return self._transaction()

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._query(_schema_version)

    def _write_retrying(self, fn: Callable[[Connection], T]) -> T:
        """One write transaction; run once more after a unique-key race with another server."""
        try:
            with self._write() as conn:
                return fn(conn)
        except exc.IntegrityError:
            with self._write() as conn:
                return fn(conn)

    def add(
        self,
        session: str,
        body: str,
        nis_code: str | None = None,
        facet: int | None = None,
        group_name: str | None = None,
        *,
        client_token: str | None = None,
    ) -> Note:
        """Validate and save a new note in ``session`` (a slug, or a title: unknown titles start a
        new session).

        ``client_token`` makes the save idempotent: a second save with the same token (a retry
        after the connection came back) returns the note already stored instead of a duplicate.
        Raises NoteError (nothing written) or NoteStoreUnavailable.
        """
        values = clean_fields(body=body, nis_code=nis_code, facet=facet, group_name=group_name)
        clean_fields(session=session)
        token = clean_token(client_token)

        def insert_note(conn: Connection) -> Note:
            if token is not None:
                row = conn.execute(select(NOTES).where(NOTES.c.client_token == token)).first()
                if row is not None:
                    return Note(**row._mapping)
            row = dict(values, session=_session_for(conn, session).slug, created_at=_now())
            row["client_token"] = token
            new_id = conn.execute(insert(NOTES).values(**row)).inserted_primary_key[0]
            return Note(id=int(new_id), **row)

        return self._write_retrying(insert_note)

    def find_token(self, client_token: str | None) -> Note | None:
        """The note saved with this client token (deleted ones too), or None."""
        token = clean_token(client_token)
        if token is None:
            return None
        query = select(NOTES).where(NOTES.c.client_token == token)
        row = self._query(lambda c: c.execute(query).first())
        return Note(**row._mapping) if row else None

    def get(self, note_id: int, /, *, deleted: bool = False) -> Note | None:
        """The note with this id, or None (also for a deleted note unless ``deleted``)."""
        query = select(NOTES).where(NOTES.c.id == note_id)
        query = query if deleted else query.where(LIVE)
        row = self._query(lambda c: c.execute(query).first())
        return Note(**row._mapping) if row else None

    def update(
        self, note_id: int, /, *, expected_version: int | None = None, **fields: object
    ) -> Note:
        """Change some of body, nis_code, facet, group_name; sets ``updated_at``, bumps ``version``.

        Raises
        ------
        NoteConflict
            ``expected_version`` is given and the note changed or was deleted since (its
            ``current`` holds the stored note, or None); nothing written.
        NoteError
            For invalid values or a note that no longer exists (nothing written).
        """
        values = clean_fields(**fields)
        with self._write() as conn:
            row = conn.execute(select(NOTES).where(NOTES.c.id == note_id)).first()
            note = Note(**row._mapping) if row is not None else None
            if note is None or note.deleted_at is not None:
                if expected_version is not None:
                    raise NoteConflict(None)
                raise NoteError("notes_err_not_found", id=str(note_id))
            if expected_version is not None and note.version != expected_version:
                raise NoteConflict(note)
            if "session" in values:
                values["session"] = _session_for(conn, values["session"]).slug
            if values:
                values |= {"updated_at": _now(), "version": note.version + 1}
                conn.execute(update(NOTES).where(NOTES.c.id == note_id).values(**values))
        return replace(note, **values)

    def delete(self, note_id: int, /) -> bool:
        """Soft-delete a note (:meth:`restore` undoes it); False when it did not exist (any more)."""
        with self._write() as conn:
            query = update(NOTES).where(NOTES.c.id == note_id, LIVE)
            return conn.execute(query.values(deleted_at=_now())).rowcount > 0

    def restore(self, note_id: int, /) -> Note | None:
        """Undo :meth:`delete`; the restored note, or None when it was not deleted."""
        with self._write() as conn:
            query = update(NOTES).where(NOTES.c.id == note_id, NOTES.c.deleted_at.is_not(None))
            if conn.execute(query.values(deleted_at=None)).rowcount == 0:
                return None
            return Note(**conn.execute(select(NOTES).where(NOTES.c.id == note_id)).one()._mapping)

    def purge_deleted(self, before: str) -> int:
        """Remove soft-deleted notes deleted before ``before`` (ISO UTC) for good; how many."""
        with self._write() as conn:
            gone = delete(NOTES).where(NOTES.c.deleted_at.is_not(None), NOTES.c.deleted_at < before)
            return conn.execute(gone).rowcount

    def create_session(self, title: str) -> Session:
        """A new session titled ``title`` (any text, e.g. "Atelier 01/12/2026") with its own slug.

        Raises NoteError for an empty or too long title.
        """
        clean = clean_fields(session=title)["session"]
        return self._write_retrying(lambda conn: _create_session(conn, clean))

    def session(self, slug: str) -> Session | None:
        """The session with this slug (the id in links), or None."""
        if not is_slug(slug):
            return None
        query = select(SESSIONS).where(SESSIONS.c.slug == slug)
        row = self._query(lambda c: c.execute(query).first())
        return Session(**row._mapping) if row else None

    def find_session(self, slug_or_title: str) -> Session | None:
        """The session with this slug, else with this title; None when neither exists."""
        return self._query(lambda c: _find_session(c, slug_or_title.strip()))

    def sessions(self) -> list[Session]:
        """All sessions, the most recently active (newest note or creation) first."""
        latest = func.coalesce(func.max(NOTES.c.created_at), SESSIONS.c.created_at)
        joined = outerjoin(SESSIONS, NOTES, NOTES.c.session == SESSIONS.c.slug)
        query = select(SESSIONS).select_from(joined).group_by(*SESSIONS.c)
        query = query.order_by(latest.desc(), SESSIONS.c.id.desc())
        return self._query(lambda c: [Session(**r._mapping) for r in c.execute(query)])

    def _slug(self, session: str | None) -> str | None:
        """The slug of a session given by slug or title ("" when unknown), None for all."""
        if session is None:
            return None
        found = self.find_session(session)
        return found.slug if found else ""

    def _chronological(self, session: str | None) -> list[Note]:
        query = select(NOTES).where(LIVE).order_by(NOTES.c.created_at, NOTES.c.id)
        if session is not None:
            query = query.where(NOTES.c.session == self._slug(session))
        return self._query(lambda c: [Note(**r._mapping) for r in c.execute(query)])

    def _titles(self) -> dict[str, str]:
        return {s.slug: s.title for s in self.sessions()}

    def export_csv(
        self,
        session: str | None,
        sep: str = ";",
        decimal: str = ",",
        lang: str = "nl",
        names: dict[str, str] | None = None,
    ) -> bytes:
        """The notes of ``session`` (None: all) as Excel-ready CSV, oldest first; see notes_to_csv.

        ``names`` maps NIS codes to municipality names (the CSV carries both).
        """
        notes = self._chronological(session)
        return notes_to_csv(notes, sep, decimal, lang, names=names, titles=self._titles())

    def export_markdown(
        self, session: str, names: dict[str, str] | None = None, lang: str = "nl"
    ) -> str:
        """A Markdown report of ``session`` (``names``: NIS code -> municipality name)."""
        found = self.find_session(session)
        title = found.title if found else session
        return notes_to_markdown(title, self._chronological(session), names, lang)

    def import_csv(
        self,
        raw: bytes,
        lang: str = "nl",
        session: str | None = None,
        resolve: Callable[[str], str | None] | None = None,
    ) -> ImportReport:
        """Import a CSV from :meth:`export_csv` in one transaction (all valid rows or none).

        With ``session`` (slug or title) every note goes into that session, else into the
        session named in its row (created when unknown). Invalid rows and notes that already
        exist are skipped with a reason; bad input never raises. Raises NoteStoreUnavailable
        when the database cannot be written.
        """
        rows, report = parse_notes_csv(
            raw, lang, session_given=session is not None, resolve=resolve
        )
        if not rows:
            return report
        with self._write() as conn:
            target = _session_for(conn, session).slug if session is not None else None
            slugs: dict[str, str] = {}
            for _, values in rows:
                title = values.get("session") or ""
                if target is None and title not in slugs:
                    slugs[title] = _session_for(conn, title).slug
                values["session"] = target or slugs[title]
            wanted = {values["session"] for _, values in rows}
            query = select(NOTES).where(NOTES.c.session.in_(wanted), LIVE)
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
        """Live notes matching all given filters, newest first; ``search`` looks in text and group
        name; ``session`` is a slug or a title.

        ``search`` ignores case and accents ('rode' finds 'Sint-Genesius-Rode', 'erezee' 'Érezée').
        """
        query = select(NOTES).where(LIVE).order_by(NOTES.c.created_at.desc(), NOTES.c.id.desc())
        for column, wanted in (
            (NOTES.c.session, self._slug(session)),
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
