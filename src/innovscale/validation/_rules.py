"""
The integrity tier's rules: one function per record type, over JSON data.

Each rule reads one record (a dict, as parsed) and either reports an issue at once
or, when the record it needs has not been seen yet, leaves a fact with the tier
(:class:`~innovscale.validation._integrity.Integrity`) to settle later, through its
deferred-check queues. :data:`RULES` says which rule a record type has, in the
style of jsonschema's keyword functions; the tier's own work (ids, references, the
queues) stays in ``_integrity``.
"""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import define
from innovscale.exceptions import InvariantError
from innovscale.model import (
    Adoption,
    EnablerClaim,
    Evidence,
    Innovation,
    PartialDate,
    PolicyLever,
    ReachMeasure,
    Source,
)
from innovscale.report import Issue, Severity, format_json_path
from innovscale.validation._deferred import PENDING
from innovscale.validation._walk import date_plan
from innovscale.vocab import Unit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from innovscale.validation._integrity import Integrity

__all__ = [
    "MAX_LISTED",
    "RULES",
    "Loc",
    "Path",
    "benchmark_key",
    "breaks",
    "cycles",
    "date_issue",
    "dict_or_empty",
    "finish_adapted",
    "finish_claimed",
    "finish_dated",
    "finish_measured",
    "finish_reach",
    "list_or_empty",
    "local_issues",
    "measure_text",
    "place_other_vehicles",
    "text_or_none",
    "unit_key",
    "where",
]

Path = tuple[str | int, ...]
#: Where something is: a JSON Lines line number (or ``None``) and a JSON path.
Loc = tuple[int | None, Path]

#: A hint lists at most this many elements of an innovation.
MAX_LISTED = 20

_intern = sys.intern


def where(loc: Loc) -> str:
    """A location in words: its line, or else its JSON path."""
    line, path = loc
    return f"line {line}" if line is not None else format_json_path(path)


def text_or_none(value: Any) -> str | None:
    """``value`` if it is a string, else ``None`` (the schema tier reports the rest)."""
    return value if type(value) is str else None


