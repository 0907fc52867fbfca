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

The rules of each record type (unique element ids, licence chains, dates before an
innovation's origin, …) are free functions in :mod:`innovscale.validation._rules`;
the facts they must leave for later wait in :mod:`innovscale.validation._deferred`.

References are found from the model's field metadata
(``attrs.fields(cls).<field>.metadata["references"]``), walking nested classes;
nested classes that cannot hold a reference are not walked.
"""

from __future__ import annotations

import itertools
from typing import Any

from innovscale._codes import CatalogueEntry, define
from innovscale._suggest import Suggester
from innovscale.model import (
    RECORD_COLLECTIONS,
)
from innovscale.report import Issue, Severity
from innovscale.validation import _rules
from innovscale.validation._deferred import PENDING, Deferred
from innovscale.validation._index import (
    INNOVATION,
    KIND_MASK,
    SOURCE,
    IdIndex,
    kind_code,
    kind_name,
)
from innovscale.validation._rules import (
    MAX_LISTED,
    Loc,
    Path,
    dict_or_empty,
    list_or_empty,
    where,
)
from innovscale.validation._walk import plan

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


#: References resolved within a record rather than across the base.
_LOCAL_TARGETS = ("ScalingVehicle", "Benchmark")


def _a(name: str) -> str:
    """``name`` with its indefinite article: 'an Organisation', 'a Source'."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


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
                code = -1 if target == "Element" else kind_code(target)
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
        self.index = IdIndex()
        self.elements: dict[str, dict[str, str]] = {}
        self.origins: dict[str, int] = {}
        self.adoption_innovation: dict[str, str] = {}
        # Sources not cited so far, and ids cited as sources before they were defined.
        self._uncited: dict[str, Loc] = {}
        self._cited_early: set[str] = set()
        # Facts that could not be resolved yet, and the issues of those that were.
        self.refs: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(self._settle_ref)
        self.adapted: Deferred[tuple[str, str, str, int | None, Path], Issue] = Deferred(
            self._settle_adapted
        )
        self.dated: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(
            self._settle_dated
        )
        self.reach_adoptions: Deferred[tuple[str, str, int | None, Path], Issue] = Deferred(
            self._settle_reach
        )
        # Benchmarks of each innovation, and the site measures checked against them.
        self.benchmarks: dict[str, dict[str, _rules.Bench | None]] = {}
        self.measured: Deferred[_rules.Measured, Issue] = Deferred(self._settle_measured)
        # What each evidence record is about, each claim's innovation, related innovations.
        # (about one innovation only: its id; else innovations, adoptions, claims)
        self.evidence_about: dict[str, str | tuple[tuple[str, ...], ...]] = {}
        self.evidence_subjects: dict[str, tuple[frozenset[str], bool, str]] = {}
        self.claim_innovation: dict[str, str] = {}
        self.related: dict[str, set[str]] = {}
        self.claimed: Deferred[_rules.Claimed, Issue] = Deferred(
            lambda fact: _rules.finish_claimed(self, fact, final=False)
        )
        self._headers: list[Loc] = []
        self.kinds: dict[str, str] = {}
        self._sweep_at = _SWEEP_AFTER
        self._records = 0
        # Where each scaling vehicle id was first seen, and licences from unknown vehicles
        # (issue index, vehicle id, innovation), to say where such a vehicle is.
        self.vehicle_homes: dict[str, tuple[str | None, Loc]] = {}
        self.licence_unknown: list[tuple[int, str, str | None]] = []
        #: Did-you-mean hints, with one budget for the whole run.
        self.suggester = Suggester()

    # -- feeding ----------------------------------------------------------------------------

    @staticmethod
    def make(
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

    def report(
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
            self.make(code, message, loc, value=value, hint=hint, has_value=has_value)
        )

    def add_base(self, data: Any, path: Path = (), line: int | None = None) -> None:
        """Add every record of an evidence base (JSON data)."""
        base = dict_or_empty(data)
        for name, cls in RECORD_COLLECTIONS.items():
            for index, record in enumerate(list_or_empty(base.get(name))):
                self.add_record(cls, record, (*path, name, index), line)

    def add_header(self, data: Any, path: Path, line: int | None) -> None:
        """Add the header line of a JSON Lines evidence base (and any records it holds)."""
        loc = (line, path)
        if self._headers:
            self.report(
                JSONL_DUPLICATE_HEADER,
                f"a second evidence_base header (the first is at {where(self._headers[0])})",
                loc,
                has_value=False,
                hint="Keep one 'evidence_base' line.",
            )
        self._headers.append(loc)
        self.add_base(data, path, line)

    def add_record(self, cls: type[Any], data: Any, path: Path, line: int | None = None) -> None:
        """Add one top-level record of type ``cls`` (JSON data) found at ``path``."""
        if type(data) is not dict:
            return
        record_id = data.get("id")
        if type(record_id) is str:
            code = kind_code(cls.__name__)
            first = self.index.add(record_id, code, path, line)
            if first is not None:
                self.report(
                    ID_DUPLICATE,
                    f"the id {record_id!r} is already used by {_a(kind_name(first))} at "
                    f"{where(self.index.first_loc(record_id, first))}",
                    (line, (*path, "id")),
                    value=record_id,
                    hint="Ids are unique across the whole evidence base; rename one record.",
                )
            elif code == SOURCE:
                if record_id in self._cited_early:
                    self._cited_early.discard(record_id)
                else:
                    self._uncited[record_id] = (line, path)
        steps = _steps(cls)
        if steps:
            self._walk(steps, data, path, line)
        check = _rules.RULES.get(cls)
        if check is not None:
            check(self, data, path, line)
        self._report_local(cls, data, path, line)
        self._records += 1
        if self._records % _SWEEP_CHECK == 0 and self._pending() > self._sweep_at:
            self._sweep()

    def _report_local(
        self, cls: type[Any], data: dict[str, Any], path: Path, line: int | None
    ) -> None:
        """Report what the record shows on its own (see :func:`_rules.local_issues`)."""
        for code, message, at, value, hint in _rules.local_issues(cls, data, path):
            self.report(code, message, (line, at), value=value, hint=hint)

    def _pending(self) -> int:
        return sum(len(queue) for queue in self._queues())

    def _queues(self) -> tuple[Deferred[Any, Issue], ...]:
        return (
            self.refs,
            self.adapted,
            self.dated,
            self.reach_adoptions,
            self.measured,
            self.claimed,
        )

    def _sweep(self) -> None:
        """Settle the pending facts whose targets have been seen since (JSON Lines order)."""
        for queue in self._queues():
            queue.sweep()
        self._sweep_at = self._pending() + _SWEEP_AFTER

    def _settle_ref(self, fact: tuple[str, str, int | None, Path]) -> Any:
        target, text, line, path = fact
        if target == "Element":
            innovation = text.partition("#")[0]
            found = self.index.entries.get(innovation)
            if found is None or (
                found & KIND_MASK == INNOVATION and innovation not in self.elements
            ):
                return PENDING
        elif text not in self.index.entries:
            return PENDING
        return self._ref_issue(target, text, (line, path), final=False)

    def _settle_adapted(self, fact: tuple[str, str, str, int | None, Path]) -> Any:
        kinds = self.elements.get(fact[0])
        if kinds is None or fact[1] not in kinds:
            return PENDING  # an unknown element's hint needs every innovation
        return _rules.finish_adapted(self, fact, {})

    def _settle_dated(self, fact: tuple[str, str, int | None, Path]) -> Any:
        return _rules.finish_dated(self, fact) if fact[0] in self.elements else PENDING

    def _settle_reach(self, fact: tuple[str, str, int | None, Path]) -> Any:
        return _rules.finish_reach(self, fact) if fact[0] in self.adoption_innovation else PENDING

    def _settle_measured(self, fact: _rules.Measured) -> Any:
        return _rules.finish_measured(self, fact) if fact[0] in self.elements else PENDING

    def _walk(  # noqa: C901, PLR0912 - the walk over every record kind, kept in one loop for speed
        self, steps: tuple[_Step, ...], data: dict[str, Any], path: Path, line: int | None
    ) -> None:
        ids = self.index.entries
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
                    if code == SOURCE and value in uncited:
                        del uncited[value]
                        continue
                    found = ids.get(value)
                    if found is None or found & KIND_MASK != code:
                        self._reference(target, value, line, path, name)
            elif type(value) is list:
                if code < 0 and not any("#" in item for item in value if type(item) is str):
                    continue  # elements of the adopted innovation: see _adoption
                for index, item in enumerate(value):
                    if type(item) is str:
                        if code == SOURCE and item in uncited:
                            del uncited[item]
                            continue
                        found = ids.get(item)
                        if found is None or found & KIND_MASK != code:
                            self._reference(target, item, line, path, name, index)

    def _reference(  # noqa: C901 - one branch per reference kind
        self, target: str, text: str, line: int | None, path: Path, *where: str | int
    ) -> None:
        """Resolve one reference now if its target is known; otherwise keep it for later."""
        if target == "Source":
            if text in self._uncited:
                del self._uncited[text]
            elif text not in self.index.entries:
                self._cited_early.add(text)
        elif target == "Element":
            innovation, hash_, element_id = text.partition("#")
            if not hash_:
                return  # an element of the adopted innovation: see _adoption
            kinds = self.elements.get(innovation)
            found = self.index.entries.get(innovation)
            if found is not None and found & KIND_MASK == INNOVATION and kinds is not None:
                if element_id in kinds:
                    return
            elif found is None or found & KIND_MASK == INNOVATION:
                self.refs.defer((target, text, line, (*path, *where)))
                return
            issue = self._ref_issue(target, text, (line, (*path, *where)), final=False)
            if issue is not None:
                self.refs.settled(issue)
            return
        found = self.index.entries.get(text)
        if found is None:
            self.refs.defer((target, text, line, (*path, *where)))
        elif kind_name(found) != target:
            issue = self._ref_issue(target, text, (line, (*path, *where)), final=False)
            if issue is not None:
                self.refs.settled(issue)

    # -- record checks ----------------------------------------------------------------------

    # -- the issues of facts resolved at once -----------------------------------------------

    # -- finishing --------------------------------------------------------------------------

    def finish(self) -> list[Issue]:
        """Resolve what needed the whole base and return every issue found."""
        issues = self.issues
        issues.extend(
            self.refs.issues(
                lambda fact: self._ref_issue(fact[0], fact[1], (fact[2], fact[3]), final=True)
            )
        )
        owners: dict[str, str] = {}
        if self.adapted:
            for innovation, kinds in self.elements.items():
                for element_id in kinds:
                    owners.setdefault(element_id, innovation)
        issues.extend(self.adapted.issues(lambda fact: _rules.finish_adapted(self, fact, owners)))
        issues.extend(self.dated.issues(lambda fact: _rules.finish_dated(self, fact)))
        issues.extend(self.reach_adoptions.issues(lambda fact: _rules.finish_reach(self, fact)))
        issues.extend(self.measured.issues(lambda fact: _rules.finish_measured(self, fact)))
        issues.extend(self.claimed.issues(lambda fact: _rules.finish_claimed(self, fact)))
        for source_id, (line, path) in self._uncited.items():
            self.report(
                SOURCE_UNUSED,
                f"no record cites the source {source_id!r}",
                (line, (*path, "id")),
                value=source_id,
                hint="Cite it in 'sources' (or an evidence 'citation') where its facts are used, "
                "or remove it.",
            )
        _rules.place_other_vehicles(issues, self.licence_unknown, self.vehicle_homes)
        return issues

    def _suggest(self, target: str, text: str) -> str:
        close = self.suggester.closest(text, self.index.candidates(target))
        return f"Did you mean {close!r}? " if close else ""

    def _ref_issue(self, target: str, text: str, loc: Loc, *, final: bool) -> Issue | None:  # noqa: PLR0911 - one issue per way a reference can fail
        """The issue of one reference against every id known now, if it has one."""
        if target == "Element":
            innovation, _, element_id = text.partition("#")
            found = self.index.kind(innovation)
            if found is None:
                assert final  # only pending references can dangle  # noqa: S101
                return self.make(
                    REF_DANGLING,
                    f"{text!r} names an Element of {innovation!r}, but there is no "
                    f"innovation {innovation!r}",
                    loc,
                    value=text,
                    hint=self._suggest("Innovation", innovation)
                    + "Address elements as '<innovation id>#<element id>'.",
                )
            if found != "Innovation":
                return self.make(
                    REF_WRONG_TYPE,
                    f"{innovation!r} is a {found}, not an Innovation with elements",
                    loc,
                    value=text,
                    hint="Address elements as '<innovation id>#<element id>'.",
                )
            elements = self.elements.get(innovation, {})
            if element_id not in elements:
                close = self.suggester.closest(element_id, elements.keys())
                listed = ", ".join(list(itertools.islice(elements, MAX_LISTED))) or "none"
                if len(elements) > MAX_LISTED:
                    listed += f" and {len(elements) - MAX_LISTED} more"
                return self.make(
                    REF_DANGLING,
                    f"{text!r} names an Element, but {innovation!r} has no element {element_id!r}",
                    loc,
                    value=text,
                    hint=(f"Did you mean '{innovation}#{close}'? " if close else "")
                    + f"The elements of {innovation!r} are: {listed}",
                )
            return None
        found = self.index.kind(text)
        if found is None:
            assert final  # only pending references can dangle  # noqa: S101
            return self.make(
                REF_DANGLING,
                f"{text!r} names no {target} record",
                loc,
                value=text,
                hint=self._suggest(target, text)
                + f"Add the {target} with id {text!r}, or correct the reference.",
            )
        if found != target:
            return self.make(
                REF_WRONG_TYPE,
                f"{text!r} is a {found}, but this field names a {target}",
                loc,
                value=text,
                hint=f"Name a {target} here.",
            )
        return None
