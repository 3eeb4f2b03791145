"""Workshop notes: what atelier facilitators type per municipality and facet during a session.

SQLAlchemy Core: SQLite by default (WAL, busy timeout, ``synchronous=FULL``), PostgreSQL when several
app servers share one database. The schema is versioned (table ``schema_version``) and upgraded in one
transaction when a store opens. A store that cannot write raises :class:`NoteStoreUnavailable`, so the
page can keep the typed text in its form; reading a read-only database still works.
"""

from __future__ import annotations

import csv
import html
import io
import numbers
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    URL,
    CheckConstraint,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    delete,
    event,
    exc,
    func,
    insert,
    inspect,
    make_url,
    or_,
    select,
    text,
    update,
)

from .catalog import FACETS
from .fmt import day, number
from .i18n import LANGS, t

T = TypeVar("T")
MAX_BODY = 10_000
MAX_SESSION = 200
MAX_GROUP = 200
MAX_IMPORT_BYTES = 20_000_000
_NIS = re.compile(r"[0-9]{5}")
_RISKY = tuple("=+-@\t\r'")  # Excel formula starts; "'" too, so import can undo the guard
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")
_PG_MIGRATION_LOCK = 7_142_026
_BUGS = (exc.IntegrityError, exc.ProgrammingError, exc.DataError, exc.NotSupportedError)

_META = MetaData()
NOTES = Table(
    "notes", _META,
    Column("id", Integer, primary_key=True), Column("session", Text, nullable=False),
    Column("nis_code", Text), Column("facet", Integer), Column("group_name", Text),
    Column("body", Text, nullable=False), Column("created_at", Text, nullable=False),
    Column("updated_at", Text),
)  # fmt: skip
VERSION = Table("schema_version", _META, Column("version", Integer, nullable=False))
CSV_COLUMNS = tuple(column.name for column in NOTES.columns)


def _v1_notes_table(conn: Connection) -> None:
    """Schema v1: the notes table, frozen here (later versions change it in their own step)."""
    meta = MetaData()
    Table(
        "notes", meta,
        Column("id", Integer, primary_key=True), Column("session", Text, nullable=False),
        Column("nis_code", Text), Column("facet", Integer), Column("group_name", Text),
        Column("body", Text, nullable=False), Column("created_at", Text, nullable=False),
        Column("updated_at", Text),
        CheckConstraint("facet BETWEEN 1 AND 5", name="ck_notes_facet"),
    )  # fmt: skip
    meta.create_all(conn)


def _v2_indexes(conn: Connection) -> None:
    """Schema v2: indexes for the page's filter (session, municipality) and newest-first order."""
    notes = Table(
        "notes", MetaData(), *(Column(c, Text) for c in ("session", "nis_code", "created_at"))
    )
    Index("ix_notes_session_nis", notes.c.session, notes.c.nis_code).create(conn)
    Index("ix_notes_created_at", notes.c.created_at).create(conn)


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_notes_table),
    (2, _v2_indexes),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class _Localised(Exception):
    """An error whose message comes from the string catalogue, in any language."""

    def __init__(self, key: str, *, field: str | None = None, detail: str = "", **values: object):
        self.key, self.field, self.detail, self.values = key, field, detail, values
        super().__init__(self.message())

    def message(self, lang: str = "nl") -> str:
        """The user-facing message in ``lang`` (numbers Belgian-formatted in Dutch)."""
        values = {
            k: number(v, 0, lang) if isinstance(v, int) else v for k, v in self.values.items()
        }
        if self.field:
            values["field"] = t(f"notes_field_{self.field}", lang)
        return t(self.key, lang, **values)


class NoteError(_Localised, ValueError):
    """A note is invalid (empty, too long, bad NIS code or facet, null byte) or gone; nothing written."""


class NoteStoreUnavailable(_Localised, RuntimeError):
    """The database cannot be reached or written (read-only, locked, disk full, broken)."""


