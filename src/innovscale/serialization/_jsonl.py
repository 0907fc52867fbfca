"""
JSON Lines: a header line holding the base's metadata, then one line per record.

Each line is ``{"<record type>": {...}}``, e.g. ``{"innovation": {...}}``; reading
one line at a time keeps memory flat however long the input is.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from innovscale import _json
from innovscale._codes import define
from innovscale._io import PathLike, atomic_write, gc_paused
from innovscale._suggest import closest
from innovscale.exceptions import InvalidDocument
from innovscale.model import RECORD_COLLECTIONS, RECORD_TYPES, EvidenceBase
from innovscale.report import ValidationReport
from innovscale.serialization._converter import converter

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["dumps_jsonl", "iter_jsonl", "load_jsonl", "write_jsonl"]


JSONL_LINE_SHAPE = define(
    "jsonl.line_shape",
    tier="schema",
    title="Malformed JSON Lines line",
    explanation=(
        "Each line of a JSON Lines evidence base is an object with exactly one key, the record "
        "type, whose value is the record."
    ),
    example='{"id": "dafne", "name": "DAFNE"}',
    fix='Wrap the record in its type: {"innovation": {"id": "dafne", ...}}.',
)
JSONL_UNKNOWN_TYPE = define(
    "jsonl.unknown_type",
    tier="schema",
    title="Unknown record type",
    explanation=(
        "The key of a JSON Lines line is not a record type (evidence_base, source, organisation, "
        "innovation, adoption, enabler_claim, policy_lever, engagement_activity, evidence, "
        "reach_measure)."
    ),
    example='{"innovations": {"id": "dafne", ...}}',
    fix="Use the singular record type name, e.g. 'innovation'.",
)

_TYPE_NAMES = {cls: name for name, cls in RECORD_TYPES.items()}
_COLLECTION_OF = {cls: collection for collection, cls in RECORD_COLLECTIONS.items()}


def _record_line(record: Any) -> str:
    name = _TYPE_NAMES.get(type(record))
    if name is None:
        raise TypeError(f"{type(record).__name__} is not a top-level record type")
    return converter.write({name: record}, indent=False).decode("utf-8")


def dumps_jsonl(base: EvidenceBase) -> str:
    """
    Write an evidence base as JSON Lines: a header line, then one line per record.

    The header is ``{"evidence_base": {...}}`` holding the base's metadata; each
    record line is ``{"<record type>": {...}}``, e.g. ``{"innovation": {...}}``.
    """
    lines = [_record_line(base.header())]
    lines.extend(_record_line(record) for record in base.records())
    return "".join(lines)


def write_jsonl(base: EvidenceBase, path: PathLike) -> None:
    """Write :func:`dumps_jsonl` output to ``path``, atomically, line by line."""

    def write(handle: IO[bytes]) -> None:
        handle.write(_record_line(base.header()).encode("utf-8"))
        for record in base.records():
            handle.write(_record_line(record).encode("utf-8"))

    atomic_write(path, write)


def _structure_line(value: Any, line_no: int, text: str, source: str | None) -> Any:
    if type(value) is not dict or len(value) != 1:
        issue = JSONL_LINE_SHAPE.issue(
            message="a JSON Lines line must be an object with exactly one key, the record type",
            hint='Write each line as {"innovation": {...}}; types: ' + ", ".join(RECORD_TYPES),
            source=source,
            line=line_no,
            column=1,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,)))
    ((name, body),) = value.items()
    cls = RECORD_TYPES.get(name)
    if cls is None:
        close = closest(name, RECORD_TYPES)
        issue = JSONL_UNKNOWN_TYPE.issue(
            message=f"{name!r} is not a record type",
            path=(name,),
            hint=f"Did you mean {close!r}?" if close else "Use one of: " + ", ".join(RECORD_TYPES),
            source=source,
            line=line_no,
            column=1,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,)))
    try:
        return converter.structure_checked(body, cls)
    except InvalidDocument as exc:
        # Paths are relative to the record; locate them in the line, under its type key.
        located = _json.locate(
            [attrs.evolve(i, path=(name, *i.path)) for i in exc.report.issues], text, source=source
        )
        issues = [
            attrs.evolve(
                i,
                line=line_no if i.line is None else line_no + i.line - 1,
                column=1 if i.column is None else i.column,
            )
            for i in located
        ]
        raise InvalidDocument(ValidationReport(issues=tuple(issues))) from None


def iter_jsonl(lines: Iterable[str | bytes], *, source: str | None = None) -> Iterator[Any]:
    """
    Structure JSON Lines one line at a time, yielding model objects.

    Memory stays flat however long the input is. Blank lines are skipped.

    Raises:
        InvalidDocument: At the first invalid line; issues carry its line number.
    """
    for line_no, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        with gc_paused():
            value = _json.parse(text, source=source, first_line=line_no)
            record = _structure_line(value, line_no, text, source)
        yield record


def load_jsonl(path: PathLike) -> EvidenceBase:
    """
    Read a JSON Lines evidence base (as written by :func:`write_jsonl`) into an
    :class:`~innovscale.EvidenceBase`.

    Records may come in any order; a header line is optional (without one the
    base gets the id and title of the file name).
    """
    with Path(path).open("rb") as handle:
        return base_from_lines(handle, source=str(path))


def base_from_lines(lines: Iterable[str | bytes], *, source: str | None = None) -> EvidenceBase:
    """
    The evidence base of JSON Lines ``lines``: the one reader behind :func:`load_jsonl`
    and :func:`innovscale.load_valid`.

    Without a header line, the base is named for ``source`` (the file name without
    its extension: ``cases.jsonl`` gives id ``cases``), or ``evidence-base`` without one.
    """
    header: EvidenceBase | None = None
    collections: dict[str, list[Any]] = {name: [] for name in RECORD_COLLECTIONS}
    with gc_paused():
        for obj in iter_jsonl(lines, source=source):
            if isinstance(obj, EvidenceBase):
                header = obj
            else:
                collections[_COLLECTION_OF[type(obj)]].append(obj)
    if header is None:
        name = Path(source).stem if source else ""
        header = EvidenceBase(id=_json.slug(name), title=name or "evidence base")
    return header.with_records(collections)
