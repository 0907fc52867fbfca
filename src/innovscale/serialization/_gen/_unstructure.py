"""
Unstructure functions generated per class: keys in field order, defaults left out.

Each is equal to the cattrs function re-ordered (:func:`attrs_unstructure_reference`),
which the tests compare it with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from cattrs.fns import identity
from cattrs.gen import make_dict_unstructure_fn, override

from innovscale._codegen import Generated, Source
from innovscale.serialization._hooks import always_written, enum_code, field_type

if TYPE_CHECKING:
    from collections.abc import Callable

    import cattrs

    from innovscale.serialization._converter import InnovscaleConverter


def attrs_unstructure_reference(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    """The cattrs unstructure function for ``cl`` with its keys put in field order."""
    always = always_written(cl)
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


def _value_expression(
    hook: Any, var: str, src: Source, conv: InnovscaleConverter, depth: int = 0
) -> str:
    """
    An expression equal to ``hook(var)`` for an unstructure hook, inlined when the
    hook is one whose result is known: identity, ``list``, vocabulary codes, and
    innovscale's optional and array hooks around a known hook.
    """
    described = conv.hook_info(hook)
    if hook is identity:
        return var
    if hook is enum_code:
        return f"{var}._value_"
    if hook is list:
        return f"list({var})"
    if described.optional is not None:
        inner = _value_expression(described.optional[1], var, src, conv, depth)
        return f"(None if {var} is None else {inner})"
    if described.items is not None:
        item = f"_i{depth}"
        inner = _value_expression(described.items[1], item, src, conv, depth + 1)
        return f"[{inner} for {item} in {var}]"
    return f"{src.bind(hook)}({var})"


def generate_unstructure(cl: type[Any], conv: InnovscaleConverter) -> Callable[[Any], Any] | None:
    """
    Generate the unstructure function of ``cl``, or ``None`` for classes it does not cover.

    The function equals the cattrs one re-ordered (:func:`attrs_unstructure_reference`):
    the same hook for each field, the same test against the default (``!=``; ``is not``
    for a ``None`` default), fields that are never left out evaluated first as cattrs
    does, and keys written in field order.
    """
    fields = attrs.fields(attrs.resolve_types(cl))
    if any(not a.init or a.type is None for a in fields):
        return None
    generated = generate_dict_function(
        cl,
        conv,
        "unstructure",
        lambda hook, _, var, src: _value_expression(hook, var, src, conv),
    )
    function: Callable[[Any], Any] = generated.function
    return function


def generate_dict_function(
    cl: type[Any],
    conv: InnovscaleConverter,
    kind: str,
    expression: Callable[[Any, Any, str, Source], str],
) -> Generated:
    """
    Generate ``{kind}_{name}(obj)``, which returns the dict of ``obj``: its fields in
    order, each as ``expression(hook, type, "v", src)`` gives it, leaving out those
    equal to their default (``!=``; ``is not`` for a ``None`` default), and evaluating
    the fields that are never left out first, as cattrs does.
    """
    always = always_written(cl)
    src = Source()
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
            optional = conv.hook_info(hook).optional
            if optional is not None:  # written only when not None
                hook, type_ = optional[1], field_type(type_)
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            factory = src.bind(default.factory)
            call = f"{factory}(obj)" if default.takes_self else f"{factory}()"
            body.append(f"    if v != {call}:")
        else:
            body.append(f"    if v != {src.bind(default)}:")
        body.append(f"        res[{key}] = {expression(hook, type_, 'v', src)}")
    name = f"{kind}_{cl.__name__}"
    src.lines = [f"def {name}(obj):", *required, "    res = {}", *body, "    return res"]
    return Generated(src.compile(name), left=frozenset(src.left))
