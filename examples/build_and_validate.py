"""
Build a small evidence base in code, validate it, write it atomically and read it back.

Run from the repository root:

    python examples/build_and_validate.py

The records restate a few facts from ``examples/against-the-odds.json`` (DAFNE), so
the example stays true to its sources. Only the public API is used: ``innovscale``
and ``innovscale.vocab``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import attrs

import innovscale
from innovscale.vocab import (
    BusinessModel,
    ClaimStrength,
    Direction,
    ElementKind,
    Enabler,
    EvidenceDesign,
    EvidenceRole,
    GradeLevel,
    GradingScheme,
    ImplementationOutcomeLevel,
    InnovationKind,
    LeverKind,
    OrganisationKind,
    Phase,
    ReachMetric,
    SourceKind,
    Unit,
    VehicleType,
)

EDITORS = "innovscale example editors"


def build() -> innovscale.EvidenceBase:
    """A small, valid evidence base about DAFNE."""
    trial = innovscale.Source(
        id="dafne-rct",
        kind=SourceKind.JOURNAL_ARTICLE,
        title=(
            "Training in flexible, intensive insulin management to enable dietary freedom in "
            "people with type 1 diabetes: dose adjustment for normal eating (DAFNE) randomised "
            "controlled trial"
        ),
        authors=("DAFNE Study Group",),
        publisher="BMJ",
        date=innovscale.PartialDate.parse("2002"),
        doi="10.1136/bmj.325.7367.746",
    )
    centres = innovscale.Source(
        id="dafne-centres",
        kind=SourceKind.JOURNAL_ARTICLE,
        title="DAFNE centres and attendees in the UK and Ireland, 2019-21",
        url="https://hrbopenresearch.org/articles/7-48",
    )
    nice_page = innovscale.Source(
        id="dafne-why",
        kind=SourceKind.WEB_PAGE,
        title="Why DAFNE",
        url="http://www.dafne.uk.com/Why_DAFNE_-I366.html",
    )
    collaborative = innovscale.Organisation(
        id="dafne-collaborative",
        name="DAFNE Collaborative",
        kind=OrganisationKind.NETWORK,
        country="GB",
    )
    nice = innovscale.Organisation(
        id="nice",
        name="National Institute for Health and Care Excellence",
        kind=OrganisationKind.GOVERNMENT_BODY,
        country="GB",
    )
    dafne = innovscale.Innovation(
        id="dafne",
        name="Dose Adjustment for Normal Eating (DAFNE)",
        kind=InnovationKind.PROGRAMME,
        summary="Training for people with type 1 diabetes in flexible, intensive insulin use.",
        elements=(
            innovscale.Element(
                id="insulin-dose-adjustment",
                name="Adjusting insulin doses to the food eaten",
                kind=ElementKind.CORE,
                function="Gives dietary freedom; the trial linked it to lower HbA1c.",
                sources=("dafne-rct",),
                notes="Core status is the editors' inference from the trial report.",
            ),
        ),
        scaling_vehicles=(
            innovscale.ScalingVehicle(
                id="collaborative",
                organisation="dafne-collaborative",
                type=VehicleType.LICENSED_COLLABORATIVE,
                business_model=(BusinessModel.MEMBERSHIP_FEE,),
                business_model_details="Centres pay a yearly fee of about £5,000.",
            ),
        ),
        sources=("dafne-rct",),
    )
    trial_evidence = innovscale.Evidence(
        id="dafne-trial",
        about=innovscale.About(elements=("dafne#insulin-dose-adjustment",)),
        design=EvidenceDesign.RCT,
        roles=(EvidenceRole.EFFICACY,),
        finding="Six months after training, mean HbA1c was 8.4% against 9.4% in controls.",
        direction=Direction.SUPPORTS,
        outcomes=(
            innovscale.Outcome(
                measure="HbA1c at 6 months",
                value=8.4,
                unit=Unit.PERCENT,
                comparator="control group: 9.4%",
                sample_size=169,
                level=ImplementationOutcomeLevel.CLIENT,
            ),
        ),
        gradings=(
            innovscale.Grading(
                scheme=GradingScheme.GRADE,
                level=GradeLevel.MODERATE.code,
                assessed_by=EDITORS,
                rationale="Editorial judgement: one randomised trial of 169 people.",
            ),
        ),
        citation="dafne-rct",
    )
    ta60 = innovscale.PolicyLever(
        id="nice-ta60",
        name="NICE technology appraisal TA60",
        kind=LeverKind.NICE_TA,
        reference="TA60",
        issuer="nice",
        issued=innovscale.PartialDate.parse("2003"),
        innovations=("dafne",),
        sources=("dafne-why",),
    )
    claim = innovscale.EnablerClaim(
        id="dafne-evidence",
        innovation="dafne",
        enabler=Enabler.EVIDENCE_BUILDS_DEMAND,
        phase=Phase.SCALE_UP,
        strength=ClaimStrength.ENABLING,
        narrative="A randomised trial showed lower HbA1c after training.",
        evidence=("dafne-trial",),
        sources=("dafne-rct",),
    )
    reach = innovscale.ReachMeasure(
        id="dafne-centres-2019-21",
        innovation="dafne",
        metric=ReachMetric.SITES,
        value=91,
        period=innovscale.Period(
            start=innovscale.PartialDate.parse("2019"), end=innovscale.PartialDate.parse("2021")
        ),
        scope="UK and Ireland",
        sources=("dafne-centres",),
    )
    return innovscale.EvidenceBase(
        id="dafne-demo",
        title="DAFNE: a small evidence base built in code",
        sources=(trial, centres, nice_page),
        organisations=(collaborative, nice),
        innovations=(dafne,),
        enabler_claims=(claim,),
        policy_levers=(ta60,),
        evidence=(trial_evidence,),
        reach_measures=(reach,),
    )


def main() -> int:
    """Build, validate, write, read back; show a broken reference being caught."""
    base = build()
    report = innovscale.validate(base)
    print(f"Built {base.id!r}: {sum(1 for _ in base.records())} records.")
    print(f"Validation: {report.format_text()}")
    if not report.valid or report.warnings:
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dafne-demo.json"
        innovscale.dump(base, path)  # atomic: a failed write leaves any old file intact
        print(f"Wrote {path.name} ({path.stat().st_size} bytes) atomically.")
        again = innovscale.load(path)
        print(f"Read it back; equal to what was written: {again == base}")
        if again != base:
            return 1
        print(f"File report: {innovscale.validate(path).format_text()}")

    element = base.element("dafne#insulin-dose-adjustment")
    evidence = base.evidence_about("dafne#insulin-dose-adjustment")
    print(f"Evidence about the core element {element.name!r}: {[e.id for e in evidence]}")

    # A claim that points at evidence nobody recorded is caught by the integrity tier.
    broken_claim = attrs.evolve(base.enabler_claims[0], evidence=("no-such-trial",))
    broken = base.with_records({"enabler_claims": [broken_claim]})
    caught = innovscale.validate(broken)
    print("A broken reference is reported:")
    print(caught.format_text())
    return 0 if not caught.valid else 1


if __name__ == "__main__":
    sys.exit(main())
