"""
Reading and writing innovscale documents.

One configured cattrs converter turns model objects into JSON-compatible data and
back. Its wire rules:

* objects are JSON objects whose keys are the attrs field names, in field order;
  fields equal to their default are left out, so output is small and stable;
* vocabulary members are written as their codes (``"core"``), dates as ISO 8601
  (``"2009-12"``), tuples as arrays;
* unknown keys are rejected, except under ``extensions``, whose values
  round-trip unchanged (keys written sorted);
* there is no silent coercion: ``null`` is not a string, ``12.5`` is not an
  integer, ``123`` is not a string, a string is not an array, ``true`` is not a
  number;
* output is deterministic: equal values give identical bytes (UTF-8, two-space
  indent, a final newline);
* files are written atomically: a failed write leaves the old file intact.

Structuring failures are reported as :class:`~innovscale.InvalidDocument` carrying a
:class:`~innovscale.ValidationReport` whose issues have ``$``-rooted JSON paths.

>>> from innovscale.serialization import loads, dumps
>>> org = loads('{"id": "macmillan", "name": "Macmillan Cancer Support", "kind": "charity"}',
...             type="organisation")
>>> org.name
'Macmillan Cancer Support'
>>> print(dumps(org), end="")
{
  "id": "macmillan",
  "name": "Macmillan Cancer Support",
  "kind": "charity"
}
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gc
import math
import os
import stat
import sys
import tempfile
import types
import typing
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from innovscale import _json
from innovscale._codegen import compile_function
from innovscale._suggest import closest
from innovscale.exceptions import FileWriteError, InnovscaleError, InvalidDocument, InvariantError
from innovscale.model import RECORD_COLLECTIONS, EvidenceBase, PartialDate
from innovscale.model._fields import Constraints
from innovscale.model._types import has_surrogate, not_finite_error, surrogate_error
from innovscale.report import Issue, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "RECORD_TYPES",
    "InnovscaleConverter",
    "configure_converter",
    "converter",
    "dump",
    "dumpb",
    "dumps",
    "dumps_jsonl",
    "issues_from_exception",
    "iter_jsonl",
    "load",
    "load_example",
    "load_jsonl",
    "loads",
    "make_converter",
    "structure",
    "unknown_field_issue",
    "unstructure",
    "write_bytes_atomic",
    "write_jsonl",
]

T = TypeVar("T")
PathLike = str | os.PathLike[str]

#: Record type names used in JSON Lines lines and by ``type=`` arguments, with their class.
RECORD_TYPES: dict[str, type[Any]] = {
    "evidence_base": EvidenceBase,
    **{
        {
            "sources": "source",
            "organisations": "organisation",
            "innovations": "innovation",
            "adoptions": "adoption",
            "enabler_claims": "enabler_claim",
            "policy_levers": "policy_lever",
            "engagement_activities": "engagement_activity",
            "evidence": "evidence",
            "reach_measures": "reach_measure",
        }[collection]: cls
        for collection, cls in RECORD_COLLECTIONS.items()
    },
}
_TYPE_NAMES = {cls: name for name, cls in RECORD_TYPES.items()}
_COLLECTION_OF = {cls: collection for collection, cls in RECORD_COLLECTIONS.items()}

_JSON_TYPE_NAMES = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def _kind(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _a(name: str) -> str:
    """``name`` with its indefinite article: 'an Innovation', 'a Source'."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def _wrong_type(expected: str, value: Any, hint: str | None = None) -> InvariantError:
    return InvariantError(
        f"expected {expected}, got {_kind(value)}",
        code="value.type",
        value=value,
        hint=hint or f"Give {expected} here.",
    )


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _wrong_type("a string", value)
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise _wrong_type("an integer", value)


#: The largest integer a 64-bit float can hold the size of.
_FLOAT_MAX = int(sys.float_info.max)


def _structure_float(value: Any, _: Any) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise InvariantError(
                "must be a finite number",
                code="value.not_finite",
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
            code="value.invalid",
            value=value,
            hint="Check the number; JSON tools read numbers as 64-bit floats.",
        )
    raise _wrong_type("a number", value)


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise _wrong_type("true or false", value)
    return value


def _structure_optional_str(value: Any, _: Any) -> Any:
    # The optional hook (in configure_converter) with _structure_str inlined.
    if type(value) is str:
        return value
    if value is None:
        raise InvariantError(
            "null is not allowed here",
            code="value.type",
            value=None,
            hint="Leave an optional field out instead of writing null.",
        )
    raise _wrong_type("a string", value)


def _is_any(cl: Any) -> bool:
    return cl is typing.Any


def _structure_any(value: Any, _: Any) -> Any:
    return value


#: Dates already read, by their text: a document repeats its dates many times, and a
#: :class:`PartialDate` is immutable, so equal texts share one object. Emptied when
#: full: 16,384 dates (about 2 MB) hold every day of 45 years, and the benchmarks'
#: largest base has 14,500 distinct dates, which 4,096 made it parse again and again.
_DATES: dict[str, PartialDate] = {}
_DATES_MAX = 16_384


def _structure_date(value: Any, _: Any) -> PartialDate:
    if type(value) is not str:
        raise _wrong_type("a date string (YYYY, YYYY-MM or YYYY-MM-DD)", value)
    date = _DATES.get(value)
    if date is None:
        date = PartialDate.parse(value)
        if len(_DATES) >= _DATES_MAX:
            _DATES.clear()
        _DATES[value] = date
    return date


def _structure_extensions(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise _wrong_type("an object", value)
    return value


def _sorted_keys(value: Any) -> Any:
    """A JSON value with the keys of every object in it sorted, so equal values write alike."""
    if isinstance(value, dict):
        return {key: _sorted_keys(item) for key, item in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_sorted_keys(item) for item in value]
    return value


def _enum_code(member: enum.Enum) -> Any:
    # ``_value_`` is what the ``value`` property returns, without the descriptor's cost
    # (about 125 ns a member, some 1 % of a large dumps).
    return member._value_


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
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
                code="value.enum",
                value=value,
                hint=hint,
            )
        raise _wrong_type(f"{_a(cls.__name__)} code (a string)", value)

    hook.__innovscale_members__ = members  # type: ignore[attr-defined] # for fast structuring
    return hook


