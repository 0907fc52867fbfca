"""
Strict JSON text handling: parsing with positions, locating paths, deterministic encoding.

The parse tier rejects what the standard library would silently accept:
duplicate object keys (never last-one-wins), ``NaN`` and ``Infinity``,
invalid UTF-8, and input nested beyond :data:`MAX_DEPTH`.

Callers parse with one function, :func:`parse`: the value, or
:class:`~innovscale.InvalidDocument` with every parse issue placed. It takes orjson
when orjson is installed and agrees; :func:`parse_reference`, its slow twin beside
it, is the standard-library parse that decides everything else, and the tests
prove the two agree. :func:`parse_unchecked` is the one step of the fast paths
(loading, validating, JSON Lines) that parses without the depth check, which the
generated structure functions then prove.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import math
import re
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import CatalogueEntry, define
from innovscale.exceptions import InvalidDocument
from innovscale.report import Issue, Severity, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "DOUBTFUL",
    "FIXED_MAX",
    "FIXED_MIN",
    "JSON_TYPE_NAMES",
    "MAX_DEPTH",
    "TOO_DEEP_HINT",
    "Suspect",
    "check_plain",
    "decode",
    "encode",
    "encode_line_stdlib",
    "encode_orjson",
    "encode_stdlib",
    "float_written_alike",
    "has_bom",
    "keys_at_most",
    "locate",
    "nests_deeper_than",
    "orjson_module",
    "parse",
    "parse_reference",
    "parse_unchecked",
    "plain_within",
    "scan",
    "slug",
    "too_deep",
    "type_name",
    "within_depth",
    "without_bom",
    "without_orjson",
]


PARSE_SYNTAX = define(
    "parse.syntax",
    tier="parse",
    title="Invalid JSON",
    explanation=(
        "The text is not JSON: a missing comma or bracket, a trailing comma, a comment, single "
        "quotes, or a number too long to read. The issue gives the line and column where the "
        "parser stopped."
    ),
    example='{"id": "dafne",}',
    fix="Correct the JSON at the line and column given; a JSON-aware editor shows the spot.",
)
PARSE_EMPTY = define(
    "parse.empty",
    tier="parse",
    title="Empty input",
    explanation="The file (or a JSON Lines stream) holds no JSON value at all, only white space.",
    example="(an empty file)",
    fix="Write an evidence base object; start from the examples in the documentation.",
)
PARSE_ENCODING = define(
    "parse.encoding",
    tier="parse",
    title="Not UTF-8",
    explanation=(
        "JSON documents must be UTF-8. The input holds bytes that are not UTF-8, often because it "
        "was saved as Latin-1, Windows-1252 or UTF-16."
    ),
    example='b\'{"title": "caf\\xe9"}\' (Latin-1)',
    fix="Save the file as UTF-8 (without a byte-order mark).",
)
PARSE_DUPLICATE_KEY = define(
    "parse.duplicate_key",
    tier="parse",
    title="Duplicate key",
    explanation=(
        "An object has the same key twice. JSON parsers disagree on which value wins, so "
        "innovscale never picks one silently."
    ),
    example='{"id": "dafne", "id": "dafne-uk"}',
    fix="Keep one of the two values.",
)
PARSE_NONFINITE = define(
    "parse.nonfinite",
    tier="parse",
    title="NaN or Infinity",
    explanation=(
        "The text uses NaN, Infinity or -Infinity, which Python writes but JSON does not allow, or"
        " a number too large for a float (beyond about 1.8e308, such as 1e400), which would read "
        "as infinity and could not be written back."
    ),
    example='{"value": NaN}',
    fix="Leave the field out, or give a finite number.",
)
PARSE_SURROGATE = define(
    "parse.surrogate",
    tier="parse",
    title="Unpaired surrogate",
    explanation=(
        "A string escapes half of a UTF-16 surrogate pair without the other half (\\ud800 alone). "
        "That is not a character: no UTF-8 file can hold it, so the value could be read but never "
        "written back. Refused with and without orjson."
    ),
    example='{"name": "caf\\ud800"}',
    fix="Write the character itself, or both halves of its pair (\\ud83d\\ude00 for U+1F600).",
)
PARSE_TOO_DEEP = define(
    "parse.too_deep",
    tier="parse",
    title="Nested too deeply",
    explanation=(
        "Arrays and objects are nested more deeply than any innovscale document needs (the limit "
        "guards against malicious input)."
    ),
    example="[[[[...]]]] (more than 64 levels)",
    fix="Flatten the document; innovscale documents are only a few levels deep.",
)

#: The deepest nesting of arrays and objects accepted.
MAX_DEPTH = 64
_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode("utf-8")
_LONG_NUMBER = re.compile(r"[0-9]{4000,}")


class _Flags:
    __slots__ = ("duplicates", "nonfinite")

    def __init__(self) -> None:
        self.duplicates = False
        self.nonfinite = False


_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def decode(data: str | bytes, *, source: str | None = None, first_line: int = 1) -> str:
    """
    UTF-8 ``data`` as text (``str`` passes through unchanged).

    Raises:
        InvalidDocument: The bytes are not UTF-8; the issue gives the line and
            column of the first bad byte.
    """
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        line = prefix.count(b"\n") + first_line
        column = exc.start - (prefix.rfind(b"\n") + 1) + 1
        hint = "Save the file as UTF-8; JSON documents must be UTF-8."
        if data.startswith(_UTF16_32_BOMS):
            hint = "The input looks UTF-16 or UTF-32 encoded; save it as UTF-8."
        issue = PARSE_ENCODING.issue(
            message=f"the input is not valid UTF-8 (byte {exc.start}: {exc.reason})",
            hint=hint,
            source=source,
            line=line,
            column=column,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,))) from None


def parse_reference(data: str | bytes, *, source: str | None = None, first_line: int = 1) -> Any:  # noqa: C901 - one pass over the parser's outcomes, each mapped to its issue
    """
    Parse JSON text strictly.

    A leading byte-order mark is ignored (the validation tier reports it as a warning).

    Raises:
        InvalidDocument: with every parse issue found, each with line and column.
    """
    text = decode(data, source=source, first_line=first_line)
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        issue = PARSE_EMPTY.issue(
            message="the input is empty",
            hint="An evidence base is a JSON object; start from the examples.",
            source=source,
            line=first_line,
            column=1,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,)))
    flags = _Flags()

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            flags.duplicates = True
        return out

    def constant(_name: str) -> float:
        flags.nonfinite = True
        return 0.0

    def number(literal: str) -> float:
        value = float(literal)
        if value in _INFINITIES:  # too large for a float: 1e400
            flags.nonfinite = True
        return value

    try:
        value = json.loads(
            text, object_pairs_hook=pairs, parse_constant=constant, parse_float=number
        )
    except json.JSONDecodeError as exc:
        raise InvalidDocument(
            ValidationReport(issues=(_syntax_issue(exc, source, first_line),))
        ) from None
    except RecursionError:
        issues = scan(text, source=source, first_line=first_line)
        raise InvalidDocument(ValidationReport(issues=tuple(issues))) from None
    except ValueError:
        # Python refuses integers of more than sys.get_int_max_str_digits() digits.
        match = _LONG_NUMBER.search(text)
        issue = _syntax_at(
            text,
            match.start() if match else 0,
            "a number is too long to read" + (f" ({len(match.group())} digits)" if match else ""),
            "Numbers in innovscale documents are short; check this one.",
            source,
            first_line,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,))) from None
    issues = []
    if flags.duplicates or flags.nonfinite or _may_hold_surrogates(text) or _too_deep(value):
        issues = scan(text, source=source, first_line=first_line)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise InvalidDocument(ValidationReport(issues=tuple(errors)))
    return value


class _Doubt(Exception):
    """:func:`parse_unchecked` met a repeated key or a NaN or infinity."""


def _pairs_or_doubt(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        raise _Doubt
    return out


def _constant_doubt(_name: str) -> float:
    raise _Doubt


def _float_or_doubt(literal: str) -> float:
    value = float(literal)
    if value in _INFINITIES:
        raise _Doubt
    return value


_INFINITIES = (math.inf, -math.inf)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _may_hold_surrogates(text: str) -> bool:
    r"""Whether ``text`` may escape a surrogate (``\ud800``): a fast test, then a search."""
    return "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None


#: What :func:`parse_unchecked` gives when only :func:`parse_reference` may judge the text.
DOUBTFUL: Any = object()


def parse_unchecked(data: str | bytes) -> Any:
    """
    The value :func:`parse_reference` gives for ``data``, without its depth check; or
    :data:`DOUBTFUL` whenever :func:`parse_reference` might refuse the text for any other reason
    (it is not UTF-8, starts with a byte-order mark, is empty or not JSON, repeats a
    key, holds NaN, an infinity, a number too large for a float or too long to read,
    or may escape an unpaired surrogate), in which case call
    :func:`parse_reference` for its issues.

    The caller must make sure the value nests no more than :data:`MAX_DEPTH` deep,
    as :func:`parse_reference` would; the converter's fast structure functions do so for the
    model's own classes. It parses with the same standard-library parser and hooks
    as :func:`parse_reference`, so the values are equal, key order included.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return DOUBTFUL
    if text.startswith(_BOM) or _may_hold_surrogates(text):
        return DOUBTFUL
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs_or_doubt,
            parse_constant=_constant_doubt,
            parse_float=_float_or_doubt,
        )
    except (_Doubt, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return DOUBTFUL


def plain_within(value: Any, limit: int) -> bool:  # noqa: C901, PLR0911, PLR0912 - a type switch over JSON values, kept flat for speed (the fast path)
    """
    Whether ``value`` is plain JSON data nested at most ``limit`` deep (itself at
    depth 1): dicts with ``str`` keys, lists, ``str`` without unpaired surrogates,
    ``int``, finite ``float``, ``bool`` and ``None``, of exactly those types.

    >>> plain_within({"a": [1, 2.5, None]}, 2), plain_within({"a": (1,)}, 5)
    (True, False)
    """
    level = [value]
    depth = 0
    while level:
        depth += 1
        below: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is dict:
                if depth > limit:
                    return False
                for key in item:
                    if type(key) is not str or (not key.isascii() and _SURROGATE.search(key)):
                        return False
                below.extend(item.values())
            elif kind is list:
                if depth > limit:
                    return False
                below.extend(item)
            elif kind is str:
                if not item.isascii() and _SURROGATE.search(item):
                    return False
            elif kind is float:
                if item in _INFINITIES or item != item:  # noqa: PLR0124 - NaN
                    return False
            elif kind is not int and kind is not bool and item is not None:
                return False
        level = below
    return True


def within_depth(value: Any, *, proven: bool = False) -> bool:
    """
    Whether ``value`` (parsed by :func:`parse_unchecked`) nests no more than
    :data:`MAX_DEPTH` deep: ``proven`` when a generated structure function bounded it
    (see the converter), else counted. The one depth check of the fast paths.
    """
    return proven or not nests_deeper_than(value, MAX_DEPTH)


def nests_deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` holds containers more than ``limit`` deep (itself at depth 1)."""
    level = [value]
    depth = 0
    while level:
        containers = [v for v in level if type(v) is dict or type(v) is list]
        if not containers:
            return False
        depth += 1
        if depth > limit:
            return True
        level = []
        for container in containers:
            level.extend(container.values() if type(container) is dict else container)
    return False


_UNSET: Any = object()
_orjson_module: Any = _UNSET


_without = 0


@contextlib.contextmanager
def without_orjson() -> Iterator[None]:
    """
    Behave as if orjson were not installed, within the block: every fast path that
    needs it gives way to its reference. The one switch the tests and benchmarks use
    to compare the two (not thread-safe).
    """
    global _without  # noqa: PLW0603 - a switch for tests and benchmarks
    _without += 1
    try:
        yield
    finally:
        _without -= 1


def orjson_module() -> Any:
    """The ``orjson`` module, imported on first use; ``None`` when it is not installed."""
    global _orjson_module  # noqa: PLW0603 - imported lazily to keep ``import innovscale`` light
    if _without:
        return None
    if _orjson_module is _UNSET:
        module: Any
        try:
            import orjson as module  # noqa: PLC0415
        except ImportError:
            module = None
        _orjson_module = module
    return _orjson_module


class Suspect(Exception):
    """A fast path met something only the reference path may judge."""


#: Floats this large may be integers orjson read as floats (it reads integers beyond
#: 64 bits as floats, where the standard library keeps them exact).
_BIG = 2.0**63
_WS_COLON_BYTES = re.compile(rb'"[ \t\n\r]+:')
_WS_COLON_TEXT = re.compile(r'"[ \t\n\r]+:')


def _count_dict(value: dict[str, Any], depth: int) -> int:
    if depth > MAX_DEPTH:
        raise Suspect
    count = len(value)
    for item in value.values():
        kind = type(item)
        if kind is dict:
            count += _count_dict(item, depth + 1)
        elif kind is list:
            count += _count_list(item, depth + 1)
        elif kind is float and not -_BIG < item < _BIG:
            raise Suspect
    return count


def _count_list(value: list[Any], depth: int) -> int:
    if depth > MAX_DEPTH:
        raise Suspect
    count = 0
    for item in value:
        kind = type(item)
        if kind is dict:
            count += _count_dict(item, depth + 1)
        elif kind is list:
            count += _count_list(item, depth + 1)
        elif kind is float and not -_BIG < item < _BIG:
            raise Suspect
    return count


def _count_keys(value: Any) -> int:
    """The keys of every object in a parsed value; raise :class:`Suspect` if in doubt."""
    kind = type(value)
    if kind is dict:
        return _count_dict(value, 1)
    if kind is list:
        return _count_list(value, 1)
    if kind is float and not -_BIG < value < _BIG:
        raise Suspect
    return 0


def keys_at_most(data: str | bytes) -> int:
    """
    An upper bound on the number of object keys in valid JSON text ``data``.

    Every key is a string followed by optional white space and a colon, so each key
    ends in one occurrence of ``"`` + white space + ``:``; inside strings the pattern
    only occurs after an escaped quote or at the opening quote of a string starting
    with a colon, which only makes the bound larger.
    """
    if isinstance(data, bytes):
        return data.count(b'":') + len(_WS_COLON_BYTES.findall(data))
    return data.count('":') + len(_WS_COLON_TEXT.findall(data))


def parse(data: str | bytes, *, source: str | None = None, first_line: int = 1) -> Any:
    """
    :func:`parse_reference`, faster: the same value, or the same :class:`InvalidDocument`.

    With ``orjson`` installed, the text is parsed by ``orjson`` and checked in one walk
    of the value; whenever the text might be one :func:`parse_reference` judges differently
    (``orjson`` refuses it, an object may repeat a key, the value nests more than
    :data:`MAX_DEPTH` deep, or a number may be an integer beyond 64 bits) the text goes
    through :func:`parse_reference`. Without ``orjson``, this is :func:`parse_reference`.

    Duplicate keys are found exactly: ``orjson`` keeps one value per key, so the
    parsed objects hold fewer keys than the text exactly when a key repeats, and the
    keys in the text are counted from above (:func:`keys_at_most`): equal counts
    prove that no key repeats.

    Raises:
        InvalidDocument: with every parse issue found, each with line and column.
    """
    orjson = orjson_module()
    if orjson is None:
        return parse_reference(data, source=source, first_line=first_line)
    try:
        value = orjson.loads(data)
    except (ValueError, TypeError):
        return parse_reference(data, source=source, first_line=first_line)
    try:
        keys = _count_keys(value)
    except Suspect:
        return parse_reference(data, source=source, first_line=first_line)
    if keys and keys_at_most(data) != keys:
        return parse_reference(data, source=source, first_line=first_line)
    return value


def _too_deep(value: Any) -> bool:
    # Iterative, and only descends while containers nest, so it is cheap for our documents.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > MAX_DEPTH:
                return True
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                return True
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def _next_token(text: str, pos: int) -> int:
    """The offset of the first non-white-space character at or after ``pos``."""
    return len(text) - len(text[pos:].lstrip(" \t\n\r"))


def _trailing_comma(text: str, pos: int) -> int | None:
    """The offset of the comma that ends an array or object at or just before ``pos``."""
    if text[pos : pos + 1] == ",":  # Python 3.13 points at the comma itself
        comma = pos
    else:  # older versions at the bracket after it
        comma = len(text[:pos].rstrip(" \t\n\r")) - 1
        if comma < 0 or text[comma] != ",":
            return None
    return comma if text[_next_token(text, comma + 1) :][:1] in ("}", "]") else None


def _syntax_at(  # noqa: PLR0917 - a private builder with one caller per kind of error
    text: str, pos: int, what: str, hint: str, source: str | None, first_line: int
) -> Issue:
    """A ``parse.syntax`` issue at offset ``pos`` of ``text``."""
    line, column = _line_col(text, pos)
    return PARSE_SYNTAX.issue(
        message=f"invalid JSON: {what}",
        hint=hint,
        source=source,
        line=line + first_line - 1,
        column=column,
    )


def _syntax_issue(exc: json.JSONDecodeError, source: str | None, first_line: int) -> Issue:
    """
    The issue for a syntax error, the same on every Python.

    Python 3.13 reports a trailing comma at the comma, older versions at the bracket
    after it as a missing value or key; both become one issue at the comma.
    """
    text = exc.doc
    comma = _trailing_comma(text, exc.pos)
    if comma is not None:
        closer = "object" if text[_next_token(text, comma + 1)] == "}" else "array"
        return _syntax_at(
            text,
            comma,
            f"a trailing comma before the end of an {closer}",
            "Remove the comma after the last item; JSON allows no trailing commas.",
            source,
            first_line,
        )
    return PARSE_SYNTAX.issue(
        message=f"invalid JSON: {_syntax_words(exc)}",
        hint=_path_hint(text) or _syntax_hint(exc),
        source=source,
        line=exc.lineno + first_line - 1,
        column=exc.colno,
    )


_PATH_LIKE = re.compile(r"[^\n{}\[\]\"]{1,4096}")
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".geojson")


def _path_hint(text: str) -> str | None:
    """A hint for text that is a file name, as when a path is passed as a ``str``."""
    candidate = text.strip()
    if not _PATH_LIKE.fullmatch(candidate):
        return None
    if not (candidate.lower().endswith(_JSON_SUFFIXES) or "/" in candidate or "\\" in candidate):
        return None
    return (
        f"This looks like a file name, not JSON text: a str or bytes is read as the "
        f"document itself. To read the file, pass a path: pathlib.Path({candidate!r})."
    )


#: The decoder's messages (the same on every supported Python): in words, and what to do.
_SYNTAX: dict[str, tuple[str, str]] = {
    "Expecting value": (
        "a value was expected here",
        "A value is missing or malformed (JSON has no comments, single quotes or NaN).",
    ),
    "Expecting ',' delimiter": (
        "a comma or a closing bracket was expected here",
        "A comma is missing between two items, or a bracket is not closed.",
    ),
    "Expecting ':' delimiter": (
        "a colon was expected after the key",
        "Put a colon between each key and its value.",
    ),
    "Expecting property name enclosed in double quotes": (
        "a key in double quotes was expected here",
        "Object keys must be double-quoted strings; remove any trailing comma.",
    ),
    "Unterminated string starting at": (
        "a string starts here and is never closed",
        "A string is missing its closing double quote.",
    ),
    "Extra data": (
        "more text after the end of the document",
        "There is text after the end of the JSON value; a file holds one document.",
    ),
    "Invalid \\escape": (
        "a backslash that starts no escape",
        "Write a backslash inside a string as \\\\ (two backslashes).",
    ),
    "Invalid \\uXXXX escape": (
        "a \\u escape without four hexadecimal digits",
        "A \\u escape takes four hexadecimal digits, as in \\u00e9 for é.",
    ),
    "Illegal trailing comma before end of object": (
        "a trailing comma before the end of an object",
        "Remove the comma after the last item; JSON allows no trailing commas.",
    ),
    "Illegal trailing comma before end of array": (
        "a trailing comma before the end of an array",
        "Remove the comma after the last item; JSON allows no trailing commas.",
    ),
    "Invalid control character at": (
        "a control character inside a string",
        (
            "Write a tab as \\t and a line break as \\n inside strings, and any other "
            "control character as \\u followed by its four hexadecimal digits."
        ),
    ),
}


def _syntax_words(exc: json.JSONDecodeError) -> str:
    """
    What the decoder found, in words, with no internals.

    >>> try:
    ...     json.loads(chr(34) + chr(0) + chr(34))
    ... except json.JSONDecodeError as exc:
    ...     print(_syntax_words(exc))
    a control character (U+0000) inside a string
    """
    known = _SYNTAX.get(exc.msg)
    if known is None:  # a message this table does not know yet: as the decoder says it
        return exc.msg[:1].lower() + exc.msg[1:]
    if exc.msg == "Invalid control character at" and exc.pos < len(exc.doc):
        return f"a control character (U+{ord(exc.doc[exc.pos]):04X}) inside a string"
    return known[0]


def _syntax_hint(exc: json.JSONDecodeError) -> str:
    known = _SYNTAX.get(exc.msg)
    return known[1] if known else "Check the JSON syntax near this position."


# -- A small scanner that knows where every value is ------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERAL = re.compile(r"true|false|null|NaN|-?Infinity")


class _Scanner:
    def __init__(
        self, text: str, wanted: set[tuple[str | int, ...]] | None, first_line: int = 1
    ) -> None:
        self.text = text
        self.wanted = wanted
        self.first_line = first_line
        self.positions: dict[tuple[str | int, ...], int] = {}
        self.key_positions: dict[tuple[str | int, ...], int] = {}
        self.problems: list[tuple[CatalogueEntry, str, tuple[str | int, ...], int, str]] = []
        self._lines: LineIndex | None = None

    def done(self) -> bool:
        return self.wanted is not None and not self.wanted

    def line_col(self, pos: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(pos)

    def ws(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def string(self, literal: str, path: tuple[str | int, ...], pos: int) -> None:
        """Report an escaped unpaired surrogate in the string ``literal`` at ``pos``."""
        if "\\u" not in literal:
            return
        found = _SURROGATE.search(json.loads(literal))
        if found is None:
            return
        self.problems.append(
            (
                PARSE_SURROGATE,
                (
                    f"the text holds \\u{ord(found.group()):04x}, half of a surrogate pair "
                    "without its other half: it is not a character"
                ),
                path,
                pos,
                (
                    "Write the character itself (the file is UTF-8), or both halves of its "
                    "pair, e.g. \\ud83d\\ude00 for U+1F600."
                ),
            )
        )

    def note(self, path: tuple[str | int, ...], pos: int) -> None:
        if self.wanted is None:
            return
        if path in self.wanted:
            self.positions[path] = pos
            self.wanted.discard(path)

    def value(self, pos: int, path: tuple[str | int, ...], depth: int) -> int:
        pos = self.ws(pos)
        self.note(path, pos)
        if depth >= MAX_DEPTH and self.text[pos : pos + 1] in ("{", "["):
            self.problems.append(
                (
                    PARSE_TOO_DEEP,
                    f"arrays and objects are nested more than {MAX_DEPTH} deep",
                    path,
                    pos,
                    TOO_DEEP_HINT,
                )
            )
            raise _Stop
        char = self.text[pos : pos + 1]
        if char == "{":
            return self.obj(pos + 1, path, depth + 1)
        if char == "[":
            return self.arr(pos + 1, path, depth + 1)
        if char == '"':
            match = _STRING.match(self.text, pos)
            if not match:
                raise _Stop
            self.string(match.group(0), path, pos)
            return match.end()
        match = _NUMBER.match(self.text, pos) or _LITERAL.match(self.text, pos)
        if not match:
            raise _Stop
        literal = match.group(0)
        if literal[-1:].isdigit() and float(literal) in _INFINITIES:
            self.problems.append(
                (
                    PARSE_NONFINITE,
                    (
                        f"the number {_clip(literal)} is too large to be read as a number "
                        "(beyond about 1.8e308)"
                    ),
                    path,
                    pos,
                    "Check the number; give a finite value of a sensible size.",
                )
            )
        if literal in ("NaN", "Infinity", "-Infinity"):
            self.problems.append(
                (
                    PARSE_NONFINITE,
                    f"{match.group(0)} is not a JSON number",
                    path,
                    pos,
                    "JSON has no NaN or Infinity; leave the field out or give a finite number.",
                )
            )
        return match.end()

    def obj(self, pos: int, path: tuple[str | int, ...], depth: int) -> int:
        seen: dict[str, int] = {}
        pos = self.ws(pos)
        if self.text[pos : pos + 1] == "}":
            return pos + 1
        while True:
            pos = self.ws(pos)
            match = _STRING.match(self.text, pos)
            if not match:
                raise _Stop
            key = json.loads(match.group(0))
            key_path = (*path, key)
            self.string(match.group(0), key_path, pos)
            if key in seen:
                line, column = self.line_col(seen[key])
                where = f"line {line + self.first_line - 1}, column {column}"
                self.problems.append(
                    (
                        PARSE_DUPLICATE_KEY,
                        f"duplicate key {key!r} (first at {where})",
                        key_path,
                        pos,
                        "Keep one of the two values; JSON parsers disagree on which one wins.",
                    )
                )
            else:
                seen[key] = pos
            if self.wanted is not None and key_path in self.wanted:
                self.key_positions[key_path] = pos
            pos = self.ws(match.end())
            pos = self.ws(pos + 1)  # the colon
            pos = self.value(pos, key_path, depth)
            if self.done():
                raise _Stop
            pos = self.ws(pos)
            char = self.text[pos : pos + 1]
            pos += 1
            if char == "}":
                return pos
            if char != ",":
                raise _Stop

    def arr(self, pos: int, path: tuple[str | int, ...], depth: int) -> int:
        pos = self.ws(pos)
        if self.text[pos : pos + 1] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.value(pos, (*path, index), depth)
            if self.done():
                raise _Stop
            pos = self.ws(pos)
            char = self.text[pos : pos + 1]
            pos += 1
            if char == "]":
                return pos
            if char != ",":
                raise _Stop
            index += 1


class _Stop(Exception):
    pass


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """The line and column of one offset (for one position; see :class:`LineIndex`)."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


class LineIndex:
    """
    Lines and columns of many offsets in one text: the line starts are found once, so
    each lookup costs a binary search, however many issues a text has.

    >>> LineIndex("ab" + chr(10) + "cd").line_col(4)
    (2, 2)
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts

    def line_col(self, pos: int) -> tuple[int, int]:
        """The 1-based line and column of offset ``pos``."""
        line = bisect.bisect_right(self._starts, pos)
        return line, pos - self._starts[line - 1] + 1


def scan(text: str, *, source: str | None = None, first_line: int = 1) -> list[Issue]:
    """Report duplicate keys, non-finite numbers and excessive depth, with positions."""
    scanner = _Scanner(text.removeprefix(_BOM), None, first_line)
    with contextlib.suppress(_Stop, IndexError):
        scanner.value(0, (), 0)
    issues = []
    for code, message, path, pos, hint in scanner.problems:
        line, column = scanner.line_col(pos)
        issues.append(
            code.issue(
                message,
                path=path,
                hint=hint,
                source=source,
                line=line + first_line - 1,
                column=column,
            )
        )
    return issues


def locate(issues: Iterable[Issue], text: str | bytes, *, source: str | None = None) -> list[Issue]:
    """
    Give each issue the line and column of its path in ``text``.

    An issue whose path does not exist in the text (a missing field) gets the
    position of the nearest enclosing value that does.
    """
    issues = list(issues)
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text.removeprefix(_BOM)
    wanted: set[tuple[str | int, ...]] = set()
    for issue in issues:
        path = issue.path
        for end in range(len(path) + 1):
            wanted.add(path[:end])
    scanner = _Scanner(text, set(wanted))
    with contextlib.suppress(_Stop, IndexError):
        scanner.value(0, (), 0)
    located = []
    for issue in issues:
        pos = None
        if issue.code == "value.unknown_field":
            pos = scanner.key_positions.get(issue.path)
        path = issue.path
        while pos is None:
            pos = scanner.positions.get(path)
            if not path:
                break
            path = path[:-1]
        if pos is None:
            located.append(attrs.evolve(issue, source=source))
            continue
        line, column = scanner.line_col(pos)
        located.append(attrs.evolve(issue, source=source, line=line, column=column))
    return located


def encode(value: Any, *, indent: bool = True) -> bytes:
    """
    Deterministic JSON as UTF-8 bytes with a final newline: indented by two spaces, or
    compact on one line (for JSON Lines). The bytes of the standard library's encoder
    (:func:`encode_stdlib`, :func:`encode_line_stdlib`), written by orjson when it
    gives the same.
    """
    fast = encode_orjson(value, indent=indent)
    if fast is not None:
        return fast
    text = encode_stdlib(value) if indent else encode_line_stdlib(value)
    return text.encode("utf-8")


def encode_stdlib(value: Any) -> str:
    """The reference for :func:`encode`: the standard library's encoder."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def encode_line_stdlib(value: Any) -> str:
    """The reference for :func:`encode_line`."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


#: Floats whose shortest repr is fixed-point: orjson writes these as ``repr`` does;
#: outside this range the two differ (``1e-05`` against ``0.00001``), and orjson writes
#: NaN and infinities as ``null`` where the standard library refuses them.
FIXED_MIN = 1e-4
FIXED_MAX = 1e16
#: Deeper values go to the standard library, which then behaves as it always did.
_ENCODE_DEPTH = 100
_SCALARS = frozenset({str, int, bool, type(None)})


def float_written_alike(value: float) -> bool:
    """Whether orjson writes the float ``value`` as the standard library does."""
    return value == 0.0 or FIXED_MIN <= abs(value) < FIXED_MAX


def _check_plain_dict(value: dict[Any, Any], depth: int) -> None:
    if depth > _ENCODE_DEPTH:
        raise Suspect
    for key, item in value.items():
        if type(key) is not str:
            raise Suspect
        kind = type(item)
        if kind in _SCALARS:
            continue
        if kind is dict:
            _check_plain_dict(item, depth + 1)
        elif kind is list or kind is tuple:
            _check_plain_list(item, depth + 1)
        elif kind is not float or not float_written_alike(item):
            raise Suspect


def _check_plain_list(value: list[Any] | tuple[Any, ...], depth: int) -> None:
    if depth > _ENCODE_DEPTH:
        raise Suspect
    for item in value:
        kind = type(item)
        if kind in _SCALARS:
            continue
        if kind is dict:
            _check_plain_dict(item, depth + 1)
        elif kind is list or kind is tuple:
            _check_plain_list(item, depth + 1)
        elif kind is not float or not float_written_alike(item):
            raise Suspect


def check_plain(value: Any) -> None:
    """
    Raise :class:`Suspect` unless orjson writes ``value`` as the standard library does.

    That holds for plain JSON values (exact ``dict`` with ``str`` keys, ``list``,
    ``tuple``, ``str``, ``int``, ``bool``, ``None``) and for floats written in
    fixed-point notation; every other value is refused here (orjson would write enums,
    UUIDs and dataclasses the standard library refuses). orjson refuses by itself what
    it cannot write alike: integers beyond 64 bits and lone surrogates.
    """
    kind = type(value)
    try:
        if kind is dict:
            _check_plain_dict(value, 1)
        elif kind is list or kind is tuple:
            _check_plain_list(value, 1)
        elif kind not in _SCALARS and (kind is not float or not float_written_alike(value)):
            raise Suspect
    except RecursionError:
        raise Suspect from None


def encode_orjson(value: Any, *, indent: bool) -> bytes | None:
    """
    ``value`` written by orjson, with the final newline, when that gives exactly the
    bytes of the standard library's encoder (see :func:`check_plain`); ``None`` when
    orjson is not installed or the value holds anything it might write differently.
    """
    orjson = orjson_module()
    if orjson is None:
        return None
    try:
        check_plain(value)
        option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
        out: bytes = orjson.dumps(value, option=option)
    except (Suspect, TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None
    return out


def slug(text: str) -> str:
    """A valid identifier made from ``text`` (for file names used as ids)."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out or "evidence-base"


#: What each JSON type is called in messages.
JSON_TYPE_NAMES = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def type_name(value: Any, default: str | None = None) -> str:
    """What ``value``'s JSON type is called in messages ("a string"), or ``default``."""
    name = JSON_TYPE_NAMES.get(type(value))
    if name is None:
        return default if default is not None else type(value).__name__
    return name


_NUMBER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_BOOLEAN_TEXT = {"true": "true", "false": "false", "yes": "true", "no": "false"}


def type_hint(expected: str, value: Any) -> str:
    """
    The hint for ``value`` where ``expected`` ("a number", "an integer", "a string", "true
    or false") is wanted: what to write instead when the value says it, as text typed into
    a spreadsheet often does; otherwise, what to give. Every tier words it alike.

    >>> type_hint("an integer", "120")
    'Did you mean 120, without the quotes? Give an integer here.'
    >>> type_hint("a number", "45%")
    "Write the number, 45, without the '%'; where the field has a unit, give it as 'percent'."
    >>> type_hint("a number", "1,200")
    'Did you mean 1200? Write numbers without thousands separators.'
    >>> type_hint("a string", 2019)
    "Did you mean '2019', in quotes? Give a string here."
    >>> type_hint("true or false", "Yes")
    'Did you mean true, without the quotes? Give true or false here.'
    """
    plain = f"Give {expected} here."
    if expected in ("a number", "an integer") and type(value) is str:
        text = value.strip()
        if _NUMBER_TEXT.fullmatch(text) and (expected == "a number" or text.lstrip("-").isdigit()):
            return f"Did you mean {text}, without the quotes? {plain}"
        if text.endswith("%") and _NUMBER_TEXT.fullmatch(text[:-1].strip()):
            return (
                f"Write the number, {text[:-1].strip()}, without the '%'; where the field has "
                "a unit, give it as 'percent'."
            )
        if _GROUPED.fullmatch(text):
            plain = text.replace(",", "")
            return f"Did you mean {plain}? Write numbers without thousands separators."
    elif expected == "true or false" and type(value) is str:
        word = _BOOLEAN_TEXT.get(value.strip().casefold())
        if word is not None:
            return f"Did you mean {word}, without the quotes? {plain}"
    elif expected == "a string" and type(value) in (int, float) and len(repr(value)) <= 40:
        return f"Did you mean {json.dumps(str(value))[1:-1]!r}, in quotes? {plain}"
    return plain


#: The hint of every parse.too_deep issue.
TOO_DEEP_HINT = "Flatten the document; innovscale documents are only a few levels deep."


def too_deep(source: str | None = None) -> Issue:
    """The issue for a document nested too deeply to read at all (a RecursionError)."""
    return PARSE_TOO_DEEP.issue(
        "the document is nested too deeply", hint=TOO_DEEP_HINT, source=source
    )


def has_bom(data: str | bytes) -> bool:
    """Whether ``data`` (text or UTF-8 bytes) starts with a byte-order mark."""
    return data.startswith(_BOM_BYTES) if isinstance(data, bytes) else data.startswith(_BOM)


def without_bom(data: Any) -> Any:
    """``data`` (text or UTF-8 bytes) without a leading byte-order mark."""
    return data.removeprefix(_BOM_BYTES if isinstance(data, bytes) else _BOM)
