"""
Cell values: what a model value becomes in a cell, and what a cell becomes in JSON.

Reading is lenient where a person would expect it (``2018`` typed as a number in a
date column, ``yes`` in a yes/no column, a label instead of a code), and never
guesses otherwise: a cell it cannot convert is passed on as it is, so validation
reports it with the same code and hint as ``innovscale validate``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import math
import re
from typing import TYPE_CHECKING, Any

from innovscale import _json
from innovscale.exceptions import InvalidDocument
from innovscale.sheets._layout import Column, Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from innovscale.vocab import Vocabulary

__all__ = [
    "CellError",
    "from_cell",
    "reader",
    "split_list",
    "to_cell",
    "xml_escape",
    "xml_unescape",
]

#: Characters an XML 1.0 document cannot hold (and CR, which XML turns into LF):
#: a workbook writes them as ``_xHHHH_``, as Excel does.
_XML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
_XML_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")

#: The characters that make a spreadsheet read text as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
#: Integers a spreadsheet number (a double) holds exactly.
_EXACT = 2**53


class CellError(ValueError):
    """A cell that cannot be read, with what is wrong and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def xml_escape(text: str) -> str:
    """``text`` with the characters a workbook cannot hold written as ``_xHHHH_``."""
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def xml_unescape(text: str) -> str:
    """The inverse of :func:`xml_escape` (and of Excel's own escapes)."""
    if "_x" not in text:
        return text
    return _XML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _code(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def to_cell(column: Column, value: Any) -> Any:  # noqa: PLR0911 - one return per kind of cell
    """
    The cell value of a model value: text, a number, a boolean, or ``None``.

    Lists of codes and identifiers are joined with ``"; "``; dates and codes are text;
    an integer a spreadsheet number cannot hold exactly is text; extensions are JSON.
    """
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.CODES or kind is Kind.IDS:
        return "; ".join(_code(v) for v in value) if value else None
    if kind is Kind.OBJECT:
        return json.dumps(value, ensure_ascii=False) if value else None
    if kind is Kind.CODE or kind is Kind.DATE:
        return _code(value)
    if kind in (Kind.INTEGER, Kind.NUMBER) and isinstance(value, int) and abs(value) > _EXACT:
        return str(value)
    if kind is Kind.NUMBER and isinstance(value, float) and float(f"{value:.16g}") != value:
        # Workbooks keep 16 significant digits (openpyxl writes "%.16g"): the few floats
        # that need 17 are written as text, which reading turns back into the number.
        return repr(value)
    return value


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell, stripped, blanks left out."""
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < _EXACT else repr(value)


@functools.cache
def _codes(vocabulary: type[Vocabulary]) -> frozenset[str]:
    return frozenset(vocabulary.codes())


def _vocabulary_code(column: Column, text: str) -> str:
    """``text`` as a code: the code itself, or the label of one (any case)."""
    text = text.strip()
    vocabulary = column.vocabulary
    if vocabulary is None or text in _codes(vocabulary):
        return text
    folded = text.casefold()
    for member in vocabulary:
        if member.label.casefold() == folded:
            return str(member.value)
    return text


@functools.cache
def reader(column: Column) -> Callable[[Any], Any]:
    """
    :func:`from_cell` for one column, with the common case first: a cell that holds
    what the column takes already (text in a text column, a code in a coded one, an
    integer in an integer column) is taken as it is, without the checks.
    """
    kind = column.kind

    def slow(value: Any) -> Any:
        return from_cell(column, value)

    if kind is Kind.TEXT or kind is Kind.KEY:
        return lambda value: value if type(value) is str else slow(value)
    if kind is Kind.CODE and column.vocabulary is not None:
        codes = _codes(column.vocabulary)
        return lambda value: value if type(value) is str and value in codes else slow(value)
    if kind is Kind.INTEGER:
        return lambda value: value if type(value) is int else slow(value)
    if kind is Kind.NUMBER:
        finite = math.isfinite
        return lambda value: (
            value if type(value) is int or (type(value) is float and finite(value)) else slow(value)
        )
    if kind is Kind.BOOLEAN:
        return lambda value: value if type(value) is bool else slow(value)
    return slow


def from_cell(column: Column, value: Any) -> Any:  # noqa: C901, PLR0911, PLR0912 - one branch per kind of column and cell
    """
    The JSON value of a non-blank cell of ``column``.

    Raises:
        CellError: Extensions that are not JSON.
    """
    kind = column.kind
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if kind is Kind.TEXT or kind is Kind.KEY:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return _number_text(value)
        return str(value) if isinstance(value, int) else value
    if kind is Kind.DATE:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number_text(float(value))
        return value.strip() if isinstance(value, str) else value
    if kind is Kind.CODE:
        return _vocabulary_code(column, value) if isinstance(value, str) else value
    if kind is Kind.CODES or kind is Kind.IDS:
        text = value if isinstance(value, str) else str(value)
        items = split_list(text)
        return [_vocabulary_code(column, i) for i in items] if kind is Kind.CODES else items
    if kind is Kind.BOOLEAN:
        if isinstance(value, (bool, str)) and str(value).strip().lower() in _TRUE | _FALSE:
            return value if isinstance(value, bool) else value.strip().lower() in _TRUE
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        return value
    if kind is Kind.INTEGER:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER.match(value.strip()):
            return int(value.strip())
        return value
    if kind is Kind.NUMBER:
        if isinstance(value, str) and _NUMBER.match(value.strip()):
            text = value.strip()
            return int(text) if _INTEGER.match(text) else float(text)
        return value
    # Kind.OBJECT: extensions, as JSON text
    if not isinstance(value, str):
        return value
    try:
        return _json.parse(value)
    except InvalidDocument as exc:
        first = exc.report.issues[0]
        msg = f"the extensions are not JSON: {first.message}"
        raise CellError(msg, 'Write them as a JSON object, e.g. {"acme:priority": 2}.') from exc
