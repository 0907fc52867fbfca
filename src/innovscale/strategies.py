"""
Hypothesis strategies that generate valid innovscale values.

Use them to property-test your own code against anything innovscale accepts:
one strategy per model type (:func:`innovations`, :func:`adoptions`, :func:`evidence`, ...),
and :func:`evidence_bases`, which builds *consistent* evidence bases in which every
reference resolves.

Every generated value obeys every invariant of the model (identifiers match the
id pattern, texts are non-empty, ``*_other`` is given exactly when the code is
``other``, grading levels fit their scheme, intervals and periods are ordered,
innovations have a core element, ...). Free text includes non-ASCII letters,
quotes, backslashes and newlines, so your code meets what real case studies hold.

Record strategies on their own fill reference fields (``Adoption.innovation``,
``Evidence.citation``, ...) with well-formed ids that point nowhere in particular;
draw from :func:`evidence_bases` when references must resolve.

Sizes are kept small so a property runs hundreds of examples in seconds.

Hypothesis is an optional dependency: install ``innovscale[strategies]``.
``import innovscale`` never imports this module or hypothesis.

>>> from hypothesis import given, settings
>>> import innovscale
>>> from innovscale import strategies
>>> @settings(max_examples=10, deadline=None)
... @given(strategies.evidence_bases())
... def test_round_trip(base):
...     assert innovscale.loads(innovscale.dumps(base)) == base
...     for adoption in base.adoptions:
...         assert base.innovation(adoption.innovation).id == adoption.innovation
>>> test_round_trip()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from typing import TYPE_CHECKING, Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    msg = (
        "innovscale.strategies needs hypothesis; install it with "
        "'pip install innovscale[strategies]'"
    )
    raise ImportError(msg) from exc

import attrs

from innovscale.model import (
    SCHEMA_VERSION,
    About,
    Adaptation,
    AdopterGroup,
    Adoption,
    Arm,
    Benchmark,
    BusinessModelPeriod,
    Description,
    Element,
    EnablerClaim,
    EngagementActivity,
    Evidence,
    EvidenceBase,
    Funding,
    Grading,
    Innovation,
    Licence,
    Maintainer,
    Organisation,
    Origin,
    Outcome,
    PartialDate,
    Period,
    PolicyLever,
    ReachMeasure,
    Reason,
    Relation,
    Revision,
    ScalingVehicle,
    SiteMeasure,
    SiteReach,
    Source,
    StageChange,
    Support,
    VehicleRole,
)
from innovscale.model.evidence import GRADING_LEVELS
from innovscale.vocab import (
    AdaptationGoal,
    AdaptationStatus,
    AdoptionStage,
    AnalysisUnit,
    ArmRole,
    BenchmarkKind,
    BusinessModel,
    ClaimStatus,
    ClaimStrength,
    Comparator,
    ContextualAspect,
    DeliveryLevel,
    Direction,
    Dominance,
    EffectMeasure,
    ElementKind,
    Enabler,
    EngagementKind,
    EvidenceDesign,
    EvidenceRole,
    Fidelity,
    GradingScheme,
    ImplementationOutcomeLevel,
    InnovationKind,
    LeverKind,
    LeverRole,
    LicenceEnd,
    ModificationDecider,
    ModificationNature,
    ModificationTarget,
    OrganisationKind,
    Phase,
    Planning,
    Qualifier,
    ReachMetric,
    ReAimDimension,
    ReasonLevel,
    RelationKind,
    Sanction,
    SourceKind,
    SupportKind,
    Unit,
    VehicleRoleKind,
    VehicleType,
    Vocabulary,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = [
    "abouts",
    "adaptations",
    "adopter_groups",
    "adoptions",
    "arms",
    "benchmarks",
    "business_model_periods",
    "descriptions",
    "elements",
    "enabler_claims",
    "engagement_activities",
    "evidence",
    "evidence_bases",
    "extensions",
    "for_type",
    "fundings",
    "gradings",
    "ids",
    "innovations",
    "json_values",
    "licences",
    "maintainers",
    "organisations",
    "origins",
    "outcomes",
    "partial_dates",
    "periods",
    "policy_levers",
    "reach_measures",
    "reasons",
    "records",
    "register_type_strategies",
    "relations",
    "revisions",
    "scaling_vehicles",
    "site_measures",
    "site_reaches",
    "sources",
    "stage_changes",
    "supports",
    "texts",
    "vehicle_roles",
    "vocabulary",
]

V = TypeVar("V", bound=Vocabulary)
T = TypeVar("T")

#: The most items drawn for any list inside a record; keeps generation fast.
_MAX_ITEMS = 3
#: The most records drawn for each collection of an evidence base, by default.
_MAX_RECORDS = 2
#: Years records about an innovation of unknown origin are dated within.
#: Records describe what has happened: their dates run to last year (a date after
#: today is a warning, date.future).
_FIRST_YEAR, _LAST_YEAR = 1800, dt.datetime.now(tz=dt.timezone.utc).year - 1
_ID_CHARS = string.ascii_lowercase + string.digits
#: Fragments real case-study text holds and naive code mishandles.
_AWKWARD_TEXT = (
    '"quoted"',
    "it's",
    "line one\nline two",
    "tab\tseparated",
    "back\\slash",
    "naïve café — Ünïcödé",
    "Ærø, Łódź, İstanbul",
    "患者 🩺 ☃",
    "\u2028 and \u00a0",
    "{}[]:,",
    "<b>&amp;</b>",
    " ",
)
_EXTENSION_KEYS = ("acme:priority", "org.example:Review_Date", "x:_", "nhs-e:ref.v2-1")


# -- Scalars ---------------------------------------------------------------------------------


@functools.cache
def ids() -> SearchStrategy[str]:
    """
    Identifiers: lower-case words of letters and digits joined by ``-``, ``_`` or ``.``.

    They match the id pattern of the schemas and are at most 26 characters long.
    """
    word = st.text(_ID_CHARS, min_size=1, max_size=8)
    return st.builds(
        lambda first, rest: first + "".join(sep + w for sep, w in rest),
        word,
        st.lists(st.tuples(st.sampled_from("-_."), word), max_size=2),
    )


@functools.cache
def texts(*, max_size: int = 2) -> SearchStrategy[str]:
    """
    Non-empty free text, including unicode, quotes, backslashes and newlines.

    A text is an awkward fragment (quotes, a line break, accents, emoji, ...) or a
    short random string, or up to ``max_size`` of those joined together.
    """
    fragment = st.one_of(st.sampled_from(_AWKWARD_TEXT), st.text(min_size=1, max_size=5))
    if max_size <= 1:
        return fragment
    return fragment | st.lists(fragment, min_size=2, max_size=max_size).map("".join)


@functools.cache
def vocabulary(cls: type[V], *, other: bool = True) -> SearchStrategy[V]:
    """
    Members of vocabulary ``cls``; leave ``other`` out with ``other=False``.

    ``other`` comes second in line, so it is drawn often (its free text is a rule worth
    exercising) while failures still shrink to the first member.
    """
    members = [m for m in cls if m.code != "other"]
    if other:
        members[1:1] = [m for m in cls if m.code == "other"]
    return st.sampled_from(members)


@functools.cache
def json_values() -> SearchStrategy[Any]:
    """
    JSON values as :func:`json.loads` returns them: ``None``, booleans, integers, finite
    floats, strings, lists and string-keyed dicts, nested a little.
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        _finite(),
        st.sampled_from(_AWKWARD_TEXT),
        st.text(max_size=4),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=2),
            st.dictionaries(
                st.sampled_from(["a", "b", "é", ""]) | st.text(max_size=3), children, max_size=2
            ),
        ),
        max_leaves=4,
    )