def list_or_empty(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if type(value) is list else []


def dict_or_empty(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else an empty one."""
    return value if type(value) is dict else {}


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
    severity=Severity.WARNING,
    title="Date before the innovation began",
    explanation=(
        "A date (an adoption's start, a reach figure's date, a scaling vehicle's or a support "
        "item's start) is certainly before the year of the earliest account of the innovation's "
        "origin. The sources disagree, or one date is wrong: the conflict is noted, and neither "
        "fact is rejected, as both may be sourced (a pilot can precede the founding year a later "
        "report gives)."
    ),
    example=('{"origins": [{"date": "1998"}]} and an adoption with {"period": {"start": "1995"}}'),
    fix=(
        "Check both sources. If the origin is earlier than recorded, add that account to "
        "'origins' with its source; if the date is wrong, correct it."
    ),
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


ADAPTATION_CORE_UNJUDGED = define(
    "adaptation.core_unjudged",
    tier="integrity",
    severity=Severity.WARNING,
    title="Core element changed, fidelity not assessed",
    explanation=(
        "An adaptation changes a core element and its fidelity is not assessed (unknown, or left "
        "out). Sources rarely judge fidelity, so this is common; it is reported so that a base "
        "full of core changes never reads as clean."
    ),
    example='{"elements": ["carbohydrate-counting"]} where carbohydrate-counting is core',
    fix=(
        "Judge the fidelity if a source allows ('fidelity_consistent' or "
        "'fidelity_inconsistent'); otherwise leave it, and the warning says what is not known."
    ),
)

ADOPTION_DISCONTINUED_WITHOUT_END = define(
    "adoption.discontinued_without_end",
    tier="integrity",
    severity=Severity.WARNING,
    title="Discontinued with no end",
    explanation=(
        "An adoption is discontinued but its period has no end, so when it stopped is not recorded."
    ),
    example='{"stage": "discontinued", "period": {"start": "2012"}}',
    fix="Add the period's end (a year is enough), or say in 'notes' that no source gives it.",
)

ADOPTION_STAGE_AFTER_END = define(
    "adoption.stage_after_end",
    tier="integrity",
    severity=Severity.WARNING,
    title="A running stage after the period ended",
    explanation=(
        "An adoption's stage says it is still running (exploring, preparing, implementing, "
        "sustaining) but its period has ended: one of them is out of date."
    ),
    example='{"stage": "sustaining", "period": {"start": "2004", "end": "2010"}}',
    fix=(
        "Give the stage it reached ('discontinued', 'pilot_ended', 'closing'), record the "
        "change in 'stages', or remove the end if it still runs."
    ),
)

DATE_FUTURE = define(
    "date.future",
    tier="integrity",
    severity=Severity.WARNING,
    title="A date after today",
    explanation=(
        "A date that records what has happened (a source's date, a figure's date, a stage "
        "reached, a start) is after today. A period's end is not checked: it may be planned."
    ),
    example='{"as_of": "2999"}',
    fix="Correct the date; a plan belongs in a period's end or in 'notes'.",
)

SOURCE_DOI_PUNCTUATION = define(
    "source.doi_punctuation",
    tier="integrity",
    severity=Severity.WARNING,
    title="A DOI ending in punctuation",
    explanation=(
        "A DOI ends with '.', ',', ';' or ':', which is almost always punctuation copied from "
        "the sentence it stood in, so the DOI does not resolve."
    ),
    example='{"doi": "10.1136/bmj.325.7367.746."}',
    fix="Remove the punctuation at the end of the DOI.",
)

OUTCOME_SAMPLE_ZERO = define(
    "outcome.sample_zero",
    tier="integrity",
    severity=Severity.WARNING,
    title="A sample of none",
    explanation="An outcome gives a sample size of 0, so nothing was measured.",
    example='{"measure": "HbA1c", "value": 8.4, "sample_size": 0}',
    fix="Give the number measured, or leave 'sample_size' out when it is not reported.",
)

#: Punctuation a DOI does not end with.
BENCHMARK_DUPLICATE_ID = define(
    "benchmark.duplicate_id",
    tier="integrity",
    title="Duplicate benchmark id",
    explanation=(
        "Two benchmarks of one innovation share an id. A site measure names a benchmark by its "
        "id within the adopted innovation, whichever element states it, so the ids must differ."
    ),
    example='two elements with {"benchmarks": [{"id": "enrol-by-28", ...}]}',
    fix="Give each benchmark of the innovation its own id.",
)
MEASURE_UNKNOWN_BENCHMARK = define(
    "measure.unknown_benchmark",
    tier="integrity",
    title="Site measure of an unknown benchmark",
    explanation=(
        "A site measure (on an adoption or an adaptation) names a benchmark that no element of "
        "the adopted innovation states."
    ),
    example='{"measures": [{"benchmark": "enrol-by-30", "value": 32}]}',
    fix="Name one of the innovation's benchmarks (the hint lists them), or add the benchmark.",
)
MEASURE_UNIT_MISMATCH = define(
    "measure.unit_mismatch",
    tier="integrity",
    severity=Severity.WARNING,
    title="Site measure in another unit than its benchmark",
    explanation=(
        "A site measure gives a unit that is not its benchmark's, so the two cannot be compared "
        "and the benchmark is not checked. Nothing is converted: weeks are not turned into months."
    ),
    example='{"benchmark": "enrol-by-28", "value": 7, "unit": "months"} for a rule in weeks',
    fix="Give the value in the benchmark's unit (or leave 'unit' out when it is the same).",
)
MEASURE_BREAKS_BENCHMARK = define(
    "measure.breaks_benchmark",
    tier="integrity",
    severity=Severity.WARNING,
    title="Site value breaking a stated benchmark",
    explanation=(
        "A value recorded at a site, or set by an adaptation, is certainly outside what a "
        "benchmark of the adopted innovation allows: enrolment at 32 weeks against a rule of "
        "at most 28. A value qualified 'at least' or 'at most' is reported only when no value "
        "it allows meets the benchmark, and an approximate value is not checked. The fact is "
        "kept; the warning makes the departure visible."
    ),
    example='{"measures": [{"benchmark": "enrol-by-28", "value": 32}]}',
    fix=(
        "If the site departed from the rule, record the adaptation with its fidelity; if the "
        "value or the benchmark is wrong, correct it."
    ),
)
CLAIM_EVIDENCE_OTHER_INNOVATION = define(
    "claim.evidence_other_innovation",
    tier="integrity",
    severity=Severity.WARNING,
    title="Claim resting on evidence about another innovation",
    explanation=(
        "An enabler claim about one innovation cites evidence that is about other innovations "
        "only (directly, through their elements, adoptions or claims). Evidence about a parent "
        "programme can be relevant: when the two innovations are linked by a relation, "
        "no warning is given."
    ),
    example='a claim on "fnp" citing evidence about "nfp" only',
    fix=(
        "Cite evidence about this innovation; if the evidence is about the programme it was "
        "adapted or licensed from, record that relation on the innovation."
    ),
)


_DOI_TAIL = (".", ",", ";", ":")
#: Stages that say an adoption is still running.
_RUNNING = frozenset({"exploring", "preparing", "implementing", "sustaining"})


def local_issues(cls: type[Any], data: dict[str, Any], path: Path) -> Iterator[tuple[Any, ...]]:
    """
    The issues a record shows on its own, with no other record needed: ``(code,
    message, path, value, hint)`` for each. Both tiers' implementations report these.
    """
    if cls is Adoption:
        yield from _adoption_issues(data, path)
    if cls is Source:
        yield from _doi_issues(data, path)
    yield from _sample_issues(cls, data, path)
    yield from _future_issues(cls, data, path)


def _doi_issues(data: dict[str, Any], path: Path) -> Iterator[tuple[Any, ...]]:
    doi = text_or_none(data.get("doi"))
    if doi is not None and doi.endswith(_DOI_TAIL):
        fixed = doi.rstrip(".,;:")
        yield (
            SOURCE_DOI_PUNCTUATION,
            f"the DOI {doi!r} ends with {doi[len(fixed) :]!r}, which is not part of a DOI",
            (*path, "doi"),
            doi,
            f"Did you mean {fixed!r}? Remove the punctuation at the end of the DOI.",
        )


def _sample_issues(cls: type[Any], data: dict[str, Any], path: Path) -> Iterator[tuple[Any, ...]]:
    for key, where in _outcome_lists(cls, data, path):
        for index, outcome in enumerate(list_or_empty(data.get(key))):
            size = dict_or_empty(outcome).get("sample_size")
            if size == 0 and type(size) is int:
                yield (
                    OUTCOME_SAMPLE_ZERO,
                    "the outcome's sample size is 0: nothing was measured",
                    (*where, index, "sample_size"),
                    0,
                    (
                        "Give the number measured, or leave 'sample_size' out when it is not "
                        "reported."
                    ),
                )


def _future_issues(cls: type[Any], data: dict[str, Any], path: Path) -> Iterator[tuple[Any, ...]]:
    today = None
    for text, where in _dates(cls, data, path):
        head = text[:4]
        if not (head.isascii() and head.isdigit()):
            continue
        today = today or _today()
        if int(head) < today.year:
            continue
        try:
            date = PartialDate.parse(text)
        except InvariantError:
            continue  # the schema tier's
        if date.earliest > (today.year, today.month, today.day):
            yield (
                DATE_FUTURE,
                f"{text} is after today ({today.isoformat()})",
                where,
                text,
                "Correct the date; a plan belongs in a period's end or in 'notes'.",
            )


def _today() -> Any:
    import datetime as dt  # noqa: PLC0415 - only when a date is this year or later

    return dt.datetime.now(tz=dt.timezone.utc).date()


def _dates(cls: Any, data: dict[str, Any], path: Path) -> Iterator[tuple[str, Path]]:
    """Every date of a record that cannot lie ahead, with its path (see ``date_plan``)."""
    for name, many, nested in date_plan(cls):
        value = data.get(name)
        if value is None:
            continue
        items = enumerate(list_or_empty(value)) if many else [(None, value)]
        for index, item in items:
            where = (*path, name) if index is None else (*path, name, index)
            if nested is None:
                if type(item) is str:
                    yield item, where
            elif type(item) is dict:
                yield from _dates(nested, item, where)


def _outcome_lists(cls: type[Any], data: dict[str, Any], path: Path) -> list[tuple[str, Path]]:
    del data
    if cls is Adoption or cls is Evidence:
        return [("outcomes", (*path, "outcomes"))]
    return []


def _adoption_issues(data: dict[str, Any], path: Path) -> Iterator[tuple[Any, ...]]:
    stage = text_or_none(data.get("stage"))
    end = text_or_none(dict_or_empty(data.get("period")).get("end"))
    if stage == "discontinued" and end is None:
        yield (
            ADOPTION_DISCONTINUED_WITHOUT_END,
            "the adoption is discontinued but its period has no end",
            (*path, "stage"),
            stage,
            "Add the period's end (a year is enough), or say in 'notes' that no source gives it.",
        )
    elif stage in _RUNNING and end is not None:
        yield (
            ADOPTION_STAGE_AFTER_END,
            f"the adoption's stage is {stage!r}, but its period ended in {end}",
            (*path, "stage"),
            stage,
            (
                "Give the stage it reached ('discontinued', 'pilot_ended', 'closing'), record the "
                "change in 'stages', or remove the period's end if it still runs."
            ),
        )


def _unjudged_issue(state: Integrity, element_id: str, loc: Loc) -> Issue:
    return state.make(
        ADAPTATION_CORE_UNJUDGED,
        f"the adaptation changes the core element {element_id!r}, and its fidelity is not assessed",
        loc,
        value=element_id,
        hint="Judge the fidelity if a source allows; otherwise this warning records that it "
        "is not known.",
    )


def check_innovation(state: Integrity, data: dict[str, Any], path: Path, line: int | None) -> None:
    innovation_id = text_or_none(data.get("id"))
    kinds: dict[str, str] = {}
    for index, element in enumerate(list_or_empty(data.get("elements"))):
        element_id = text_or_none(dict_or_empty(element).get("id"))
        if element_id is None:
            continue
        if element_id in kinds:
            state.report(
                ELEMENT_DUPLICATE_ID,
                f"another element of this innovation already has the id {element_id!r}",
                (line, (*path, "elements", index, "id")),
                value=element_id,
                hint="Give each element of the innovation its own id.",
            )
            continue
        kind = text_or_none(dict_or_empty(element).get("kind")) or ""
        kinds[element_id] = state.kinds.setdefault(kind, kind)
    benchmarks = _benchmarks(state, data, path, line)
    year = earliest_origin_year(data)
    if innovation_id is not None and innovation_id not in state.elements:
        state.elements[innovation_id] = kinds
        if year is not None:
            state.origins[innovation_id] = year
        if benchmarks:
            state.benchmarks[innovation_id] = benchmarks
        for relation in list_or_empty(data.get("relations")):
            other = text_or_none(dict_or_empty(relation).get("innovation"))
            if other is not None:
                state.related.setdefault(innovation_id, set()).add(other)
                state.related.setdefault(other, set()).add(innovation_id)
    _vehicles(
        state,
        list_or_empty(data.get("scaling_vehicles")),
        (*path, "scaling_vehicles"),
        line,
        year=year,
        innovation=innovation_id,
    )


def earliest_origin_year(data: dict[str, Any]) -> int | None:
    """The earliest year the innovation's origin accounts give (dates as written)."""
    years = []
    for origin in list_or_empty(data.get("origins")):
        date = text_or_none(dict_or_empty(origin).get("date"))
        head = date[:4] if date is not None else ""
        if len(head) == 4 and head.isascii() and head.isdigit():
            years.append(int(head))
    return min(years, default=None)


def _vehicles(
    state: Integrity,
    vehicles: list[Any],
    path: Path,
    line: int | None,
    *,
    year: int | None,
    innovation: str | None,
) -> None:
    licences: dict[str, str] = {}
    index_of: dict[str, int] = {}
    for index, vehicle in enumerate(vehicles):
        vehicle_id = text_or_none(dict_or_empty(vehicle).get("id"))
        if vehicle_id is None:
            continue
        if vehicle_id in index_of:
            state.report(
                VEHICLE_DUPLICATE_ID,
                f"another scaling vehicle of this innovation already has the id {vehicle_id!r}",
                (line, (*path, index, "id")),
                value=vehicle_id,
                hint="Give each scaling vehicle of the innovation its own id.",
            )
            continue
        index_of[vehicle_id] = index
        state.vehicle_homes.setdefault(vehicle_id, (innovation, (line, (*path, index))))
        start = text_or_none(dict_or_empty(dict_or_empty(vehicle).get("period")).get("start"))
        if year is not None and start is not None:
            _check_date(state, year, start, (line, (*path, index, "period", "start")), innovation)
    for index, vehicle in enumerate(vehicles):
        body = dict_or_empty(vehicle)
        vehicle_id = text_or_none(body.get("id"))
        source = text_or_none(body.get("licenses_from"))
        if vehicle_id is None or source is None or source == vehicle_id:
            continue
        if index_of.get(vehicle_id) != index:
            continue
        if source not in index_of:
            close = state.suggester.closest(source, index_of.keys())
            state.report(
                VEHICLE_LICENCE_UNKNOWN,
                f"this innovation has no scaling vehicle {source!r} to license from",
                (line, (*path, index, "licenses_from")),
                value=source,
                hint=(f"Did you mean {close!r}? " if close else "")
                + "Add the licensing vehicle to the same innovation, or correct the id.",
            )
            state.licence_unknown.append((len(state.issues) - 1, source, innovation))
            continue
        licences[vehicle_id] = source
    for found in cycles(licences):
        # Report each circle once, at its vehicle that comes first in the list.
        first = min(range(len(found)), key=lambda i: index_of[found[i]])
        cycle = found[first:] + found[:first]
        shown = cycle if len(cycle) <= MAX_LISTED else [*cycle[:MAX_LISTED], "…"]
        circle = " -> ".join([*shown, cycle[0]])
        state.report(
            VEHICLE_LICENCE_CYCLE,
            f"scaling vehicles license from each other in a circle of {len(cycle)}: {circle}"
            if len(cycle) > MAX_LISTED
            else f"scaling vehicles license from each other in a circle: {circle}",
            (line, (*path, index_of[cycle[0]], "licenses_from")),
            value=licences[cycle[0]],
            hint="Remove 'licenses_from' from the vehicle that holds the original licence.",
        )


def check_adoption(state: Integrity, data: dict[str, Any], path: Path, line: int | None) -> None:
    adoption_id = text_or_none(data.get("id"))
    innovation = text_or_none(data.get("innovation"))
    if innovation is not None:
        innovation = _intern(innovation)
        if adoption_id is not None:
            state.adoption_innovation.setdefault(adoption_id, innovation)
    adaptations = data.get("adaptations")
    if type(adaptations) is list:
        _adaptations(state, adaptations, innovation, path, line)
    if innovation is not None:
        for text, where in _adoption_dates(data):
            _date(state, innovation, text, line, (*path, *where))
        _measures(state, data, innovation, path, line)
    for index, support in enumerate(list_or_empty(data.get("support"))):
        body = dict_or_empty(support)
        if body.get("takeover") is not None and body.get("funding") is None:
            state.report(
                SUPPORT_TAKEOVER_WITHOUT_FUNDING,
                "the support names who took over funding but not what was funded",
                (line, (*path, "support", index, "takeover")),
                value=body.get("takeover"),
                hint="Add 'funding' (amount, currency and months), or remove 'takeover'.",
            )


def _adoption_dates(data: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    """The dates of an adoption that cannot precede its innovation, with their paths."""
    start = text_or_none(dict_or_empty(data.get("period")).get("start"))
    if start is not None:
        yield start, ("period", "start")
    for index, reach in enumerate(list_or_empty(data.get("reach"))):
        as_of = text_or_none(dict_or_empty(reach).get("as_of"))
        if as_of is not None:
            yield as_of, ("reach", index, "as_of")
    for index, support in enumerate(list_or_empty(data.get("support"))):
        began = text_or_none(dict_or_empty(dict_or_empty(support).get("period")).get("start"))
        if began is not None:
            yield began, ("support", index, "period", "start")


def _adaptations(
    state: Integrity, adaptations: list[Any], innovation: str | None, path: Path, line: int | None
) -> None:
    seen: set[str] = set()
    kinds = state.elements.get(innovation) if innovation is not None else None
    for index, adaptation in enumerate(adaptations):
        body = dict_or_empty(adaptation)
        adaptation_id = text_or_none(body.get("id"))
        if adaptation_id is not None:
            if adaptation_id in seen:
                state.report(
                    ADAPTATION_DUPLICATE_ID,
                    f"another adaptation of this adoption already has the id {adaptation_id!r}",
                    (line, (*path, "adaptations", index, "id")),
                    value=adaptation_id,
                    hint="Give each adaptation of the adoption its own id.",
                )
            seen.add(adaptation_id)
        if innovation is None:
            continue
        fidelity = text_or_none(body.get("fidelity")) or ""
        for position, element in enumerate(list_or_empty(body.get("elements"))):
            if type(element) is not str:
                continue
            if kinds is not None:
                kind = kinds.get(element)
                if kind is not None:
                    if kind == "core" and fidelity in _CORE_CHECKED:
                        where = (*path, "adaptations", index, "elements", position)
                        state.adapted.settled(_core_issue(state, element, fidelity, (line, where)))
                    continue
            # Not known yet, or an unknown element (whose hint needs the whole base).
            where = (*path, "adaptations", index, "elements", position)
            state.adapted.defer((innovation, element, fidelity, line, where))


def _date(state: Integrity, innovation: str, text: str, line: int | None, path: Path) -> None:
    if innovation not in state.elements:
        state.dated.defer((innovation, text, line, path))
        return
    year = state.origins.get(innovation)
    if year is not None:
        issue = date_issue(state, year, text, (line, path), innovation)
        if issue is not None:
            state.dated.settled(issue)


# -- benchmarks and the site measures checked against them -------------------------------------

#: A benchmark as the tier keeps it: (measure, comparator, threshold, upper, unit key,
#: unit in words), or ``None`` when it cannot be checked (the schema tier reports why).
Bench = tuple[str, str, float, "float | None", "str | None", str]

_COMPARATORS = frozenset({"at_least", "more_than", "at_most", "less_than", "exactly", "between"})
_COMPARATOR_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "exactly": "exactly",
}
_QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "at_most": "at most "}
_INFINITY = float("inf")


def _number(value: Any) -> float | None:
    kind = type(value)
    return float(value) if kind is int or kind is float else None


def unit_key(data: dict[str, Any]) -> str | None:
    """What a benchmark's or a measure's unit is, for comparing: a code, or 'other:<text>'."""
    unit = text_or_none(data.get("unit"))
    if unit == "other":
        return "other:" + (text_or_none(data.get("unit_other")) or "").strip().casefold()
    return unit


def _unit_words(data: dict[str, Any]) -> str:
    unit = text_or_none(data.get("unit"))
    if unit is None:
        return ""
    if unit == "other":
        return text_or_none(data.get("unit_other")) or ""
    if unit == "percent":
        return "per cent"
    member = Unit._value2member_map_.get(unit)
    return member.label.lower() if isinstance(member, Unit) else unit


def benchmark_key(data: dict[str, Any]) -> Bench | None:
    """A benchmark (JSON data) as the tier keeps it, or ``None`` when it cannot be checked."""
    comparator = text_or_none(data.get("comparator"))
    threshold = _number(data.get("threshold"))
    upper = _number(data.get("upper"))
    if comparator not in _COMPARATORS or threshold is None:
        return None
    if (comparator == "between") != (upper is not None):
        return None
    measure = text_or_none(data.get("measure")) or "the value"
    return (measure, comparator, threshold, upper, unit_key(data), _unit_words(data))


def _shown(number: float) -> str:
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def measure_text(value: float, qualifier: str, unit: str) -> str:
    """A site value in words: 'at least 30 weeks'."""
    return f"{_QUALIFIER_WORDS.get(qualifier, '')}{_shown(value)}{' ' + unit if unit else ''}"


def _rule_text(bench: Bench) -> str:
    measure, comparator, threshold, upper, _, unit = bench
    tail = f" {unit}" if unit else ""
    if comparator == "between" and upper is not None:
        return f"{measure}: from {_shown(threshold)} to {_shown(upper)}{tail}"
    return f"{measure}: {_COMPARATOR_WORDS[comparator]} {_shown(threshold)}{tail}"


def breaks(bench: Bench, value: float, qualifier: str) -> bool:
    """Whether no value that ``value`` (so qualified) allows meets ``bench``."""
    if qualifier == "exact":
        low, high = value, value
    elif qualifier == "at_least":
        low, high = value, _INFINITY
    elif qualifier == "at_most":
        low, high = -_INFINITY, value
    else:
        return False  # an approximate value is not checked
    _, comparator, threshold, upper, _, _ = bench
    # What the benchmark allows, as an interval: its bounds and whether each is excluded.
    floor, above_only, ceiling, below_only = {
        "at_least": (threshold, False, _INFINITY, False),
        "more_than": (threshold, True, _INFINITY, False),
        "at_most": (-_INFINITY, False, threshold, False),
        "less_than": (-_INFINITY, False, threshold, True),
        "exactly": (threshold, False, threshold, False),
    }.get(comparator) or (threshold, False, upper if upper is not None else threshold, False)
    too_low = high < floor or (above_only and high == floor)
    too_high = low > ceiling or (below_only and low == ceiling)
    return too_low or too_high


def _benchmarks(
    state: Integrity, data: dict[str, Any], path: Path, line: int | None
) -> dict[str, Bench | None]:
    """The benchmarks of an innovation's elements by id, reporting duplicate ids."""
    found: dict[str, Bench | None] = {}
    for index, element in enumerate(list_or_empty(data.get("elements"))):
        items = list_or_empty(dict_or_empty(element).get("benchmarks"))
        for position, item in enumerate(items):
            body = dict_or_empty(item)
            benchmark_id = text_or_none(body.get("id"))
            if benchmark_id is None:
                continue
            if benchmark_id in found:
                state.report(
                    BENCHMARK_DUPLICATE_ID,
                    f"another benchmark of this innovation already has the id {benchmark_id!r}",
                    (line, (*path, "elements", index, "benchmarks", position, "id")),
                    value=benchmark_id,
                    hint="Give each benchmark of the innovation its own id, whichever element "
                    "states it.",
                )
                continue
            found[benchmark_id] = benchmark_key(body)
    return found


#: A site measure as the tier keeps it: (innovation, benchmark id, value, qualifier,
#: unit key, unit in words, set by an adaptation?, line, path of the measure).
Measured = tuple[str, str, "float | None", str, "str | None", str, bool, "int | None", Path]


def _measures(
    state: Integrity, data: dict[str, Any], innovation: str, path: Path, line: int | None
) -> None:
    """Check the site measures of an adoption and of its adaptations, or keep them."""
    places: list[tuple[Any, Path, bool]] = []
    for index, adaptation in enumerate(list_or_empty(data.get("adaptations"))):
        where = (*path, "adaptations", index, "measures")
        places.append((dict_or_empty(adaptation).get("measures"), where, True))
    places.append((data.get("measures"), (*path, "measures"), False))
    for items, where, adapted in places:
        for position, item in enumerate(list_or_empty(items)):
            body = dict_or_empty(item)
            benchmark_id = text_or_none(body.get("benchmark"))
            if benchmark_id is None:
                continue
            fact: Measured = (
                innovation,
                benchmark_id,
                _number(body.get("value")),
                text_or_none(body.get("qualifier")) or "exact",
                unit_key(body),
                _unit_words(body),
                adapted,
                line,
                (*where, position),
            )
            if innovation in state.elements:
                issue = finish_measured(state, fact)
                if issue is not None:
                    state.measured.settled(issue)
            else:
                state.measured.defer(fact)


def finish_measured(state: Integrity, fact: Measured) -> Issue | None:
    """The issue of one site measure, once its innovation is known (or never will be)."""
    innovation, benchmark_id, value, qualifier, key, words, adapted, line, path = fact
    if innovation not in state.elements:
        return None  # the dangling innovation is reported as a reference
    benchmarks = state.benchmarks.get(innovation, {})
    if benchmark_id not in benchmarks:
        listed = ", ".join(itertools.islice(benchmarks, MAX_LISTED))
        if len(benchmarks) > MAX_LISTED:
            listed += f" and {len(benchmarks) - MAX_LISTED} more"
        return state.make(
            MEASURE_UNKNOWN_BENCHMARK,
            f"the adopted innovation {innovation!r} has no benchmark {benchmark_id!r}",
            (line, (*path, "benchmark")),
            value=benchmark_id,
            hint=f"The benchmarks of {innovation!r} are: {listed}."
            if listed
            else f"No element of {innovation!r} states a benchmark; add it to the element's "
            "'benchmarks'.",
        )
    bench = benchmarks[benchmark_id]
    if bench is None or value is None:
        return None  # the schema tier reports what is wrong with either
    if key is not None and key != bench[4]:
        stated = f"in {bench[5]}" if bench[5] else "without a unit"
        return state.make(
            MEASURE_UNIT_MISMATCH,
            f"the value is in {words or key}, but the benchmark {benchmark_id!r} is stated "
            f"{stated}, so it is not checked",
            (line, (*path, "unit")),
            value=key if not key.startswith("other:") else words,
            hint="Give the value in the benchmark's unit, or leave 'unit' out when it is the same.",
        )
    if not breaks(bench, value, qualifier):
        return None
    shown = measure_text(value, qualifier, words or bench[5])
    rule = f"the benchmark {benchmark_id!r} ({_rule_text(bench)})"
    message = (
        f"the adaptation sets {shown}, which breaks {rule}"
        if adapted
        else f"the site's value, {shown}, breaks {rule}"
    )
    return state.make(
        MEASURE_BREAKS_BENCHMARK,
        message,
        (line, (*path, "value")),
        value=value,
        hint="If the site departed from the rule, record it as an adaptation of the element "
        "with its fidelity; if the value or the benchmark is wrong, correct it.",
    )


# -- enabler claims and the evidence they rest on ----------------------------------------------


def check_evidence(state: Integrity, data: dict[str, Any], path: Path, line: int | None) -> None:
    del path, line
    evidence_id = text_or_none(data.get("id"))
    if evidence_id is None or evidence_id in state.evidence_about:
        return
    about = dict_or_empty(data.get("about"))
    innovations = [i for i in list_or_empty(about.get("innovations")) if type(i) is str]
    innovations.extend(
        element.partition("#")[0]
        for element in list_or_empty(about.get("elements"))
        if type(element) is str and "#" in element
    )
    adoptions = tuple(a for a in list_or_empty(about.get("adoptions")) if type(a) is str)
    claims = tuple(c for c in list_or_empty(about.get("enabler_claims")) if type(c) is str)
    if not adoptions and not claims and len(set(innovations)) == 1:
        state.evidence_about[evidence_id] = _intern(innovations[0])
    else:
        state.evidence_about[evidence_id] = (tuple(innovations), adoptions, claims)


#: A claim's evidence as the tier keeps it: (claim's innovation, evidence id, line, path).
Claimed = tuple[str, str, "int | None", Path]


def _about_parts(about: Any) -> tuple[tuple[str, ...], ...]:
    """What an evidence record is about, as kept: its innovations, adoptions and claims."""
    if type(about) is str:  # the common case, kept small: about one innovation only
        return (about,), (), ()
    innovations, adoptions, claims = about
    return innovations, adoptions, claims


def _subjects(state: Integrity, evidence_id: str, *, final: bool) -> Any:
    """
    What the evidence ``evidence_id`` is about: (the innovations, whether each has been
    seen, them listed for a message), worked out once; :data:`PENDING` before the end
    while it is not known, ``None`` for no such evidence.
    """
    found = state.evidence_subjects.get(evidence_id)
    if found is not None:
        return found
    about = state.evidence_about.get(evidence_id)
    if about is None:
        return None if final else PENDING  # a dangling reference is reported as such
    innovations, adoptions, claims = _about_parts(about)
    subjects = set(innovations)
    for owners, ids in ((state.adoption_innovation, adoptions), (state.claim_innovation, claims)):
        for record_id in ids:
            owner = owners.get(record_id)
            if owner is not None:
                subjects.add(owner)
            elif not final:
                return PENDING
    seen = all(i in state.elements for i in subjects)
    if not seen and not final:
        return PENDING
    ordered = sorted(subjects)
    listed = ", ".join(repr(s) for s in ordered[:MAX_LISTED])
    if len(ordered) > MAX_LISTED:
        listed += f" and {len(ordered) - MAX_LISTED} more"
    found = (frozenset(subjects), seen, listed)
    if len(subjects) > _CACHED_SUBJECTS:
        # Worked out once for every claim that cites it: a claim costs O(1), not O(subjects).
        state.evidence_subjects[evidence_id] = found
    return found


#: Evidence about more innovations than this has its subjects kept once worked out.
_CACHED_SUBJECTS = 8


def finish_claimed(state: Integrity, fact: Claimed, *, final: bool = True) -> Any:
    """
    The issue of a claim citing evidence about other innovations only; before the end,
    :data:`PENDING` while what decides it is not known.
    """
    innovation, evidence_id, line, path = fact
    found = _subjects(state, evidence_id, final=final)
    if found is None or found is PENDING:
        return found
    subjects, seen, listed = found
    if not subjects or innovation in subjects:
        return None
    if not seen or innovation not in state.elements:
        # Their relations are not all known yet; at the end, a dangling innovation
        # is reported as a reference, not again here.
        return None if final else PENDING
    related = state.related.get(innovation, set())
    # Walk the smaller side, so a claim costs what its innovation's relations cost.
    if len(related) < len(subjects):
        linked = any(other in subjects for other in related)
    else:
        linked = any(subject in related for subject in subjects)
    if linked:
        return None
    return state.make(
        CLAIM_EVIDENCE_OTHER_INNOVATION,
        f"the claim is about {innovation!r}, but the evidence {evidence_id!r} is about "
        f"{listed} only",
        (line, path),
        value=evidence_id,
        hint="Cite evidence about this innovation; if the evidence is about a programme it was "
        "adapted or licensed from, record that relation in the innovation's 'relations'.",
    )


def check_enabler_claim(
    state: Integrity, data: dict[str, Any], path: Path, line: int | None
) -> None:
    innovation = text_or_none(data.get("innovation"))
    claim_id = text_or_none(data.get("id"))
    if innovation is not None:
        innovation = _intern(innovation)
        if claim_id is not None:
            state.claim_innovation.setdefault(claim_id, innovation)
        for index, evidence_id in enumerate(list_or_empty(data.get("evidence"))):
            if type(evidence_id) is not str:
                continue
            fact: Claimed = (innovation, evidence_id, line, (*path, "evidence", index))
            issue = finish_claimed(state, fact, final=False)
            if issue is PENDING:
                state.claimed.defer(fact)
            elif issue is not None:
                state.claimed.settled(issue)
    if not list_or_empty(data.get("evidence")) and not list_or_empty(data.get("sources")):
        state.report(
            CLAIM_NO_EVIDENCE,
            "the enabler claim names neither evidence nor sources",
            (line, path),
            has_value=False,
            hint="Add the evidence records or the sources the claim rests on.",
        )


def check_reach_measure(
    state: Integrity, data: dict[str, Any], path: Path, line: int | None
) -> None:
    innovation = text_or_none(data.get("innovation"))
    if innovation is None:
        return
    as_of = text_or_none(data.get("as_of"))
    if as_of is not None:
        _date(state, innovation, as_of, line, (*path, "as_of"))
    start = text_or_none(dict_or_empty(data.get("period")).get("start"))
    if start is not None:
        _date(state, innovation, start, line, (*path, "period", "start"))
    adoption = text_or_none(data.get("adoption"))
    if adoption is not None:
        actual = state.adoption_innovation.get(adoption)
        if actual is None:
            state.reach_adoptions.defer((adoption, innovation, line, (*path, "adoption")))
        elif actual != innovation:
            issue = _reach_issue(state, adoption, innovation, actual, (line, (*path, "adoption")))
            state.reach_adoptions.settled(issue)


def check_policy_lever(
    state: Integrity, data: dict[str, Any], path: Path, line: int | None
) -> None:
    dates = []
    issued = text_or_none(data.get("issued"))
    if issued is not None:
        dates.append((issued, (*path, "issued")))
    start = text_or_none(dict_or_empty(data.get("period")).get("start"))
    if start is not None:
        dates.append((start, (*path, "period", "start")))
    if not dates:
        return
    for innovation in list_or_empty(data.get("innovations")):
        if type(innovation) is str:
            for text, where in dates:
                _date(state, innovation, text, line, where)


def _check_date(state: Integrity, year: int, text: str, loc: Loc, innovation: str | None) -> None:
    issue = date_issue(state, year, text, loc, innovation)
    if issue is not None:
        state.issues.append(issue)


def date_issue(
    state: Integrity, year: int, text: str, loc: Loc, innovation: str | None = None
) -> Issue | None:
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
        return state.make(
            DATE_BEFORE_ORIGIN,
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
    return None


def _adapted_issue(state: Integrity, element_id: str, loc: Loc) -> Issue:
    return state.make(
        ADAPTATION_CORE_FIDELITY,
        f"the adaptation changes the core element {element_id!r} but is coded fidelity-consistent",
        loc,
        value=element_id,
        hint="Check the coding, or say in 'description' why the core function is preserved.",
    )


def _reach_issue(state: Integrity, adoption: str, innovation: str, actual: str, loc: Loc) -> Issue:
    return state.make(
        REACH_ADOPTION_MISMATCH,
        f"the adoption {adoption!r} is of {actual!r}, not of {innovation!r}",
        loc,
        value=adoption,
        hint="Name an adoption of the measured innovation, or correct 'innovation'.",
    )


def finish_adapted(
    state: Integrity, fact: tuple[str, str, str, int | None, Path], owners: dict[str, str]
) -> Issue | None:
    innovation, element_id, fidelity, line, path = fact
    kinds = state.elements.get(innovation)
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
        return state.make(
            ADAPTATION_UNKNOWN_ELEMENT,
            f"the adopted innovation {innovation!r} has no element {element_id!r}",
            (line, path),
            value=element_id,
            hint=hint,
        )
    if kind == "core" and fidelity in _CORE_CHECKED:
        return _core_issue(state, element_id, fidelity, (line, path))
    return None


#: The fidelity codes that make a change to a core element worth a warning.
_CORE_CHECKED = frozenset({"fidelity_consistent", "unknown", ""})


def _core_issue(state: Integrity, element_id: str, fidelity: str, loc: Loc) -> Issue:
    if fidelity == "fidelity_consistent":
        return _adapted_issue(state, element_id, loc)
    return _unjudged_issue(state, element_id, loc)


def finish_dated(state: Integrity, fact: tuple[str, str, int | None, Path]) -> Issue | None:
    innovation, text, line, path = fact
    year = state.origins.get(innovation)
    return None if year is None else date_issue(state, year, text, (line, path), innovation)


def finish_reach(state: Integrity, fact: tuple[str, str, int | None, Path]) -> Issue | None:
    adoption, innovation, line, path = fact
    actual = state.adoption_innovation.get(adoption)
    if actual is not None and actual != innovation:
        return _reach_issue(state, adoption, innovation, actual, (line, path))
    return None


def place_other_vehicles(
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
            f"{vehicle!r} is a vehicle of the innovation {owner!r} (at {where(loc)})",
            hint="A licence chain links vehicles of one innovation. Record the licensing "
            "vehicle under this innovation too, or correct the id.",
        )


def cycles(successor: dict[str, str]) -> Iterator[list[str]]:
    """
    Every circle in the graph where each node has at most one ``successor``, each
    once, in the order their first node was met; each node is visited once.

    >>> list(cycles({"a": "b", "b": "c", "c": "a", "d": "a", "e": "f"}))
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


#: The rule of each record type that has one.
RULES: dict[type[Any], Callable[[Integrity, dict[str, Any], Path, int | None], None]] = {
    Innovation: check_innovation,
    Adoption: check_adoption,
    EnablerClaim: check_enabler_claim,
    Evidence: check_evidence,
    PolicyLever: check_policy_lever,
    ReachMeasure: check_reach_measure,
}
