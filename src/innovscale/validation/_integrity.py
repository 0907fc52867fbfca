"""
The integrity tier: what JSON Schema cannot express.

The tier works on JSON data (dicts and lists), not on model objects, so it runs
even when some records failed the schema tier, and it works record by record:
:class:`Integrity` keeps small indexes (each id with its record type and line, the
element ids and kinds and the origin year of each innovation, the innovation of
each adoption), never the records.

References are resolved as soon as their target is known, against the ids seen so
far; only the references to records not seen yet are kept, with their line and
path, until :meth:`Integrity.finish`. So JSON Lines files are checked in memory
that grows with the number of ids, not with the size of the input, and the state
is made of strings and ints, which the garbage collector does not have to walk.
Issues come out in the same order as if every check ran at the end.

References are found from the model's field metadata
(``attrs.fields(cls).<field>.metadata["references"]``), walking nested classes;
nested classes that cannot hold a reference are not walked.
"""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import CatalogueEntry, define
from innovscale._suggest import Suggester
from innovscale.exceptions import InvariantError
from innovscale.model import (
    RECORD_COLLECTIONS,
    Adoption,
    EnablerClaim,
    Innovation,
    PartialDate,
    ReachMeasure,
)
from innovscale.report import Issue, Severity, format_json_path
from innovscale.validation._deferred import PENDING, Deferred
from innovscale.validation._walk import plan

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Integrity"]


