"""
An evidence base kept in many files: one base, validated, merged, split and compared.

A team that keeps its evidence base in git, reviewed in pull requests, wants one file
per innovation (or per record type) so that two people rarely edit the same file. A
**base folder** is a folder with a header file, ``evidence-base.json``, at its top:

.. code-block:: text

    cases/
      evidence-base.json          the header: schema_version, id, title, maintainers…
      sources.json                shared records: {"sources": [...]}
      organisations.json          {"organisations": [...]}
      innovations/
        dafne.json                {"innovations": [...], "adoptions": [...], ...}
        nurse-family-partnership.json

The header is an ordinary evidence-base document (it may hold records too). Every
other ``*.json`` file below the folder (hidden files and folders left out) is a
**part**: an object whose keys are record collections (``"innovations"``,
``"adoptions"``…) and nothing else. The folder is one evidence base: references
resolve across files, ids are unique across files, and every issue names its file,
line and column. This is how OCDS packages and STIX bundles carry records in
several files, with the header playing the package's part.

>>> import tempfile, innovscale
>>> from innovscale import folder
>>> with tempfile.TemporaryDirectory() as tmp:
...     written = folder.split(innovscale.load_example(), tmp, by="innovation")
...     again = folder.load(tmp)
>>> folder.same_records(again, innovscale.load_example())
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from innovscale import _json
from innovscale._codes import define
from innovscale._io import PathLike, gc_paused, write_bytes_atomic
from innovscale.exceptions import FileWriteError, InvalidDocument
from innovscale.model import RECORD_COLLECTIONS, RECORD_TYPES, EvidenceBase
from innovscale.report import Issue, Severity, ValidationReport, format_json_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "HEADER",
    "Change",
    "Conflict",
    "diff",
    "is_base_folder",
    "load",
    "merge",
    "part_files",
    "same_records",
    "split",
    "validate",
]

#: The header file that makes a folder one evidence base.
HEADER = "evidence-base.json"

BASE_PART_SHAPE = define(
    "base.part_shape",
    tier="schema",
    title="A part file that is not a part",
    explanation=(
        "A file in a base folder (other than evidence-base.json) holds records only: an object "
        "whose keys are record collections, each an array of records."
    ),
    example='{"title": "Cases"} in innovations/dafne.json',
    fix="Keep the base's metadata in evidence-base.json, and only collections in the parts.",
)

BASE_CONFLICT = define(
    "base.conflict",
    tier="integrity",
    title="The same record, different in two files",
    explanation=(
        "Merging found one id with different content in two inputs. innovscale never picks "
        "one silently: the issue lists both places and the fields that differ."
    ),
    example="innovations/dafne.json and b.json both define 'dafne', with different titles",
    fix="Make the two records agree, or choose a side with --prefer first or --prefer last.",
)

#: Record type names by collection (``"innovations"`` -> ``"innovation"``).
_TYPE_OF = {
    collection: name
    for name, cls in RECORD_TYPES.items()
    for collection, other in RECORD_COLLECTIONS.items()
    if other is cls
}


def is_base_folder(path: PathLike) -> bool:
    """Whether ``path`` is a folder with a header file (:data:`HEADER`) at its top."""
    return (Path(path) / HEADER).is_file()


def part_files(folder: PathLike) -> list[Path]:
    """
    The part files of a base folder, in the order they are read: sorted by their path
    below the folder, hidden files and folders left out.
    """
    root = Path(folder)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.endswith(".json") and not name.startswith("."):
                path = Path(dirpath) / name
                if path != root / HEADER:
                    found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


# -- reading a folder as one base ------------------------------------------------------------


@attrs.define
class _Read:
    """A folder read as one JSON value, with where each record came from."""

    value: Any
    #: For each collection, the file index and index in that file of each record.
    origins: dict[str, list[tuple[int, int]]]
    #: The files read (the header first), their text, and each one's issues so far.
    files: list[Path]
    texts: list[bytes]
    issues: list[Issue]


def _read(folder: PathLike, *, checked: bool = True) -> _Read:
    """
    Read every file of a folder; ``checked=False`` parses without the depth check
    (:func:`innovscale._json.parse_unchecked`), whose proof the caller must make.
    """
    root = Path(folder)
    files = [root / HEADER, *part_files(root)]
    header: Any = {}
    origins: dict[str, list[tuple[int, int]]] = {name: [] for name in RECORD_COLLECTIONS}
    collections: dict[str, list[Any]] = {name: [] for name in RECORD_COLLECTIONS}
    texts: list[bytes] = []
    issues: list[Issue] = []
    for index, path in enumerate(files):
        try:
            text = path.read_bytes()
        except OSError as exc:  # one unreadable file is an issue of that file
            texts.append(b"")
            issues.append(_unreadable(path, exc))
            continue
        texts.append(text)
        data = _parsed(text, path, issues, checked=checked)
        if data is _json.DOUBTFUL:
            continue
        if index == 0:
            header = data
            held = _header_records(data, path, text, issues)
        else:
            held = _part(data, path, text, issues)
        for name, records in held.items():
            collections[name].extend(records)
            origins[name].extend((index, position) for position in range(len(records)))
    return _Read(
        value=_combined(header, collections),
        origins=origins,
        files=files,
        texts=texts,
        issues=issues,
    )


def _header_records(
    header: Any, path: Path, text: bytes, issues: list[Issue]
) -> dict[str, list[Any]]:
    """The record arrays of the header; a collection that is not an array is an issue."""
    if type(header) is not dict:
        return {}  # not an object: the schema tier reports it, in the header
    held: dict[str, list[Any]] = {}
    wrong = []
    for key, records in header.items():
        if key not in RECORD_COLLECTIONS:
            continue
        if type(records) is list:
            held[key] = records
        else:
            wrong.append(_not_an_array(key, records))
    if wrong:
        issues.extend(_json.locate(wrong, text, source=str(path)))
    return held


def _not_an_array(key: str, records: Any) -> Issue:
    from innovscale.model._types import VALUE_TYPE  # noqa: PLC0415

    return VALUE_TYPE.issue(
        f"{key!r} must be an array of records, got {_json.type_name(records)}",
        path=(key,),
        value=records,
        hint="Wrap the record in [ ] to make an array of one.",
    )


def _combined(header: Any, collections: dict[str, list[Any]]) -> Any:
    """The header with every file's records in its collections: the base to validate."""
    if type(header) is not dict:
        return header  # not an object: reported in the header, as for any document
    value = {k: v for k, v in header.items() if k not in RECORD_COLLECTIONS}
    value.update(
        (name, records) for name, records in collections.items() if records or name in header
    )
    return value


