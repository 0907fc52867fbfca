"""
The validation pipeline: the three tiers run over a document or a JSON Lines stream,
each step once, its result handed to the next, into one report.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import attrs

from innovscale import _json
from innovscale._codes import define
from innovscale._io import gc_paused
from innovscale._json import PARSE_EMPTY
from innovscale._suggest import closest, one_run
from innovscale.exceptions import InvalidDocument
from innovscale.migrate import VERSION_NEWER, VERSION_OUTDATED, outdated_issue
from innovscale.model import RECORD_TYPES, EvidenceBase
from innovscale.report import Issue, Severity, ValidationReport
from innovscale.serialization import converter
from innovscale.serialization._jsonl import JSONL_LINE_SHAPE, JSONL_UNKNOWN_TYPE
from innovscale.validation import _schema_tier
from innovscale.validation._integrity import Integrity

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["looks_like_jsonl", "validate_data", "validate_jsonl", "validate_text"]


PARSE_BOM = define(
    "parse.bom",
    tier="parse",
    severity=Severity.WARNING,
    title="Byte-order mark",
    explanation=(
        "The input starts with a UTF-8 byte-order mark. JSON forbids it and some tools reject it; "
        "innovscale ignores it and validates the content."
    ),
    example="b'\\xef\\xbb\\xbf{...}'",
    fix="Save the file as UTF-8 without a byte-order mark ('UTF-8', not 'UTF-8 with BOM').",
)

_NOTHING: Any = object()
#: Each record type's path in a JSON Lines line, one tuple shared by every line.
_LINE_PATHS = {name: (name,) for name in RECORD_TYPES}
#: With the collector paused, collect the youngest generation after this many bad
#: lines (structuring failures leave reference cycles: exceptions and their frames),
#: and every so many lines in any case; either costs little, the young being few.
_COLLECT_AFTER = 200
_COLLECT_EVERY = 10_000


def _schema_name(type_name: str) -> str:
    return type_name.replace("_", "-")


def _bom_issue(source: str | None, line: int = 1) -> Issue:
    return PARSE_BOM.issue(
        message="the input starts with a UTF-8 byte-order mark",
        hint="Save the file as UTF-8 without a byte-order mark; JSON does not allow one.",
        source=source,
        line=line,
        column=1,
    )


def parse(
    data: str | bytes, source: str | None, first_line: int = 1
) -> tuple[Any, str | bytes, list[Issue]]:
    """
    The parse tier: the JSON value (or ``_NOTHING``), the text, and the issues.

    The text is ``data`` itself (bytes are decoded only if issues need placing),
    or empty when the parse failed.
    """
    issues: list[Issue] = []
    if _json.has_bom(data):
        issues.append(_bom_issue(source, first_line))
    try:
        value = _json.parse(data, source=source, first_line=first_line)
    except InvalidDocument as exc:
        issues.extend(exc.report.issues)
        return _NOTHING, "", issues
    return value, data, issues


def _finish(issues: list[Issue], text: str | bytes | None, source: str | None) -> ValidationReport:
    """Give every issue a position (when there is text) and the source, in one pass."""
    unplaced = [i for i in issues if i.line is None]
    if text and unplaced:
        placed = iter(_json.locate(unplaced, text, source=source))
        issues = [next(placed) if i.line is None else i for i in issues]
    if source is not None:
        issues = [i if i.source == source else attrs.evolve(i, source=source) for i in issues]
    return ValidationReport(issues=tuple(issues), sources=(source,) if source else ())


def _check_value(value: Any, *, generated: bool = True) -> list[Issue]:
    outdated = outdated_issue(value)
    if outdated is not None:
        # What its fields mean has changed: reporting them against this version is noise.
        return [outdated]
    with one_run():  # one budget for the did-you-mean hints of the whole document
        _, issues, _ = _schema_tier.structure(
            value, EvidenceBase, "evidence-base", generated=generated
        )
        integrity = Integrity()
        integrity.add_base(value)
        issues.extend(integrity.finish())
    return issues


def _structures(value: Any, cls: type[Any], depth: int = 1) -> tuple[bool, bool]:
    """
    Whether ``value`` structures into ``cls`` by the generated function, and whether
    its depth is then known bounded; anything else the tiers below report.
    """
    taken = converter.structure_generated(value, cls, depth)
    return (False, False) if taken is None else (True, taken[1])


def check_unchecked(value: Any) -> tuple[list[Issue], EvidenceBase | None] | None:
    """
    The issues of a document parsed without the depth check
    (:func:`innovscale._json.parse_unchecked`), with the evidence base when the
    generated function structured it; or ``None`` if it nests too deep, when only the
    strict parse may report on it. Valid documents are structured once.
    """
    taken = converter.structure_generated(value, EvidenceBase)
    if not _json.within_depth(value, proven=taken is not None and taken[1]):
        return None
    if taken is None:
        return _check_value(value, generated=False), None
    integrity = Integrity()
    integrity.add_base(value)
    return integrity.finish(), taken[0]


def validate_text(data: str | bytes, *, source: str | None = None) -> ValidationReport:
    """
    Validate one JSON document given as text.

    The cyclic garbage collector is paused meanwhile (see
    :func:`innovscale._io.gc_paused`), as for loading.
    """
    return validate_and_structure(data, source=source, keep=False)[0]


def validate_and_structure(
    data: str | bytes, *, source: str | None = None, keep: bool = True
) -> tuple[ValidationReport, EvidenceBase | None]:
    """
    :func:`validate_text`, with the evidence base when structuring it was part of the
    work (a document the generated function took) and ``keep`` is true:
    :func:`innovscale.load_valid` then returns it instead of reading the text again.
    """
    with gc_paused():
        # Most documents are valid: parse once, without the depth check, which
        # structuring makes (see InnovscaleConverter.structure_generated).
        value = _json.parse_unchecked(data)
        if value is not _json.DOUBTFUL:
            found = check_unchecked(value)
            del value
            if found is not None:
                issues, structured = found
                # Unless it is wanted, the base is freed before the collector resumes,
                # or its first collection would walk every object of it.
                del found
                if not keep:
                    structured = None
                return _finish(issues, data, source), structured
        # Anything the parse tier reports on: the strict parse, then the other tiers.
        value, text, issues = parse(data, source)
        if value is not _NOTHING:
            issues.extend(_check_value(value))
        # Freed before the collector resumes, or its first collection would walk it all.
        del value
        return _finish(issues, text, source), None


def validate_data(value: Any, *, source: str | None = None) -> ValidationReport:
    """Validate already-parsed JSON data (or an :class:`~innovscale.EvidenceBase`)."""
    with gc_paused():
        if isinstance(value, EvidenceBase):
            integrity = Integrity()
            integrity.add_base(converter.unstructure(value))
            return _finish(integrity.finish(), None, source)
        return _finish(_check_value(value), None, source)


def split_lines(data: str | bytes) -> list[Any]:
    """
    Split JSON Lines text at newline characters only, keeping the line ends.

    :meth:`str.splitlines` would also split at U+2028, U+0085 and other characters
    that may legitimately appear inside a JSON string.
    """
    sep: Any = b"\n" if isinstance(data, bytes) else "\n"
    parts = data.split(sep)
    out = [part + sep for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def looks_like_jsonl(text: str | bytes) -> bool:
    """
    Whether ``text`` looks like JSON Lines: its first non-blank line is, on its own,
    an object with exactly one key that is a record type.
    """
    raw = _first_content_line(text)
    if raw is None:
        return False
    try:
        value = _json.parse(raw)
    except InvalidDocument:
        return False
    return type(value) is dict and len(value) == 1 and next(iter(value)) in RECORD_TYPES


def _first_content_line(text: str | bytes) -> Any:
    """The first line of ``text`` (as :func:`split_lines` cuts it) that is not blank."""
    sep: Any = b"\n" if isinstance(text, bytes) else "\n"
    start = 0
    while start < len(text):
        end = text.find(sep, start)
        end = len(text) if end < 0 else end + 1
        line = text[start:end]
        if line.strip():
            return line
        start = end
    return None


def validate_jsonl(
    lines: Iterable[str | bytes],
    *,
    source: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """
    Validate JSON Lines line by line; a bad line is reported and the next lines still run.

    Memory stays flat: each line is dropped once checked, and the integrity tier
    keeps only its indexes of ids (and the references to records not seen yet).
    The cyclic garbage collector is paused meanwhile, except for a collection of
    the youngest objects now and then when lines fail (failures leave cycles).
    """
    collect = gc.isenabled()
    with gc_paused(), one_run():
        issues, integrity, seen_content = _lines(lines, source, progress, collect=collect)
        if not seen_content:
            issues.append(
                PARSE_EMPTY.issue(
                    message="the input is empty",
                    hint="A JSON Lines evidence base has one record per line.",
                    source=source,
                    line=1,
                    column=1,
                )
            )
        if integrity is not None:
            issues.extend(integrity.finish())
        return _finish(issues, None, source)


def _lines(  # noqa: C901 - the JSON Lines loop: each line's outcome handled where it happens
    lines: Iterable[str | bytes],
    source: str | None,
    progress: Callable[[int], None] | None,
    *,
    collect: bool,
) -> tuple[list[Issue], Integrity | None, bool]:
    """
    Check each line: the issues, the integrity state (``None`` when the header is of
    an earlier version and the lines were not checked), and whether any line had content.
    """
    issues: list[Issue] = []
    integrity = Integrity()
    seen_content = False
    bad = 0
    for line_no, raw in enumerate(lines, start=1):
        if progress is not None and line_no % 10000 == 0:
            progress(line_no)
        line = raw
        if line_no == 1 and _json.has_bom(line):
            issues.append(_bom_issue(source))
            line = _json.without_bom(line)
        if not line or line.isspace():
            continue
        seen_content = True
        # Most lines are valid: parse once, without the depth check (as for documents).
        found = None
        value = _json.parse_unchecked(line)
        if value is not _json.DOUBTFUL:
            found = _check_line(value, line_no, line, integrity, depth_checked=False)
        del value
        if found is None:
            value, text, line_issues = parse(line, source, first_line=line_no)
            if line_issues:
                issues.extend(line_issues)
                bad += 1
            if value is not _NOTHING:
                found = _check_line(value, line_no, text, integrity)
        if found:
            issues.extend(found)
            bad += 1
            if found[0].code in (VERSION_OUTDATED.code, VERSION_NEWER.code):
                # The lines after another version's header would only be noise.
                return issues, None, seen_content
        if collect and (bad >= _COLLECT_AFTER or line_no % _COLLECT_EVERY == 0):
            bad = 0
            gc.collect(0)
    return issues, integrity, seen_content


def _too_deep_line(value: Any) -> bool:
    """Whether a line that is not one record (which structuring bounds) nests too deep."""
    if type(value) is dict and len(value) == 1 and next(iter(value)) in RECORD_TYPES:
        return False
    return not _json.within_depth(value)


def _check_line(
    value: Any,
    line_no: int,
    text: str | bytes,
    integrity: Integrity,
    *,
    depth_checked: bool = True,
) -> list[Issue] | None:
    """
    The issues of one parsed line, recorded in ``integrity``; ``None`` (before
    recording anything) if the line was parsed without the depth check and nests too
    deep, when only the strict parse may report on it.
    """
    if not depth_checked and _too_deep_line(value):
        return None
    if type(value) is not dict or len(value) != 1:
        return [
            JSONL_LINE_SHAPE.issue(
                message="a JSON Lines line must be an object with exactly one key, the record type",
                hint='Write each line as {"innovation": {...}}; types: ' + ", ".join(RECORD_TYPES),
                line=line_no,
                column=1,
            )
        ]
    ((name, body),) = value.items()
    cls = RECORD_TYPES.get(name)
    if cls is None:
        close = closest(name, RECORD_TYPES)
        return [
            JSONL_UNKNOWN_TYPE.issue(
                message=f"{name!r} is not a record type",
                path=(name,),
                value=name,
                hint=f"Did you mean {close!r}?"
                if close
                else "Use one of: " + ", ".join(RECORD_TYPES),
                line=line_no,
                column=1,
            )
        ]
    outdated = outdated_issue(body, (name,)) if cls is EvidenceBase else None
    if outdated is not None:
        return [attrs.evolve(outdated, line=line_no, column=1)]
    structured = False
    if not depth_checked:
        structured, bounded = _structures(body, cls, depth=2)
        if not _json.within_depth(value, proven=bounded):
            return None
    found: list[Issue] = []
    if not structured:
        _, found, _ = _schema_tier.structure(body, cls, _schema_name(name))
    out: list[Issue] = []
    if found:
        found = [attrs.evolve(i, path=(name, *i.path)) for i in found]
        located = _json.locate(found, text)
        out.extend(attrs.evolve(i, line=line_no) for i in located)
    if cls is EvidenceBase:
        integrity.add_header(body, _LINE_PATHS[name], line_no)
    else:
        integrity.add_record(cls, body, _LINE_PATHS[name], line_no)
    return out
