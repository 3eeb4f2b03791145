"""Workshop notes: CRUD, validation, migrations, concurrency, crash safety, read-only use, exports.

Every test that takes ``store`` or ``db_url`` runs twice: on SQLite (a file in ``tmp_path``) and on a
real PostgreSQL server (marked ``postgres``; ``tests/dbserver.py`` starts it from Debian's binaries).
Tests that take ``db`` (a SQLite file path) are about SQLite itself and are skipped on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import URL, create_engine, exc, inspect, make_url, text

from ruraldash.features.notes import (
    MAX_BODY,
    SCHEMA_VERSION,
    NoteConflict,
    NoteError,
    NoteSchemaError,
    NoteStore,
    NoteStoreUnavailable,
    default_notes_url,
)
from ruraldash.features.notes.model import local_minute

SRC = Path(__file__).resolve().parents[1] / "src"
SESSION = "Atelier Lier 2026-11-28"


@pytest.fixture
def db(tmp_path: Path, request) -> Path:
    """A SQLite file (the same one as ``db_url`` on the sqlite backend)."""
    if (
        getattr(request.node, "callspec", None)
        and request.node.callspec.params.get("backend") == "postgres"
    ):
        pytest.skip("a SQLite file test")
    return tmp_path / "notes.sqlite"


@pytest.fixture
def store(db_url):
    with NoteStore(db_url) as opened:
        yield opened


@pytest.fixture
def other_url(backend: str, tmp_path: Path, request):
    """A second empty database on the same backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


def _plain(url: str | URL) -> str:
    """The URL as a string a subprocess can open (str(URL) masks a password)."""
    return make_url(url).render_as_string(hide_password=False)


