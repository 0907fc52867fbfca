"""Value types shared by several records: periods, money, outcomes and counts, and sources."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import (
    CURRENCY_PATTERN,
    DOI_PATTERN,
    EXTENSION_KEY_PATTERN,
    FINANCIAL_YEAR_PATTERN,
    ID_PATTERN,
    URL_PATTERN,
    is_,
)
from innovscale.model._fields import about
from innovscale.model._rules import Rule, other_text_rule, rules
from innovscale.model._types import Typed
from innovscale.model.dates import PartialDate
from innovscale.vocab import (
    AnalysisUnit,
    ArmRole,
    ClaimStatus,
    Dominance,
    EffectMeasure,
    ImplementationOutcomeLevel,
    Qualifier,
    ReAimDimension,
    SourceKind,
    Unit,
)

__all__ = [
    "CURRENCY_PATTERN",
    "EXTENSIONS",
    "EXTENSIONS_DOC",
    "ID",
    "NOTES_DOC",
    "SOURCES_DOC",
    "SOURCE_IDS",
    "STATUS_DOC",
    "TEXT",
    "Arm",
    "Funding",
    "Outcome",
    "Period",
    "Source",
    "item_sources",
    "item_status",
]

#: A non-empty text.
TEXT = is_(minLength=1)
#: A record identifier.
ID = is_(pattern=ID_PATTERN, maxLength=100)
#: References to :class:`Source` records.
SOURCE_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})
#: Namespaced extension keys.
EXTENSIONS = is_(propertyNames={"pattern": EXTENSION_KEY_PATTERN})
#: ISO 4217 currency codes.

SOURCES_DOC = about(
    "Ids of the Source records this record's facts come from (provenance).",
    references="Source",
)
STATUS_DOC = about("How well established the facts in this record are.")
ITEM_SOURCES_DOC = about(
    "Ids of the Source records this item's facts come from, when not all of the record's "
    "sources say it (provenance for one sub-fact).",
    references="Source",
)
ITEM_STATUS_DOC = about(
    "How well established this item is, when it differs from its record: one unconfirmed "
    "sub-fact is marked without marking the whole record."
)


def item_sources() -> Any:
    """The ``sources`` field of a nested item (an adaptation, an outcome, a stage)."""
    return attrs.field(default=(), validator=SOURCE_IDS, metadata=ITEM_SOURCES_DOC)


def item_status() -> Any:
    """The ``claim_status`` field of a nested item."""
    return attrs.field(default=ClaimStatus.REPORTED, metadata=ITEM_STATUS_DOC)


NOTES_DOC = about("Free-text notes for readers of the evidence base.")
EXTENSIONS_DOC = about(
    "Your own fields, under namespaced keys such as 'acme:priority'. "
    "Values may be any JSON value and round-trip unchanged.",
    examples=[{"acme:priority": "high"}],
)


def _financial_year_consecutive(period: Period) -> bool:
    text = period.financial_year
    if text is None or len(text) != 7:
        return True
    first, second = int(text[:4]), int(text[5:])
    return (first + 1) % 100 == second


def _period_ordered(period: Period) -> bool:
    if period.start is None or period.end is None:
        return True
    return not period.end.certainly_before(period.start)


@attrs.frozen(kw_only=True)
@rules(
    Rule(
        code="period.reversed",
        message="the period ends before it starts",
        check=_period_ordered,
        field="end",
        hint="Swap 'start' and 'end', or correct one of them.",
    ),
    Rule(
        code="period.financial_year",
        message="a financial year runs over two consecutive years, such as 2020/21",
        check=_financial_year_consecutive,
        field="financial_year",
        hint="Write the year it starts and the last two digits of the next: '2020/21'.",
    ),
)
class Period(Typed):
    """
    A span of time, open at either end.

    Dates may be partial (``"2008"``, ``"2009-12"``); a period is reversed only
    when its end is certainly before its start.
    """

    start: PartialDate | None = attrs.field(
        default=None, metadata=about("When the period began (YYYY, YYYY-MM or YYYY-MM-DD).")
    )
    end: PartialDate | None = attrs.field(
        default=None, metadata=about("When the period ended; leave out while it continues.")
    )
    financial_year: str | None = attrs.field(
        default=None,
        validator=is_(pattern=FINANCIAL_YEAR_PATTERN),
        metadata=about(
            "The financial year, as budgets report it ('2020/21': April 2020 to March 2021 in "
            "the UK), when that is all a source gives.",
            examples=["2020/21"],
        ),
    )


@attrs.frozen(kw_only=True)
@rules(
    Rule(
        code="funding.amount_without_currency",
        message="an amount of money needs its currency",
        check=lambda f: f.amount is None or f.currency is not None,
        field="currency",
        hint="Add the ISO 4217 currency code, e.g. 'GBP'.",
        schema={"dependentRequired": {"amount": ["currency"]}},
    )
)
class Funding(Typed):
    """
    An amount of money, optionally over a number of months.

    Sources often report how long something was funded but not how much: the
    amount may then be left out and only ``months`` given (with ``qualifier``
    ``at_most`` for "up to three years").
    """

    amount: float | None = attrs.field(
        default=None,
        validator=is_(minimum=0),
        metadata=about("The amount, in units of the currency; leave out when not reported."),
    )
    currency: str | None = attrs.field(
        default=None,
        validator=is_(pattern=CURRENCY_PATTERN),
        metadata=about(
            "ISO 4217 currency code, e.g. 'GBP'; required with 'amount'.", examples=["GBP"]
        ),
    )
    months: int | None = attrs.field(
        default=None,
        validator=is_(minimum=0),
        metadata=about("How many months the money covers."),
    )
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=about(
            "How exact the amount and months are, e.g. 'at_most' for funding of up to three years."
        ),
    )


@attrs.frozen(kw_only=True)
class Arm(Typed):
    """One arm of a comparison: who it is, how many, and its value ("278 vs 224")."""

    role: ArmRole = attrs.field(metadata=about("Intervention or comparator."))
    label: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("What the arm received, e.g. 'usual care'."),
    )
    n: int | None = attrs.field(
        default=None,
        validator=is_(minimum=0),
        metadata=about("How many it counts, in the outcome's unit of analysis."),
    )
    value: float | None = attrs.field(
        default=None, validator=is_(), metadata=about("The arm's value, in the outcome's unit.")
    )


#: Units whose values are shares of a whole, with the largest value they can take.
_SHARES = {Unit.PERCENT: 100.0, Unit.FRACTION: 1.0}
#: Effect measures whose values in per cent are not shares of a whole.
_NOT_SHARES = frozenset({EffectMeasure.PERCENTAGE_CHANGE, EffectMeasure.OTHER})


def _within_share(outcome: Outcome) -> bool:
    top = _SHARES.get(outcome.unit) if outcome.unit is not None else None
    if top is None or outcome.effect in _NOT_SHARES:
        return True
    numbers = [outcome.value, outcome.low, outcome.high, *(a.value for a in outcome.arms)]
    return all(x is None or 0 <= x <= top for x in numbers)


def _explain_share(outcome: Outcome) -> tuple[str, str]:
    top = _SHARES[outcome.unit] if outcome.unit is not None else 100.0
    numbers = [outcome.value, outcome.low, outcome.high, *(a.value for a in outcome.arms)]
    bad = next(x for x in numbers if x is not None and not 0 <= x <= top)
    unit = "per cent" if outcome.unit is Unit.PERCENT else "as a fraction"
    return (
        f"{bad:g} {unit} is not a share of a whole, which lies from 0 to {top:g}",
        (
            "Check the value and its unit: a change relative to a baseline is effect "
            "'percentage_change', and a difference of percentages has unit 'percentage_points'."
        ),
    )


def _money_has_currency(outcome: Outcome) -> bool:
    return outcome.unit not in _MONEY or outcome.currency is not None


_MONEY = frozenset(
    {Unit.CURRENCY, Unit.CURRENCY_PER_QALY, Unit.CURRENCY_PER_PARTICIPANT, Unit.CURRENCY_PER_UNIT}
)


def _interval_contains_value(outcome: Outcome) -> bool:
    low, high, value = outcome.low, outcome.high, outcome.value
    if low is not None and high is not None and low > high:
        return False
    if value is None:
        return True
    return (low is None or low <= value) and (high is None or value <= high)


def _explain_interval(outcome: Outcome) -> tuple[str, str]:
    low, high, value = outcome.low, outcome.high, outcome.value
    if low is not None and high is not None and low > high:
        return (
            f"the interval is reversed: low {low} is above high {high}",
            "Swap 'low' and 'high'.",
        )
    shown = " <= ".join(
        str(x) for x in (low if low is not None else "…", value, high if high is not None else "…")
    )
    return (
        f"the interval must contain the value, but {shown} does not hold",
        "Check that 'low' and 'high' bracket 'value', and that all three are in the same unit.",
    )


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("effect", "effect_other"),
    other_text_rule("unit", "unit_other"),
    other_text_rule("sample_unit", "sample_unit_other"),
    Rule(
        code="outcome.share_range",
        message="a share of a whole must lie from 0 to 100 per cent (0 to 1 as a fraction)",
        check=_within_share,
        field="value",
        hint=(
            "Check the value and its unit: a change relative to a baseline is effect "
            "'percentage_change', and a difference of percentages has unit 'percentage_points'."
        ),
        explain=_explain_share,
    ),
    Rule(
        code="outcome.money_without_currency",
        message="an amount of money needs its currency",
        check=_money_has_currency,
        field="currency",
        hint="Add the ISO 4217 currency code, e.g. 'GBP', and the 'price_year' if reported.",
    ),
    Rule(
        code="outcome.interval",
        message="the interval must satisfy low <= value <= high",
        check=_interval_contains_value,
        field="value",
        hint="Check that 'low' and 'high' bracket 'value'; swap them if they are reversed.",
        explain=_explain_interval,
    ),
)
class Outcome(Typed):
    """
    One measured outcome: a measure, its value and unit, an interval and the sample size.

    Outcomes are tagged with the RE-AIM dimension and Proctor level they inform.
    """

    measure: str = attrs.field(
        validator=TEXT,
        metadata=about("What was measured, e.g. 'HbA1c at 6 months'.", examples=["HbA1c"]),
    )
    effect: EffectMeasure | None = attrs.field(
        default=None,
        metadata=about(
            "What kind of figure the value is: an odds ratio, a mean, a cost, an ICER..."
        ),
    )
    effect_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'effect' is 'other'.")
    )
    adjusted: bool | None = attrs.field(
        default=None,
        metadata=about(
            "Whether the estimate is adjusted for other factors; leave out if unstated."
        ),
    )
    value: float | None = attrs.field(
        default=None, validator=is_(), metadata=about("The measured value.")
    )
    unit: Unit | None = attrs.field(
        default=None,
        metadata=about("The unit of the value, so it can be checked against its range."),
    )
    unit_other: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The unit as written, when 'unit' is 'other'.", examples=["mg/dL"]),
    )
    currency: str | None = attrs.field(
        default=None,
        validator=is_(pattern=CURRENCY_PATTERN),
        metadata=about("ISO 4217 currency code, for amounts of money.", examples=["GBP"]),
    )
    price_year: int | None = attrs.field(
        default=None,
        validator=is_(minimum=1000, maximum=9999),
        metadata=about("The year whose prices the amounts are given in."),
    )
    dominance: Dominance | None = attrs.field(
        default=None,
        metadata=about(
            "For cost-effectiveness: 'dominant' (better and cheaper) or 'dominated', when "
            "no ratio is reported."
        ),
    )
    low: float | None = attrs.field(
        default=None, validator=is_(), metadata=about("Lower bound of the interval, if reported.")
    )
    high: float | None = attrs.field(
        default=None, validator=is_(), metadata=about("Upper bound of the interval, if reported.")
    )
    interval: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("What the interval is, e.g. '95% CI' or 'range'."),
    )
    confidence: float | None = attrs.field(
        default=None,
        validator=is_(exclusiveMinimum=0, maximum=100),
        metadata=about(
            "The confidence level of the interval, in per cent: 95 for a 95% confidence interval.",
            examples=[95],
        ),
    )
    comparator: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The comparison, e.g. 'control arm: 9.4%'."),
    )
    sample_size: int | None = attrs.field(
        default=None,
        validator=is_(minimum=0),
        metadata=about("Number of participants or units measured."),
    )
    sample_unit: AnalysisUnit | None = attrs.field(
        default=None,
        metadata=about("What the sample size counts: people, practices, clusters..."),
    )
    sample_unit_other: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("What it counts, when 'sample_unit' is 'other'."),
    )
    sample_qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=about("How exact the sample size is: 'more than 350 practices' is at_least."),
    )
    arms: tuple[Arm, ...] = attrs.field(
        default=(),
        metadata=about("The arms compared, each with its size and value ('278 vs 224')."),
    )
    reaim: ReAimDimension | None = attrs.field(
        default=None, metadata=about("The RE-AIM dimension the outcome informs.")
    )
    level: ImplementationOutcomeLevel | None = attrs.field(
        default=None, metadata=about("Proctor's level: implementation, service or client outcome.")
    )
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=about("How exact the reported value is."),
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("kind", "kind_other"),
    Rule(
        code="source.unidentified",
        message="a source needs a title, a web address or a DOI",
        check=lambda s: s.title is not None or s.url is not None or s.doi is not None,
        hint=(
            "Give the document's title, or its 'url' or 'doi' when it has no title you can "
            "quote; never invent a title."
        ),
        schema={"anyOf": [{"required": [name]} for name in ("title", "url", "doi")]},
    ),
)
class Source(Typed):
    """
    A document facts are taken from: an article, report, guidance or web page.

    Records cite sources by id in their ``sources`` field; evidence items name
    theirs in ``citation``.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of this source."))
    kind: SourceKind = attrs.field(metadata=about("What kind of document this is."))
    kind_other: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The kind of document, when 'kind' is 'other'."),
    )
    title: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about(
            "Title of the document, as published; may be left out when 'url' or 'doi' "
            "identifies it."
        ),
    )
    authors: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(items={"minLength": 1}),
        metadata=about("Authors, as written in the citation ('Heller S')."),
    )
    publisher: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Publisher, journal or website.")
    )
    date: PartialDate | None = attrs.field(
        default=None, metadata=about("Publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    )
    doi: str | None = attrs.field(
        default=None,
        validator=is_(pattern=DOI_PATTERN),
        metadata=about(
            "Digital Object Identifier, without 'https://doi.org/'.",
            examples=["10.1136/bmj.325.7367.746"],
        ),
    )
    url: str | None = attrs.field(
        default=None,
        validator=is_(pattern=URL_PATTERN),
        metadata=about("Web address of the document."),
    )
    accessed: PartialDate | None = attrs.field(
        default=None, metadata=about("When the web address was last checked.")
    )
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
