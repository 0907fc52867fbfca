"""
Deterministic, realistic evidence bases for the benchmarks.

An evidence base is built as a run of independent *clusters*, one per innovation:
the innovation with its elements and scaling vehicles, its sources, its adoptions
(with adaptations, support, reach and outcomes), the evidence about it, the enabler
claims resting on that evidence, a reach measure and, now and then, a policy lever
and an engagement activity. Organisations come from a shared pool. Each cluster is
drawn from its own ``random.Random(f"{seed}:{index}")``, so a small base is a prefix
of a larger one and the per-record mix is the same at every size; every reference
resolves.

Records are built as model objects (so the attrs validators and rules check them)
and written with ``innovscale.dumps`` / ``innovscale.serialization.dumps_jsonl``,
so every file is a valid innovscale document.

    python benchmarks/generate.py --sizes small,medium
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import innovscale
from innovscale import (
    About,
    Adaptation,
    Adoption,
    Benchmark,
    Description,
    Element,
    EnablerClaim,
    EngagementActivity,
    Evidence,
    EvidenceBase,
    Funding,
    Grading,
    Innovation,
    Maintainer,
    Organisation,
    Origin,
    Outcome,
    PartialDate,
    Period,
    PolicyLever,
    ReachMeasure,
    Reason,
    ScalingVehicle,
    SiteMeasure,
    SiteReach,
    Source,
    Support,
    schema,
    vocab as v,
)
from innovscale.model.evidence import GRADING_LEVELS
from innovscale.serialization import dumps_jsonl

DATA = Path(__file__).resolve().parent / "data"
SEED = 20240607
#: Innovations per size. ``xl`` exists only as JSON Lines (for the memory test).
SIZES: dict[str, int] = {"small": 100, "medium": 2_000, "large": 20_000}
#: Organisations in the shared pool per innovation.
ORGS_PER_INNOVATION = 0.6
#: Innovations per streamed chunk when writing JSON Lines.
CHUNK = 250

_VOCABULARY = (
    "patients people staff nurses teams clinics wards practices services commissioners "
    "trusts networks pathways referrals outcomes waiting times admissions discharges "
    "training sessions courses follow-up review audit data feedback quality safety "
    "community hospital primary care secondary care specialist generalist pharmacist "
    "diabetes cancer stroke heart failure COPD dementia frailty mental health maternity "
    "children older adults carers families insulin inhaler glucose blood pressure "
    "assessment screening triage telehealth app device test results records "
    "local regional national funding tariff incentive guidance standard target "
    "adapted delivered supported improved reduced increased sustained spread adopted "
    "weekly monthly group individual remote face-to-face evening weekend rural urban"
)
_WORDS = _VOCABULARY.split()
_PLACES = (
    "Leeds",
    "Stoke-on-Trent",
    "Bristol",
    "Newcastle",
    "Norwich",
    "Cardiff",
    "Glasgow",
    "Belfast",
    "Sheffield",
    "Plymouth",
    "Derby",
    "Salford",
    "Truro",
    "Hull",
    "Inverness",
)
_COUNTRIES = ("GB", "GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "IE", "NL", "DK", "AU", "CA")
_REGIONS = ("North East", "Yorkshire and the Humber", "London", "South West", "Midlands")
_SURNAMES = ("Heller", "Shaw", "Patel", "Okafor", "Nguyen", "Evans", "Murray", "Khan", "Jones")


class _Draw:
    """Random choices for one cluster, with a few domain-shaped helpers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def words(self, low: int, high: int) -> str:
        rng = self.rng
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))
        return text[0].upper() + text[1:] + "."

    def maybe_text(self, p: float, low: int = 6, high: int = 20) -> str | None:
        return self.words(low, high) if self.chance(p) else None

    def member(self, vocabulary: Any) -> Any:
        members = [m for m in vocabulary if m.code != "other"]
        return self.rng.choice(members)

    def members(self, vocabulary: Any, high: int) -> tuple[Any, ...]:
        members = [m for m in vocabulary if m.code != "other"]
        return tuple(self.rng.sample(members, self.rng.randint(0, min(high, len(members)))))

    def kind(self, vocabulary: Any, p_other: float = 0.03) -> tuple[Any, str | None]:
        """A member, occasionally ``other`` with its text."""
        if vocabulary.allows_other() and self.chance(p_other):
            return vocabulary("other"), self.words(2, 5)
        return self.member(vocabulary), None

    def date(self, low: int = 1995, high: int = 2024) -> PartialDate:
        rng = self.rng
        year = rng.randint(low, high)
        precision = rng.random()
        if precision < 0.35:
            return PartialDate(year=year)
        month = rng.randint(1, 12)
        if precision < 0.7:
            return PartialDate(year=year, month=month)
        return PartialDate(year=year, month=month, day=rng.randint(1, 28))

    def period(self, low: int = 1995) -> Period:
        start = self.date(low, max(low, 2021))
        end = self.date(start.year + 1, 2024) if start.year < 2024 and self.chance(0.6) else None
        return Period(start=start, end=end)

    def funding(self) -> Funding:
        months = self.rng.choice((None, 12, 18, 24, 36))
        return Funding(
            amount=float(self.rng.randrange(5_000, 2_000_000, 500)),
            currency=self.rng.choice(("GBP", "GBP", "EUR")),
            months=months,
        )

    def outcome(self) -> Outcome:
        rng = self.rng
        value = round(rng.uniform(0.5, 150.0), 2)
        interval = self.chance(0.5)
        unit = rng.choice((v.Unit.PERCENT, v.Unit.MMOL_PER_MOL, v.Unit.DAYS, v.Unit.OTHER, None))
        if unit is v.Unit.PERCENT:
            value = round(value / 2, 2)  # a share of a whole, its interval (x1.2) within 100
        return Outcome(
            measure=self.words(2, 6),
            value=value,
            unit=unit,
            unit_other="admissions per 1,000" if unit is v.Unit.OTHER else None,
            low=round(value * 0.8, 2) if interval else None,
            high=round(value * 1.2, 2) if interval else None,
            interval="95% CI" if interval else None,
            comparator=self.maybe_text(0.4, 3, 8),
            sample_size=rng.randint(12, 5_000) if self.chance(0.8) else None,
            reaim=self.member(v.ReAimDimension) if self.chance(0.7) else None,
            level=self.member(v.ImplementationOutcomeLevel) if self.chance(0.7) else None,
            qualifier=self.member(v.Qualifier) if self.chance(0.2) else v.Qualifier.EXACT,
        )

    def extensions(self) -> dict[str, Any]:
        if not self.chance(0.1):
            return {}
        return {
            "acme:priority": self.rng.choice(("high", "medium", "low")),
            "acme:review": {"due": str(self.date(2024, 2026)), "owner": self.rng.choice(_SURNAMES)},
        }


