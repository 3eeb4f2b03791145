"""Saved own layers in the SQL store: on SQLite and on a real PostgreSQL server (``postgres``).

What a user notices: a layer saved on one app process is listed on every other one, a damaged or
invalid layer never replaces a good one, layer files of earlier versions come along once, and a
database that cannot be reached gives a Dutch message instead of a crash.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from ruraldash.features.notes import NoteStore
from ruraldash.features.notes.model import _PG_MIGRATION_LOCK
from ruraldash.features.upload import LayerError, LayerStore, load_layers, save_layer
from ruraldash.features.upload.store import _PG_LAYERS_LOCK
from tests.test_userlayers import OLD_VALUES, layer


@pytest.fixture
def layers(db_url):
    with LayerStore(db_url) as opened:
        yield opened


def _sql(url, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_a_layer_saved_through_one_store_is_listed_by_another(layers: LayerStore, db_url) -> None:
    mine = replace(layer(OLD_VALUES | {"46013": math.nan}, label="<b>Jobs</b> & co"), year="2023")
    assert save_layer(mine, layers) == mine.id
    with LayerStore(db_url) as other:  # another app process on the same database
        assert other.ids() == {mine.id}
        (loaded,) = load_layers(other)
    assert (loaded.label, loaded.facet, loaded.border_set) == ("<b>Jobs</b> & co", 4, "2019")
    assert loaded.year == "2023"  # the reference year the user gave survives the save
    assert loaded.values["11001"] == 1.5 and math.isnan(loaded.values["46013"])
    assert loaded.values.to_dict().keys() == mine.values.to_dict().keys()


def test_saving_again_replaces_and_an_invalid_layer_changes_nothing(layers: LayerStore) -> None:
    good = layer(OLD_VALUES)
    layers.save(good)
    layers.save(good)  # the same layer twice: one row
    with pytest.raises(LayerError) as err:
        layers.save(replace(good, label="  ", values=pd.Series({"lier": 1.0})))
    assert err.value.messages and not err.value.messages[0].text.startswith("upload_")
    (kept,) = layers.load()
    assert kept.label == "Jobs" and kept.values["11001"] == 1.5


def test_a_damaged_row_is_skipped_with_a_message(layers: LayerStore, db_url) -> None:
    layers.save(layer(OLD_VALUES))
    _sql(db_url, "INSERT INTO user_layers (id, label, document, saved_at) "
                 "VALUES ('eigen-kapot-00000000', 'Kapot', '{\"format\": 1', '2026-12-01')")  # fmt: skip
    loaded = layers.load()
    assert [la.label for la in loaded] == ["Jobs"]
    assert [m.code for m in loaded.messages] == ["saved_layer_corrupt"]
    assert "eigen-kapot" in loaded.messages[0].text


def test_layer_files_of_an_earlier_version_are_imported_once(layers: LayerStore, tmp_path) -> None:
    folder = tmp_path / "user_layers"
    save_layer(layer(OLD_VALUES), folder)
    save_layer(layer({"44021": 2.0}, id="eigen-saldo-00000000", label="Saldo"), folder)
    (folder / "eigen-kapot-00000000.json").write_text(json.dumps({"format": "iets anders"}))
    assert layers.import_folder(folder) == 2
    assert layers.import_folder(folder) == 0  # again: nothing new, nothing doubled
    assert sorted(la.label for la in layers.load()) == ["Jobs", "Saldo"]
    assert len(list(folder.glob("*.json"))) == 3  # the files stay where they are


def test_layers_and_notes_share_one_database(db_url) -> None:
    with NoteStore(db_url) as notes, LayerStore(db_url) as layers:
        notes.add("Atelier", "Eerst een notitie")
        layers.save(layer(OLD_VALUES))
    with LayerStore(db_url) as layers, NoteStore(db_url) as notes:  # reopened: no migration clash
        assert [la.label for la in layers.load()] == ["Jobs"]
        assert [n.body for n in notes.list()] == ["Eerst een notitie"]


def test_an_unreachable_database_gives_a_dutch_message(tmp_path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(LayerError) as err:
        LayerStore(f"sqlite:///{blocker / 'sub' / 'ruraldash.sqlite'}")
    assert err.value.codes == ["layers_unavailable"]
    assert "databank" in err.value.messages[0].text


@pytest.mark.postgres
def test_a_postgres_server_that_is_gone_gives_a_dutch_message(pg_cluster) -> None:
    from tests.dbserver import free_port

    with pytest.raises(LayerError) as err:
        LayerStore(pg_cluster.url().set(port=free_port()))
    assert err.value.codes == ["layers_unavailable"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("opener", "key"), [(LayerStore, _PG_LAYERS_LOCK), (NoteStore, _PG_MIGRATION_LOCK)]
)
def test_a_migration_waits_for_the_one_already_running(pg_url, opener, key) -> None:
    """App processes that start at once on an empty database upgrade it one after the other."""
    holder = create_engine(pg_url).connect()  # another process is migrating right now
    holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
    opened: list[object] = []
    starting = threading.Thread(target=lambda: opened.append(opener(pg_url)), daemon=True)
    starting.start()
    try:
        starting.join(1.0)
        assert starting.is_alive() and not opened  # waiting for the lock, not racing
    finally:
        holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        holder.close()
        holder.engine.dispose()
    starting.join(30)
    assert len(opened) == 1
    opened[0].close()
