"""
serialization._gen._structure: the generated one-pass structure functions give the
result of cattrs' own functions (the reference), on valid and on damaged data.
"""

from __future__ import annotations

from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, strategies as st

import innovscale
from _differential import (
    _MUTATIONS,
    _TYPE_NAMES,
    SLOW,
    _fails,
    _reference_loads,
    _reference_write,
    _shared_reference,
    _without_orjson,
    outcome,
    same_outcome,
)
from innovscale import _json, serialization, strategies as ist
from innovscale.exceptions import InvalidDocument
from innovscale.model import EvidenceBase, PartialDate, Source
from innovscale.serialization import RECORD_TYPES, converter, make_converter
from innovscale.serialization._gen._structure import EXTENSION_DEPTH, depth_bound


@SLOW
@given(ist.records(), st.sampled_from(_MUTATIONS))
def test_hypothesis_records_give_the_same_issues(
    record: Any, mutation: tuple[str, str, int]
) -> None:
    name = _TYPE_NAMES[type(record)]
    text = innovscale.dumps(record).replace(*mutation)
    reference = outcome(_reference_loads, _shared_reference(), text, type(record))
    assert same_outcome(outcome(innovscale.loads, text, name), reference)
    patch = _without_orjson()
    try:
        assert same_outcome(outcome(innovscale.loads, text, name), reference)
    finally:
        patch.undo()


def test_dates_are_shared_and_checked() -> None:
    first = innovscale.loads(
        '{"id": "a", "title": "A", "schema_version": "2.0", "created": "2020-02"}'
    )
    second = innovscale.loads(
        '{"id": "b", "title": "B", "schema_version": "2.0", "created": "2020-02"}'
    )
    assert first.created is second.created
    with pytest.raises(InvalidDocument) as info:
        innovscale.loads(
            '{"id": "a", "title": "A", "schema_version": "2.0", "created": "2021-02-29"}'
        )
    assert [i.code for i in info.value.report.issues] == ["date.invalid"]