def _is_pg(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _sql(url: str | URL, *statements: str) -> list[tuple]:
    """Run statements in one transaction on a separate connection; the rows of the last one."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                result = conn.execute(text(statement))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _raw(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def _worker(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _is_translated(err: Exception) -> bool:
    """The message is a real Dutch sentence from the catalogue, with an English counterpart."""
    return not str(err).startswith("notes_") and err.message("en") != str(err)  # type: ignore[attr-defined]


# --- CRUD, filters, order ---


def test_crud_round_trip(store: NoteStore) -> None:
    note = store.add(SESSION, "  Meer groen aan de kerk  ", "12021", 1, "Tafel 2")
    assert store.get(note.id) == note
    assert note.body == "Meer groen aan de kerk" and note.updated_at is None

    changed = store.update(note.id, body="Meer bomen", facet=None)
    again = store.get(note.id)
    assert again == changed
    assert (again.body, again.facet, again.nis_code) == ("Meer bomen", None, "12021")
    assert again.created_at == note.created_at and again.updated_at is not None

    assert store.delete(note.id) is True
    assert store.get(note.id) is None and store.list() == []
    assert store.delete(note.id) is False
    assert store.get(note.id, deleted=True).deleted_at is not None  # soft: it can come back
    with pytest.raises(NoteError) as gone:
        store.update(note.id, body="te laat")
    assert _is_translated(gone.value)


def test_list_filters_newest_first_and_sessions(store: NoteStore) -> None:
    a = store.add(SESSION, "Speelplein in de dorpskern", "12021", 2)
    b = store.add(SESSION, "Busverbinding 's avonds", "12021", 4, "Tafel 1")
    c = store.add(SESSION, "Buurtwinkel sluit", "12009", 4)
    d = store.add("Atelier Tielt 2026-12-05", "100% akkoord met het SPEELPLEIN", "37015", 2)

    assert [n.id for n in store.list()] == [d.id, c.id, b.id, a.id]
    assert [n.id for n in store.list(session=SESSION)] == [c.id, b.id, a.id]
    assert [n.id for n in store.list(nis_code="12021")] == [b.id, a.id]
    assert [n.id for n in store.list(session=SESSION, facet=4)] == [c.id, b.id]
    assert [n.id for n in store.list(search="speelplein")] == [d.id, a.id]
    assert [n.id for n in store.list(search="tafel 1")] == [b.id]  # group names are searched too
    assert [n.id for n in store.list(search="100%")] == [d.id]  # % is a letter, not a wildcard
    assert store.list(search="%") == [d]
    assert [s.title for s in store.sessions()] == ["Atelier Tielt 2026-12-05", SESSION]


# --- sessions, idempotent saves, versions, soft delete ---


def test_a_session_title_with_space_and_slash_gets_a_stable_link(store: NoteStore) -> None:
    first = store.create_session("Atelier 01/12/2026")
    again = store.create_session("Atelier 01/12/2026")  # same title, another session
    assert (first.slug, again.slug) == ("atelier-01-12-2026", "atelier-01-12-2026-2")
    store.add(first.slug, "Op tafel 1", "12021", 2)
    assert store.session("atelier-01-12-2026") == first
    assert [n.body for n in store.list(session=first.slug)] == ["Op tafel 1"]
    assert store.list(session=again.slug) == []
    for tampered in ("onbekend", "Atelier 01/12/2026", "../x", "", "a" * 300):
        assert store.session(tampered) is None
    assert store.create_session("Ça gaat, één keer!").slug == "ca-gaat-een-keer"
    assert store.create_session("???").slug == "sessie"
    with pytest.raises(NoteError):
        store.create_session("   ")


def test_a_retried_save_with_the_same_token_stores_one_note(store: NoteStore) -> None:
    token = "tok-0123456789abcdef"
    first = store.add(SESSION, "Eén keer bewaren", "12021", 3, client_token=token)
    retry = store.add(SESSION, "Eén keer bewaren", "12021", 3, client_token=token)
    assert retry == first
    assert len(store.list()) == 1
    other = store.add(SESSION, "Eén keer bewaren", "12021", 3, client_token="tok-other-123456")
    assert other.id != first.id and len(store.list()) == 2


def test_an_edit_of_a_changed_note_is_a_conflict(store: NoteStore) -> None:
    note = store.add(SESSION, "Origineel")
    theirs = store.update(note.id, expected_version=note.version, body="Laptop B")
    assert theirs.version == note.version + 1
    with pytest.raises(NoteConflict) as err:
        store.update(note.id, expected_version=note.version, body="Laptop A")
    assert err.value.current.body == "Laptop B" and _is_translated(err.value)
    assert store.get(note.id).body == "Laptop B"  # nothing written
    mine = store.update(note.id, expected_version=err.value.current.version, body="Laptop A")
    assert store.get(note.id) == mine and mine.version == note.version + 2
    store.delete(note.id)
    with pytest.raises(NoteConflict) as gone:
        store.update(note.id, expected_version=mine.version, body="te laat")
    assert gone.value.current is None


def test_a_deleted_note_can_be_restored(store: NoteStore) -> None:
    keep = store.add(SESSION, "Blijft")
    note = store.add(SESSION, "Weg en terug", "12021", 4)
    assert store.delete(note.id)
    assert [n.id for n in store.list(session=SESSION)] == [keep.id]
    assert "Weg en terug" not in store.export_markdown(SESSION)
    restored = store.restore(note.id)
    assert restored is not None and restored.deleted_at is None
    assert [n.id for n in store.list(session=SESSION)] == [note.id, keep.id]
    assert store.restore(note.id) is None  # not deleted (any more)
    assert store.delete(keep.id) and store.purge_deleted("9999") == 1
    assert store.restore(keep.id) is None and store.get(keep.id, deleted=True) is None


def test_search_ignores_accents_and_case(store: NoteStore) -> None:
    rode = store.add(SESSION, "Schoolbus naar Sint-Genesius-Rode", "23101")
    erezee = store.add(SESSION, "Zoals in Érezée: één dorpsplein", None, None, "Tafel Ü")
    store.add(SESSION, "Roeselare heeft een ring")
    assert [n.id for n in store.list(search="rode")] == [rode.id]
    assert [n.id for n in store.list(search="RODE")] == [rode.id]
    for needle in ("erezee", "EREZEE", "Érezée", "érézée", "een dorpsplein", "ÉÉN DORPS"):
        assert [n.id for n in store.list(search=needle)] == [erezee.id], needle
    assert [n.id for n in store.list(search="tafel u")] == [erezee.id]  # group names too
    assert store.list(search="Erezé_") == []  # _ is a letter, not a wildcard
    assert store.get(erezee.id).body == "Zoals in Érezée: één dorpsplein"  # stored as typed


# --- validation ---


@pytest.mark.parametrize(
    "kwargs",
    [
        {"body": ""},
        {"body": " \n\t "},
        {"body": "x" * (MAX_BODY + 1)},
        {"body": "verborgen\x00teken"},
        {"session": "  "},
        {"facet": 0},
        {"facet": 6},
        {"facet": True},
        {"nis_code": "1202"},
        {"nis_code": "12021a"},
        {"nis_code": "١٢٠٢١"},  # Arabic-Indic digits are not a NIS code
        {"group_name": "Tafel\x00"},
    ],
)
def test_invalid_notes_are_refused_and_write_nothing(store: NoteStore, db_url, kwargs) -> None:
    values = {"session": SESSION, "body": "Geldige tekst", **kwargs}
    with pytest.raises(NoteError) as err:
        store.add(**values)
    assert _is_translated(err.value)
    assert err.value.field in kwargs
    assert store.list() == []
    assert _sql(db_url, "SELECT count(*) FROM notes") == [(0,)]


def test_longest_allowed_body_is_kept_and_bad_update_changes_nothing(store: NoteStore) -> None:
    note = store.add(SESSION, "x" * MAX_BODY)
    assert len(store.get(note.id).body) == MAX_BODY
    with pytest.raises(NoteError):
        store.update(note.id, facet=7)
    assert store.get(note.id) == note


# --- migrations ---

_V1_SQL = """
CREATE TABLE notes (
    id {id_type} PRIMARY KEY, session TEXT NOT NULL, nis_code TEXT, facet INTEGER,
    group_name TEXT, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT,
    CHECK (facet BETWEEN 1 AND 5));
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
INSERT INTO notes (session, nis_code, facet, body, created_at)
    VALUES ('Atelier Lier 2026-11-28', '12021', 3, 'Van v1', '2026-11-28T10:00:00.000000+00:00');
"""


def _indexes(url) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [index["name"] for index in inspect(conn).get_indexes("notes")]
    finally:
        engine.dispose()


def test_hand_made_v1_database_is_upgraded_once(db_url) -> None:
    id_type = "SERIAL" if _is_pg(db_url) else "INTEGER"
    _sql(db_url, *_V1_SQL.format(id_type=id_type).strip().rstrip(";").split(";\n"))

    for _ in range(3):  # reopening an up-to-date database changes nothing
        with NoteStore(db_url) as store:
            assert [n.body for n in store.list(session=SESSION, nis_code="12021")] == ["Van v1"]
            assert store.schema_version() == SCHEMA_VERSION
    assert _sql(db_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert "ix_notes_session_nis" in _indexes(db_url)
    assert "ux_notes_client_token" in _indexes(db_url)
    assert len(_indexes(db_url)) == len(set(_indexes(db_url)))
    with NoteStore(db_url) as store:
        store.add(SESSION, "Na de upgrade")
        assert len(store.list()) == 2
        (session,) = store.sessions()  # the v1 session name became a session with a link id
        assert (session.slug, session.title) == ("atelier-lier-2026-11-28", SESSION)
        assert {n.session for n in store.list()} == {session.slug}
        assert store.list()[-1].version == 1


def test_v2_sessions_with_clashing_names_get_distinct_links(db_url) -> None:
    id_type = "SERIAL" if _is_pg(db_url) else "INTEGER"
    _sql(db_url, *_V1_SQL.format(id_type=id_type).strip().rstrip(";").split(";\n"))
    _sql(
        db_url,
        "INSERT INTO notes (session, body, created_at) VALUES"
        " ('Atelier 01/12/2026', 'a', '2026-12-01T09:00:00+00:00'),"
        " ('Atelier 01-12-2026', 'b', '2026-12-01T10:00:00+00:00')",
    )
    with NoteStore(db_url) as store:
        by_title = {s.title: s.slug for s in store.sessions()}
        assert by_title["Atelier 01/12/2026"] == "atelier-01-12-2026"
        assert by_title["Atelier 01-12-2026"] == "atelier-01-12-2026-2"
        assert [n.body for n in store.list(session="atelier-01-12-2026-2")] == ["b"]


def test_newer_database_is_refused_and_left_alone(db_url) -> None:
    NoteStore(db_url).close()
    _sql(db_url, "UPDATE schema_version SET version = 99")
    with pytest.raises(NoteSchemaError) as err:
        NoteStore(db_url)
    assert "99" in str(err.value) and _is_translated(err.value)
    assert isinstance(err.value, NoteStoreUnavailable)  # the page handles both alike
    assert _sql(db_url, "SELECT version FROM schema_version") == [(99,)]


def test_foreign_notes_table_is_refused(db_url) -> None:
    _sql(db_url, "CREATE TABLE notes (x TEXT)")
    with pytest.raises(NoteSchemaError):
        NoteStore(db_url)


# --- concurrency and crash safety ---

_ADD_200 = """
import pathlib, sys, time
from ruraldash.features.notes import NoteStore
url, tag, go = sys.argv[1:4]
while not pathlib.Path(go).exists():
    time.sleep(0.002)
with NoteStore(url) as store:  # both open a fresh file at once: migration races too
    for i in range(200):
        note = store.add("Atelier", f"{tag}-{i}")
        store.update(note.id, body=f"{tag}-{i} bewerkt")  # read, then write: no lost update
"""

_ADD_FOREVER = """
import sys
from ruraldash.features.notes import NoteStore
store = NoteStore(sys.argv[1])
i = 0
while True:
    i += 1
    print(store.add("Atelier", f"notitie {i}", facet=1 + i % 5).id, flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(db_url, tmp_path: Path) -> None:
    go = tmp_path / "go"
    workers = [_worker(_ADD_200, _plain(db_url), tag, go) for tag in ("a", "b")]
    go.touch()
    for proc in workers:
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr
    with NoteStore(db_url) as store:
        bodies = [n.body for n in store.list()]
    assert len(bodies) == 400
    assert set(bodies) == {f"{tag}-{i} bewerkt" for tag in "ab" for i in range(200)}


def test_kill_9_keeps_every_committed_note(db_url) -> None:
    proc = _worker(_ADD_FOREVER, _plain(db_url))
    printed: list[int] = []
    try:
        while len(printed) < 40:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            printed.append(int(line))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    if not _is_pg(db_url):
        assert _sql(db_url, "PRAGMA integrity_check") == [("ok",)]
    with NoteStore(db_url) as store:
        stored = {n.id for n in store.list()}
    assert set(printed) <= stored


def test_locked_database_gives_up_with_dutch_message(db_url) -> None:
    with NoteStore(db_url, busy_timeout_ms=150) as store:
        store.add(SESSION, "Voor de blokkade")
        if _is_pg(db_url):  # another transaction holds a lock that lets readers in, no writers
            other = create_engine(db_url).connect()
            other.exec_driver_sql("LOCK TABLE notes IN EXCLUSIVE MODE")
        else:
            other = sqlite3.connect(make_url(db_url).database, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with pytest.raises(NoteStoreUnavailable) as err:
                store.add(SESSION, "Tijdens de blokkade")
            assert _is_translated(err.value)
            assert [n.body for n in store.list()] == ["Voor de blokkade"]  # reading still works
        finally:
            if _is_pg(db_url):
                other.rollback()
                other.close()
                other.engine.dispose()
            else:
                other.execute("ROLLBACK")
                other.close()
        assert [n.body for n in store.list()] == ["Voor de blokkade"]


def test_read_only_database_lists_but_refuses_writes(db: Path) -> None:
    with NoteStore.from_path(db) as store:
        store.add(SESSION, "Al bewaard", "12021")
    folder = db.parent
    as_root = os.geteuid() == 0  # root ignores chmod: then open with SQLite's mode=ro instead
    if not as_root:
        db.chmod(0o444)
        folder.chmod(0o555)
    try:
        with NoteStore.from_path(db, read_only=as_root) as store:
            assert [n.body for n in store.list()] == ["Al bewaard"]
            assert [s.title for s in store.sessions()] == [SESSION]
            with pytest.raises(NoteStoreUnavailable) as err:
                store.add(SESSION, "Nieuw")
            assert _is_translated(err.value)
            with pytest.raises(NoteStoreUnavailable):
                store.delete(store.list()[0].id)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert _raw(db, "SELECT body FROM notes") == [("Al bewaard",)]


@pytest.mark.postgres
def test_read_only_postgres_database_lists_but_refuses_writes(pg_url) -> None:
    with NoteStore(pg_url) as store:
        store.add(SESSION, "Al bewaard", "12021")
    _sql(pg_url, f'ALTER DATABASE "{pg_url.database}" SET default_transaction_read_only = on')
    with NoteStore(pg_url) as store:
        assert [n.body for n in store.list()] == ["Al bewaard"]
        with pytest.raises(NoteStoreUnavailable) as err:
            store.add(SESSION, "Nieuw")
        assert _is_translated(err.value) and err.value.key == "notes_err_readonly"
    assert _sql(pg_url, "SELECT body FROM notes") == [("Al bewaard",)]


# --- CSV and Markdown ---

_FORMULA = '=HYPERLINK("http://example.invalid";"klik")'


def _fields(notes) -> list[tuple]:
    """What a CSV round trip keeps: place, text and times to the minute."""
    keys = ("nis_code", "facet", "group_name", "body")
    rows = [
        (*(getattr(n, k) for k in keys), local_minute(n.created_at), local_minute(n.updated_at))
        for n in notes
    ]
    return sorted(rows, key=repr)


def test_csv_round_trip_and_formula_guard(store: NoteStore, other_url) -> None:
    store.add(SESSION, _FORMULA, "12021", 3, "+Tafel 1")
    store.add(SESSION, "'Aanhalingsteken; puntkomma\nen een tweede regel")
    edited = store.add(SESSION, "-5 parkeerplaatsen", "12009", 1)
    store.update(edited.id, body="@iedereen: -5 parkeerplaatsen")
    store.add("Andere sessie", "Niet in deze export")

    raw = store.export_csv(SESSION)
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = [
        c for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";") for c in row
    ]
    assert _FORMULA not in cells and "'" + _FORMULA in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)

    with NoteStore(other_url) as fresh:
        report = fresh.import_csv(raw)
        assert (report.imported, report.skipped, report.error) == (3, [], None)
        assert _fields(fresh.list()) == _fields(store.list(session=SESSION))
        assert [s.title for s in fresh.sessions()] == [SESSION]
        again = fresh.import_csv(raw)  # importing the same file twice adds nothing
        assert again.imported == 0 and len(again.skipped) == 3
        assert len(fresh.list()) == 3


def test_import_into_the_open_session(store: NoteStore) -> None:
    store.add("Atelier Tielt", "Uit Tielt", "37015", 2)
    raw = store.export_csv("Atelier Tielt")
    target = store.create_session("Atelier 01/12/2026")
    report = store.import_csv(raw, session=target.slug)
    assert report.imported == 1
    assert [n.body for n in store.list(session=target.slug)] == ["Uit Tielt"]
    assert len(store.list(session="Atelier Tielt")) == 1  # the source session is unchanged


def test_import_skips_bad_rows_with_reasons(store: NoteStore) -> None:
    header = store.export_csv(SESSION).decode("utf-8-sig").strip()
    rows = [
        f"{SESSION};Lier;12021;2;;Tafel 3;Goede notitie;;",
        f"{SESSION};Lier;12021;9;;;Facet bestaat niet;;",
        f"{SESSION};;Lier;;;;Geen NIS-code;;",
        f"{SESSION};;;;;;;;",
        f"{SESSION};;;;;;Te veel;;;extra",
        f"{SESSION};;;;;;Raar tijdstip;gisteren;",
    ]
    report = store.import_csv("\r\n".join([header, *rows]).encode("cp1252"))
    assert report.error is None and report.imported == 2
    assert [issue.row for issue in report.skipped] == [3, 4, 5, 6]
    assert all(issue.reason for issue in report.skipped)
    assert [issue.row for issue in report.warnings] == [7]
    assert len(report.messages()) == 1 + 4 + 1
    assert sorted(n.body for n in store.list()) == ["Goede notitie", "Raar tijdstip"]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x81\x8d\x8f\x90\x9d" * 3,  # not UTF-8, not Windows-1252
        b"naam;adres\r\nx;y\r\n",  # not a notes export
    ],
)
def test_unusable_import_file_is_reported_not_raised(store: NoteStore, raw) -> None:
    report = store.import_csv(raw)
    assert report.imported == 0 and report.error
    assert store.list() == []


