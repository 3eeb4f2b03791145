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
)

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
)
VERSION = Table("schema_version", _META, Column("version", Integer, nullable=False))
CSV_COLUMNS = tuple(column.name for column in NOTES.columns)


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


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_notes_table),
    (2, _v2_indexes),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
