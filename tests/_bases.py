"""
What the serialization tests share: the acceptance base (one of each kind of record,
linked as the acceptance criteria describe) and the issues a call raises.
"""

from __future__ import annotations

from typing import Any

import pytest

import innovscale
from innovscale import (
    Adaptation,
    Adoption,
    Element,
    EnablerClaim,
    Evidence,
    EvidenceBase,
    Innovation,
    InvalidDocument,
    Organisation,
    Source,
)
from innovscale.model import About, Grading, Outcome, Period
from innovscale.vocab import (
    AdoptionStage,
    Direction,
    EffectMeasure,
    ElementKind,
    Enabler,
    EvidenceDesign,
    EvidenceRole,
    Fidelity,
    InnovationKind,
    OrganisationKind,
    SourceKind,
    Unit,
)


def issues_of(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """The (code, JSON path) of every issue ``call`` raises."""
    with pytest.raises(InvalidDocument) as caught:
        call(*args, **kwargs)
    return [(i.code, i.json_path) for i in caught.value.report.issues]


def only_issue(call: Any, *args: Any, **kwargs: Any) -> innovscale.Issue:
    """The single issue ``call`` raises."""
    with pytest.raises(InvalidDocument) as caught:
        call(*args, **kwargs)
    issues = caught.value.report.issues
    assert len(issues) == 1, caught.value.report.format_text()
    return issues[0]


def acceptance_base() -> EvidenceBase:
    """
    An innovation with two core elements and one adaptable one, an adopter, an adoption
    that adapts the adaptable element, an enabler claim and evidence about a core element.
    """
    innovation = Innovation(
        id="dafne",
        name="Dose Adjustment For Normal Eating",
        aliases=("DAFNE",),
        kind=InnovationKind.PROGRAMME,
        summary="A five-day course in flexible insulin dosing for adults with type 1 diabetes.",
        elements=(
            Element(
                id="carbohydrate-counting",
                name="Carbohydrate counting",
                kind=ElementKind.CORE,
                function="Lets people match each insulin dose to the food they choose.",
            ),
            Element(
                id="dose-adjustment",
                name="Insulin dose adjustment",
                kind=ElementKind.CORE,
                function='People adjust their own doses ("skills, not rules").',
            ),
            Element(
                id="course-schedule",
                name="Course schedule",
                kind=ElementKind.ADAPTABLE,
                function="Gives enough contact time to practise.",
                variation="Five consecutive days, or one day a week for five weeks.",
            ),
        ),
        sources=("heller-2002",),
        extensions={"acme:priority": "high"},
    )
    adopter = Organisation(
        id="city-hospital",
        name="City Hospital NHS Foundation Trust",
        kind=OrganisationKind.NHS_TRUST,
        country="GB-ENG",
    )
    adoption = Adoption(
        id="dafne-at-city",
        innovation="dafne",
        adopter="city-hospital",
        stage=AdoptionStage.SUSTAINING,
        period=Period(start=innovscale.PartialDate(year=2004, month=9)),
        adaptations=(
            Adaptation(
                id="weekly-course",
                description="Ran the course one day a week,\nto fit working participants.",
                elements=("course-schedule",),
                fidelity=Fidelity.CONSISTENT,
            ),
        ),
    )
    claim = EnablerClaim(
        id="dafne-evidence-demand",
        innovation="dafne",
        enabler=Enabler.EVIDENCE_BUILDS_DEMAND,
        narrative="The RCT persuaded commissioners — 'evidence that mattered'.",
        evidence=("dafne-rct",),
    )
    evidence = Evidence(
        id="dafne-rct",
        about=About(elements=("dafne#carbohydrate-counting",)),
        design=EvidenceDesign("rct"),
        roles=(EvidenceRole("efficacy"),),
        finding="HbA1c fell by 1% at six months.",
        direction=Direction("supports"),
        outcomes=(
            Outcome(
                measure="HbA1c",
                effect=EffectMeasure.MEAN_DIFFERENCE,
                value=-1.0,
                unit=Unit.PERCENTAGE_POINTS,
                low=-1.4,
                high=-0.6,
            ),
        ),
        gradings=(Grading(scheme=innovscale.vocab.GradingScheme.GRADE, level="moderate"),),
        citation="heller-2002",
    )
    source = Source(id="heller-2002", kind=SourceKind.JOURNAL_ARTICLE, title="DAFNE RCT")
    return EvidenceBase(
        id="acceptance",
        title="Issue 2 acceptance check",
        sources=(source,),
        organisations=(adopter,),
        innovations=(innovation,),
        adoptions=(adoption,),
        enabler_claims=(claim,),
        evidence=(evidence,),
    )
