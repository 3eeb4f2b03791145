"""Accent-insensitive search, the same on every backend: :func:`fold_text` in Python and
:class:`folded` in SQL fold 'Érezée' to 'erezee' with one character map."""

from __future__ import annotations

import unicodedata

from sqlalchemy import literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement, func
from sqlalchemy.types import Text

_EXTRA = {"Ø": "o", "ø": "o", "Đ": "d", "đ": "d", "Ł": "l", "ł": "l", "ı": "i"}


def _fold_table() -> dict[str, str]:
    table = {chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            ch for ch in unicodedata.normalize("NFKD", char) if not unicodedata.combining(ch)
        )
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[char] = base.lower()
    return table | _EXTRA


FOLD = _fold_table()
_FOLD_FROM, _FOLD_TO = "".join(FOLD), "".join(FOLD.values())
_TRANSLATE = str.maketrans(FOLD)


def fold_text(value: str) -> str:
    """Lower-case ASCII and Latin letters without their accents: 'Érezée' -> 'erezee'.

    The same character map as :class:`folded` in SQL, so Python and both backends agree.
    """
    return value.translate(_TRANSLATE)


def _fold_or_none(value: object) -> str | None:
    return None if value is None else fold_text(str(value))


class folded(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """SQL ``folded(column)``: :func:`fold_text` on the database side.

    SQLite: the Python function ``rd_fold`` registered on every connection by :func:`ruraldash.data.sqlstore.make_engine`;
    PostgreSQL (and others): ``translate(column, <accented>, <plain>)``, no extension needed.
    """

    type = Text()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_default(element: folded, compiler, **kw) -> str:
    (arg,) = element.clauses
    return compiler.process(func.translate(arg, literal(_FOLD_FROM), literal(_FOLD_TO)), **kw)


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler, **kw) -> str:
    (arg,) = element.clauses
    return compiler.process(func.rd_fold(arg), **kw)
