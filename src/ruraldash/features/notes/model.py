"""Workshop notes as values: limits, the Note record, import reports, localised errors and field validation."""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    exc,
)

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t

T = TypeVar("T")
MAX_BODY = 10_000
MAX_SESSION = 200
MAX_GROUP = 200
MAX_IMPORT_BYTES = 20_000_000
_NIS = re.compile(r"[0-9]{5}")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")
_PG_MIGRATION_LOCK = 7_142_026
_BUGS = (exc.IntegrityError, exc.ProgrammingError, exc.DataError, exc.NotSupportedError)


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
        head = t(
            "notes_imp_summary",
            lang,
            imported=number(self.imported, 0, lang),
            skipped=number(len(self.skipped), 0, lang),
        )
        issues = sorted(self.skipped + self.warnings, key=lambda issue: issue.row)
        return [head] + [t("notes_imp_row", lang, row=i.row, reason=i.reason) for i in issues]


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
