"""
Fast structure functions generated per class, and the depth bound they prove.

See the note below for how they relate to the cattrs functions (the reference).
"""

from __future__ import annotations

import functools
import typing
from typing import TYPE_CHECKING, Any

import attrs

from innovscale import _json
from innovscale._codegen import Generated, Source
from innovscale.model import PartialDate
from innovscale.model._constraints import Constraints
from innovscale.model._rules import rules_checked_by
from innovscale.serialization._hooks import (
    DATES,
    always_written,
    field_type,
    is_extensions,
    is_optional,
    is_variadic_tuple,
    structure_bool,
    structure_date,
    structure_extensions,
    structure_float,
    structure_int,
    structure_optional_str,
    structure_str,
)

if TYPE_CHECKING:
    from innovscale.serialization._converter import InnovscaleConverter

# -- Structuring in one pass --------------------------------------------------------------
#
# The cattrs functions (with ``detailed_validation``) collect every error of a
# document, which costs a ``try`` per field, a hook call per value, and then attrs'
# ``__init__`` with a validator call per field. Most documents are valid, so each
# class also gets a *fast* structure function generated from the same hooks: one
# function per class that checks types, converts, and sets the fields itself, runs
# the same validators and class rules, and gives up (``GiveUp``) at the first thing
# that is wrong. The converter's ``structure`` runs it first and, if it gives up (or
# anything at all goes wrong), runs the cattrs function, whose exceptions are the
# reference: the result or the error is the reference's either way.


#: Hooks that accept no container (they raise for one).
_SCALAR_HOOKS = frozenset({structure_int, structure_float, structure_bool, structure_date})

#: How deep the values under ``extensions`` may nest (the dict itself at depth 1) for
#: the fast path; deeper ones are left to the reference, which checks the whole text.
EXTENSION_DEPTH = 32


class GiveUp(Exception):
    """The fast structure function met something; the reference path decides."""


ABSENT: Any = object()


def _structure_steps(  # noqa: C901, PLR0911 - one inlining per kind of hook
    hook: Any,
    type_: Any,
    *,
    var: str,
    out: str,
    src: Source,
    pad: str,
    conv: InnovscaleConverter,
    fast: dict[Any, Generated | None],
) -> list[str]:
    """Statements that set ``out`` to ``hook(var, type_)``, or raise ``GiveUp``."""
    give_up = src.bind(GiveUp)
    described = conv.hook_info(hook)
    members, items, optional = described.members, described.items, described.optional
    nested = fast.get(described.cls)
    if hook is structure_str or hook is structure_optional_str:
        return [f"{pad}if {var}.__class__ is not str: raise {give_up}", f"{pad}{out} = {var}"]
    if hook is structure_extensions:
        plain = src.bind(_json.plain_within)
        return [
            f"{pad}if {var}.__class__ is not dict: raise {give_up}",
            f"{pad}if {var} and not {plain}({var}, {EXTENSION_DEPTH}): raise {give_up}",
            f"{pad}{out} = {var}",
        ]
    if members is not None:
        get = src.bind(members.get)
        return [
            f"{pad}{out} = {get}({var}) if {var}.__class__ is str else None",
            f"{pad}if {out} is None: raise {give_up}",
        ]
    if hook is structure_date:
        cached = src.bind(DATES.get)
        return [
            f"{pad}{out} = {cached}({var}) if {var}.__class__ is str else None",
            f"{pad}if {out} is None: {out} = {src.bind(structure_date)}({var}, None)",
        ]
    if nested is not None:
        src.left.add(nested)
        return [f"{pad}{out} = {src.bind(nested.function)}({var})"]
    if optional is not None:
        inner_type, inner = optional
        return [
            f"{pad}if {var} is None: raise {give_up}",
            *_structure_steps(
                inner, inner_type, var=var, out=out, src=src, pad=pad, conv=conv, fast=fast
            ),
        ]
    if items is not None:
        item_type, item_hook = items
        steps = [f"{pad}if {var}.__class__ is not list: raise {give_up}"]
        item_members = conv.hook_info(item_hook).members
        item_nested = fast.get(conv.hook_info(item_hook).cls)
        if item_hook is structure_str:
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
            call = f"{src.bind(item_nested.function)}(_x)"
            steps.append(f"{pad}{out} = tuple([{call} for _x in {var}])")
        else:
            src.impure |= item_hook not in _SCALAR_HOOKS
            call = f"{src.bind(item_hook)}(_x, {src.bind(item_type)})"
            steps.append(f"{pad}{out} = tuple([{call} for _x in {var}])")
        return steps
    src.impure |= hook not in _SCALAR_HOOKS
    return [f"{pad}{out} = {src.bind(hook)}({var}, {src.bind(type_)})"]


