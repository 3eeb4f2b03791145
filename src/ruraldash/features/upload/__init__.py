"""Load your own indicator: the public face of the upload flow (re-exports; no code of its own).

The flow, one module per step (pure code, no streamlit):

- :mod:`ruraldash.io.tabular` (the one table reader, shared with the Gemeentefonds table and the
  notes import) via :mod:`.read` (:func:`read_table`); :mod:`ruraldash.io.numbers` via
  :mod:`.values` (:func:`parse_values`, :func:`check_values`);
- :mod:`.names`, :mod:`.exonyms` and :mod:`.match`: municipality codes or names
  (:func:`match_municipalities`);
- :mod:`.report`: all of the above in one report (:func:`prepare_layer`); :mod:`.check`: the
  outcome and plain record shared by the page and ``ruraldash upload check`` (:mod:`.command`);
- :mod:`.layers`: the layer (:func:`to_layer`) and the atlas overlay (:func:`overlay`);
- :mod:`.store`: :class:`LayerStore` (SQL), :func:`save_layer`, :func:`load_layers`.

Bad *input* never raises: every problem comes back as a :class:`Message` with a stable ``code`` and a
text from ``locales/upload.toml``. Only building or saving an invalid layer (:func:`to_layer`,
:func:`save_layer`) raises :class:`LayerError`, which carries the same kind of messages. Texts quote
user data as-is (control characters removed, long values shortened): escape them when rendering.
"""

from __future__ import annotations

from ruraldash.features.upload.base import (
    BORDER_SETS,
    ERROR,
    INFO,
    LIMITS,
    MERGE_RULES,
    POLARITIES,
    WARNING,
    LayerError,
    Limits,
    Message,
    clean_text,
)
from ruraldash.features.upload.layers import (
    SAFE_ID,
    UserLayer,
    check_layer_input,
    overlay,
    to_layer,
)
from ruraldash.features.upload.match import MatchResult, Unmatched, match_municipalities
from ruraldash.features.upload.names import as_code, normalise_name
from ruraldash.features.upload.read import ReadResult, read_table
from ruraldash.features.upload.report import UploadReport, prepare_layer
from ruraldash.features.upload.store import (
    LAYER_FORMAT,
    LayerList,
    LayerStore,
    load_layers,
    save_layer,
)
from ruraldash.features.upload.values import CellIssue, ParsedValues, check_values, parse_values

__all__ = [
    "BORDER_SETS",
    "ERROR",
    "INFO",
    "LAYER_FORMAT",
    "LIMITS",
    "MERGE_RULES",
    "POLARITIES",
    "SAFE_ID",
    "WARNING",
    "CellIssue",
    "LayerError",
    "LayerList",
    "LayerStore",
    "Limits",
    "MatchResult",
    "Message",
    "ParsedValues",
    "ReadResult",
    "UploadReport",
    "Unmatched",
    "UserLayer",
    "as_code",
    "check_layer_input",
    "check_values",
    "clean_text",
    "load_layers",
    "match_municipalities",
    "normalise_name",
    "overlay",
    "parse_values",
    "prepare_layer",
    "read_table",
    "save_layer",
    "to_layer",
]