def _unreadable(path: Path, exc: OSError) -> Issue:
    from innovscale.validation import PARSE_UNREADABLE  # noqa: PLC0415

    return PARSE_UNREADABLE.issue(
        f"cannot read: {exc.strerror or exc}",
        hint="Check the file and its permissions; the rest of the folder was checked.",
        source=str(path),
    )


def _parsed(text: bytes, path: Path, issues: list[Issue], *, checked: bool) -> Any:
    """The value of one file, or ``DOUBTFUL`` once its parse issues are in ``issues``."""
    data = _json.DOUBTFUL if checked else _json.parse_unchecked(text)
    if data is _json.DOUBTFUL:
        try:
            data = _json.parse(text, source=str(path))
        except InvalidDocument as exc:
            issues.extend(exc.report.issues)
            return _json.DOUBTFUL
    return data


def _part(data: Any, path: Path, text: bytes, issues: list[Issue]) -> dict[str, Any]:
    """The collections of one part file; anything else in it is an issue."""
    if type(data) is not dict:
        issue = BASE_PART_SHAPE.issue(
            "a part of a base folder must be an object of record collections",
            hint='Write {"innovations": [...], "adoptions": [...]}; the metadata '
            f"belongs in {HEADER}.",
            source=str(path),
        )
        issues.extend(_json.locate([issue], text, source=str(path)))
        return {}
    held: dict[str, Any] = {}
    wrong: list[Issue] = []
    for key, records in data.items():
        if key in RECORD_COLLECTIONS:
            if type(records) is list:
                held[key] = records
            else:
                wrong.append(_not_an_array(key, records))
        else:
            wrong.append(
                BASE_PART_SHAPE.issue(
                    f"{key!r} is not a record collection; a part holds records only",
                    path=(key,),
                    hint=f"The base's metadata belongs in {HEADER}; collections are: "
                    + ", ".join(RECORD_COLLECTIONS),
                )
            )
    if wrong:
        issues.extend(_json.locate(wrong, text, source=str(path)))
    return held


def _placed(read: _Read, issues: Iterable[Issue]) -> list[Issue]:
    """The issues of the combined base, each moved to its file, path, line and column."""
    by_file: dict[int, list[Issue]] = {}
    for issue in issues:
        path = issue.path
        index, moved = 0, path
        if len(path) >= 2 and path[0] in read.origins and type(path[1]) is int:
            origins = read.origins[str(path[0])]
            if path[1] < len(origins):
                index, position = origins[path[1]]
                moved = (path[0], position, *path[2:])
        by_file.setdefault(index, []).append(attrs.evolve(issue, path=moved, line=None))
    out: list[Issue] = []
    for index in sorted(by_file):
        source = str(read.files[index])
        out.extend(_json.locate(by_file[index], read.texts[index], source=source))
    return out