@functools.cache
def _extension_keys() -> SearchStrategy[str]:
    segment = string.ascii_lowercase + string.digits + "-"
    namespace = st.builds(
        lambda first, rest, more: first + rest + "".join("." + m for m in more),
        st.sampled_from(string.ascii_lowercase),
        st.text(segment, max_size=4),
        st.lists(st.text(segment, min_size=1, max_size=3), max_size=1),
    )
    name_chars = string.ascii_letters + string.digits + "_"
    name = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(name_chars),
        st.text(name_chars + ".-", max_size=4),
    )
    generated = st.builds(lambda ns, nm: f"{ns}:{nm}", namespace, name)
    return st.sampled_from(_EXTENSION_KEYS) | generated


@functools.cache
def extensions() -> SearchStrategy[dict[str, Any]]:
    """Extension dicts: namespaced keys (``"acme:priority"``) to any JSON value; mostly empty."""
    empty: SearchStrategy[dict[str, Any]] = st.just({})
    return st.one_of(
        empty, empty, st.dictionaries(_extension_keys(), json_values(), min_size=1, max_size=2)
    )


@functools.cache
def partial_dates(*, min_year: int = 1000, max_year: int = 9999) -> SearchStrategy[PartialDate]:
    """Real calendar dates from ``min_year`` to ``max_year``, known to the year, month or day."""
    years = st.integers(min_year, max_year)
    return st.one_of(
        st.builds(PartialDate, year=years),
        st.builds(PartialDate, year=years, month=st.integers(1, 12)),
        st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31)).map(
            lambda d: PartialDate(year=d.year, month=d.month, day=d.day)
        ),
    )


def _ordered(
    first: PartialDate | None, second: PartialDate | None, year: int | None = None
) -> Period:
    if first is not None and second is not None and second.earliest < first.earliest:
        first, second = second, first
    financial = None if year is None else f"{year}/{(year + 1) % 100:02d}"
    return Period(start=first, end=second, financial_year=financial)


@functools.cache
def periods(*, min_year: int = 1000, max_year: int = 9999) -> SearchStrategy[Period]:
    """
    Periods open at either end (when both ends are given, the start comes first), now
    and then with the financial year ('2020/21') a budget gives.
    """
    end = _optional(partial_dates(min_year=min_year, max_year=max_year))
    return st.builds(_ordered, end, end, _optional(st.integers(min_year, max_year)))