_RULE_UNITS = (v.Unit.WEEKS, v.Unit.SESSIONS, v.Unit.PERCENT, v.Unit.PER_STAFF, v.Unit.HOURS)
_RULE_COMPARATORS = (v.Comparator.AT_LEAST, v.Comparator.AT_MOST, v.Comparator.BETWEEN)


def benchmark(draw: _Draw, benchmark_id: str) -> Benchmark:
    """An eligibility, dose or fidelity rule of an element."""
    comparator = draw.rng.choice(_RULE_COMPARATORS)
    threshold = float(draw.rng.randint(2, 60))
    return Benchmark(
        id=benchmark_id,
        kind=draw.rng.choice(
            (v.BenchmarkKind.ELIGIBILITY, v.BenchmarkKind.DOSE, v.BenchmarkKind.FIDELITY)
        ),
        measure=draw.words(2, 5),
        comparator=comparator,
        threshold=threshold,
        upper=threshold + draw.rng.randint(1, 20) if comparator is v.Comparator.BETWEEN else None,
        unit=draw.rng.choice(_RULE_UNITS),
        description=draw.maybe_text(0.4),
    )


def meeting(draw: _Draw, rule: Benchmark) -> float:
    """A site value that meets ``rule``."""
    if rule.comparator is v.Comparator.AT_LEAST:
        return rule.threshold + draw.rng.randint(0, 30)
    if rule.comparator is v.Comparator.AT_MOST:
        return max(0.0, rule.threshold - draw.rng.randint(0, 30))
    upper = rule.upper if rule.upper is not None else rule.threshold
    return float(draw.rng.randint(int(rule.threshold), int(upper)))


