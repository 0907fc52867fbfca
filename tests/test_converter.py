"""
serialization._converter: the converter with generated code gives what the converter
without it gives (``make_converter(generated=False)``), and a bug in generated code is seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given

import innovscale
from innovscale import _json, serialization, strategies as ist
from innovscale.model import EvidenceBase, Organisation
from innovscale.serialization import converter, make_converter
from innovscale.vocab import OrganisationKind

if TYPE_CHECKING:
    from collections.abc import Iterator

from _differential import (
    _MUTATIONS,
    _TYPE_NAMES,
    SLOW,
    _reference_loads,
    _shared_reference,
    _without_orjson,
    outcome,
    same,
    same_outcome,
)


@pytest.fixture(params=["orjson", "no-orjson"])
def orjson_state(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test with orjson, and as if it were not installed."""
    if request.param == "no-orjson":
        with _json.without_orjson():
            assert _json.orjson_module() is None
            yield str(request.param)
    else:
        pytest.importorskip("orjson")
        assert _json.orjson_module() is not None
        yield str(request.param)


def test_generated_data_round_trips_alike(
    generated_base: EvidenceBase, reference_converter: Any, orjson_state: str
) -> None:
    plain = converter.unstructure(generated_base)
    assert same(plain, reference_converter.unstructure(generated_base))
    text = innovscale.dumps(generated_base)
    assert text == _json.encode_stdlib(plain)
    assert serialization.dumpb(generated_base) == text.encode("utf-8")
    loaded = innovscale.loads(text.encode())
    assert loaded == generated_base
    assert loaded == _reference_loads(reference_converter, text.encode(), EvidenceBase)
    jsonl = serialization.dumps_jsonl(generated_base)
    expected = [
        _json.encode_line_stdlib({_TYPE_NAMES[type(r)]: reference_converter.unstructure(r)})
        for r in (generated_base.header(), *generated_base.records())
    ]
    assert jsonl == "".join(expected)
    records = list(serialization.iter_jsonl(jsonl.splitlines(keepends=True)))
    assert records == [generated_base.header(), *generated_base.records()]


@pytest.mark.parametrize("mutation", _MUTATIONS)
def test_mutated_generated_data_gives_the_same_issues(
    generated_base: EvidenceBase,
    reference_converter: Any,
    orjson_state: str,
    mutation: tuple[str, str, int],
) -> None:
    old, new, count = mutation
    text = innovscale.dumps(generated_base)
    if '"extensions": {' not in text:
        text = text.replace('"id": ', '"extensions": {}, "id": ', 1)
    mutated = text.replace(old, new, count)
    for data in (mutated, mutated.encode("utf-8", errors="surrogatepass")):
        fast = outcome(innovscale.loads, data)
        assert same_outcome(
            fast, outcome(_reference_loads, reference_converter, data, EvidenceBase)
        )


@SLOW
@given(ist.evidence_bases())
def test_hypothesis_bases_round_trip_alike(base: EvidenceBase) -> None:
    reference = _shared_reference()
    plain = reference.unstructure(base)
    assert same(converter.unstructure(base), plain)
    text = innovscale.dumps(base)
    assert text == _json.encode_stdlib(plain)
    assert innovscale.loads(text) == base
    patch = _without_orjson()
    try:
        assert innovscale.dumps(base) == text
        assert innovscale.loads(text.encode()) == base
    finally:
        patch.undo()


@pytest.mark.parametrize("strict", ["1", "0"])
def test_a_bug_in_generated_code_is_seen(monkeypatch: pytest.MonkeyPatch, strict: str) -> None:
    """Under INNOVSCALE_STRICT_GENERATED a generated function's bug raises; else the reference decides."""
    from innovscale._codegen import Generated

    monkeypatch.setenv("INNOVSCALE_STRICT_GENERATED", strict)
    conv = make_converter()
    org = Organisation(id="acme", name="Acme", kind=OrganisationKind.CHARITY)
    plain = conv.unstructure(org)

    def broken(_: Any) -> Any:
        raise RuntimeError("a bug in generated code")

    monkeypatch.setattr(conv, "generated_structure", lambda cl: Generated(broken))
    if strict == "1":
        with pytest.raises(RuntimeError, match="a bug in generated code"):
            conv.structure(plain, Organisation)
    else:
        assert conv.structure(plain, Organisation) == org
