"""
The strict structure and unstructure hooks, one per shape of the model.

No hook coerces: ``null`` is not a string, ``12.5`` is not an integer, ``123`` is not
a string, a string is not an array, ``true`` is not a number. Each failure is an
:class:`~innovscale.InvariantError` with a code and a hint.
"""

from __future__ import annotations

import math
import sys
import types
import typing
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn

from innovscale import _json
from innovscale._codes import define
from innovscale._suggest import closest
from innovscale.exceptions import InvariantError
from innovscale.model import PartialDate
from innovscale.model._types import (
    NULL_HINT,
    NULL_MESSAGE,
    VALUE_INVALID,
    VALUE_NOT_FINITE,
    VALUE_TYPE,
)
from innovscale.serialization._errors import VALUE_REQUIRED

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable, Iterator, Mapping

    import cattrs


VALUE_ENUM = define(
    "value.enum",
    tier="schema",
    title="Not a vocabulary code",
    explanation="A field that takes a code from a controlled vocabulary holds something else.",
    example='{"kind": "programm"}',
    fix=(
        "Use one of the codes listed in the vocabulary reference; the hint suggests the closest "
        "one."
    ),
)


class HookInfo:
    """
    What one of innovscale's hooks does, so that generated code can do it inline.

    The converter records one for each hook it makes (see
    :meth:`~innovscale.serialization.InnovscaleConverter.hook_info`); a hook without
    one (a user's, or cattrs' own) is called, never inlined. (A plain slotted class:
    it is made at import, where an attrs class would cost a millisecond.)
    """

    __slots__ = ("cls", "items", "members", "optional")

    def __init__(
        self,
        *,
        members: Mapping[str, enum.Enum] | None = None,
        cls: type[Any] | None = None,
        optional: tuple[Any, Callable[..., Any]] | None = None,
        items: tuple[Any, Callable[..., Any]] | None = None,
    ) -> None:
        #: A vocabulary's structure hook: its members by code.
        self.members = members
        #: An attrs class's structure or unstructure hook: the class.
        self.cls = cls
        #: An ``X | None`` hook: ``X`` and its hook (``None`` is refused when
        #: structuring, and written as ``null`` when unstructuring).
        self.optional = optional
        #: A ``tuple[X, ...]`` hook: ``X`` and its hook, for each item.
        self.items = items


#: The record of a hook innovscale knows nothing about.
UNKNOWN = HookInfo()


def optional_unstructure(
    conv: cattrs.Converter, type_: Any
) -> tuple[Callable[[Any], Any], HookInfo]:
    """The unstructure hook of ``X | None``: ``None`` as is, anything else by X's hook."""
    inner_type = field_type(type_)
    inner = conv.get_unstructure_hook(inner_type)

    def unstructure_optional(value: Any) -> Any:
        return None if value is None else inner(value)

    return unstructure_optional, HookInfo(optional=(inner_type, inner))


def tuple_unstructure(conv: cattrs.Converter, type_: Any) -> tuple[Callable[[Any], Any], HookInfo]:
    """The unstructure hook of ``tuple[X, ...]``: a list, each item by X's hook."""
    item_type = typing.get_args(type_)[0]
    item = conv.get_unstructure_hook(item_type)
    if item is identity:
        return list, UNKNOWN

    def unstructure_tuple(value: Any) -> list[Any]:
        return [item(each) for each in value]

    return unstructure_tuple, HookInfo(items=(item_type, item))


