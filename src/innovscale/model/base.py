"""The evidence base: one document holding every record, with lookups and reverse links."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Union

import attrs

from innovscale.model._constraints import EMAIL_PATTERN, is_
from innovscale.model._fields import about
from innovscale.model._types import Typed
from innovscale.model.adoption import Adoption
from innovscale.model.claims import EnablerClaim, EngagementActivity, PolicyLever
from innovscale.model.common import (
    EXTENSIONS,
    EXTENSIONS_DOC,
    ID,
    TEXT,
    Source,
)
from innovscale.model.dates import PartialDate
from innovscale.model.evidence import Evidence
from innovscale.model.innovation import Element, Innovation
from innovscale.model.organisation import Organisation
from innovscale.model.reach import ReachMeasure

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from innovscale.vocab import Enabler

__all__ = [
    "RECORD_COLLECTIONS",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "EvidenceBase",
    "Maintainer",
    "Record",
]

#: The version of the document format this release reads and writes.
SCHEMA_VERSION = "2.0"

#: A top-level record of an evidence base.
Record = Union[  # noqa: UP007 - a runtime alias, also used on Python 3.10
    Source,
    Organisation,
    Innovation,
    Adoption,
    EnablerClaim,
    PolicyLever,
    EngagementActivity,
    Evidence,
    ReachMeasure,
]

#: The collections of an evidence base, in document order, with their record type.
RECORD_COLLECTIONS: dict[str, type[Any]] = {
    "sources": Source,
    "organisations": Organisation,
    "innovations": Innovation,
    "adoptions": Adoption,
    "enabler_claims": EnablerClaim,
    "policy_levers": PolicyLever,
    "engagement_activities": EngagementActivity,
    "evidence": Evidence,
    "reach_measures": ReachMeasure,
}


def _a(name: str) -> str:
    """``name`` with its indefinite article: 'an Innovation', 'a Source'."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


@attrs.frozen(kw_only=True)
class Maintainer(Typed):
    """A person or team that looks after an evidence base."""

    name: str = attrs.field(validator=TEXT, metadata=about("Name of the person or team."))
    email: str | None = attrs.field(
        default=None,
        validator=is_(pattern=EMAIL_PATTERN),
        metadata=about("Contact e-mail address."),
    )
    organisation: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The organisation they work for.")
    )


@attrs.frozen
class _Index:
    by_id: dict[str, Any]
    adoptions_of: dict[str, list[Adoption]]
    claims_for: dict[str, list[EnablerClaim]]
    claims_about: dict[str, list[EnablerClaim]]
    evidence_about: dict[str, list[Evidence]]
    levers_for: dict[str, list[PolicyLever]]
    reach_of: dict[str, list[ReachMeasure]]
    activities_for: dict[str, list[EngagementActivity]]


def _build_index(base: EvidenceBase) -> _Index:  # noqa: C901 - one pass over every collection, building each lookup
    by_id: dict[str, Any] = {}
    for record in base.records():
        by_id.setdefault(record.id, record)
    adoptions_of: defaultdict[str, list[Adoption]] = defaultdict(list)
    for adoption in base.adoptions:
        adoptions_of[adoption.innovation].append(adoption)
    claims_for: defaultdict[str, list[EnablerClaim]] = defaultdict(list)
    claims_about: defaultdict[str, list[EnablerClaim]] = defaultdict(list)
    for claim in base.enabler_claims:
        claims_for[claim.enabler.code].append(claim)
        claims_about[claim.innovation].append(claim)
    evidence_about: defaultdict[str, list[Evidence]] = defaultdict(list)
    for item in base.evidence:
        subject = item.about
        for key in (
            *subject.innovations,
            *subject.elements,
            *subject.adoptions,
            *subject.enabler_claims,
        ):
            evidence_about[key].append(item)
    levers_for: defaultdict[str, list[PolicyLever]] = defaultdict(list)
    for lever in base.policy_levers:
        for innovation in lever.innovations:
            levers_for[innovation].append(lever)
    reach_of: defaultdict[str, list[ReachMeasure]] = defaultdict(list)
    for measure in base.reach_measures:
        reach_of[measure.innovation].append(measure)
    activities_for: defaultdict[str, list[EngagementActivity]] = defaultdict(list)
    for activity in base.engagement_activities:
        for innovation in activity.innovations:
            activities_for[innovation].append(activity)
    return _Index(
        by_id=by_id,
        adoptions_of=dict(adoptions_of),
        claims_for=dict(claims_for),
        claims_about=dict(claims_about),
        evidence_about=dict(evidence_about),
        levers_for=dict(levers_for),
        reach_of=dict(reach_of),
        activities_for=dict(activities_for),
    )


