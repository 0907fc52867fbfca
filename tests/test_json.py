"""Tests for innovscale._json: the strict parse tier and path location."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import given, strategies as st

import innovscale
from _differential import (
    SLOW,
    _Colour,
    _stdlib_bytes,
    _stdlib_line_bytes,
    _without_orjson,
    encodable,
    outcome,
    same_outcome,
)
from innovscale import InvalidDocument, _json
from innovscale.report import Issue


def codes(data, **kwargs):
    with pytest.raises(InvalidDocument) as info:
        _json.parse_reference(data, **kwargs)
    return [(i.code, i.line, i.column) for i in info.value.report.issues]


class TestParse:
    def test_syntax_error_has_line_and_column(self):
        """Invalid JSON is reported at the line and column where parsing stopped."""
        assert codes('{\n  "a": 1\n  "b": 2}') == [("parse.syntax", 3, 3)]

    @pytest.mark.parametrize(
        ("text", "where", "closer"),
        [('{\n  "a": 1,\n}', (2, 9), "object"), ("[1, 2 ,  ]", (1, 7), "array")],
    )
    def test_trailing_comma_is_reported_at_the_comma(self, text, where, closer):
        """A trailing comma is one issue at the comma, with its own hint, on every Python."""
        with pytest.raises(InvalidDocument) as info:
            _json.parse_reference(text)
        (issue,) = info.value.report.issues
        assert (issue.code, issue.line, issue.column) == ("parse.syntax", *where)
        assert issue.message == f"invalid JSON: a trailing comma before the end of an {closer}"
        assert "trailing comma" in (issue.hint or "")

    def test_duplicate_keys_are_never_merged(self):
        """A duplicate key is an issue at the second key, never last-one-wins."""
        assert codes('{"a": 1,\n "a": 2}') == [("parse.duplicate_key", 2, 2)]

    def test_nan_and_infinity(self):
        """NaN and Infinity are rejected with their position."""
        assert codes("[1, NaN, -Infinity]") == [
            ("parse.nonfinite", 1, 5),
            ("parse.nonfinite", 1, 10),
        ]

    def test_depth_limit(self):
        """Nesting beyond MAX_DEPTH is rejected, shallow or very deep."""
        deep = "[" * (_json.MAX_DEPTH + 1) + "]" * (_json.MAX_DEPTH + 1)
        assert [c for c, _, _ in codes(deep)] == ["parse.too_deep"]
        very_deep = "[" * 100_000 + "]" * 100_000
        assert [c for c, _, _ in codes(very_deep)] == ["parse.too_deep"]
        assert _json.parse_reference("[" * _json.MAX_DEPTH + "]" * _json.MAX_DEPTH) is not None

    def test_empty(self):
        """Empty and blank inputs are parse.empty."""
        assert codes(b"") == [("parse.empty", 1, 1)]
        assert codes(" \n\t") == [("parse.empty", 1, 1)]

    def test_invalid_utf8(self):
        """Invalid UTF-8 is reported at the first bad byte."""
        assert codes(b'{"a":\n "caf\xe9"}') == [("parse.encoding", 2, 6)]

    def test_utf16_gets_a_specific_hint(self):
        """UTF-16 input is recognised by its byte-order mark."""
        with pytest.raises(InvalidDocument) as info:
            _json.parse_reference('{"a": 1}'.encode("utf-16"))
        assert "UTF-16" in (info.value.report.issues[0].hint or "")

    def test_bom_is_skipped(self):
        """A UTF-8 byte-order mark is skipped (the validation tier warns about it)."""
        assert _json.parse_reference(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}

    def test_number_too_long(self):
        """An integer too long for Python to read is a syntax issue, not a ValueError."""
        assert codes('{"a": ' + "1" * 5000 + "}") == [("parse.syntax", 1, 7)]

    def test_first_line_offsets_positions(self):
        """first_line shifts reported lines (used for JSON Lines)."""
        assert codes("{,}", first_line=7) == [("parse.syntax", 7, 2)]


class TestLocate:
    def test_value_and_missing_field(self):
        """An issue gets its value's position, or its nearest present parent's."""
        text = '{\n  "a": {\n    "b": [1, 2]\n  }\n}'
        found = _json.locate(
            [
                Issue(code="x", message="m", path=("a", "b", 1)),
                Issue(code="y", message="m", path=("a", "c")),
            ],
            text,
            source="f.json",
        )
        assert [(i.line, i.column, i.source) for i in found] == [
            (3, 14, "f.json"),
            (2, 8, "f.json"),
        ]

    def test_unknown_field_points_at_key(self):
        """An unknown field is located at its key."""
        (issue,) = _json.locate(
            [Issue(code="value.unknown_field", message="m", path=("zz",))], '{"a": 1, "zz": 2}'
        )
        assert (issue.line, issue.column) == (1, 10)


def test_decode_passes_text_through():
    """decode returns str unchanged and decodes UTF-8 bytes."""
    assert _json.decode("é") == "é"
    assert _json.decode("é".encode()) == "é"


# -- Whatever loads can be written: surrogates and numbers too large for a float ----------

_ESCAPES = st.one_of(
    st.integers(0xD800, 0xDFFF).map(lambda u: f"\\u{u:04x}"),  # half a pair
    st.integers(0x20, 0xFFFF).map(lambda u: f"\\u{u:04X}"),  # anything, maybe a half
    st.just("\\ud83d\\ude00"),  # a whole pair
    st.just("\\\\ud800"),  # an escaped backslash, then text
    st.text(alphabet="ab é", max_size=2),
)
_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.tuples(st.integers(-9, 9), st.integers(-500, 500)).map(lambda t: f"{t[0]}e{t[1]}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


@given(
    name=st.lists(_ESCAPES, min_size=1, max_size=4).map("".join),
    number=_NUMBERS,
)
def test_what_loads_can_be_written(name, number):
    """
    Text with surrogate escapes and huge exponents is refused at parse time with its
    own code, or loads and is written back to text that loads equal; the same with and
    without orjson.
    """
    text = (
        '{"schema_version": "2.0", "id": "x", "title": "T", "organisations": [{"id": "o", '
        f'"name": "N{name}", "kind": "charity", "extensions": {{"acme:n": {number}}}}}]}}'
    )
    outcomes = []
    for patch in (None, _without_orjson()):
        try:
            try:
                base = innovscale.loads(text)
            except InvalidDocument as exc:
                codes = sorted({i.code for i in exc.report.issues})
                assert set(codes) <= {"parse.surrogate", "parse.nonfinite"}, codes
                outcomes.append(codes)
                assert not innovscale.validate(text).valid
                continue
            written = innovscale.dumps(base)
            assert innovscale.loads(written) == base
            assert innovscale.validate(text).valid
            outcomes.append(written)
        finally:
            if patch is not None:
                patch.undo()
    assert outcomes[0] == outcomes[1]


def test_surrogate_and_overflow_have_positions():
    """Both are reported at the string or number, with the code and what to do."""
    assert codes('{"a": "x\\ud800"}') == [("parse.surrogate", 1, 7)]
    assert codes("[\n 1e400]") == [("parse.nonfinite", 2, 2)]
    assert _json.parse_reference('"\\ud83d\\ude00"') == "\U0001f600"
    assert _json.parse_reference('"\\\\ud800"') == "\\ud800"


# -- the fast paths against the strict ones (orjson parse and encode) ------------------------

_WS = st.sampled_from(["", "", "", " ", "\n  ", "\t", "\r\n"])


_KEYS = st.one_of(
    st.text(max_size=5),
    st.sampled_from([":", ": x", '"', '":', "\\", "a\u2028b", "id", "é"]),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
)


_NUMBERS = st.sampled_from(
    [
        "0",
        "-0",
        "-0.0",
        "1e16",
        "1E400",
        "-1e400",
        "1e-400",
        "0.1",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "9.223372036854776e18",
        "2.2250738585072011e-308",
        "4.9406564584124654e-324",
        "0.30000000000000004",
        "1.7976931348623157e308",
        "NaN",
        "-Infinity",
        "Infinity",
        "01",
        "1.",
        "+1",
    ]
)


@st.composite
def json_texts(draw: st.DrawFn, depth: int = 0) -> str:
    """JSON-like text: mostly valid, with duplicate keys, NaN, odd numbers and odd strings."""
    kinds = (
        ["scalar", "string", "number"]
        if depth > 3
        else ["scalar", "string", "number", "array", "object"]
    )
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return draw(st.sampled_from(["null", "true", "false"]))
    if kind == "number":
        return draw(
            st.one_of(
                _NUMBERS,
                st.integers().map(str),
                st.floats(allow_nan=False, allow_infinity=False).map(repr),
            )
        )
    if kind == "string":
        text = draw(st.one_of(st.text(max_size=6), _KEYS))
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    if kind == "array":
        items = draw(st.lists(json_texts(depth + 1), max_size=4))
        ws = draw(_WS)
        return "[" + ws + ("," + ws).join(items) + ws + "]"
    keys = draw(st.lists(_KEYS, max_size=4))
    if keys and draw(st.booleans()):
        keys.insert(draw(st.integers(0, len(keys))), draw(st.sampled_from(keys)))  # a duplicate
    parts = []
    for key in keys:
        ws = draw(_WS)
        key_text = json.dumps(key, ensure_ascii=draw(st.booleans()))
        parts.append(key_text + ws + ":" + draw(_WS) + draw(json_texts(depth + 1)))
    return "{" + draw(_WS) + ",".join(parts) + draw(_WS) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str | bytes:
    """JSON text as ``str`` or bytes, sometimes deeply nested, with a BOM or bad bytes."""
    text = draw(json_texts())
    if draw(st.integers(0, 4)) == 0:
        depth = draw(st.integers(55, 70))
        opener, closer = draw(st.sampled_from([('{"a":', "}"), ("[", "]"), ('[{"b":[', "]}]")]))
        text = opener * depth + text + closer * depth
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    if draw(st.booleans()):
        return text
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf"]))
            + data[at:]
        )
    return data


@SLOW
@given(documents())
def test_fast_parse_agrees_with_the_strict_parse(data: str | bytes) -> None:
    reference = outcome(_json.parse_reference, data, source="x.json")
    assert same_outcome(outcome(_json.parse, data, source="x.json"), reference)
    patch = _without_orjson()
    try:
        assert same_outcome(outcome(_json.parse, data, source="x.json"), reference)
    finally:
        patch.undo()


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a" : 1, "b": {"c": [1, {"d": 0, "d" : 0}]}}',
        '{"a": ":", "a": 1}',
        '{"a": "x\\":", "b": 1, "b": 2}',
        '{"\\u0061": 1, "a": 2}',
        "[" * 65 + "]" * 65,
        '{"x":' * 64 + "1" + "}" * 64,
        '{"n": NaN}',
        '{"n": 18446744073709551616}',
        "\ufeff{}",
        "  ",
        '"\\ud800"',
    ],
)
def test_fast_parse_edge_cases(text: str) -> None:
    for data in (text, text.encode("utf-8")):
        assert same_outcome(outcome(_json.parse, data), outcome(_json.parse_reference, data))


def test_keys_at_most_bounds_the_keys() -> None:
    text = '{"a": {":b" :1, "c\\":": 2}, "d"\n: [":", {"e": 1}]}'
    assert _json.keys_at_most(text) >= 5
    assert _json.keys_at_most(text.encode()) == _json.keys_at_most(text)


@SLOW
@given(encodable)
def test_fast_encode_writes_the_bytes_of_the_standard_library(value: Any) -> None:
    assert outcome(_json.encode, value) == outcome(_stdlib_bytes, value)
    assert outcome(_json.encode, value, indent=False) == outcome(_stdlib_line_bytes, value)


@given(st.floats(min_value=1e-4, max_value=1e16, exclude_max=True), st.booleans())
def test_fixed_point_floats_take_the_fast_path(value: float, negative: bool) -> None:
    pytest.importorskip("orjson")
    value = -value if negative else value
    fast = _json.encode_orjson([value, {"v": value}], indent=True)
    assert fast is not None
    assert fast.decode() == _json.encode_stdlib([value, {"v": value}])


def test_every_code_point_is_written_alike() -> None:
    pytest.importorskip("orjson")
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(chars), 4096):
        value = {"".join(chars[start : start + 64]): ["".join(chars[start : start + 4096])]}
        fast = _json.encode_orjson(value, indent=True)
        assert fast is not None
        assert fast.decode() == _json.encode_stdlib(value)
        line = _json.encode_orjson(value, indent=False)
        assert line is not None
        assert line.decode() == _json.encode_line_stdlib(value)


@pytest.mark.parametrize(
    "value",
    [
        1e16,
        1e-5,
        float("nan"),
        float("inf"),
        2**64,
        -(2**63) - 1,
        "\ud800",
        {1: "a"},
        _Colour.RED,
        uuid.UUID(int=1),
        [[[[]]]] * 3,
        [[]] * 0,
    ],
)
def test_fast_encode_edge_cases(value: Any) -> None:
    assert outcome(_json.encode, value) == outcome(_stdlib_bytes, value)
    assert outcome(_json.encode, value, indent=False) == outcome(_stdlib_line_bytes, value)


def test_deep_and_circular_values_fall_back() -> None:
    deep: Any = []
    for _ in range(300):
        deep = [deep]
    assert outcome(_json.encode, deep) == outcome(_stdlib_bytes, deep)
    circular: list[Any] = []
    circular.append(circular)
    assert outcome(_json.encode, circular) == outcome(_stdlib_bytes, circular)


@pytest.mark.parametrize(
    ("text", "words", "hint"),
    [
        ('{"a": "x\x00"}', "a control character (U+0000) inside a string", "\\u"),
        ('{"a": "x\x1f"}', "a control character (U+001F) inside a string", "\\t"),
        ('{"a": "x\\q"}', "a backslash that starts no escape", "two backslashes"),
        ('{"a": "\\u12"}', "a \\u escape without four hexadecimal digits", "\\u00e9"),
        ('{"a" 1}', "a colon was expected after the key", "colon"),
        ('{"a": 1 "b": 2}', "a comma or a closing bracket was expected here", "comma"),
        ('{"a": "x', "a string starts here and is never closed", "closing double quote"),
        ("{} x", "more text after the end of the document", "one document"),
        ("{a: 1}", "a key in double quotes was expected here", "double-quoted"),
        ('{"a": ' + "9" * 5_000 + "}", "a number is too long to read (5000 digits)", "short"),
    ],
)
def test_syntax_errors_are_told_in_words(text, words, hint):
    """What the decoder found, in words: no Python internals, no dangling 'at'."""
    (issue,) = innovscale.validate(text).issues
    assert issue.code == "parse.syntax"
    assert issue.message == f"invalid JSON: {words}"
    assert hint in (issue.hint or "")
    assert "sys." not in issue.message
    assert not issue.message.endswith(" at")