class NoteSchemaError(NoteStoreUnavailable):
    """The database has a newer or unknown schema; it is left untouched."""


@dataclass(frozen=True)
class Note:
    """One workshop note; times are ISO-8601 UTC strings, ``updated_at`` is None until edited."""

    id: int
    session: str
    nis_code: str | None
    facet: int | None
    group_name: str | None
    body: str
    created_at: str
    updated_at: str | None = None


@dataclass(frozen=True)
class ImportIssue:
    """A row of an imported CSV (1 = header, as Excel numbers rows) and why it was skipped/changed."""

    row: int
    reason: str


@dataclass
class ImportReport:
    """Result of :meth:`NoteStore.import_csv`; ``error`` is set when the file as a whole is unusable."""

    imported: int = 0
    skipped: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    error: str | None = None

    def messages(self, lang: str = "nl") -> list[str]:
        """Lines for the page: the file error, or a summary followed by one line per issue."""
        if self.error:
            return [self.error]
        head = t("notes_imp_summary", lang, imported=number(self.imported, 0, lang),
                 skipped=number(len(self.skipped), 0, lang))  # fmt: skip
        issues = sorted(self.skipped + self.warnings, key=lambda issue: issue.row)
        return [head] + [t("notes_imp_row", lang, row=i.row, reason=i.reason) for i in issues]