@functools.cache
def depth_bound(type_: Any, depth: int = 1) -> int:
    """
    How deep the JSON of a ``type_`` value at ``depth`` can nest, for the fast path:
    objects and arrays of the model nest as the classes do, and values under
    ``extensions`` at most ``EXTENSION_DEPTH`` more (the fast functions check them).
    """
    if is_optional(type_):
        return depth_bound(field_type(type_), depth)
    if is_extensions(type_):
        return depth + EXTENSION_DEPTH - 1
    if is_variadic_tuple(type_):
        return max(depth, depth_bound(typing.get_args(type_)[0], depth + 1))
    if isinstance(type_, type) and attrs.has(type_) and type_ is not PartialDate:
        if depth > _json.MAX_DEPTH:  # a class nesting itself, or deeper than allowed
            return depth
        fields = attrs.fields(attrs.resolve_types(type_))
        return max([depth, *(depth_bound(a.type, depth + 1) for a in fields)])
    return 0


def generate_structure(
    cl: type[Any], conv: InnovscaleConverter, fast: dict[Any, Generated | None]
) -> Generated | None:
    """
    Generate the fast structure function of ``cl`` (see the note above), or ``None``
    for classes it does not cover. ``fast`` holds those of the nested classes.

    Fields are looked up in order until every key of the object has been found (most
    objects leave most optional fields out); the rest take their defaults.
    """
    hook = conv.get_structure_hook(cl)
    fields = attrs.fields(attrs.resolve_types(cl))
    if (
        conv.hook_info(hook).cls is not cl
        or any(not a.init or a.converter is not None or a.alias != a.name for a in fields)
        or any(
            isinstance(a.default, attrs.Factory) and a.default.takes_self  # type: ignore[arg-type]
            for a in fields
        )
    ):
        return None
    always = always_written(cl)
    src = Source()
    give_up = src.bind(GiveUp)
    absent = src.bind(ABSENT)
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
            field_hook, a.type, var="v", out=out, src=src, pad="            ", conv=conv, fast=fast
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
        checks += _validation_steps(a, field_hook, out, src, conv)
    # A key no field took: unknown (or a class whose hook did not see it).
    lines.append(f"    if left: raise {give_up}")
    lines.append(f"    o = {src.bind(object.__new__)}({src.bind(cl)})")
    setattr_ = src.bind(object.__setattr__)
    lines += [f"    {setattr_}(o, {a.name!r}, a{i})" for i, a in enumerate(fields)]
    # attrs runs the validators after setting every field, then the class rules.
    lines += checks
    post_init = getattr(cl, "__attrs_post_init__", None)
    checked = rules_checked_by(post_init)
    if checked is not None:  # the class rules' checks, called here
        lines += [f"    if not {src.bind(rule.check)}(o): raise {give_up}" for rule in checked]
    elif post_init is not None:
        lines.append(f"    {src.bind(post_init)}(o)")
    lines.append("    return o")
    src.lines = lines
    # Pure: every value it accepts went through a known hook, so whatever it accepts
    # nests no deeper than the classes allow (see depth_bound).
    pure = not src.impure and all(nested.pure for nested in src.left)
    return Generated(src.compile(name), pure=pure)


#: Hooks after which a field's value is known to be of its JSON type (and finite),
#: so its constraints can be tested inline.
_TYPED_HOOKS = frozenset({structure_str, structure_optional_str, structure_int, structure_float})


def _validation_steps(
    a: attrs.Attribute[Any], hook: Any, out: str, src: Source, conv: InnovscaleConverter
) -> list[str]:
    """Statements running the validator of field ``a`` on ``out`` as attrs would."""
    validator = a.validator
    if validator is None:
        return []
    if not isinstance(validator, Constraints):
        return [f"    {src.bind(validator)}(o, {src.bind(a)}, {out})"]
    optional = conv.hook_info(hook).optional
    inner = optional[1] if optional is not None else hook
    items = conv.hook_info(inner).items
    typed = inner in _TYPED_HOOKS or (
        items is not None
        and (
            items[1] is structure_str
            or conv.hook_info(items[1]).members is not None
            or conv.hook_info(items[1]).cls is not None
        )
    )
    if inner is structure_extensions:
        typed = True  # a dict, whose keys are strings (propertyNames)
    if not typed:  # the compiled check, exactly as attrs calls it
        return [f"    if {out} is not None: {src.bind(validator.check_value)}({a.name!r}, {out})"]
    tests = validator.failing(out, src.bind, "        ", f"raise {src.bind(GiveUp)}")
    return [f"    if {out} is not None:", *tests] if tests else []
