"""
The cattrs converter of the innovscale model, with its fast paths.

:class:`InnovscaleConverter` is a ``cattrs.Converter`` whose ``structure`` first runs
a generated one-pass function and whose :meth:`~InnovscaleConverter.write` lets
orjson walk the objects; the cattrs functions are the reference, and whatever they
give (a result or an error) is what the converter gives.
"""

from __future__ import annotations

import enum
import math
import os
import typing
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs

from innovscale import _json
from innovscale._io import gc_paused
from innovscale._suggest import one_run
from innovscale.exceptions import InnovscaleError, InvalidDocument, InvariantError
from innovscale.model import EvidenceBase, PartialDate
from innovscale.model._types import VALUE_TYPE, has_surrogate, not_finite_error, surrogate_error
from innovscale.report import ValidationReport
from innovscale.serialization._errors import issues_from_exception
from innovscale.serialization._gen._structure import GiveUp, depth_bound, generate_structure
from innovscale.serialization._gen._unstructure import (
    attrs_unstructure_reference,
    generate_unstructure,
)
from innovscale.serialization._gen._writer import generate_writer
from innovscale.serialization._hooks import (
    UNKNOWN,
    HookInfo,
    attrs_structure,
    enum_code,
    enum_hook,
    is_any,
    is_extensions,
    is_optional,
    is_variadic_tuple,
    nested_types,
    optional_hook,
    optional_unstructure,
    sorted_keys,
    structure_any,
    structure_bool,
    structure_date,
    structure_extensions,
    structure_float,
    structure_int,
    structure_str,
    tuple_hook,
    tuple_unstructure,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from innovscale._codegen import Generated

__all__ = ["InnovscaleConverter", "configure_converter", "converter", "make_converter"]

T = TypeVar("T")


#: Set (to anything but ``0``) to make a failure inside generated code raise instead of
#: falling back to the cattrs functions: innovscale's own tests run with it, so that
#: a bug in a code generator fails a test instead of only slowing things down.
STRICT_ENV = "INNOVSCALE_STRICT_GENERATED"


class InnovscaleConverter(cattrs.Converter):
    """
    The cattrs converter for the innovscale model, with :meth:`loads` and :meth:`dumps`.

    Create one with :func:`~innovscale.serialization.make_converter`;
    :data:`~innovscale.serialization.converter` is the shared instance.

    Args:
        generated: Whether to use generated code (fast structure functions,
            unstructure functions and writers); ``False`` keeps to cattrs' own
            functions, the reference the generated ones are tested against.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *generated*.
    """

    def __init__(self, *args: Any, generated: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Whether this converter uses generated code; see the class docstring.
        self.generated = generated
        self._strict = os.environ.get(STRICT_ENV, "0") != "0"
        self._hook_infos: dict[Callable[..., Any], HookInfo] = {}
        self._writers: dict[type[Any], Generated | None] = {}
        self._default: Callable[[Any], Any] | None = None
        self._fast: dict[Any, Generated | None] = {}

    def hook_info(self, hook: Callable[..., Any]) -> HookInfo:
        """What ``hook`` (one of this converter's hooks) does, for generated code to inline."""
        return self._hook_infos.get(hook, UNKNOWN)

    # Fast structure functions are generated from the structure hooks, so a new hook
    # drops them all.
    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = {}
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = {}
        return super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = {}
        return super().register_structure_hook_factory(*args, **kwargs)

    def structure(self, obj: Any, cl: type[T]) -> T:
        """
        Structure ``obj`` into ``cl`` as ``cattrs.Converter.structure`` does.

        For attrs classes a generated one-pass function is tried first; if it meets
        anything wrong, the cattrs function runs instead and its result or exception
        is what this gives.
        """
        taken = self.structure_generated(obj, cl)
        if taken is not None:
            return taken[0]
        return super().structure(obj, cl)

    def structure_reference(self, obj: Any, cl: type[T]) -> T:
        """``cattrs.Converter.structure``: the cattrs functions alone, which collect every error."""
        return super().structure(obj, cl)

    def structure_generated(self, obj: Any, cl: type[T], depth: int = 1) -> tuple[T, bool] | None:
        """
        ``obj`` structured by the generated function of ``cl``, with whether it is known
        to nest no more than :data:`~innovscale._json.MAX_DEPTH` deep if it sits at
        ``depth`` in its document (when every value went through a known hook; see
        ``depth_bound``); ``None`` if there is no such function or it met anything wrong.
        """
        fast = self.generated_structure(cl)
        if fast is None:
            return None
        try:
            result: T = fast.function(obj)
        except GiveUp:
            return None
        except InvariantError:  # a value its hooks refuse: the reference reports it
            return None
        except Exception:
            if self._strict:
                raise
            return None
        bounded = fast.pure and depth_bound(typing.cast("Any", cl), depth) <= _json.MAX_DEPTH
        return result, bounded

    def generated_structure(self, cl: Any) -> Generated | None:
        """The fast structure function of ``cl`` (made at first use), or ``None``."""
        if not self.generated:
            return None
        fast = self._fast
        if cl in fast:
            return fast[cl]
        fast[cl] = None  # while generating, in case the classes nest
        function = None
        if isinstance(cl, type) and attrs.has(cl):
            for field in attrs.fields(attrs.resolve_types(cl)):
                for inner in nested_types(field.type):
                    if isinstance(inner, type) and attrs.has(inner):
                        self.generated_structure(inner)
            function = generate_structure(cl, self, fast)
        fast[cl] = function
        return function

    # Writers are generated from the unstructure hooks, so a new hook drops them all.
    def register_unstructure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._writers, self._default = {}, None
        return super().register_unstructure_hook(*args, **kwargs)

    def register_unstructure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._writers, self._default = {}, None
        return super().register_unstructure_hook_func(*args, **kwargs)

    def register_unstructure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._writers, self._default = {}, None
        return super().register_unstructure_hook_factory(*args, **kwargs)

    def generated_writer(self, cl: type[Any]) -> Generated | None:
        """
        The writer of ``cl`` (made at first use, with those of every class it leaves
        to orjson), or ``None``.
        """
        writers = self._writers
        if cl in writers:
            return writers[cl]
        writers[cl] = None  # while generating, in case the classes nest
        self._default = None
        writer: Generated | None = None
        if self.generated and attrs.has(cl):
            writer = generate_writer(cl, self)
            if writer is not None and any(
                self.generated_writer(inner) is None for inner in writer.left
            ):
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
        with gc_paused():
            try:
                fast = self._write_fast(value, indent=indent)
                if fast is not None:
                    return fast
                return _json.encode(self.unstructure(value), indent=indent)
            except InnovscaleError:
                raise
            except (UnicodeEncodeError, ValueError, TypeError) as exc:
                # A value put in place after construction (extensions are a dict).
                found = unwritable(self.unstructure(value), ())
                if found is None:  # pragma: no cover - a bug, not bad data
                    raise
                raise found from exc

    def _make_default(self) -> Callable[[Any], Any]:
        # Only classes whose writer (and their nested classes' writers) exist; a KeyError
        # for any other object makes orjson raise, and the reference path takes over.
        writers = {cl: w.function for cl, w in self._writers.items() if w is not None}

        def default(obj: Any) -> Any:
            return writers[type(obj)](obj)

        return default

    def _write_fast(self, value: Any, *, indent: bool) -> bytes | None:
        orjson = _json.orjson_module()
        if orjson is None:
            return None
        for item in value.values() if type(value) is dict else (value,):
            if attrs.has(type(item)) and self.generated_writer(type(item)) is None:
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
        with gc_paused():
            # Valid documents: one parse (all but the depth check), then structuring,
            # which bounds the depth when a pure fast function takes the value.
            value = _json.parse_unchecked(data)
            if value is not _json.DOUBTFUL:
                taken = self.structure_generated(value, cl)
                if taken is not None and _json.within_depth(value, proven=taken[1]):
                    # Freed before the collector resumes, or its first collection
                    # would walk the parsed document as well as the new objects.
                    del value
                    return taken[0]
                del value
            # Anything wrong: the checked parse, then the reference, which reports it all.
            value = _json.parse(data, source=source)
            return self.structure_checked(value, cl, text=data, source=source, reference=True)

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
        reference: bool = False,
    ) -> T:
        """
        Structure ``value`` into ``cl``, turning every failure into :class:`InvalidDocument`.

        ``text`` (the JSON the value was parsed from) lets issues carry line and column;
        ``reference`` skips the generated function (for a value it has already refused).
        """
        with one_run():  # one budget for the did-you-mean hints of the whole value
            try:
                with gc_paused():
                    if reference:
                        return self.structure_reference(value, cl)
                    return self.structure(value, cl)
            except RecursionError:
                issue = _json.too_deep(source)
                raise InvalidDocument(ValidationReport(issues=(issue,))) from None
            except Exception as exc:  # noqa: BLE001 - every failure becomes a report
                from innovscale.migrate import outdated_issue  # noqa: PLC0415 - failures only

                version = outdated_issue(value) if cl is EvidenceBase else None
                # Another version's document: what its fields mean differs, so only that.
                issues = [version] if version is not None else issues_from_exception(exc)
                if text is not None:
                    issues = _json.locate(issues, text, source=source)
                elif source is not None:
                    issues = [attrs.evolve(i, source=source) for i in issues]
                report = ValidationReport(issues=tuple(issues), sources=(source,) if source else ())
                raise InvalidDocument(report) from None


def configure_converter(conv: cattrs.Converter) -> None:
    """
    Configure ``conv`` with innovscale's strict hooks and wire rules.

    * strings, integers, numbers and booleans are checked, never coerced;
    * vocabularies structure from their codes and unstructure to them;
    * :class:`~innovscale.model.PartialDate` is an ISO 8601 string;
    * ``tuple[X, ...]`` fields require JSON arrays;
    * attrs classes require JSON objects, forbid unknown keys and omit defaults.
    """
    infos = conv._hook_infos if isinstance(conv, InnovscaleConverter) else {}  # noqa: SLF001

    def described(made: tuple[Any, HookInfo]) -> Any:
        hook, info = made
        if info is not UNKNOWN:
            infos[hook] = info
        return hook

    def is_vocabulary(type_: Any) -> bool:
        return isinstance(type_, type) and issubclass(type_, enum.Enum)

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(bool, structure_bool)
    # A predicate, not the type: Python 3.10's singledispatch refuses typing.Any.
    conv.register_structure_hook_func(is_any, structure_any)
    conv.register_structure_hook(PartialDate, structure_date)
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook_factory(is_extensions, lambda _: structure_extensions)
    conv.register_unstructure_hook_factory(is_extensions, lambda _: sorted_keys)
    conv.register_structure_hook_factory(is_vocabulary, lambda t: described(enum_hook(t)))
    conv.register_unstructure_hook_factory(is_vocabulary, lambda _: enum_code)
    conv.register_structure_hook_factory(
        is_variadic_tuple, lambda t: described(tuple_hook(conv, t))
    )
    conv.register_unstructure_hook_factory(
        is_variadic_tuple, lambda t: described(tuple_unstructure(conv, t))
    )
    conv.register_structure_hook_factory(is_optional, lambda t: described(optional_hook(conv, t)))
    conv.register_unstructure_hook_factory(
        is_optional, lambda t: described(optional_unstructure(conv, t))
    )
    conv.register_structure_hook_factory(attrs.has, lambda cl: described(attrs_structure(conv, cl)))

    def unstructure_attrs(cl: type[Any]) -> Any:
        # Generated for this package's converter only: the code generators read its
        # records of the hooks, which another converter does not keep.
        if isinstance(conv, InnovscaleConverter) and conv.generated:
            function = generate_unstructure(cl, conv)
            if function is not None:
                infos[function] = HookInfo(cls=cl)
                return function
        return attrs_unstructure_reference(cl, conv)

    conv.register_unstructure_hook_factory(attrs.has, unstructure_attrs)


def unwritable(value: Any, path: tuple[str | int, ...]) -> InvariantError | None:  # noqa: C901 - a type switch over JSON values
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
                        code=VALUE_TYPE.code,
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
                code=VALUE_TYPE.code,
                path=where,
                value=item,
                hint="Give None, a bool, a str, a finite number, or lists and dicts of those.",
            )
    return None


def make_converter(*, generated: bool = True) -> InnovscaleConverter:
    """
    A new converter with innovscale's configuration; see :func:`configure_converter`.

    ``generated=False`` gives the reference converter, which uses cattrs' own functions
    and no generated code: slower, and equal in every result and error.
    """
    conv = InnovscaleConverter(
        detailed_validation=True, forbid_extra_keys=True, generated=generated
    )
    configure_converter(conv)
    return conv


#: The shared converter. Create your own with :func:`make_converter` to customise it.
converter: InnovscaleConverter = make_converter()
