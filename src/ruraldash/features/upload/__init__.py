"""Load your own indicator: the public face of the upload flow (re-exports; no code of its own).

The flow, one module per step (pure domain code, no streamlit):

- :mod:`ruraldash.upload_base`: limits, messages, text cleaning;
- :mod:`ruraldash.upload_read`: bytes -> table of text cells (:func:`read_table`), with
  :mod:`ruraldash.upload_xlsx` for Excel files;
- :mod:`ruraldash.upload_values`: numbers as people type them (:func:`parse_values`,
  :func:`check_values`);
- :mod:`ruraldash.upload_names` and :mod:`ruraldash.upload_match`: municipality codes or names
  (:func:`match_municipalities`);
- :mod:`ruraldash.upload_report`: all of the above in one report (:func:`prepare_layer`);
- :mod:`ruraldash.userlayers`: the layer (:func:`to_layer`) and the atlas overlay (:func:`overlay`);
- :mod:`ruraldash.userlayer_store`: :class:`LayerStore` (SQL), :func:`save_layer`, :func:`load_layers`.

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
