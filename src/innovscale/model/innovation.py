"""Innovations, their core and adaptable elements, and the vehicles that scale them."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import ID_PATTERN, URL_PATTERN, is_
from innovscale.model._fields import about
from innovscale.model._rules import Rule, other_text_rule, rules
from innovscale.model._types import Typed
from innovscale.model.adoption import Support
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
    item_sources,
    item_status,
)
from innovscale.model.dates import PartialDate
from innovscale.vocab import (
    BenchmarkKind,
    BusinessModel,
    ClaimStatus,
    Comparator,
    ElementKind,
    InnovationKind,
    LicenceEnd,
    RelationKind,
    Unit,
    VehicleRoleKind,
    VehicleType,
)

__all__ = [
    "Benchmark",
    "BusinessModelPeriod",
    "Description",
    "Element",
    "Innovation",
    "Licence",
    "Origin",
    "Relation",
    "Revision",
    "ScalingVehicle",
    "VehicleRole",
]

_ORG_IDS = is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100})


def _upper_fits(benchmark: Benchmark) -> bool:
    return benchmark.upper is None or benchmark.upper >= benchmark.threshold


def _explain_upper(benchmark: Benchmark) -> tuple[str, str]:
    return (
        (
            f"the range is reversed: 'upper' {benchmark.upper} is below 'threshold' "
            f"{benchmark.threshold}"
        ),
        "Swap 'threshold' and 'upper': the threshold is the lower bound of a range.",
    )


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("kind", "kind_other"),
    other_text_rule("unit", "unit_other"),
    Rule(
        code="benchmark.upper",
        message="'upper' must be given when the comparator is 'between', and only then",
        check=lambda b: (b.comparator is Comparator.BETWEEN) == (b.upper is not None),
        field="upper",
        hint="A range ('between') needs 'threshold' as its lower and 'upper' as its upper "
        "bound; any other comparator has the threshold alone.",
        schema={
            "if": {"properties": {"comparator": {"const": "between"}}, "required": ["comparator"]},
            "then": {"required": ["upper"]},
            "else": {"not": {"required": ["upper"]}},
        },
    ),
    Rule(
        code="benchmark.range",
        message="a range's upper bound must not be below its threshold",
        check=_upper_fits,
        field="upper",
        hint="Swap 'threshold' and 'upper': the threshold is the lower bound of a range.",
        explain=_explain_upper,
    ),
)
class Benchmark(Typed):
    """
    A rule or target an element states, as structure that site values are checked against.

    An eligibility criterion (ages 16 to 25; enrolled by 28 weeks of pregnancy), a dose
    (12 sessions; up to 64 visits) or a fidelity benchmark (at least 60 per cent
    enrolled before 16 weeks; at most 25 families per nurse) is a ``measure``, a
    ``comparator`` and a ``threshold`` in a ``unit``. An adoption's
    :class:`~innovscale.SiteMeasure` names the benchmark by its id, and the integrity
    tier reports a value that breaks it.
    """

    id: str = attrs.field(
        validator=ID,
        metadata=about("Identifier, unique within the innovation, so site measures can name it."),
    )
    kind: BenchmarkKind = attrs.field(
        metadata=about("What it governs: eligibility, dose or fidelity.")
    )
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What it governs, when 'kind' is 'other'.")
    )
    measure: str = attrs.field(
        validator=TEXT,
        metadata=about(
            "What is measured, in words: 'gestation at enrolment', 'families per nurse'.",
            examples=["gestation at enrolment"],
        ),
    )
    comparator: Comparator = attrs.field(
        metadata=about("How the threshold bounds the value: at least, at most, between...")
    )
    threshold: float = attrs.field(
        metadata=about("The value the comparator compares with; for 'between', the lower bound.")
    )
    upper: float | None = attrs.field(
        default=None, metadata=about("For 'between' only: the upper bound, included.")
    )
    unit: Unit | None = attrs.field(
        default=None, metadata=about("The unit of the threshold: weeks, per cent, sessions...")
    )
    unit_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The unit, when 'unit' is 'other'.")
    )
    description: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The rule as the source states it, or what it leaves open."),
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(
    Rule(
        code="element.variation_on_core",
        message="a core element cannot have a range of acceptable variation",
        check=lambda e: e.kind is not ElementKind.CORE or e.variation is None,
        field="variation",
        hint="Make the element 'adaptable', or move the text to 'function'.",
        schema={
            "if": {"properties": {"kind": {"const": "core"}}, "required": ["kind"]},
            "then": {"not": {"required": ["variation"]}},
        },
    )
)
class Element(Typed):
    """
    One element of an innovation, core or adaptable.

    Core elements carry the innovation's impact and are held by adopters;
    adaptable elements may vary within ``variation``.
    An element is addressed from outside its innovation as
    ``"<innovation id>#<element id>"``.
    """

    id: str = attrs.field(validator=ID, metadata=about("Identifier, unique within the innovation."))
    name: str = attrs.field(validator=TEXT, metadata=about("Short name of the element."))
    kind: ElementKind = attrs.field(metadata=about("'core' (hold it) or 'adaptable' (may vary)."))
    function: str = attrs.field(
        validator=TEXT,
        metadata=about("Why the element matters to the innovation's impact: the job it does."),
    )
    variation: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("For adaptable elements: the range of acceptable local variation."),
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What the element is, in more detail.")
    )
    benchmarks: tuple[Benchmark, ...] = attrs.field(
        default=(),
        metadata=about(
            "The rules and targets the element states: who is eligible, what dose, what "
            "level of delivery a site should reach."
        ),
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(
        default=ClaimStatus.REPORTED,
        metadata=about(
            "How well established the element is; say in 'notes' when it is inferred "
            "from the sources rather than stated by them."
        ),
    )
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)


@attrs.frozen(kw_only=True)
@rules(other_text_rule("role", "role_other"))
class VehicleRole(Typed):
    """An organisation's part in a scaling vehicle, for a time: the licence holder until 2019."""

    organisation: str = attrs.field(
        validator=ID, metadata=about("The organisation.", references="Organisation")
    )
    role: VehicleRoleKind = attrs.field(metadata=about("Its part in the vehicle."))
    role_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The part, when 'role' is 'other'.")
    )
    period: Period | None = attrs.field(default=None, metadata=about("When it played the part."))
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("model", "model_other"))
class BusinessModelPeriod(Typed):
    """How a vehicle paid for its work over one period: central money, then local commissioning."""

    model: BusinessModel = attrs.field(metadata=about("How it paid for its work."))
    model_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The model, when 'model' is 'other'.")
    )
    period: Period | None = attrs.field(default=None, metadata=about("When."))
    details: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Fees, prices or terms, in words.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("ended", "ended_other"))
