"""Adoptions: an adopter taking an innovation up, how it adapted it, and the support it had."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import ID_PATTERN, is_
from innovscale.model._fields import about
from innovscale.model._rules import other_text_rule, rules
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
)
from innovscale.model.dates import PartialDate
from innovscale.vocab import (
    AdaptationGoal,
    AdoptionStage,
    ClaimStatus,
    ContextualAspect,
    DeliveryLevel,
    Fidelity,
    ModificationDecider,
    ModificationNature,
    ModificationTarget,
    Phase,
    Planning,
    Qualifier,
    ReachMetric,
    ReasonLevel,
    SupportKind,
)

__all__ = ["Adaptation", "Adoption", "Reason", "SiteReach", "Support"]

_LOCAL_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})


@attrs.frozen(kw_only=True)
class Reason(Typed):
    """A reason for a modification, at the level it arises (FRAME)."""

    level: ReasonLevel = attrs.field(metadata=about("Where the reason arises."))
    description: str = attrs.field(validator=TEXT, metadata=about("The reason, in words."))


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


@attrs.frozen(kw_only=True)
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
    adopter: str = attrs.field(
        validator=ID, metadata=about("The adopting organisation.", references="Organisation")
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
    period: Period | None = attrs.field(default=None, metadata=about("When the adoption ran."))
    adaptations: tuple[Adaptation, ...] = attrs.field(
        default=(), metadata=about("Modifications made, coded after FRAME.")
    )
    support: tuple[Support, ...] = attrs.field(
        default=(), metadata=about("Support the adopter received.")
    )
    reach: tuple[SiteReach, ...] = attrs.field(default=(), metadata=about("Reach at this site."))
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), metadata=about("Outcomes measured at this site.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
