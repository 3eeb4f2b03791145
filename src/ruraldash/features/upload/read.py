"""Uploaded bytes to a table of text cells, through the one reader :func:`ruraldash.io.tabular.read_tabular`.

Part of the upload flow (see :mod:`ruraldash.features.upload`); never raises on bad input. The
reader's problems become :class:`Message` objects with the same codes (texts ``tab_<code>``).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ruraldash.features.upload.base import LIMITS, Limits, Message, ReadResult
from ruraldash.io.numbers import decimal_mark, numeric_core
from ruraldash.io.tabular import Problem, TableLimits, read_tabular


def read_table(
    raw: bytes,
    filename: str,
    lang: str = "nl",
    limits: Limits = LIMITS,
    sheet: str | None = None,
    separator: str | None = None,
) -> ReadResult:
    """Read an uploaded CSV or XLSX into a frame of text cells; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        The uploaded file.
    filename : str
        Its name (only the extension is used, as a hint next to the magic bytes).
    lang : {"nl", "en"}
        Language of the messages.
    limits : Limits
        Size, row and column bounds.
    sheet : str, optional
        The XLSX sheet; by default the sheet with the most data.
    separator : str, optional
        The CSV separator chosen by the user; by default it is guessed.

    Returns
    -------
    ReadResult
        ``frame`` is None when an error message explains why nothing could be read; ``table``
        keeps every record with its line number and the rows that were set aside.
    """
    bounds = TableLimits(limits.max_bytes, limits.max_rows, limits.max_columns)
    table = read_tabular(raw, filename, sheet, bounds, separator=separator)
    res = ReadResult(frame=None, table=table)
    res.encoding, res.separator = table.encoding, table.separator
    res.header_row = table.header_line
    res.messages = [problem_message(p, lang) for p in table.problems]
    if table.ok:
        index = pd.Index([n for n, _ in table.rows], name="rij")
        frame = pd.DataFrame([cells for _, cells in table.rows], columns=table.header, index=index)
        res.frame = frame.astype(str)
        res.decimal = _file_decimal(res.frame, "," if table.separator in (";", "\t") else ".")
    return res


def problem_message(problem: Problem, lang: str) -> Message:
    """A reader :class:`~ruraldash.io.tabular.Problem` as an upload :class:`Message`."""
    return Message(problem.level, problem.code, problem.text(lang), None, problem.rows)


def _file_decimal(frame: pd.DataFrame, default: str) -> str:
    cells = frame.to_numpy().ravel()[:20_000]
    marks = Counter(decimal_mark(numeric_core(str(c)).digits) for c in cells)
    if marks[","] != marks["."]:
        return "," if marks[","] > marks["."] else "."
    return default
