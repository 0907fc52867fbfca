"""
serialization._gen._writer: the generated writers write the bytes of the reference
(the standard library's encoder on the unstructured value), or fall back.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

import innovscale
from _differential import (
    _TYPE_NAMES,
    SLOW,
    _fails,
    _reference_write,
    _without_orjson,
    encodable,
    outcome,
)
from innovscale import serialization, strategies as ist
from innovscale.model import EvidenceBase, Organisation, ReachMeasure, Source
from innovscale.serialization import RECORD_TYPES, converter, make_converter
from innovscale.vocab import OrganisationKind, ReachMetric


def _writes_alike(conv: Any, value: Any) -> None:
    for indent in (True, False):
        expected = outcome(_reference_write, conv, value, indent=indent)
        assert outcome(conv.write, value, indent=indent) == expected
        patch = _without_orjson()
        try:
            assert outcome(conv.write, value, indent=indent) == expected
        finally:
            patch.undo()


def test_every_class_gets_a_writer() -> None:
    conv = make_converter()
    for cls in RECORD_TYPES.values():
        writer = conv.generated_writer(cls)
        assert writer is not None
        assert writer.function.__name__ == f"writer_{cls.__name__}"
        assert all(conv.generated_writer(inner) is not None for inner in writer.left)


def test_valid_objects_are_written_by_the_writers(
    generated_base: EvidenceBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    expected = _reference_write(converter, generated_base)
    monkeypatch.setattr(converter, "unstructure", _fails)
    assert converter.write(generated_base) == expected
    assert innovscale.dumps(generated_base) == expected.decode("utf-8")
    assert serialization.dumps_jsonl(generated_base).count("\n") == len(
        [generated_base.header(), *generated_base.records()]
    )


@SLOW
@given(
    ist.records(),
    st.dictionaries(st.sampled_from(["acme:a", "acme:b"]), encodable, max_size=2),
)
def test_writers_write_the_bytes_of_the_reference(record: Any, extensions: Any) -> None:
    _writes_alike(converter, record)
    _writes_alike(converter, {_TYPE_NAMES[type(record)]: record})
    try:
        odd = attrs.evolve(record, extensions=extensions)
    except Exception:  # noqa: BLE001 - values the model refuses are not written
        return
    _writes_alike(converter, odd)


@given(st.floats(min_value=0, allow_infinity=False) | st.integers(0, 2**70))
def test_writers_write_every_number_alike(number: float) -> None:
    measure = ReachMeasure(
        id="r", innovation="inn", metric=ReachMetric.SITES, value=number, sources=("s",)
    )
    _writes_alike(converter, measure)


class _Str(str):
    __slots__ = ()


@pytest.mark.parametrize(
    "change",
    [
        {"name": _Str("A subclass of str")},
        {"extensions": {"acme:x": 1e-7}},
        {"extensions": {"acme:x": 2**70}},
        {"extensions": {"acme:x": "\ud800"}},
        {"extensions": {"acme:x": (1, [2.5e20])}},
        {"extensions": {"acme:b": 1, "acme:a": {"z": 1, "y": 2}}},
    ],
)
def test_values_orjson_writes_differently_fall_back(change: dict[str, Any]) -> None:
    org = Organisation(id="acme", name="Acme", kind=OrganisationKind.CHARITY)
    extensions = change.pop("extensions", {})
    odd = attrs.evolve(org, **change)
    # Values the model would refuse (a tuple) are put in place after construction.
    odd.extensions.update(extensions)
    _writes_alike(converter, odd)


def test_custom_hooks_are_honoured_and_drop_the_writers(generated_base: EvidenceBase) -> None:
    conv = make_converter()
    assert conv.write(generated_base) == _reference_write(conv, generated_base)
    before = conv.generated_writer(EvidenceBase)
    assert before is not None
    conv.register_unstructure_hook(Source, lambda source: {"id": source.id, "custom": True})
    written = conv.write(generated_base)
    assert written == _reference_write(conv, generated_base)
    assert b'"custom": true' in written
    after = conv.generated_writer(EvidenceBase)
    assert after is not None
    assert after is not before  # made again from the new hooks
    assert conv.generated_writer(Source) is None