def test_an_unclosed_quote_skips_its_row_and_not_the_rest(store: NoteStore) -> None:
    # the one table reader (ruraldash.io.tabular), as in the upload: the quote does not eat row 3
    report = store.import_csv('sessie;tekst\r\nS;"begin\r\nS;nooit afgesloten')
    assert report.error is None and report.imported == 1
    assert [issue.row for issue in report.skipped] == [2]
    assert "aanhalingsteken" in report.skipped[0].reason
    assert [n.body for n in store.list()] == ["nooit afgesloten"]


_PG_BOOM = (
    "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.body = 'Rij 2' THEN RAISE EXCEPTION 'schijffout'; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER boom BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION boom()",
)
_SQLITE_BOOM = (
    "CREATE TRIGGER boom BEFORE INSERT ON notes WHEN NEW.body = 'Rij 2' "
    "BEGIN SELECT RAISE(ABORT, 'schijffout'); END",
)


def test_import_is_all_or_nothing(store: NoteStore, db_url) -> None:
    header = store.export_csv(SESSION).decode("utf-8-sig").strip()
    rows = [f"{SESSION};;;;;;Rij {i};;" for i in range(3)]
    _sql(db_url, *(_PG_BOOM if _is_pg(db_url) else _SQLITE_BOOM))
    with pytest.raises((exc.DBAPIError, NoteStoreUnavailable)):  # the third row fails to write
        store.import_csv("\n".join([header, *rows]).encode())
    assert store.list() == []


