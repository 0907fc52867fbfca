"""
model._constraints: the compiled constraint checks give the interpreter's result.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

from _differential import outcome
from innovscale import strategies as ist
from innovscale.model._constraints import URL_PATTERN, Constraints, hint_for_pattern
from innovscale.serialization import RECORD_TYPES


def _model_constraints() -> list[tuple[str, Constraints]]:
    found: dict[int, tuple[str, Constraints]] = {}
    seen: set[type[Any]] = set()

    def walk(cls: type[Any]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for field in attrs.fields(attrs.resolve_types(cls)):
            if isinstance(field.validator, Constraints):
                found.setdefault(id(field.validator), (field.name, field.validator))
            for arg in (field.type, *getattr(field.type, "__args__", ())):
                for inner in (arg, *getattr(arg, "__args__", ())):
                    if isinstance(inner, type) and attrs.has(inner):
                        walk(inner)

    for cls in RECORD_TYPES.values():
        walk(cls)
    return list(found.values())


MODEL_CONSTRAINTS = _model_constraints()


EXTRA_CONSTRAINTS = [
    Constraints(keywords={"minItems": 1, "maxItems": 2, "uniqueItems": False}),
    Constraints(keywords={"exclusiveMinimum": 0, "exclusiveMaximum": 1, "const": 0.5}),
    Constraints(keywords={"maxLength": 3}, items={"minLength": 2, "pattern": "^a"}),
    Constraints(keywords={"propertyNames": {"minLength": 2, "pattern": "^[a-z]+$(?!\\n)"}}),
]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=6),
    ist.ids(),
    st.sampled_from(["dafne", "a#b", "acme:x", "https://x.org", "GB", "GBP", "10.1000/x", "1.0"]),
)


values = st.one_of(
    scalars,
    st.tuples(scalars, scalars),
    st.lists(st.one_of(st.text(max_size=3), ist.ids()), max_size=3).map(tuple),
    st.dictionaries(st.one_of(st.text(max_size=4), st.just("acme:priority")), scalars, max_size=3),
)


class _Attr:
    name = "field"


def test_every_model_constraint_is_compiled() -> None:
    assert len(MODEL_CONSTRAINTS) > 10
    for _, constraints in MODEL_CONSTRAINTS:
        assert constraints.check_value.__name__ == "check_constraints"


@given(
    st.sampled_from([c for _, c in MODEL_CONSTRAINTS] + EXTRA_CONSTRAINTS),
    values,
)
def test_compiled_constraints_match_the_reference(constraints: Constraints, value: Any) -> None:
    fast = outcome(constraints, None, _Attr, value)
    reference = outcome(
        Constraints.reference, constraints.keywords, constraints.items, "field", value
    )
    assert fast == reference


def test_compiled_constraints_keep_identity_and_schema() -> None:
    a = Constraints(keywords={"minLength": 1})
    b = Constraints(keywords={"minLength": 1})
    assert a == b
    assert repr(a) == "Constraints(keywords={'minLength': 1}, items={})"
    assert a.schema() == {"minLength": 1}


@pytest.mark.parametrize(
    ("value", "suggested"),
    [
        ("www.nhs.uk/x", "https://www.nhs.uk/x"),
        ("nhs.uk", "https://nhs.uk"),
        ("example.org:8080/a", "https://example.org:8080/a"),
        ("javascript:alert(5)", None),
        ("mailto:editor@example.org", None),
        ("localhost:8080/x", None),
        ("not a web address", None),
    ],
)
def test_a_web_address_is_corrected_only_when_it_lacks_just_its_scheme(value, suggested):
    """'www.nhs.uk' gets 'https://www.nhs.uk'; a javascript: or mailto: text gets no guess."""
    hint = hint_for_pattern(URL_PATTERN, value)
    if suggested is None:
        assert "Did you mean" not in hint
    else:
        assert hint.startswith(f"Did you mean {suggested!r}?")
