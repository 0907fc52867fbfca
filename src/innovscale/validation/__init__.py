"""
Validation: three tiers, one report.

1. **parse** — the text is strict JSON: UTF-8, no duplicate keys, no ``NaN``,
   not nested absurdly deep (``innovscale._json``); a byte-order mark is a warning.
2. **schema** — the value fits the model. Structuring with cattrs is the fast
   path; when it fails, the ``jsonschema`` reference validator explains every
   problem, mapped to the model's codes.
3. **integrity** — what JSON Schema cannot say: references resolve to records of
   the right type, ids are unique, adaptations name elements of the adopted
   innovation, licence chains have no cycles, dates do not precede origins.

Every problem is an :class:`~innovscale.Issue` in one
:class:`~innovscale.ValidationReport`; :func:`catalogue` documents every code.

>>> from innovscale.validation import validate
>>> report = validate('{"schema_version": "2.0", "id": "demo", "title": "Demo", "nmae": 1}')
>>> [(i.code, i.json_path, i.line, i.column) for i in report.issues]
[('value.unknown_field', '$.nmae', 1, 58)]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innovscale import _json
from innovscale._codes import define
from innovscale.exceptions import InvalidDocument
from innovscale.model import EvidenceBase
from innovscale.report import Issue, ValidationReport
from innovscale.serialization import converter
from innovscale.validation._catalogue import TIERS, CatalogueEntry, catalogue
from innovscale.validation._pipeline import (
    looks_like_jsonl,
    split_lines,
    validate_and_structure,
    validate_data,
    validate_jsonl,
    validate_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MAX_DOCUMENT_SIZE",
    "TIERS",
    "CatalogueEntry",
    "catalogue",
    "is_valid",
    "load_valid",
    "validate",
    "validate_path",
]


PARSE_TOO_LARGE = define(
    "parse.too_large",
    tier="parse",
    title="Document too large",
    explanation=(
        "A JSON document is larger than the size limit (1 GiB unless set with `--max-size` or "
        "`validate_path(max_size=...)`), so it is refused without being read: a document is read "
        "whole, and parsing needs a few times its size in memory. JSON Lines files are read line "
        "by line and have no limit."
    ),
    example="innovscale validate --max-size 1M big.json",
    fix="Split the base, write it as JSON Lines, or raise the limit.",
)
PARSE_UNREADABLE = define(
    "parse.unreadable",
    tier="parse",
    title="Cannot be read",
    explanation=(
        "An input named on the command line does not exist, matches nothing, or cannot be read "
        "(permissions). It is listed in the report as invalid, and `innovscale validate` exits "
        "with status 2."
    ),
    example="innovscale validate missing.json",
    fix="Check the path and its permissions.",
)


#: The largest JSON document :func:`validate_path` reads by default (1 GiB). A document
#: is read whole, and parsing takes a few times its size in memory; JSON Lines files
#: are read line by line and have no limit.
MAX_DOCUMENT_SIZE = 1 << 30
#: How much of a document is read first, to refuse what is not JSON without reading it all.
_SNIFF = 1 << 16
_JSON_STARTS = frozenset(b'{["-0123456789tfnNI')


def validate_path(
    path: str | os.PathLike[str],
    *,
    jsonl: bool | None = None,
    progress: Callable[[int], None] | None = None,
    max_size: int | None = MAX_DOCUMENT_SIZE,
) -> ValidationReport:
    """
    Validate a file: JSON, or JSON Lines when its name ends in ``.jsonl``; or a base
    folder (a folder with ``evidence-base.json``), as one evidence base in many files
    (see :mod:`innovscale.folder`).

    JSON Lines files are read line by line, so memory stays flat however large
    the file is. A JSON document is read whole, so one larger than ``max_size``
    bytes is refused (``parse.too_large``) without being read, and one whose first
    character cannot start JSON is refused after reading its first 64 KiB.

    Args:
        path: The file (a ``str`` is a path here).
        jsonl: Force (``True``) or refuse (``False``) JSON Lines; by default the
            suffix decides.
        progress: Called with the number of lines read, every 10,000 lines of a
            JSON Lines file.
        max_size: The largest document to read, in bytes (:data:`MAX_DOCUMENT_SIZE`
            by default); ``None`` for no limit.

    Raises:
        OSError: The file cannot be read.

    .. versionadded:: 0.1.0
    """
    path = Path(path)
    if path.is_dir():
        from innovscale import folder  # noqa: PLC0415

        if not folder.is_base_folder(path):
            raise IsADirectoryError(
                f"{path} is a folder without {folder.HEADER}: not one evidence base "
                "(innovscale validate DIR checks each file in it)"
            )
        return folder.validate(path)
    source = str(path)
    if jsonl is None:
        jsonl = path.suffix == ".jsonl"
    if jsonl:
        with path.open("rb") as handle:
            return validate_jsonl(handle, source=source, progress=progress)
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if max_size is not None and size > max_size:
            return ValidationReport(issues=(_too_large(source, size, max_size),), sources=(source,))
        head = handle.read(_SNIFF)
        start = _json.without_bom(head.lstrip(b" \t\r\n")).lstrip(b" \t\r\n")
        if start and start[0] < 0x80 and start[0] not in _JSON_STARTS and len(head) == _SNIFF:
            # Not JSON, whatever follows: the parse of the start says so, at the same place.
            return validate_text(head[: len(head) - len(start) + 1], source=source)
        if handle.seekable():
            # Read again from the start rather than join the pieces (a copy of it all).
            handle.seek(0)
            data = handle.read()
        else:  # a pipe
            data = head + handle.read()
    return validate_text(data, source=source)


def _too_large(source: str, size: int, limit: int) -> Issue:
    return PARSE_TOO_LARGE.issue(
        message=f"the file is {_bytes(size)}, more than the limit of {_bytes(limit)}",
        hint="Split it, or write it as JSON Lines (read line by line, with no limit); "
        "or raise the limit (innovscale validate --max-size, validate_path(max_size=...)).",
        source=source,
    )


def _bytes(size: int) -> str:
    if size < 1024:
        return f"{size:,} bytes"
    amount = float(size)
    for unit in ("KiB", "MiB", "GiB"):
        amount /= 1024
        if amount < 1024 or unit == "GiB":
            break
    return f"{amount:.1f} {unit}"


def validate(
    data: Any,
    *,
    source: str | None = None,
    jsonl: bool | None = None,
) -> ValidationReport:
    """
    Validate an evidence base through every tier and return the report.

    ``data`` may be:

    * JSON text (``str``) or UTF-8 bytes — a document, or JSON Lines (detected
      from the first line unless ``jsonl`` says);
    * a path (:class:`os.PathLike`, e.g. :class:`pathlib.Path`) — see :func:`validate_path`;
    * already-parsed JSON data (``dict``, as from :func:`json.load`);
    * an :class:`~innovscale.EvidenceBase` — only the integrity tier has work left.

    Issues from text carry line and column; ``source`` names the input in them.

    Raises:
        OSError: ``data`` is a path that cannot be read.

    .. versionadded:: 0.1.0
    """
    if isinstance(data, os.PathLike):
        report = validate_path(data, jsonl=jsonl)
        return report if source is None else _rename(report, source)
    if isinstance(data, (str, bytes)):
        if jsonl is None:
            jsonl = looks_like_jsonl(data)
        if jsonl:
            return validate_jsonl(split_lines(data), source=source)
        return validate_text(data, source=source)
    return validate_data(data, source=source)


def _rename(report: ValidationReport, source: str) -> ValidationReport:
    import attrs  # noqa: PLC0415

    issues = tuple(attrs.evolve(i, source=source) for i in report.issues)
    return ValidationReport(issues=issues, sources=(source,))


def is_valid(data: Any, *, strict: bool = False, jsonl: bool | None = None) -> bool:
    """
    Whether ``data`` is a valid evidence base.

    Args:
        data: What to validate, as for :func:`validate`.
        strict: Count warnings as failures too.
        jsonl: Whether text is JSON Lines, as for :func:`validate`.

    .. versionadded:: 0.1.0
    """
    report = validate(data, jsonl=jsonl)
    return report.valid and not (strict and report.warnings)


def load_valid(data: Any, *, source: str | None = None, jsonl: bool | None = None) -> EvidenceBase:
    """
    Load an evidence base and check it through every tier, integrity included.

    Unlike :func:`innovscale.load`, which checks parse and schema only, this
    refuses a base with dangling references or duplicate ids.

    Raises:
        InvalidDocument: The data has at least one error; ``.report`` holds every issue.
        OSError: ``data`` is a path that cannot be read.

    .. versionadded:: 0.1.0
    """
    text = isinstance(data, (str, bytes))
    if text and not (jsonl or (jsonl is None and looks_like_jsonl(data))):
        return _load_valid_document(data, source)
    report = validate(data, source=source, jsonl=jsonl)
    if not report.valid:
        raise InvalidDocument(report)
    if isinstance(data, EvidenceBase):
        return data
    if isinstance(data, os.PathLike):
        return _load_path(Path(data), jsonl)
    if text:  # JSON Lines
        return _from_jsonl(data, source)
    base: EvidenceBase = converter.structure_checked(data, EvidenceBase, source=source)
    return base


def _load_path(path: Path, jsonl: bool | None) -> EvidenceBase:
    """:func:`load_valid` of a file or base folder, once it is known to be valid."""
    from innovscale import serialization  # noqa: PLC0415

    if not path.is_dir() and (jsonl or (jsonl is None and path.suffix == ".jsonl")):
        return serialization.load_jsonl(path)
    loaded: EvidenceBase = serialization.load(path)
    return loaded


def _load_valid_document(data: str | bytes, source: str | None) -> EvidenceBase:
    """:func:`load_valid` of one JSON document: the base its validation structured."""
    report, structured = validate_and_structure(data, source=source)
    if not report.valid:
        raise InvalidDocument(report)
    if structured is not None:
        return structured
    from innovscale import serialization  # noqa: PLC0415

    loaded: EvidenceBase = serialization.loads(data, source=source)
    return loaded


def _from_jsonl(data: str | bytes, source: str | None) -> EvidenceBase:
    from innovscale.serialization._jsonl import base_from_lines  # noqa: PLC0415

    return base_from_lines(split_lines(data), source=source)
