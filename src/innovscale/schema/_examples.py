"""A small, valid example of each record type, shown in its schema's ``examples``."""

from __future__ import annotations

from typing import Any

from innovscale.model import (
    SCHEMA_VERSION,
    Adoption,
    EnablerClaim,
    EngagementActivity,
    Evidence,
    EvidenceBase,
    Innovation,
    Organisation,
    PolicyLever,
    ReachMeasure,
    Source,
)

__all__ = ["EXAMPLES"]

_SOURCE = {
    "id": "heller-2002",
    "kind": "journal_article",
    "title": "Training in flexible, intensive insulin management to enable dietary freedom "
    "in people with type 1 diabetes: dose adjustment for normal eating (DAFNE) "
    "randomised controlled trial",
    "authors": ["DAFNE Study Group"],
    "publisher": "BMJ",
    "date": "2002-10-05",
    "doi": "10.1136/bmj.325.7367.746",
}
_ORGANISATION = {
    "id": "macmillan",
    "name": "Macmillan Cancer Support",
    "kind": "charity",
    "country": "GB",
}
_INNOVATION = {
    "id": "example-education",
    "name": "Structured education for type 1 diabetes",
    "kind": "programme",
    "summary": "A five-day group course teaching adults to match insulin to what they eat.",
    "elements": [
        {
            "id": "carbohydrate-counting",
            "name": "Carbohydrate counting",
            "kind": "core",
            "function": "Lets people set each insulin dose to the food they choose.",
        },
        {
            "id": "course-schedule",
            "name": "Course schedule",
            "kind": "adaptable",
            "function": "Gives enough contact time to practise dose adjustment.",
            "variation": "Five consecutive days, or one day a week for five weeks.",
        },
    ],
}
_ADOPTION = {
    "id": "example-education-at-city-hospital",
    "innovation": "example-education",
    "adopter": "city-hospital",
    "stage": "sustaining",
    "adaptations": [
        {
            "description": "Ran the course one day a week to fit working participants.",
            "elements": ["course-schedule"],
            "targets": ["contextual"],
            "contextual": ["format"],
            "planning": "planned_proactive",
            "goals": ["increase_reach"],
            "fidelity": "fidelity_consistent",
        }
    ],
}
_CLAIM = {
    "id": "example-education-evidence-demand",
    "innovation": "example-education",
    "enabler": "using_evidence_to_build_demand",
    "strength": "strongly_enabling",
    "narrative": "A randomised trial showed better glucose control and quality of life.",
    "evidence": ["heller-2002-trial"],
}
_LEVER = {
    "id": "nice-ta60",
    "name": "Guidance on the use of patient-education models for diabetes",
    "kind": "nice_technology_appraisal",
    "reference": "TA60",
    "jurisdiction": "England and Wales",
    "issued": "2003-04",
    "role": "kick_start",
    "innovations": ["example-education"],
}
_ACTIVITY = {
    "id": "example-action-learning",
    "name": "Action-learning sets for adopting teams",
    "kind": "action_learning_set",
    "innovations": ["example-education"],
    "social": True,
    "situated": True,
    "sustained": True,
    "starts_with_learner_question": True,
}
_EVIDENCE = {
    "id": "heller-2002-trial",
    "about": {"elements": ["example-education#carbohydrate-counting"]},
    "design": "rct",
    "roles": ["efficacy"],
    "finding": "HbA1c fell more in the course arm at six months, and quality of life improved.",
    "direction": "supports",
    "outcomes": [
        {
            "measure": "HbA1c at 6 months",
            "value": 8.4,
            "unit": "percent",
            "comparator": "control: 9.4%",
            "sample_size": 169,
            "reaim": "effectiveness",
            "level": "client",
        }
    ],
    "gradings": [{"scheme": "grade", "level": "moderate", "assessed_by": "example"}],
    "citation": "heller-2002",
}
_REACH = {
    "id": "example-education-centres-2021",
    "innovation": "example-education",
    "metric": "sites",
    "value": 91,
    "as_of": "2021",
    "scope": "UK and Ireland",
    "sources": ["heller-2002"],
}

#: One example document per record type, keyed by class.
EXAMPLES: dict[type[Any], dict[str, Any]] = {
    Source: _SOURCE,
    Organisation: _ORGANISATION,
    Innovation: _INNOVATION,
    Adoption: _ADOPTION,
    EnablerClaim: _CLAIM,
    PolicyLever: _LEVER,
    EngagementActivity: _ACTIVITY,
    Evidence: _EVIDENCE,
    ReachMeasure: _REACH,
    EvidenceBase: {
        "schema_version": SCHEMA_VERSION,
        "id": "example",
        "title": "A small example evidence base",
        "sources": [_SOURCE],
        "organisations": [
            _ORGANISATION,
            {"id": "city-hospital", "name": "City Hospital", "kind": "nhs_trust"},
        ],
        "innovations": [_INNOVATION],
        "adoptions": [_ADOPTION],
        "enabler_claims": [_CLAIM],
        "evidence": [_EVIDENCE],
    },
}
