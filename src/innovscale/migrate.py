"""
Upgrading documents written in an earlier version of the format, one version at a time.

The document format is versioned by ``schema_version`` and follows SemVer: a new
minor version only adds (every older document of the same major version is still
valid), a new major version changes what documents mean or how they are shaped. This
release reads and writes :data:`~innovscale.SCHEMA_VERSION`; a document of an older
major version is upgraded by :func:`migrate` (in Python) or ``innovscale upgrade`` (on
files), which apply one migration step per version, in order.

A step never guesses: a fact that moves is kept where the new format puts it, a field
that became optional is left as it was, and nothing is added that the document did not
say. Every change a step makes is listed, with where it was made.

>>> from innovscale.migrate import migrate
>>> upgraded = migrate({"schema_version": "1.0", "id": "demo", "title": "Demo"})
>>> upgraded.data["schema_version"], upgraded.source_version
('2.0', '1.0')
>>> [change.message for change in upgraded.changes]
['schema_version 1.0 -> 2.0']

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import define
from innovscale.exceptions import InnovscaleError
from innovscale.model.base import SCHEMA_VERSION
from innovscale.report import format_json_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from innovscale.report import Issue

__all__ = [
    "VERSIONS",
    "Change",
    "Migrated",
    "MigrationError",
    "migrate",
    "upgrade_text",
    "version_of",
]


VERSION_OUTDATED = define(
    "version.outdated",
    tier="schema",
    title="Written in an earlier version of the format",
    explanation=(
        "The document's schema_version names an earlier major version of the format, which "
        "this release reads only after upgrading. Its other fields are not checked until "
        "then: what they mean has changed."
    ),
    example='{"schema_version": "1.0", ...}',
    fix=(
        "Run 'innovscale upgrade FILE' to see what changes, then 'innovscale upgrade FILE "
        "--in-place' to write them; in Python, innovscale.migrate.migrate(data)."
    ),
)
VERSION_NEWER = define(
    "version.newer",
    tier="schema",
    title="Written in a later version of the format",
    explanation=(
        "The document's schema_version names a later version of the format than this release "
        "reads, as when a colleague's newer innovscale wrote it. Its other fields are not "
        "checked: a later version may add fields and change what they mean."
    ),
    example='{"schema_version": "3.0", ...}',
    fix="Upgrade innovscale (pip install --upgrade innovscale) to a release that reads it.",
)
_VERSION = re.compile(r"([0-9]{1,6})\.([0-9]{1,6})")


def _later(version: str) -> bool:
    """Whether ``version`` ('3.0') is a later version of the format than this release's."""
    found, current = _VERSION.fullmatch(version), _VERSION.fullmatch(SCHEMA_VERSION)
    if found is None or current is None:
        return False
    return tuple(map(int, found.groups())) > tuple(map(int, current.groups()))


class MigrationError(InnovscaleError, ValueError):
    """
    A document cannot be upgraded: it is not an object, or its version is unknown.

    .. versionadded:: 0.3.0
    """


@attrs.frozen
class Change:
    """
    One change a migration step made.

    Attributes:
        path: Where, as a JSON path of keys and indexes in the *upgraded* document.
        message: What changed, in words.
    """

    path: tuple[str | int, ...]
    message: str

    @property
    def json_path(self) -> str:
        """The path as a JSONPath string, e.g. ``$.innovations[0].origins``."""
        return format_json_path(self.path)


@attrs.frozen
class Migrated:
    """
    The outcome of :func:`migrate`.

    Attributes:
        data: The upgraded document (a new object; the input is not changed).
        source_version: The version the document was written in.
        changes: Every change made, in order.
    """

    data: dict[str, Any]
    source_version: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        """Whether the document needed upgrading."""
        return bool(self.changes)