def organisations(count: int, seed: int = SEED) -> list[Organisation]:
    """The shared pool of organisations, ``org-0000`` onwards."""
    rng = random.Random(f"{seed}:organisations")
    draw = _Draw(rng)
    out = []
    for index in range(count):
        kind, kind_other = draw.kind(v.OrganisationKind)
        out.append(
            Organisation(
                id=f"org-{index:05d}",
                name=f"{rng.choice(_PLACES)} {draw.words(1, 3)[:-1]} {kind.label}",
                kind=kind,
                kind_other=kind_other,
                country=rng.choice(_COUNTRIES) if draw.chance(0.8) else None,
                region=rng.choice(_REGIONS) if draw.chance(0.4) else None,
                aliases=tuple(sorted({draw.words(1, 3) for _ in range(rng.randint(0, 2))})),
                url=f"https://org-{index}.example.org/" if draw.chance(0.5) else None,
                notes=draw.maybe_text(0.1),
            )
        )
    return out


def cluster(index: int, n_orgs: int, seed: int = SEED) -> dict[str, list[Any]]:  # noqa: PLR0915
    """The records of innovation ``index``, keyed by collection name."""
    rng = random.Random(f"{seed}:{index}")
    draw = _Draw(rng)
    inn_id = f"inn-{index:06d}"

    def org() -> str:
        return f"org-{rng.randrange(n_orgs):05d}"

    # Sources.
    sources = []
    for s in range(rng.randint(2, 4)):
        kind, kind_other = draw.kind(v.SourceKind)
        sources.append(
            Source(
                id=f"{inn_id}-src-{s}",
                kind=kind,
                kind_other=kind_other,
                title=draw.words(6, 18),
                authors=tuple(
                    f"{rng.choice(_SURNAMES)} {rng.choice('ABCDEFGHJKLMNPRS')}"
                    for _ in range(rng.randint(0, 6))
                ),
                publisher=draw.maybe_text(0.7, 1, 4),
                date=draw.date(),
                doi=f"10.{rng.randint(1000, 99999)}/bench.{index}.{s}"
                if draw.chance(0.5)
                else None,
                url=f"https://example.org/{inn_id}/{s}" if draw.chance(0.4) else None,
                accessed=draw.date(2020, 2024) if draw.chance(0.2) else None,
            )
        )
    source_ids = [s.id for s in sources]

    def cite(high: int = 2) -> tuple[str, ...]:
        return tuple(rng.sample(source_ids, rng.randint(0, min(high, len(source_ids)))))

    # The innovation. Dates about its spread never precede its origin.
    has_origin = draw.chance(0.8)
    origin_year = rng.randint(1975, 2018)
    floor = origin_year if has_origin else 1995
    n_elements = rng.randint(3, 7)
    elements = []
    for e in range(n_elements):
        kind = v.ElementKind.CORE if e == 0 or draw.chance(0.4) else v.ElementKind.ADAPTABLE
        elements.append(
            Element(
                id=f"el-{e}",
                name=draw.words(2, 5),
                kind=kind,
                function=draw.words(8, 20),
                variation=draw.words(5, 15) if kind is v.ElementKind.ADAPTABLE else None,
                description=draw.maybe_text(0.5, 10, 30),
                benchmarks=(benchmark(draw, f"bm-{e}"),) if draw.chance(0.3) else (),
            )
        )
    element_ids = [e.id for e in elements]
    rules = [b for element in elements for b in element.benchmarks]
    core_ids = {e.id for e in elements if e.kind is v.ElementKind.CORE}
    vehicles = []
    for h in range(rng.randint(0, 2)):
        vtype, vtype_other = draw.kind(v.VehicleType)
        business = draw.members(v.BusinessModel, 2)
        vehicles.append(
            ScalingVehicle(
                id=f"veh-{h}",
                organisation=org(),
                type=vtype,
                type_other=vtype_other,
                business_model=business,
                business_model_details=draw.maybe_text(0.4),
                period=draw.period(floor) if draw.chance(0.6) else None,
                licenses_from="veh-0" if h > 0 and draw.chance(0.5) else None,
                description=draw.maybe_text(0.6),
            )
        )
    ikind, ikind_other = draw.kind(v.InnovationKind)
    innovation = Innovation(
        id=inn_id,
        name=draw.words(2, 6),
        aliases=tuple(sorted({f"I{index}-{a}" for a in range(rng.randint(0, 2))})),
        kind=ikind,
        kind_other=ikind_other,
        summary=draw.words(12, 30),
        problem=draw.maybe_text(0.7, 10, 25),
        origins=(
            Origin(
                organisations=tuple(sorted({org() for _ in range(rng.randint(1, 2))})),
                place=rng.choice(_PLACES),
                date=PartialDate(year=origin_year),
                people=tuple(rng.choice(_SURNAMES) for _ in range(rng.randint(0, 2))),
                description=draw.maybe_text(0.5, 10, 30),
            ),
        )
        if has_origin
        else (),
        description=Description(
            why=draw.maybe_text(0.8, 10, 25),
            materials=draw.maybe_text(0.6),
            procedures=draw.maybe_text(0.8, 10, 30),
            who_provides=draw.maybe_text(0.7),
            how=draw.maybe_text(0.7),
            where=draw.maybe_text(0.6, 3, 8),
            when_and_how_much=draw.maybe_text(0.6),
            tailoring=draw.maybe_text(0.4),
        )
        if draw.chance(0.7)
        else None,
        elements=tuple(elements),
        scaling_vehicles=tuple(vehicles),
        url=f"https://example.org/innovations/{inn_id}" if draw.chance(0.5) else None,
        sources=tuple(source_ids),  # every source is cited somewhere
        claim_status=draw.member(v.ClaimStatus),
        notes=draw.maybe_text(0.2),
        extensions=draw.extensions(),
    )

    # Adoptions.
    adoptions = []
    for a in range(rng.randint(2, 9)):
        adaptations = []
        for d in range(rng.randint(0, 3)):
            nature, nature_other = draw.kind(v.ModificationNature)
            if not draw.chance(0.7):
                nature, nature_other = None, None
            deciders = draw.members(v.ModificationDecider, 2)
            goals = draw.members(v.AdaptationGoal, 3)
            adapted = tuple(rng.sample(element_ids, rng.randint(0, 2)))
            fidelity = draw.member(v.Fidelity)
            if fidelity is not v.Fidelity.INCONSISTENT and any(e in core_ids for e in adapted):
                fidelity = v.Fidelity.INCONSISTENT  # else a warning: consistent, or unjudged
            adaptations.append(
                Adaptation(
                    id=f"ad-{d}" if draw.chance(0.6) else None,
                    description=draw.words(8, 25),
                    elements=adapted,
                    targets=draw.members(v.ModificationTarget, 2),
                    contextual=draw.members(v.ContextualAspect, 2),
                    nature=nature,
                    nature_other=nature_other,
                    planning=draw.member(v.Planning) if draw.chance(0.8) else None,
                    phase=draw.member(v.Phase) if draw.chance(0.6) else None,
                    decided_by=deciders,
                    level=draw.member(v.DeliveryLevel) if draw.chance(0.5) else None,
                    reasons=tuple(
                        Reason(level=draw.member(v.ReasonLevel), description=draw.words(5, 15))
                        for _ in range(rng.randint(0, 2))
                    ),
                    goals=goals,
                    fidelity=fidelity,
                )
            )
        support = []
        for _ in range(rng.randint(0, 2)):
            skind, skind_other = draw.kind(v.SupportKind)
            funding = draw.funding() if draw.chance(0.5) else None
            support.append(
                Support(
                    kind=skind,
                    kind_other=skind_other,
                    description=draw.maybe_text(0.7),
                    provider=org() if draw.chance(0.8) else None,
                    funding=funding,
                    period=draw.period(floor) if draw.chance(0.5) else None,
                    takeover=org() if funding and draw.chance(0.5) else None,
                )
            )
        period = draw.period(floor) if draw.chance(0.8) else None
        stage = draw.member(v.AdoptionStage)
        ended = period is not None and period.end is not None
        if ended and stage.code in _RUNNING:
            stage = v.AdoptionStage.PILOT_ENDED  # a running stage after the end is a warning
        elif stage is v.AdoptionStage.DISCONTINUED and not ended:
            stage = v.AdoptionStage.UNKNOWN  # so is stopping with no end
        adoptions.append(
            Adoption(
                id=f"{inn_id}-adopt-{a}",
                innovation=inn_id,
                adopter=org(),
                setting=draw.maybe_text(0.6, 2, 5),
                place=rng.choice(_PLACES) if draw.chance(0.7) else None,
                stage=stage,
                period=period,
                adaptations=tuple(adaptations),
                support=tuple(support),
                reach=tuple(
                    SiteReach(
                        metric=draw.member(v.ReachMetric),
                        value=float(rng.randint(1, 20_000)),
                        qualifier=draw.member(v.Qualifier),
                        as_of=draw.date(max(floor, 2010), 2024) if draw.chance(0.7) else None,
                        description=draw.maybe_text(0.3),
                    )
                    for _ in range(rng.randint(0, 2))
                ),
                outcomes=tuple(draw.outcome() for _ in range(rng.randint(0, 2))),
                measures=tuple(
                    SiteMeasure(
                        benchmark=rule.id,
                        value=meeting(draw, rule),
                        as_of=draw.date(max(floor, 2010), 2024) if draw.chance(0.5) else None,
                    )
                    for rule in rules
                    if draw.chance(0.5)
                ),
                sources=cite(),
                claim_status=draw.member(v.ClaimStatus),
                notes=draw.maybe_text(0.15),
                extensions=draw.extensions(),
            )
        )
    adoption_ids = [a.id for a in adoptions]

    # Claim ids come first so evidence can be about claims and claims can rest on evidence.
    n_claims = rng.randint(1, 4)
    claim_ids = [f"{inn_id}-claim-{c}" for c in range(n_claims)]
    evidence = []
    for e in range(rng.randint(1, 4)):
        scheme = draw.member(v.GradingScheme)
        levels = GRADING_LEVELS.get(scheme)
        gradings = []
        if draw.chance(0.7):
            level = rng.choice(levels.codes()) if levels else "locally graded"
            gradings.append(
                Grading(
                    scheme=scheme,
                    level=level,
                    assessed_by=draw.maybe_text(0.6, 2, 5),
                    rationale=draw.maybe_text(0.4),
                )
            )
        design, design_other = draw.kind(v.EvidenceDesign)
        about_innovations = (inn_id,) if draw.chance(0.6) else ()
        about_elements = tuple(
            f"{inn_id}#{el}" for el in rng.sample(element_ids, rng.randint(0, 2))
        )
        about_adoptions = tuple(rng.sample(adoption_ids, rng.randint(0, 1)))
        about_claims = (rng.choice(claim_ids),) if draw.chance(0.2) else ()
        if not (about_innovations or about_elements or about_adoptions or about_claims):
            about_innovations = (inn_id,)
        about = About(
            innovations=about_innovations,
            elements=about_elements,
            adoptions=about_adoptions,
            enabler_claims=about_claims,
        )
        evidence.append(
            Evidence(
                id=f"{inn_id}-ev-{e}",
                about=about,
                design=design,
                design_other=design_other,
                roles=(draw.member(v.EvidenceRole),),
                finding=draw.words(15, 40),
                direction=draw.member(v.Direction),
                outcomes=tuple(draw.outcome() for _ in range(rng.randint(0, 3))),
                gradings=tuple(gradings),
                citation=rng.choice(source_ids),
                sources=cite(),
                claim_status=draw.member(v.ClaimStatus),
                notes=draw.maybe_text(0.1),
                extensions=draw.extensions(),
            )
        )
    evidence_ids = [e.id for e in evidence]

    levers = []
    if index % 8 == 0:
        lkind, lkind_other = draw.kind(v.LeverKind)
        levers.append(
            PolicyLever(
                id=f"{inn_id}-lever",
                name=draw.words(3, 8),
                kind=lkind,
                kind_other=lkind_other,
                reference=f"TA{rng.randint(1, 999)}" if draw.chance(0.6) else None,
                issuer=org() if draw.chance(0.7) else None,
                jurisdiction=rng.choice(("England", "Wales", "Scotland", "England and Wales")),
                issued=draw.date(max(floor, 2000), 2024),
                period=draw.period(floor) if draw.chance(0.5) else None,
                role=draw.member(v.LeverRole) if draw.chance(0.8) else None,
                funding=draw.funding() if draw.chance(0.4) else None,
                innovations=(inn_id,),
                description=draw.maybe_text(0.7, 10, 30),
                sources=cite(),
            )
        )
    claims = [
        EnablerClaim(
            id=claim_id,
            innovation=inn_id,
            enabler=draw.member(v.Enabler),
            phase=draw.member(v.Phase) if draw.chance(0.6) else None,
            strength=draw.member(v.ClaimStrength),
            narrative=draw.words(15, 45),
            evidence=tuple(rng.sample(evidence_ids, rng.randint(1, len(evidence_ids)))),
            levers=tuple(lever.id for lever in levers) if levers and draw.chance(0.5) else (),
            sources=cite(),
            claim_status=draw.member(v.ClaimStatus),
            notes=draw.maybe_text(0.1),
        )
        for claim_id in claim_ids
    ]
    activities = []
    if index % 5 == 0:
        ekind, ekind_other = draw.kind(v.EngagementKind)
        activities.append(
            EngagementActivity(
                id=f"{inn_id}-activity",
                name=draw.words(3, 8),
                kind=ekind,
                kind_other=ekind_other,
                innovations=(inn_id,),
                organisers=tuple(sorted({org() for _ in range(rng.randint(1, 3))})),
                participants=draw.maybe_text(0.6, 3, 8),
                social=draw.chance(0.8),
                situated=draw.chance(0.6),
                sustained=draw.chance(0.5),
                starts_with_learner_question=draw.chance(0.4),
                period=draw.period() if draw.chance(0.6) else None,
                description=draw.maybe_text(0.7, 10, 30),
                sources=cite(),
            )
        )
    reach = []
    for r in range(rng.randint(0, 2)):
        mkind, mkind_other = draw.kind(v.ReachMetric)
        reach.append(
            ReachMeasure(
                id=f"{inn_id}-reach-{r}",
                innovation=inn_id,
                metric=mkind,
                metric_other=mkind_other,
                value=float(rng.randint(1, 500_000)),
                qualifier=draw.member(v.Qualifier),
                as_of=draw.date(max(floor, 2005), 2024),
                scope=rng.choice(("UK", "England", "UK and Ireland", "Europe")),
                adoption=rng.choice(adoption_ids) if draw.chance(0.2) else None,
                sources=(rng.choice(source_ids),),
            )
        )
    return {
        "sources": sources,
        "innovations": [innovation],
        "adoptions": adoptions,
        "enabler_claims": claims,
        "policy_levers": levers,
        "engagement_activities": activities,
        "evidence": evidence,
        "reach_measures": reach,
    }