def validate(folder: PathLike) -> ValidationReport:
    """
    Validate a base folder as one evidence base: every issue names its file, line and
    column (see the module docstring for the layout).

    Raises:
        OSError: A file of the folder cannot be read.
    """
    from innovscale.validation._pipeline import check_unchecked, validate_data  # noqa: PLC0415

    with gc_paused():
        # As for one document: parse without the depth check, which structuring proves;
        # only if it cannot, parse again with it, so that too deep a file is reported.
        read = _read(folder, checked=False)
        found = check_unchecked(read.value)
        if found is None:
            read = _read(folder)
            found = (list(validate_data(read.value).issues), None)
        issues = [*read.issues, *_placed(read, found[0])]
        del found
    sources = tuple(str(path) for path in read.files)
    return ValidationReport(issues=tuple(issues), sources=sources)


def load(folder: PathLike) -> EvidenceBase:
    """
    Read a base folder into one :class:`~innovscale.EvidenceBase` (parse and schema
    tiers, as :func:`innovscale.load`).

    Raises:
        InvalidDocument: A file does not fit; issues name the file, line and column.
    """
    from innovscale.serialization import converter  # noqa: PLC0415

    with gc_paused():
        read = _read(folder)
        if read.issues:
            raise InvalidDocument(ValidationReport(issues=tuple(read.issues)))
        try:
            base: EvidenceBase = converter.structure_checked(read.value, EvidenceBase)
        except InvalidDocument as exc:
            raise InvalidDocument(
                ValidationReport(issues=tuple(_placed(read, exc.report.issues)))
            ) from None
    return base


# -- splitting -----------------------------------------------------------------------------


def _owner(record: Any) -> str | None:
    """The one innovation a record is about, if it references exactly one."""
    from innovscale.model import Innovation  # noqa: PLC0415
    from innovscale.validation._walk import plan  # noqa: PLC0415

    if isinstance(record, Innovation):
        return record.id
    found: set[str] = set()

    def walk(obj: Any, depth: int) -> None:
        for field in plan(type(obj)):
            value = getattr(obj, field.name)
            values = value if field.many else (value,)
            if field.references == "Innovation":
                found.update(v for v in values if isinstance(v, str))
            elif field.nested is not None and depth < 2:
                for item in values:
                    if item is not None:
                        walk(item, depth + 1)

    walk(record, 0)
    return next(iter(found)) if len(found) == 1 else None


def split(
    base: EvidenceBase,
    directory: PathLike,
    *,
    by: Literal["innovation", "collection"] = "innovation",
) -> list[Path]:
    """
    Write ``base`` as a base folder in ``directory`` and return the files written.

    ``by="innovation"`` writes each innovation with the records about it alone (its
    adoptions, enabler claims, evidence, reach measures, and the levers and activities
    that concern it only) in ``innovations/<id>.json``, and every other record in one
    file per collection; ``by="collection"`` writes one file per collection. The header
    goes to :data:`HEADER`. Reading the folder back (:func:`load`) gives the same
    records (:func:`same_records`).

    Raises:
        FileWriteError: ``directory`` holds JSON files already, or cannot be written.
    """
    from innovscale.serialization import converter  # noqa: PLC0415

    root = Path(directory)
    if root.is_dir() and any(p.suffix == ".json" for p in root.rglob("*")):
        raise FileWriteError(
            f"cannot split into {root}: it holds JSON files already; "
            "split into a new or empty folder"
        )
    groups: dict[Path, dict[str, list[Any]]] = {}
    for name in RECORD_COLLECTIONS:
        for record in getattr(base, name):
            owner = _owner(record) if by == "innovation" else None
            where = Path("innovations", f"{owner}.json") if owner else Path(f"{name}.json")
            groups.setdefault(where, {}).setdefault(name, []).append(record)
    try:
        root.mkdir(parents=True, exist_ok=True)
        if any(where.parent != Path() for where in groups):
            (root / "innovations").mkdir(exist_ok=True)
    except OSError as exc:
        raise FileWriteError(f"cannot write {root}: {exc.strerror or exc}") from exc
    written = [root / HEADER]
    write_bytes_atomic(root / HEADER, converter.write(base.header()))
    for where in sorted(groups, key=lambda p: p.parts):
        path = root / where
        write_bytes_atomic(path, converter.write(groups[where]))
        written.append(path)
    return written


