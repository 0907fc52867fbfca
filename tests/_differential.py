"""
What the differential tests of the fast paths share: comparing outcomes, and a
reference converter that runs cattrs' own functions alone.
"""

from __future__ import annotations

import enum
import math
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings, strategies as st

from innovscale import _io, _json, serialization
from innovscale.exceptions import InvalidDocument, InvariantError
from innovscale.serialization import RECORD_TYPES, make_converter
from innovscale.serialization._converter import unwritable

_TYPE_NAMES = {cls: name for name, cls in RECORD_TYPES.items()}


ROOT = Path(__file__).resolve().parents[1]


SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class _without_orjson:  # noqa: N801 - used like the function it replaced
    """As if orjson were not installed, until :meth:`undo` (for use inside hypothesis tests)."""

    def __init__(self) -> None:
        self._context = _json.without_orjson()
        self._context.__enter__()

    def undo(self) -> None:
        self._context.__exit__(None, None, None)


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down, equal key order and equal float signs."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    return bool(a == b)


def outcome(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """What a call gives: its value, its report, or its exception's type and message."""
    try:
        return ("value", function(*args, **kwargs))
    except InvalidDocument as exc:
        return ("report", exc.report.issues)
    except InvariantError as exc:
        return ("invariant", exc.code, exc.message, exc.path, repr(exc.value), exc.hint)
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return ("error", type(exc), str(exc))


def same_outcome(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    if a[0] == "value" and b[0] == "value":
        return same(a[1], b[1])
    return a == b


class _Colour(enum.Enum):
    RED = "red"


class _Level(enum.IntEnum):
    ONE = 1


class _Text(str):
    __slots__ = ()


_STRANGE = st.sampled_from(
    [_Colour.RED, _Level.ONE, _Text("x"), uuid.UUID(int=1), b"x", {1, 2}, 1j, ..., True, None]
)


encodable_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 3, max_value=2**64 + 3),
    st.floats(),
    st.floats(min_value=1e-6, max_value=1e-3),
    st.floats(min_value=1e15, max_value=1e17),
    st.sampled_from([1e16, 1e-4, 1e-5, 0.0, -0.0, 5e-324, 1.7976931348623157e308]),
    st.text(),
    st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=4),
    st.sampled_from(["\u2028", "\u2029", "\x7f", "\x00\x1f", '"\\/', "\ud800", "\udfff\ud800"]),
)


encodable = st.recursive(
    encodable_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), children, max_size=3),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), children, max_size=2),
        st.tuples(_STRANGE),
    ),
    max_leaves=12,
)


def _make_reference_converter() -> serialization.InnovscaleConverter:
    """
    A converter with the cattrs functions only (the reference): cattrs structure
    functions instead of the fast ones, cattrs unstructure functions re-ordered.
    """
    return make_converter(generated=False)


def _stdlib_bytes(value: Any) -> bytes:
    return _json.encode_stdlib(value).encode("utf-8")


def _stdlib_line_bytes(value: Any) -> bytes:
    return _json.encode_line_stdlib(value).encode("utf-8")


def _reference_write(conv: Any, value: Any, *, indent: bool = True) -> bytes:
    """What ``conv.write`` must give: the standard library on the unstructured value."""
    plain = conv.unstructure(value)
    try:
        return _stdlib_bytes(plain) if indent else _stdlib_line_bytes(plain)
    except (UnicodeEncodeError, ValueError, TypeError):
        # What cannot be written is reported as the value's fault, at its path.
        found = unwritable(plain, ())
        assert found is not None
        raise found from None


def _fails(*_: Any, **__: Any) -> Any:
    raise AssertionError("the reference path was used")


def _reference_loads(conv: Any, data: str | bytes, cls: type[Any]) -> Any:
    with _io.gc_paused():
        return conv.structure_checked(_json.parse_reference(data), cls, text=data)


_MUTATIONS = [
    ('"id": ', '"id": "dup", "id": ', 1),
    ('"name": ', '"name": NaN, "nom": ', 1),
    ('"title": ', '"title": 12, "x": ', 1),
    ('"id": "', '"id": "Not An Id ', 3),
    ('"extensions": {', '"extensions": {"acme:deep": ' + "[" * 70 + "]" * 70 + ", ", 1),
    ('"extensions": {', '"extensions": {"acme:big": 18446744073709551616, ', 1),
    ('"extensions": {', '"extensions": {"acme:odd": {":": 1, ":" : 2}, ', 1),
    ("2", "2" * 5000, 1),
    ('"', '"\\ud800', 1),
    ("{", "{\n", 1),
]


_REFERENCE: dict[str, Any] = {}


def _shared_reference() -> serialization.InnovscaleConverter:
    """One reference converter for the hypothesis tests (which cannot take fixtures)."""
    reference = _REFERENCE.get("converter")
    if reference is None:
        reference = _REFERENCE.setdefault("converter", _make_reference_converter())
    return reference  # type: ignore[no-any-return]
