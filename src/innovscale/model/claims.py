"""Claims about spread: enabler claims, policy levers and engagement activities."""

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
    Period,
)
from innovscale.model.dates import PartialDate
from innovscale.vocab import (
    ClaimStatus,
    ClaimStrength,
    Enabler,
    EngagementKind,
    LeverKind,
    LeverRole,
    Phase,
)

__all__ = ["EnablerClaim", "EngagementActivity", "PolicyLever"]

_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})


@attrs.frozen(kw_only=True)
class EnablerClaim(Typed):
    """
    An assessment that one of the eight enablers of scale mattered for one innovation.

    A claim is not a tag: it has a phase, a strength, a narrative and the evidence
    it rests on.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of the claim."))
    innovation: str = attrs.field(
        validator=ID, metadata=about("The innovation the claim is about.", references="Innovation")
    )
    enabler: Enabler = attrs.field(metadata=about("Which of the eight enablers."))
    phase: Phase | None = attrs.field(
        default=None, metadata=about("The phase of spread in which it mattered.")
    )
    strength: ClaimStrength = attrs.field(
        default=ClaimStrength.ENABLING,
        metadata=about("How strongly, and which way, it mattered (valence -2 to +2)."),
    )
    narrative: str = attrs.field(
        validator=TEXT, metadata=about("How the enabler worked for this innovation, in words.")
    )
    evidence: tuple[str, ...] = attrs.field(
        default=(),
        validator=_IDS,
        metadata=about("Evidence records the claim rests on.", references="Evidence"),
    )
    levers: tuple[str, ...] = attrs.field(
        default=(),
        validator=_IDS,
        metadata=about("Policy levers the claim involves.", references="PolicyLever"),
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("kind", "kind_other"),
    Rule(
        code="lever.supersedes_itself",
        message="a policy lever cannot supersede itself",
        check=lambda lever: lever.supersedes is None or lever.supersedes != lever.id,
        field="supersedes",
        hint="Name the earlier lever this one replaces, or leave 'supersedes' out.",
    ),
)
class PolicyLever(Typed):
    """
    A policy or financial lever: NICE guidance, a target, a tariff, a CQUIN, a mandate,
    national programme money, a commissioning framework, or a charity or lottery grant.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier, e.g. 'nice-ta60'."))
    name: str = attrs.field(validator=TEXT, metadata=about("The lever's name or title."))
    kind: LeverKind = attrs.field(metadata=about("What kind of lever."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'kind' is 'other'.")
    )
    reference: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The issuer's reference, e.g. 'TA60' or 'DG40'."),
    )
    issuer: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about("The organisation that issued or paid it.", references="Organisation"),
    )
    jurisdiction: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Where it applies, e.g. 'England'.")
    )
    issued: PartialDate | None = attrs.field(
        default=None, metadata=about("When it was issued or announced.")
    )
    period: Period | None = attrs.field(default=None, metadata=about("When it was in force."))
    role: LeverRole | None = attrs.field(
        default=None, metadata=about("Whether it kick-started spread, sustained it, or both.")
    )
    funding: Funding | None = attrs.field(
        default=None, metadata=about("Money attached to the lever, if any.")
    )
    supersedes: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "Id of the earlier lever this one replaces, e.g. NICE DG40 replacing DG15.",
            references="PolicyLever",
        ),
    )
    innovations: tuple[str, ...] = attrs.field(
        validator=is_(
            minItems=1, uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}
        ),
        metadata=about("The innovations it affected.", references="Innovation"),
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What the lever did, in words.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )


@attrs.frozen(kw_only=True)
@rules(other_text_rule("kind", "kind_other"))
class EngagementActivity(Typed):
    """
    An activity that spreads practice between people, with the 4S features.

    Activities that spread practice well are social, situated, sustained, and
    start with the learner's question.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of the activity."))
    name: str = attrs.field(validator=TEXT, metadata=about("The activity's name."))
    kind: EngagementKind = attrs.field(metadata=about("What kind of activity."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'kind' is 'other'.")
    )
    innovations: tuple[str, ...] = attrs.field(
        default=(),
        validator=_IDS,
        metadata=about("The innovations it spreads, if any.", references="Innovation"),
    )
    organisers: tuple[str, ...] = attrs.field(
        default=(),
        validator=_IDS,
        metadata=about("Organisations that ran it.", references="Organisation"),
    )
    participants: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Who took part.")
    )
    social: bool | None = attrs.field(
        default=None,
        metadata=about(
            "4S: people learn together, not alone; leave out when the sources do not say."
        ),
    )
    situated: bool | None = attrs.field(
        default=None,
        metadata=about(
            "4S: learning happens in or near their practice; leave out when the sources do not say."
        ),
    )
    sustained: bool | None = attrs.field(
        default=None,
        metadata=about("4S: it continues over time; leave out when the sources do not say."),
    )
    starts_with_learner_question: bool | None = attrs.field(
        default=None,
        metadata=about(
            "4S: it starts from the participants' own question; leave out when the sources "
            "do not say."
        ),
    )
    period: Period | None = attrs.field(default=None, metadata=about("When it ran."))
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The activity, in words.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )

    @property
    def four_s(self) -> int:
        """How many of the 4S features the activity is known to have (0 to 4)."""
        return sum(feature is True for feature in self._features())

    @property
    def four_s_unknown(self) -> int:
        """How many of the 4S features the sources do not state (0 to 4)."""
        return sum(feature is None for feature in self._features())

    def _features(self) -> tuple[bool | None, ...]:
        return (self.social, self.situated, self.sustained, self.starts_with_learner_question)