class Licence(Typed):
    """
    A licence a scaling vehicle held: from whom, over which period, on what terms, and
    how it ended ("not renewed in 2025"). The licensor may be a vehicle of another
    innovation: name its organisation and that innovation.
    """

    licensor: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about("The organisation that granted the licence.", references="Organisation"),
    )
    innovation: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The innovation licensed, when it is recorded apart (a programme licensed from "
            "abroad under another name).",
            references="Innovation",
        ),
    )
    period: Period | None = attrs.field(default=None, metadata=about("When the licence ran."))
    terms: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("Fees, territory, quality assurance, in words."),
    )
    ended: LicenceEnd | None = attrs.field(
        default=None, metadata=about("How it ended; leave out while it runs or when not stated.")
    )
    ended_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("How it ended, when 'ended' is 'other'.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
class Revision(Typed):
    """
    A dated change its own developers made to an innovation (widening its eligibility,
    a new version), as distinct from an adopter's adaptation.
    """

    date: PartialDate | None = attrs.field(default=None, metadata=about("When it was made."))
    description: str = attrs.field(validator=TEXT, metadata=about("What changed, in words."))
    elements: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"pattern": ID_PATTERN, "maxLength": 100}),
        metadata=about("Ids of the elements of this innovation it changed.", references="Element"),
    )
    by: tuple[str, ...] = attrs.field(
        default=(),
        validator=_ORG_IDS,
        metadata=about("The organisations that made it.", references="Organisation"),
    )
    reason: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Why it was made.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