def default_notes_url() -> str:
    """``$RURALDASH_NOTES_URL`` if set, else SQLite at ``<project>/data/notes.sqlite``."""
    configured = os.environ.get("RURALDASH_NOTES_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{Path(__file__).resolve().parents[2] / 'data' / 'notes.sqlite'}"


def _clean_text(value: object, name: str, limit: int, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise NoteError(f"notes_err_{name}_empty", field=name)
        return None
    if not isinstance(value, str):
        raise NoteError("notes_err_type", field=name)
    if "\x00" in value:
        raise NoteError("notes_err_nul", field=name)
    cleaned = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(cleaned) > limit:
        raise NoteError("notes_err_too_long", field=name, length=len(cleaned), limit=limit)
    return cleaned


def _clean_nis(value: object) -> str | None:
    code = "" if value is None else str(value).strip()
    if code and not _NIS.fullmatch(code):
        raise NoteError("notes_err_nis", field="nis_code", value=code[:20])
    return code or None


def _clean_facet(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= 5:
        raise NoteError("notes_err_facet", field="facet", value=str(value)[:20])
    return int(value)


_CLEANERS: dict[str, Callable[[object], object]] = {
    "session": lambda v: _clean_text(v, "session", MAX_SESSION, True),
    "body": lambda v: _clean_text(v, "body", MAX_BODY, True),
    "group_name": lambda v: _clean_text(v, "group_name", MAX_GROUP, False),
    "nis_code": _clean_nis,
    "facet": _clean_facet,
}


def clean_fields(**fields: object) -> dict[str, Any]:
    """Validate and normalise note fields (trimmed text, ``\\n`` line ends).

    Raises
    ------
    NoteError
        With a Dutch message (``err.message(lang)`` for others) and ``err.field`` set.
    TypeError
        For a field name that notes do not have.
    """
    unknown = set(fields) - set(_CLEANERS)
    if unknown:
        raise TypeError(f"unknown note fields: {sorted(unknown)}")
    return {name: _CLEANERS[name](value) for name, value in fields.items()}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _parse_time(value: str) -> str | None:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


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


def _csv_cell(value: object) -> str:
    """A CSV cell; text that Excel would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    cell = str(value)
    return "'" + cell if cell.startswith(_RISKY) else cell


def _csv_uncell(cell: str) -> str:
    """Undo :func:`_csv_cell`."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_RISKY) else cell


def notes_to_csv(
    notes: Iterable[Note], sep: str = ";", decimal: str = ",", lang: str = "nl"
) -> bytes:
    """Notes as CSV for Excel: UTF-8 with BOM, ``;`` separated, headers in ``lang``.

    Cells that start with ``= + - @`` (or tab, CR, apostrophe) get a leading apostrophe, so Excel
    never runs them as formulas. ``decimal`` must differ from ``sep``; notes hold no fractions yet.
    """
    if len(sep) != 1 or sep in "\"'\r\n" or sep == decimal:
        raise ValueError(f"unusable CSV separator {sep!r} (decimal mark {decimal!r})")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow([t(f"notes_col_{c}", lang) for c in CSV_COLUMNS])
    writer.writerows([_csv_cell(getattr(note, c)) for c in CSV_COLUMNS] for note in notes)
    return out.getvalue().encode("utf-8-sig")


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves "CSV" as cp1252
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _header_names() -> dict[str, str]:
    names = {col: col for col in CSV_COLUMNS}
    names.update({t(f"notes_col_{c}", lang).casefold(): c for c in CSV_COLUMNS for lang in LANGS})
    return names


def _parse_row(record: dict[str, str], lang: str, warnings: list[str]) -> dict[str, Any]:
    """One CSV record as insertable values; raises NoteError for an invalid note."""
    facet_cell = record.get("facet", "").strip()
    if facet_cell and not (facet_cell.isascii() and facet_cell.isdigit() and len(facet_cell) < 4):
        raise NoteError("notes_err_facet", field="facet", value=facet_cell[:20])
    values = clean_fields(
        session=record.get("session"), body=record.get("body"), nis_code=record.get("nis_code"),
        facet=int(facet_cell) if facet_cell else None, group_name=record.get("group_name"),
    )  # fmt: skip
    created = record.get("created_at", "").strip()
    values["created_at"] = _parse_time(created) if created else _now()
    if values["created_at"] is None:
        warnings.append(t("notes_imp_bad_date", lang, value=created[:40]))
        values["created_at"] = _now()
    values["updated_at"] = _parse_time(record.get("updated_at", "") or "")
    return values


def parse_notes_csv(raw: bytes, lang: str = "nl") -> tuple[list[tuple[int, dict]], ImportReport]:
    """Read a CSV made by :func:`notes_to_csv` (or edited in Excel); never raises on bad input.

    Returns
    -------
    rows : list of (row number, values)
        Valid notes, ready to insert.
    report : ImportReport
        Skipped rows and warnings with reasons in ``lang``, or ``error`` for an unusable file.
    """
    report = ImportReport()
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if not isinstance(raw, bytes | bytearray) or len(raw) > MAX_IMPORT_BYTES:
        size = len(raw) if isinstance(raw, bytes | bytearray) else 0
        report.error = t("notes_imp_too_big" if size else "notes_imp_empty", lang,
                         size=number(size, 0, lang), limit=number(MAX_IMPORT_BYTES, 0, lang))  # fmt: skip
        return [], report
    content = _decode(bytes(raw))
    if content is None or not content.strip():
        report.error = t("notes_imp_encoding" if content is None else "notes_imp_empty", lang)
        return [], report
    first = content.split("\n", 1)[0]
    sep = max(";,\t", key=first.count)
    records = csv.reader(io.StringIO(content, newline=""), delimiter=sep, strict=True)
    rows: list[tuple[int, dict]] = []
    try:
        header = [h.strip().lstrip("\ufeff").casefold() for h in next(records)]
        names = _header_names()
        columns = {i: names[h] for i, h in reversed(list(enumerate(header))) if h in names}
        missing = [c for c in ("session", "body") if c not in columns.values()]
        if missing:
            labels = ", ".join(t(f"notes_col_{c}", lang) for c in missing)
            report.error = t("notes_imp_columns", lang, columns=labels)
            return [], report
        for row_no, cells in enumerate(records, start=2):
            if any(cell.strip() for cell in cells):
                _take_row(row_no, cells, columns, len(header), lang, rows, report)
    except (csv.Error, StopIteration):
        report.error = t("notes_imp_broken", lang, row=records.line_num)
        return [], report
    return rows, report


def _take_row(row_no: int, cells: list[str], columns: dict[int, str], width: int, lang: str,
              rows: list[tuple[int, dict]], report: ImportReport) -> None:  # fmt: skip
    if any(cell.strip() for cell in cells[width:]):
        reason = t("notes_imp_extra_cells", lang, found=len(cells), expected=width)
        report.skipped.append(ImportIssue(row_no, reason))
        return
    record = {name: _csv_uncell(cells[i]) for i, name in columns.items() if i < len(cells)}
    warnings: list[str] = []
    try:
        rows.append((row_no, _parse_row(record, lang, warnings)))
    except NoteError as err:
        report.skipped.append(ImportIssue(row_no, err.message(lang)))
    report.warnings.extend(ImportIssue(row_no, w) for w in warnings)


def md_escape(value: str) -> str:
    """Make ``value`` inert Markdown text: markup characters get a backslash, HTML becomes entities."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value), quote=False)


def _local_time(stamp: str, lang: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
        moment = moment.astimezone(ZoneInfo("Europe/Brussels"))
    except (ValueError, ZoneInfoNotFoundError):
        return md_escape(stamp)
    return f"{day(moment, lang)}, {moment:%H:%M}"


def _md_item(note: Note, lang: str) -> str:
    body = "  \n  ".join(md_escape(line.strip()) for line in note.body.split("\n"))
    meta = [t("notes_md_group", lang, name=md_escape(note.group_name))] if note.group_name else []
    return f"- {body} — _{', '.join([*meta, _local_time(note.created_at, lang)])}_"


def _md_place(nis: str | None, names: dict[str, str], lang: str) -> str:
    if nis is None:
        return t("notes_md_general", lang)
    name = names.get(nis)
    return f"{md_escape(name)} ({md_escape(nis)})" if name else md_escape(nis)


def _md_facet(facet: int | None, lang: str) -> str:
    if facet is None:
        return t("notes_md_no_facet", lang)
    labels = FACETS.get(facet, (str(facet), str(facet)))
    return t("notes_md_facet", lang, n=facet, name=labels[0 if lang == "nl" else 1])


def notes_to_markdown(
    session: str, notes: Iterable[Note], names: dict[str, str] | None = None, lang: str = "nl"
) -> str:
    """A session report: per municipality (general notes first, then by name), per facet, oldest first.

    All text from users or data is escaped, so ``<script>`` or ``[x](javascript:...)`` stays text.
    """
    names = names or {}
    lines = [f"# {t('notes_md_title', lang, session=md_escape(session))}", ""]
    groups: dict[str | None, dict[int | None, list[Note]]] = {}
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        groups.setdefault(note.nis_code, {}).setdefault(note.facet, []).append(note)
    if not groups:
        lines.append(t("notes_md_none", lang))
    for nis in sorted(
        groups, key=lambda c: (c is not None, names.get(c or "", c or "").casefold())
    ):
        lines += [f"## {_md_place(nis, names, lang)}", ""]
        for facet in sorted(groups[nis], key=lambda f: (f is None, f or 0)):
            lines += [f"### {_md_facet(facet, lang)}", ""]
            lines += [_md_item(note, lang) for note in groups[nis][facet]] + [""]
    return "\n".join(lines).rstrip() + "\n"


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
        """Notes matching all given filters, newest first; ``search`` looks in text and group name."""
        query = select(NOTES).order_by(NOTES.c.created_at.desc(), NOTES.c.id.desc())
        for column, wanted in ((NOTES.c.session, session), (NOTES.c.nis_code, nis_code),
                               (NOTES.c.facet, facet)):  # fmt: skip
            if wanted is not None:
                query = query.where(column == wanted)
        if search and search.strip():
            needle = search.strip()
            query = query.where(or_(NOTES.c.body.icontains(needle, autoescape=True),
                                    NOTES.c.group_name.icontains(needle, autoescape=True)))  # fmt: skip
        return self._query(lambda c: [Note(**r._mapping) for r in c.execute(query)])
