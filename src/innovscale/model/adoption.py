"""Adoptions: an adopter taking an innovation up, how it adapted it, and the support it had."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import ID_PATTERN, is_
from innovscale.model._fields import about
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
    Funding,
    Outcome,
    Period,
    item_sources,
    item_status,
)
from innovscale.model.dates import PartialDate
from innovscale.vocab import (
    AdaptationGoal,
    AdaptationStatus,
    AdoptionStage,
    ClaimStatus,
    ContextualAspect,
    DeliveryLevel,
    Fidelity,
    ModificationDecider,
    ModificationNature,
    ModificationTarget,
    OrganisationKind,
    Phase,
    Planning,
    Qualifier,
    ReachMetric,
    ReasonLevel,
    Sanction,
    SupportKind,
    Unit,
)

__all__ = [
    "Adaptation",
    "AdopterGroup",
    "Adoption",
    "Reason",
    "SiteMeasure",
    "SiteReach",
    "StageChange",
    "Support",
]

_LOCAL_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})


@attrs.frozen(kw_only=True)
class Reason(Typed):
    """A reason for a modification, at the level it arises (FRAME)."""

    level: ReasonLevel = attrs.field(metadata=about("Where the reason arises."))
    description: str = attrs.field(validator=TEXT, metadata=about("The reason, in words."))


@attrs.frozen(kw_only=True)
@rules(other_text_rule("unit", "unit_other"))
class SiteMeasure(Typed):
    """
    A value at one site for a benchmark of the adopted innovation.

    On an adoption, what the site achieved or applied (62 per cent enrolled before
    16 weeks); on an adaptation, the value the adaptation set (enrolment extended to
    32 weeks of pregnancy). The integrity tier compares it with the benchmark.
    """

    benchmark: str = attrs.field(
        validator=ID,
        metadata=about(
            "Id of the benchmark, on an element of the adopted innovation, this value is "
            "measured against.",
            references="Benchmark",
        ),
    )
    value: float = attrs.field(metadata=about("The value at the site."))
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT, metadata=about("How exact the value is.")
    )
    unit: Unit | None = attrs.field(
        default=None,
        metadata=about("Its unit; leave it out when it is the benchmark's unit."),
    )
    unit_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The unit, when 'unit' is 'other'.")
    )
    as_of: PartialDate | None = attrs.field(default=None, metadata=about("When it was measured."))
    period: Period | None = attrs.field(default=None, metadata=about("The period it covers."))
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What exactly was measured, in words.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("nature", "nature_other"),
    other_text_rule("decided_by", "decided_by_other", many=True),
    other_text_rule("goals", "goals_other", many=True),
)
class Adaptation(Typed):
    """
    One modification an adopter made to an innovation, coded after FRAME.

    ``elements`` names the elements of the adopted innovation that were changed.
    An adaptation that changes a core element while claiming to be
    fidelity-consistent is flagged by the integrity tier.
    """

    id: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about("Identifier, unique within the adoption, so evidence can point at it."),
    )
    description: str = attrs.field(validator=TEXT, metadata=about("What was modified, in words."))
    elements: tuple[str, ...] = attrs.field(
        default=(),
        validator=_LOCAL_IDS,
        metadata=about(
            "Ids of the elements of the adopted innovation that were modified.",
            references="Element",
        ),
    )
    targets: tuple[ModificationTarget, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True),
        metadata=about(
            "What was modified: content, context, training and evaluation, or implementation."
        ),
    )
    contextual: tuple[ContextualAspect, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True),
        metadata=about("For contextual modifications: format, setting, personnel or population."),
    )
    nature: ModificationNature | None = attrs.field(
        default=None, metadata=about("The nature of a content modification.")
    )
    nature_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The nature, when 'nature' is 'other'.")
    )
    planning: Planning | None = attrs.field(
        default=None, metadata=about("Planned (proactive or reactive) or unplanned.")
    )
    phase: Phase | None = attrs.field(
        default=None, metadata=about("When the modification was made.")
    )
    decided_by: tuple[ModificationDecider, ...] = attrs.field(
        default=(), validator=is_(uniqueItems=True), metadata=about("Who decided to make it.")
    )
    decided_by_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Who, when 'decided_by' includes 'other'.")
    )
    level: DeliveryLevel | None = attrs.field(
        default=None, metadata=about("The level of delivery the modification applies to.")
    )
    reasons: tuple[Reason, ...] = attrs.field(default=(), metadata=about("Why it was made."))
    goals: tuple[AdaptationGoal, ...] = attrs.field(
        default=(), validator=is_(uniqueItems=True), metadata=about("What it was meant to achieve.")
    )
    goals_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The goal, when 'goals' includes 'other'.")
    )
    fidelity: Fidelity = attrs.field(
        default=Fidelity.UNKNOWN,
        metadata=about("Whether the modification preserves the core elements."),
    )
    status: AdaptationStatus = attrs.field(
        default=AdaptationStatus.UNKNOWN,
        metadata=about("Whether it stayed in place, was meant to be temporary, or was reverted."),
    )
    sanctioned: Sanction = attrs.field(
        default=Sanction.UNKNOWN,
        metadata=about(
            "Whether the developer, licensor or purveyor approved it (an approved variation) or "
            "not (drift)."
        ),
    )
    period: Period | None = attrs.field(
        default=None,
        metadata=about("When the modification was in place; an end says when it was undone."),
    )
    measures: tuple[SiteMeasure, ...] = attrs.field(
        default=(),
        metadata=about(
            "The values the modification set for benchmarks of the innovation: enrolment "
            "extended to 32 weeks where the benchmark says 28."
        ),
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("kind", "kind_other"))
class Support(Typed):
    """
    Support an adopter received to take the innovation up.

    Records the Macmillan pattern: a provider pump-primes a post for some months,
    then ``takeover`` names who funds it afterwards.
    """

    kind: SupportKind = attrs.field(metadata=about("What kind of support."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'kind' is 'other'.")
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The support, in words.")
    )
    provider: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about("The organisation that provided it.", references="Organisation"),
    )
    funding: Funding | None = attrs.field(
        default=None, metadata=about("Money provided, with currency and months covered.")
    )
    period: Period | None = attrs.field(default=None, metadata=about("When the support ran."))
    takeover: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The organisation that took over funding when the support ended.",
            references="Organisation",
        ),
    )
    lever: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The policy lever or programme the support came from: a national fund's "
            "grant to 18 sites is 18 support items naming the one lever.",
            references="PolicyLever",
        ),
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("metric", "metric_other"))
class SiteReach(Typed):
    """A count of reach at one adopting site."""

    metric: ReachMetric = attrs.field(metadata=about("What is counted."))
    metric_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What is counted, when 'metric' is 'other'.")
    )
    value: float = attrs.field(validator=is_(minimum=0), metadata=about("The count."))
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT, metadata=about("How exact the count is.")
    )
    as_of: PartialDate | None = attrs.field(default=None, metadata=about("When it was counted."))
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What exactly was counted.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
class StageChange(Typed):
    """
    One dated step in an adoption's history: the stage it reached, and when.

    "Funded 2020, implementing 2021, stopped new referrals 2023" is three changes;
    each may have its own sources.
    """

    stage: AdoptionStage = attrs.field(metadata=about("The stage the adoption reached."))
    date: PartialDate | None = attrs.field(
        default=None, metadata=about("When it reached the stage; leave out when not stated.")
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What happened, in words.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("kind", "kind_other"))
class AdopterGroup(Typed):
    """
    Adopters the sources count or describe without naming them: "18 sites", "some sites".

    Record the group as it is reported, rather than inventing organisations; when a
    member is named later, record its own adoption with ``part_of`` naming this one.
    """

    count: int | None = attrs.field(
        default=None,
        validator=is_(minimum=1),
        metadata=about("How many adopters; leave out for 'some sites'."),
    )
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=about("How exact the count is: 'up to 20' is at_most, 'more than 7' at_least."),
    )
    kind: OrganisationKind | None = attrs.field(
        default=None, metadata=about("What kind of organisations they are, if stated.")
    )
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'kind' is 'other'.")
    )
    region: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Where they are, e.g. 'north of England'.")
    )
    description: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The group as the sources describe it, e.g. 'some GP practices'."),
    )
    members: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}),
        metadata=about(
            "Organisations known to be in the group, when some are named.",
            references="Organisation",
        ),
    )

    def summary(self) -> str:
        """The group in words, e.g. 'at least 18 NHS trusts (north of England)'."""
        words = []
        if self.count is not None:
            prefix = {
                Qualifier.APPROXIMATE: "about ",
                Qualifier.AT_LEAST: "at least ",
                Qualifier.AT_MOST: "up to ",
            }.get(self.qualifier, "")
            words.append(f"{prefix}{self.count}")
        else:
            words.append("some")
        if self.kind is not None:
            words.append(self.kind_other or self.kind.label)
        else:
            words.append("adopters")
        text = " ".join(words)
        details = [d for d in (self.region, self.description) if d]
        return f"{text} ({'; '.join(details)})" if details else text


def _one_adopter(adoption: Adoption) -> bool:
    return (adoption.adopter is None) != (adoption.adopters is None)


def _explain_adopter(adoption: Adoption) -> tuple[str, str]:
    if adoption.adopter is None:
        return (
            "an adoption needs its adopter, or a group of adopters",
            (
                "Name the adopting organisation in 'adopter', or describe the adopters the "
                "sources count without naming ('18 sites') in 'adopters'; never invent one."
            ),
        )
    return (
        "an adoption names one adopter or a group of adopters, not both",
        (
            "Keep 'adopter' and record the group as its own adoption, or keep 'adopters' and "
            "list the named organisation in its 'members'."
        ),
    )


@attrs.frozen(kw_only=True)
@rules(
    Rule(
        code="adoption.adopter",
        message="an adoption names one adopter or describes a group of adopters",
        check=_one_adopter,
        hint="Give 'adopter' (one organisation) or 'adopters' (a group), exactly one of them.",
        schema={"oneOf": [{"required": ["adopter"]}, {"required": ["adopters"]}]},
        explain=_explain_adopter,
    ),
    Rule(
        code="adoption.part_of_itself",
        message="an adoption cannot be part of itself",
        check=lambda a: a.part_of is None or a.part_of != a.id,
        field="part_of",
        hint="Name the group adoption this one belongs to, or leave 'part_of' out.",
    ),
)
class Adoption(Typed):
    """
    One adopter taking up one innovation in one setting over a period.

    Adopters need time, space and money to implement and adapt an innovation;
    an adoption records what they changed (``adaptations``), what help they had
    (``support``) and what it achieved (``reach``, ``outcomes``).
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of the adoption."))
    innovation: str = attrs.field(
        validator=ID, metadata=about("The innovation adopted.", references="Innovation")
    )
    adopter: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about("The adopting organisation, when it is named.", references="Organisation"),
    )
    setting: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("Where within the adopter, e.g. 'acute medical unit'."),
    )
    place: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Town, city or area.")
    )
    stage: AdoptionStage = attrs.field(
        default=AdoptionStage.UNKNOWN,
        metadata=about(
            "Where the adoption stands now; leave out (unknown) when the sources do not say."
        ),
    )
    stages: tuple[StageChange, ...] = attrs.field(
        default=(),
        metadata=about("The dated stage history, oldest first: each stage it reached, and when."),
    )
    period: Period | None = attrs.field(default=None, metadata=about("When the adoption ran."))
    adopters: AdopterGroup | None = attrs.field(
        default=None,
        metadata=about("Adopters the sources count or describe without naming ('18 sites')."),
    )
    part_of: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The adoption by a group of adopters that this named adoption is one member of.",
            references="Adoption",
        ),
    )
    adaptations: tuple[Adaptation, ...] = attrs.field(
        default=(), metadata=about("Modifications made, coded after FRAME.")
    )
    support: tuple[Support, ...] = attrs.field(
        default=(), metadata=about("Support the adopter received.")
    )
    reach: tuple[SiteReach, ...] = attrs.field(default=(), metadata=about("Reach at this site."))
    measures: tuple[SiteMeasure, ...] = attrs.field(
        default=(),
        metadata=about("Values at this site for the benchmarks of the innovation's elements."),
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), metadata=about("Outcomes measured at this site.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