def _object_hook(inner: Callable[[Any, Any], Any], cl: type[Any]) -> Callable[[Any, Any], Any]:
    """The structure hook of an attrs class with no always-written field."""
    name = cl.__name__

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _wrong_type(f"an object ({_a(name)})", value)
        return inner(value, cl)

    hook.__innovscale_structures__ = cl  # type: ignore[attr-defined] # for fast structuring
    return hook


def _is_variadic_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_optional(type_: Any) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _is_extensions(type_: Any) -> bool:
    return typing.get_origin(type_) is dict


class InnovscaleConverter(cattrs.Converter):
    """
    The cattrs converter for the innovscale model, with :meth:`loads` and :meth:`dumps`.

    Create one with :func:`make_converter`; :data:`converter` is the shared instance.

    .. versionadded:: 0.1.0
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writers: dict[type[Any], Callable[[Any], Any] | None] = {}
        self._default: Callable[[Any], Any] | None = None
        self._fast: dict[Any, Callable[[Any], Any] | None] = {}
        #: ``False`` keeps to the cattrs functions (the reference, in the tests).
        self._structure_fast = True

    # Fast structure functions are generated from the structure hooks, so a new hook
    # drops them all.
    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._fast = {}
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._fast = {}
        return super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._fast = {}
        return super().register_structure_hook_factory(*args, **kwargs)

    def structure(self, obj: Any, cl: type[T]) -> T:
        """
        Structure ``obj`` into ``cl`` as ``cattrs.Converter.structure`` does.

        For attrs classes a generated one-pass function is tried first; if it meets
        anything wrong, the cattrs function runs instead and its result or exception
        is what this gives.
        """
        return self._structure_bounded(obj, cl)[0]

    def _structure_bounded(self, obj: Any, cl: type[T], depth: int = 1) -> tuple[T, bool]:
        """
        :meth:`structure`, and whether ``obj`` is known to nest no more than
        :data:`~innovscale._json.MAX_DEPTH` deep, if it sits at ``depth`` in its
        document: true when a pure fast structure function took it (see ``_depth_bound``).
        """
        fast = self._fast.get(cl, _ABSENT) if self._structure_fast else None
        if fast is _ABSENT:
            fast = self._fast_structure(cl)
        if fast is not None:
            try:
                result: T = fast(obj)
            except Exception:  # noqa: BLE001, S110 - the reference path below decides
                pass
            else:
                bounded = getattr(fast, "__innovscale_pure__", False) and (
                    _depth_bound(typing.cast("Any", cl), depth) <= _json.MAX_DEPTH
                )
                return result, bounded
        return super().structure(obj, cl), False

    def _fast_structure(self, cl: Any) -> Callable[[Any], Any] | None:
        """The fast structure function of ``cl``, generating those of its fields' classes first."""
        fast = self._fast
        if cl in fast:
            return fast[cl]
        fast[cl] = None  # while generating, in case the classes nest
        function = None
        if isinstance(cl, type) and attrs.has(cl):
            for field in attrs.fields(attrs.resolve_types(cl)):
                for inner in _nested_types(field.type):
                    if isinstance(inner, type) and attrs.has(inner):
                        self._fast_structure(inner)
            function = _generate_structure(cl, self, fast)
        fast[cl] = function
        return function

    # Writers are generated from the unstructure hooks, so a new hook drops them all.
    def register_unstructure_hook(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._writers, self._default = {}, None
        return super().register_unstructure_hook(*args, **kwargs)

    def register_unstructure_hook_func(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._writers, self._default = {}, None
        return super().register_unstructure_hook_func(*args, **kwargs)

    def register_unstructure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._writers, self._default = {}, None
        return super().register_unstructure_hook_factory(*args, **kwargs)

    def _writer(self, cl: type[Any]) -> Callable[[Any], Any] | None:
        """The writer of ``cl`` and of every class its writer leaves to orjson."""
        writers = self._writers
        if cl in writers:
            return writers[cl]
        writers[cl] = None  # while generating, in case the classes nest
        self._default = None
        writer: Callable[[Any], Any] | None = None
        if attrs.has(cl):
            writer = _generate_writer(cl, self)
            left: frozenset[type[Any]] = getattr(writer, "__innovscale_left__", frozenset())
            if any(self._writer(inner) is None for inner in left):
                writer = None
        writers[cl] = writer
        return writer

    def write(self, value: Any, *, indent: bool = True) -> bytes:
        """
        ``value`` (model objects, or a dict or list holding them) as JSON bytes ending in
        a newline: indented by two spaces, or compact on one line.

        The bytes are those of the standard library's encoder on
        :meth:`unstructure`'s result (``ensure_ascii=False``), written by orjson from the
        objects themselves when it is installed and gives those bytes.
        """
        with _gc_paused():
            try:
                fast = self._write_fast(value, indent=indent)
                if fast is not None:
                    return fast
                return _json.encode(self.unstructure(value), indent=indent)
            except InnovscaleError:
                raise
            except (UnicodeEncodeError, ValueError, TypeError) as exc:
                # A value put in place after construction (extensions are a dict).
                found = _unwritable(self.unstructure(value), ())
                if found is None:  # pragma: no cover - a bug, not bad data
                    raise
                raise found from exc

    def _make_default(self) -> Callable[[Any], Any]:
        # Only classes whose writer (and their nested classes' writers) exist; a KeyError
        # for any other object makes orjson raise, and the reference path takes over.
        writers = {cl: writer for cl, writer in self._writers.items() if writer is not None}

        def default(obj: Any) -> Any:
            return writers[type(obj)](obj)

        return default

    def _write_fast(self, value: Any, *, indent: bool) -> bytes | None:
        orjson = _json.orjson_module()
        if orjson is None:
            return None
        for item in value.values() if type(value) is dict else (value,):
            if attrs.has(type(item)) and self._writer(type(item)) is None:
                return None
        default = self._default
        if default is None:
            default = self._default = self._make_default()

        # Subclasses of str, int, dict and list, dates and dataclasses go to ``default``,
        # which refuses them: the standard library writes them differently or not at all.
        option = (
            orjson.OPT_PASSTHROUGH_SUBCLASS
            | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_APPEND_NEWLINE
            | (orjson.OPT_INDENT_2 if indent else 0)
        )
        try:
            out: bytes = orjson.dumps(value, default=default, option=option)
        except (TypeError, ValueError, RecursionError):  # JSONEncodeError is a TypeError
            return None
        return out

    def loads(self, data: str | bytes, cl: type[T], *, source: str | None = None) -> T:
        """Parse JSON text and structure it into ``cl``; raise :class:`InvalidDocument`."""
        with _gc_paused():
            # Valid documents: one parse (all but the depth check), then structuring,
            # which bounds the depth when a pure fast function takes the value.
            value = _json.parse_unchecked(data)
            if value is not _json.DOUBTFUL:
                try:
                    result, bounded = self._structure_bounded(value, cl)
                except Exception:  # noqa: BLE001, S110 - the reference path below reports
                    pass
                else:
                    if bounded or not _json.nests_deeper_than(value, _json.MAX_DEPTH):
                        # Freed before the collector resumes, or its first collection
                        # would walk the parsed document as well as the new objects.
                        del value
                        return result
                del value
            value = _json.parse_fast(data, source=source)
            return self.structure_checked(value, cl, text=data, source=source)

    def dumps(self, obj: Any) -> str:
        """Write ``obj`` as deterministic, indented JSON text (see :meth:`write`)."""
        return self.write(obj).decode("utf-8")

    def dumpb(self, obj: Any) -> bytes:
        """:meth:`dumps` as UTF-8 bytes."""
        return self.write(obj)

    def structure_checked(
        self,
        value: Any,
        cl: type[T],
        *,
        text: str | bytes | None = None,
        source: str | None = None,
    ) -> T:
        """
        Structure ``value`` into ``cl``, turning every failure into :class:`InvalidDocument`.

        ``text`` (the JSON the value was parsed from) lets issues carry line and column.
        """
        try:
            with _gc_paused():
                return self.structure(value, cl)
        except RecursionError:
            issue = Issue(
                code="parse.too_deep",
                message="the document is nested too deeply",
                hint="Flatten the document; innovscale documents are only a few levels deep.",
                source=source,
            )
            raise InvalidDocument(ValidationReport(issues=(issue,))) from None
        except Exception as exc:  # noqa: BLE001 - every failure becomes a report
            issues = issues_from_exception(exc)
            if text is not None:
                issues = _json.locate(issues, text, source=source)
            elif source is not None:
                issues = [attrs.evolve(i, source=source) for i in issues]
            report = ValidationReport(issues=tuple(issues), sources=(source,) if source else ())
            raise InvalidDocument(report) from None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """
    Pause the cyclic garbage collector while a large object graph is built.

    Parsing and structuring allocate many containers and create no cycles, but
    with the collector on, each full collection walks the whole growing graph:
    about half the time of a large load (see ``docs/performance.md``). The
    collector is re-enabled only by the call that disabled it, and is left alone
    when it was already off, so nested calls are safe.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _tuple_hook(conv: cattrs.Converter, type_: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    """The structure hook of ``tuple[X, ...]``: a JSON array, each item structured as ``X``."""
    item_type = typing.get_args(type_)[0]
    item_hook = conv.get_structure_hook(item_type)

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _wrong_type(
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

    hook.__innovscale_items__ = (item_type, item_hook)  # type: ignore[attr-defined]
    return hook


def configure_converter(conv: cattrs.Converter) -> None:
    """
    Configure ``conv`` with innovscale's strict hooks and wire rules.

    * strings, integers, numbers and booleans are checked, never coerced;
    * vocabularies structure from their codes and unstructure to them;
    * :class:`~innovscale.model.PartialDate` is an ISO 8601 string;
    * ``tuple[X, ...]`` fields require JSON arrays;
    * attrs classes require JSON objects, forbid unknown keys and omit defaults.
    """
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    # A predicate, not the type: Python 3.10's singledispatch refuses typing.Any.
    conv.register_structure_hook_func(_is_any, _structure_any)
    conv.register_structure_hook(PartialDate, _structure_date)
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook_factory(_is_extensions, lambda _: _structure_extensions)
    conv.register_unstructure_hook_factory(_is_extensions, lambda _: _sorted_keys)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda _: _enum_code,
    )

    conv.register_structure_hook_factory(_is_variadic_tuple, functools.partial(_tuple_hook, conv))

    def optional_hook(type_: Any) -> Callable[[Any, Any], Any]:
        inner_type = next(a for a in typing.get_args(type_) if a is not type(None))
        inner = conv.get_structure_hook(inner_type)

        if inner is _structure_str:
            return _structure_optional_str

        def hook(value: Any, _: Any) -> Any:
            if value is None:
                raise InvariantError(
                    "null is not allowed here",
                    code="value.type",
                    value=None,
                    hint="Leave an optional field out instead of writing null.",
                )
            return inner(value, inner_type)

        hook.__innovscale_optional__ = (inner_type, inner)  # type: ignore[attr-defined]
        return hook

    conv.register_structure_hook_factory(_is_optional, optional_hook)

    def attrs_structure(cl: type[Any]) -> Callable[[Any, Any], Any]:
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True)
        name = cl.__name__
        always = _always_written(cl)

        if not always:
            return _object_hook(inner, cl)

        def hook(value: Any, _: Any) -> Any:
            if type(value) is not dict:
                raise _wrong_type(f"an object ({_a(name)})", value)
            for key in always:
                if key not in value:
                    raise InvariantError(
                        f"required field {key!r} missing",
                        code="value.required",
                        path=(key,),
                        hint=f"Add {key!r}; every document says which format version it uses.",
                    )
            return inner(value, cl)

        hook.__innovscale_structures__ = cl  # type: ignore[attr-defined]
        return hook

    conv.register_structure_hook_factory(attrs.has, attrs_structure)
    conv.register_unstructure_hook_factory(attrs.has, lambda cl: _attrs_unstructure(cl, conv))


def _attrs_unstructure(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    """
    Unstructure ``cl`` to a dict with its keys in field order, leaving defaults out.

    The function is generated (:func:`_generate_unstructure`) so that keys come out in
    field order with no re-ordering pass; classes it does not cover use the cattrs
    function re-ordered (:func:`_attrs_unstructure_reference`). Both give equal dicts,
    with equal key order, and evaluate fields in the same order.
    """
    generated = _generate_unstructure(cl, conv)
    return generated if generated is not None else _attrs_unstructure_reference(cl, conv)


def _attrs_unstructure_reference(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    """The cattrs unstructure function for ``cl`` with its keys put in field order."""
    always = _always_written(cl)
    overrides: dict[str, Any] = {key: override(omit_if_default=False) for key in always}
    inner = make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True, **overrides)
    # cattrs writes the fields it never omits first; put every key back in field order.
    order = tuple(a.name for a in attrs.fields(cl))
    kept = [a.name for a in attrs.fields(cl) if a.default is attrs.NOTHING or a.name in always]
    if order == (*kept, *(name for name in order if name not in kept)):
        return inner

    def hook(obj: Any) -> dict[str, Any]:
        out = inner(obj)
        return {key: out[key] for key in order if key in out}

    return hook


class _Source:
    """Python source of a generated function, with the objects it names."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.lines: list[str] = []
        #: Classes whose objects a writer leaves to orjson (and so to their own writers),
        #: or the fast structure functions a fast structure function calls.
        self.left: set[Any] = set()
        #: Whether a fast structure function calls a hook that may accept containers.
        self.impure = False

    def bind(self, value: Any) -> str:
        name = f"_g{len(self.namespace)}"
        self.namespace[name] = value
        return name


def _value_expression(hook: Any, var: str, src: _Source, depth: int = 0) -> str:
    """
    An expression equal to ``hook(var)`` for an unstructure hook, inlined when the
    hook is one whose result is known: identity, ``list``, vocabulary codes, the
    cattrs optional and iterable hooks around a known hook.
    """
    from cattrs.fns import identity  # noqa: PLC0415 - only when generating

    name = getattr(hook, "__qualname__", "")
    defaults: tuple[Any, ...] = getattr(hook, "__defaults__", None) or ()
    if hook is identity:
        return var
    if hook is _enum_code:
        return f"{var}._value_"
    if hook is list:
        return f"list({var})"
    if _is_optional_hook(hook):
        inner = _value_expression(defaults[0], var, src, depth)
        return f"(None if {var} is None else {inner})"
    if (
        name.endswith("iterable_unstructure_factory.<locals>.unstructure_iterable")
        and len(defaults) == 2
        and defaults[0] is list
    ):
        item = f"_i{depth}"
        inner = _value_expression(defaults[1], item, src, depth + 1)
        return f"[{inner} for {item} in {var}]"
    return f"{src.bind(hook)}({var})"


def _generate_unstructure(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any] | None:
    """
    Generate the unstructure function of ``cl``, or ``None`` for classes it does not cover.

    The function equals the cattrs one re-ordered (:func:`_attrs_unstructure_reference`):
    the same hook for each field, the same test against the default (``!=``; ``is not``
    for a ``None`` default), fields that are never left out evaluated first as cattrs
    does, and keys written in field order.
    """
    fields = attrs.fields(attrs.resolve_types(cl))
    if any(not a.init or a.type is None for a in fields):
        return None
    function = _generate_dict_function(
        cl, conv, "unstructure", lambda hook, _, var, src: _value_expression(hook, var, src)
    )
    function.__innovscale_unstructures__ = cl  # type: ignore[attr-defined] # for writers
    return function


def _is_optional_hook(hook: Any) -> bool:
    """Whether ``hook`` is the cattrs unstructure hook of ``X | None`` (wrapping X's hook)."""
    name = getattr(hook, "__qualname__", "")
    defaults: tuple[Any, ...] = getattr(hook, "__defaults__", None) or ()
    return (
        name.endswith("gen_unstructure_optional.<locals>.unstructure_optional")
        and len(defaults) == 1
    )


def _generate_dict_function(
    cl: type[Any],
    conv: cattrs.Converter,
    kind: str,
    expression: Callable[[Any, Any, str, _Source], str],
) -> Callable[[Any], Any]:
    """
    Generate ``{kind}_{name}(obj)``, which returns the dict of ``obj``: its fields in
    order, each as ``expression(hook, type, "v", src)`` gives it, leaving out those
    equal to their default (``!=``; ``is not`` for a ``None`` default), and evaluating
    the fields that are never left out first, as cattrs does.
    """
    always = _always_written(cl)
    src = _Source()
    required: list[str] = []
    body: list[str] = []
    for index, a in enumerate(attrs.fields(attrs.resolve_types(cl))):
        key = repr(a.name)
        hook, type_ = conv.get_unstructure_hook(a.type), a.type
        default = a.default
        if default is attrs.NOTHING or a.name in always:
            required.append(f"    v = obj.{a.name}")
            required.append(f"    r{index} = {expression(hook, type_, 'v', src)}")
            body.append(f"    res[{key}] = r{index}")
            continue
        body.append(f"    v = obj.{a.name}")
        if default is None:
            body.append("    if v is not None:")
            if _is_optional_hook(hook):  # written only when not None
                hook, type_ = (hook.__defaults__ or (hook,))[0], _field_type(type_)
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            factory = src.bind(default.factory)
            call = f"{factory}(obj)" if default.takes_self else f"{factory}()"
            body.append(f"    if v != {call}:")
        else:
            body.append(f"    if v != {src.bind(default)}:")
        body.append(f"        res[{key}] = {expression(hook, type_, 'v', src)}")
    name = f"{kind}_{cl.__name__}"
    lines = [f"def {name}(obj):", *required, "    res = {}", *body, "    return res"]
    function: Callable[[Any], Any] = compile_function(lines, name, src.namespace)
    function.__innovscale_left__ = frozenset(src.left)  # type: ignore[attr-defined]
    return function


# -- Structuring in one pass --------------------------------------------------------------
#
# The cattrs functions (with ``detailed_validation``) collect every error of a
# document, which costs a ``try`` per field, a hook call per value, and then attrs'
# ``__init__`` with a validator call per field. Most documents are valid, so each
# class also gets a *fast* structure function generated from the same hooks: one
# function per class that checks types, converts, and sets the fields itself, runs
# the same validators and class rules, and gives up (``_GiveUp``) at the first thing
# that is wrong. The converter's ``structure`` runs it first and, if it gives up (or
# anything at all goes wrong), runs the cattrs function, whose exceptions are the
# reference: the result or the error is the reference's either way.


#: Hooks that accept no container (they raise for one).
_SCALAR_HOOKS = frozenset({_structure_int, _structure_float, _structure_bool, _structure_date})

#: How deep the values under ``extensions`` may nest (the dict itself at depth 1) for
#: the fast path; deeper ones are left to the reference, which checks the whole text.
_EXTENSION_DEPTH = 32


class _GiveUp(Exception):
    """The fast structure function met something; the reference path decides."""


_ABSENT: Any = object()


def _structure_steps(
    hook: Any, type_: Any, *, var: str, out: str, src: _Source, pad: str, fast: dict[Any, Any]
) -> list[str]:
    """Statements that set ``out`` to ``hook(var, type_)``, or raise ``_GiveUp``."""
    give_up = src.bind(_GiveUp)
    members = getattr(hook, "__innovscale_members__", None)
    items = getattr(hook, "__innovscale_items__", None)
    optional = getattr(hook, "__innovscale_optional__", None)
    nested = fast.get(getattr(hook, "__innovscale_structures__", None))
    if hook is _structure_str or hook is _structure_optional_str:
        return [f"{pad}if {var}.__class__ is not str: raise {give_up}", f"{pad}{out} = {var}"]
    if hook is _structure_extensions:
        plain = src.bind(_json.plain_within)
        return [
            f"{pad}if {var}.__class__ is not dict: raise {give_up}",
            f"{pad}if {var} and not {plain}({var}, {_EXTENSION_DEPTH}): raise {give_up}",
            f"{pad}{out} = {var}",
        ]
    if members is not None:
        get = src.bind(members.get)
        return [
            f"{pad}{out} = {get}({var}) if {var}.__class__ is str else None",
            f"{pad}if {out} is None: raise {give_up}",
        ]
    if hook is _structure_date:
        cached = src.bind(_DATES.get)
        return [
            f"{pad}{out} = {cached}({var}) if {var}.__class__ is str else None",
            f"{pad}if {out} is None: {out} = {src.bind(_structure_date)}({var}, None)",
        ]
    if nested is not None:
        src.left.add(nested)
        return [f"{pad}{out} = {src.bind(nested)}({var})"]
    if optional is not None:
        inner_type, inner = optional
        return [
            f"{pad}if {var} is None: raise {give_up}",
            *_structure_steps(inner, inner_type, var=var, out=out, src=src, pad=pad, fast=fast),
        ]
    if items is not None:
        item_type, item_hook = items
        steps = [f"{pad}if {var}.__class__ is not list: raise {give_up}"]
        item_members = getattr(item_hook, "__innovscale_members__", None)
        item_nested = fast.get(getattr(item_hook, "__innovscale_structures__", None))
        if item_hook is _structure_str:
            steps += [
                f"{pad}for _x in {var}:",
                f"{pad}    if _x.__class__ is not str: raise {give_up}",
                f"{pad}{out} = tuple({var})",
            ]
        elif item_members is not None:
            get = src.bind(item_members.get)
            steps += [
                f"{pad}{out} = tuple([{get}(_x) if _x.__class__ is str else None for _x in {var}])",
                f"{pad}if None in {out}: raise {give_up}",
            ]
        elif item_nested is not None:
            src.left.add(item_nested)
            steps.append(f"{pad}{out} = tuple([{src.bind(item_nested)}(_x) for _x in {var}])")
        else:
            src.impure |= item_hook not in _SCALAR_HOOKS
            call = f"{src.bind(item_hook)}(_x, {src.bind(item_type)})"
            steps.append(f"{pad}{out} = tuple([{call} for _x in {var}])")
        return steps
    src.impure |= hook not in _SCALAR_HOOKS
    return [f"{pad}{out} = {src.bind(hook)}({var}, {src.bind(type_)})"]


@functools.cache
def _depth_bound(type_: Any, depth: int = 1) -> int:
    """
    How deep the JSON of a ``type_`` value at ``depth`` can nest, for the fast path:
    objects and arrays of the model nest as the classes do, and values under
    ``extensions`` at most ``_EXTENSION_DEPTH`` more (the fast functions check them).
    """
    if _is_optional(type_):
        return _depth_bound(_field_type(type_), depth)
    if _is_extensions(type_):
        return depth + _EXTENSION_DEPTH - 1
    if _is_variadic_tuple(type_):
        return max(depth, _depth_bound(typing.get_args(type_)[0], depth + 1))
    if isinstance(type_, type) and attrs.has(type_) and type_ is not PartialDate:
        if depth > _json.MAX_DEPTH:  # a class nesting itself, or deeper than allowed
            return depth
        fields = attrs.fields(attrs.resolve_types(type_))
        return max([depth, *(_depth_bound(a.type, depth + 1) for a in fields)])
    return 0


def _generate_structure(
    cl: type[Any], conv: cattrs.Converter, fast: dict[Any, Any]
) -> Callable[[Any], Any] | None:
    """
    Generate the fast structure function of ``cl`` (see the note above), or ``None``
    for classes it does not cover. ``fast`` holds those of the nested classes.

    Fields are looked up in order until every key of the object has been found (most
    objects leave most optional fields out); the rest take their defaults.
    """
    hook = conv.get_structure_hook(cl)
    fields = attrs.fields(attrs.resolve_types(cl))
    if (
        getattr(hook, "__innovscale_structures__", None) is not cl
        or any(not a.init or a.converter is not None or a.alias != a.name for a in fields)
        or any(
            isinstance(a.default, attrs.Factory) and a.default.takes_self  # type: ignore[arg-type]
            for a in fields
        )
    ):
        return None
    always = _always_written(cl)
    src = _Source()
    give_up = src.bind(_GiveUp)
    absent = src.bind(_ABSENT)
    name = f"structure_{cl.__name__}"
    lines = [
        f"def {name}(d):",
        f"    if d.__class__ is not dict: raise {give_up}",
        "    left = len(d)",
    ]
    checks: list[str] = []
    for index, a in enumerate(fields):
        out = f"a{index}"
        default = a.default
        if default is attrs.NOTHING or a.name in always:
            missing = f"raise {give_up}"
        elif default is None:
            missing = f"{out} = None"
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            missing = f"{out} = {src.bind(default.factory)}()"
        else:
            missing = f"{out} = {src.bind(default)}"
        field_hook = conv.get_structure_hook(a.type)
        steps = _structure_steps(
            field_hook, a.type, var="v", out=out, src=src, pad="            ", fast=fast
        )
        lines += [
            "    if left:",
            f"        v = d.get({a.name!r}, {absent})",
            f"        if v is {absent}:",
            f"            {missing}",
            "        else:",
            "            left -= 1",
            *steps,
            "    else:",
            f"        {missing}",
        ]
        checks += _validation_steps(a, field_hook, out, src)
    # A key no field took: unknown (or a class whose hook did not see it).
    lines.append(f"    if left: raise {give_up}")
    lines.append(f"    o = {src.bind(object.__new__)}({src.bind(cl)})")
    setattr_ = src.bind(object.__setattr__)
    lines += [f"    {setattr_}(o, {a.name!r}, a{i})" for i, a in enumerate(fields)]
    # attrs runs the validators after setting every field, then the class rules.
    lines += checks
    post_init = getattr(cl, "__attrs_post_init__", None)
    rule_checks = getattr(post_init, "__innovscale_checks__", None)
    if rule_checks is not None:  # the class rules' checks, called here
        lines += [f"    if not {src.bind(check)}(o): raise {give_up}" for check, _ in rule_checks]
    elif post_init is not None:
        lines.append(f"    {src.bind(post_init)}(o)")
    lines.append("    return o")
    function: Callable[[Any], Any] = compile_function(lines, name, src.namespace)
    # Pure: every value it accepts went through a known hook, so whatever it accepts
    # nests no deeper than the classes allow (see _depth_bound).
    function.__innovscale_pure__ = not src.impure and all(  # type: ignore[attr-defined]
        getattr(nested, "__innovscale_pure__", False) for nested in src.left
    )
    return function


#: Hooks after which a field's value is known to be of its JSON type (and finite),
#: so its constraints can be tested inline.
_TYPED_HOOKS = frozenset(
    {_structure_str, _structure_optional_str, _structure_int, _structure_float}
)


def _validation_steps(a: attrs.Attribute[Any], hook: Any, out: str, src: _Source) -> list[str]:
    """Statements running the validator of field ``a`` on ``out`` as attrs would."""
    validator = a.validator
    if validator is None:
        return []
    if not isinstance(validator, Constraints):
        return [f"    {src.bind(validator)}(o, {src.bind(a)}, {out})"]
    optional = getattr(hook, "__innovscale_optional__", None)
    inner = optional[1] if optional is not None else hook
    items = getattr(inner, "__innovscale_items__", None)
    typed = inner in _TYPED_HOOKS or (
        items is not None
        and (
            items[1] is _structure_str
            or hasattr(items[1], "__innovscale_members__")
            or hasattr(items[1], "__innovscale_structures__")
        )
    )
    if inner is _structure_extensions:
        typed = True  # a dict, whose keys are strings (propertyNames)
    if not typed:  # the compiled check, exactly as attrs calls it
        return [f"    if {out} is not None: {src.bind(validator.check_value)}({a.name!r}, {out})"]
    tests = validator.failing(out, src.bind, "        ", f"raise {src.bind(_GiveUp)}")
    return [f"    if {out} is not None:", *tests] if tests else []


# -- Writing straight from the objects ----------------------------------------------------
#
# ``dumps`` could unstructure to dicts and hand them to the encoder, which must then
# check every value of the result before orjson may write it (``_json._encode_orjson``);
# both passes cost more than orjson's own writing. Instead, orjson walks the objects
# itself: for each attrs class a *writer* is generated from the same hooks as the
# unstructure function, returning the object's dict with its fields (defaults left
# out, keys in field order) but leaving nested model objects, their tuples and dates
# to orjson, which calls the writer of each object it meets (its ``default``). Only
# what orjson might write differently from the standard library is checked, where it
# can occur: floats (written in fixed-point notation alike, not otherwise) and the
# values of ``extensions`` and of hooks the writer does not know. Anything else
# orjson refuses by itself (integers beyond 64 bits, lone surrogates, objects without
# a writer) or is sent to ``default`` by the pass-through options (subclasses of
# ``str``, ``int``, ``dict`` and ``list``, dates, dataclasses), which refuses it; then
# the value is written the reference way, unstructured and encoded.


def _write_number(value: Any) -> Any:
    if type(value) is float and not _json.float_written_alike(value):
        raise _json.Suspect
    return value


def _write_plain(value: Any) -> Any:
    """``value`` if orjson writes it as the standard library does; else raise ``Suspect``."""
    _json.check_plain(value)
    return value


def _write_extensions(value: Any) -> Any:
    return _write_plain(_sorted_keys(value))


def _field_type(type_: Any) -> Any:
    """``X`` for ``X | None``, else the type itself."""
    if _is_optional(type_):
        return next(a for a in typing.get_args(type_) if a is not type(None))
    return type_


_WRITTEN_AS_IS = (str, int, bool)


def _nested_types(type_: Any) -> Iterator[Any]:
    """``type_`` and every type in its arguments, all the way down."""
    yield type_
    for arg in typing.get_args(type_):
        yield from _nested_types(arg)


def _writer_expression(hook: Any, type_: Any, var: str, src: _Source, depth: int = 0) -> str:
    """
    An expression for ``var`` that orjson writes as the standard library writes
    ``hook(var)``: ``var`` itself where orjson's walk gives the same bytes, and
    nested model objects left to their writers (see the note above).
    """
    from cattrs.fns import identity  # noqa: PLC0415 - only when generating

    name = getattr(hook, "__qualname__", "")
    defaults: tuple[Any, ...] = getattr(hook, "__defaults__", None) or ()
    inner_type = _field_type(type_)
    if hook is identity:
        if inner_type in _WRITTEN_AS_IS:
            return var
        if inner_type is float:
            # Inlined _write_number: most numbers are floats in the common range.
            return (
                f"({var} if {var}.__class__ is not float"
                f" or {_json.FIXED_MIN!r} <= {var} < {_json.FIXED_MAX!r}"
                f" or {-_json.FIXED_MAX!r} < {var} <= {-_json.FIXED_MIN!r} or {var} == 0.0"
                f" else {src.bind(_write_number)}({var}))"
            )
        return f"{src.bind(_write_plain)}({var})"
    if hook is list and _is_variadic_tuple(type_) and typing.get_args(type_)[0] in _WRITTEN_AS_IS:
        return var
    if hook is _enum_code:
        return f"{var}._value_"
    if hook is _sorted_keys:
        return f"{src.bind(_write_extensions)}({var})"
    if hook is str and inner_type is PartialDate:
        return f"str({var})"  # cheaper here than in a call from orjson
    if attrs.has(inner_type) and getattr(hook, "__innovscale_unstructures__", None) is inner_type:
        src.left.add(inner_type)
        return var
    if _is_optional_hook(hook):
        inner = _writer_expression(defaults[0], inner_type, var, src, depth)
        return var if inner == var else f"(None if {var} is None else {inner})"
    if (
        name.endswith("iterable_unstructure_factory.<locals>.unstructure_iterable")
        and len(defaults) == 2
        and defaults[0] is list
        and _is_variadic_tuple(type_)
    ):
        item = f"_i{depth}"
        item_type = typing.get_args(type_)[0]
        inner = _writer_expression(defaults[1], item_type, item, src, depth + 1)
        return var if inner == item else f"[{inner} for {item} in {var}]"
    return f"{src.bind(_write_plain)}({src.bind(hook)}({var}))"


def _generate_writer(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any] | None:
    """
    Generate the writer of ``cl`` (see the note above), or ``None`` if the converter
    does not unstructure ``cl`` with the generated function.
    """
    hook = conv.get_unstructure_hook(cl)
    if getattr(hook, "__innovscale_unstructures__", None) is not cl:
        return None
    return _generate_dict_function(cl, conv, "writer", _writer_expression)


def _always_written(cl: type[Any]) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cl) if a.metadata.get("required_in_json"))


