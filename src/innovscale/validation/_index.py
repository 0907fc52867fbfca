"""
The id index of the integrity tier: every record id of a run, its record type, and
where it was first defined.

An id's entry is one int, ``(line + 1) << KIND_BITS | kind``: the line of a JSON
Lines record (0 for a document, whose records are placed by path instead) and the
small number standing for its record type. Ints and strings are all the index
holds, so it costs little memory a record and nothing for the garbage collector to
walk; the references to resolve against it are the tier's
(:mod:`innovscale.validation._integrity`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from innovscale.validation._rules import Loc, Path

__all__ = ["INNOVATION", "KIND_MASK", "SOURCE", "IdIndex", "kind_code", "kind_name"]

KIND_BITS = 8
KIND_MASK = (1 << KIND_BITS) - 1
_CODES: dict[str, int] = {}
_NAMES: list[str] = []


def kind_code(name: str) -> int:
    """
    The small number standing for the record type ``name`` in the index.

    >>> kind_name(kind_code("Organisation")) == "Organisation"
    True
    """
    code = _CODES.get(name)
    if code is None:
        if len(_NAMES) > KIND_MASK:  # pragma: no cover - the model has about 40 classes
            raise ValueError("too many record types")
        code = _CODES[name] = len(_NAMES)
        _NAMES.append(name)
    return code


def kind_name(entry: int) -> str:
    """The record type of an index entry (or of a kind code)."""
    return _NAMES[entry & KIND_MASK]


INNOVATION = kind_code("Innovation")
SOURCE = kind_code("Source")


class IdIndex:
    """
    Every id seen so far, with its record type and where it was first defined.

    >>> index = IdIndex()
    >>> index.add("dafne", kind_code("Innovation"), ("innovations", 0), None) is None
    True
    >>> previous = index.add("dafne", kind_code("Source"), ("sources", 0), None)
    >>> kind_name(previous), index.first_loc("dafne", previous)
    ('Innovation', (None, ('innovations', 0)))
    >>> index.kind("dafne"), index.kind("dafnee")
    ('Innovation', None)
    """

    __slots__ = ("_candidates", "_paths", "entries")

    def __init__(self) -> None:
        #: Every id's entry; read directly by the tier's reference walk, for speed.
        self.entries: dict[str, int] = {}
        # Where each id was first defined, for ids defined without a line (documents).
        self._paths: dict[str, Path] = {}
        self._candidates: dict[int, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, record_id: str, kind: int, path: Path, line: int | None) -> int | None:
        """
        Record ``record_id`` as a record of type ``kind`` at ``path`` (or ``line``);
        if it is already known, record nothing and return the first definition's entry.
        """
        first = self.entries.get(record_id)
        if first is not None:
            return first
        if line is None:
            self.entries[record_id] = kind
            self._paths[record_id] = path
        else:
            self.entries[record_id] = (line + 1) << KIND_BITS | kind
        self._candidates = None
        return None

    def kind(self, record_id: str) -> str | None:
        """The record type of ``record_id``, or ``None`` if no record has that id."""
        entry = self.entries.get(record_id)
        return None if entry is None else _NAMES[entry & KIND_MASK]

    def first_loc(self, record_id: str, entry: int) -> Loc:
        """Where the record whose entry is ``entry`` was defined: its line, or its path."""
        line = (entry >> KIND_BITS) - 1
        if line >= 0:
            return (line, ())
        return (None, self._paths[record_id])

    def candidates(self, target: str) -> list[str]:
        """The ids of the records of type ``target``, for did-you-mean hints."""
        if self._candidates is None:  # built at the first dangling reference, once all are in
            self._candidates = {}
            for key, entry in self.entries.items():
                self._candidates.setdefault(entry & KIND_MASK, []).append(key)
        code = _CODES.get(target)
        return [] if code is None else self._candidates.get(code, [])