def test_markdown_export_groups_and_stays_inert(store: NoteStore) -> None:
    store.add(SESSION, "<script>alert(1)</script>", "12021", 3)
    store.add(SESSION, "[klik hier](javascript:alert(1))", "12021", 1, "Tafel <2>")
    store.add(SESSION, "# Geen kop\n> geen citaat", None, None)
    store.add("Andere sessie", "Elders")

    md = store.export_markdown(SESSION, names={"12021": "Lier <b>"})
    assert "<script>" not in md and "&lt;script>alert(1)&lt;/script>" in md
    assert "](javascript" not in md and "<b>" not in md
    assert "Tafel <2>" in md  # not a tag: left as typed
    assert "Elders" not in md
    lines = md.splitlines()
    assert sum(line.startswith("## ") for line in lines) == 2  # general + Lier
    assert sum(line.startswith("### ") for line in lines) == 3  # none; facet 1 and 3 of Lier
    assert not any(line.startswith(("#", ">")) for line in lines if "Geen kop" in line)
    assert md != store.export_markdown(SESSION, lang="en")


def test_csv_for_participants_has_names_labels_and_local_minutes(store: NoteStore) -> None:
    note = store.add(SESSION, "Bus om 7.30 u. - te vroeg", "12021", 4, "Tafel 2")
    raw = store.export_csv(SESSION, names={"12021": "Lier"})
    header, row = csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    cells = dict(zip(header, row, strict=True))
    assert (cells["sessie"], cells["gemeente"], cells["NIS-code"]) == (SESSION, "Lier", "12021")
    assert all(name.islower() or name == "NIS-code" for name in header)  # Dutch, no nis_code
    assert (cells["facet"], cells["facetnaam"]) == ("4", "Economische bedrijvigheid")
    local = datetime.fromisoformat(note.created_at).astimezone(ZoneInfo("Europe/Brussels"))
    assert cells["aangemaakt"] == local.strftime("%Y-%m-%d %H:%M")  # Brussels, to the minute
    assert cells["gewijzigd"] == ""