@attrs.frozen(kw_only=True)
class EvidenceBase(Typed):
    """
    An evidence base: one document holding sources, organisations, innovations,
    adoptions, enabler claims, policy levers, engagement activities, evidence and
    reach measures.

    Lookups by id and the reverse links (adoptions of an innovation, evidence about
    an element, claims for an enabler) use an index built once, on first use.
    Every record has a unique id across the whole base; the integrity tier reports
    duplicates.
    """

    schema_version: str = attrs.field(
        default=SCHEMA_VERSION,
        validator=is_(const=SCHEMA_VERSION),
        metadata={
            **about("The version of the innovscale document format.", examples=[SCHEMA_VERSION]),
            "required_in_json": True,
        },
    )
    id: str = attrs.field(validator=ID, metadata=about("Stable identifier of the evidence base."))
    title: str = attrs.field(validator=TEXT, metadata=about("Title of the evidence base."))
    description: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("What the evidence base covers and why.")
    )
    licence: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("Licence of the data, as an SPDX identifier.", examples=["CC-BY-4.0"]),
    )
    maintainers: tuple[Maintainer, ...] = attrs.field(
        default=(), metadata=about("Who looks after the evidence base.")
    )
    created: PartialDate | None = attrs.field(
        default=None, metadata=about("When the evidence base was started.")
    )
    modified: PartialDate | None = attrs.field(
        default=None, metadata=about("When it was last changed.")
    )
    sources: tuple[Source, ...] = attrs.field(
        default=(), metadata=about("The documents facts are taken from.")
    )
    organisations: tuple[Organisation, ...] = attrs.field(
        default=(), metadata=about("Innovators, adopters, vehicles, funders and commissioners.")
    )
    innovations: tuple[Innovation, ...] = attrs.field(
        default=(), metadata=about("The innovations, with their elements and scaling vehicles.")
    )
    adoptions: tuple[Adoption, ...] = attrs.field(
        default=(), metadata=about("Adopters taking innovations up.")
    )
    enabler_claims: tuple[EnablerClaim, ...] = attrs.field(
        default=(), metadata=about("Assessments of which enablers of scale mattered.")
    )
    policy_levers: tuple[PolicyLever, ...] = attrs.field(
        default=(), metadata=about("Guidance, targets, tariffs, incentives and funding.")
    )
    engagement_activities: tuple[EngagementActivity, ...] = attrs.field(
        default=(), metadata=about("Activities that spread practice, with the 4S features.")
    )
    evidence: tuple[Evidence, ...] = attrs.field(
        default=(), metadata=about("Studies, evaluations and appraisals, with their findings.")
    )
    reach_measures: tuple[ReachMeasure, ...] = attrs.field(
        default=(), metadata=about("Dated figures for how far innovations have spread.")
    )
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )

    def header(self) -> EvidenceBase:
        """The metadata of the evidence base, with every record collection empty."""
        return self.with_records(dict.fromkeys(RECORD_COLLECTIONS, ()))

    def with_records(self, collections: Mapping[str, Iterable[Any]]) -> EvidenceBase:
        """
        A copy with the named collections (``"innovations"``, ...) replaced.

        Raises:
            KeyError: A name is not a record collection.
        """
        changes: dict[str, Any] = {}
        for name, records in collections.items():
            if name not in RECORD_COLLECTIONS:
                raise KeyError(f"{name!r} is not a record collection")
            changes[name] = tuple(records)
        return attrs.evolve(self, **changes)

    def _repr_html_(self) -> str:
        """The base's title, record counts and innovations as HTML, for Jupyter."""
        from innovscale.model._html import base_html  # noqa: PLC0415

        return base_html(self)

    def records(self) -> Iterator[Any]:
        """Every top-level record, collection by collection in document order."""
        for name in RECORD_COLLECTIONS:
            yield from getattr(self, name)

    @functools.cached_property
    def _index(self) -> _Index:
        return _build_index(self)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._index.by_id

    def get(self, record_id: str) -> Any:
        """
        The record with id ``record_id``, whatever its type.

        Raises:
            KeyError: No record has that id.
        """
        try:
            return self._index.by_id[record_id]
        except KeyError:
            raise KeyError(f"no record with id {record_id!r}") from None

    def _typed(self, record_id: str, kind: type[Any]) -> Any:
        record = self.get(record_id)
        if not isinstance(record, kind):
            found, wanted = _a(type(record).__name__), _a(kind.__name__)
            raise KeyError(f"{record_id!r} is {found}, not {wanted}")
        return record

    def source(self, record_id: str) -> Source:
        """The :class:`Source` with this id; :class:`KeyError` if there is none."""
        result: Source = self._typed(record_id, Source)
        return result

    def organisation(self, record_id: str) -> Organisation:
        """The :class:`Organisation` with this id; :class:`KeyError` if there is none."""
        result: Organisation = self._typed(record_id, Organisation)
        return result

    def innovation(self, record_id: str) -> Innovation:
        """The :class:`Innovation` with this id; :class:`KeyError` if there is none."""
        result: Innovation = self._typed(record_id, Innovation)
        return result

    def adoption(self, record_id: str) -> Adoption:
        """The :class:`Adoption` with this id; :class:`KeyError` if there is none."""
        result: Adoption = self._typed(record_id, Adoption)
        return result

    def element(self, ref: str) -> Element:
        """
        The element addressed as ``"<innovation id>#<element id>"``.

        Raises:
            KeyError: No such innovation, or it has no such element.
        """
        innovation_id, _, element_id = ref.partition("#")
        return self.innovation(innovation_id).element(element_id)

    def adoptions_of(self, innovation_id: str) -> tuple[Adoption, ...]:
        """Adoptions of the innovation, in document order."""
        return tuple(self._index.adoptions_of.get(innovation_id, ()))

    def claims_for(self, enabler: Enabler | str) -> tuple[EnablerClaim, ...]:
        """Enabler claims for ``enabler`` (a member or its code), in document order."""
        code = enabler if isinstance(enabler, str) else enabler.code
        return tuple(self._index.claims_for.get(code, ()))

    def claims_about(self, innovation_id: str) -> tuple[EnablerClaim, ...]:
        """Enabler claims about the innovation, in document order."""
        return tuple(self._index.claims_about.get(innovation_id, ()))

    def evidence_about(self, subject: str) -> tuple[Evidence, ...]:
        """
        Evidence about ``subject``: an innovation, adoption or claim id, or an
        element address ``"<innovation id>#<element id>"``.
        """
        return tuple(self._index.evidence_about.get(subject, ()))

    def levers_for(self, innovation_id: str) -> tuple[PolicyLever, ...]:
        """Policy levers that affected the innovation."""
        return tuple(self._index.levers_for.get(innovation_id, ()))

    def reach_of(self, innovation_id: str) -> tuple[ReachMeasure, ...]:
        """Reach measures of the innovation, in document order."""
        return tuple(self._index.reach_of.get(innovation_id, ()))

    def activities_for(self, innovation_id: str) -> tuple[EngagementActivity, ...]:
        """Engagement activities that spread the innovation."""
        return tuple(self._index.activities_for.get(innovation_id, ()))


#: Record type names, as in JSON Lines lines and ``type=`` arguments, with their class:
#: the evidence base, then one per collection (``"innovation"`` for ``innovations``).
RECORD_TYPES: dict[str, type[Any]] = {
    "evidence_base": EvidenceBase,
    "source": Source,
    "organisation": Organisation,
    "innovation": Innovation,
    "adoption": Adoption,
    "enabler_claim": EnablerClaim,
    "policy_lever": PolicyLever,
    "engagement_activity": EngagementActivity,
    "evidence": Evidence,
    "reach_measure": ReachMeasure,
}
