"""
validation._pipeline: the tiers run once each over a document or JSON Lines, the fast
parse gives the strict parse's verdict, and the collector is left as it was found.
"""

from __future__ import annotations

import copy
import gc
import json
import tracemalloc
from typing import Any

import pytest
from hypothesis import given, strategies as st

from _mutations import (
    _jsonl_text,
    _keys_from_document,
    _keys_from_lines,
    mutated_bases,
)
from innovscale import _json
from innovscale.exceptions import InvalidDocument
from innovscale.serialization import RECORD_TYPES
from innovscale.validation import validate
from innovscale.validation._pipeline import looks_like_jsonl, split_lines, validate_jsonl


@given(mutated_bases(junk=False))
def test_document_and_json_lines_give_the_same_issues(base):
    """Every tier: the same issue codes and paths, whether the records come as a document or as lines."""
    text, where = _jsonl_text(base)
    document = validate(json.dumps(base, indent=1), jsonl=False)
    lines = validate(text, jsonl=True)
    assert _keys_from_lines(lines, where) == _keys_from_document(document)
    assert lines.valid is document.valid


def reference_looks_like_jsonl(text: str | bytes) -> bool:
    """JSON Lines detection as first written: split every line, strictly parse the first."""
    for raw in split_lines(text):
        if not raw.strip():
            continue
        try:
            value = _json.parse_reference(raw)
        except InvalidDocument:
            return False
        return type(value) is dict and len(value) == 1 and next(iter(value)) in RECORD_TYPES
    return False


LINE_STARTS = st.sampled_from(
    [
        '{"source": {}}',
        '{"sourc": 1}',
        '{"organisation": 1, "a": 2}',
        "[1]",
        "{",
        " ",
        "",
        "\ufeff{}",
    ]
)


@given(
    st.lists(LINE_STARTS | st.text(max_size=12), max_size=4).map("\n".join)
    | st.text(st.sampled_from(' \t\r\n{}[]":,sourceab\u2028\ufeff'), max_size=30),
    st.booleans(),
)
def test_jsonl_detection_matches_reference(text, as_bytes):
    """Detecting JSON Lines looks at the first non-blank line only, with the same verdict."""
    data = text.encode("utf-8") if as_bytes else text
    assert looks_like_jsonl(data) is reference_looks_like_jsonl(data)


def test_gc_state_is_restored():
    """Validation pauses the collector and leaves it as it found it, on or off."""
    text = json.dumps({"organisation": {"id": "o", "name": "O", "kind": "charity"}}) + "\n{nope\n"
    assert gc.isenabled()
    validate(text, jsonl=True)
    validate('{"schema_version": "2.0", "id": "x", "title": "X"}')
    assert gc.isenabled()
    gc.disable()
    try:
        validate(text, jsonl=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bad_lines_leave_no_garbage_behind():
    """With the collector paused, cycles left by failing lines are still collected as it goes."""
    line = {"organisation": {"id": "o", "name": "", "kind": "charty"}}
    gc.collect()
    tracemalloc.start()
    try:
        report = validate_jsonl(
            json.dumps(line).replace('"o"', f'"o{index}"') + "\n" for index in range(1500)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.issues) == 3000
    # The two issues a line keeps take about 2.8 KB; without the collections along the
    # way, the cycles of every failure stay too (about 6 KB a line).
    per_line = peak / 1500
    assert per_line < 4500, f"{per_line:.0f} bytes a bad line"


def _strict(function: Any, *args: Any, **kwargs: Any) -> Any:
    """``function`` run with every text taking the strict parse (the reference path)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(_json, "parse_unchecked", lambda _data: _json.DOUBTFUL)
    try:
        return function(*args, **kwargs)
    finally:
        patch.undo()


@pytest.fixture(scope="module")
def tiny_base(small_base: dict[str, Any]) -> dict[str, Any]:
    """The first few records of each collection of the small base (dangling references and all)."""
    return {k: v[:12] if isinstance(v, list) else v for k, v in small_base.items()}


def _both_forms(base: dict[str, Any]) -> list[tuple[str | bytes, bool]]:
    document = json.dumps(base, indent=1, ensure_ascii=False)
    lines, _ = _jsonl_text(base)
    return [(document, False), (document.encode(), False), (lines, True), (lines.encode(), True)]


_DEEP = ["[" * n + "]" * n for n in (31, 32, 33, 59, 60, 61, 62, 70)]


@pytest.mark.parametrize("nesting", range(len(_DEEP)))
@pytest.mark.parametrize("where", ["base", "record", "organisation"])
def test_deep_values_get_the_strict_parse_verdict(
    tiny_base: dict[str, Any], nesting: int, where: str
) -> None:
    """Values nested near the depth limit: the same report as when every text is parsed strictly."""
    base = copy.deepcopy(tiny_base)
    deep = json.loads(_DEEP[nesting])
    if where == "base":
        base["extensions"] = {"acme:deep": deep}
    elif where == "record":
        base["adoptions"][0]["extensions"] = {"acme:deep": deep}
    else:  # in the wrong place: structuring fails, and the depth decides the tier
        base["organisations"][0]["name"] = deep
    for text, jsonl in _both_forms(base):
        report = validate(text, jsonl=jsonl)
        assert report == _strict(validate, text, jsonl=jsonl)


@pytest.mark.parametrize(
    "mutation",
    [
        ('"id": ', '"id": "dup", "id": '),
        ('"name": ', '"name": NaN, "nom": '),
        ('"title": ', '"title": 12, "x": '),
        ('"id": "', '"id": "Not An Id '),
        ("2", "2" * 5000),
        ('"', '"\\ud800'),
        ("{", "\ufeff{"),
    ],
)
def test_mutated_texts_get_the_strict_parse_verdict(
    tiny_base: dict[str, Any], mutation: tuple[str, str]
) -> None:
    """Broken texts: the same report as when every text is parsed strictly."""
    for text, jsonl in _both_forms(tiny_base):
        old, new = (m.encode() if isinstance(text, bytes) else m for m in mutation)
        mutated: Any = text.replace(old, new, 1)  # type: ignore[arg-type]
        report = validate(mutated, jsonl=jsonl)
        assert report == _strict(validate, mutated, jsonl=jsonl)
        assert report.issues


def test_valid_texts_are_parsed_once(small_base: dict[str, Any], monkeypatch: Any) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the strict parse was used")

    monkeypatch.setattr(_json, "parse", refuse)
    monkeypatch.setattr(_json, "parse_reference", refuse)
    for text, jsonl in _both_forms(small_base):
        assert validate(text, jsonl=jsonl).issues == ()