def n_organisations(innovations: int) -> int:
    return max(10, int(innovations * ORGS_PER_INNOVATION))


def header(size: str, innovations: int) -> EvidenceBase:
    return EvidenceBase(
        id=f"bench-{size}",
        title=f"Benchmark evidence base ({size}, {innovations} innovations)",
        description="Synthetic, deterministic data for innovscale's benchmarks.",
        licence="CC0-1.0",
        maintainers=(Maintainer(name="innovscale benchmarks", email="bench@example.org"),),
        created=PartialDate(year=2024, month=6),
    )


def evidence_base(size: str, innovations: int, seed: int = SEED) -> EvidenceBase:
    """The whole evidence base in memory."""
    n_orgs = n_organisations(innovations)
    collections: dict[str, list[Any]] = {"organisations": organisations(n_orgs, seed)}
    for index in range(innovations):
        for name, records in cluster(index, n_orgs, seed).items():
            collections.setdefault(name, []).extend(records)
    return header(size, innovations).with_records(collections)


def write_jsonl_streaming(
    path: Path, size: str, innovations: int, seed: int = SEED, min_bytes: int = 0
) -> int:
    """
    Write a JSON Lines evidence base chunk by chunk (memory stays flat).

    With ``min_bytes``, clusters continue past ``innovations`` until the file is at
    least that large. Returns the number of innovations written.
    """
    n_orgs = n_organisations(innovations)
    tmp = path.with_suffix(".tmp")
    written = 0
    index = 0
    with tmp.open("w", encoding="utf-8") as handle:
        base = header(size, innovations).with_records(
            {"organisations": organisations(n_orgs, seed)}
        )
        text = dumps_jsonl(base)
        handle.write(text)
        written += len(text.encode("utf-8"))
        while index < innovations or written < min_bytes:
            collections: dict[str, list[Any]] = {}
            for i in range(index, index + CHUNK):
                for name, records in cluster(i, n_orgs, seed).items():
                    collections.setdefault(name, []).extend(records)
            index += CHUNK
            chunk = EvidenceBase(id="chunk", title="chunk").with_records(collections)
            text = dumps_jsonl(chunk)
            text = text[text.index("\n") + 1 :]  # drop the chunk's header line
            handle.write(text)
            written += len(text.encode("utf-8"))
    tmp.replace(path)
    return index