REF_DANGLING = define(
    "ref.dangling",
    tier="integrity",
    title="Dangling reference",
    explanation=(
        "A reference names a record (or, for '<innovation>#<element>', an element) that is not in "
        "the evidence base. The message names the record type the field expects."
    ),
    example='{"adoptions": [{"innovation": "dafnee", ...}]} with no innovation \'dafnee\'',
    fix="Add the missing record, or correct the id; the hint suggests close ids.",
)
REF_WRONG_TYPE = define(
    "ref.wrong_type",
    tier="integrity",
    title="Reference to the wrong type of record",
    explanation=(
        "A reference names a record that exists but is of another type, e.g. an adoption's "
        "'adopter' naming an innovation."
    ),
    example='{"adopter": "dafne"} where \'dafne\' is an innovation',
    fix="Name a record of the type the field expects.",
)
ID_DUPLICATE = define(
    "id.duplicate",
    tier="integrity",
    title="Duplicate record id",
    explanation=(
        "Two records share an id. Ids are unique across the whole evidence base, whatever the "
        "record type, so every reference is unambiguous."
    ),
    example='{"sources": [{"id": "dafne", ...}], "innovations": [{"id": "dafne", ...}]}',
    fix="Rename one of the records and update the references to it.",
)
ELEMENT_DUPLICATE_ID = define(
    "element.duplicate_id",
    tier="integrity",
    title="Duplicate element id",
    explanation=(
        "Two elements of one innovation share an id, so '<innovation>#<element>' addresses are "
        "ambiguous."
    ),
    example='{"elements": [{"id": "course", ...}, {"id": "course", ...}]}',
    fix="Give each element of the innovation its own id.",
)
VEHICLE_DUPLICATE_ID = define(
    "vehicle.duplicate_id",
    tier="integrity",
    title="Duplicate scaling-vehicle id",
    explanation=(
        "Two scaling vehicles of one innovation share an id, so licence chains are ambiguous."
    ),
    example='{"scaling_vehicles": [{"id": "uk", ...}, {"id": "uk", ...}]}',
    fix="Give each scaling vehicle of the innovation its own id.",
)
ADAPTATION_DUPLICATE_ID = define(
    "adaptation.duplicate_id",
    tier="integrity",
    title="Duplicate adaptation id",
    explanation="Two adaptations of one adoption share an id, so evidence cannot point at one.",
    example='{"adaptations": [{"id": "weekly", ...}, {"id": "weekly", ...}]}',
    fix="Give each adaptation of the adoption its own id.",
)
ADAPTATION_UNKNOWN_ELEMENT = define(
    "adaptation.unknown_element",
    tier="integrity",
    title="Adaptation of an element the innovation does not have",
    explanation=(
        "An adaptation names an element id that the adopted innovation does not have (sometimes an"
        " element of another innovation)."
    ),
    example='{"innovation": "dafne", "adaptations": [{"elements": ["triage"], ...}]}',
    fix="Name an element of the adopted innovation, by its id within that innovation.",
)
ADAPTATION_CORE_FIDELITY = define(
    "adaptation.core_fidelity",
    tier="integrity",
    severity=Severity.WARNING,
    title="Core element changed but called fidelity-consistent",
    explanation=(
        "An adaptation changes a core element yet claims to be fidelity-consistent. Core elements "
        "carry the innovation's impact; changing one is rarely consistent with fidelity, so the "
        "claim needs a second look."
    ),
    example=(
        '{"elements": ["carbohydrate-counting"], "fidelity": "fidelity_consistent"} where '
        "carbohydrate-counting is core"
    ),
    fix=(
        "Check the coding: make the fidelity 'fidelity_inconsistent' or 'unknown', or say in "
        "'description' why the core function is preserved."
    ),
)
VEHICLE_LICENCE_UNKNOWN = define(
    "vehicle.licence_unknown",
    tier="integrity",
    title="Licence from an unknown vehicle",
    explanation=(
        "A scaling vehicle's 'licenses_from' names a vehicle id the innovation does not have."
    ),
    example=(
        '{"scaling_vehicles": [{"id": "uk", "licenses_from": "us", ...}]} with no vehicle \'us\''
    ),
    fix="Add the licensing vehicle to the same innovation, or correct the id.",
)
VEHICLE_LICENCE_CYCLE = define(
    "vehicle.licence_cycle",
    tier="integrity",
    title="Licence cycle",
    explanation=(
        "Scaling vehicles license from each other in a circle, so no vehicle holds the original "
        "licence."
    ),
    example='{"id": "a", "licenses_from": "b"}, {"id": "b", "licenses_from": "a"}',
    fix="Remove 'licenses_from' from the vehicle that holds the original licence.",
)
DATE_BEFORE_ORIGIN = define(
    "date.before_origin",
    tier="integrity",
    title="Date before the innovation began",
    explanation=(
        "A date (an adoption's start, a reach figure's date, a scaling vehicle's start) is "
        "certainly before the year the innovation originated."
    ),
    example='{"origin": {"year": 1998}} and an adoption with {"period": {"start": "1995"}}',
    fix="Correct the date or the innovation's origin year.",
)
REACH_ADOPTION_MISMATCH = define(
    "reach.adoption_mismatch",
    tier="integrity",
    title="Reach measure of another innovation's adoption",
    explanation=(
        "A reach measure names an adoption of a different innovation than the one it measures."
    ),
    example='{"innovation": "dafne", "adoption": "schwartz-at-leeds"}',
    fix="Name an adoption of the measured innovation, or correct 'innovation'.",
)
SOURCE_UNUSED = define(
    "source.unused",
    tier="integrity",
    severity=Severity.WARNING,
    title="Unused source",
    explanation=(
        "A source is never cited: no record names it in 'sources' or 'citation'. It may be left "
        "over, or a citation may be missing."
    ),
    example='{"sources": [{"id": "heller-2002", ...}]} and nothing citing heller-2002',
    fix="Cite the source where its facts are used, or remove it.",
)
CLAIM_NO_EVIDENCE = define(
    "claim.no_evidence",
    tier="integrity",
    severity=Severity.WARNING,
    title="Claim resting on nothing",
    explanation=(
        "An enabler claim names neither evidence nor sources. A claim is an assessment, and a "
        "reader needs to see what it rests on."
    ),
    example='{"id": "dafne-evidence", "enabler": "...", "narrative": "..."}',
    fix="Add the evidence records or the sources the claim rests on.",
)
SUPPORT_TAKEOVER_WITHOUT_FUNDING = define(
    "support.takeover_without_funding",
    tier="integrity",
    severity=Severity.WARNING,
    title="Takeover without funding",
    explanation=(
        "Support names who took over funding ('takeover') but not what was funded ('funding'), so "
        "the pump-priming pattern cannot be read."
    ),
    example='{"kind": "pump_priming", "takeover": "leeds-ccg"}',
    fix="Add 'funding' (amount, currency and months), or remove 'takeover'.",
)
JSONL_DUPLICATE_HEADER = define(
    "jsonl.duplicate_header",
    tier="integrity",
    title="More than one header line",
    explanation=(
        "A JSON Lines evidence base has more than one 'evidence_base' line; only one can describe "
        "the base."
    ),
    example='{"evidence_base": {...}} on lines 1 and 40',
    fix="Keep one header line.",
)

Path = tuple[str | int, ...]
#: Where something is: a JSON Lines line number (or ``None``) and a JSON path.
Loc = tuple[int | None, Path]

#: References resolved within a record rather than across the base.
_LOCAL_TARGETS = ("ScalingVehicle",)
#: A hint lists at most this many elements of an innovation.
_MAX_LISTED = 20

#: An id's entry in ``Integrity._ids`` is ``(line + 1) << _KIND_BITS | kind code``.
_KIND_BITS = 8
_KIND_MASK = (1 << _KIND_BITS) - 1
_KIND_CODES: dict[str, int] = {}
_KIND_NAMES: list[str] = []

_intern = sys.intern