def make_converter() -> InnovscaleConverter:
    """A new converter with innovscale's configuration; see :func:`configure_converter`."""
    conv = InnovscaleConverter(detailed_validation=True, forbid_extra_keys=True)
    configure_converter(conv)
    return conv


#: The shared converter. Create your own with :func:`make_converter` to customise it.
converter: InnovscaleConverter = make_converter()


def _resolve_type(type: str | type[T] | None) -> type[Any]:  # noqa: A002
    if type is None:
        return EvidenceBase
    if isinstance(type, str):
        try:
            return RECORD_TYPES[type]
        except KeyError:
            known = ", ".join(RECORD_TYPES)
            raise ValueError(f"unknown record type {type!r}; use one of: {known}") from None
    return type


def structure(value: Any, type: str | type[T] | None = None) -> Any:  # noqa: A002
    """
    Structure JSON-compatible ``value`` into a model object.

    Args:
        value: Data as returned by :func:`json.loads`.
        type: The class (or record type name, e.g. ``"innovation"``) to build;
            an :class:`~innovscale.EvidenceBase` by default.

    Raises:
        InvalidDocument: The value does not fit the model; ``.report`` lists every issue.
    """
    return converter.structure_checked(value, _resolve_type(type))


def unstructure(obj: Any) -> Any:
    """Turn a model object into JSON-compatible data (dicts, lists, strings, numbers)."""
    with _gc_paused():
        return converter.unstructure(obj)