def test_markdown_reads_as_plain_text(store: NoteStore) -> None:
    sentence = "Bus om 7.30 u. (te vroeg) - ook: zaterdag! Zie www.lier.be, 50% minder."
    store.add(SESSION, sentence, "12021", 4)
    md = store.export_markdown(SESSION, names={"12021": "Lier"})
    assert sentence in md and "\\" not in md
    assert "## Lier (12021)" in md


def test_default_notes_url(monkeypatch) -> None:
    monkeypatch.delenv("RURALDASH_DB_URL", raising=False)
    monkeypatch.setenv("RURALDASH_NOTES_URL", "postgresql+psycopg://db/notes")
    assert default_notes_url() == "postgresql+psycopg://db/notes"  # the older name still works
    monkeypatch.setenv("RURALDASH_DB_URL", "postgresql+psycopg://db/ruraldash")
    assert default_notes_url() == "postgresql+psycopg://db/ruraldash"  # the app-wide name wins
    monkeypatch.delenv("RURALDASH_DB_URL")
    monkeypatch.delenv("RURALDASH_NOTES_URL")
    url = default_notes_url()
    assert url.startswith("sqlite:///") and url.endswith(str(Path("data") / "notes.sqlite"))
    assert Path(url.removeprefix("sqlite:///")).parents[1] == SRC.parent