def _kind_code(name: str) -> int:
    """The small number standing for the record type ``name`` in the id index."""
    code = _KIND_CODES.get(name)
    if code is None:
        if len(_KIND_NAMES) > _KIND_MASK:  # pragma: no cover - the model has about 40 classes
            raise ValueError("too many record types")
        code = _KIND_CODES[name] = len(_KIND_NAMES)
        _KIND_NAMES.append(name)
    return code


_INNOVATION = _kind_code("Innovation")
_SOURCE = _kind_code("Source")


def _where(loc: Loc) -> str:
    line, path = loc
    return f"line {line}" if line is not None else format_json_path(path)


def _str(value: Any) -> str | None:
    return value if type(value) is str else None


def _list(value: Any) -> list[Any]:
    return value if type(value) is list else []


def _dict(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}


#: One step of a walk: a field name, whether it is an array, and either the steps
#: into the class it nests or the record type its strings reference, with its code
#: (-1 for elements, which are addressed through their innovation).
_Step = tuple[str, bool, "tuple[_Step, ...] | None", str, int]
_STEPS: dict[type[Any], tuple[_Step, ...]] = {}


def _steps(cls: type[Any]) -> tuple[_Step, ...]:
    """The fields of ``cls`` that hold cross-record references, directly or nested."""
    found = _STEPS.get(cls)
    if found is None:
        out: list[_Step] = []
        for field in plan(cls):
            if field.nested is not None:
                inner = _steps(field.nested)
                if inner:
                    out.append((field.name, field.many, inner, "", -1))
            elif field.references is not None and field.references not in _LOCAL_TARGETS:
                target = field.references
                code = -1 if target == "Element" else _kind_code(target)
                out.append((field.name, field.many, None, target, code))
        found = _STEPS[cls] = tuple(out)
    return found


#: Pending facts are swept (those now settled dropped) when, at a check every
#: ``_SWEEP_CHECK`` records, there are ``_SWEEP_AFTER`` more of them than after the
#: last sweep; so the sweeps cost O(1) a fact.
_SWEEP_CHECK = 1024
_SWEEP_AFTER = 4096


