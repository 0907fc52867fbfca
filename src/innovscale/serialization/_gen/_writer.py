"""Writers generated per class: what orjson writes straight from the objects (see below)."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.fns import identity

from innovscale import _json
from innovscale.model import PartialDate
from innovscale.serialization._gen._unstructure import generate_dict_function
from innovscale.serialization._hooks import (
    enum_code,
    field_type,
    is_variadic_tuple,
    sorted_keys,
)

if TYPE_CHECKING:
    from innovscale._codegen import Generated, Source
    from innovscale.serialization._converter import InnovscaleConverter

# -- Writing straight from the objects ----------------------------------------------------
#
# ``dumps`` could unstructure to dicts and hand them to the encoder, which must then
# check every value of the result before orjson may write it (``_json.encode_orjson``);
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
    return _write_plain(sorted_keys(value))


_WRITTEN_AS_IS = (str, int, bool)


def _writer_expression(  # noqa: C901, PLR0911, PLR0917 - the expression builder's own recursion; one inlining per kind of hook
    hook: Any, type_: Any, var: str, src: Source, conv: InnovscaleConverter, depth: int = 0
) -> str:
    """
    An expression for ``var`` that orjson writes as the standard library writes
    ``hook(var)``: ``var`` itself where orjson's walk gives the same bytes, and
    nested model objects left to their writers (see the note above).
    """
    described = conv.hook_info(hook)
    inner_type = field_type(type_)
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
    if hook is list and is_variadic_tuple(type_) and typing.get_args(type_)[0] in _WRITTEN_AS_IS:
        return var
    if hook is enum_code:
        return f"{var}._value_"
    if hook is sorted_keys:
        return f"{src.bind(_write_extensions)}({var})"
    if hook is str and inner_type is PartialDate:
        return f"str({var})"  # cheaper here than in a call from orjson
    if attrs.has(inner_type) and described.cls is inner_type:
        src.left.add(inner_type)
        return var
    if described.optional is not None:
        inner = _writer_expression(described.optional[1], inner_type, var, src, conv, depth)
        return var if inner == var else f"(None if {var} is None else {inner})"
    if described.items is not None and is_variadic_tuple(type_):
        item = f"_i{depth}"
        item_type = typing.get_args(type_)[0]
        inner = _writer_expression(described.items[1], item_type, item, src, conv, depth + 1)
        return var if inner == item else f"[{inner} for {item} in {var}]"
    return f"{src.bind(_write_plain)}({src.bind(hook)}({var}))"


def generate_writer(cl: type[Any], conv: InnovscaleConverter) -> Generated | None:
    """
    Generate the writer of ``cl`` (see the note above), or ``None`` if the converter
    does not unstructure ``cl`` with the generated function.
    """
    if conv.hook_info(conv.get_unstructure_hook(cl)).cls is not cl:
        return None
    return generate_dict_function(
        cl,
        conv,
        "writer",
        lambda hook, type_, var, src: _writer_expression(hook, type_, var, src, conv),
    )
