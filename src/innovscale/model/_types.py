"""
Python construction is checked as strictly as JSON: every argument has its field's type.

A model class derives from :class:`Typed`, whose ``__attrs_pre_init__`` checks the
arguments of ``__init__`` against the field annotations *before* the field validators
run, so a wrong type is refused with :class:`~innovscale.exceptions.InvariantError`
(class, field, value, and what is expected) rather than surfacing later as an
``AttributeError`` or a document that the JSON Schema rejects.

Nothing is converted, as nothing is when JSON is read: a vocabulary field takes a
member of its own vocabulary (``OrganisationKind.CHARITY``, or
``OrganisationKind("charity")`` from a code), a date field a
:class:`~innovscale.model.PartialDate` (``PartialDate.parse("2019-04")``), a list
field a ``tuple``; numbers are not booleans and floats are finite. Values under
``extensions`` must be JSON values.

Loading from JSON does not pay for this: the converter's structure functions build
objects from values the JSON has already been checked for.
"""

from __future__ import annotations

import enum
import math
import re
import sys
import types
import typing
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import define
from innovscale.exceptions import InvariantError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Typed"]


VALUE_TYPE = define(
    "value.type",
    tier="schema",
    title="Wrong type",
    explanation=(
        "A value has the wrong JSON type: a number where text is expected, a string where an array"
        " is expected, or null for an optional field. innovscale never coerces."
    ),
    example='{"aliases": "DAFNE"}',
    fix="Give the type the field needs; leave optional fields out instead of writing null.",
)
#: The words for ``null`` where a value is optional, whichever tier finds it.
NULL_MESSAGE = "null is not allowed here"
NULL_HINT = "Leave an optional field out instead of writing null."

VALUE_NOT_FINITE = define(
    "value.not_finite",
    tier="schema",
    title="Not a finite number",
    explanation=(
        "A number is infinite or not a number. JSON text cannot hold one (the parse tier reports "
        "it as parse.nonfinite); a Python float can, and construction refuses it."
    ),
    example="ReachMeasure(..., value=float('nan'))",
    fix="Give a finite number.",
)
VALUE_SURROGATE = define(
    "value.surrogate",
    tier="schema",
    title="Unpaired surrogate in text",
    explanation=(
        "A Python string holds half of a surrogate pair ('\\ud800'), which is not a character and "
        "cannot be written as UTF-8. JSON text with one is refused by the parse tier "
        "(parse.surrogate); construction and writing refuse the Python value."
    ),
    example="Organisation(..., name='caf\\ud800')",
    fix="Remove it, or write the character it was meant to be.",
)
VALUE_INVALID = define(
    "value.invalid",
    tier="schema",
    title="Invalid value",
    explanation=(
        "The value could not be accepted for a reason no more specific code covers, such as an "
        "integer too large to hold as a number."
    ),
    example='{"value": 1000...000} (400 digits)',
    fix="Check the value against the schema reference.",
)

#: Checks one value; returns ``None`` when it has the type, else an error.
_Check = typing.Callable[[Any, tuple[str | int, ...]], "InvariantError | None"]

_CHECKERS: dict[type, dict[str, _Check]] = {}
_FLOAT_MAX = int(sys.float_info.max)
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds an unpaired surrogate, which no UTF-8 file can hold."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def surrogate_error(
    path: tuple[str | int, ...], value: str, owner: type | None = None
) -> InvariantError:
    """The ``value.surrogate`` error: text holding half of a surrogate pair."""
    where = f"{owner.__name__}.{_where(path)} holds" if owner else "holds"
    return InvariantError(
        f"{where} an unpaired surrogate, which is not a character and cannot be written as UTF-8",
        code=VALUE_SURROGATE.code,
        path=path,
        value=value,
        hint="Remove it, or write the character it was meant to be "
        "(a surrogate pair decoded, e.g. '\\U0001F600').",
    )


def not_finite_error(
    path: tuple[str | int, ...], value: float, owner: type | None = None
) -> InvariantError:
    """The ``value.not_finite`` error: NaN or an infinity where JSON needs a number."""
    where = f"{owner.__name__}.{_where(path)} must" if owner else "must"
    return InvariantError(
        f"{where} be a finite number",
        code=VALUE_NOT_FINITE.code,
        path=path,
        value=value,
        hint="NaN and infinities are not JSON numbers; give a finite value.",
    )