def test_valid_documents_take_the_fast_path(
    generated_base: EvidenceBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = serialization.dumpb(generated_base)

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the strict parse was used")

    monkeypatch.setattr(_json, "parse_reference", refuse)
    monkeypatch.setattr(_json, "parse", refuse)
    monkeypatch.setattr(cattrs.Converter, "structure", refuse)
    assert innovscale.loads(data) == generated_base
    assert innovscale.loads(data.decode()) == generated_base


def test_the_model_nests_within_the_depth_limit() -> None:
    function = converter.generated_structure(EvidenceBase)
    assert function is not None
    assert function.pure
    # Records and the base have extensions, nested classes do not: the deepest sit at
    # depth 4 (base, collection, record, extensions), and the fast path lets them nest
    # 32 deep counting themselves.
    assert depth_bound(EvidenceBase) == 4 + EXTENSION_DEPTH - 1
    assert depth_bound(EvidenceBase) <= _json.MAX_DEPTH


@pytest.mark.parametrize("nesting", [1, 2, 30, 31, 32, 33, 59, 60, 61, 70])
def test_deep_extensions_give_the_reference_result(
    generated_base: EvidenceBase, reference_converter: Any, nesting: int
) -> None:
    plain = attrs.evolve(
        generated_base,
        extensions={},
        sources=tuple(attrs.evolve(r, extensions={}) for r in generated_base.sources),
        adoptions=tuple(attrs.evolve(r, extensions={}) for r in generated_base.adoptions),
    )
    text = innovscale.dumps(plain)
    deep = f'"extensions": {{"acme:deep": {"[" * nesting + "]" * nesting}}}, '
    # In the base (depth 1), a source and an adoption (depth 3).
    for after in ("", '"sources": [', '"adoptions": ['):
        at = text.index('"id": ', text.index(after))
        mutated = text[:at] + deep + text[at:]
        for data in (mutated, mutated.encode()):
            assert same_outcome(
                outcome(innovscale.loads, data),
                outcome(_reference_loads, reference_converter, data, EvidenceBase),
            )


def test_custom_hooks_take_the_strict_parse(generated_base: EvidenceBase) -> None:
    conv = make_converter()
    conv.register_structure_hook(Source, lambda value, _: converter.structure(value, Source))
    function = conv.generated_structure(EvidenceBase)
    assert function is not None
    assert not function.pure
    data = serialization.dumpb(generated_base)
    assert conv.loads(data, EvidenceBase) == generated_base
    # The hook would accept a source nested too deep; the strict parse refuses it.
    deep = data.replace(b'"title": ', b'"deep": ' + b"[" * 70 + b"]" * 70 + b', "title": ', 1)
    with pytest.raises(InvalidDocument) as info:
        conv.loads(deep, EvidenceBase)
    assert [i.code for i in info.value.report.issues] == ["parse.too_deep"]


def test_every_class_gets_a_fast_structure_function() -> None:
    conv = make_converter()
    for cls in RECORD_TYPES.values():
        function = conv.generated_structure(cls)
        assert function is not None
        assert function.function.__name__ == f"structure_{cls.__name__}"
    # Dates are strings in JSON, read by their own hook.
    assert conv.generated_structure(PartialDate) is None


def test_valid_data_takes_the_fast_structure_path(
    generated_base: EvidenceBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = converter.unstructure(generated_base)
    monkeypatch.setattr(cattrs.Converter, "structure", _fails)
    assert converter.structure(plain, EvidenceBase) == generated_base
    assert innovscale.loads(serialization.dumpb(generated_base)) == generated_base


class _Code(str):
    __slots__ = ()


_ODD_VALUES = st.one_of(
    st.sampled_from(
        [None, True, False, 0, 12, 12.0, 12.5, -0.0, 2**70, float("nan"), "", "x", [], {}, ()]
    ),
    st.sampled_from(["other", "core", "2020-02", "1.0", "acme:x", "x#y"]).map(_Code),
    st.sampled_from(["other", "core", "2020-02", "2021-02-29", "1.0", "acme:x"]),
    st.lists(st.sampled_from(["a", "other", 1, None]), max_size=2),
    st.lists(st.sampled_from(["a", "other"]), max_size=2).map(tuple),
    st.dictionaries(st.sampled_from(["id", "x", "acme:x", "text"]), st.just("a"), max_size=2),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """``value`` with the item at ``path`` replaced by ``new`` (added, or deleted for _DELETE)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    if rest:
        copy[head] = _replaced(value[head], rest, new)
    elif new is _DELETE:
        del copy[head]
    else:
        copy[head] = new
    return copy


_DELETE = object()


def _structured(conv: Any, value: Any, cls: type[Any]) -> tuple[Any, ...]:
    result = outcome(conv.structure, value, cls)
    if result[0] == "value":
        # Equal objects can differ in types (12 and 12.0); compare what they write too.
        return ("value", result[1], type(result[1]), outcome(_reference_write, conv, result[1]))
    return result


@SLOW
@given(st.data(), ist.records(), _ODD_VALUES | st.just(_DELETE) | st.just("extra"))
def test_fast_structuring_gives_the_reference_result(
    data: st.DataObject, record: Any, new: Any
) -> None:
    cls = type(record)
    plain = converter.unstructure(record)
    path = data.draw(st.sampled_from(_paths(plain)))
    if new == "extra" and not isinstance(new, _Code):
        target: Any = plain
        for step in path:
            target = target[step]
        if not isinstance(target, dict):
            return
        path, new = (*path, "unknown_key"), "x"
    if new is _DELETE and not path:
        return
    mutated = _replaced(plain, path, new)
    reference = _shared_reference()
    assert _structured(converter, mutated, cls) == _structured(reference, mutated, cls)


def test_custom_structure_hooks_are_honoured(generated_base: EvidenceBase) -> None:
    conv = make_converter()
    plain = conv.unstructure(generated_base)
    assert conv.structure(plain, EvidenceBase) == generated_base
    before = conv.generated_structure(EvidenceBase)
    assert before is not None
    seen: list[str] = []

    def source(value: Any, _: Any) -> Source:
        seen.append(value["id"])
        return Source(id=value["id"], kind=value["kind"], title="Renamed")  # type: ignore[arg-type]

    conv.register_structure_hook(Source, source)
    assert conv.generated_structure(EvidenceBase) is not before  # made again
    with pytest.raises(Exception):  # noqa: B017 - kind is a code, not a member
        conv.structure(plain, EvidenceBase)
    seen.clear()

    def source_fixed(value: Any, _: Any) -> Source:
        seen.append(value["id"])
        return attrs.evolve(converter.structure(value, Source), title="Renamed")

    conv.register_structure_hook(Source, source_fixed)
    loaded = conv.structure(plain, EvidenceBase)
    assert {s.title for s in loaded.sources} == {"Renamed"}
    assert len(seen) == len(generated_base.sources)
    assert conv.generated_structure(EvidenceBase) is not None
