"""
Cross-case analysis: the questions an evidence base is kept to answer.

Each function takes an :class:`~innovscale.EvidenceBase` and returns a :class:`Table`
of typed rows (frozen attrs classes), in a stable order. A table iterates, indexes and
counts like a tuple, gives plain dicts with :meth:`Table.to_records`, and a pandas
``DataFrame`` with :meth:`Table.to_pandas` when pandas is installed (the ``analysis``
extra).

>>> import innovscale
>>> from innovscale import analysis
>>> base = innovscale.load_example()
>>> cell = next(c for c in analysis.enabler_matrix(base) if c.claims)
>>> cell.innovation, cell.enabler.code, cell.score
('altogether-better', 'scaling_vehicles_rather_than_lone_champions', 1.0)
>>> row = analysis.time_to_scale(base, sites=10)[0]
>>> row.innovation, str(row.first), str(row.reached), row.basis
('altogether-better', '2010', '2010', 'reach figures')

Unknowns are counted as unknown, never folded into a guess: an adaptation whose
fidelity no source judges is ``unknown``, not ``consistent``; an adoption without a
date sorts after the dated ones and is not counted in time to scale.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from innovscale.exceptions import MissingExtra
from innovscale.model import PartialDate
from innovscale.vocab import (
    ClaimStrength,
    Direction,
    ElementKind,
    Enabler,
    EvidenceDesign,
    EvidenceRole,
    Fidelity,
    Phase,
    Planning,
    Qualifier,
    ReachMetric,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from innovscale.model import EvidenceBase

__all__ = [
    "FITNESS_CHECKS",
    "AdaptationRow",
    "EnablerCell",
    "EvidenceCell",
    "FidelitySummary",
    "FitnessCheck",
    "FitnessFinding",
    "FitnessScore",
    "ReachPoint",
    "ScaleRow",
    "Table",
    "TimelineRow",
    "adaptations",
    "adoption_timeline",
    "enabler_matrix",
    "evidence_map",
    "fidelity_summary",
    "fitness",
    "fitness_both",
    "fitness_scores",
    "reach_series",
    "time_to_scale",
]

Row = TypeVar("Row")

#: The valence of each claim strength, -2 to +2, as its label gives it.
VALENCE = {
    ClaimStrength.STRONGLY_ENABLING: 2,
    ClaimStrength.ENABLING: 1,
    ClaimStrength.MIXED: 0,
    ClaimStrength.HINDERING: -1,
    ClaimStrength.STRONGLY_HINDERING: -2,
}


@attrs.frozen
class Table(Generic[Row]):
    """
    The rows an analysis gives: a sequence of typed rows, with plain-data views.

    >>> from innovscale import analysis, load_example
    >>> table = analysis.evidence_map(load_example())
    >>> len(table) == len(table.to_records())
    True
    """

    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def to_records(self) -> list[dict[str, Any]]:
        """Each row as a dict of plain values: codes for vocabularies, text for dates."""
        return [
            {k: _plain(v) for k, v in attrs.asdict(row, recurse=False).items()}  # type: ignore[arg-type]
            for row in self.rows
        ]

    def to_pandas(self) -> Any:
        """
        The rows as a :class:`pandas.DataFrame`, one column per field.

        Raises:
            MissingExtra: pandas is not installed.
        """
        try:
            import pandas as pd  # noqa: PLC0415
        except ImportError as exc:
            raise MissingExtra("analysis", "pandas") from exc
        return pd.DataFrame.from_records(self.to_records())


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return str(value)
    if hasattr(value, "code") and hasattr(value, "label"):
        return value.code
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _date_order(date: PartialDate | None) -> tuple[int, tuple[int, int, int]]:
    """Dated first, in date order; undated last."""
    return (0, date.sort_key) if date is not None else (1, (0, 0, 0))


# -- the enabler matrix ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EnablerCell:
    """
    One cell of the enabler x innovation matrix.

    Attributes:
        innovation: The innovation's id.
        enabler: The enabler.
        claims: How many claims the base makes about it (0: the case says nothing).
        strengths: Each claim's strength, in document order.
        score: The mean valence of the claims (-2 to +2), or ``None`` without claims.
        phases: The phases the claims are about (unknown phases left out).
        evidence: How many distinct evidence records back the claims.
        claim_ids: The claims' ids.
    """

    innovation: str
    enabler: Enabler
    claims: int
    strengths: tuple[ClaimStrength, ...]
    score: float | None
    phases: tuple[Phase, ...]
    evidence: int
    claim_ids: tuple[str, ...]


def enabler_matrix(base: EvidenceBase) -> Table[EnablerCell]:
    """
    The enabler x innovation matrix: a cell for every innovation and every one of the
    eight enablers, in the base's and the vocabulary's order, whether or not a claim
    fills it (an empty cell is a gap in the evidence, not a zero).
    """
    by_pair: dict[tuple[str, Enabler], list[Any]] = defaultdict(list)
    for claim in base.enabler_claims:
        by_pair[claim.innovation, claim.enabler].append(claim)
    rows = []
    for innovation in base.innovations:
        for enabler in Enabler:
            claims = by_pair.get((innovation.id, enabler), [])
            strengths = tuple(c.strength for c in claims)
            phases = tuple(dict.fromkeys(c.phase for c in claims if c.phase is not None))
            evidence = {e for c in claims for e in c.evidence}
            rows.append(
                EnablerCell(
                    innovation=innovation.id,
                    enabler=enabler,
                    claims=len(claims),
                    strengths=strengths,
                    score=sum(VALENCE[s] for s in strengths) / len(strengths) if claims else None,
                    phases=tuple(p for p in Phase if p in phases),
                    evidence=len(evidence),
                    claim_ids=tuple(c.id for c in claims),
                )
            )
    return Table(tuple(rows))


# -- timelines and time to scale ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TimelineRow:
    """
    One adoption on the timeline: a site, its stage and when.

    Attributes:
        innovation: The innovation adopted.
        adoption: The adoption's id.
        adopter: The adopting organisation's id.
        place: Where, when recorded.
        stage: The stage the adoption is at.
        start: When it began, if known.
        end: When it ended, if it has.
    """

    innovation: str
    adoption: str
    adopter: str | None
    adopters: int | None
    place: str | None
    stage: Any
    start: PartialDate | None
    end: PartialDate | None


def adoption_timeline(base: EvidenceBase) -> Table[TimelineRow]:
    """
    Every adoption with its stage and dates, by innovation (in the base's order), then
    by start date (see :class:`~innovscale.PartialDate` for the order); adoptions
    without a start date come last, in document order.
    """
    order = {i.id: n for n, i in enumerate(base.innovations)}
    rows = [
        TimelineRow(
            innovation=a.innovation,
            adoption=a.id,
            adopter=a.adopter,
            adopters=a.adopters.count if a.adopters is not None else None,
            place=a.place,
            stage=a.stage,
            start=a.period.start if a.period else None,
            end=a.period.end if a.period else None,
        )
        for a in base.adoptions
    ]
    rows.sort(key=lambda r: (order.get(r.innovation, len(order)), _date_order(r.start)))
    return Table(tuple(rows))


@attrs.frozen(kw_only=True)
class ScaleRow:
    """
    How long an innovation took to reach a number of sites.

    Attributes:
        innovation: The innovation's id.
        sites: The number of sites asked about.
        first: When the first dated adoption began (or the first reach figure's date).
        reached: When the ``sites``-th began (or a reach figure first counted as many),
            ``None`` if the base does not show it.
        years: Years from ``first`` to ``reached`` (by the earliest day each could
            mean), or ``None``.
        basis: ``"adoptions"`` (dated adoption records) or ``"reach figures"`` (a
            ``sites`` or ``organisations`` reach measure), whichever shows it first.
        dated: How many adoptions of it have a start date.
        undated: How many have none (not counted).
    """

    innovation: str
    sites: int
    first: PartialDate | None
    reached: PartialDate | None
    years: float | None
    basis: str | None
    dated: int
    undated: int


def _years(start: PartialDate, end: PartialDate) -> float:
    y0, m0, d0 = start.earliest
    y1, m1, d1 = end.earliest
    return round((y1 - y0) + (m1 - m0) / 12 + (d1 - d0) / 365.25, 2)


def _sites_of(adoption: Any) -> int:
    """How many sites an adoption stands for: a group's count when it is a floor, else 1."""
    group = adoption.adopters
    if group is None or group.count is None:
        return 1
    return group.count if group.qualifier in (Qualifier.EXACT, Qualifier.AT_LEAST) else 1


def time_to_scale(base: EvidenceBase, sites: int = 10) -> Table[ScaleRow]:
    """
    For each innovation, when it first reached ``sites`` sites: by its dated adoption
    records, or by a reach figure counting sites or organisations, whichever the base
    shows first. Undated adoptions are counted apart, never placed in time. An adoption
    by a group of adopters counts as its number of sites when the number is exact or
    a floor ("at least 18"), and as one otherwise; its named members (``part_of``) are
    then not counted again.
    """
    starts: dict[str, list[PartialDate]] = defaultdict(list)
    undated: dict[str, int] = defaultdict(int)
    counted_groups = {a.id for a in base.adoptions if _sites_of(a) > 1}
    for adoption in base.adoptions:
        if adoption.part_of in counted_groups:
            continue  # a named member of a group already counted by its number
        start = adoption.period.start if adoption.period else None
        if start is None:
            undated[adoption.innovation] += 1
        else:
            starts[adoption.innovation].extend([start] * _sites_of(adoption))
    figures: dict[str, list[tuple[PartialDate, float]]] = defaultdict(list)
    for measure in base.reach_measures:
        when = measure.as_of or (measure.period.end if measure.period else None)
        if when is not None and measure.metric in (ReachMetric.SITES, ReachMetric.ORGANISATIONS):
            figures[measure.innovation].append((when, measure.value))
    rows = []
    for innovation in base.innovations:
        dates = sorted(starts.get(innovation.id, []))
        counted = sorted(figures.get(innovation.id, []), key=lambda f: f[0])
        candidates = []
        if len(dates) >= sites:
            candidates.append((dates[sites - 1], "adoptions"))
        hit = next((when for when, value in counted if value >= sites), None)
        if hit is not None:
            candidates.append((hit, "reach figures"))
        firsts = dates[:1] + [f[0] for f in counted[:1]]
        first = min(firsts) if firsts else None
        reached, basis = min(candidates, key=lambda c: c[0]) if candidates else (None, None)
        rows.append(
            ScaleRow(
                innovation=innovation.id,
                sites=sites,
                first=first,
                reached=reached,
                years=_years(first, reached) if first and reached else None,
                basis=basis,
                dated=len(dates),
                undated=undated.get(innovation.id, 0),
            )
        )
    return Table(tuple(rows))


# -- reach ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReachPoint:
    """
    One reach figure on an innovation's series.

    Attributes:
        innovation: The innovation's id.
        metric: What is counted.
        when: The figure's date (``as_of``, else the end of its period), if any.
        value: The figure.
        qualifier: How exact the source says it is.
        scope: What the figure covers (its denominator, in words), if recorded.
        record: The reach measure's id, or ``"<adoption id>#reach<n>"`` for a site's.
        adoption: The adoption a site figure belongs to, if any.
        sources: The sources the figure comes from.
        conflicts: The records that give a *different* figure for the same
            innovation, metric, date and scope: conflicting facts, side by side.
    """

    innovation: str
    metric: ReachMetric
    when: PartialDate | None
    value: float
    qualifier: Any
    scope: str | None
    record: str
    adoption: str | None
    sources: tuple[str, ...]
    conflicts: tuple[str, ...]


def reach_series(base: EvidenceBase) -> Table[ReachPoint]:
    """
    Every reach figure, the base's reach measures and each site's own counts, by
    innovation, metric and date. Figures that disagree (same innovation, metric, date
    and scope, different values) are all kept, each naming the others in ``conflicts``.
    """
    points: list[dict[str, Any]] = [
        {
            "innovation": m.innovation,
            "metric": m.metric,
            "when": m.as_of or (m.period.end if m.period else None),
            "value": m.value,
            "qualifier": m.qualifier,
            "scope": m.scope,
            "record": m.id,
            "adoption": m.adoption,
            "sources": m.sources,
        }
        for m in base.reach_measures
    ]
    for adoption in base.adoptions:
        for n, site in enumerate(adoption.reach, 1):
            points.append(
                {
                    "innovation": adoption.innovation,
                    "metric": site.metric,
                    "when": site.as_of,
                    "value": site.value,
                    "qualifier": site.qualifier,
                    "scope": adoption.place or adoption.setting,
                    "record": f"{adoption.id}#reach{n}",
                    "adoption": adoption.id,
                    "sources": adoption.sources,
                }
            )
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for point in points:
        if point["when"] is not None:
            groups[point["innovation"], point["metric"], point["when"], point["scope"]].append(
                point
            )
    for group in groups.values():
        for point in group:
            point["conflicts"] = tuple(p["record"] for p in group if p["value"] != point["value"])
    order = {i.id: n for n, i in enumerate(base.innovations)}
    metrics = {m: n for n, m in enumerate(ReachMetric)}
    rows = [ReachPoint(**{"conflicts": (), **p}) for p in points]
    rows.sort(
        key=lambda r: (order.get(r.innovation, len(order)), metrics[r.metric], _date_order(r.when))
    )
    return Table(tuple(rows))


# -- adaptations and fidelity ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AdaptationRow:
    """
    One adaptation an adopter made.

    Attributes:
        innovation: The innovation adapted.
        adoption: The adoption it was made in.
        adaptation: Its id, or ``"#<n>"`` (its place in the adoption) without one.
        description: What was modified.
        elements: The elements it touched.
        touches_core: Whether it touched a core element; ``None`` when the record
            names no element, so no one can tell.
        nature: FRAME's nature of the modification, if recorded.
        planning: Planned (proactive or reactive) or unplanned, if recorded.
        fidelity: Whether core elements were preserved; ``unknown`` when no source says.
    """

    innovation: str
    adoption: str
    adaptation: str
    description: str
    elements: tuple[str, ...]
    touches_core: bool | None
    nature: Any
    planning: Planning | None
    fidelity: Fidelity


def adaptations(base: EvidenceBase) -> Table[AdaptationRow]:
    """Every adaptation, with whether it touched the core, in document order."""
    kinds = {(i.id, e.id): e.kind for i in base.innovations for e in i.elements}
    rows = []
    for adoption in base.adoptions:
        for n, change in enumerate(adoption.adaptations, 1):
            touched = [kinds.get((adoption.innovation, e)) for e in change.elements]
            core = None if not change.elements else ElementKind.CORE in touched
            rows.append(
                AdaptationRow(
                    innovation=adoption.innovation,
                    adoption=adoption.id,
                    adaptation=change.id or f"#{n}",
                    description=change.description,
                    elements=change.elements,
                    touches_core=core,
                    nature=change.nature,
                    planning=change.planning,
                    fidelity=change.fidelity,
                )
            )
    return Table(tuple(rows))


@attrs.frozen(kw_only=True)
class FidelitySummary:
    """
    The adaptations of one innovation, counted.

    Attributes:
        innovation: The innovation's id.
        adoptions: How many adoptions it has.
        adapted: How many of them record at least one adaptation.
        adaptations: How many adaptations in all.
        core: How many touched a core element.
        adaptable_only: How many touched adaptable elements only.
        elements_unknown: How many name no element (core or not cannot be told).
        planned: How many were planned (proactively or reactively).
        unplanned: How many were unplanned.
        planning_unknown: How many say neither.
        consistent: How many preserved the core, by a source's judgement.
        inconsistent: How many did not.
        fidelity_unknown: How many no source judges.
        core_fidelity_unknown: Core changes no source judges: the ones to look at first.
        natures: How many adaptations of each FRAME nature (code → count; ``"unknown"``
            for those without one).
    """

    innovation: str
    adoptions: int
    adapted: int
    adaptations: int
    core: int
    adaptable_only: int
    elements_unknown: int
    planned: int
    unplanned: int
    planning_unknown: int
    consistent: int
    inconsistent: int
    fidelity_unknown: int
    core_fidelity_unknown: int
    natures: dict[str, int]


def fidelity_summary(base: EvidenceBase) -> Table[FidelitySummary]:
    """Per innovation, its adaptations counted by core or adaptable, planning and fidelity."""
    by_innovation: dict[str, list[AdaptationRow]] = defaultdict(list)
    for row in adaptations(base):
        by_innovation[row.innovation].append(row)
    out = []
    for innovation in base.innovations:
        rows = by_innovation.get(innovation.id, [])
        adopted = base.adoptions_of(innovation.id)
        natures: dict[str, int] = defaultdict(int)
        for row in rows:
            natures[row.nature.code if row.nature is not None else "unknown"] += 1
        planned = (Planning.PLANNED_PROACTIVE, Planning.PLANNED_REACTIVE)
        out.append(
            FidelitySummary(
                innovation=innovation.id,
                adoptions=len(adopted),
                adapted=sum(1 for a in adopted if a.adaptations),
                adaptations=len(rows),
                core=sum(1 for r in rows if r.touches_core),
                adaptable_only=sum(1 for r in rows if r.touches_core is False),
                elements_unknown=sum(1 for r in rows if r.touches_core is None),
                planned=sum(1 for r in rows if r.planning in planned),
                unplanned=sum(1 for r in rows if r.planning is Planning.UNPLANNED_REACTIVE),
                planning_unknown=sum(1 for r in rows if r.planning is None),
                consistent=sum(1 for r in rows if r.fidelity is Fidelity.CONSISTENT),
                inconsistent=sum(1 for r in rows if r.fidelity is Fidelity.INCONSISTENT),
                fidelity_unknown=sum(1 for r in rows if r.fidelity is Fidelity.UNKNOWN),
                core_fidelity_unknown=sum(
                    1 for r in rows if r.touches_core and r.fidelity is Fidelity.UNKNOWN
                ),
                natures=dict(sorted(natures.items())),
            )
        )
    return Table(tuple(out))


# -- the evidence map -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EvidenceCell:
    """
    One cell of the evidence map: the evidence of one design, role and direction.

    Attributes:
        design: The study design (``unknown`` when the source does not state it).
        role: The question the evidence answers, or ``None`` for evidence whose
            source does not make it clear. An item that answers several questions
            is counted in the cell of each.
        direction: Which way its findings point.
        count: How many evidence records.
        evidence: Their ids.
        innovations: The innovations they are about, directly or through an element,
            adoption or claim.
        gradings: Each grading given, as ``"scheme: level"``, with how many times.
        ungraded: How many carry no grading.
    """

    design: EvidenceDesign
    role: EvidenceRole | None
    direction: Direction
    count: int
    evidence: tuple[str, ...]
    innovations: tuple[str, ...]
    gradings: dict[str, int]
    ungraded: int


class _About:
    """The innovations an evidence record is about, through whatever it names."""

    def __init__(self, base: EvidenceBase) -> None:
        self.adoptions = {a.id: a.innovation for a in base.adoptions}
        self.claims = {c.id: c.innovation for c in base.enabler_claims}

    def __call__(self, record: Any) -> list[str]:
        about = record.about
        found = list(about.innovations)
        found += [ref.split("#", 1)[0] for ref in about.elements]
        found += [self.adoptions[a] for a in about.adoptions if a in self.adoptions]
        found += [self.claims[c] for c in about.enabler_claims if c in self.claims]
        return list(dict.fromkeys(found))


def evidence_map(base: EvidenceBase) -> Table[EvidenceCell]:
    """
    The evidence map: design x role x direction, for the cells the base fills, in the
    vocabularies' order, each with the innovations it covers and its gradings.
    """
    innovations_of = _About(base)
    groups: dict[tuple[Any, Any, Any], list[Any]] = defaultdict(list)
    for record in base.evidence:
        for role in record.roles or (None,):
            groups[record.design, role, record.direction].append(record)
    designs = {d: n for n, d in enumerate(EvidenceDesign)}
    roles: dict[EvidenceRole | None, int] = {r: n for n, r in enumerate(EvidenceRole)}
    roles[None] = len(roles)
    directions = {d: n for n, d in enumerate(Direction)}
    rows = []
    for (design, role, direction), records in groups.items():
        innovations: dict[str, None] = {}
        gradings: dict[str, int] = defaultdict(int)
        for record in records:
            for name in innovations_of(record):
                innovations.setdefault(name, None)
            for grading in record.gradings:
                gradings[f"{grading.scheme.code}: {grading.level}"] += 1
        rows.append(
            EvidenceCell(
                design=design,
                role=role,
                direction=direction,
                count=len(records),
                evidence=tuple(r.id for r in records),
                innovations=tuple(innovations),
                gradings=dict(sorted(gradings.items())),
                ungraded=sum(1 for r in records if not r.gradings),
            )
        )
    rows.sort(key=lambda c: (designs[c.design], roles[c.role], directions[c.direction]))
    return Table(tuple(rows))


# -- fitness for use ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FitnessCheck:
    """
    One check of fitness for use: beyond validity, what makes a base less useful.

    Attributes:
        code: A stable code, ``fit.<name>``.
        severity: ``"major"`` (the fact cannot be used as it is) or ``"minor"`` (it
            can, with care).
        title: What the check looks for.
        fix: What would pass it.
    """

    code: str
    severity: str
    title: str
    fix: str


#: Every check :func:`fitness` makes, by code.
FITNESS_CHECKS: dict[str, FitnessCheck] = {
    check.code: check
    for check in (
        FitnessCheck(
            code="fit.reach_undated",
            severity="major",
            title="A reach figure without a date",
            fix="Give the figure's 'as_of' date (or its period): a count means little undated.",
        ),
        FitnessCheck(
            code="fit.reach_unsourced",
            severity="major",
            title="A site's reach figure without a source",
            fix="Cite the source of the figure in the adoption's sources.",
        ),
        FitnessCheck(
            code="fit.reach_no_denominator",
            severity="minor",
            title="A reach figure that does not say what it is out of",
            fix="Say in 'scope' what the figure covers (e.g. 'of 135 CCGs in England').",
        ),
        FitnessCheck(
            code="fit.reach_conflict",
            severity="minor",
            title="Reach figures that disagree",
            fix="Keep both, and say in each one's notes which you rely on and why.",
        ),
        FitnessCheck(
            code="fit.claim_unevidenced",
            severity="major",
            title="An enabler claim that cites no evidence",
            fix="Link the claim to the evidence records it rests on.",
        ),
        FitnessCheck(
            code="fit.tidier_missing",
            severity="minor",
            title="An innovation missing TIDieR items",
            fix="Describe why, what (materials, procedures), who, how, where, when and "
            "how much, and tailoring.",
        ),
        FitnessCheck(
            code="fit.evidence_ungraded",
            severity="minor",
            title="Evidence without a grading",
            fix="Grade it (GRADE, NICE ESF, Nesta or another scheme).",
        ),
        FitnessCheck(
            code="fit.stage_undated",
            severity="minor",
            title="An adoption whose stage has no date",
            fix="Give the adoption's period: when it began (and ended).",
        ),
        FitnessCheck(
            code="fit.core_fidelity_unknown",
            severity="major",
            title="A change to a core element whose fidelity no one judged",
            fix="Record whether the change preserved the core (a source's judgement).",
        ),
        FitnessCheck(
            code="fit.no_evidence",
            severity="major",
            title="An innovation no evidence is about",
            fix="Add the evidence the case rests on, about the innovation or its elements.",
        ),
    )
}

#: The TIDieR items of an innovation's description.
_TIDIER = (
    "why",
    "materials",
    "procedures",
    "who_provides",
    "how",
    "where",
    "when_and_how_much",
    "tailoring",
)


@attrs.frozen(kw_only=True)
class FitnessFinding:
    """
    One place a check of fitness for use fails.

    Attributes:
        code: The check's code (see :data:`FITNESS_CHECKS`).
        severity: The check's severity.
        innovation: The innovation the finding counts against, if any.
        record: The record (or ``<record>#<part>``) it is about.
        message: What is missing, in words.
    """

    code: str
    severity: str
    innovation: str | None
    record: str
    message: str


@attrs.frozen(kw_only=True)
class FitnessScore:
    """
    How fit for use one innovation's case is.

    Attributes:
        innovation: The innovation's id.
        checked: How many checks applied (one per fact checked).
        failed: How many failed.
        major: How many of those were major.
        score: ``100 * (1 - failed / checked)``, rounded; 100 when nothing applied.
        codes: How many findings of each code.
    """

    innovation: str
    checked: int
    failed: int
    major: int
    score: int
    codes: dict[str, int]


class _Fitness:
    """The findings and the number of facts checked, per innovation."""

    def __init__(self) -> None:
        self.findings: list[FitnessFinding] = []
        self.checked: dict[str | None, int] = defaultdict(int)

    def check(self, ok: bool, code: str, innovation: str | None, record: str, message: str) -> None:
        self.checked[innovation] += 1
        if not ok:
            severity = FITNESS_CHECKS[code].severity
            self.findings.append(
                FitnessFinding(
                    code=code,
                    severity=severity,
                    innovation=innovation,
                    record=record,
                    message=message,
                )
            )


def _check_reach(base: EvidenceBase, out: _Fitness) -> None:
    for m in base.reach_measures:
        dated = m.as_of is not None or m.period is not None
        out.check(dated, "fit.reach_undated", m.innovation, m.id, f"{m.id!r} has no date")
        out.check(
            m.scope is not None,
            "fit.reach_no_denominator",
            m.innovation,
            m.id,
            f"{m.id!r} does not say what its {m.value:g} is out of",
        )
    for a in base.adoptions:
        for n, site in enumerate(a.reach, 1):
            record = f"{a.id}#reach{n}"
            out.check(
                site.as_of is not None,
                "fit.reach_undated",
                a.innovation,
                record,
                f"the site figure {site.value:g} of {a.id!r} has no date",
            )
            out.check(
                bool(a.sources),
                "fit.reach_unsourced",
                a.innovation,
                record,
                f"the site figure {site.value:g} of {a.id!r} cites no source",
            )
    for point in reach_series(base):
        if point.when is not None:
            others = ", ".join(repr(c) for c in point.conflicts)
            out.check(
                not point.conflicts,
                "fit.reach_conflict",
                point.innovation,
                point.record,
                f"{point.record!r} gives {point.value:g} where {others} give another figure "
                f"({point.metric.code}, {point.when})",
            )


def fitness(base: EvidenceBase) -> Table[FitnessFinding]:
    """
    Every finding of the checks of fitness for use (:data:`FITNESS_CHECKS`): what a
    valid base still lacks before its facts can be relied on, by check, in the base's
    order. Conflicting reach figures are reported, never resolved.
    """
    return Table(tuple(_run_checks(base).findings))


def _run_checks(base: EvidenceBase) -> _Fitness:
    out = _Fitness()
    _check_reach(base, out)
    for claim in base.enabler_claims:
        out.check(
            bool(claim.evidence),
            "fit.claim_unevidenced",
            claim.innovation,
            claim.id,
            f"the claim {claim.id!r} ({claim.enabler.label}) cites no evidence",
        )
    about: dict[str, int] = defaultdict(int)
    innovations_of = _About(base)
    for record in base.evidence:
        names = innovations_of(record)
        for name in names:
            about[name] += 1
        out.check(
            bool(record.gradings),
            "fit.evidence_ungraded",
            names[0] if len(names) == 1 else None,
            record.id,
            f"the evidence {record.id!r} has no grading",
        )
    for innovation in base.innovations:
        description = innovation.description
        missing = [t for t in _TIDIER if description is None or getattr(description, t) is None]
        for item in _TIDIER:
            out.check(
                item not in missing,
                "fit.tidier_missing",
                innovation.id,
                f"{innovation.id}#description.{item}",
                f"{innovation.id!r} does not describe TIDieR's {item.replace('_', ' ')!r}",
            )
        out.check(
            about.get(innovation.id, 0) > 0,
            "fit.no_evidence",
            innovation.id,
            innovation.id,
            f"no evidence is about {innovation.id!r}",
        )
    for a in base.adoptions:
        out.check(
            a.period is not None and a.period.start is not None,
            "fit.stage_undated",
            a.innovation,
            a.id,
            f"{a.id!r} is {a.stage.code}, but not since when: its period has no start",
        )
    for row in adaptations(base):
        if row.touches_core:
            out.check(
                row.fidelity is not Fidelity.UNKNOWN,
                "fit.core_fidelity_unknown",
                row.innovation,
                f"{row.adoption}#{row.adaptation}",
                f"{row.adoption!r} changed a core element ({', '.join(row.elements)}) and no "
                "source judges whether the core was kept",
            )
    order = {code: n for n, code in enumerate(FITNESS_CHECKS)}
    out.findings.sort(key=lambda f: order[f.code])
    return out


def fitness_scores(base: EvidenceBase) -> Table[FitnessScore]:
    """
    A score per innovation: the share of the checks of fitness for use its facts pass
    (``100`` is a case with nothing missing), with the findings counted by code.
    """
    return fitness_both(base)[1]


def fitness_both(base: EvidenceBase) -> tuple[Table[FitnessFinding], Table[FitnessScore]]:
    """:func:`fitness` and :func:`fitness_scores` from one run of the checks."""
    out = _run_checks(base)
    by_innovation: dict[str | None, list[FitnessFinding]] = defaultdict(list)
    for finding in out.findings:
        by_innovation[finding.innovation].append(finding)
    rows = []
    for innovation in base.innovations:
        found = by_innovation.get(innovation.id, [])
        checked = out.checked.get(innovation.id, 0)
        codes: dict[str, int] = defaultdict(int)
        for finding in found:
            codes[finding.code] += 1
        rows.append(
            FitnessScore(
                innovation=innovation.id,
                checked=checked,
                failed=len(found),
                major=sum(1 for f in found if f.severity == "major"),
                score=round(100 * (1 - len(found) / checked)) if checked else 100,
                codes=dict(codes),
            )
        )
    return Table(tuple(out.findings)), Table(tuple(rows))
