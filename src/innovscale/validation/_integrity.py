"""
The integrity tier: what JSON Schema cannot express.

The tier works on JSON data (dicts and lists), not on model objects, so it runs
even when some records failed the schema tier, and it works record by record:
:class:`Integrity` keeps only small indexes (ids and their types, element ids
and kinds per innovation, origin years, pending references), never the records,
so JSON Lines files are checked with memory that does not grow with record size.

References are found from the model's field metadata
(``attrs.fields(cls).<field>.metadata["references"]``), walking nested classes.
"""

from __future__ import annotations

import difflib
from typing import Any

from innovscale.exceptions import InvariantError
from innovscale.model import (
    RECORD_COLLECTIONS,
    Adoption,
    EnablerClaim,
    Innovation,
    PartialDate,
    ReachMeasure,
    Source,
)
from innovscale.report import Issue, format_json_path
from innovscale.validation._catalogue import severity
from innovscale.validation._walk import plan

__all__ = ["Integrity"]

Path = tuple[str | int, ...]
#: Where something is: a JSON Lines line number (or ``None``) and a JSON path.
Loc = tuple[int | None, Path]

#: References resolved within a record rather than across the base.
_LOCAL_TARGETS = ("ScalingVehicle",)
_MAX_SUGGESTIONS = 200
_MAX_CANDIDATES = 5000


def _where(loc: Loc) -> str:
    line, path = loc
    return f"line {line}" if line is not None else format_json_path(path)


def _str(value: Any) -> str | None:
    return value if type(value) is str else None


def _list(value: Any) -> list[Any]:
    return value if type(value) is list else []


def _dict(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}


class Integrity:
    """
    Cross-record checks, fed one record (or one whole base) at a time.

    Call :meth:`add_base` or :meth:`add_record` for the data, then :meth:`finish`
    once for the issues. Issues carry paths; in JSON Lines mode also the line.

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        self.issues: list[Issue] = []
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
                "jsonl.duplicate_header",
                f"a second evidence_base header (the first is at {_where(self._headers[0])})",
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
        record_id = _str(data.get("id"))
        if record_id is not None:
            first = self._ids.get(record_id)
            if first is not None:
                self._issue(
                    "id.duplicate",
                    f"the id {record_id!r} is already used by a {first[0]} at {_where(first[1])}",
                    (line, (*path, "id")),
                    value=record_id,
                    hint="Ids are unique across the whole evidence base; rename one record.",
                )
            else:
                self._ids[record_id] = (cls.__name__, (line, path))
                if cls is Source:
                    self._sources[record_id] = (line, path)
        self._walk(cls, data, path, line)
        check = _CHECKS.get(cls)
        if check is not None:
            check(self, data, path, line)

    def _walk(self, cls: type[Any], data: dict[str, Any], path: Path, line: int | None) -> None:
        for field in plan(cls):
            value = data.get(field.name)
            if value is None:
                continue
            if field.many:
                items: list[tuple[Path, Any]] = [
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

    def _innovation(self, data: dict[str, Any], path: Path, line: int | None) -> None:
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
        origin_year = _dict(data.get("origin")).get("year")
        year = origin_year if type(origin_year) is int else None
        if innovation_id is not None and innovation_id not in self._elements:
            self._elements[innovation_id] = kinds
            for element_id in kinds:
                self._element_owner.setdefault(element_id, innovation_id)
            if year is not None:
                self._origins[innovation_id] = year
        self._vehicles(_list(data.get("scaling_vehicles")), (*path, "scaling_vehicles"), line, year)

    def _vehicles(
        self, vehicles: list[Any], path: Path, line: int | None, year: int | None
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
                close = difflib.get_close_matches(source, list(index_of), n=1)
                self._issue(
                    "vehicle.licence_unknown",
                    f"this innovation has no scaling vehicle {source!r} to license from",
                    (line, (*path, index, "licenses_from")),
                    value=source,
                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                    + "Add the licensing vehicle to the same innovation, or correct the id.",
                )
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

    def _adoption(self, data: dict[str, Any], path: Path, line: int | None) -> None:
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
            body = _dict(support)
            if body.get("takeover") is not None and body.get("funding") is None:
                self._issue(
                    "support.takeover_without_funding",
                    "the support names who took over funding but not what was funded",
                    (line, (*path, "support", index, "takeover")),
                    value=body.get("takeover"),
                    hint="Add 'funding' (amount, currency and months), or remove 'takeover'.",
                )

    def _claim(self, data: dict[str, Any], path: Path, line: int | None) -> None:
        if not _list(data.get("evidence")) and not _list(data.get("sources")):
            self._issue(
                "claim.no_evidence",
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
            self._dated.append((innovation, as_of, (line, (*path, "as_of"))))
        start = _str(_dict(data.get("period")).get("start"))
        if start is not None:
            self._dated.append((innovation, start, (line, (*path, "period", "start"))))
        adoption = _str(data.get("adoption"))
        if adoption is not None:
            self._reach_adoptions.append((adoption, innovation, (line, (*path, "adoption"))))

    def _check_date(self, year: int, text: str, loc: Loc) -> None:
        try:
            date = PartialDate.parse(text)
        except InvariantError:
            return  # reported by the schema tier
        if date.latest < (year, 1, 1):
            self._issue(
                "date.before_origin",
                f"{text} is before the innovation's origin year, {year}",
                loc,
                value=text,
                hint="Correct the date, or the innovation's origin year.",
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
        for innovation, text, loc in self._dated:
            year = self._origins.get(innovation)
            if year is not None:
                self._check_date(year, text, loc)
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
        return self.issues

    def _suggest(self, target: str, text: str, budget: list[int]) -> str:
        if budget[0] <= 0:
            return ""
        budget[0] -= 1
        candidates = [key for key, (kind, _) in self._ids.items() if kind == target]
        if len(candidates) > _MAX_CANDIDATES:
            return ""
        close = difflib.get_close_matches(text, candidates, n=1)
        return f"Did you mean {close[0]!r}? " if close else ""

    def _resolve_references(self) -> None:
        budget = [_MAX_SUGGESTIONS]
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
                        hint=self._suggest("Innovation", innovation, budget)
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
                    close = difflib.get_close_matches(element_id, list(elements), n=1)
                    self._issue(
                        "ref.dangling",
                        f"{text!r} names an Element, but {innovation!r} has no element "
                        f"{element_id!r}",
                        loc,
                        value=text,
                        hint=(f"Did you mean '{innovation}#{close[0]}'? " if close else "")
                        + f"The elements of {innovation!r} are: "
                        + (", ".join(elements) or "none"),
                    )
                continue
            found = self._ids.get(text)
            if found is None:
                self._issue(
                    "ref.dangling",
                    f"{text!r} names no {target} record",
                    loc,
                    value=text,
                    hint=self._suggest(target, text, budget)
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


_CHECKS = {
    Innovation: Integrity._innovation,  # noqa: SLF001 - the class's own dispatch table
    Adoption: Integrity._adoption,  # noqa: SLF001
    EnablerClaim: Integrity._claim,  # noqa: SLF001
    ReachMeasure: Integrity._reach_measure,  # noqa: SLF001
}