@rules(other_text_rule("kind", "kind_other"))
class Relation(Typed):
    """A typed link to another innovation: adapted from, licensed from, successor of, renamed."""

    kind: RelationKind = attrs.field(metadata=about("How this innovation relates to the other."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The relation, when 'kind' is 'other'.")
    )
    innovation: str = attrs.field(
        validator=ID, metadata=about("The other innovation.", references="Innovation")
    )
    date: PartialDate | None = attrs.field(default=None, metadata=about("When, if stated."))
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The relation, in words.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


def _vehicle_has_organisation(vehicle: ScalingVehicle) -> bool:
    return vehicle.organisation is not None or bool(vehicle.roles)


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("type", "type_other"),
    other_text_rule("business_model", "business_model_other", many=True),
    Rule(
        code="vehicle.licenses_itself",
        message="a scaling vehicle cannot license from itself",
        check=lambda v: v.licenses_from != v.id,
        field="licenses_from",
        hint="Name the vehicle this one holds its licence from.",
    ),
    Rule(
        code="vehicle.no_organisation",
        message="a scaling vehicle needs its organisation, or the organisations in its roles",
        check=_vehicle_has_organisation,
        hint=(
            "Name the organisation acting as the vehicle in 'organisation', or, when it changed "
            "over time, each one with its part and period in 'roles'."
        ),
        schema={
            "anyOf": [
                {"required": ["organisation"]},
                {"required": ["roles"], "properties": {"roles": {"minItems": 1}}},
            ]
        },
    ),
)
class ScalingVehicle(Typed):
    """
    A dedicated organisation or arrangement that drives an innovation's spread.

    Licence chains are recorded with ``licenses_from``: the Point of Care
    Foundation licensed Schwartz Rounds from the Schwartz Center.
    """

    id: str = attrs.field(validator=ID, metadata=about("Identifier, unique within the innovation."))
    organisation: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "The organisation acting as the vehicle; see 'roles' when it changed over time.",
            references="Organisation",
        ),
    )
    roles: tuple[VehicleRole, ...] = attrs.field(
        default=(),
        metadata=about(
            "The organisations in the vehicle over time, each with its part and period: a "
            "licence holder passing from one body to another, a franchisor and franchisees."
        ),
    )
    type: VehicleType = attrs.field(metadata=about("What kind of scaling vehicle this is."))
    type_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'type' is 'other'.")
    )
    business_model: tuple[BusinessModel, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True),
        metadata=about("How the vehicle pays for its work."),
    )
    business_model_other: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("The business model, when 'business_model' includes 'other'."),
    )
    business_model_details: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Fees, prices or terms, in words.")
    )
    business_models: tuple[BusinessModelPeriod, ...] = attrs.field(
        default=(),
        metadata=about(
            "How the business model changed, each with its period: central money giving way "
            "to local commissioning."
        ),
    )
    period: Period | None = attrs.field(
        default=None, metadata=about("When the vehicle drove spread.")
    )
    licenses_from: str | None = attrs.field(
        default=None,
        validator=ID,
        metadata=about(
            "Id of the vehicle (of the same innovation) this one holds its licence from.",
            references="ScalingVehicle",
        ),
    )
    licences: tuple[Licence, ...] = attrs.field(
        default=(),
        metadata=about("The licences the vehicle held, with their dates, terms and endings."),
    )
    support: tuple[Support, ...] = attrs.field(
        default=(),
        metadata=about(
            "Support the vehicle offers every adopter: training, materials, a helpdesk."
        ),
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What the vehicle does.")
    )


@attrs.frozen(kw_only=True)
class Origin(Typed):
    """
    One account of where, when and by whom an innovation was first developed.

    Sources disagree about origins (two founding years, two founders): each account
    is its own ``Origin`` with its own sources, and they stand side by side in
    ``Innovation.origins``; none is chosen for the reader.
    """

    organisations: tuple[str, ...] = attrs.field(
        default=(),
        validator=_ORG_IDS,
        metadata=about("The originating organisations.", references="Organisation"),
    )
    place: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("Where it began, e.g. 'Stoke-on-Trent'.")
    )
    date: PartialDate | None = attrs.field(
        default=None, metadata=about("When it began (YYYY, YYYY-MM or YYYY-MM-DD).")
    )
    people: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(items={"minLength": 1}),
        metadata=about("People credited with the innovation, as publicly reported."),
    )
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The story of its origin, in brief.")
    )
    sources: tuple[str, ...] = item_sources()
    claim_status: ClaimStatus = item_status()


