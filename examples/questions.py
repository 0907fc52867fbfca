"""
Ask an evidence base three questions, as another project would.

Run from the repository root:

    python examples/questions.py                      # the Against the Odds example
    python examples/questions.py path/to/base.json    # any evidence base
    python examples/questions.py --json               # machine-readable answers

1. Which innovations relied on commissioning for sustainable spread?
2. Which adoptions changed a core element of the innovation they adopted?
3. Which enabler claims rest on graded evidence?

Only the public API is used: ``innovscale`` and ``innovscale.vocab``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import innovscale
from innovscale.vocab import ClaimStrength, ElementKind, Enabler

DEFAULT = Path(__file__).resolve().parent / "against-the-odds.json"
ENABLING = (ClaimStrength.ENABLING, ClaimStrength.STRONGLY_ENABLING)


def commissioning_innovations(base: innovscale.EvidenceBase) -> list[dict[str, Any]]:
    """Innovations with a claim that commissioning for sustainable spread helped them."""
    found: dict[str, dict[str, Any]] = {}
    for claim in base.claims_for(Enabler.COMMISSIONING):
        if claim.strength not in ENABLING:
            continue
        entry = found.setdefault(
            claim.innovation,
            {
                "innovation": claim.innovation,
                "name": base.innovation(claim.innovation).name,
                "claims": [],
                "levers": [],
            },
        )
        entry["claims"].append(claim.id)
        entry["levers"].extend(lever for lever in claim.levers if lever not in entry["levers"])
    return list(found.values())


def core_element_changes(base: innovscale.EvidenceBase) -> list[dict[str, Any]]:
    """Adaptations, adoption by adoption, that modified a core element."""
    changes = []
    for adoption in base.adoptions:
        innovation = base.innovation(adoption.innovation)
        core = {e.id for e in innovation.elements if e.kind is ElementKind.CORE}
        for index, adaptation in enumerate(adoption.adaptations):
            touched = [element for element in adaptation.elements if element in core]
            if touched:
                changes.append(
                    {
                        "adoption": adoption.id,
                        "adaptation": adaptation.id or index,
                        "innovation": innovation.id,
                        "core_elements": touched,
                        "fidelity": adaptation.fidelity.code,
                        "description": adaptation.description,
                    }
                )
    return changes


def claims_on_graded_evidence(base: innovscale.EvidenceBase) -> list[dict[str, Any]]:
    """Enabler claims citing at least one evidence record that carries a grading."""
    answers = []
    for claim in base.enabler_claims:
        graded = []
        for evidence_id in claim.evidence:
            evidence = base.get(evidence_id)
            if isinstance(evidence, innovscale.Evidence) and evidence.gradings:
                graded.append(
                    {
                        "evidence": evidence.id,
                        "gradings": [
                            {
                                "scheme": g.scheme.code,
                                "level": g.level,
                                "assessed_by": g.assessed_by,
                            }
                            for g in evidence.gradings
                        ],
                    }
                )
        if graded:
            answers.append(
                {
                    "claim": claim.id,
                    "innovation": claim.innovation,
                    "enabler": claim.enabler.code,
                    "enabler_label": claim.enabler.label,
                    "evidence": graded,
                }
            )
    return answers


def answer(base: innovscale.EvidenceBase) -> dict[str, list[dict[str, Any]]]:
    """The three answers, keyed by question."""
    return {
        "commissioning_for_sustainable_spread": commissioning_innovations(base),
        "adoptions_changing_core_elements": core_element_changes(base),
        "claims_on_graded_evidence": claims_on_graded_evidence(base),
    }


def print_text(base: innovscale.EvidenceBase, answers: dict[str, list[dict[str, Any]]]) -> None:
    """Print the answers for people."""
    print(f"Evidence base: {base.title}")
    print()
    print(f"1. Which innovations relied on {Enabler.COMMISSIONING.label.lower()}?")
    for item in answers["commissioning_for_sustainable_spread"]:
        levers = ", ".join(base.get(lever).name for lever in item["levers"]) or "no lever recorded"
        print(f"   - {item['name']} (claims: {', '.join(item['claims'])}; levers: {levers})")
        for claim_id in item["claims"]:
            print(f"     {base.get(claim_id).narrative}")
    if not answers["commissioning_for_sustainable_spread"]:
        print("   None recorded.")
    print()
    print("2. Which adoptions changed a core element?")
    for item in answers["adoptions_changing_core_elements"]:
        elements = ", ".join(item["core_elements"])
        print(f"   - {item['adoption']}: {elements} ({item['fidelity']}): {item['description']}")
    if not answers["adoptions_changing_core_elements"]:
        print(
            f"   None recorded: {len(base.adoptions)} adoptions, "
            f"{sum(len(a.adaptations) for a in base.adoptions)} adaptations, "
            "none touching a core element."
        )
    print()
    print("3. Which enabler claims rest on graded evidence?")
    for item in answers["claims_on_graded_evidence"]:
        print(f"   - {item['claim']} ({item['innovation']}: {item['enabler_label']})")
        for evidence in item["evidence"]:
            grades = "; ".join(
                f"{g['scheme']} {g['level']} (by {g['assessed_by'] or 'unknown'})"
                for g in evidence["gradings"]
            )
            print(f"     {evidence['evidence']}: {grades}")
    if not answers["claims_on_graded_evidence"]:
        print("   None recorded.")
    ungraded = len(base.enabler_claims) - len(answers["claims_on_graded_evidence"])
    print(f"   ({ungraded} of {len(base.enabler_claims)} claims rest on no graded evidence.)")


def main(argv: list[str] | None = None) -> int:
    """Load an evidence base and answer the three questions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="evidence base file")
    parser.add_argument("--json", action="store_true", help="print the answers as JSON")
    args = parser.parse_args(argv)
    try:
        base = innovscale.load_valid(args.path)
    except innovscale.InvalidDocument as exc:
        print(exc.report.format_text(), file=sys.stderr)
        return 1
    answers = answer(base)
    if args.json:
        print(json.dumps(answers, indent=2, ensure_ascii=False))
    else:
        print_text(base, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
