"""Saved user layers: rows of the app's SQL store (shared by every app process), or JSON files.

:class:`LayerStore` keeps them in the table ``user_layers`` of the database the notes use
(:func:`ruraldash.data.sqlstore.default_db_url`: SQLite by default, PostgreSQL behind a load
balancer), one row per layer holding the same JSON document a file holds. :func:`save_layer` and
:func:`load_layers` take a store or a folder (one ``<id>.json`` per layer, written atomically, the
format of earlier versions; :meth:`LayerStore.import_folder` brings such a folder into the store).
Damaged rows or files are skipped with a message on reading, never raised.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pandas as pd
from sqlalchemy import (
    URL,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    exc,
    func,
    insert,
    inspect,
    select,
)

from ruraldash.data.sqlstore import SqlStore, default_db_url
from ruraldash.features.upload.base import (
    BORDER_SETS,
    ERROR,
    WARNING,
    LayerError,
    Message,
    clean_text,
    make_message,
    shorten,
)
from ruraldash.features.upload.layers import SAFE_ID, UserLayer, check_layer_input
from ruraldash.features.upload.names import as_code

T = TypeVar("T")
LAYER_FORMAT = "ruraldash-user-layer"
_META = (
    "id",
    "label",
    "unit",
    "polarity",
    "facet",
    "border_set",
    "source_note",
    "filename",
    "created",
    "year",  # the reference year the user gave (absent in layers saved before it was asked: "")
)


def _layer_problems(layer: UserLayer, lang: str = "nl") -> list[Message]:
    problems = check_layer_input(layer.label, layer.unit, layer.polarity, layer.facet, lang)
    values = layer.values
    sound = (
        isinstance(layer.id, str)
        and SAFE_ID.fullmatch(layer.id) is not None
        and layer.border_set in BORDER_SETS
        and isinstance(values, pd.Series)
        and isinstance(layer.source_note, str)
        and layer.label == clean_text(str(layer.label))
        and all(isinstance(c, str) and as_code(c) == c for c in values.index)
        and values.index.is_unique
        and pd.api.types.is_float_dtype(values)
        and not values.isin([math.inf, -math.inf]).any()
    )
    return problems if sound else [*problems, make_message(ERROR, "layer_invalid", lang)]


def _layer_json(layer: UserLayer, lang: str) -> str:
    """The layer as a JSON document; raises :class:`LayerError` for an invalid layer."""
    if problems := _layer_problems(layer, lang):
        raise LayerError(problems)
    values = {code: (None if pd.isna(v) else float(v)) for code, v in layer.values.items()}
    payload = {"format": LAYER_FORMAT, "version": 1, **{k: getattr(layer, k) for k in _META}}
    return json.dumps(payload | {"values": values}, ensure_ascii=False, indent=1, allow_nan=False)


def save_layer(layer: UserLayer, where: LayerStore | Path, lang: str = "nl") -> Path | str:
    """Save a layer in a :class:`LayerStore` (returns its id) or as ``<folder>/<id>.json``.

    An invalid layer raises :class:`LayerError` before anything is written, so a saved good
    layer is never overwritten by a bad one; so does a store or folder that cannot be written.
    """
    if isinstance(where, LayerStore):
        return where.save(layer, lang)
    return _save_file(layer, Path(where), lang)


def _save_file(layer: UserLayer, folder: Path, lang: str) -> Path:
    """Write ``<folder>/<id>.json`` atomically (temp file + os.replace)."""
    text = _layer_json(layer, lang)
    target = folder / f"{layer.id}.json"
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise LayerError([make_message(ERROR, "save_failed", lang)]) from exc
    return target


class LayerList(list):
    """A list of :class:`UserLayer` with the ``messages`` about files that were skipped."""

    def __init__(self, layers: Iterable[UserLayer] = (), messages: Iterable[Message] = ()) -> None:
        super().__init__(layers)
        self.messages = list(messages)


def load_layers(where: LayerStore | Path, lang: str = "nl") -> LayerList:
    """Every saved layer in a store or folder; damaged ones are skipped with a message, never raised."""
    if isinstance(where, LayerStore):
        return where.load(lang)
    layers = LayerList()
    folder = Path(where)
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in paths:
        try:
            layer = _layer_from_json(json.loads(path.read_text(encoding="utf-8")))
            ok = layer.id == path.stem and not _layer_problems(layer, lang)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            ok = False
        if ok:
            layers.append(layer)
        else:
            layers.messages.append(
                make_message(WARNING, "saved_layer_corrupt", lang, file=shorten(path.name))
            )
    return layers


def _layer_from_json(data: dict) -> UserLayer:
    if data.get("format") != LAYER_FORMAT:
        raise ValueError("not a user layer")
    raw = data["values"]
    if not isinstance(raw, dict) or any(
        isinstance(v, bool) or not isinstance(v, int | float | None) for v in raw.values()
    ):
        raise ValueError("values must be numbers or null")
    values = pd.Series(
        {str(k): math.nan if v is None else float(v) for k, v in raw.items()},
        dtype="float64",
        name="value",
    )
    layer = UserLayer(**{k: data.get(k, "") for k in _META}, values=values.rename_axis("nis_code"))
    if not all(isinstance(getattr(layer, k), str) for k in ("filename", "created", "year")):
        raise ValueError("bad metadata")
    return layer


# --- the SQL store ----------------------------------------------------------------------------

_PG_LAYERS_LOCK = 7_142_027  # advisory lock key of the layers' migrations (notes use 7_142_026)
_META_DB = MetaData()
LAYERS = Table(
    "user_layers",
    _META_DB,
    Column("id", Text, primary_key=True),
    Column("label", Text, nullable=False),
    Column("document", Text, nullable=False),  # the JSON a layer file holds
    Column("saved_at", Text, nullable=False),
)
LAYERS_VERSION = Table("user_layers_version", _META_DB, Column("version", Integer, nullable=False))


def _v1_layers_table(conn: Connection) -> None:
    """Layers schema v1: one row per layer, frozen here (later versions change it in their own step)."""
    meta = MetaData()
    Table(
        "user_layers",
        meta,
        Column("id", Text, primary_key=True),
        Column("label", Text, nullable=False),
        Column("document", Text, nullable=False),
        Column("saved_at", Text, nullable=False),
    )
    Table("user_layers_version", meta, Column("version", Integer, nullable=False))
    meta.create_all(conn)


LAYER_MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = ((1, _v1_layers_table),)
LAYERS_SCHEMA_VERSION = LAYER_MIGRATIONS[-1][0]


def _layers_version(conn: Connection) -> int:
    if not inspect(conn).has_table("user_layers_version"):
        return 0
    return int(conn.execute(select(func.max(LAYERS_VERSION.c.version))).scalar() or 0)


class LayerStore(SqlStore):
    """Saved own layers in the app's database, shared by every app process on it.

    Parameters
    ----------
    url : str or URL, optional
        A SQLAlchemy URL; default :func:`ruraldash.data.sqlstore.default_db_url`.

    Raises
    ------
    LayerError
        ``layers_unavailable`` when the database cannot be opened or upgraded.
    """

    lock_key = _PG_LAYERS_LOCK
    migrations = LAYER_MIGRATIONS
    version_table = LAYERS_VERSION

    def __init__(self, url: str | URL | None = None, *, lang: str = "nl") -> None:
        self._lang = lang
        super().__init__(url or default_db_url())

    def _version(self, conn: Connection) -> int:
        return _layers_version(conn)

    def _failed(
        self, err: exc.DBAPIError, code: str = "layers_unavailable", lang: str = ""
    ) -> LayerError:
        return LayerError([make_message(ERROR, code, lang or self._lang)])

    def _cannot_open(self, err: OSError) -> LayerError:
        return LayerError([make_message(ERROR, "layers_unavailable", self._lang)])

    def __enter__(self) -> LayerStore:
        return self

    def _read(self, fn: Callable[[Connection], T], lang: str) -> T:
        return self._run_read(fn, lambda err: self._failed(err, "layers_unavailable", lang))

    def _write(self, code: str, lang: str):
        return self._transaction(lambda err: self._failed(err, code, lang))

    def save(self, layer: UserLayer, lang: str = "nl") -> str:
        """Save (or replace) a layer in one transaction; its id. Raises :class:`LayerError`."""
        document = _layer_json(layer, lang)
        row = {"id": layer.id, "label": layer.label, "document": document}
        row["saved_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        with self._write("save_failed", lang) as conn:
            conn.execute(delete(LAYERS).where(LAYERS.c.id == layer.id))
            conn.execute(insert(LAYERS).values(**row))
        return layer.id

    def ids(self, lang: str = "nl") -> set[str]:
        """The ids of the saved layers."""
        return self._read(lambda c: set(c.execute(select(LAYERS.c.id)).scalars()), lang)

    def load(self, lang: str = "nl") -> LayerList:
        """Every saved layer, by id; damaged rows are skipped with a message."""
        query = select(LAYERS.c.id, LAYERS.c.document).order_by(LAYERS.c.id)
        try:
            rows = self._read(lambda c: c.execute(query).all(), lang)
        except LayerError as err:
            return LayerList(messages=err.messages)
        layers = LayerList()
        for layer_id, document in rows:
            try:
                layer = _layer_from_json(json.loads(document))
                ok = layer.id == layer_id and not _layer_problems(layer, lang)
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
                ok = False
            if ok:
                layers.append(layer)
            else:
                layers.messages.append(
                    make_message(WARNING, "saved_layer_corrupt", lang, file=shorten(layer_id))
                )
        return layers

    def import_folder(self, folder: Path, lang: str = "nl") -> int:
        """Bring the layer files of an earlier version into the store (once: known ids are kept).

        Returns the number of layers imported; damaged files are left where they are.
        """
        known = self.ids(lang)
        fresh = [layer for layer in load_layers(Path(folder), lang) if layer.id not in known]
        for layer in fresh:
            self.save(layer, lang)
        return len(fresh)
