"""Workshop notes: what atelier facilitators type per municipality and facet during a session.

SQLAlchemy Core: SQLite by default (WAL, busy timeout, ``synchronous=FULL``), PostgreSQL when several
app servers share one database. The schema is versioned (table ``schema_version``) and upgraded in one
transaction when a store opens. A store that cannot write raises :class:`NoteStoreUnavailable`, so the
page can keep the typed text in its form; reading a read-only database still works.

Modules: :mod:`.model` (records, limits, validation), :mod:`.schema` (tables, migrations),
:mod:`.engine` (connections), :mod:`.csvio` and :mod:`.markdown` (exports, import), :mod:`.store`.
"""

from ruraldash.features.notes.csvio import notes_to_csv, parse_notes_csv
from ruraldash.features.notes.engine import default_notes_url
from ruraldash.features.notes.markdown import md_escape, notes_to_markdown
from ruraldash.features.notes.model import (
    MAX_BODY,
    MAX_GROUP,
    MAX_IMPORT_BYTES,
    MAX_SESSION,
    ImportIssue,
    ImportReport,
    Note,
    NoteConflict,
    NoteError,
    NoteSchemaError,
    NoteStoreUnavailable,
    Session,
    clean_fields,
    clean_token,
    is_slug,
    local_minute,
    slugify,
)
from ruraldash.features.notes.schema import (
    CSV_COLUMNS,
    MIGRATIONS,
    NOTES,
    SCHEMA_VERSION,
    SESSIONS,
    VERSION,
)
from ruraldash.features.notes.store import NoteStore

__all__ = [
    "CSV_COLUMNS",
    "ImportIssue",
    "ImportReport",
    "MAX_BODY",
    "MAX_GROUP",
    "MAX_IMPORT_BYTES",
    "MAX_SESSION",
    "MIGRATIONS",
    "NOTES",
    "Note",
    "NoteConflict",
    "NoteError",
    "NoteSchemaError",
    "NoteStore",
    "NoteStoreUnavailable",
    "SCHEMA_VERSION",
    "SESSIONS",
    "Session",
    "VERSION",
    "clean_fields",
    "clean_token",
    "is_slug",
    "local_minute",
    "slugify",
    "default_notes_url",
    "md_escape",
    "notes_to_csv",
    "notes_to_markdown",
    "parse_notes_csv",
]