@attrs.frozen(kw_only=True)
class Description(Typed):
    """A structured description of an innovation, after the TIDieR checklist."""

    why: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("TIDieR 2: rationale, theory or goal.")
    )
    materials: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("TIDieR 3: physical or informational materials."),
    )
    procedures: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("TIDieR 4: procedures, activities, processes.")
    )
    who_provides: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("TIDieR 5: who provides it, and their training."),
    )
    how: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("TIDieR 6: mode of delivery; individual or group."),
    )
    where: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("TIDieR 7: where it is delivered.")
    )
    when_and_how_much: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("TIDieR 8: number of sessions, schedule, dose."),
    )
    tailoring: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("TIDieR 9: planned personalisation or adaptation."),
    )


def _has_core(innovation: Innovation) -> bool:
    return any(e.kind is ElementKind.CORE for e in innovation.elements)


@attrs.frozen(kw_only=True)
@rules(
    other_text_rule("kind", "kind_other"),
    Rule(
        code="innovation.related_to_itself",
        message="an innovation cannot be related to itself",
        check=lambda i: all(r.innovation != i.id for r in i.relations),
        field="relations",
        hint="Name the other innovation in the relation, or remove the relation.",
    ),
    Rule(
        code="innovation.no_core_element",
        message="an innovation needs at least one core element",
        check=_has_core,
        field="elements",
        hint=(
            "Name what adopters must hold for the innovation to work as an element of kind "
            "'core'. If you cannot yet, the innovation is not ready to record: holding the "
            "core is what lets adopters adapt the rest safely."
        ),
        schema={
            "properties": {"elements": {"contains": {"properties": {"kind": {"const": "core"}}}}}
        },
    ),
)
class Innovation(Typed):
    """
    A health-care innovation that spreads: a service model, role, technology, test or programme.

    Every innovation has at least one core element: what adopters must hold for it
    to work. *Against the Odds* calls holding the core while adapting the rest
    "tenacity and translation".
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier, e.g. 'dafne'."))
    name: str = attrs.field(validator=TEXT, metadata=about("The innovation's name."))
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"minLength": 1}),
        metadata=about("Other names and abbreviations."),
    )
    kind: InnovationKind = attrs.field(metadata=about("What sort of innovation this is."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The sort, when 'kind' is 'other'.")
    )
    summary: str = attrs.field(validator=TEXT, metadata=about("What it is, in a sentence or two."))
    problem: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The problem it addresses.")
    )
    origins: tuple[Origin, ...] = attrs.field(
        default=(),
        metadata=about(
            "Where and when it began: one account, or one per source where sources disagree, "
            "side by side."
        ),
    )
    description: Description | None = attrs.field(
        default=None, metadata=about("A TIDieR-style structured description.")
    )
    elements: tuple[Element, ...] = attrs.field(
        validator=is_(minItems=1),
        metadata=about("The core and adaptable elements; at least one must be core."),
    )
    scaling_vehicles: tuple[ScalingVehicle, ...] = attrs.field(
        default=(), metadata=about("The organisations or arrangements that drive its spread.")
    )
    revisions: tuple[Revision, ...] = attrs.field(
        default=(),
        metadata=about(
            "Dated changes its own developers made (what changed, in which elements, when, "
            "why), distinct from adopters' adaptations."
        ),
    )
    relations: tuple[Relation, ...] = attrs.field(
        default=(),
        metadata=about("Typed links to other innovations: adapted from, licensed from..."),
    )
    url: str | None = attrs.field(
        default=None, validator=is_(pattern=URL_PATTERN), metadata=about("Website.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )

    def _repr_html_(self) -> str:
        """The innovation's summary, elements and scaling vehicles as HTML, for Jupyter."""
        from innovscale.model._html import innovation_html  # noqa: PLC0415

        return innovation_html(self)

    def element(self, element_id: str) -> Element:
        """The element with id ``element_id``; :class:`KeyError` if there is none."""
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(f"{self.id} has no element {element_id!r}")

    @property
    def earliest_origin(self) -> PartialDate | None:
        """The earliest date any account of its origin gives, or ``None``."""
        dates = [o.date for o in self.origins if o.date is not None]
        return min(dates) if dates else None

    @property
    def core_elements(self) -> tuple[Element, ...]:
        """The core elements, in order."""
        return tuple(e for e in self.elements if e.kind is ElementKind.CORE)

    @property
    def adaptable_elements(self) -> tuple[Element, ...]:
        """The adaptable elements, in order."""
        return tuple(e for e in self.elements if e.kind is ElementKind.ADAPTABLE)