class Integrity:
    """
    Cross-record checks, fed one record (or one whole base) at a time.

    Call :meth:`add_base` or :meth:`add_record` for the data, then :meth:`finish`
    once for the issues. Issues carry paths; in JSON Lines mode also the line.

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        # Every id: (line + 1) << _KIND_BITS | the code of its record type.
        self._ids: dict[str, int] = {}
        # Where each id was first defined, for ids defined without a line (documents).
        self._id_paths: dict[str, Path] = {}
        self._elements: dict[str, dict[str, str]] = {}
        self._origins: dict[str, int] = {}
        self._adoption_innovation: dict[str, str] = {}
        # Sources not cited so far, and ids cited as sources before they were defined.
        self._uncited: dict[str, Loc] = {}
        self._cited_early: set[str] = set()
        # Facts that could not be resolved yet, and the issues of those that were.
        self._refs: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(self._settle_ref)
        self._adapted: Deferred[tuple[str, str, str, int | None, Path], Issue] = Deferred(
            self._settle_adapted
        )
        self._dated: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(
            self._settle_dated
        )
        self._reach_adoptions: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(
            self._settle_reach
        )
        self._headers: list[Loc] = []
        self._kinds: dict[str, str] = {}
        self._sweep_at = _SWEEP_AFTER
        self._records = 0
        # Where each scaling vehicle id was first seen, and licences from unknown vehicles
        # (issue index, vehicle id, innovation), to say where such a vehicle is.
        self._vehicle_homes: dict[str, tuple[str | None, Loc]] = {}
        self._licence_unknown: list[tuple[int, str, str | None]] = []
        #: Did-you-mean hints, with one budget for the whole run.
        self.suggester = Suggester()
        self._candidates: dict[int, list[str]] | None = None

    # -- feeding ----------------------------------------------------------------------------

    @staticmethod
    def _make(
        code: CatalogueEntry,
        message: str,
        loc: Loc,
        *,
        value: Any = None,
        hint: str | None = None,
        has_value: bool = True,
    ) -> Issue:
        line, path = loc
        extra: dict[str, Any] = {"value": value} if has_value else {}
        return code.issue(message, path=path, hint=hint, line=line, **extra)

    def _issue(
        self,
        code: CatalogueEntry,
        message: str,
        loc: Loc,
        *,
        value: Any = None,
        hint: str | None = None,
        has_value: bool = True,
    ) -> None:
        self.issues.append(
            self._make(code, message, loc, value=value, hint=hint, has_value=has_value)
        )

    def add_base(self, data: Any, path: Path = (), line: int | None = None) -> None:
        """Add every record of an evidence base (JSON data)."""
        base = _dict(data)
        for name, cls in RECORD_COLLECTIONS.items():
            for index, record in enumerate(_list(base.get(name))):
                self.add_record(cls, record, (*path, name, index), line)

    def add_header(self, data: Any, path: Path, line: int | None) -> None:
        """Add the header line of a JSON Lines evidence base (and any records it holds)."""
        loc = (line, path)
        if self._headers:
            self._issue(
                JSONL_DUPLICATE_HEADER,
                f"a second evidence_base header (the first is at {_where(self._headers[0])})",
                loc,
                has_value=False,
                hint="Keep one 'evidence_base' line.",
            )
        self._headers.append(loc)
        self.add_base(data, path, line)

    def _first_loc(self, record_id: str, entry: int) -> Loc:
        line = (entry >> _KIND_BITS) - 1
        if line >= 0:
            return (line, ())
        return (None, self._id_paths[record_id])

    def add_record(self, cls: type[Any], data: Any, path: Path, line: int | None = None) -> None:
        """Add one top-level record of type ``cls`` (JSON data) found at ``path``."""
        if type(data) is not dict:
            return
        record_id = data.get("id")
        if type(record_id) is str:
            first = self._ids.get(record_id)
            if first is not None:
                kind = _KIND_NAMES[first & _KIND_MASK]
                self._issue(
                    ID_DUPLICATE,
                    f"the id {record_id!r} is already used by a {kind} at "
                    f"{_where(self._first_loc(record_id, first))}",
                    (line, (*path, "id")),
                    value=record_id,
                    hint="Ids are unique across the whole evidence base; rename one record.",
                )
            else:
                code = _kind_code(cls.__name__)
                if line is None:
                    self._ids[record_id] = code
                    self._id_paths[record_id] = path
                else:
                    self._ids[record_id] = (line + 1) << _KIND_BITS | code
                if code == _SOURCE:
                    if record_id in self._cited_early:
                        self._cited_early.discard(record_id)
                    else:
                        self._uncited[record_id] = (line, path)
        steps = _steps(cls)
        if steps:
            self._walk(steps, data, path, line)
        check = _CHECKS.get(cls)
        if check is not None:
            check(self, data, path, line)
        self._records += 1
        if self._records % _SWEEP_CHECK == 0 and self._pending() > self._sweep_at:
            self._sweep()

    def _pending(self) -> int:
        return len(self._refs) + len(self._adapted) + len(self._dated) + len(self._reach_adoptions)

    def _sweep(self) -> None:
        """Settle the pending facts whose targets have been seen since (JSON Lines order)."""
        for queue in (self._refs, self._adapted, self._dated, self._reach_adoptions):
            queue.sweep()
        self._sweep_at = self._pending() + _SWEEP_AFTER

    def _settle_ref(self, fact: tuple[str, str, int | None, Path]) -> Any:
        target, text, line, path = fact
        if target == "Element":
            innovation = text.partition("#")[0]
            found = self._ids.get(innovation)
            if found is None or (
                found & _KIND_MASK == _INNOVATION and innovation not in self._elements
            ):
                return PENDING
        elif text not in self._ids:
            return PENDING
        return self._ref_issue(target, text, (line, path), final=False)

    def _settle_adapted(self, fact: tuple[str, str, str, int | None, Path]) -> Any:
        kinds = self._elements.get(fact[0])
        if kinds is None or fact[1] not in kinds:
            return PENDING  # an unknown element's hint needs every innovation
        return self._finish_adapted(fact, {})

    def _settle_dated(self, fact: tuple[str, str, int | None, Path]) -> Any:
        return self._finish_dated(fact) if fact[0] in self._elements else PENDING

    def _settle_reach(self, fact: tuple[str, str, int | None, Path]) -> Any:
        return self._finish_reach(fact) if fact[0] in self._adoption_innovation else PENDING

    def _walk(  # noqa: C901, PLR0912 - the walk over every record kind, kept in one loop for speed
        self, steps: tuple[_Step, ...], data: dict[str, Any], path: Path, line: int | None
    ) -> None:
        ids = self._ids
        uncited = self._uncited
        for name, many, nested, target, code in steps:
            value = data.get(name)
            if value is None:
                continue
            if nested is not None:
                if not many:
                    if type(value) is dict:
                        self._walk(nested, value, (*path, name), line)
                elif type(value) is list:
                    for index, item in enumerate(value):
                        if type(item) is dict:
                            self._walk(nested, item, (*path, name, index), line)
                continue
            # The common case inline: a reference to a record of the right type seen
            # before (a source is also crossed off the uncited ones).
            if not many:
                if type(value) is str:
                    if code == _SOURCE and value in uncited:
                        del uncited[value]
                        continue
                    found = ids.get(value)
                    if found is None or found & _KIND_MASK != code:
                        self._reference(target, value, line, path, name)
            elif type(value) is list:
                if code < 0 and not any("#" in item for item in value if type(item) is str):
                    continue  # elements of the adopted innovation: see _adoption
                for index, item in enumerate(value):
                    if type(item) is str:
                        if code == _SOURCE and item in uncited:
                            del uncited[item]
                            continue
                        found = ids.get(item)
                        if found is None or found & _KIND_MASK != code:
                            self._reference(target, item, line, path, name, index)

    def _reference(  # noqa: C901 - one branch per reference kind
        self, target: str, text: str, line: int | None, path: Path, *where: str | int
    ) -> None:
        """Resolve one reference now if its target is known; otherwise keep it for later."""
        if target == "Source":
            if text in self._uncited:
                del self._uncited[text]
            elif text not in self._ids:
                self._cited_early.add(text)
        elif target == "Element":
            innovation, hash_, element_id = text.partition("#")
            if not hash_:
                return  # an element of the adopted innovation: see _adoption
            kinds = self._elements.get(innovation)
            found = self._ids.get(innovation)
            if found is not None and found & _KIND_MASK == _INNOVATION and kinds is not None:
                if element_id in kinds:
                    return
            elif found is None or found & _KIND_MASK == _INNOVATION:
                self._refs.defer((target, text, line, (*path, *where)))
                return
            issue = self._ref_issue(target, text, (line, (*path, *where)), final=False)
            if issue is not None:
                self._refs.settled(issue)
            return
        found = self._ids.get(text)
        if found is None:
            self._refs.defer((target, text, line, (*path, *where)))
        elif _KIND_NAMES[found & _KIND_MASK] != target:
            issue = self._ref_issue(target, text, (line, (*path, *where)), final=False)
            if issue is not None:
                self._refs.settled(issue)

    # -- record checks ----------------------------------------------------------------------

    def _innovation(self, data: dict[str, Any], path: Path, line: int | None) -> None:
        innovation_id = _str(data.get("id"))
        kinds: dict[str, str] = {}
        for index, element in enumerate(_list(data.get("elements"))):
            element_id = _str(_dict(element).get("id"))
            if element_id is None:
                continue
            if element_id in kinds:
                self._issue(
                    ELEMENT_DUPLICATE_ID,
                    f"another element of this innovation already has the id {element_id!r}",
                    (line, (*path, "elements", index, "id")),
                    value=element_id,
                    hint="Give each element of the innovation its own id.",
                )
                continue
            kind = _str(_dict(element).get("kind")) or ""
            kinds[element_id] = self._kinds.setdefault(kind, kind)
        origin_year = _dict(data.get("origin")).get("year")
        year = origin_year if type(origin_year) is int else None
        if innovation_id is not None and innovation_id not in self._elements:
            self._elements[innovation_id] = kinds
            if year is not None:
                self._origins[innovation_id] = year
        self._vehicles(
            _list(data.get("scaling_vehicles")),
            (*path, "scaling_vehicles"),
            line,
            year,
            innovation_id,
        )

    def _vehicles(
        self,
        vehicles: list[Any],
        path: Path,
        line: int | None,
        year: int | None,
        innovation: str | None,
    ) -> None:
        licences: dict[str, str] = {}
        index_of: dict[str, int] = {}
        for index, vehicle in enumerate(vehicles):
            vehicle_id = _str(_dict(vehicle).get("id"))
            if vehicle_id is None:
                continue
            if vehicle_id in index_of:
                self._issue(
                    VEHICLE_DUPLICATE_ID,
                    f"another scaling vehicle of this innovation already has the id {vehicle_id!r}",
                    (line, (*path, index, "id")),
                    value=vehicle_id,
                    hint="Give each scaling vehicle of the innovation its own id.",
                )
                continue
            index_of[vehicle_id] = index
            self._vehicle_homes.setdefault(vehicle_id, (innovation, (line, (*path, index))))
            start = _str(_dict(_dict(vehicle).get("period")).get("start"))
            if year is not None and start is not None:
                self._check_date(year, start, (line, (*path, index, "period", "start")))
        for index, vehicle in enumerate(vehicles):
            body = _dict(vehicle)
            vehicle_id = _str(body.get("id"))
            source = _str(body.get("licenses_from"))
            if vehicle_id is None or source is None or source == vehicle_id:
                continue
            if index_of.get(vehicle_id) != index:
                continue
            if source not in index_of:
                close = self.suggester.closest(source, index_of.keys())
                self._issue(
                    VEHICLE_LICENCE_UNKNOWN,
                    f"this innovation has no scaling vehicle {source!r} to license from",
                    (line, (*path, index, "licenses_from")),
                    value=source,
                    hint=(f"Did you mean {close!r}? " if close else "")
                    + "Add the licensing vehicle to the same innovation, or correct the id.",
                )
                self._licence_unknown.append((len(self.issues) - 1, source, innovation))
                continue
            licences[vehicle_id] = source
        for found in _cycles(licences):
            # Report each circle once, at its vehicle that comes first in the list.
            first = min(range(len(found)), key=lambda i: index_of[found[i]])
            cycle = found[first:] + found[:first]
            shown = cycle if len(cycle) <= _MAX_LISTED else [*cycle[:_MAX_LISTED], "…"]
            circle = " -> ".join([*shown, cycle[0]])
            self._issue(
                VEHICLE_LICENCE_CYCLE,
                f"scaling vehicles license from each other in a circle of {len(cycle)}: {circle}"
                if len(cycle) > _MAX_LISTED
                else f"scaling vehicles license from each other in a circle: {circle}",
                (line, (*path, index_of[cycle[0]], "licenses_from")),
                value=licences[cycle[0]],
                hint="Remove 'licenses_from' from the vehicle that holds the original licence.",
            )

    def _adoption(self, data: dict[str, Any], path: Path, line: int | None) -> None:
        adoption_id = _str(data.get("id"))
        innovation = _str(data.get("innovation"))
        if innovation is not None:
            innovation = _intern(innovation)
            if adoption_id is not None:
                self._adoption_innovation.setdefault(adoption_id, innovation)
        adaptations = data.get("adaptations")
        if type(adaptations) is list:
            self._adaptations(adaptations, innovation, path, line)
        if innovation is not None:
            start = _str(_dict(data.get("period")).get("start"))
            if start is not None:
                self._date(innovation, start, line, (*path, "period", "start"))
            for index, reach in enumerate(_list(data.get("reach"))):
                as_of = _str(_dict(reach).get("as_of"))
                if as_of is not None:
                    self._date(innovation, as_of, line, (*path, "reach", index, "as_of"))
        for index, support in enumerate(_list(data.get("support"))):
            body = _dict(support)
            if body.get("takeover") is not None and body.get("funding") is None:
                self._issue(
                    SUPPORT_TAKEOVER_WITHOUT_FUNDING,
                    "the support names who took over funding but not what was funded",
                    (line, (*path, "support", index, "takeover")),
                    value=body.get("takeover"),
                    hint="Add 'funding' (amount, currency and months), or remove 'takeover'.",
                )

    def _adaptations(
        self, adaptations: list[Any], innovation: str | None, path: Path, line: int | None
    ) -> None:
        seen: set[str] = set()
        kinds = self._elements.get(innovation) if innovation is not None else None
        for index, adaptation in enumerate(adaptations):
            body = _dict(adaptation)
            adaptation_id = _str(body.get("id"))
            if adaptation_id is not None:
                if adaptation_id in seen:
                    self._issue(
                        ADAPTATION_DUPLICATE_ID,
                        f"another adaptation of this adoption already has the id {adaptation_id!r}",
                        (line, (*path, "adaptations", index, "id")),
                        value=adaptation_id,
                        hint="Give each adaptation of the adoption its own id.",
                    )
                seen.add(adaptation_id)
            if innovation is None:
                continue
            fidelity = _str(body.get("fidelity")) or ""
            for position, element in enumerate(_list(body.get("elements"))):
                if type(element) is not str:
                    continue
                if kinds is not None:
                    kind = kinds.get(element)
                    if kind is not None:
                        if kind == "core" and fidelity == "fidelity_consistent":
                            where = (*path, "adaptations", index, "elements", position)
                            issue = self._adapted_issue(element, (line, where))
                            self._adapted.settled(issue)
                        continue
                # Not known yet, or an unknown element (whose hint needs the whole base).
                where = (*path, "adaptations", index, "elements", position)
                self._adapted.defer((innovation, element, fidelity, line, where))

    def _date(self, innovation: str, text: str, line: int | None, path: Path) -> None:
        if innovation not in self._elements:
            self._dated.defer((innovation, text, line, path))
            return
        year = self._origins.get(innovation)
        if year is not None:
            issue = self._date_issue(year, text, (line, path))
            if issue is not None:
                self._dated.settled(issue)

    def _claim(self, data: dict[str, Any], path: Path, line: int | None) -> None:
        if not _list(data.get("evidence")) and not _list(data.get("sources")):
            self._issue(
                CLAIM_NO_EVIDENCE,
                "the enabler claim names neither evidence nor sources",
                (line, path),
                has_value=False,
                hint="Add the evidence records or the sources the claim rests on.",
            )

    def _reach_measure(self, data: dict[str, Any], path: Path, line: int | None) -> None:
        innovation = _str(data.get("innovation"))
        if innovation is None:
            return
        as_of = _str(data.get("as_of"))
        if as_of is not None:
            self._date(innovation, as_of, line, (*path, "as_of"))
        start = _str(_dict(data.get("period")).get("start"))
        if start is not None:
            self._date(innovation, start, line, (*path, "period", "start"))
        adoption = _str(data.get("adoption"))
        if adoption is not None:
            actual = self._adoption_innovation.get(adoption)
            if actual is None:
                self._reach_adoptions.defer((adoption, innovation, line, (*path, "adoption")))
            elif actual != innovation:
                issue = self._reach_issue(adoption, innovation, actual, (line, (*path, "adoption")))
                self._reach_adoptions.settled(issue)

    def _check_date(self, year: int, text: str, loc: Loc) -> None:
        issue = self._date_issue(year, text, loc)
        if issue is not None:
            self.issues.append(issue)

    def _date_issue(self, year: int, text: str, loc: Loc) -> Issue | None:
        # A valid date's year is its first four digits, and a date in or after the
        # origin year cannot be before it; an invalid date is the schema tier's.
        head = text[:4]
        if head.isascii() and head.isdigit() and int(head) >= year:
            return None
        try:
            date = PartialDate.parse(text)
        except InvariantError:
            return None  # reported by the schema tier
        if date.latest < (year, 1, 1):
            return self._make(
                DATE_BEFORE_ORIGIN,
                f"{text} is before the innovation's origin year, {year}",
                loc,
                value=text,
                hint="Correct the date, or the innovation's origin year.",
            )
        return None

    # -- the issues of facts resolved at once -----------------------------------------------

    def _adapted_issue(self, element_id: str, loc: Loc) -> Issue:
        return self._make(
            ADAPTATION_CORE_FIDELITY,
            f"the adaptation changes the core element {element_id!r} but is coded "
            "fidelity-consistent",
            loc,
            value=element_id,
            hint="Check the coding, or say in 'description' why the core function is preserved.",
        )

    def _reach_issue(self, adoption: str, innovation: str, actual: str, loc: Loc) -> Issue:
        return self._make(
            REACH_ADOPTION_MISMATCH,
            f"the adoption {adoption!r} is of {actual!r}, not of {innovation!r}",
            loc,
            value=adoption,
            hint="Name an adoption of the measured innovation, or correct 'innovation'.",
        )

    # -- finishing --------------------------------------------------------------------------

    def finish(self) -> list[Issue]:
        """Resolve what needed the whole base and return every issue found."""
        issues = self.issues
        issues.extend(
            self._refs.issues(
                lambda fact: self._ref_issue(fact[0], fact[1], (fact[2], fact[3]), final=True)
            )
        )
        owners: dict[str, str] = {}
        if self._adapted:
            for innovation, kinds in self._elements.items():
                for element_id in kinds:
                    owners.setdefault(element_id, innovation)
        issues.extend(self._adapted.issues(lambda fact: self._finish_adapted(fact, owners)))
        issues.extend(self._dated.issues(self._finish_dated))
        issues.extend(self._reach_adoptions.issues(self._finish_reach))
        for source_id, (line, path) in self._uncited.items():
            self._issue(
                SOURCE_UNUSED,
                f"no record cites the source {source_id!r}",
                (line, (*path, "id")),
                value=source_id,
                hint="Cite it in 'sources' (or an evidence 'citation') where its facts are used, "
                "or remove it.",
            )
        _place_other_vehicles(issues, self._licence_unknown, self._vehicle_homes)
        return issues

    def _finish_adapted(
        self, fact: tuple[str, str, str, int | None, Path], owners: dict[str, str]
    ) -> Issue | None:
        innovation, element_id, fidelity, line, path = fact
        kinds = self._elements.get(innovation)
        if kinds is None:
            return None  # the dangling innovation is reported as a reference
        kind = kinds.get(element_id)
        if kind is None:
            owner = owners.get(element_id)
            hint = (
                f"{element_id!r} is an element of {owner!r}, not of {innovation!r}."
                if owner is not None
                else f"The elements of {innovation!r} are: " + ", ".join(kinds)
            )
            return self._make(
                ADAPTATION_UNKNOWN_ELEMENT,
                f"the adopted innovation {innovation!r} has no element {element_id!r}",
                (line, path),
                value=element_id,
                hint=hint,
            )
        if kind == "core" and fidelity == "fidelity_consistent":
            return self._adapted_issue(element_id, (line, path))
        return None

    def _finish_dated(self, fact: tuple[str, str, int | None, Path]) -> Issue | None:
        innovation, text, line, path = fact
        year = self._origins.get(innovation)
        return None if year is None else self._date_issue(year, text, (line, path))

    def _finish_reach(self, fact: tuple[str, str, int | None, Path]) -> Issue | None:
        adoption, innovation, line, path = fact
        actual = self._adoption_innovation.get(adoption)
        if actual is not None and actual != innovation:
            return self._reach_issue(adoption, innovation, actual, (line, path))
        return None

    def _suggest(self, target: str, text: str) -> str:
        if self._candidates is None:  # built once, at the first dangling reference
            self._candidates = {}
            for key, entry in self._ids.items():
                self._candidates.setdefault(entry & _KIND_MASK, []).append(key)
        candidates = self._candidates.get(_KIND_CODES.get(target, -1), [])
        close = self.suggester.closest(text, candidates)
        return f"Did you mean {close!r}? " if close else ""

    def _kind_of(self, record_id: str) -> str | None:
        entry = self._ids.get(record_id)
        return None if entry is None else _KIND_NAMES[entry & _KIND_MASK]

    def _ref_issue(self, target: str, text: str, loc: Loc, *, final: bool) -> Issue | None:  # noqa: PLR0911 - one issue per way a reference can fail
        """The issue of one reference against every id known now, if it has one."""
        if target == "Element":
            innovation, _, element_id = text.partition("#")
            found = self._kind_of(innovation)
            if found is None:
                assert final  # only pending references can dangle  # noqa: S101
                return self._make(
                    REF_DANGLING,
                    f"{text!r} names an Element of {innovation!r}, but there is no "
                    f"innovation {innovation!r}",
                    loc,
                    value=text,
                    hint=self._suggest("Innovation", innovation)
                    + "Address elements as '<innovation id>#<element id>'.",
                )
            if found != "Innovation":
                return self._make(
                    REF_WRONG_TYPE,
                    f"{innovation!r} is a {found}, not an Innovation with elements",
                    loc,
                    value=text,
                    hint="Address elements as '<innovation id>#<element id>'.",
                )
            elements = self._elements.get(innovation, {})
            if element_id not in elements:
                close = self.suggester.closest(element_id, elements.keys())
                listed = ", ".join(list(itertools.islice(elements, _MAX_LISTED))) or "none"
                if len(elements) > _MAX_LISTED:
                    listed += f" and {len(elements) - _MAX_LISTED} more"
                return self._make(
                    REF_DANGLING,
                    f"{text!r} names an Element, but {innovation!r} has no element {element_id!r}",
                    loc,
                    value=text,
                    hint=(f"Did you mean '{innovation}#{close}'? " if close else "")
                    + f"The elements of {innovation!r} are: {listed}",
                )
            return None
        found = self._kind_of(text)
        if found is None:
            assert final  # only pending references can dangle  # noqa: S101
            return self._make(
                REF_DANGLING,
                f"{text!r} names no {target} record",
                loc,
                value=text,
                hint=self._suggest(target, text)
                + f"Add the {target} with id {text!r}, or correct the reference.",
            )
        if found != target:
            return self._make(
                REF_WRONG_TYPE,
                f"{text!r} is a {found}, but this field names a {target}",
                loc,
                value=text,
                hint=f"Name a {target} here.",
            )
        return None


def _place_other_vehicles(
    issues: list[Issue],
    unknown: list[tuple[int, str, str | None]],
    homes: dict[str, tuple[str | None, Loc]],
) -> None:
    """Say where a licensing vehicle is when it belongs to another innovation."""
    for index, vehicle, innovation in unknown:
        home = homes.get(vehicle)
        if home is None or home[0] == innovation:
            continue
        owner, loc = home
        issues[index] = attrs.evolve(
            issues[index],
            message=f"this innovation has no scaling vehicle {vehicle!r} to license from: "
            f"{vehicle!r} is a vehicle of the innovation {owner!r} (at {_where(loc)})",
            hint="A licence chain links vehicles of one innovation. Record the licensing "
            "vehicle under this innovation too, or correct the id.",
        )


def _cycles(successor: dict[str, str]) -> Iterator[list[str]]:
    """
    Every circle in the graph where each node has at most one ``successor``, each
    once, in the order their first node was met; each node is visited once.

    >>> list(_cycles({"a": "b", "b": "c", "c": "a", "d": "a", "e": "f"}))
    [['a', 'b', 'c']]
    """
    done: set[str] = set()
    for start in successor:
        if start in done:
            continue
        walked: dict[str, int] = {}  # the current walk, node -> its position
        current: str | None = start
        while current is not None and current not in done and current not in walked:
            walked[current] = len(walked)
            current = successor.get(current)
        if current is not None and current in walked:
            path = list(walked)
            yield path[walked[current] :]
        done.update(walked)


_CHECKS = {
    Innovation: Integrity._innovation,  # noqa: SLF001 - the class's own dispatch table
    Adoption: Integrity._adoption,  # noqa: SLF001
    EnablerClaim: Integrity._claim,  # noqa: SLF001
    ReachMeasure: Integrity._reach_measure,  # noqa: SLF001
}
