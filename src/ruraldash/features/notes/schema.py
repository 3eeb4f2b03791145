"""The notes database schema and its versioned migrations (each step frozen in its own function)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    text,
    update,
)

from ruraldash.features.notes.model import unique_slug

_META = MetaData()
NOTES = Table(
    "notes",
    _META,
    Column("id", Integer, primary_key=True),
    Column("session", Text, nullable=False),
    Column("nis_code", Text),
    Column("facet", Integer),
    Column("group_name", Text),
    Column("body", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("client_token", Text),
    Column("deleted_at", Text),
)
"""``session`` holds the slug of a row in :data:`SESSIONS`; ``deleted_at`` marks a soft delete."""
SESSIONS = Table(
    "sessions",
    _META,
    Column("id", Integer, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)
VERSION = Table("schema_version", _META, Column("version", Integer, nullable=False))
CSV_COLUMNS = (
    "id",
    "session",
    "nis_code",
    "facet",
    "group_name",
    "body",
    "created_at",
    "updated_at",
)
"""The note fields the CSV import reads (the export adds municipality name and facet label)."""


def _v1_notes_table(conn: Connection) -> None:
    """Schema v1: the notes table, frozen here (later versions change it in their own step)."""
    meta = MetaData()
    Table(
        "notes",
        meta,
        Column("id", Integer, primary_key=True),
        Column("session", Text, nullable=False),
        Column("nis_code", Text),
        Column("facet", Integer),
        Column("group_name", Text),
        Column("body", Text, nullable=False),
        Column("created_at", Text, nullable=False),
        Column("updated_at", Text),
        CheckConstraint("facet BETWEEN 1 AND 5", name="ck_notes_facet"),
    )
    meta.create_all(conn)


def _v2_indexes(conn: Connection) -> None:
    """Schema v2: indexes for the page's filter (session, municipality) and newest-first order."""
    notes = Table(
        "notes", MetaData(), *(Column(c, Text) for c in ("session", "nis_code", "created_at"))
    )
    Index("ix_notes_session_nis", notes.c.session, notes.c.nis_code).create(conn)
    Index("ix_notes_created_at", notes.c.created_at).create(conn)


def _v3_sessions(conn: Connection) -> None:
    """Schema v3: a ``sessions`` table (slug for links, free title), note versions, client tokens
    (one note per token: retried saves never duplicate) and soft deletes.

    Every session name found in ``notes`` becomes a session with that title and a unique slug, and
    its notes then refer to the slug. Plain ``ALTER TABLE ... ADD COLUMN``: SQLite and PostgreSQL.
    """
    meta = MetaData()
    sessions = Table(
        "sessions",
        meta,
        Column("id", Integer, primary_key=True),
        Column("slug", Text, nullable=False),
        Column("title", Text, nullable=False),
        Column("created_at", Text, nullable=False),
        UniqueConstraint("slug", name="uq_sessions_slug"),
    )
    meta.create_all(conn)
    notes = Table("notes", MetaData(), Column("session", Text), Column("created_at", Text))
    first = func.min(notes.c.created_at)
    names = conn.execute(
        select(notes.c.session, first).group_by(notes.c.session).order_by(first, notes.c.session)
    ).all()
    taken: set[str] = set()
    for name, created in names:
        slug = unique_slug(name, taken)
        taken.add(slug)
        conn.execute(insert(sessions).values(slug=slug, title=name, created_at=created))
        conn.execute(update(notes).where(notes.c.session == name).values(session=slug))
    for ddl in (
        "ALTER TABLE notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE notes ADD COLUMN client_token TEXT",
        "ALTER TABLE notes ADD COLUMN deleted_at TEXT",
    ):
        conn.execute(text(ddl))
    tokens = Table("notes", MetaData(), Column("client_token", Text))
    Index("ux_notes_client_token", tokens.c.client_token, unique=True).create(conn)


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_notes_table),
    (2, _v2_indexes),
    (3, _v3_sessions),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