def article(name: str) -> str:
    """``name`` with its indefinite article: 'an Innovation', 'a Source'."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def wrong_type(expected: str, value: Any, hint: str | None = None) -> InvariantError:
    return InvariantError(
        f"expected {expected}, got {_json.type_name(value)}",
        code=VALUE_TYPE.code,
        value=value,
        hint=hint or _json.type_hint(expected, value),
    )


def structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise wrong_type("a string", value)
    return value


def structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise wrong_type("an integer", value)


#: The largest integer a 64-bit float can hold the size of.
_FLOAT_MAX = int(sys.float_info.max)


def structure_float(value: Any, _: Any) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise InvariantError(
                "must be a finite number",
                code=VALUE_NOT_FINITE.code,
                value=value,
                hint="NaN and infinities are not JSON numbers.",
            )
        return value
    if type(value) is int:
        # Kept as written: 50000 stays 50000, and a 30-digit integer keeps every digit.
        if -_FLOAT_MAX <= value <= _FLOAT_MAX:
            return value
        raise InvariantError(
            "is too large to be a number (beyond about 1.8e308)",
            code=VALUE_INVALID.code,
            value=value,
            hint="Check the number; JSON tools read numbers as 64-bit floats.",
        )
    raise wrong_type("a number", value)


def structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise wrong_type("true or false", value)
    return value


def structure_optional_str(value: Any, _: Any) -> Any:
    # The optional hook (in configure_converter) with structure_str inlined.
    if type(value) is str:
        return value
    if value is None:
        raise null_error()
    raise wrong_type("a string", value)


def null_error() -> InvariantError:
    """The error for ``null`` where a value is optional: it is left out instead."""
    return VALUE_TYPE.error(NULL_MESSAGE, value=None, hint=NULL_HINT)


def is_any(cl: Any) -> bool:
    return cl is typing.Any


def structure_any(value: Any, _: Any) -> Any:
    return value


#: Dates already read, by their text: a document repeats its dates many times, and a
#: :class:`PartialDate` is immutable, so equal texts share one object. Emptied when
#: full: 16,384 dates (about 2 MB) hold every day of 45 years, and the benchmarks'
#: largest base has 14,500 distinct dates, which 4,096 made it parse again and again.
DATES: dict[str, PartialDate] = {}
_DATES_MAX = 16_384


def structure_date(value: Any, _: Any) -> PartialDate:
    if type(value) is not str:
        raise wrong_type("a date string (YYYY, YYYY-MM or YYYY-MM-DD)", value)
    date = DATES.get(value)
    if date is None:
        date = PartialDate.parse(value)
        if len(DATES) >= _DATES_MAX:
            DATES.clear()
        DATES[value] = date
    return date


def structure_extensions(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise wrong_type("an object", value)
    return value


def sorted_keys(value: Any) -> Any:
    """A JSON value with the keys of every object in it sorted, so equal values write alike."""
    if isinstance(value, dict):
        return {key: sorted_keys(item) for key, item in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [sorted_keys(item) for item in value]
    return value


def enum_code(member: enum.Enum) -> Any:
    # ``_value_`` is what the ``value`` property returns, without the descriptor's cost
    # (about 125 ns a member, some 1 % of a large dumps).
    return member._value_


def enum_hook(cls: type[enum.Enum]) -> tuple[Callable[[Any, Any], Any], HookInfo]:
    """The structure hook of a vocabulary: its codes, with a did-you-mean hint."""
    members = {m.value: m for m in cls}
    codes = ", ".join(repr(c) for c in members)

    def hook(value: Any, _: Any) -> Any:
        if type(value) is str:
            member = members.get(value)
            if member is not None:
                return member
            close = closest(value, members)
            hint = f"Did you mean {close!r}?" if close else f"Use one of: {codes}."
            raise InvariantError(
                f"{value!r} is not a code of {cls.__name__}",
                code=VALUE_ENUM.code,
                value=value,
                hint=hint,
            )
        raise wrong_type(f"{article(cls.__name__)} code (a string)", value)

    return hook, HookInfo(members=members)


def object_hook(
    inner: Callable[[Any, Any], Any], cl: type[Any]
) -> tuple[Callable[[Any, Any], Any], HookInfo]:
    """The structure hook of an attrs class with no always-written field."""
    name = cl.__name__

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise wrong_type(f"an object ({article(name)})", value)
        return inner(value, cl)

    return hook, HookInfo(cls=cl)


def is_variadic_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def is_optional(type_: Any) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def is_extensions(type_: Any) -> bool:
    return typing.get_origin(type_) is dict


def tuple_hook(
    conv: cattrs.Converter, type_: Any
) -> tuple[Callable[[Any, Any], tuple[Any, ...]], HookInfo]:
    """The structure hook of ``tuple[X, ...]``: a JSON array, each item structured as ``X``."""
    item_type = typing.get_args(type_)[0]
    item_hook = conv.get_structure_hook(item_type)

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise wrong_type(
                "an array",
                value,
                hint="Wrap a single value in [ ] to make an array of one." if value else None,
            )
        out: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                out.append(item_hook(item, item_type))
            except Exception as exc:  # noqa: BLE001 - collected into the group
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(
                        f"Structuring {type_} @ index {index}", index, item_type
                    ),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return tuple(out)

    return hook, HookInfo(items=(item_type, item_hook))


def field_type(type_: Any) -> Any:
    """``X`` for ``X | None``, else the type itself."""
    if is_optional(type_):
        return next(a for a in typing.get_args(type_) if a is not type(None))
    return type_


_WRITTEN_AS_IS = (str, int, bool)


def nested_types(type_: Any) -> Iterator[Any]:
    """``type_`` and every type in its arguments, all the way down."""
    yield type_
    for arg in typing.get_args(type_):
        yield from nested_types(arg)


def always_written(cl: type[Any]) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cl) if a.metadata.get("required_in_json"))


def optional_hook(conv: cattrs.Converter, type_: Any) -> tuple[Callable[[Any, Any], Any], HookInfo]:
    """The structure hook of ``X | None``: anything but ``null``, by X's hook."""
    inner_type = field_type(type_)
    inner = conv.get_structure_hook(inner_type)
    info = HookInfo(optional=(inner_type, inner))
    if inner is structure_str:
        return structure_optional_str, info

    def structure_optional(value: Any, _: Any) -> Any:
        if value is None:
            raise null_error()
        return inner(value, inner_type)

    return structure_optional, info


def attrs_structure(
    conv: cattrs.Converter, cl: type[Any]
) -> tuple[Callable[[Any, Any], Any], HookInfo]:
    """
    The structure hook of an attrs class: a JSON object with no unknown key, and with
    the fields the format always writes (``schema_version``).

    The cattrs function it wraps is made at its first call: valid documents take the
    fast structure functions, so most processes never need it.
    """
    always = always_written(cl)
    made: list[Callable[[Any, Any], Any]] = []

    def inner(value: Any, _: Any) -> Any:
        if not made:
            made.append(make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True))
        return made[0](value, cl)

    if not always:
        return object_hook(inner, cl)
    name = cl.__name__

    def structure_object(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise wrong_type(f"an object ({article(name)})", value)
        for key in always:
            if key not in value:
                raise InvariantError(
                    f"required field {key!r} missing",
                    code=VALUE_REQUIRED.code,
                    path=(key,),
                    hint=f"Add {key!r}; every document says which format version it uses.",
                )
        return inner(value, cl)

    return structure_object, HookInfo(cls=cl)
