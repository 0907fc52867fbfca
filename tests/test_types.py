"""
Tests for innovscale.model._types: Python construction is checked as JSON is.

The proof: take any valid object, put any JSON-like value (or a Python value of the
wrong kind) into any of its fields; either construction refuses it with an
InvariantError, or ``validate(obj)`` and ``validate(dumps(obj))`` give one verdict.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

import innovscale
from innovscale import (
    EvidenceBase,
    InvariantError,
    Organisation,
    PartialDate,
    ReachMeasure,
    Source,
    strategies as ist,
)
from innovscale.vocab import OrganisationKind, ReachMetric, SourceKind

ORG = Organisation(id="o", name="O", kind=OrganisationKind.CHARITY)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": ReachMetric.SITES}, "Organisation.kind expects an OrganisationKind member"),
        ({"kind": "nhs_trust"}, "OrganisationKind.NHS_TRUST"),
        ({"kind": "charty"}, "'charty' is not a code of OrganisationKind"),
        ({"aliases": ["Acme"]}, "not a list"),
        ({"sources": "vfc-eval"}, "('vfc-eval',), not a single str"),
        ({"name": 3}, "Organisation.name expects a string"),
        ({"name": None}, "Organisation.name expects a string"),
        ({"extensions": {"acme:x": float("inf")}}, "expects a JSON value"),
        ({"extensions": {"acme:x": {1: 2}}}, "expects a JSON value"),
        ({"region": "Leeds\ud800"}, "unpaired surrogate"),
    ],
)
def test_wrong_types_are_refused_with_class_field_and_hint(change, words):
    """The error names the class and field and says what to give instead."""
    with pytest.raises(InvariantError) as info:
        attrs.evolve(ORG, **change)
    error = info.value
    assert error.code in {"value.type", "value.surrogate"}
    assert error.path[0] == next(iter(change))
    assert words in f"{error.message} {error.hint}"


def test_numbers_are_numbers():
    """A numeric field refuses text and booleans, and floats must be finite."""
    measure = ReachMeasure(
        id="r", innovation="i", metric=ReachMetric.SITES, value=40, sources=("s",)
    )
    with pytest.raises(InvariantError) as info:
        attrs.evolve(measure, value="40")
    assert "write 40 rather than '40'" in (info.value.hint or "")
    with pytest.raises(InvariantError, match="expects a number, got bool"):
        attrs.evolve(measure, value=True)
    with pytest.raises(InvariantError) as info:
        attrs.evolve(measure, value=float("nan"))
    assert info.value.code == "value.not_finite"


def test_dates_are_partial_dates():
    """A date field takes a PartialDate; the hint shows how to make one from text."""
    measure = ReachMeasure(
        id="r", innovation="i", metric=ReachMetric.SITES, value=4, sources=("s",)
    )
    with pytest.raises(InvariantError) as info:
        attrs.evolve(measure, as_of="2019-04")
    assert "PartialDate.parse('2019-04')" in (info.value.hint or "")
    assert attrs.evolve(measure, as_of=PartialDate.parse("2019-04")).as_of == PartialDate(2019, 4)


def test_members_of_the_field_vocabulary_pass():
    """The member itself, or one made from its code, is what a vocabulary field takes."""
    assert attrs.evolve(ORG, kind=OrganisationKind("nhs_trust")).kind is OrganisationKind.NHS_TRUST
    source = Source(id="s", kind=SourceKind.REPORT, title="T")
    assert source.kind is SourceKind.REPORT


#: Values of every JSON kind and some Python kinds JSON has not.
_ODD = st.one_of(
    ist.json_values(),
    st.sampled_from([(), ("a",), ("a", 1), [], ["a"], PartialDate(2020), 1.5, -1, 10**30]),
    st.sampled_from(list(ReachMetric) + list(OrganisationKind)),
    st.builds(lambda: ORG),
)


def _fields_of(obj: Any) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(type(obj)) if f.init]


@given(base=ist.evidence_bases(), data=st.data())
def test_python_and_json_give_one_verdict(base: EvidenceBase, data: st.DataObject):
    """An object the checks let through validates as its JSON does."""
    records = list(base.records())
    if not records:
        return
    record = data.draw(st.sampled_from(records))
    field = data.draw(st.sampled_from(_fields_of(record)))
    value = data.draw(_ODD)
    try:
        changed = attrs.evolve(record, **{field.alias or field.name: value})
    except InvariantError:
        return
    collection = next(
        name for name, cls in innovscale.model.RECORD_COLLECTIONS.items() if cls is type(record)
    )
    swapped = tuple(changed if r is record else r for r in getattr(base, collection))
    try:
        mutated = attrs.evolve(base, **{collection: swapped})
    except InvariantError:
        return
    from_object = innovscale.validate(mutated)
    from_text = innovscale.validate(innovscale.dumps(mutated))
    assert from_object.valid == from_text.valid, (
        from_object.format_text(),
        from_text.format_text(),
    )


def test_every_model_field_is_checked():
    """Every field of every model class has a type check (nothing is left to chance)."""
    from innovscale.model._types import _checkers
    from innovscale.validation._walk import model_classes

    for cls in model_classes():
        checks = _checkers(cls)
        for field in attrs.fields(cls):
            if field.init:
                assert field.name in checks, f"{cls.__name__}.{field.name}"


def test_vocabulary_members_of_another_enum_are_refused():
    """An enum member of another vocabulary never passes, even with the same code."""

    class Lookalike(enum.Enum):
        CHARITY = "charity"

    with pytest.raises(InvariantError):
        attrs.evolve(ORG, kind=Lookalike.CHARITY)
