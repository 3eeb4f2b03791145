"""One save of a note as the page's editor sends it, and the answer the browser shows.

The answer never says more than the database proved: "bewaard" only when the note is in the
database (found by its client token, or just written), "databank onbereikbaar" when the database
did not answer (the editor keeps the text and sends the same request again until it does). A save
whose commit went through but whose answer was lost (a database restart in flight) is found by
its client token on the next try, so it is reported as saved and never stored twice.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from ruraldash.core.i18n import t
from ruraldash.core.safetext import strip_bidi
from ruraldash.features.notes.model import (
    BRUSSELS,
    MAX_BODY,
    MAX_GROUP,
    Note,
    NoteError,
    NoteStoreUnavailable,
    clean_token,
)
from ruraldash.features.notes.store import NoteStore

SAVED, REFUSED, DB_DOWN = "saved", "refused", "dbdown"
MAX_TEXT = 4 * MAX_BODY  # a request larger than this is refused as too long before anything else


def new_token() -> str:
    """A fresh client token for the next note."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class SaveRequest:
    """What the editor sends on Save (browser → server): text, table or group, token, nonce."""

    body: str
    group: str
    token: str
    nonce: str
    nis_code: str | None = None  # the place chosen when Save was clicked (validated on save)
    facet: int | None = None

    @classmethod
    def from_browser(cls, value: object) -> SaveRequest | None:
        """The request in a trigger value, or None when it is not one (wrong types or sizes)."""
        if not isinstance(value, dict):
            return None
        fields = {k: value.get(k) for k in ("body", "group", "token", "nonce")}
        if not all(isinstance(v, str) for v in fields.values()):
            return None
        if len(fields["nonce"]) > 64 or clean_token(fields["token"]) is None:
            return None
        nis, facet = value.get("nis_code"), value.get("facet")
        if not (nis is None or (isinstance(nis, str) and len(nis) <= 5)):
            return None
        if not (facet is None or (isinstance(facet, int) and not isinstance(facet, bool))):
            return None
        fields["body"] = fields["body"][:MAX_TEXT]
        fields["group"] = fields["group"][: 4 * MAX_GROUP]
        return cls(**fields, nis_code=nis, facet=facet)


@dataclass(frozen=True)
class SaveAnswer:
    """The server's answer to one request (server → browser)."""

    nonce: str
    token: str
    kind: str  # SAVED, REFUSED or DB_DOWN
    text: str
    next_token: str = ""  # SAVED: the token of the next note

    def to_browser(self) -> dict:
        """The plain record the editor reads (``data.answer``)."""
        return asdict(self)


def save_note(
    store: NoteStore | None,
    session: str,
    title: str,
    request: SaveRequest,
    place: tuple[str | None, int | None] = (None, None),
    lang: str = "nl",
    unavailable: NoteStoreUnavailable | None = None,
) -> SaveAnswer:
    """Save ``request`` in ``session`` (or find it saved already); the answer for the editor.

    Parameters
    ----------
    store : NoteStore or None
        None when the database could not be opened (``unavailable`` says why).
    session, title
        The session's link id and its title (for the confirmation).
    request : SaveRequest
        Text, group, client token and nonce from the editor.
    place : (nis_code, facet)
        The municipality and facet chosen on the page.
    """

    def answer(kind: str, text: str, next_token: str = "") -> SaveAnswer:
        return SaveAnswer(request.nonce, request.token, kind, text, next_token)

    if store is None:
        cause = unavailable or NoteStoreUnavailable("notes_err_unavailable")
        return answer(DB_DOWN, _down(cause, lang))
    nis_code, facet = place
    try:
        found = store.find_token(request.token)
        if found is not None and found.body.strip() != request.body.strip():
            found = None  # a token reused by a second tab on another text: a note of its own
            request_token = new_token()
        else:
            request_token = request.token
        note = found or store.add(
            session,
            request.body,
            nis_code=nis_code,
            facet=facet,
            group_name=request.group.strip() or None,
            client_token=request_token,
        )
    except NoteError as exc:
        return answer(REFUSED, f"{exc.message(lang)} {t('np_kept', lang)}")
    except NoteStoreUnavailable as exc:
        return answer(DB_DOWN, _down(exc, lang))
    key = "np_saved_found" if found else "np_saved_at"
    shown = strip_bidi(
        title
    )  # the editor shows its answer as plain text (never Markdown or a link)
    return answer(SAVED, t(key, lang, time=_minute(note), title=shown), new_token())


CAUSES = ("readonly", "locked", "full", "cantopen", "unavailable")


def _down(exc: NoteStoreUnavailable, lang: str) -> str:
    """'Niet bewaard — databank onbereikbaar (<short cause>)', and what happens to the text."""
    cause = exc.key.removeprefix("notes_err_")
    return t("np_db_down", lang, cause=t(f"np_cause_{cause if cause in CAUSES else 'other'}", lang))


def _minute(note: Note) -> str:
    return f"{datetime.fromisoformat(note.created_at).astimezone(BRUSSELS):%H:%M}"