@overload
def loads(data: str | bytes, type: None = None, *, source: str | None = None) -> EvidenceBase: ...
@overload
def loads(data: str | bytes, type: type[T], *, source: str | None = None) -> T: ...
@overload
def loads(data: str | bytes, type: str, *, source: str | None = None) -> Any: ...
def loads(data: str | bytes, type: Any = None, *, source: str | None = None) -> Any:  # noqa: A002
    """
    Parse JSON text (``str`` or UTF-8 ``bytes``) into a model object.

    Args:
        data: The JSON text.
        type: The class or record type name to build; an evidence base by default.
        source: A name for the input (a file name) used in issue locations.

    Raises:
        InvalidDocument: The text is not valid JSON or does not fit the model;
            issues carry line and column.
    """
    return converter.loads(data, _resolve_type(type), source=source)


def dumps(obj: Any) -> str:
    """Write a model object as deterministic, indented JSON text ending in a newline."""
    return converter.dumps(obj)


def dumpb(obj: Any) -> bytes:
    """Like :func:`dumps`, as UTF-8 bytes."""
    return converter.dumpb(obj)


def load(path: PathLike, type: Any = None) -> Any:  # noqa: A002
    """
    Read a JSON file into a model object (an evidence base by default).

    Raises:
        InvalidDocument: The file is not valid; issues carry the file name, line and column.
        OSError: The file cannot be read.
    """
    data = Path(path).read_bytes()
    return converter.loads(data, _resolve_type(type), source=str(path))