def test_import_into_a_session_reads_municipality_names_and_needs_no_session_column(
    store: NoteStore,
) -> None:
    target = store.create_session("Atelier Tielt-Winge")
    names = {"lier": "12021", "sint-genesius-rode": "23101"}
    raw = "Gemeente;Facet;Tekst\r\nLier;2;Meer groen\r\nSt.-Genesius-Rode;;Trage wegen\r\nAtlantis;1;Weg\r\n"
    report = store.import_csv(
        raw.encode(), session=target.slug, resolve=lambda text: names.get(_key(text))
    )
    assert report.error is None and report.imported == 2
    assert [(i.row, "Atlantis" in i.reason) for i in report.skipped] == [(4, True)]
    stored = {n.body: (n.nis_code, n.facet, n.session) for n in store.list()}
    assert stored == {
        "Meer groen": ("12021", 2, target.slug),
        "Trage wegen": ("23101", None, target.slug),
    }


def test_an_export_imports_back_into_another_session_with_its_places(store: NoteStore) -> None:
    store.add(SESSION, "Dorpskern versterken", "12021", 3, "Tafel 1")
    other = store.create_session("Atelier Lier, tweede avond")
    report = store.import_csv(
        store.export_csv(SESSION, names={"12021": "Lier"}), session=other.slug
    )
    assert report.error is None and report.imported == 1
    (copied,) = store.list(session=other.slug)
    assert (copied.body, copied.nis_code, copied.facet, copied.group_name) == (
        "Dorpskern versterken",
        "12021",
        3,
        "Tafel 1",
    )


def _key(text: str) -> str:
    """A crude stand-in for the page's tolerant name key (the page uses upload.names)."""
    return text.casefold().replace("st.-", "sint-").strip()
