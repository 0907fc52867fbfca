"""Reach measures: dated figures for how far an innovation has spread."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import is_
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
    Period,
)
from innovscale.model.dates import PartialDate
from innovscale.vocab import ClaimStatus, Qualifier, ReachMetric

__all__ = ["ReachMeasure"]


@attrs.frozen(kw_only=True)
@rules(other_text_rule("metric", "metric_other"))
class ReachMeasure(Typed):
    """
    One dated figure for the spread of an innovation, from one source.

    Sources disagree; each figure is its own record so conflicting figures
    stand side by side, each with its date and source.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of the measure."))
    innovation: str = attrs.field(
        validator=ID, metadata=about("The innovation measured.", references="Innovation")
    )
    metric: ReachMetric = attrs.field(metadata=about("What is counted."))
    metric_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What is counted, when 'metric' is 'other'.")
    )
    value: float = attrs.field(validator=is_(minimum=0), metadata=about("The figure."))
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=about("Whether the figure is exact, approximate, a floor or a ceiling."),
    )
    as_of: PartialDate | None = attrs.field(
        default=None, metadata=about("The date the figure describes.")
    )
    period: Period | None = attrs.field(
        default=None, metadata=about("The period the figure covers, for counts over time.")
    )
    scope: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("Where or what the figure covers, e.g. 'UK and Ireland'."),
    )
    adoption: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The adoption measured, when the figure is for one site.", references="Adoption"
        ),
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What exactly the figure counts.")
    )
    sources: tuple[str, ...] = attrs.field(
        validator=is_(
            minItems=1,
            uniqueItems=True,
            items=SOURCE_IDS.items,
        ),
        metadata=SOURCES_DOC,
    )
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
