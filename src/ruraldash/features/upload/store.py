"""Saved user layers: one JSON file per layer, written atomically, damaged files skipped on reading."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

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


def save_layer(layer: UserLayer, folder: Path, lang: str = "nl") -> Path:
    """Write ``<folder>/<id>.json`` atomically (temp file + os.replace).

    An invalid layer raises :class:`LayerError` before anything is written, so a saved good
    layer is never overwritten by a bad one.
    """
    if problems := _layer_problems(layer, lang):
        raise LayerError(problems)
    values = {code: (None if pd.isna(v) else float(v)) for code, v in layer.values.items()}
    payload = {"format": LAYER_FORMAT, "version": 1, **{k: getattr(layer, k) for k in _META}}
    text = json.dumps(payload | {"values": values}, ensure_ascii=False, indent=1, allow_nan=False)
    folder = Path(folder)
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


def load_layers(folder: Path, lang: str = "nl") -> LayerList:
    """Read every saved layer in ``folder``; damaged files are skipped with a message, never raised."""
    layers = LayerList()
    folder = Path(folder)
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
    if not all(isinstance(getattr(layer, k), str) for k in ("filename", "created")):
        raise ValueError("bad metadata")
    return layer
