"""Saved screens: the settings, the figures and the user's answers, under a shareable id.

One row per screen in the table ``toets_screens`` of the app's SQL store (the database the notes
and the saved layers use: :func:`ruraldash.data.sqlstore.default_db_url`), created by the one
migration runner (:func:`ruraldash.data.sqlstore.migrate`). A screen is saved whole or not at all;
the page says "bewaard" only after :meth:`ScreenStore.save` returned.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import (
    URL,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    exc,
    func,
    insert,
    inspect,
    select,
)

from ruraldash.data.sqlstore import SqlStore, default_db_url

SCREEN_ID = re.compile(r"[a-z0-9]{10}")
MAX_ANSWER = 4000
"""Characters kept of one free-text answer."""
_PG_LOCK = 7_142_028  # advisory lock key of the screens' migrations (notes 7_142_026, layers …027)
_META = MetaData()
SCREENS = Table(
    "toets_screens",
    _META,
    Column("id", Text, primary_key=True),
    Column("saved_at", Text, nullable=False),
    Column("document", Text, nullable=False),  # JSON: settings, record, answers
)
VERSION = Table("toets_screens_version", _META, Column("version", Integer, nullable=False))


class StoreError(RuntimeError):
    """The store cannot be opened, read or written; ``code`` names the message (``toets_store_*``)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _v1(conn: Connection) -> None:
    """Schema v1 (frozen): one row per screen holding a JSON document."""
    meta = MetaData()
    Table(
        "toets_screens",
        meta,
        Column("id", Text, primary_key=True),
        Column("saved_at", Text, nullable=False),
        Column("document", Text, nullable=False),
    )
    Table("toets_screens_version", meta, Column("version", Integer, nullable=False))
    meta.create_all(conn)


MIGRATIONS = ((1, _v1),)


def _version(conn: Connection) -> int:
    if not inspect(conn).has_table("toets_screens_version"):
        return 0
    return int(conn.execute(select(func.max(VERSION.c.version))).scalar() or 0)


def clean_answers(answers: dict[str, str]) -> dict[str, str]:
    """Answers as plain text: control characters removed, trimmed, at most :data:`MAX_ANSWER`."""
    out = {}
    for key, value in answers.items():
        text = "".join(ch for ch in str(value or "") if ch in "\n\t" or ch.isprintable()).strip()
        if text:
            out[str(key)[:40]] = text[:MAX_ANSWER]
    return out


class ScreenStore(SqlStore):
    """Saved screens in the app's database (SQLite by default, PostgreSQL when scaled out), on the
    one store base (:class:`ruraldash.data.sqlstore.SqlStore`: engine, schema upgrade, faults)."""

    lock_key = _PG_LOCK
    migrations = MIGRATIONS
    version_table = VERSION

    def __init__(self, url: str | URL | None = None) -> None:
        super().__init__(url or default_db_url())

    def _version(self, conn: Connection) -> int:
        return _version(conn)

    def _failed(self, err: exc.DBAPIError, code: str = "toets_store_unavailable") -> StoreError:
        return StoreError(code)

    def _cannot_open(self, err: OSError) -> StoreError:
        return StoreError("toets_store_unavailable")

    def save(self, document: dict) -> str:
        """Store a new screen; its id (10 characters). Raises :class:`StoreError` when not stored."""
        screen_id = secrets.token_hex(5)
        text = json.dumps(document, ensure_ascii=False, allow_nan=False)
        row = {"id": screen_id, "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "document": text}  # fmt: skip
        with self._transaction(lambda err: self._failed(err, "toets_store_failed")) as conn:
            conn.execute(insert(SCREENS).values(**row))
        return screen_id

    def load(self, screen_id: str) -> dict | None:
        """The saved document of ``screen_id`` (with ``saved_at``), or None when there is none."""
        if not SCREEN_ID.fullmatch(str(screen_id or "")):
            return None
        query = select(SCREENS.c.saved_at, SCREENS.c.document).where(SCREENS.c.id == screen_id)
        row = self._run_read(lambda c: c.execute(query).first())
        if row is None:
            return None
        try:
            document = json.loads(row.document)
        except ValueError:
            return None
        return (
            document | {"id": screen_id, "saved_at": row.saved_at}
            if isinstance(document, dict)
            else None
        )
