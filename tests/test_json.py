"""Tests for innovscale._json: the strict parse tier and path location."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

import innovscale
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


class _without_orjson:  # noqa: N801 - used like the function it replaced
    def __init__(self):
        self._context = _json.without_orjson()
        self._context.__enter__()

    def undo(self):
        self._context.__exit__(None, None, None)


def test_surrogate_and_overflow_have_positions():
    """Both are reported at the string or number, with the code and what to do."""
    assert codes('{"a": "x\\ud800"}') == [("parse.surrogate", 1, 7)]
    assert codes("[\n 1e400]") == [("parse.nonfinite", 2, 2)]
    assert _json.parse_reference('"\\ud83d\\ude00"') == "\U0001f600"
    assert _json.parse_reference('"\\\\ud800"') == "\\ud800"