_JSON_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def describe(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _an(name: str) -> str:
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


def _error(
    owner: type, path: tuple[str | int, ...], expected: str, value: Any, hint: str
) -> InvariantError:
    where = _where(path)
    return InvariantError(
        f"{owner.__name__}.{where} expects {expected}, got {describe(value)}",
        code=VALUE_TYPE.code,
        path=path,
        value=value,
        hint=hint,
    )


def _scalar(owner: type, kind: type) -> _Check:  # noqa: C901 - one check per scalar type of the model
    expected = _JSON_NAMES[kind]

    if kind is bool:

        def check_bool(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
            if type(value) is bool:
                return None
            return _error(owner, path, expected, value, "Give True or False.")

        return check_bool

    if kind is str:

        def check_str(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
            if isinstance(value, str) and not isinstance(value, enum.Enum):
                return surrogate_error(path, value, owner) if has_surrogate(value) else None
            hint = "Give a str."
            if isinstance(value, (list, tuple)):
                hint = "Give one str here, not a list."
            return _error(owner, path, expected, value, hint)

        return check_str

    def check_number(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = f"Give {'an int' if kind is int else 'an int or a float'}"
            if isinstance(value, str):
                hint += f", not text: write {value.strip()} rather than {value!r}"
            return _error(owner, path, expected, value, hint + ".")
        if kind is int and not isinstance(value, int):
            return _error(owner, path, expected, value, "Give a whole number (an int).")
        if isinstance(value, int) and not -_FLOAT_MAX <= value <= _FLOAT_MAX:
            return InvariantError(
                f"{owner.__name__}.{path[0]} is too large to be a number (beyond about 1.8e308)",
                code=VALUE_INVALID.code,
                path=path,
                value=value,
                hint="Check the number; JSON tools read numbers as 64-bit floats.",
            )
        if isinstance(value, float) and not math.isfinite(value):
            return not_finite_error(path, value, owner)
        return None

    return check_number


def _vocabulary(owner: type, vocab: type[enum.Enum]) -> _Check:
    name = vocab.__name__
    codes = ", ".join(repr(m.value) for m in vocab)

    def check(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        if isinstance(value, vocab):
            return None
        if isinstance(value, str) and not isinstance(value, enum.Enum):
            member = vocab._value2member_map_.get(value)
            hint = (
                f"Give the member, {name}.{member.name} (or {name}({value!r}))."
                if member is not None
                else f"{value!r} is not a code of {name}; its codes are {codes}."
            )
        else:
            hint = f"Give a member of {name}; its codes are {codes}."
        return _error(owner, path, f"{_an(name)} member", value, hint)

    return check


def _instance(owner: type, cls: type) -> _Check:
    hint = f"Give {_an(cls.__name__)} object."
    if cls.__name__ == "PartialDate":
        hint = "Give a PartialDate, e.g. PartialDate.parse('2019-04')."

    def check(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        if isinstance(value, cls):
            return None
        return _error(owner, path, _an(cls.__name__), value, hint)

    return check


def _json_value(value: Any, depth: int = 0) -> bool:  # noqa: PLR0911 - a type switch over JSON values
    """Whether ``value`` is a JSON value (finite numbers, string keys) nested at most 64 deep."""
    if depth > 64:
        return False
    if isinstance(value, str):
        return not isinstance(value, enum.Enum) and not has_surrogate(value)
    if value is None or isinstance(value, (bool, int)):
        return not isinstance(value, enum.Enum)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_json_value(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_value(v, depth + 1) for k, v in value.items())
    return False


def _extensions(owner: type) -> _Check:
    def check(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        if not isinstance(value, dict):
            return _error(owner, path, "a dict", value, "Give a dict of namespaced keys.")
        for key, item in value.items():
            if not isinstance(key, str) or has_surrogate(key):
                return _error(owner, (*path, str(key)), "a str key", key, "Keys are strings.")
            if not _json_value(item):
                return _error(
                    owner,
                    (*path, key),
                    "a JSON value",
                    item,
                    "Give None, a bool, a str (of characters, no unpaired surrogates), "
                    "a finite number, or lists and dicts (with str keys) of those.",
                )
        return None

    return check


def _sequence(owner: type, item: _Check) -> _Check:
    def check(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        if type(value) is not tuple:
            hint = "Give a tuple."
            if isinstance(value, str):
                hint = f"Give a tuple of items, e.g. ({value!r},), not a single str."
            elif isinstance(value, list):
                hint = "Give a tuple, not a list: model objects are immutable."
            return _error(owner, path, "a tuple", value, hint)
        for index, each in enumerate(value):
            error = item(each, (*path, index))
            if error is not None:
                return error
        return None

    return check


def _optional(inner: _Check) -> _Check:
    def check(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
        return None if value is None else inner(value, path)

    return check


def _checker(owner: type, hint: Any) -> _Check | None:  # noqa: PLR0911 - one checker per shape of field type
    """The check for values of type ``hint``; ``None`` for anything is allowed."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            inner = _checker(owner, rest[0])
            return None if inner is None else _optional(inner)
        return None  # pragma: no cover - the model has no other unions
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(owner, args[0])
        return _sequence(owner, item or (lambda _v, _p: None))
    if origin is dict:
        return _extensions(owner)
    if hint is Any:
        return None
    if isinstance(hint, type):
        if hint in _JSON_NAMES:
            return _scalar(owner, hint)
        if issubclass(hint, enum.Enum):
            return _vocabulary(owner, hint)
        return _instance(owner, hint)
    return None  # pragma: no cover - annotations the model does not use


def _checkers(cls: type) -> dict[str, _Check]:
    found = _CHECKERS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = {}
        for field in attrs.fields(cls):
            check = _checker(cls, hints[field.name])
            if check is not None:
                found[field.alias or field.name] = check
        _CHECKERS[cls] = found
    return found


class Typed:
    """
    Mix-in for model classes: refuse ``__init__`` arguments of the wrong type.

    >>> from innovscale import Organisation
    >>> from innovscale.vocab import ReachMetric
    >>> try:
    ...     Organisation(id="o", name="O", kind=ReachMetric.SITES)
    ... except ValueError as error:
    ...     print(error.message)
    Organisation.kind expects an OrganisationKind member, got ReachMetric.SITES
    """

    __slots__ = ()

    def __attrs_pre_init__(self, **arguments: Any) -> None:
        checks = _checkers(type(self))
        for name, value in arguments.items():
            check = checks.get(name)
            if check is not None and value is not attrs.NOTHING:  # NOTHING: a factory default
                error = check(value, (name,))
                if error is not None:
                    raise error


def checker_for(cls: type) -> Callable[[str, Any], InvariantError | None]:
    """The check of one field's value, ``check(name, value)``, for tests and tools."""
    checks = _checkers(cls)
    return lambda name, value: checks[name](value, (name,)) if name in checks else None