class _Log:
    """Collects the changes of one step."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def __call__(self, path: tuple[str | int, ...], message: str) -> None:
        self.changes.append(Change(path=path, message=message))


def _records(data: dict[str, Any], collection: str) -> list[tuple[int, dict[str, Any]]]:
    """The records of ``collection`` that are objects, with their index."""
    records = data.get(collection)
    if not isinstance(records, list):
        return []
    return [(i, r) for i, r in enumerate(records) if isinstance(r, dict)]


def _replace_key(obj: dict[str, Any], old: str, new: str, value: Any) -> None:
    """Put ``new: value`` where ``old`` was, keeping the order of the other keys."""
    items = [(new, value) if key == old else (key, v) for key, v in obj.items()]
    obj.clear()
    obj.update(items)


#: How 1.0 documents spelt the units that 2.0 has codes for (compared case-blind).
_UNIT_SPELLINGS = {
    "percent": ("%", "percent", "per cent", "percentage", "pct"),
    "percentage_points": ("percentage points", "percentage point", "pp", "% points"),
    "mmol_per_mol": ("mmol/mol",),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "people": ("people", "persons", "patients", "participants"),
    "qaly": ("qaly", "qalys"),
}
_UNIT_CODES = {
    spelling: code for code, spellings in _UNIT_SPELLINGS.items() for spelling in spellings
}


def _shares(outcome: dict[str, Any]) -> bool:
    """Whether every number of a 1.0 outcome lies from 0 to 100."""
    numbers = [outcome.get(key) for key in ("value", "low", "high")]
    return all(
        not isinstance(x, (int, float)) or isinstance(x, bool) or 0 <= x <= 100 for x in numbers
    )


def _outcome_units(record: dict[str, Any], path: tuple[str | int, ...], log: _Log) -> None:
    outcomes = record.get("outcomes")
    if not isinstance(outcomes, list):
        return
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, dict) or not isinstance(outcome.get("unit"), str):
            continue
        text = outcome["unit"]
        code = _UNIT_CODES.get(text.strip().casefold())
        where = (*path, "outcomes", index, "unit")
        if code == "percent" and not _shares(outcome):
            # Not a share of a whole (a change of 841 %?): which it is, is not said.
            code = None
        if code is not None:
            outcome["unit"] = code
            log(where, f"the unit {text!r} became the code {code!r}")
        elif "unit_other" not in outcome:
            items = list(outcome.items())
            at = [key for key, _ in items].index("unit")
            items[at : at + 1] = [("unit", "other"), ("unit_other", text)]
            outcome.clear()
            outcome.update(items)
            log(where, f"the unit {text!r} is kept as 'unit_other', with the unit 'other'")


def _from_1_0(data: dict[str, Any], log: _Log) -> None:
    """
    Format 1.0 to 2.0.

    - An evidence record's ``role`` becomes ``roles``, a list, as one item may answer
      several questions.
    - An innovation's ``origin`` becomes ``origins``, a list of one account, and the
      account's ``year`` becomes its ``date``: accounts that disagree stand side by side.
    - An outcome's ``unit``, free text in 1.0, becomes a code of the unit vocabulary
      when the text is one of that unit's spellings (``"%"`` is ``percent``, unless a
      value lies outside 0 to 100, when it may be a change rather than a share); any
      other text is kept, word for word, as ``unit_other`` with the unit ``other``.
    """
    for index, record in _records(data, "adoptions"):
        _outcome_units(record, ("adoptions", index), log)
    for index, record in _records(data, "evidence"):
        _outcome_units(record, ("evidence", index), log)
    for index, record in _records(data, "evidence"):
        if "role" in record and "roles" not in record:
            _replace_key(record, "role", "roles", [record["role"]])
            log(("evidence", index, "roles"), "'role' became 'roles', a list of one")
    for index, record in _records(data, "innovations"):
        origin = record.get("origin")
        if "origin" in record and "origins" not in record:
            if isinstance(origin, dict) and "year" in origin and "date" not in origin:
                year = origin["year"]
                _replace_key(origin, "year", "date", str(year) if isinstance(year, int) else year)
                log(
                    ("innovations", index, "origins", 0, "date"),
                    f"the origin's 'year' became its 'date', {origin['date']!r}",
                )
            _replace_key(record, "origin", "origins", [origin])
            log(
                ("innovations", index, "origins"),
                "'origin' became 'origins', a list of one account (accounts that disagree "
                "now stand side by side)",
            )


#: Every version this release can upgrade from, with the version its step leads to
#: and the step itself; :func:`migrate` follows the chain to the current version.
_STEPS: dict[str, tuple[str, Callable[[dict[str, Any], _Log], None]]] = {
    "1.0": ("2.0", _from_1_0),
}

#: The versions of the format, oldest first; the last is the one this release writes.
VERSIONS: tuple[str, ...] = (*_STEPS, SCHEMA_VERSION)


def version_of(data: Any) -> str | None:
    """The ``schema_version`` of a parsed document, or ``None`` if it has none."""
    if isinstance(data, dict):
        version = data.get("schema_version")
        if isinstance(version, str):
            return version
    return None


def migrate(data: Any) -> Migrated:
    """
    Upgrade a parsed document to the current version of the format.

    A current document comes back unchanged (``changes`` empty). The input is never
    modified. The result is not validated: validate it (it is valid when the input
    was a valid document of its version).

    Raises:
        MigrationError: ``data`` is not an object, has no ``schema_version``, or
            names a version this release does not know.
    """
    if not isinstance(data, dict):
        raise MigrationError("a document to upgrade must be a JSON object")
    version = version_of(data)
    if version is None:
        if "schema_version" in data:
            given = data["schema_version"]
            raise MigrationError(
                f"its schema_version is {json.dumps(given)}, not a version written as text "
                "such as '1.0'"
            )
        raise MigrationError("the document has no schema_version, so its version is unknown")
    if _later(version):
        raise MigrationError(
            f"it is format {version}, later than this release reads ({SCHEMA_VERSION}); "
            "upgrade innovscale instead (pip install --upgrade innovscale)"
        )
    if version != SCHEMA_VERSION and version not in _STEPS:
        known = ", ".join(VERSIONS)
        raise MigrationError(
            f"schema_version {version!r} is not a version this release knows ({known})"
        )
    out = copy.deepcopy(data)
    changes: list[Change] = []
    while version != SCHEMA_VERSION:
        target, step = _STEPS[version]
        log = _Log()
        step(out, log)
        out["schema_version"] = target
        changes.extend(log.changes)
        changes.append(
            Change(path=("schema_version",), message=f"schema_version {version} -> {target}")
        )
        version = target
    return Migrated(data=out, source_version=version_of(data) or "", changes=tuple(changes))


def outdated_issue(data: Any, path: tuple[str | int, ...] = ()) -> Issue | None:
    """
    The ``version.outdated`` issue for a document (or JSON Lines header) of an
    earlier version that :func:`migrate` can upgrade, else ``None``.
    """
    version = version_of(data)
    if version is None or version == SCHEMA_VERSION:
        return None
    if _later(version):
        from innovscale._version import __version__  # noqa: PLC0415 - only for this hint

        return VERSION_NEWER.issue(
            message=(
                f"this is a format {version} document, later than format {SCHEMA_VERSION}, "
                "which this release reads"
            ),
            path=(*path, "schema_version"),
            value=version,
            hint=(
                f"Upgrade innovscale ({__version__} here): pip install --upgrade innovscale. "
                "Its fields are not checked until then."
            ),
        )
    if version not in _STEPS:
        return None
    return VERSION_OUTDATED.issue(
        message=(
            f"this is a format {version} document; this release reads format {SCHEMA_VERSION}"
        ),
        path=(*path, "schema_version"),
        value=version,
        hint=(
            "Upgrade it: 'innovscale upgrade FILE' shows the changes, and 'innovscale upgrade "
            "FILE --in-place' writes them (in Python, innovscale.migrate.migrate)."
        ),
    )


def _as_document(text: str | bytes) -> dict[str, Any]:
    """The document a JSON Lines text holds: its header with every record in its collection."""
    from innovscale.model import RECORD_COLLECTIONS, RECORD_TYPES  # noqa: PLC0415
    from innovscale.validation._pipeline import split_lines  # noqa: PLC0415

    collection_of = {cls: name for name, cls in RECORD_COLLECTIONS.items()}
    document: dict[str, Any] = {}
    records: dict[str, list[Any]] = {}
    header_seen = False
    for line_no, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        parsed = _parse(line, first_line=line_no)
        if not (isinstance(parsed, dict) and len(parsed) == 1):
            raise MigrationError(f"line {line_no} is not an object with one key, its record type")
        ((kind, body),) = parsed.items()
        if kind == "evidence_base" and isinstance(body, dict):
            if header_seen:
                raise MigrationError(f"line {line_no} is a second evidence_base header")
            header_seen = True
            document = {**body, **document}
        elif kind in RECORD_TYPES and kind != "evidence_base":
            records.setdefault(collection_of[RECORD_TYPES[kind]], []).append(body)
        else:
            raise MigrationError(f"line {line_no}: {kind!r} is not a record type")
    document.update(records)
    return document


def _as_lines(document: dict[str, Any]) -> str:
    """A document as JSON Lines: the header, then each collection's records in order."""
    from innovscale.model import RECORD_COLLECTIONS, RECORD_TYPES  # noqa: PLC0415

    type_of = {cls: name for name, cls in RECORD_TYPES.items()}
    header = {k: v for k, v in document.items() if k not in RECORD_COLLECTIONS}
    lines = [{"evidence_base": header}]
    for name, cls in RECORD_COLLECTIONS.items():
        lines.extend({type_of[cls]: record} for record in document.get(name) or ())
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _parse(text: str | bytes, first_line: int = 1) -> Any:
    from innovscale import _json  # noqa: PLC0415

    return _json.parse(_json.without_bom(text), first_line=first_line)


def upgrade_text(text: str | bytes, *, jsonl: bool | None = None) -> tuple[str, Migrated]:
    """
    Upgrade a document (or a JSON Lines file) given as text: the new text and what changed.

    A document is written as innovscale writes JSON (two-space indents, UTF-8 text
    unescaped); JSON Lines as one record per line, the header first and the records
    in collection order. ``jsonl=None`` tells them apart by the first line.

    Raises:
        InvalidDocument: The text is not JSON (the report says where).
        MigrationError: The document cannot be upgraded (see :func:`migrate`).
    """
    if jsonl is None:
        from innovscale.validation._pipeline import looks_like_jsonl  # noqa: PLC0415

        jsonl = looks_like_jsonl(text)
    if jsonl:
        migrated = migrate(_as_document(text))
        return _as_lines(migrated.data), migrated
    migrated = migrate(_parse(text))
    return json.dumps(migrated.data, indent=2, ensure_ascii=False) + "\n", migrated
