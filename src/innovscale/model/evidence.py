"""Evidence: what a study or report found, about what, and how it is graded."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import ELEMENT_REF_PATTERN, ID_PATTERN, is_
from innovscale.model._fields import about as describe
from innovscale.model._rules import Rule, other_text_rule, rules
from innovscale.model._types import Typed
from innovscale.model.common import (
    EXTENSIONS,
    EXTENSIONS_DOC,
    ID,
    NOTES_DOC,
    SOURCE_IDS,
    SOURCES_DOC,
    STATUS_DOC,
    TEXT,
    Outcome,
    Period,
)
from innovscale.vocab import (
    ClaimStatus,
    Direction,
    EvidenceDesign,
    EvidenceRole,
    GradeLevel,
    GradingScheme,
    NestaLevel,
    NiceEsf2018Tier,
    NiceEsf2022Tier,
    SignLevel,
    Vocabulary,
)

__all__ = ["GRADING_LEVELS", "About", "Evidence", "Grading"]

_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})

#: The vocabulary of levels for each grading scheme (``other`` takes any level).
GRADING_LEVELS: dict[GradingScheme, type[Vocabulary]] = {
    GradingScheme.GRADE: GradeLevel,
    GradingScheme.GRADE_CERQUAL: GradeLevel,
    GradingScheme.NICE_ESF_2018: NiceEsf2018Tier,
    GradingScheme.NICE_ESF_2022: NiceEsf2022Tier,
    GradingScheme.NESTA: NestaLevel,
    GradingScheme.SIGN: SignLevel,
}


def _level_fits_scheme(grading: Grading) -> bool:
    vocabulary = GRADING_LEVELS.get(grading.scheme)
    return vocabulary is None or grading.level in vocabulary._value2member_map_


def _explain_level(grading: Grading) -> tuple[str, str]:
    vocabulary = GRADING_LEVELS[grading.scheme]
    levels = ", ".join(repr(code) for code in vocabulary.codes())
    return (
        f"{grading.level!r} is not a level of {grading.scheme.label}",
        f"The levels of {grading.scheme.label} are {levels}.",
    )


def _grading_schema() -> dict[str, Any]:
    branches: list[dict[str, Any]] = [
        {
            "properties": {
                "scheme": {"const": scheme.code},
                "level": {"enum": vocabulary.codes(), "x-terms": vocabulary.terms()},
            }
        }
        for scheme, vocabulary in GRADING_LEVELS.items()
    ]
    branches.append({"properties": {"scheme": {"const": GradingScheme.OTHER.code}}})
    return {"oneOf": branches}


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("scheme", "scheme_other"),
    Rule(
        code="grading.level",
        message="the level is not one of the levels of this grading scheme",
        check=_level_fits_scheme,
        field="level",
        hint=(
            "Use a level of the scheme: GRADE high/moderate/low/very_low; NICE ESF 2018 "
            "1/2/3a/3b; NICE ESF 2022 A/B/C; Nesta 1-5; SIGN 1++ to 4."
        ),
        schema=_grading_schema(),
        explain=_explain_level,
    ),
)
class Grading(Typed):
    """
    A grade given to evidence under one named scheme: a (scheme, level) pair.

    Gradings are never merged into one "strength": GRADE certainty, a NICE ESF
    tier and a Nesta level answer different questions.
    """

    scheme: GradingScheme = attrs.field(metadata=describe("The grading scheme."))
    scheme_other: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=describe("The scheme's name, when 'scheme' is 'other'."),
    )
    level: str = attrs.field(
        validator=TEXT, metadata=describe("The level under that scheme, e.g. 'moderate' or '3b'.")
    )
    assessed_by: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=describe(
            "Who assigned the grade, e.g. 'NICE TA60 committee' or 'innovscale editors'."
        ),
    )
    rationale: str | None = attrs.field(
        default=None, validator=TEXT, metadata=describe("Why this level was given.")
    )


def _about_something(subject: About) -> bool:
    return bool(
        subject.innovations or subject.elements or subject.adoptions or subject.enabler_claims
    )


@attrs.frozen(kw_only=True)
@rules(
    Rule(
        code="evidence.about_nothing",
        message="evidence must be about at least one innovation, element, adoption or claim",
        check=_about_something,
        hint="List what the evidence is about in 'innovations', 'elements', 'adoptions' or "
        "'enabler_claims'.",
        schema={
            "anyOf": [
                {"required": [name], "properties": {name: {"minItems": 1}}}
                for name in ("innovations", "elements", "adoptions", "enabler_claims")
            ]
        },
    )
)
class About(Typed):
    """What a piece of evidence is about: typed references to records and elements."""

    innovations: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}),
        metadata=describe("Innovations the evidence is about.", references="Innovation"),
    )
    elements: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ELEMENT_REF_PATTERN}),
        metadata=describe(
            "Elements the evidence is about, as '<innovation id>#<element id>'.",
            references="Element",
            examples=[["dafne#carbohydrate-counting"]],
        ),
    )
    adoptions: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}),
        metadata=describe("Adoptions the evidence is about.", references="Adoption"),
    )
    enabler_claims: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}),
        metadata=describe("Enabler claims the evidence is about.", references="EnablerClaim"),
    )


@attrs.frozen(kw_only=True)
@rules(other_text_rule("design", "design_other"))
class Evidence(Typed):
    """One piece of evidence: a study, evaluation, appraisal or report, and what it found."""

    id: str = attrs.field(validator=ID, metadata=describe("Stable identifier of the evidence."))
    about: About = attrs.field(metadata=describe("What the evidence is about."))
    design: EvidenceDesign = attrs.field(
        default=EvidenceDesign.UNKNOWN,
        metadata=describe(
            "The study design; leave out (unknown) when the source does not state it."
        ),
    )
    design_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=describe("The design, when 'design' is 'other'.")
    )
    roles: tuple[EvidenceRole, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True),
        metadata=describe(
            "What questions the evidence answers: one item may answer effectiveness and "
            "economics at once. Leave out when the source does not make it clear."
        ),
    )
    finding: str = attrs.field(
        validator=TEXT, metadata=describe("What it found, in your own words.")
    )
    direction: Direction = attrs.field(metadata=describe("Which way the finding points."))
    period: Period | None = attrs.field(
        default=None, metadata=describe("The study period: when the data were collected.")
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), metadata=describe("Measured outcomes reported.")
    )
    gradings: tuple[Grading, ...] = attrs.field(
        default=(), metadata=describe("Grades as (scheme, level) pairs.")
    )
    citation: str = attrs.field(
        validator=ID,
        metadata=describe("The Source record of the study or report.", references="Source"),
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
