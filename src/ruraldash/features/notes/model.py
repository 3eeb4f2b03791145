"""Workshop notes as values: limits, the Note record, import reports, localised errors and field validation."""

from __future__ import annotations

import numbers
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    exc,
)

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.locale import LocalisedError, Term
from ruraldash.core.safetext import strip_bidi

T = TypeVar("T")
MAX_BODY = 10_000
MAX_SESSION = 200
MAX_GROUP = 200
MAX_IMPORT_BYTES = 20_000_000
MAX_SLUG = 60
MAX_TOKEN = 64
BRUSSELS = ZoneInfo("Europe/Brussels")
_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")
_NIS = re.compile(r"[0-9]{5}")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")
_PG_MIGRATION_LOCK = 7_142_026
_BUGS = (exc.IntegrityError, exc.ProgrammingError, exc.DataError, exc.NotSupportedError)


class _Localised(LocalisedError):
    """A notes error: the one localised error, plus the form ``field`` it concerns (named in the text)."""

    def __init__(self, key: str, *, field: str | None = None, detail: str = "", **values: object):
        self.field = field
        if field:
            values["field"] = Term(f"notes_field_{field}")
        super().__init__(key, detail=detail, **values)


class NoteError(_Localised, ValueError):
    """A note is invalid (empty, too long, bad NIS code or facet, null byte) or gone; nothing written."""


class NoteConflict(NoteError):
    """The note changed (or was deleted) since the user opened it; ``current`` is what is stored now."""

    def __init__(self, current: Note | None) -> None:
        self.current = current
        super().__init__("notes_err_conflict" if current else "notes_err_not_found", id="")


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
    version: int = 1
    client_token: str | None = None
    deleted_at: str | None = None


@dataclass(frozen=True)
class Session:
    """A notes session: a stable ``slug`` for links (``atelier-01-12-2026``) and a free ``title``."""

    id: int
    slug: str
    title: str
    created_at: str


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
        head = t(
            "notes_imp_summary",
            lang,
            imported=number(self.imported, 0, lang),
            skipped=number(len(self.skipped), 0, lang),
        )
        issues = sorted(self.skipped + self.warnings, key=lambda issue: issue.row)
        return [head] + [t("notes_imp_row", lang, row=i.row, reason=i.reason) for i in issues]


def _clean_text(value: object, name: str, limit: int, required: bool) -> str | None:
    if isinstance(value, str):
        value = strip_bidi(value)  # "‮gnp.exe" would show as "exe.png" in lists and exports
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


def slugify(title: str) -> str:
    """A link-safe id for a session title: ``"Atelier 01/12/2026"`` -> ``"atelier-01-12-2026"``.

    Accents are dropped, every run of other characters becomes one ``-``, at most ``MAX_SLUG``
    characters; a title without letters or digits gives ``"sessie"``.
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_STRIP.sub("-", plain.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "sessie"


def unique_slug(title: str, taken: set[str]) -> str:
    """:func:`slugify` of ``title``, with ``-2``, ``-3``... when that slug is in ``taken``."""
    base, n = slugify(title), 1
    slug = base
    while slug in taken:
        n += 1
        slug = f"{base[: MAX_SLUG - len(str(n)) - 1].rstrip('-')}-{n}"
    return slug


def is_slug(value: object) -> bool:
    """True for a well-formed session id (lower-case letters, digits, inner ``-``)."""
    return isinstance(value, str) and bool(_SLUG.fullmatch(value))


def clean_token(value: object) -> str | None:
    """A client token (8..64 of ``A-Z a-z 0-9 _ -``), or None when absent or malformed."""
    if isinstance(value, str) and _TOKEN.fullmatch(value.strip()):
        return value.strip()
    return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _parse_time(value: str) -> str | None:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=BRUSSELS)  # exports: local time
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def local_minute(stamp: str | None) -> str:
    """An ISO UTC time as Brussels local time to the minute (``2026-12-01 14:05``); "" for None."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M")