def same_records(a: EvidenceBase, b: EvidenceBase) -> bool:
    """
    Whether ``a`` and ``b`` hold the same header and the same records, whatever their
    order within each collection (files put records in their own order).
    """
    if a.header() != b.header():
        return False
    for name in RECORD_COLLECTIONS:
        left, right = getattr(a, name), getattr(b, name)
        if len(left) != len(right):
            return False
        key = _sort_key
        if sorted(left, key=key) != sorted(right, key=key):
            return False
    return True


def _sort_key(record: Any) -> tuple[str, str]:
    from innovscale.serialization import converter  # noqa: PLC0415

    return (getattr(record, "id", ""), converter.dumps(record))


# -- merging and comparing -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Change:
    """
    One difference between two evidence bases, for a record or the header.

    Attributes:
        kind: ``"added"``, ``"removed"`` or ``"changed"``.
        collection: The record collection (``"innovations"``), or ``""`` for the header.
        id: The record's id (the base's id for the header).
        fields: For a change, each differing field as ``(path, old, new)``; the path
            is relative to the record (``"elements[carb-counting].kind"``), and a value
            that is absent on one side is ``None`` there.
    """

    kind: Literal["added", "removed", "changed"]
    collection: str
    id: str
    fields: tuple[tuple[str, Any, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-compatible data."""
        return {
            "change": self.kind,
            "collection": self.collection,
            "id": self.id,
            "fields": [{"path": p, "old": o, "new": n} for p, o, n in self.fields],
        }

    def __str__(self) -> str:
        what = f"{_TYPE_OF.get(self.collection, 'header')} {self.id}"
        if self.kind == "added":
            return f"+ {what}"
        if self.kind == "removed":
            return f"- {what}"
        lines = [f"~ {what}"]
        lines += [f"    {p}: {_show(o)} -> {_show(n)}" for p, o, n in self.fields]
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return "(absent)"
    text = _json.encode(value, indent=False).decode("utf-8").strip()
    return text if len(text) <= 80 else text[:77] + "..."


def _field_diff(old: Any, new: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """The differing leaves of two JSON values; lists of records with ids match by id."""
    if type(old) is dict and type(new) is dict:
        for key in [*old, *(k for k in new if k not in old)]:
            inner = f"{path}.{key}" if path else str(key)
            yield from _field_diff(old.get(key), new.get(key), inner)
        return
    if type(old) is list and type(new) is list and old != new:
        keyed_old, keyed_new = _by_id(old), _by_id(new)
        if keyed_old is not None and keyed_new is not None:
            for key in [*keyed_old, *(k for k in keyed_new if k not in keyed_old)]:
                yield from _field_diff(keyed_old.get(key), keyed_new.get(key), f"{path}[{key}]")
            if list(keyed_old) != [k for k in keyed_new if k in keyed_old]:
                yield (f"{path} (order)", list(keyed_old), list(keyed_new))
            return
    if old != new:
        yield (path, old, new)


def _by_id(items: list[Any]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for item in items:
        if type(item) is not dict or type(item.get("id")) is not str or item["id"] in out:
            return None
        out[item["id"]] = item
    return out


def _records(base: EvidenceBase) -> dict[tuple[str, str], Any]:
    from innovscale.serialization import converter  # noqa: PLC0415

    out = {}
    for name in RECORD_COLLECTIONS:
        for record in getattr(base, name):
            out[(name, record.id)] = converter.unstructure(record)
    return out


def diff(old: EvidenceBase, new: EvidenceBase) -> list[Change]:
    """
    The records added, removed and changed from ``old`` to ``new`` (and a change to
    the header, listed first), each change with its field paths.

    >>> import attrs, innovscale
    >>> from innovscale import folder
    >>> base = innovscale.load_example()
    >>> renamed = attrs.evolve(base.sources[0], title="Renamed")
    >>> changes = folder.diff(base, attrs.evolve(base, sources=(renamed, *base.sources[1:])))
    >>> print(changes[0])  # doctest: +ELLIPSIS
    ~ source ...
        title: "..." -> "Renamed"
    """
    from innovscale.serialization import converter  # noqa: PLC0415

    changes: list[Change] = []
    header = tuple(
        _field_diff(converter.unstructure(old.header()), converter.unstructure(new.header()))
    )
    if header:
        changes.append(Change(kind="changed", collection="", id=new.id, fields=header))
    before, after = _records(old), _records(new)
    for key, record in before.items():
        if key not in after:
            changes.append(Change(kind="removed", collection=key[0], id=key[1]))
        elif record != after[key]:
            fields = tuple(_field_diff(record, after[key]))
            changes.append(Change(kind="changed", collection=key[0], id=key[1], fields=fields))
    changes.extend(
        Change(kind="added", collection=key[0], id=key[1]) for key in after if key not in before
    )
    return changes


@attrs.frozen(kw_only=True)
class Conflict:
    """
    One id with different content in two inputs of :func:`merge`.

    Attributes:
        collection: The record collection, or ``""`` for the header.
        id: The record's id.
        first: Where the kept (first) version is: its input and JSON path.
        second: Where the other version is.
        fields: The differing fields, as in :class:`Change`.
    """

    collection: str
    id: str
    first: str
    second: str
    fields: tuple[tuple[str, Any, Any], ...]

    def issue(self, *, resolved: str | None = None) -> Issue:
        """The conflict as an issue: an error, or a warning once ``--prefer`` chose."""
        what = f"{_TYPE_OF.get(self.collection, 'header')} {self.id!r}"
        shown = "; ".join(f"{p}: {_show(o)} vs {_show(n)}" for p, o, n in self.fields[:5])
        more = f" (and {len(self.fields) - 5} more fields)" if len(self.fields) > 5 else ""
        issue = BASE_CONFLICT.issue(
            f"the {what} differs between {self.first} and {self.second}: {shown}{more}",
            hint=f"Kept the {resolved} version (--prefer {resolved})."
            if resolved
            else "Make the two agree, or choose a side with --prefer first or --prefer last.",
        )
        return attrs.evolve(issue, severity=Severity.WARNING) if resolved else issue


def merge(
    inputs: Sequence[tuple[str, EvidenceBase]],
    *,
    prefer: Literal["first", "last"] | None = None,
) -> tuple[EvidenceBase, list[Conflict]]:
    """
    Merge evidence bases (each with a name for messages) into one.

    Records are matched by collection and id: identical ones collapse into one; one
    id with different content is a :class:`Conflict`, never resolved silently. With
    ``prefer``, the first (or last) input's version is kept and the conflict is still
    returned, for the report; without it the first is kept. The header is the first
    input's; a different header in a later input is a conflict too.
    """
    from innovscale.serialization import converter  # noqa: PLC0415

    if not inputs:
        raise ValueError("merge needs at least one evidence base")
    conflicts: list[Conflict] = []
    header = _merged_header(inputs, prefer, conflicts)
    kept: dict[tuple[str, str], tuple[Any, Any, str]] = {}
    order: list[tuple[str, str]] = []
    for name, base in inputs:
        for collection in RECORD_COLLECTIONS:
            for index, record in enumerate(getattr(base, collection)):
                key = (collection, record.id)
                data = converter.unstructure(record)
                where = f"{name} at {format_json_path((collection, index))}"
                if key not in kept:
                    kept[key] = (record, data, where)
                    order.append(key)
                    continue
                _, seen, seen_where = kept[key]
                if seen == data:
                    continue
                fields = tuple(_field_diff(seen, data))
                conflicts.append(
                    Conflict(
                        collection=collection,
                        id=record.id,
                        first=seen_where,
                        second=where,
                        fields=fields,
                    )
                )
                if prefer == "last":
                    kept[key] = (record, data, where)
    collections: dict[str, list[Any]] = {name: [] for name in RECORD_COLLECTIONS}
    for key in order:
        collections[key[0]].append(kept[key][0])
    return header.with_records(collections), conflicts


def _merged_header(
    inputs: Sequence[tuple[str, EvidenceBase]],
    prefer: Literal["first", "last"] | None,
    conflicts: list[Conflict],
) -> EvidenceBase:
    """The header of a merge: the first input's, or the last differing one's."""
    from innovscale.serialization import converter  # noqa: PLC0415

    first_name, first = inputs[0]
    header = first.header()
    first_data = converter.unstructure(header)
    for name, base in inputs[1:]:
        other = converter.unstructure(base.header())
        if other != first_data:
            fields = tuple(_field_diff(first_data, other))
            conflicts.append(
                Conflict(collection="", id=base.id, first=first_name, second=name, fields=fields)
            )
            if prefer == "last":
                header = base.header()
    return header


def read_any(path: PathLike) -> EvidenceBase:
    """An evidence base from a file (JSON or JSON Lines) or a base folder."""
    from innovscale import serialization  # noqa: PLC0415

    target = Path(path)
    if target.is_dir():
        if not is_base_folder(target):
            raise FileNotFoundError(f"{target} is a folder without {HEADER}, not an evidence base")
        return load(target)
    if target.suffix == ".jsonl":
        return serialization.load_jsonl(target)
    base: EvidenceBase = serialization.load(target)
    return base