_EXAMPLE = "against-the-odds.json"


def load_example() -> EvidenceBase:
    """
    The example evidence base: the ten innovations of *Against the Odds* (2018),
    recorded from public sources, as shipped with innovscale (the repository's
    ``examples/against-the-odds.json``).

    >>> import innovscale
    >>> len(innovscale.load_example().innovations)
    10

    .. versionadded:: 0.1.0
    """
    shipped = files("innovscale").joinpath("examples", _EXAMPLE)
    if shipped.is_file():
        data = shipped.read_bytes()
    else:  # a source checkout (an editable install): the repository's copy
        data = (Path(__file__).resolve().parents[2] / "examples" / _EXAMPLE).read_bytes()
    base: EvidenceBase = loads(data, source=_EXAMPLE)
    return base


def _unwritable(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:
    """The error for the first value in unstructured ``value`` that JSON cannot hold."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                return surrogate_error(where, item)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return not_finite_error(where, item)
        elif isinstance(item, dict):
            for key, each in reversed(item.items()):
                if not isinstance(key, str) or has_surrogate(key):
                    return InvariantError(
                        f"the key {key!r} cannot be written as JSON",
                        code="value.type",
                        path=where,
                        value=key,
                        hint="Object keys are strings of characters.",
                    )
                stack.append((each, (*where, key)))
        elif isinstance(item, (list, tuple)):
            stack.extend((each, (*where, i)) for i, each in reversed(list(enumerate(item))))
        elif item is not None and not isinstance(item, (bool, int)):
            return InvariantError(
                f"{type(item).__name__} is not a JSON value",
                code="value.type",
                path=where,
                value=item,
                hint="Give None, a bool, a str, a finite number, or lists and dicts of those.",
            )
    return None


def _atomic_write(path: PathLike, write: Callable[[IO[bytes]], object]) -> None:
    """
    Write through ``write`` to a temporary file beside ``path``, then move it into place.

    A symlink is written through, to the file it names (as editors do). The new file
    keeps the old one's permission bits, or gets those ``open`` would give a new file
    (``0o666`` less the umask). Temporary files left by a killed write (their process
    is gone) are removed first.
    """
    target = Path(os.path.realpath(path))
    _remove_stale_temporaries(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise FileWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise FileWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, InnovscaleError):
            raise
        if isinstance(exc, Exception):
            raise FileWriteError(f"cannot write {path}: {exc}") from exc
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(target: Path) -> None:
    """Remove ``.<name>.<pid>.*.tmp`` files beside ``target`` whose process has ended."""
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return  # the write itself will say what is wrong
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_text = name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or an impossible pid): leave its file
    return True


def write_bytes_atomic(path: PathLike, data: bytes) -> None:
    """
    Write ``data`` to ``path`` atomically: a failure leaves any existing file intact.

    Raises:
        FileWriteError: The file could not be written.
    """
    _atomic_write(path, lambda handle: handle.write(data))


def dump(obj: Any, path: PathLike) -> None:
    """
    Write a model object to a JSON file, atomically.

    The data is written to a temporary file beside ``path`` and moved into place,
    so a failure (including one while encoding) leaves any existing file intact.

    Raises:
        FileWriteError: The file could not be written.
    """
    _atomic_write(path, lambda handle: handle.write(dumpb(obj)))


# -- JSON Lines ---------------------------------------------------------------------------


def _record_line(record: Any) -> str:
    name = _TYPE_NAMES.get(type(record))
    if name is None:
        raise TypeError(f"{type(record).__name__} is not a top-level record type")
    return converter.write({name: record}, indent=False).decode("utf-8")


def dumps_jsonl(base: EvidenceBase) -> str:
    """
    Write an evidence base as JSON Lines: a header line, then one line per record.

    The header is ``{"evidence_base": {...}}`` holding the base's metadata; each
    record line is ``{"<record type>": {...}}``, e.g. ``{"innovation": {...}}``.
    """
    lines = [_record_line(base.header())]
    lines.extend(_record_line(record) for record in base.records())
    return "".join(lines)


def write_jsonl(base: EvidenceBase, path: PathLike) -> None:
    """Write :func:`dumps_jsonl` output to ``path``, atomically, line by line."""

    def write(handle: IO[bytes]) -> None:
        handle.write(_record_line(base.header()).encode("utf-8"))
        for record in base.records():
            handle.write(_record_line(record).encode("utf-8"))

    _atomic_write(path, write)


def _structure_line(value: Any, line_no: int, text: str, source: str | None) -> Any:
    if type(value) is not dict or len(value) != 1:
        issue = Issue(
            code="jsonl.line_shape",
            message="a JSON Lines line must be an object with exactly one key, the record type",
            hint='Write each line as {"innovation": {...}}; types: ' + ", ".join(RECORD_TYPES),
            source=source,
            line=line_no,
            column=1,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,)))
    ((name, body),) = value.items()
    cls = RECORD_TYPES.get(name)
    if cls is None:
        close = closest(name, RECORD_TYPES)
        issue = Issue(
            code="jsonl.unknown_type",
            message=f"{name!r} is not a record type",
            path=(name,),
            hint=f"Did you mean {close!r}?" if close else "Use one of: " + ", ".join(RECORD_TYPES),
            source=source,
            line=line_no,
            column=1,
        )
        raise InvalidDocument(ValidationReport(issues=(issue,)))
    try:
        return converter.structure_checked(body, cls)
    except InvalidDocument as exc:
        # Paths are relative to the record; locate them in the line, under its type key.
        located = _json.locate(
            [attrs.evolve(i, path=(name, *i.path)) for i in exc.report.issues], text, source=source
        )
        issues = [
            attrs.evolve(
                i,
                line=line_no if i.line is None else line_no + i.line - 1,
                column=1 if i.column is None else i.column,
            )
            for i in located
        ]
        raise InvalidDocument(ValidationReport(issues=tuple(issues))) from None


def iter_jsonl(lines: Iterable[str | bytes], *, source: str | None = None) -> Iterator[Any]:
    """
    Structure JSON Lines one line at a time, yielding model objects.

    Memory stays flat however long the input is. Blank lines are skipped.

    Raises:
        InvalidDocument: At the first invalid line; issues carry its line number.
    """
    for line_no, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        with _gc_paused():
            value = _json.parse_fast(text, source=source, first_line=line_no)
            record = _structure_line(value, line_no, text, source)
        yield record


def load_jsonl(path: PathLike) -> EvidenceBase:
    """
    Read a JSON Lines evidence base (as written by :func:`write_jsonl`) into an
    :class:`~innovscale.EvidenceBase`.

    Records may come in any order; a header line is optional (without one the
    base gets the id and title of the file name).
    """
    header: EvidenceBase | None = None
    collections: dict[str, list[Any]] = {name: [] for name in RECORD_COLLECTIONS}
    with Path(path).open("rb") as handle, _gc_paused():
        for obj in iter_jsonl(handle, source=str(path)):
            if isinstance(obj, EvidenceBase):
                header = obj
            else:
                collections[_COLLECTION_OF[type(obj)]].append(obj)
    if header is None:
        header = EvidenceBase(id=_json.slug(Path(path).stem), title=Path(path).stem)
    return header.with_records(collections)


# -- Errors --------------------------------------------------------------------------------


def unknown_field_issue(
    key: str, owner: str, known: Iterable[str], path: tuple[str | int, ...]
) -> Issue:
    """
    The issue for an unknown field ``key`` of ``owner`` (a class or schema title),
    with a did-you-mean hint drawn from the ``known`` field names.

    Both the structuring tier and the schema tier report unknown fields with it,
    so a user sees the same words whichever found the field.
    """
    close = closest(key, list(known))
    hint = (f"Did you mean {close!r}? " if close else "") + (
        "Remove the field, or keep your own data under 'extensions' "
        f"with a namespaced key such as 'acme:{key}'."
    )
    return Issue(
        code="value.unknown_field",
        message=f"unknown field {key!r} in {owner}",
        path=(*path, key),
        hint=hint,
    )


def issues_from_exception(exc: BaseException, path: tuple[str | int, ...] = ()) -> list[Issue]:
    """
    Flatten a structuring failure (a cattrs exception group, or an
    :class:`~innovscale.InvariantError`) into :class:`~innovscale.Issue` s with
    ``$``-rooted paths.
    """
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        issues: list[Issue] = []
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if hasattr(note, "name"):
                    sub_path = (*path, note.name)
                elif hasattr(note, "index"):
                    sub_path = (*path, note.index)
            issues.extend(issues_from_exception(sub, sub_path))
        return issues
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        return [
            unknown_field_issue(key, exc.cl.__name__, known, path)
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, InvariantError):
        return [
            Issue(
                code=exc.code,
                message=exc.message,
                path=(*path, *exc.path),
                value=exc.value,
                hint=exc.hint,
            )
        ]
    if isinstance(exc, KeyError):
        field = path[-1] if path else None
        return [
            Issue(
                code="value.required",
                message=f"required field {field!r} missing" if field else "required field missing",
                path=path,
                hint="Add the field; see the schema reference for what it holds.",
            )
        ]
    return [
        Issue(
            code="value.invalid",
            message=f"{type(exc).__name__}: {exc}",
            path=path,
            hint="Check the value against the schema reference.",
        )
    ]
