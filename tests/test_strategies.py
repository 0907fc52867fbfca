"""Tests for innovscale.strategies: every value valid, every evidence base consistent."""

from __future__ import annotations

import doctest
import re
import string
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings, strategies as st

import innovscale
from innovscale import schema, strategies
from innovscale.model import (
    Innovation,
    PartialDate,
    Period,
)
from innovscale.model._constraints import ELEMENT_REF_PATTERN, EXTENSION_KEY_PATTERN, ID_PATTERN
from innovscale.serialization import RECORD_TYPES
from innovscale.vocab import ElementKind, Fidelity, GradingScheme, SourceKind, Vocabulary

MODEL_TYPES = [
    cls
    for cls in vars(innovscale.model).values()
    if isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith("innovscale.")
]


def _nested(value: Any) -> list[Any]:
    """``value`` and every attrs object inside it."""
    out = [value]
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            items = item if isinstance(item, tuple) else (item,)
            for part in items:
                if attrs.has(type(part)):
                    out.extend(_nested(part))
    return out


class TestModule:
    def test_doctest(self):
        """The module docstring's usage example runs."""
        result = doctest.testmod(strategies, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0
        assert result.failed == 0

    def test_public_names(self):
        """__all__ is sorted and every name in it exists."""
        assert strategies.__all__ == sorted(strategies.__all__)
        for name in strategies.__all__:
            assert callable(getattr(strategies, name))

    def test_one_strategy_per_model_type(self):
        """for_type knows every class of the model, and every vocabulary."""
        for cls in MODEL_TYPES:
            assert strategies.for_type(cls) is not None
        for vocabulary in innovscale.vocab.all_vocabularies():
            assert strategies.for_type(vocabulary) is strategies.vocabulary(vocabulary)

    def test_for_type_rejects_others(self):
        """for_type raises KeyError for a class innovscale does not define."""
        with pytest.raises(KeyError, match="innovscale has no strategy for dict"):
            strategies.for_type(dict)

    def test_strategies_are_reused(self):
        """Strategy factories return the same object each call, so drawing stays cheap."""
        assert strategies.innovations() is strategies.innovations()
        assert strategies.texts() is strategies.texts()
        assert strategies.evidence_bases() is strategies.evidence_bases()

    def test_register_type_strategies(self):
        """After registration, st.from_type builds innovscale classes with these strategies."""
        strategies.register_type_strategies()

        @settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
        @given(st.from_type(Innovation), st.from_type(PartialDate))
        def check(innovation, date):
            assert isinstance(innovation, Innovation)
            assert isinstance(date, PartialDate)
            assert innovation.core_elements

        check()


class TestValues:
    @pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
    @given(data=st.data())
    def test_instances_of_their_type(self, cls, data):
        """Each strategy draws instances of its class, which rebuild unchanged (invariants hold)."""
        value = data.draw(strategies.for_type(cls))
        assert type(value) is cls
        if cls is not PartialDate:
            assert attrs.evolve(value) == value

    @pytest.mark.parametrize("name", sorted(n for n in RECORD_TYPES if n != "evidence_base"))
    @given(data=st.data())
    def test_records_fit_their_schema(self, name, data):
        """Every generated record validates against its shipped JSON Schema."""
        record = data.draw(strategies.for_type(RECORD_TYPES[name]))
        validator = schema.validator(name)
        errors = [e.message for e in validator.iter_errors(innovscale.unstructure(record))]
        assert errors == []

    @given(strategies.ids())
    def test_ids(self, text):
        """Ids match the id pattern and the maximum length."""
        assert re.search(ID_PATTERN, text)
        assert len(text) <= 100

    @given(strategies.extensions())
    def test_extension_keys(self, extensions):
        """Extension keys are namespaced."""
        for key in extensions:
            assert re.search(EXTENSION_KEY_PATTERN, key)

    @given(strategies.texts())
    def test_texts_are_not_empty(self, text):
        """Free text is never empty."""
        assert text

    @pytest.mark.parametrize(
        "condition",
        [
            lambda t: "\n" in t,
            lambda t: '"' in t,
            lambda t: "\\" in t,
            lambda t: any(ord(c) > 0xFFFF for c in t),
            lambda t: any(ord(c) > 127 for c in t) and not t.isascii(),
            lambda t: len(t) > 12,
        ],
        ids=["newline", "quote", "backslash", "astral", "non-ascii", "longer"],
    )
    def test_texts_are_awkward(self, condition):
        """Generated text includes newlines, quotes, backslashes and non-ASCII characters."""
        assert condition(find(strategies.texts(), condition))

    @given(strategies.periods())
    def test_periods_are_ordered(self, period):
        """When both ends are given, the start comes first."""
        if period.start is not None and period.end is not None:
            assert period.start.earliest <= period.end.earliest

    @given(strategies.partial_dates(min_year=2000, max_year=2001))
    def test_date_range(self, date):
        """partial_dates keeps to its years."""
        assert 2000 <= date.year <= 2001

    @given(strategies.gradings())
    def test_grading_levels_fit_their_scheme(self, grading):
        """A grading's level belongs to its scheme; 'other' schemes are named."""
        levels = innovscale.model.evidence.GRADING_LEVELS.get(grading.scheme)
        if levels is None:
            assert grading.scheme is GradingScheme.OTHER
            assert grading.scheme_other
        else:
            assert grading.level in levels.codes()

    @given(strategies.innovations())
    def test_innovations(self, innovation):
        """Innovations have a core element, and unique element and vehicle ids."""
        assert innovation.core_elements
        ids = [e.id for e in innovation.elements] + [v.id for v in innovation.scaling_vehicles]
        assert len(ids) == len(set(ids))
        for element in innovation.core_elements:
            assert element.variation is None

    @given(strategies.sources())
    def test_other_text_given_with_other(self, source):
        """'*_other' is given exactly when the code is 'other'."""
        assert (source.kind is SourceKind.OTHER) == (source.kind_other is not None)

    @given(innovation=strategies.innovations(), data=st.data())
    def test_adoptions_of_an_innovation(self, innovation, data):
        """adoptions(innovation) adapts only its elements, core ones never fidelity-consistently."""
        adoption = data.draw(strategies.adoptions(innovation))
        assert adoption.innovation == innovation.id
        for adaptation in adoption.adaptations:
            for element_id in adaptation.elements:
                if innovation.element(element_id).kind is ElementKind.CORE:
                    assert adaptation.fidelity is not Fidelity.CONSISTENT

    @given(strategies.vocabulary(SourceKind, other=False))
    def test_vocabulary_without_other(self, member):
        """vocabulary(cls, other=False) leaves the 'other' member out."""
        assert member is not SourceKind.OTHER


class _Covered(Exception):
    """Raised to stop drawing once every field has been seen."""


class TestCoverage:
    @pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
    def test_every_field_is_exercised(self, cls):
        """Every field of every model class takes a value other than its default."""
        if cls is PartialDate:
            pytest.skip("dates are checked by test_date_precision")
        expected = {f.name for f in attrs.fields(cls) if f.name != "schema_version"}
        seen: set[str] = set()

        @settings(max_examples=1000, derandomize=True, database=None, phases=[Phase.generate])
        @given(strategies.for_type(cls))
        def collect(value):
            for field in attrs.fields(cls):
                default = field.default
                if isinstance(default, attrs.Factory):
                    default = default.factory()
                if getattr(value, field.name) != default:
                    seen.add(field.name)
            if expected <= seen:
                raise _Covered

        with pytest.raises(_Covered):
            collect()

    def test_date_precision(self):
        """Dates come known to the year, to the month and to the day."""
        for parts in (1, 2, 3):
            date = find(strategies.partial_dates(), lambda d, n=parts: len(str(d).split("-")) == n)
            assert len(str(date).split("-")) == parts


class TestEvidenceBases:
    @given(strategies.evidence_bases())
    def test_valid_with_no_issue(self, base):
        """Every generated base passes all three validation tiers with no error or warning."""
        report = innovscale.validate(innovscale.dumps(base))
        assert report.issues == (), report.format_text()

    @given(strategies.evidence_bases())
    def test_references_resolve(self, base):
        """Every reference points at a record of the right type in the same base."""
        ids = {r.id: type(r).__name__ for r in base.records()}
        assert len(ids) == sum(1 for _ in base.records())
        elements = {f"{i.id}#{e.id}" for i in base.innovations for e in i.elements}

        def check(value: Any) -> None:
            for field in attrs.fields(type(value)):
                target = field.metadata.get("references")
                item = getattr(value, field.name)
                items = item if isinstance(item, tuple) else (item,)
                for ref in items:
                    if attrs.has(type(ref)):
                        check(ref)
                    elif target == "Element" and isinstance(ref, str) and "#" in ref:
                        assert ref in elements
                    elif target in ("Element", "ScalingVehicle", "Benchmark") or ref is None:
                        continue  # resolved within the innovation: see test_valid_with_no_issue
                    elif target is not None:
                        assert ids.get(ref) == target, (field.name, ref)

        for record in base.records():
            check(record)

    @given(strategies.evidence_bases())
    def test_consistent(self, base):
        """Adaptations, licences, reach, levers, claims and sources are consistent."""
        all_ids = [r.id for r in base.records()]
        for innovation in base.innovations:
            all_ids += [e.id for e in innovation.elements]
            all_ids += [v.id for v in innovation.scaling_vehicles]
            earlier: list[str] = []
            for vehicle in innovation.scaling_vehicles:
                assert vehicle.licenses_from is None or vehicle.licenses_from in earlier
                earlier.append(vehicle.id)
        for adoption in base.adoptions:
            all_ids += [a.id for a in adoption.adaptations if a.id is not None]
            innovation = base.innovation(adoption.innovation)
            for adaptation in adoption.adaptations:
                kinds = {innovation.element(e).kind for e in adaptation.elements}
                if ElementKind.CORE in kinds:
                    assert adaptation.fidelity is not Fidelity.CONSISTENT
            for support in adoption.support:
                assert support.takeover is None or support.funding is not None
        assert len(all_ids) == len(set(all_ids))
        for measure in base.reach_measures:
            if measure.adoption is not None:
                assert base.adoption(measure.adoption).innovation == measure.innovation
        levers = [lever.id for lever in base.policy_levers]
        for index, lever in enumerate(base.policy_levers):
            assert lever.supersedes is None or lever.supersedes in levers[:index]
        for claim in base.enabler_claims:
            assert claim.evidence or claim.sources
        cited = {
            s for r in base.records() if not isinstance(r, innovscale.Source) for s in r.sources
        }
        cited |= {e.citation for e in base.evidence}
        cited |= {s for i in base.innovations for e in i.elements for s in e.sources}
        assert {s.id for s in base.sources} <= cited

    @given(strategies.evidence_bases())
    def test_dates(self, base):
        """Periods are ordered and no date about an innovation is before its origin year."""
        origins = {
            i.id: i.earliest_origin.year for i in base.innovations if i.earliest_origin is not None
        }

        def dates(value: Any) -> list[PartialDate]:
            found = []
            for part in _nested(value):
                if isinstance(part, Period) and part.start and part.end:
                    assert part.start.earliest <= part.end.earliest
                found += [
                    getattr(part, f.name)
                    for f in attrs.fields(type(part))
                    if isinstance(getattr(part, f.name), PartialDate)
                ]
            return found

        dated: list[tuple[list[str], Any]] = [([i.id], i) for i in base.innovations]
        dated += [([a.innovation], a) for a in base.adoptions]
        dated += [([m.innovation], m) for m in base.reach_measures]
        dated += [(list(lever.innovations), lever) for lever in base.policy_levers]
        dated += [(list(a.innovations), a) for a in base.engagement_activities]
        for innovation_ids, record in dated:
            first = max((origins.get(i, 0) for i in innovation_ids), default=0)
            for date in dates(record):
                assert date.year >= first
        for record in base.records():
            dates(record)
        if base.created and base.modified:
            assert base.created.earliest <= base.modified.earliest

    @given(strategies.evidence_bases(max_records=1))
    def test_max_records(self, base):
        """max_records bounds every collection."""
        for name in innovscale.model.RECORD_COLLECTIONS:
            assert len(getattr(base, name)) <= 1


def test_id_alphabet():
    """Ids are made of lower-case letters, digits and the three joiners."""
    text = find(strategies.ids(), lambda t: len(t) > 10)
    assert set(text) <= set(string.ascii_lowercase + string.digits + "-_.")
    assert re.search(ELEMENT_REF_PATTERN, f"{text}#{text}")


def test_vocabulary_member_types():
    """vocabulary() draws members of the vocabulary."""
    member = find(strategies.vocabulary(SourceKind), lambda m: m is SourceKind.OTHER)
    assert isinstance(member, Vocabulary)
