"""
validation._integrity: the integrity tier gives exactly the issues of its reference.

* The tier, which resolves references as soon as their target is known
  and keeps compact state, is compared with its first, straightforward version
  (:class:`ReferenceIntegrity`, below: every fact kept, every check at the end) on
  hypothesis evidence bases with mutations that break each integrity rule, in
  document mode and in JSON Lines mode with the records in any order: the same
  issues, in the same order, with the same messages and hints.
* The generated benchmark data (``benchmarks/generate.py``, small size) validates
  clean both ways, and mutated copies give the reference's issues.
* JSON Lines validation keeps memory that does not grow with the records it has
  already checked, beyond their ids.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import random
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from _mutations import (
    KINDS,
    TYPE_OF,
    Path_,
    _header,
    _jsonl_text,
    _keys_from_document,
    _keys_from_lines,
    _line_records,
    _records,
    mutate,
    mutated_bases,
)
from innovscale._suggest import Suggester
from innovscale.exceptions import InvariantError
from innovscale.model import (
    RECORD_COLLECTIONS,
    Adoption,
    EnablerClaim,
    Evidence,
    EvidenceBase,
    Innovation,
    PartialDate,
    PolicyLever,
    ReachMeasure,
    Source,
)
from innovscale.report import Issue
from innovscale.schema._examples import EXAMPLES
from innovscale.serialization import RECORD_TYPES
from innovscale.validation import _integrity, _rules, catalogue, validate
from innovscale.validation._catalogue import severity
from innovscale.validation._integrity import Integrity
from innovscale.validation._pipeline import validate_jsonl
from innovscale.validation._rules import local_issues
from innovscale.validation._walk import plan

if TYPE_CHECKING:
    from collections.abc import Iterator

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

Loc = tuple[int | None, Path_]

_LOCAL_TARGETS = ("ScalingVehicle", "Benchmark")
_MAX_LISTED = _rules.MAX_LISTED


# -- The reference: the integrity tier as first written ---------------------------------------


# The small helpers are the tier's own; what is compared is the logic of the checks.
_where, _str, _list, _dict = (
    _rules.where,
    _rules.text_or_none,
    _rules.list_or_empty,
    _rules.dict_or_empty,
)


class ReferenceIntegrity:
    """The integrity tier as first written: every fact kept, every check at the end."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.suggester = Suggester()
        self._vehicle_homes: dict[str, tuple[str | None, Loc]] = {}
        self._licence_unknown: list[tuple[int, str, str | None]] = []
        self._ids: dict[str, tuple[str, Loc]] = {}
        self._elements: dict[str, dict[str, str]] = {}
        self._element_owner: dict[str, str] = {}
        self._origins: dict[str, int] = {}
        self._adoption_innovation: dict[str, str] = {}
        self._sources: dict[str, Loc] = {}
        self._used_sources: set[str] = set()
        self._refs: list[tuple[str, str, Loc]] = []
        self._adapted: list[tuple[str, str, str, Loc]] = []
        self._dated: list[tuple[str, str, Loc]] = []
        self._reach_adoptions: list[tuple[str, str, Loc]] = []
        self._headers: list[Loc] = []
        self._benchmarks: dict[str, dict[str, dict[str, Any]]] = {}
        self._measured: list[tuple[str, dict[str, Any], bool, Loc]] = []
        self._related: dict[str, set[str]] = {}
        self._claim_innovation: dict[str, str] = {}
        self._evidence_about: dict[str, dict[str, Any]] = {}
        self._claimed: list[tuple[str, str, Loc]] = []

    # -- feeding ----------------------------------------------------------------------------

    def _issue(
        self,
        code: str,
        message: str,
        loc: Loc,
        *,
        value: Any = None,
        hint: str | None = None,
        has_value: bool = True,
    ) -> None:
        line, path = loc
        extra: dict[str, Any] = {"value": value} if has_value else {}
        self.issues.append(
            Issue(
                code=code,
                message=message,
                path=path,
                severity=severity(code),
                hint=hint,
                line=line,
                **extra,
            )
        )

    def add_base(self, data: Any, path: Path_ = (), line: int | None = None) -> None:
        """Add every record of an evidence base (JSON data)."""
        base = _dict(data)
        for name, cls in RECORD_COLLECTIONS.items():
            for index, record in enumerate(_list(base.get(name))):
                self.add_record(cls, record, (*path, name, index), line)

    def add_header(self, data: Any, path: Path_, line: int | None) -> None:
        """Add the header line of a JSON Lines evidence base (and any records it holds)."""
        loc = (line, path)
        if self._headers:
            self._issue(
                "jsonl.duplicate_header",
                f"a second evidence_base header (the first is at {_where(self._headers[0])})",
                loc,
                has_value=False,
                hint="Keep one 'evidence_base' line.",
            )
        self._headers.append(loc)
        self.add_base(data, path, line)

    def add_record(self, cls: type[Any], data: Any, path: Path_, line: int | None = None) -> None:
        """Add one top-level record of type ``cls`` (JSON data) found at ``path``."""
        if type(data) is not dict:
            return
        record_id = _str(data.get("id"))
        if record_id is not None:
            first = self._ids.get(record_id)
            if first is not None:
                self._issue(
                    "id.duplicate",
                    f"the id {record_id!r} is already used by "
                    f"{'an' if first[0][:1] in 'AEIOU' else 'a'} {first[0]} at {_where(first[1])}",
                    (line, (*path, "id")),
                    value=record_id,
                    hint="Ids are unique across the whole evidence base; rename one record.",
                )
            else:
                self._ids[record_id] = (cls.__name__, (line, path))
                if cls is Source:
                    self._sources[record_id] = (line, path)
        self._walk(cls, data, path, line)
        check = _REFERENCE_CHECKS.get(cls)
        if check is not None:
            check(self, data, path, line)
        # What a record shows on its own needs no other record: one implementation.
        for code, message, where, value, hint in local_issues(cls, data, path):
            self._issue(code.code, message, (line, where), value=value, hint=hint)

    def _walk(self, cls: type[Any], data: dict[str, Any], path: Path_, line: int | None) -> None:
        for field in plan(cls):
            value = data.get(field.name)
            if value is None:
                continue
            if field.many:
                items: list[tuple[Path_, Any]] = [
                    ((*path, field.name, index), item) for index, item in enumerate(_list(value))
                ]
            else:
                items = [((*path, field.name), value)]
            for where, item in items:
                if field.nested is not None:
                    if type(item) is dict:
                        self._walk(field.nested, item, where, line)
                    continue
                target = field.references
                text = _str(item)
                if target is None or text is None or target in _LOCAL_TARGETS:
                    continue
                if target == "Element" and "#" not in text:
                    continue  # an element of the adopted innovation: see _adoption
                if target == "Source":
                    self._used_sources.add(text)
                self._refs.append((target, text, (line, where)))

    # -- record checks ----------------------------------------------------------------------

    def _innovation(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        innovation_id = _str(data.get("id"))
        kinds: dict[str, str] = {}
        for index, element in enumerate(_list(data.get("elements"))):
            element_id = _str(_dict(element).get("id"))
            if element_id is None:
                continue
            if element_id in kinds:
                self._issue(
                    "element.duplicate_id",
                    f"another element of this innovation already has the id {element_id!r}",
                    (line, (*path, "elements", index, "id")),
                    value=element_id,
                    hint="Give each element of the innovation its own id.",
                )
                continue
            kinds[element_id] = _str(_dict(element).get("kind")) or ""
        benchmarks: dict[str, dict[str, Any]] = {}
        for index, element in enumerate(_list(data.get("elements"))):
            for position, benchmark in enumerate(_list(_dict(element).get("benchmarks"))):
                benchmark_id = _str(_dict(benchmark).get("id"))
                if benchmark_id is None:
                    continue
                if benchmark_id in benchmarks:
                    self._issue(
                        "benchmark.duplicate_id",
                        f"another benchmark of this innovation already has the id {benchmark_id!r}",
                        (line, (*path, "elements", index, "benchmarks", position, "id")),
                        value=benchmark_id,
                        hint="Give each benchmark of the innovation its own id, whichever "
                        "element states it.",
                    )
                    continue
                benchmarks[benchmark_id] = benchmark
        years = []
        for origin in _list(data.get("origins")):
            date = _str(_dict(origin).get("date")) or ""
            if date[:4].isascii() and date[:4].isdigit() and len(date) >= 4:
                years.append(int(date[:4]))
        year = min(years) if years else None
        if innovation_id is not None and innovation_id not in self._elements:
            self._elements[innovation_id] = kinds
            for element_id in kinds:
                self._element_owner.setdefault(element_id, innovation_id)
            if year is not None:
                self._origins[innovation_id] = year
            self._benchmarks[innovation_id] = benchmarks
            for relation in _list(data.get("relations")):
                other = _str(_dict(relation).get("innovation"))
                if other is not None:
                    self._related.setdefault(innovation_id, set()).add(other)
                    self._related.setdefault(other, set()).add(innovation_id)
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
        path: Path_,
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
                    "vehicle.duplicate_id",
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
                where = (*path, index, "period", "start")
                self._check_date(year, start, (line, where), innovation)
        for index, vehicle in enumerate(vehicles):
            body = _dict(vehicle)
            vehicle_id = _str(body.get("id"))
            source = _str(body.get("licenses_from"))
            if vehicle_id is None or source is None or source == vehicle_id:
                continue
            if index_of.get(vehicle_id) != index:
                continue
            if source not in index_of:
                close = self.suggester.closest(source, list(index_of))
                self._issue(
                    "vehicle.licence_unknown",
                    f"this innovation has no scaling vehicle {source!r} to license from",
                    (line, (*path, index, "licenses_from")),
                    value=source,
                    hint=(f"Did you mean {close!r}? " if close else "")
                    + "Add the licensing vehicle to the same innovation, or correct the id.",
                )
                self._licence_unknown.append((len(self.issues) - 1, source, innovation))
                continue
            licences[vehicle_id] = source
        reported: set[str] = set()
        for start_id, first_source in licences.items():
            chain = [start_id]
            current = licences.get(start_id)
            while current is not None and current not in chain:
                chain.append(current)
                current = licences.get(current)
            if current != start_id or start_id in reported:
                continue
            reported.update(chain)
            circle = " -> ".join([*chain, start_id])
            self._issue(
                "vehicle.licence_cycle",
                f"scaling vehicles license from each other in a circle: {circle}",
                (line, (*path, index_of[start_id], "licenses_from")),
                value=first_source,
                hint="Remove 'licenses_from' from the vehicle that holds the original licence.",
            )

    def _adoption(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        adoption_id = _str(data.get("id"))
        innovation = _str(data.get("innovation"))
        if adoption_id is not None and innovation is not None:
            self._adoption_innovation.setdefault(adoption_id, innovation)
        seen: set[str] = set()
        for index, adaptation in enumerate(_list(data.get("adaptations"))):
            body = _dict(adaptation)
            adaptation_id = _str(body.get("id"))
            if adaptation_id is not None:
                if adaptation_id in seen:
                    self._issue(
                        "adaptation.duplicate_id",
                        f"another adaptation of this adoption already has the id {adaptation_id!r}",
                        (line, (*path, "adaptations", index, "id")),
                        value=adaptation_id,
                        hint="Give each adaptation of the adoption its own id.",
                    )
                seen.add(adaptation_id)
            fidelity = _str(body.get("fidelity")) or ""
            for position, element in enumerate(_list(body.get("elements"))):
                element_id = _str(element)
                if innovation is not None and element_id is not None:
                    where = (*path, "adaptations", index, "elements", position)
                    self._adapted.append((innovation, element_id, fidelity, (line, where)))
        if innovation is not None:
            start = _str(_dict(data.get("period")).get("start"))
            if start is not None:
                self._dated.append((innovation, start, (line, (*path, "period", "start"))))
            for index, reach in enumerate(_list(data.get("reach"))):
                as_of = _str(_dict(reach).get("as_of"))
                if as_of is not None:
                    self._dated.append(
                        (innovation, as_of, (line, (*path, "reach", index, "as_of")))
                    )
            for index, support in enumerate(_list(data.get("support"))):
                began = _str(_dict(_dict(support).get("period")).get("start"))
                if began is not None:
                    where = (*path, "support", index, "period", "start")
                    self._dated.append((innovation, began, (line, where)))
            for index, adaptation in enumerate(_list(data.get("adaptations"))):
                for position, measure in enumerate(_list(_dict(adaptation).get("measures"))):
                    where = (*path, "adaptations", index, "measures", position)
                    self._measured.append((innovation, _dict(measure), True, (line, where)))
            for position, measure in enumerate(_list(data.get("measures"))):
                where = (*path, "measures", position)
                self._measured.append((innovation, _dict(measure), False, (line, where)))
        for index, support in enumerate(_list(data.get("support"))):
            body = _dict(support)
            if body.get("takeover") is not None and body.get("funding") is None:
                self._issue(
                    "support.takeover_without_funding",
                    "the support names who took over funding but not what was funded",
                    (line, (*path, "support", index, "takeover")),
                    value=body.get("takeover"),
                    hint="Add 'funding' (amount, currency and months), or remove 'takeover'.",
                )

    def _claim(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        innovation = _str(data.get("innovation"))
        claim_id = _str(data.get("id"))
        if innovation is not None:
            if claim_id is not None:
                self._claim_innovation.setdefault(claim_id, innovation)
            for index, evidence_id in enumerate(_list(data.get("evidence"))):
                if _str(evidence_id) is not None:
                    where = (*path, "evidence", index)
                    self._claimed.append((innovation, evidence_id, (line, where)))
        if not _list(data.get("evidence")) and not _list(data.get("sources")):
            self._issue(
                "claim.no_evidence",
                "the enabler claim names neither evidence nor sources",
                (line, path),
                has_value=False,
                hint="Add the evidence records or the sources the claim rests on.",
            )

    def _reach_measure(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        innovation = _str(data.get("innovation"))
        if innovation is None:
            return
        as_of = _str(data.get("as_of"))
        if as_of is not None:
            self._dated.append((innovation, as_of, (line, (*path, "as_of"))))
        start = _str(_dict(data.get("period")).get("start"))
        if start is not None:
            self._dated.append((innovation, start, (line, (*path, "period", "start"))))
        adoption = _str(data.get("adoption"))
        if adoption is not None:
            self._reach_adoptions.append((adoption, innovation, (line, (*path, "adoption"))))

    def _evidence(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        evidence_id = _str(data.get("id"))
        if evidence_id is not None:
            self._evidence_about.setdefault(evidence_id, _dict(data.get("about")))

    def _lever(self, data: dict[str, Any], path: Path_, line: int | None) -> None:
        for innovation in _list(data.get("innovations")):
            if _str(innovation) is None:
                continue
            issued = _str(data.get("issued"))
            if issued is not None:
                self._dated.append((innovation, issued, (line, (*path, "issued"))))
            start = _str(_dict(data.get("period")).get("start"))
            if start is not None:
                self._dated.append((innovation, start, (line, (*path, "period", "start"))))

    def _check_date(self, year: int, text: str, loc: Loc, innovation: str | None) -> None:
        try:
            date = PartialDate.parse(text)
        except InvariantError:
            return  # reported by the schema tier
        if date.latest < (year, 1, 1):
            self._issue(
                "date.before_origin",
                f"{text} is before {year}, the earliest year "
                + (
                    f"the origins of {innovation!r} give"
                    if innovation
                    else "the innovation's origins give"
                ),
                loc,
                value=text,
                hint="The sources disagree, or one date is wrong. If the innovation began earlier, "
                "add that account to its 'origins' with its source; else correct the date.",
            )

    # -- finishing --------------------------------------------------------------------------

    def finish(self) -> list[Issue]:
        """Resolve what needed the whole base and return every issue found."""
        self._resolve_references()
        for innovation, element_id, fidelity, loc in self._adapted:
            kinds = self._elements.get(innovation)
            if kinds is None:
                continue  # the dangling innovation is reported as a reference
            kind = kinds.get(element_id)
            if kind is None:
                owner = self._element_owner.get(element_id)
                hint = (
                    f"{element_id!r} is an element of {owner!r}, not of {innovation!r}."
                    if owner is not None
                    else f"The elements of {innovation!r} are: " + ", ".join(kinds)
                )
                self._issue(
                    "adaptation.unknown_element",
                    f"the adopted innovation {innovation!r} has no element {element_id!r}",
                    loc,
                    value=element_id,
                    hint=hint,
                )
            elif kind == "core" and fidelity == "fidelity_consistent":
                self._issue(
                    "adaptation.core_fidelity",
                    f"the adaptation changes the core element {element_id!r} but is coded "
                    "fidelity-consistent",
                    loc,
                    value=element_id,
                    hint="Check the coding, or say in 'description' why the core function "
                    "is preserved.",
                )
            elif kind == "core" and fidelity in ("unknown", ""):
                self._issue(
                    "adaptation.core_unjudged",
                    f"the adaptation changes the core element {element_id!r}, and its fidelity "
                    "is not assessed",
                    loc,
                    value=element_id,
                    hint="Judge the fidelity if a source allows; otherwise this warning records "
                    "that it is not known.",
                )
        for innovation, text, loc in self._dated:
            year = self._origins.get(innovation)
            if year is not None:
                self._check_date(year, text, loc, innovation)
        for adoption, innovation, loc in self._reach_adoptions:
            actual = self._adoption_innovation.get(adoption)
            if actual is not None and actual != innovation:
                self._issue(
                    "reach.adoption_mismatch",
                    f"the adoption {adoption!r} is of {actual!r}, not of {innovation!r}",
                    loc,
                    value=adoption,
                    hint="Name an adoption of the measured innovation, or correct 'innovation'.",
                )
        for innovation, measure, adapted, loc in self._measured:
            self._check_measure(innovation, measure, adapted, loc)
        for innovation, evidence_id, loc in self._claimed:
            self._check_claimed(innovation, evidence_id, loc)
        for source_id, (line, path) in self._sources.items():
            if source_id not in self._used_sources:
                self._issue(
                    "source.unused",
                    f"no record cites the source {source_id!r}",
                    (line, (*path, "id")),
                    value=source_id,
                    hint="Cite it in 'sources' (or an evidence 'citation') where its facts "
                    "are used, or remove it.",
                )
        for index, vehicle, innovation in self._licence_unknown:
            home = self._vehicle_homes.get(vehicle)
            if home is not None and home[0] != innovation:
                self.issues[index] = attrs.evolve(
                    self.issues[index],
                    message=f"this innovation has no scaling vehicle {vehicle!r} to license "
                    f"from: {vehicle!r} is a vehicle of the innovation {home[0]!r} "
                    f"(at {_where(home[1])})",
                    hint="A licence chain links vehicles of one innovation. Record the "
                    "licensing vehicle under this innovation too, or correct the id.",
                )
        return self.issues

    def _check_measure(
        self, innovation: str, measure: dict[str, Any], adapted: bool, loc: Loc
    ) -> None:
        benchmark_id = _str(measure.get("benchmark"))
        if benchmark_id is None or innovation not in self._elements:
            return
        line, path = loc
        benchmarks = self._benchmarks[innovation]
        if benchmark_id not in benchmarks:
            names = list(benchmarks)
            listed = ", ".join(names[:_MAX_LISTED])
            if len(names) > _MAX_LISTED:
                listed += f" and {len(names) - _MAX_LISTED} more"
            self._issue(
                "measure.unknown_benchmark",
                f"the adopted innovation {innovation!r} has no benchmark {benchmark_id!r}",
                (line, (*path, "benchmark")),
                value=benchmark_id,
                hint=f"The benchmarks of {innovation!r} are: {listed}."
                if names
                else f"No element of {innovation!r} states a benchmark; add it to the "
                "element's 'benchmarks'.",
            )
            return
        benchmark = benchmarks[benchmark_id]
        number = lambda v: float(v) if type(v) in (int, float) else None  # noqa: E731
        comparator = _str(benchmark.get("comparator"))
        threshold, upper = number(benchmark.get("threshold")), number(benchmark.get("upper"))
        value = number(measure.get("value"))
        if (
            value is None
            or threshold is None
            or comparator not in _rules._COMPARATORS
            or (comparator == "between") != (upper is not None)
        ):
            return
        key, words = _rules.unit_key(measure), _rules._unit_words(measure)
        bench_key, bench_words = _rules.unit_key(benchmark), _rules._unit_words(benchmark)
        if key is not None and key != bench_key:
            stated = f"in {bench_words}" if bench_words else "without a unit"
            self._issue(
                "measure.unit_mismatch",
                f"the value is in {words or key}, but the benchmark {benchmark_id!r} is stated "
                f"{stated}, so it is not checked",
                (line, (*path, "unit")),
                value=key if not key.startswith("other:") else words,
                hint="Give the value in the benchmark's unit, or leave 'unit' out when it is "
                "the same.",
            )
            return
        qualifier = _str(measure.get("qualifier")) or "exact"
        allowed = {
            "at_least": lambda x: x >= threshold,
            "more_than": lambda x: x > threshold,
            "at_most": lambda x: x <= threshold,
            "less_than": lambda x: x < threshold,
            "exactly": lambda x: x == threshold,
            "between": lambda x: threshold <= x <= upper,
        }[comparator]
        if qualifier == "exact":
            broken = not allowed(value)
        elif qualifier == "at_least":  # some value from `value` up must be allowed
            broken = {
                "at_most": value > threshold,
                "less_than": value >= threshold,
                "exactly": value > threshold,
                "between": upper is not None and value > upper,
            }.get(comparator, False)
        elif qualifier == "at_most":  # some value up to `value` must be allowed
            broken = {
                "at_least": value < threshold,
                "more_than": value <= threshold,
                "exactly": value < threshold,
                "between": value < threshold,
            }.get(comparator, False)
        else:
            broken = False
        if not broken:
            return
        shown = lambda x: str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)  # noqa: E731
        unit = words or bench_words
        said = {"at_least": "at least ", "at_most": "at most "}.get(qualifier, "")
        site = f"{said}{shown(value)}" + (f" {unit}" if unit else "")
        measured = _str(benchmark.get("measure")) or "the value"
        tail = f" {bench_words}" if bench_words else ""
        if comparator == "between":
            rule = f"{measured}: from {shown(threshold)} to {shown(upper)}{tail}"
        else:
            rule = f"{measured}: {comparator.replace('_', ' ')} {shown(threshold)}{tail}"
        rule = f"the benchmark {benchmark_id!r} ({rule})"
        self._issue(
            "measure.breaks_benchmark",
            f"the adaptation sets {site}, which breaks {rule}"
            if adapted
            else f"the site's value, {site}, breaks {rule}",
            (line, (*path, "value")),
            value=value,
            hint="If the site departed from the rule, record it as an adaptation of the element "
            "with its fidelity; if the value or the benchmark is wrong, correct it.",
        )

    def _check_claimed(self, innovation: str, evidence_id: str, loc: Loc) -> None:
        about = self._evidence_about.get(evidence_id)
        if about is None:
            return
        subjects = {i for i in _list(about.get("innovations")) if _str(i) is not None}
        subjects.update(
            e.partition("#")[0]
            for e in _list(about.get("elements"))
            if _str(e) is not None and "#" in e
        )
        for owners, key in (
            (self._adoption_innovation, "adoptions"),
            (self._claim_innovation, "enabler_claims"),
        ):
            for record_id in _list(about.get(key)):
                if _str(record_id) is not None and record_id in owners:
                    subjects.add(owners[record_id])
        if not subjects or innovation in subjects:
            return
        if any(i not in self._elements for i in (innovation, *subjects)):
            return  # a dangling innovation is reported as a reference
        if subjects & self._related.get(innovation, set()):
            return
        names = sorted(subjects)
        listed = ", ".join(repr(s) for s in names[:_MAX_LISTED])
        if len(names) > _MAX_LISTED:
            listed += f" and {len(names) - _MAX_LISTED} more"
        self._issue(
            "claim.evidence_other_innovation",
            f"the claim is about {innovation!r}, but the evidence {evidence_id!r} is about "
            f"{listed} only",
            loc,
            value=evidence_id,
            hint="Cite evidence about this innovation; if the evidence is about a programme it "
            "was adapted or licensed from, record that relation in the innovation's 'relations'.",
        )

    def _suggest(self, target: str, text: str) -> str:
        candidates = [key for key, (kind, _) in self._ids.items() if kind == target]
        close = self.suggester.closest(text, candidates)
        return f"Did you mean {close!r}? " if close else ""

    def _resolve_references(self) -> None:
        for target, text, loc in self._refs:
            if target == "Element":
                innovation, _, element_id = text.partition("#")
                found = self._ids.get(innovation)
                if found is None:
                    self._issue(
                        "ref.dangling",
                        f"{text!r} names an Element of {innovation!r}, but there is no "
                        f"innovation {innovation!r}",
                        loc,
                        value=text,
                        hint=self._suggest("Innovation", innovation)
                        + "Address elements as '<innovation id>#<element id>'.",
                    )
                elif found[0] != "Innovation":
                    self._issue(
                        "ref.wrong_type",
                        f"{innovation!r} is a {found[0]}, not an Innovation with elements",
                        loc,
                        value=text,
                        hint="Address elements as '<innovation id>#<element id>'.",
                    )
                elif element_id not in self._elements.get(innovation, {}):
                    elements = self._elements.get(innovation, {})
                    close = self.suggester.closest(element_id, list(elements))
                    listed = ", ".join(list(elements)[:_MAX_LISTED]) or "none"
                    if len(elements) > _MAX_LISTED:
                        listed += f" and {len(elements) - _MAX_LISTED} more"
                    self._issue(
                        "ref.dangling",
                        f"{text!r} names an Element, but {innovation!r} has no element "
                        f"{element_id!r}",
                        loc,
                        value=text,
                        hint=(f"Did you mean '{innovation}#{close}'? " if close else "")
                        + f"The elements of {innovation!r} are: {listed}",
                    )
                continue
            found = self._ids.get(text)
            if found is None:
                self._issue(
                    "ref.dangling",
                    f"{text!r} names no {target} record",
                    loc,
                    value=text,
                    hint=self._suggest(target, text)
                    + f"Add the {target} with id {text!r}, or correct the reference.",
                )
            elif found[0] != target:
                self._issue(
                    "ref.wrong_type",
                    f"{text!r} is a {found[0]}, but this field names a {target}",
                    loc,
                    value=text,
                    hint=f"Name a {target} here.",
                )


_REFERENCE_CHECKS = {
    Innovation: ReferenceIntegrity._innovation,
    Adoption: ReferenceIntegrity._adoption,
    EnablerClaim: ReferenceIntegrity._claim,
    Evidence: ReferenceIntegrity._evidence,
    PolicyLever: ReferenceIntegrity._lever,
    ReachMeasure: ReferenceIntegrity._reach_measure,
}


# -- Mutations that break integrity rules -----------------------------------------------------


def _feed_document(checker: Any, base: dict[str, Any]) -> list[Issue]:
    checker.add_base(base)
    return checker.finish()


def _feed_lines(checker: Any, lines: list[tuple[str, Any]]) -> list[Issue]:
    for line_no, (name, body) in enumerate(lines, start=1):
        if name == "evidence_base":
            checker.add_header(body, (name,), line_no)
        else:
            checker.add_record(RECORD_TYPES[name], body, (name,), line_no)
    return checker.finish()


def assert_same(found: list[Issue], expected: list[Issue]) -> None:
    assert [i.to_dict() for i in found] == [i.to_dict() for i in expected]
    assert found == expected


@contextlib.contextmanager
def sweeping_after_every_record() -> Iterator[None]:
    """Integrity checkers made meanwhile settle their pending facts after every record."""
    saved = _integrity._SWEEP_CHECK, _integrity._SWEEP_AFTER
    _integrity._SWEEP_CHECK, _integrity._SWEEP_AFTER = 1, 0
    try:
        yield
    finally:
        _integrity._SWEEP_CHECK, _integrity._SWEEP_AFTER = saved


# -- The integrity tier against its reference ---------------------------------------------------


@settings(max_examples=max(settings.default.max_examples, 100))
@given(mutated_bases())
def test_document_integrity_matches_reference(base):
    """A whole document: the same issues as the reference, in the same order."""
    expected = _feed_document(ReferenceIntegrity(), base)
    assert_same(_feed_document(Integrity(), base), expected)
    with sweeping_after_every_record():
        assert_same(_feed_document(Integrity(), base), expected)


@settings(max_examples=max(settings.default.max_examples, 100))
@given(mutated_bases(), st.randoms(use_true_random=False), st.integers(0, 3))
def test_jsonl_integrity_matches_reference_in_any_order(base, rng, headers):
    """JSON Lines in any order (so references point forward and back), extra headers too."""
    lines: list[tuple[str, Any]] = _line_records(base)
    rng.shuffle(lines)
    for _ in range(headers):
        # A header may carry records of its own; a second header is an issue.
        header = _header(base)
        if lines and lines[-1][0] != "evidence_base" and rng.random() < 0.5:
            name, body = lines.pop()
            collection = next(c for c, n in TYPE_OF.items() if n == name)
            header[collection] = [body]
        lines.insert(rng.randrange(len(lines) + 1), ("evidence_base", header))
    if lines and rng.random() < 0.2:
        lines.insert(rng.randrange(len(lines) + 1), ("organisation", "not an object"))
    expected = _feed_lines(ReferenceIntegrity(), lines)
    assert_same(_feed_lines(Integrity(), lines), expected)
    with sweeping_after_every_record():
        assert_same(_feed_lines(Integrity(), lines), expected)


@settings(max_examples=max(settings.default.max_examples, 100))
@given(st.data(), st.randoms(use_true_random=False), st.lists(st.sampled_from(KINDS), max_size=3))
def test_rules_and_values_match_reference(data, rng, others):
    """
    Benchmarks, site values and claims on the example base (which has every kind of
    record), with other mutations: the reference's issues, as a document and in any order.
    """
    base = copy.deepcopy(EXAMPLES[EvidenceBase])
    for kind in ["benchmark", "benchmark", "claim_other", "lever_date", *others]:
        mutate(data.draw, base, kind, junk=False)
    assert_same(_feed_document(Integrity(), base), _feed_document(ReferenceIntegrity(), base))
    lines = _line_records(base)
    rng.shuffle(lines)
    expected = _feed_lines(ReferenceIntegrity(), lines)
    assert_same(_feed_lines(Integrity(), lines), expected)
    with sweeping_after_every_record():
        assert_same(_feed_lines(Integrity(), lines), expected)


# -- A document and its JSON Lines agree --------------------------------------------------------


# -- The generated benchmark data ---------------------------------------------------------------


def test_generated_data_is_clean_both_ways(small_base):
    """The benchmark data validates with no issue as a document and as JSON Lines."""
    text, _ = _jsonl_text(small_base)
    assert validate(json.dumps(small_base), jsonl=False).issues == ()
    assert validate(text, jsonl=True).issues == ()
    assert _feed_document(Integrity(), small_base) == []


#: The integrity tier's codes (base.conflict is raised by merging, not by validation).
INTEGRITY_CODES = {e.code for e in catalogue() if e.tier == "integrity"} - {"base.conflict"}


def _break_rules(rng: random.Random, collection: str, record: dict[str, Any]) -> None:
    """Now and then, break a rule within ``record``."""
    chance = 0.05
    for adaptation in record.get("adaptations", []):
        if rng.random() < chance:
            adaptation["elements"] = ["nope", *adaptation.get("elements", [])]
            adaptation["fidelity"] = "fidelity_consistent"
    if collection == "innovations":
        elements = record.get("elements", [])
        vehicles = record.get("scaling_vehicles", [])
        if len(elements) > 1 and rng.random() < chance:
            elements[-1]["id"] = elements[0]["id"]
        for element in elements:
            if rng.random() < chance:
                element["kind"] = "core"
        if len(vehicles) > 1 and rng.random() < 0.3:
            vehicles[0]["licenses_from"] = vehicles[1]["id"]
            vehicles[1]["licenses_from"] = rng.choice([vehicles[0]["id"], "nope"])
        elif vehicles and rng.random() < 4 * chance:
            vehicles.append(copy.deepcopy(vehicles[0]))
    if collection == "adoptions":
        adaptations = record.get("adaptations", [])
        if adaptations and rng.random() < chance:
            adaptations.append(copy.deepcopy(adaptations[0]))
        if rng.random() < chance:  # stopped, with no end; or running after its end
            record["stage"] = rng.choice(["discontinued", "sustaining"])
            record["period"] = (
                {"start": "2010"}
                if record["stage"] == "discontinued"
                else {
                    "start": "2010",
                    "end": "2012",
                }
            )
        for outcome in record.get("outcomes", []):
            if rng.random() < chance:
                outcome["sample_size"] = 0
        for adaptation in adaptations:
            if rng.random() < chance:
                adaptation.pop("fidelity", None)  # a core change, if it is one, unjudged

        for support in record.get("support", []):
            if "funding" in support and rng.random() < 0.1:
                support["takeover"] = support.pop("funding") and record["adopter"]
        for measure in record.get("measures", []):
            roll = rng.random()
            if roll < chance:  # far outside any rule the generator writes
                measure["value"] = rng.choice([-1000.0, 1000.0])
            elif roll < 2 * chance:
                measure["unit"] = "years"
            elif roll < 3 * chance:
                measure["benchmark"] = "nope"
        if record.get("measures") and adaptations and rng.random() < 4 * chance:
            adaptations[0]["measures"] = [{**record["measures"][0], "value": 1000.0}]
    if collection == "innovations":
        rules = [e for e in record.get("elements", []) if e.get("benchmarks")]
        if rules and rng.random() < 4 * chance:
            rules[-1]["benchmarks"].append(copy.deepcopy(rules[0]["benchmarks"][0]))


@pytest.mark.parametrize("seed", range(2))
def test_generated_data_mutated_matches_reference(small_base, seed):
    """Mutated benchmark data: the reference's issues exactly, as a document and shuffled lines."""
    rng = random.Random(seed)  # noqa: S311 - reproducible mutations
    base = copy.deepcopy(small_base)
    for collection in RECORD_COLLECTIONS:
        records = base.get(collection, [])
        base[collection] = [r for r in records if rng.random() > 0.03]  # dangling references
    records = _records(base)
    for _ in range(20):  # duplicate ids, dates before origins, unknown elements
        _, record = rng.choice(records)
        _, other = rng.choice(records)
        record["id"] = other["id"]
    for collection, record in records:
        if "period" in record and rng.random() < 0.02:
            record["period"]["start"] = "1001"
        _break_rules(rng, collection, record)
    for claim in base["enabler_claims"][:3]:
        claim.pop("evidence", None)
        claim.pop("sources", None)
    for claim in base["enabler_claims"][3:6]:  # evidence about another innovation
        claim["evidence"] = [rng.choice(base["evidence"])["id"]]
    for lever in base["policy_levers"][:3]:
        lever["issued"] = "1001"  # before the innovations it affects began
    licensed = [i for i in base["innovations"] if i.get("scaling_vehicles")]
    licensed[-1]["scaling_vehicles"][-1]["licenses_from"] = "nope"  # no such vehicle
    for source in [s for s in base["sources"] if "doi" in s][:2]:
        source["doi"] += "."  # punctuation copied with the DOI
    for measure in base["reach_measures"][-2:]:
        measure["as_of"] = "2999-01"  # after today
    begun = {i.get("id") for i in base["innovations"] if i.get("origins")}
    for adoption in [a for a in base["adoptions"] if a.get("innovation") in begun][:3]:
        adoption["period"] = {"start": "1001"}  # before the innovation began
    base["sources"].append({"id": "uncited", "title": "Uncited", "kind": "report"})
    adoption_of = {r["id"]: r["innovation"] for r in base["adoptions"]}
    for measure in base["reach_measures"][:5]:
        measure["adoption"] = next(a for a, i in adoption_of.items() if i != measure["innovation"])
    expected = _feed_document(ReferenceIntegrity(), base)
    codes = {i.code for i in expected}
    assert codes == INTEGRITY_CODES - {"jsonl.duplicate_header"}
    assert_same(_feed_document(Integrity(), base), expected)
    lines = _line_records(base)
    rng.shuffle(lines)
    expected = _feed_lines(ReferenceIntegrity(), lines)
    assert_same(_feed_lines(Integrity(), lines), expected)
    with sweeping_after_every_record():
        assert_same(_feed_lines(Integrity(), lines), expected)
    text, where = _jsonl_text(base)
    assert _keys_from_lines(validate(text, jsonl=True), where) == _keys_from_document(
        validate(json.dumps(base), jsonl=False)
    )


# -- Memory and the garbage collector -----------------------------------------------------------


def _cluster_lines(base: dict[str, Any], count: int) -> Any:
    """
    JSON Lines of the benchmark data's organisations and ``count`` copies of its first
    cluster (the records of innovation ``inn-000000``, renumbered), made on the fly.
    """
    yield from (json.dumps({"organisation": o}) + "\n" for o in base["organisations"])
    template = [
        json.dumps({name: body}) + "\n"
        for name, body in _line_records(base)
        if name != "organisation" and str(body.get("id")).startswith("inn-000000")
    ]
    for index in range(count):
        number = f"inn-{index:06d}"
        for line in template:
            yield line.replace("inn-000000", number)


CLUSTER_RECORDS = 15


def _peak(base: dict[str, Any], count: int) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    try:
        report = validate_jsonl(_cluster_lines(base, count))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, report


def test_cluster_lines_are_valid(small_base):
    """The memory test's records are valid, so it measures the clean path."""
    report = validate_jsonl(_cluster_lines(small_base, 3))
    assert report.issues == (), report.format_text()


def test_jsonl_memory_grows_only_with_ids(small_base):
    """
    Peak memory for 4N records exceeds that for N by no more than the ids' index needs.

    Each record leaves its id in the index (the string, a dict slot and an int, about
    130 bytes here) and each innovation its element kinds; references, dates and
    adaptations resolved at once leave nothing. The first version kept a location
    tuple for every reference: about 1 KB a record on these lines.
    """
    small, report = _peak(small_base, 100)
    assert report.valid, report.format_text()
    large, report = _peak(small_base, 400)
    assert report.valid
    per_record = (large - small) / (CLUSTER_RECORDS * 300)
    # Python 3.10's dicts and strings take about 5 % more than 3.11's (314 bytes here).
    assert per_record < 400, f"{per_record:.0f} bytes a record"


# -- Parsing once, without the depth check -----------------------------------------------------
