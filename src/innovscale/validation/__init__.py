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
>>> report = validate('{"schema_version": "1.0", "id": "demo", "title": "Demo", "nmae": 1}')
>>> [(i.code, i.json_path, i.line, i.column) for i in report.issues]
[('value.unknown_field', '$.nmae', 1, 58)]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innovscale.exceptions import InvalidDocument
from innovscale.model import EvidenceBase
from innovscale.report import ValidationReport
from innovscale.serialization import converter
from innovscale.validation._catalogue import TIERS, CatalogueEntry, catalogue
from innovscale.validation._tiers import (
    looks_like_jsonl,
    split_lines,
    validate_data,
    validate_jsonl,
    validate_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "TIERS",
    "CatalogueEntry",
    "catalogue",
    "is_valid",
    "load_valid",
    "validate",
    "validate_path",
]


def validate_path(
    path: str | os.PathLike[str],
    *,
    jsonl: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """
    Validate a file: JSON, or JSON Lines when its name ends in ``.jsonl``.

    JSON Lines files are read line by line, so memory stays flat however large
    the file is.

    Args:
        path: The file.
        jsonl: Force (``True``) or refuse (``False``) JSON Lines; by default the
            suffix decides.
        progress: Called with the number of lines read, every 10,000 lines of a
            JSON Lines file.

    Raises:
        OSError: The file cannot be read.

    .. versionadded:: 0.1.0
    """
    path = Path(path)
    source = str(path)
    if jsonl is None:
        jsonl = path.suffix == ".jsonl"
    if jsonl:
        with path.open("rb") as handle:
            return validate_jsonl(handle, source=source, progress=progress)
    return validate_text(path.read_bytes(), source=source)


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
    report = validate(data, source=source, jsonl=jsonl)
    if not report.valid:
        raise InvalidDocument(report)
    if isinstance(data, EvidenceBase):
        return data
    if isinstance(data, os.PathLike):
        path = Path(data)
        from innovscale import serialization  # noqa: PLC0415

        if jsonl or (jsonl is None and path.suffix == ".jsonl"):
            return serialization.load_jsonl(path)
        loaded: EvidenceBase = serialization.load(path)
        return loaded
    if isinstance(data, (str, bytes)):
        from innovscale import serialization  # noqa: PLC0415

        if jsonl or (jsonl is None and looks_like_jsonl(data)):
            return _from_jsonl(data)
        return serialization.loads(data, source=source)
    base: EvidenceBase = converter.structure_checked(data, EvidenceBase, source=source)
    return base


def _from_jsonl(data: str | bytes) -> EvidenceBase:
    from innovscale.model import RECORD_COLLECTIONS  # noqa: PLC0415
    from innovscale.serialization import iter_jsonl  # noqa: PLC0415

    header: EvidenceBase | None = None
    collections: dict[str, list[Any]] = {name: [] for name in RECORD_COLLECTIONS}
    owner = {cls: name for name, cls in RECORD_COLLECTIONS.items()}
    for obj in iter_jsonl(split_lines(data)):
        if isinstance(obj, EvidenceBase):
            header = obj
        else:
            collections[owner[type(obj)]].append(obj)
    if header is None:
        header = EvidenceBase(id="evidence-base", title="evidence base")
    return header.with_records(collections)