@functools.cache
def _optional(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


@functools.cache
def _finite(min_value: float | None = None) -> SearchStrategy[float]:
    return st.floats(min_value=min_value, allow_nan=False, allow_infinity=False)


@functools.cache
def _distinct(strategy: SearchStrategy[Any], max_size: int = 2) -> SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


@functools.cache
def _some(strategy: SearchStrategy[Any], max_size: int = 2) -> SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _other_text(draw: DrawFn, has_other: bool) -> str | None:
    return draw(texts()) if has_other else None


def _has_other(codes: Any) -> bool:
    if isinstance(codes, tuple):
        return any(c.code == "other" for c in codes)
    return codes is not None and codes.code == "other"


_TEXT = texts()
_WORD = texts(max_size=1)
_MAYBE_TEXT = _optional(_TEXT)
_CURRENCIES = st.sampled_from(["GBP", "EUR", "USD"]) | st.text(
    string.ascii_uppercase, min_size=3, max_size=3
)


@functools.cache
def fundings() -> SearchStrategy[Funding]:
    """
    Funding: a non-negative amount with its ISO 4217-shaped currency, or no amount
    (with or without a currency); over some months or not.
    """
    amounts = st.one_of(
        st.tuples(_finite(0), _CURRENCIES),
        st.tuples(st.none(), _optional(_CURRENCIES)),
    )
    return st.builds(
        lambda amount_currency, **kw: Funding(
            amount=amount_currency[0], currency=amount_currency[1], **kw
        ),
        amounts,
        months=_optional(st.integers(min_value=0, max_value=600)),
        qualifier=vocabulary(Qualifier),
    )


_MONEY_UNITS = frozenset(
    {Unit.CURRENCY, Unit.CURRENCY_PER_QALY, Unit.CURRENCY_PER_PARTICIPANT, Unit.CURRENCY_PER_UNIT}
)
_SHARE_TOPS = {Unit.PERCENT: 100.0, Unit.FRACTION: 1.0}


@st.composite
def _outcomes(draw: DrawFn) -> Outcome:
    effect = draw(_optional(vocabulary(EffectMeasure)))
    unit = draw(_optional(vocabulary(Unit)))
    top = _SHARE_TOPS.get(unit) if unit is not None else None
    if top is not None and effect not in (EffectMeasure.PERCENTAGE_CHANGE, EffectMeasure.OTHER):
        number = st.floats(min_value=0, max_value=top, allow_nan=False)  # a share of a whole
    else:
        number = _finite()
    low, value, high = sorted(draw(st.tuples(number, number, number)))
    flags = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
    sample_unit = draw(_optional(vocabulary(AnalysisUnit)))
    arms = tuple(
        Arm(
            role=draw(vocabulary(ArmRole)),
            label=draw(_MAYBE_TEXT),
            n=draw(_optional(st.integers(min_value=0, max_value=10**6))),
            value=draw(_optional(number)),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    money = unit in _MONEY_UNITS
    return Outcome(
        measure=draw(_TEXT),
        effect=effect,
        effect_other=_other_text(draw, _has_other(effect)),
        adjusted=draw(_optional(st.booleans())),
        value=value if flags[1] else None,
        unit=unit,
        unit_other=_other_text(draw, _has_other(unit)),
        currency=draw(_CURRENCIES if money else _optional(_CURRENCIES)),
        price_year=draw(_optional(st.integers(1900, 2100))),
        dominance=draw(_optional(vocabulary(Dominance))),
        low=low if flags[0] else None,
        high=high if flags[2] else None,
        interval=draw(_optional(_WORD)),
        confidence=draw(_optional(st.floats(min_value=0, max_value=100, exclude_min=True))),
        comparator=draw(_MAYBE_TEXT),
        sample_size=draw(_optional(st.integers(min_value=1))),  # 0 is a warning
        sample_unit=sample_unit,
        sample_unit_other=_other_text(draw, _has_other(sample_unit)),
        sample_qualifier=draw(vocabulary(Qualifier)),
        arms=arms,
        reaim=draw(_optional(vocabulary(ReAimDimension))),
        level=draw(_optional(vocabulary(ImplementationOutcomeLevel))),
        qualifier=draw(vocabulary(Qualifier)),
        sources=draw(_distinct(ids())),
        claim_status=draw(vocabulary(ClaimStatus)),
    )


@functools.cache
def arms() -> SearchStrategy[Arm]:
    """:class:`~innovscale.Arm` s of a comparison."""
    return st.builds(
        Arm,
        role=vocabulary(ArmRole),
        label=_MAYBE_TEXT,
        n=_optional(st.integers(min_value=0, max_value=10**6)),
        value=_optional(_finite()),
    )


@functools.cache
def outcomes() -> SearchStrategy[Outcome]:
    """
    Measured outcomes whose interval, when given, brackets the value, whose shares of a
    whole lie within it, and whose amounts of money have their currency.
    """
    return _outcomes()


@st.composite
def _gradings(draw: DrawFn) -> Grading:
    scheme = draw(vocabulary(GradingScheme))
    levels = GRADING_LEVELS.get(scheme)
    return Grading(
        scheme=scheme,
        scheme_other=_other_text(draw, levels is None),
        level=draw(_WORD) if levels is None else draw(vocabulary(levels)).code,
        assessed_by=draw(_MAYBE_TEXT),
        rationale=draw(_MAYBE_TEXT),
    )


@functools.cache
def gradings() -> SearchStrategy[Grading]:
    """(scheme, level) pairs whose level belongs to the scheme (any text under ``other``)."""
    return _gradings()


@functools.cache
def maintainers() -> SearchStrategy[Maintainer]:
    """People or teams looking after an evidence base."""
    email = st.builds(
        lambda user, host: f"{user}@{host}.org",
        st.text(_ID_CHARS + "._+", min_size=1, max_size=8),
        st.text(_ID_CHARS, min_size=1, max_size=8),
    )
    return st.builds(Maintainer, name=_TEXT, email=_optional(email), organisation=_MAYBE_TEXT)


@functools.cache
def reasons() -> SearchStrategy[Reason]:
    """FRAME reasons for a modification."""
    return st.builds(Reason, level=vocabulary(ReasonLevel), description=_TEXT)


@functools.cache
def descriptions() -> SearchStrategy[Description]:
    """TIDieR-style structured descriptions, any field possibly left out."""
    return st.builds(Description, **{a.name: _MAYBE_TEXT for a in attrs.fields(Description)})


@st.composite
def _site_reaches(draw: DrawFn, min_year: int) -> SiteReach:
    metric = draw(vocabulary(ReachMetric))
    return SiteReach(
        metric=metric,
        metric_other=_other_text(draw, _has_other(metric)),
        value=draw(_finite(0)),
        qualifier=draw(vocabulary(Qualifier)),
        as_of=draw(_dates(min_year)),
        description=draw(_MAYBE_TEXT),
        sources=draw(_distinct(ids())),
        claim_status=draw(vocabulary(ClaimStatus)),
    )


@functools.cache
def site_reaches(*, min_year: int = 1000) -> SearchStrategy[SiteReach]:
    """Counts of reach at one site, dated no earlier than ``min_year``."""
    return _site_reaches(min_year)


# -- References ------------------------------------------------------------------------------


@attrs.define
class _Context:
    """
    What references may point at while one value is drawn.

    A *free* context makes up well-formed ids; a base context draws from the records
    already built and the ids set aside for records still to come.
    """

    free: bool = True
    used: set[str] = attrs.Factory(set)
    sources: list[str] = attrs.Factory(list)
    organisations: list[str] = attrs.Factory(list)
    innovations: list[Innovation] = attrs.Factory(list)
    adoptions: list[Adoption] = attrs.Factory(list)
    adoption_ids: list[str] = attrs.Factory(list)
    claim_ids: list[str] = attrs.Factory(list)
    lever_ids: list[str] = attrs.Factory(list)
    evidence_ids: list[str] = attrs.Factory(list)
    claim_innovations: dict[str, str] = attrs.Factory(dict)
    evidence_subjects: dict[str, set[str]] = attrs.Factory(dict)

    def fresh(self, draw: DrawFn) -> str:
        """A new id, unique among every id drawn in this context."""
        base = draw(ids())
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate

    def ref(self, draw: DrawFn, pool: Sequence[str]) -> str:
        """One reference into ``pool`` (any id in a free context)."""
        if self.free:
            return draw(ids())
        return _pick(draw, pool)

    def optional_ref(self, draw: DrawFn, pool: Sequence[str]) -> str | None:
        """A reference into ``pool``, or ``None``."""
        if not self.free and not pool:
            return None
        return self.ref(draw, pool) if draw(st.booleans()) else None

    def refs(
        self, draw: DrawFn, pool: Sequence[str], *, min_size: int = 0, max_size: int = 2
    ) -> tuple[str, ...]:
        """Distinct references into ``pool``."""
        if self.free:
            return tuple(draw(_id_lists(min_size, max_size)))
        size = min(max_size, len(pool))
        indices = draw(_index_lists(len(pool), min(min_size, size), size))
        return tuple(pool[i] for i in indices)


@functools.cache
def _id_lists(min_size: int, max_size: int) -> SearchStrategy[list[str]]:
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True)


@functools.cache
def _index_lists(n: int, min_size: int, max_size: int) -> SearchStrategy[list[int]]:
    if n == 0:
        return st.just([])
    return st.lists(st.integers(0, n - 1), min_size=min_size, max_size=max_size, unique=True)


def _pick(draw: DrawFn, pool: Sequence[T]) -> T:
    return pool[draw(st.integers(0, len(pool) - 1))]


def _min_year(innovations: Sequence[Innovation]) -> int:
    """
    The first year a record about ``innovations`` may be dated: the latest of their
    earliest origin years.
    """
    years = [_origin_year(i) for i in innovations]
    return max((y for y in years if y is not None), default=_FIRST_YEAR)


def _origin_year(innovation: Innovation) -> int | None:
    earliest = innovation.earliest_origin
    return earliest.year if earliest is not None else None


@functools.cache
def _dates(min_year: int) -> SearchStrategy[PartialDate | None]:
    return _optional(partial_dates(min_year=min_year, max_year=max(min_year, _LAST_YEAR)))


@functools.cache
def _periods(min_year: int) -> SearchStrategy[Period | None]:
    return _optional(periods(min_year=min_year, max_year=max(min_year, _LAST_YEAR)))


def _common(draw: DrawFn, ctx: _Context, *, min_sources: int = 0) -> dict[str, Any]:
    """The fields every top-level record has, apart from its id."""
    return {
        "sources": ctx.refs(draw, ctx.sources, min_size=min_sources),
        "claim_status": draw(vocabulary(ClaimStatus)),
        "notes": draw(_MAYBE_TEXT),
        "extensions": draw(extensions()),
    }


def _item(draw: DrawFn, ctx: _Context) -> dict[str, Any]:
    """The provenance of a nested item: its own sources and claim status."""
    return {
        "sources": ctx.refs(draw, ctx.sources),
        "claim_status": draw(vocabulary(ClaimStatus)),
    }


def _sourced(draw: DrawFn, ctx: _Context, items: Sequence[T]) -> tuple[T, ...]:
    """``items`` (outcomes, site reach) each given provenance from the context."""
    return tuple(attrs.evolve(item, **_item(draw, ctx)) for item in items)  # type: ignore[misc]


# -- Builders shared by the record strategies and evidence_bases() ---------------------------

_DOIS = st.builds(
    lambda registrant, suffix, last: f"10.{registrant}/{suffix}{last}",
    st.integers(1000, 999_999_999),
    st.text(_ID_CHARS + "./()-;:", max_size=11),
    # Punctuation at the end is a warning: it is most often copied with the DOI.
    st.sampled_from(_ID_CHARS + "()-"),
)
_URLS = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.text(_ID_CHARS, min_size=1, max_size=8),
    st.text(_ID_CHARS + "/?=&%-", max_size=8),
)
_COUNTRIES = st.sampled_from(["GB", "GB-ENG", "GB-SCT", "IE", "US", "NZ", "DE-BY"])


def _identified(draw: DrawFn) -> dict[str, Any]:
    """A title, DOI and web address, at least one of them given."""
    makers = {"title": _TEXT, "doi": _DOIS, "url": _URLS}
    found = {name: draw(_optional(make)) for name, make in makers.items()}
    if all(value is None for value in found.values()):
        name = draw(st.sampled_from(sorted(makers)))
        found[name] = draw(makers[name])
    return found


def _source(draw: DrawFn, ctx: _Context, record_id: str) -> Source:
    kind = draw(vocabulary(SourceKind))
    common = _common(draw, ctx)
    del common["sources"], common["claim_status"]  # a source is not sourced
    return Source(
        id=record_id,
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        # A source needs a title, a web address or a DOI.
        **_identified(draw),
        authors=draw(_some(_WORD, _MAX_ITEMS)),
        publisher=draw(_MAYBE_TEXT),
        date=draw(_optional(partial_dates(max_year=_LAST_YEAR))),
        accessed=draw(_optional(partial_dates(max_year=_LAST_YEAR))),
        **common,
    )


def _organisation(draw: DrawFn, ctx: _Context, record_id: str) -> Organisation:
    kind = draw(vocabulary(OrganisationKind))
    return Organisation(
        id=record_id,
        name=draw(_TEXT),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        country=draw(_optional(_COUNTRIES)),
        region=draw(_MAYBE_TEXT),
        aliases=draw(_distinct(_WORD)),
        url=draw(_optional(_URLS)),
        **_common(draw, ctx),
    )


def _element(draw: DrawFn, ctx: _Context, kind: ElementKind | None = None) -> Element:
    kind = kind if kind is not None else draw(vocabulary(ElementKind))
    return Element(
        id=ctx.fresh(draw),
        name=draw(_TEXT),
        kind=kind,
        function=draw(_TEXT),
        variation=draw(_MAYBE_TEXT) if kind is ElementKind.ADAPTABLE else None,
        description=draw(_MAYBE_TEXT),
        benchmarks=tuple(_benchmark(draw, ctx) for _ in range(draw(st.integers(0, 2)))),
        sources=ctx.refs(draw, ctx.sources),
        claim_status=draw(vocabulary(ClaimStatus)),
        notes=draw(_MAYBE_TEXT),
    )


#: Thresholds in a base, where site values must meet them: small enough that adding
#: one to them changes them.
_THRESHOLDS = st.integers(-1000, 10**6).map(float) | st.floats(-1e6, 1e6)


def _benchmark(draw: DrawFn, ctx: _Context) -> Benchmark:
    kind = draw(vocabulary(BenchmarkKind))
    comparator = draw(vocabulary(Comparator))
    unit = draw(_optional(vocabulary(Unit)))
    threshold = draw(_finite() if ctx.free else _THRESHOLDS)
    upper = None
    if comparator is Comparator.BETWEEN:
        upper = (
            draw(st.floats(min_value=threshold, allow_nan=False, allow_infinity=False))
            if ctx.free
            else threshold + draw(st.integers(0, 1000))
        )
    return Benchmark(
        id=ctx.fresh(draw),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        measure=draw(_TEXT),
        comparator=comparator,
        threshold=threshold,
        upper=upper,
        unit=unit,
        unit_other=_other_text(draw, _has_other(unit)),
        description=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _meeting(draw: DrawFn, benchmark: Benchmark) -> float:
    """A value that meets ``benchmark`` (a benchmark of a base, see ``_THRESHOLDS``)."""
    threshold, comparator = benchmark.threshold, benchmark.comparator
    if comparator is Comparator.BETWEEN and benchmark.upper is not None:
        return draw(
            st.sampled_from([threshold, benchmark.upper, (threshold + benchmark.upper) / 2])
        )
    step = {
        Comparator.AT_LEAST: (0, 1),
        Comparator.MORE_THAN: (1, 1),
        Comparator.AT_MOST: (0, -1),
        Comparator.LESS_THAN: (1, -1),
    }.get(comparator)
    if step is None:  # exactly
        return threshold
    least, sign = step
    return threshold + sign * draw(st.integers(least, 100))


def _site_measure(
    draw: DrawFn, ctx: _Context, benchmarks: Sequence[Benchmark] | None, min_year: int
) -> SiteMeasure:
    """A site value: for one of ``benchmarks``, meeting it, in its unit (any, when ``None``)."""
    if benchmarks is None:
        unit = draw(_optional(vocabulary(Unit)))
        fields: dict[str, Any] = {
            "benchmark": draw(ids()),
            "value": draw(_finite()),
            "qualifier": draw(vocabulary(Qualifier)),
            "unit": unit,
            "unit_other": _other_text(draw, _has_other(unit)),
        }
    else:
        benchmark = _pick(draw, benchmarks)
        same_unit = draw(st.booleans())
        fields = {
            "benchmark": benchmark.id,
            "value": _meeting(draw, benchmark),
            "qualifier": draw(st.sampled_from([Qualifier.EXACT, Qualifier.APPROXIMATE])),
            "unit": benchmark.unit if same_unit else None,
            "unit_other": benchmark.unit_other if same_unit else None,
        }
    return SiteMeasure(
        **fields,
        as_of=draw(_dates(min_year)),
        period=draw(_periods(min_year)),
        description=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _site_measures(
    draw: DrawFn, ctx: _Context, innovation: Innovation | None, min_year: int
) -> tuple[SiteMeasure, ...]:
    """Up to two site values, for benchmarks of ``innovation`` when it is given."""
    if innovation is None:
        pool = None
    else:
        pool = [b for e in innovation.elements for b in e.benchmarks]
        if not pool:
            return ()
    return tuple(_site_measure(draw, ctx, pool, min_year) for _ in range(draw(st.integers(0, 2))))


def _vehicle(draw: DrawFn, ctx: _Context, earlier: Sequence[str], min_year: int) -> ScalingVehicle:
    vehicle_type = draw(vocabulary(VehicleType))
    models = draw(_distinct(vocabulary(BusinessModel)))
    vehicle_id = ctx.fresh(draw)
    licensor = None
    if draw(st.booleans()):
        if ctx.free:
            licensor = draw(ids().filter(lambda i: i != vehicle_id))
        elif earlier:
            licensor = _pick(draw, earlier)  # only earlier vehicles: licence chains end
    roles = tuple(_vehicle_role(draw, ctx, min_year) for _ in range(draw(st.integers(0, 2))))
    # The organisation, or the organisations in its roles over time, or both.
    named = not roles or draw(st.booleans())
    return ScalingVehicle(
        id=vehicle_id,
        organisation=ctx.ref(draw, ctx.organisations) if named else None,
        roles=roles,
        type=vehicle_type,
        type_other=_other_text(draw, _has_other(vehicle_type)),
        business_model=models,
        business_model_other=_other_text(draw, _has_other(models)),
        business_model_details=draw(_MAYBE_TEXT),
        business_models=tuple(
            _business_model_period(draw, ctx, min_year) for _ in range(draw(st.integers(0, 2)))
        ),
        period=draw(_periods(min_year)),
        licenses_from=licensor,
        licences=tuple(_licence(draw, ctx, min_year) for _ in range(draw(st.integers(0, 2)))),
        support=tuple(_support(draw, ctx, min_year) for _ in range(draw(st.integers(0, 1)))),
        description=draw(_MAYBE_TEXT),
    )


def _vehicle_role(draw: DrawFn, ctx: _Context, min_year: int) -> VehicleRole:
    role = draw(vocabulary(VehicleRoleKind))
    return VehicleRole(
        organisation=ctx.ref(draw, ctx.organisations),
        role=role,
        role_other=_other_text(draw, _has_other(role)),
        period=draw(_periods(min_year)),
        **_item(draw, ctx),
    )


def _business_model_period(draw: DrawFn, ctx: _Context, min_year: int) -> BusinessModelPeriod:
    model = draw(vocabulary(BusinessModel))
    return BusinessModelPeriod(
        model=model,
        model_other=_other_text(draw, _has_other(model)),
        period=draw(_periods(min_year)),
        details=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _licence(draw: DrawFn, ctx: _Context, min_year: int) -> Licence:
    ended = draw(_optional(vocabulary(LicenceEnd)))
    return Licence(
        licensor=ctx.optional_ref(draw, ctx.organisations),
        innovation=ctx.optional_ref(draw, [i.id for i in ctx.innovations]),
        period=draw(_periods(min_year)),
        terms=draw(_MAYBE_TEXT),
        ended=ended,
        ended_other=_other_text(draw, _has_other(ended)),
        **_item(draw, ctx),
    )


def _revision(
    draw: DrawFn, ctx: _Context, elements: Sequence[str] | None, min_year: int
) -> Revision:
    """A revision changing some of ``elements`` (any ids, when ``None``)."""
    return Revision(
        date=draw(_dates(min_year)),
        description=draw(_TEXT),
        elements=_Context(free=elements is None).refs(draw, elements or ()),
        by=ctx.refs(draw, ctx.organisations),
        reason=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _relation(draw: DrawFn, ctx: _Context, own: str) -> Relation | None:
    other = _other_than(own, ctx.optional_ref(draw, [i.id for i in ctx.innovations]))
    if other is None:
        return None
    kind = draw(vocabulary(RelationKind))
    return Relation(
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        innovation=other,
        date=draw(_optional(partial_dates(max_year=_LAST_YEAR))),
        description=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _origin(draw: DrawFn, ctx: _Context) -> Origin:
    return Origin(
        organisations=ctx.refs(draw, ctx.organisations),
        place=draw(_MAYBE_TEXT),
        date=draw(_optional(partial_dates(min_year=_FIRST_YEAR, max_year=_LAST_YEAR))),
        people=draw(_some(_WORD)),
        description=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _innovation(draw: DrawFn, ctx: _Context, record_id: str) -> Innovation:
    kind = draw(vocabulary(InnovationKind))
    kinds = draw(st.lists(vocabulary(ElementKind), min_size=1, max_size=3))
    if ElementKind.CORE not in kinds:
        kinds[draw(st.integers(0, len(kinds) - 1))] = ElementKind.CORE
    # Accounts of the origin, side by side when they disagree.
    origins = tuple(_origin(draw, ctx) for _ in range(draw(st.integers(0, 2))))
    dates = [o.date for o in origins if o.date is not None]
    min_year = min(dates).year if dates else _min_year([])
    elements = tuple(_element(draw, ctx, k) for k in kinds)
    vehicles: list[ScalingVehicle] = []
    if ctx.free or ctx.organisations:
        for _ in range(draw(st.integers(0, 2))):
            vehicles.append(_vehicle(draw, ctx, [v.id for v in vehicles], min_year))
    return Innovation(
        id=record_id,
        name=draw(_TEXT),
        aliases=draw(_distinct(_WORD)),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        summary=draw(_TEXT),
        problem=draw(_MAYBE_TEXT),
        origins=origins,
        description=draw(_optional(descriptions())),
        elements=elements,
        scaling_vehicles=tuple(vehicles),
        revisions=tuple(
            _revision(draw, ctx, [e.id for e in elements], min_year)
            for _ in range(draw(st.integers(0, 2)))
        ),
        relations=tuple(
            r for r in (_relation(draw, ctx, record_id) for _ in range(2)) if r is not None
        ),
        url=draw(_optional(_URLS)),
        **_common(draw, ctx),
    )


def _adaptation(draw: DrawFn, ctx: _Context, innovation: Innovation | None) -> Adaptation:
    if innovation is None:
        changed = tuple(draw(_id_lists(0, 2)))
        touches_core = draw(st.booleans())
    else:
        changed = _Context(free=False).refs(draw, [e.id for e in innovation.elements])
        touches_core = any(innovation.element(e).kind is ElementKind.CORE for e in changed)
    nature = draw(_optional(vocabulary(ModificationNature)))
    deciders = draw(_distinct(vocabulary(ModificationDecider)))
    goals = draw(_distinct(vocabulary(AdaptationGoal)))
    return Adaptation(
        id=ctx.fresh(draw) if draw(st.booleans()) else None,
        description=draw(_TEXT),
        elements=changed,
        targets=draw(_distinct(vocabulary(ModificationTarget))),
        contextual=draw(_distinct(vocabulary(ContextualAspect))),
        nature=nature,
        nature_other=_other_text(draw, _has_other(nature)),
        planning=draw(_optional(vocabulary(Planning))),
        phase=draw(_optional(vocabulary(Phase))),
        decided_by=deciders,
        decided_by_other=_other_text(draw, _has_other(deciders)),
        level=draw(_optional(vocabulary(DeliveryLevel))),
        reasons=draw(_some(reasons())),
        goals=goals,
        goals_other=_other_text(draw, _has_other(goals)),
        # Changing a core element is never consistent with fidelity.
        fidelity=draw(_NOT_CONSISTENT if touches_core else vocabulary(Fidelity)),
        status=draw(vocabulary(AdaptationStatus)),
        sanctioned=draw(vocabulary(Sanction)),
        period=draw(_periods(_min_year([innovation] if innovation is not None else []))),
        measures=_site_measures(
            draw, ctx, innovation, _min_year([innovation] if innovation is not None else [])
        ),
        **_item(draw, ctx),
    )


# A core change called consistent, or whose fidelity is unknown, is a warning.
_NOT_CONSISTENT = st.just(Fidelity.INCONSISTENT)


def _support(draw: DrawFn, ctx: _Context, min_year: int) -> Support:
    kind = draw(vocabulary(SupportKind))
    takeover = ctx.optional_ref(draw, ctx.organisations)
    return Support(
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        description=draw(_MAYBE_TEXT),
        provider=ctx.optional_ref(draw, ctx.organisations),
        # Who takes over funding says little without what was funded.
        funding=draw(fundings() if takeover is not None else _optional(fundings())),
        period=draw(_periods(min_year)),
        takeover=takeover,
        lever=ctx.optional_ref(draw, ctx.lever_ids),
        **_item(draw, ctx),
    )


def _adoption(
    draw: DrawFn, ctx: _Context, record_id: str, innovation: Innovation | None
) -> Adoption:
    min_year = _min_year([innovation] if innovation is not None else [])
    # One named adopter, or a group the sources count without naming.
    group = draw(st.booleans()) and draw(st.booleans())
    period = draw(_periods(min_year))
    return Adoption(
        id=record_id,
        innovation=innovation.id if innovation is not None else draw(ids()),
        adopter=None if group else ctx.ref(draw, ctx.organisations),
        adopters=_adopter_group(draw, ctx) if group else None,
        part_of=_other_than(record_id, ctx.optional_ref(draw, ctx.adoption_ids)),
        setting=draw(_MAYBE_TEXT),
        place=draw(_MAYBE_TEXT),
        stage=_stage_for(draw(vocabulary(AdoptionStage)), period),
        stages=tuple(_stage_change(draw, ctx, min_year) for _ in range(draw(st.integers(0, 2)))),
        period=period,
        adaptations=tuple(
            _adaptation(draw, ctx, innovation) for _ in range(draw(st.integers(0, 2)))
        ),
        support=tuple(_support(draw, ctx, min_year) for _ in range(draw(st.integers(0, 2)))),
        reach=_sourced(draw, ctx, draw(_some(site_reaches(min_year=min_year)))),
        measures=_site_measures(draw, ctx, innovation, min_year),
        outcomes=_sourced(draw, ctx, draw(_some(outcomes()))),
        **_common(draw, ctx),
    )


_RUNNING = frozenset(
    {
        AdoptionStage.EXPLORING,
        AdoptionStage.PREPARING,
        AdoptionStage.IMPLEMENTING,
        AdoptionStage.SUSTAINING,
    }
)


def _stage_for(stage: AdoptionStage, period: Period | None) -> AdoptionStage:
    """
    ``stage``, unless the period says otherwise: a running stage after the period's
    end, or stopping with no end, is a warning.
    """
    ended = period is not None and period.end is not None
    if ended and stage in _RUNNING:
        return AdoptionStage.PILOT_ENDED
    if not ended and stage is AdoptionStage.DISCONTINUED:
        return AdoptionStage.UNKNOWN
    return stage


def _other_than(own: str, ref: str | None) -> str | None:
    """``ref``, unless it is ``own`` (a record cannot point at itself)."""
    return None if ref == own else ref


def _adopter_group(draw: DrawFn, ctx: _Context) -> AdopterGroup:
    kind = draw(_optional(vocabulary(OrganisationKind)))
    return AdopterGroup(
        count=draw(_optional(st.integers(min_value=1, max_value=10_000))),
        qualifier=draw(vocabulary(Qualifier)),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        region=draw(_MAYBE_TEXT),
        description=draw(_MAYBE_TEXT),
        members=ctx.refs(draw, ctx.organisations),
    )


def _stage_change(draw: DrawFn, ctx: _Context, min_year: int) -> StageChange:
    return StageChange(
        stage=draw(vocabulary(AdoptionStage)),
        date=draw(_dates(min_year)),
        description=draw(_MAYBE_TEXT),
        **_item(draw, ctx),
    )


def _subjects(ctx: _Context, evidence: Evidence) -> set[str]:
    """The innovations ``evidence`` is about, directly or through what it names."""
    about = evidence.about
    adopted = {a.id: a.innovation for a in ctx.adoptions}
    found = set(about.innovations) | {e.partition("#")[0] for e in about.elements}
    found.update(adopted[a] for a in about.adoptions if a in adopted)
    found.update(
        ctx.claim_innovations[c] for c in about.enabler_claims if c in ctx.claim_innovations
    )
    return found


def _claim(draw: DrawFn, ctx: _Context, record_id: str, innovation_id: str) -> EnablerClaim:
    # Only evidence about the claim's innovation (any, in a free context).
    about_it = [e for e, found in ctx.evidence_subjects.items() if innovation_id in found]
    evidence = ctx.refs(draw, about_it)
    common = _common(draw, ctx, min_sources=0 if evidence else 1)  # a claim rests on something
    return EnablerClaim(
        id=record_id,
        innovation=innovation_id,
        enabler=draw(vocabulary(Enabler)),
        phase=draw(_optional(vocabulary(Phase))),
        strength=draw(vocabulary(ClaimStrength)),
        narrative=draw(_TEXT),
        evidence=evidence,
        levers=ctx.refs(draw, ctx.lever_ids),
        **common,
    )


def _lever(draw: DrawFn, ctx: _Context, record_id: str) -> PolicyLever:
    kind = draw(vocabulary(LeverKind))
    if ctx.free:
        supersedes = draw(_optional(ids().filter(lambda i: i != record_id)))
    else:  # only earlier levers, so chains of replacement end
        supersedes = ctx.optional_ref(draw, ctx.lever_ids[: ctx.lever_ids.index(record_id)])
    affected = ctx.refs(draw, [i.id for i in ctx.innovations], min_size=1)
    min_year = _min_year([i for i in ctx.innovations if i.id in affected])
    return PolicyLever(
        id=record_id,
        name=draw(_TEXT),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        reference=draw(_optional(_WORD)),
        issuer=ctx.optional_ref(draw, ctx.organisations),
        jurisdiction=draw(_optional(_WORD)),
        issued=draw(_dates(min_year)),
        period=draw(_periods(min_year)),
        role=draw(_optional(vocabulary(LeverRole))),
        funding=draw(_optional(fundings())),
        supersedes=supersedes,
        innovations=affected,
        description=draw(_MAYBE_TEXT),
        **_common(draw, ctx),
    )


def _activity(draw: DrawFn, ctx: _Context, record_id: str) -> EngagementActivity:
    kind = draw(vocabulary(EngagementKind))
    spread = ctx.refs(draw, [i.id for i in ctx.innovations])
    min_year = _min_year([i for i in ctx.innovations if i.id in spread])
    return EngagementActivity(
        id=record_id,
        name=draw(_TEXT),
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        innovations=spread,
        organisers=ctx.refs(draw, ctx.organisations),
        participants=draw(_MAYBE_TEXT),
        social=draw(_optional(st.booleans())),
        situated=draw(_optional(st.booleans())),
        sustained=draw(_optional(st.booleans())),
        starts_with_learner_question=draw(_optional(st.booleans())),
        period=draw(_periods(min_year)),
        description=draw(_MAYBE_TEXT),
        **_common(draw, ctx),
    )


_ELEMENT_REFS = st.builds(lambda i, e: f"{i}#{e}", ids(), ids())


def _about(draw: DrawFn, ctx: _Context) -> About:
    if ctx.free:
        subject = {
            "innovations": tuple(draw(_id_lists(0, 2))),
            "elements": draw(_distinct(_ELEMENT_REFS)),
            "adoptions": tuple(draw(_id_lists(0, 2))),
            "enabler_claims": tuple(draw(_id_lists(0, 2))),
        }
    else:
        element_refs = [f"{i.id}#{e.id}" for i in ctx.innovations for e in i.elements]
        subject = {
            "innovations": ctx.refs(draw, [i.id for i in ctx.innovations]),
            "elements": ctx.refs(draw, element_refs),
            "adoptions": ctx.refs(draw, ctx.adoption_ids),
            "enabler_claims": ctx.refs(draw, ctx.claim_ids),
        }
    if not any(subject.values()):  # evidence must be about something
        subject["innovations"] = (ctx.ref(draw, [i.id for i in ctx.innovations]),)
    return About(**subject)


def _evidence(draw: DrawFn, ctx: _Context, record_id: str) -> Evidence:
    design = draw(vocabulary(EvidenceDesign))
    return Evidence(
        id=record_id,
        about=_about(draw, ctx),
        design=design,
        design_other=_other_text(draw, _has_other(design)),
        roles=draw(_distinct(vocabulary(EvidenceRole))),
        finding=draw(_TEXT),
        direction=draw(vocabulary(Direction)),
        period=draw(_optional(periods(max_year=_LAST_YEAR))),
        outcomes=_sourced(draw, ctx, draw(_some(outcomes()))),
        gradings=draw(_some(gradings())),
        citation=ctx.ref(draw, ctx.sources),
        **_common(draw, ctx),
    )


def _reach(
    draw: DrawFn, ctx: _Context, record_id: str, innovation: Innovation | None
) -> ReachMeasure:
    metric = draw(vocabulary(ReachMetric))
    if innovation is None:
        innovation_id = draw(ids())
        adoption = draw(_optional(ids()))
        min_year = _FIRST_YEAR
    else:
        innovation_id = innovation.id
        sites = [a.id for a in ctx.adoptions if a.innovation == innovation.id]
        adoption = ctx.optional_ref(draw, sites)
        min_year = _min_year([innovation])
    return ReachMeasure(
        id=record_id,
        innovation=innovation_id,
        metric=metric,
        metric_other=_other_text(draw, _has_other(metric)),
        value=draw(_finite(0)),
        qualifier=draw(vocabulary(Qualifier)),
        as_of=draw(_dates(min_year)),
        period=draw(_periods(min_year)),
        scope=draw(_MAYBE_TEXT),
        adoption=adoption,
        description=draw(_MAYBE_TEXT),
        **_common(draw, ctx, min_sources=1),
    )


# -- Record strategies -----------------------------------------------------------------------


@st.composite
def _standalone(draw: DrawFn, build: Callable[..., T], *args: Any) -> T:
    ctx = _Context()
    return build(draw, ctx, ctx.fresh(draw), *args)


@functools.cache
def sources() -> SearchStrategy[Source]:
    """:class:`~innovscale.Source` records."""
    return _standalone(_source)


@functools.cache
def organisations() -> SearchStrategy[Organisation]:
    """:class:`~innovscale.Organisation` records."""
    return _standalone(_organisation)


@st.composite
def _benchmarks(draw: DrawFn) -> Benchmark:
    return _benchmark(draw, _Context())


@functools.cache
def benchmarks() -> SearchStrategy[Benchmark]:
    """:class:`~innovscale.Benchmark` s: eligibility, dose and fidelity rules of an element."""
    return _benchmarks()


@st.composite
def _site_measures_free(draw: DrawFn) -> SiteMeasure:
    return _site_measure(draw, _Context(), None, _FIRST_YEAR)


@functools.cache
def site_measures() -> SearchStrategy[SiteMeasure]:
    """:class:`~innovscale.SiteMeasure` s, naming any benchmark id."""
    return _site_measures_free()


@st.composite
def _elements(draw: DrawFn, kind: ElementKind | None) -> Element:
    return _element(draw, _Context(), kind)


@functools.cache
def elements(kind: ElementKind | None = None) -> SearchStrategy[Element]:
    """:class:`~innovscale.Element` s, core or adaptable (only ``kind``, if given)."""
    return _elements(kind)


@st.composite
def _scaling_vehicles(draw: DrawFn) -> ScalingVehicle:
    return _vehicle(draw, _Context(), (), _FIRST_YEAR)


@functools.cache
def scaling_vehicles() -> SearchStrategy[ScalingVehicle]:
    """:class:`~innovscale.ScalingVehicle` s; ``licenses_from`` never names the vehicle itself."""
    return _scaling_vehicles()


@st.composite
def _vehicle_roles(draw: DrawFn) -> VehicleRole:
    return _vehicle_role(draw, _Context(), _FIRST_YEAR)


@functools.cache
def vehicle_roles() -> SearchStrategy[VehicleRole]:
    """:class:`~innovscale.VehicleRole` s: an organisation's part in a vehicle, for a time."""
    return _vehicle_roles()


@st.composite
def _business_model_periods(draw: DrawFn) -> BusinessModelPeriod:
    return _business_model_period(draw, _Context(), _FIRST_YEAR)


@functools.cache
def business_model_periods() -> SearchStrategy[BusinessModelPeriod]:
    """:class:`~innovscale.BusinessModelPeriod` s: a vehicle's business model over a period."""
    return _business_model_periods()


@st.composite
def _licences(draw: DrawFn) -> Licence:
    return _licence(draw, _Context(), _FIRST_YEAR)


@functools.cache
def licences() -> SearchStrategy[Licence]:
    """:class:`~innovscale.Licence` s a vehicle held."""
    return _licences()


@st.composite
def _revisions(draw: DrawFn) -> Revision:
    return _revision(draw, _Context(), None, _FIRST_YEAR)


@functools.cache
def revisions() -> SearchStrategy[Revision]:
    """:class:`~innovscale.Revision` s of an innovation by its own developers."""
    return _revisions()


@st.composite
def _relations(draw: DrawFn) -> Relation:
    kind = draw(vocabulary(RelationKind))
    return Relation(
        kind=kind,
        kind_other=_other_text(draw, _has_other(kind)),
        innovation=draw(ids()),
        date=draw(_optional(partial_dates(max_year=_LAST_YEAR))),
        description=draw(_MAYBE_TEXT),
        **_item(draw, _Context()),
    )


@functools.cache
def relations() -> SearchStrategy[Relation]:
    """:class:`~innovscale.Relation` s between innovations."""
    return _relations()


@st.composite
def _adopter_groups(draw: DrawFn) -> AdopterGroup:
    return _adopter_group(draw, _Context())


@functools.cache
def adopter_groups() -> SearchStrategy[AdopterGroup]:
    """:class:`~innovscale.AdopterGroup` s: adopters counted or described, not named."""
    return _adopter_groups()


@st.composite
def _stage_changes(draw: DrawFn) -> StageChange:
    return _stage_change(draw, _Context(), _FIRST_YEAR)


@functools.cache
def stage_changes() -> SearchStrategy[StageChange]:
    """:class:`~innovscale.StageChange` s: dated steps of an adoption's history."""
    return _stage_changes()


@st.composite
def _origins(draw: DrawFn) -> Origin:
    return _origin(draw, _Context())


@functools.cache
def origins() -> SearchStrategy[Origin]:
    """:class:`~innovscale.Origin` s of innovations."""
    return _origins()


@functools.cache
def innovations() -> SearchStrategy[Innovation]:
    """
    :class:`~innovscale.Innovation` s with one to three elements, at least one of them core,
    element and vehicle ids unique within the innovation.
    """
    return _standalone(_innovation)


@st.composite
def _adaptations(draw: DrawFn, innovation: Innovation | None) -> Adaptation:
    return _adaptation(draw, _Context(), innovation)


def adaptations(innovation: Innovation | None = None) -> SearchStrategy[Adaptation]:
    """
    FRAME-coded :class:`~innovscale.Adaptation` s.

    Given ``innovation``, they change only its elements, and one that changes a
    core element is never marked fidelity-consistent.
    """
    return _adaptations(innovation)


@st.composite
def _supports(draw: DrawFn) -> Support:
    return _support(draw, _Context(), _FIRST_YEAR)


@functools.cache
def supports() -> SearchStrategy[Support]:
    """:class:`~innovscale.Support` an adopter received."""
    return _supports()


def adoptions(innovation: Innovation | None = None) -> SearchStrategy[Adoption]:
    """
    :class:`~innovscale.Adoption` s; given ``innovation``, adoptions of it whose
    adaptations name its elements and whose dates are not before its origin year.
    """
    return _standalone(_adoption, innovation)


@st.composite
def _enabler_claims(draw: DrawFn) -> EnablerClaim:
    ctx = _Context()
    return _claim(draw, ctx, ctx.fresh(draw), draw(ids()))


@functools.cache
def enabler_claims() -> SearchStrategy[EnablerClaim]:
    """:class:`~innovscale.EnablerClaim` s."""
    return _enabler_claims()


@functools.cache
def policy_levers() -> SearchStrategy[PolicyLever]:
    """:class:`~innovscale.PolicyLever` s, each affecting at least one innovation."""
    return _standalone(_lever)


@functools.cache
def engagement_activities() -> SearchStrategy[EngagementActivity]:
    """:class:`~innovscale.EngagementActivity` s with their 4S flags."""
    return _standalone(_activity)


@st.composite
def _abouts(draw: DrawFn) -> About:
    return _about(draw, _Context())


@functools.cache
def abouts() -> SearchStrategy[About]:
    """:class:`~innovscale.About` subjects of evidence, never empty."""
    return _abouts()


@functools.cache
def evidence() -> SearchStrategy[Evidence]:
    """:class:`~innovscale.Evidence` with outcomes and (scheme, level) gradings."""
    return _standalone(_evidence)


def reach_measures(innovation: Innovation | None = None) -> SearchStrategy[ReachMeasure]:
    """
    :class:`~innovscale.ReachMeasure` s, each citing at least one source; given
    ``innovation``, measures of it dated no earlier than its origin year.
    """
    return _standalone(_reach, innovation)


# -- Evidence bases --------------------------------------------------------------------------


@st.composite
def _evidence_bases(draw: DrawFn, max_records: int) -> EvidenceBase:
    ctx = _Context(free=False)
    sizes = st.integers(0, max_records)

    def count(*needs: Sequence[Any]) -> int:
        return draw(sizes) if all(needs) else 0

    ctx.sources = [ctx.fresh(draw) for _ in range(count())]
    ctx.organisations = [ctx.fresh(draw) for _ in range(count())]
    base_sources = [_source(draw, ctx, i) for i in ctx.sources]
    base_organisations = [_organisation(draw, ctx, i) for i in ctx.organisations]
    ctx.innovations = [_innovation(draw, ctx, ctx.fresh(draw)) for _ in range(count())]
    # Claims, levers and evidence point at each other: set their ids aside first.
    ctx.adoption_ids = [ctx.fresh(draw) for _ in range(count(ctx.innovations, ctx.organisations))]
    ctx.claim_ids = [ctx.fresh(draw) for _ in range(count(ctx.innovations, ctx.sources))]
    ctx.lever_ids = [ctx.fresh(draw) for _ in range(count(ctx.innovations))]
    ctx.evidence_ids = [ctx.fresh(draw) for _ in range(count(ctx.innovations, ctx.sources))]
    ctx.adoptions = [
        _adoption(draw, ctx, i, _pick(draw, ctx.innovations)) for i in ctx.adoption_ids
    ]
    # A claim's innovation is drawn first, so evidence about the claim is about it too.
    ctx.claim_innovations = {i: _pick(draw, ctx.innovations).id for i in ctx.claim_ids}
    levers = [_lever(draw, ctx, i) for i in ctx.lever_ids]
    activities = [_activity(draw, ctx, ctx.fresh(draw)) for _ in range(count())]
    items = [_evidence(draw, ctx, i) for i in ctx.evidence_ids]
    ctx.evidence_subjects = {e.id: _subjects(ctx, e) for e in items}
    claims = [_claim(draw, ctx, i, ctx.claim_innovations[i]) for i in ctx.claim_ids]
    reach = [
        _reach(draw, ctx, ctx.fresh(draw), _pick(draw, ctx.innovations))
        for _ in range(count(ctx.innovations, ctx.sources))
    ]
    collections: dict[str, list[Any]] = {
        "organisations": base_organisations,
        "innovations": list(ctx.innovations),
        "adoptions": list(ctx.adoptions),
        "enabler_claims": claims,
        "policy_levers": levers,
        "engagement_activities": activities,
        "evidence": items,
        "reach_measures": reach,
    }
    base_sources = _cite_every_source(draw, base_sources, collections)
    span = draw(periods(min_year=1990, max_year=_LAST_YEAR))
    return EvidenceBase(
        schema_version=SCHEMA_VERSION,
        id=ctx.fresh(draw),
        title=draw(_TEXT),
        description=draw(_MAYBE_TEXT),
        licence=draw(_optional(st.sampled_from(["CC-BY-4.0", "CC0-1.0", "OGL-UK-3.0"]))),
        maintainers=draw(_some(maintainers())),
        created=span.start,
        modified=span.end,
        sources=tuple(base_sources),
        extensions=draw(extensions()),
        **{name: tuple(records) for name, records in collections.items()},
    )


def _cite_every_source(
    draw: DrawFn, sources: list[Source], collections: dict[str, list[Any]]
) -> list[Source]:
    """
    Make some record cite each source nothing cites yet (in place), so no source is
    left unused; with no record to cite them, there are no sources.
    """
    cited: set[str] = set()
    for records in collections.values():
        for record in records:
            cited.update(record.sources)
            if isinstance(record, Innovation):
                cited.update(s for e in record.elements for s in e.sources)
            elif isinstance(record, Evidence):
                cited.add(record.citation)
    citing = [(name, i) for name, records in collections.items() for i in range(len(records))]
    if not citing:
        return []
    for source in sources:
        if source.id not in cited:
            name, index = _pick(draw, citing)
            record = collections[name][index]
            collections[name][index] = attrs.evolve(record, sources=(*record.sources, source.id))
    return sources


@functools.cache
def evidence_bases(*, max_records: int = _MAX_RECORDS) -> SearchStrategy[EvidenceBase]:
    """
    Consistent :class:`~innovscale.EvidenceBase` s, with up to ``max_records`` records
    in each collection.

    Every reference resolves: adoptions, claims, levers, activities and reach measures
    point at innovations and organisations of the base; adaptations name elements of
    the adopted innovation, and one that changes a core element is never
    fidelity-consistent; evidence is about records and elements of the base and cites
    one of its sources; claims rest on its evidence (about the claim's innovation)
    and levers; site measures name benchmarks of the adopted innovation and meet
    them; a vehicle licenses
    only from an earlier vehicle of the same innovation; a reach measure's adoption
    is of the measured innovation. Ids are unique across the whole base (elements,
    vehicles and adaptations included), periods are ordered, and no date of a
    record about an innovation is before the innovation's origin year.
    """
    return _evidence_bases(max_records)


# -- By type ---------------------------------------------------------------------------------

_BY_TYPE: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {
    About: abouts,
    Adaptation: adaptations,
    AdopterGroup: adopter_groups,
    Adoption: adoptions,
    Arm: arms,
    BusinessModelPeriod: business_model_periods,
    Description: descriptions,
    Element: elements,
    Benchmark: benchmarks,
    EnablerClaim: enabler_claims,
    EngagementActivity: engagement_activities,
    Evidence: evidence,
    EvidenceBase: evidence_bases,
    Funding: fundings,
    Grading: gradings,
    Innovation: innovations,
    Licence: licences,
    Maintainer: maintainers,
    Organisation: organisations,
    Origin: origins,
    Outcome: outcomes,
    PartialDate: partial_dates,
    Period: periods,
    PolicyLever: policy_levers,
    ReachMeasure: reach_measures,
    Reason: reasons,
    Relation: relations,
    Revision: revisions,
    ScalingVehicle: scaling_vehicles,
    SiteReach: site_reaches,
    SiteMeasure: site_measures,
    Source: sources,
    StageChange: stage_changes,
    Support: supports,
    VehicleRole: vehicle_roles,
}


def for_type(cls: type[Any]) -> SearchStrategy[Any]:
    """
    The strategy for model class or vocabulary ``cls``: ``for_type(Innovation)``.

    Raises:
        KeyError: ``cls`` is not an innovscale model class or vocabulary.
    """
    if issubclass(cls, Vocabulary):
        return vocabulary(cls)
    try:
        factory = _BY_TYPE[cls]
    except (KeyError, TypeError):
        name = getattr(cls, "__name__", repr(cls))
        raise KeyError(f"innovscale has no strategy for {name}") from None
    return factory()


@functools.cache
def records() -> SearchStrategy[Any]:
    """Any top-level record: a source, organisation, innovation, adoption, claim, ..."""
    return st.one_of(
        sources(),
        organisations(),
        innovations(),
        adoptions(),
        enabler_claims(),
        policy_levers(),
        engagement_activities(),
        evidence(),
        reach_measures(),
    )


def register_type_strategies() -> None:
    """
    Register these strategies with hypothesis, so ``st.from_type(Innovation)`` (and
    ``st.builds`` for your own classes with innovscale fields) uses them.
    """
    for cls, factory in _BY_TYPE.items():
        st.register_type_strategy(cls, factory())