_PROSE = frozenset({"description", "title", "examples", "$comment", "x-terms"})


#: Stages of an adoption still running.
_RUNNING = frozenset({"exploring", "preparing", "implementing", "sustaining"})


def _shape(node: Any) -> Any:
    """A schema without its prose, so edits to descriptions do not invalidate the data."""
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items() if k not in _PROSE}
    if isinstance(node, list):
        return [_shape(item) for item in node]
    return node


@functools.cache
def cache_key() -> str:
    """Changes whenever this generator or the shape of the schemas (the model) changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in sorted(schema.names()):
        digest.update(json.dumps(_shape(schema.load(name)), sort_keys=True).encode())
    return digest.hexdigest()[:10]


def _stem(name: str) -> str:
    """A file stem for ``name`` under the current cache key; stale files are removed."""
    key = cache_key()
    for stale in DATA.glob(f"{name}@*"):
        if f"@{key}." not in stale.name:
            if stale.is_dir():  # a base split into a folder
                shutil.rmtree(stale)
            else:
                stale.unlink()
    return f"{name}@{key}"


def paths(size: str) -> tuple[Path, Path]:
    stem = _stem(size)
    return DATA / f"{stem}.json", DATA / f"{stem}.jsonl"


def ensure(size: str, *, log: Any = print) -> tuple[Path, Path]:
    """Generate (once) and return the ``.json`` and ``.jsonl`` files of ``size``."""
    DATA.mkdir(parents=True, exist_ok=True)
    doc, lines = paths(size)
    innovations = SIZES[size]
    if not doc.exists() or not lines.exists():
        start = time.perf_counter()
        base = evidence_base(size, innovations)
        doc.with_suffix(".tmp").write_text(innovscale.dumps(base), encoding="utf-8")
        doc.with_suffix(".tmp").replace(doc)
        lines.with_suffix(".tmp").write_text(dumps_jsonl(base), encoding="utf-8")
        lines.with_suffix(".tmp").replace(lines)
        log(
            f"generated {size}: {innovations} innovations, "
            f"{doc.stat().st_size / 1e6:.1f} MB JSON, {lines.stat().st_size / 1e6:.1f} MB JSONL "
            f"in {time.perf_counter() - start:.1f} s"
        )
    return doc, lines


def ensure_big_jsonl(min_mb: int = 500, *, log: Any = print) -> Path:
    """Generate (once) a JSON Lines file of at least ``min_mb`` MB, streaming."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{_stem(f'stream-{min_mb}mb')}.jsonl"
    if not path.exists():
        start = time.perf_counter()
        n = write_jsonl_streaming(
            path, f"stream-{min_mb}mb", SIZES["large"], min_bytes=min_mb * 10**6
        )
        log(
            f"generated {path.name}: {n} innovations, {path.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - start:.1f} s"
        )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,medium,large")
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        ensure(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
