"""
What the model says about its own shape, read once from the attrs classes.

The integrity tier and the catalogue are driven from here: which fields nest
another class, which hold references (``metadata["references"]``) and which
keywords the constraint validators use. Nothing is hand-listed.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any

import attrs

from innovscale.model import EvidenceBase
from innovscale.model._constraints import Constraints
from innovscale.model.dates import PartialDate

__all__ = ["FieldPlan", "constraint_keywords", "date_plan", "model_classes", "plan"]


@attrs.frozen
class FieldPlan:
    """
    How the integrity tier treats one field of a model class.

    Attributes:
        name: The field name, which is also its JSON key.
        many: Whether the field is an array (``tuple[X, ...]``).
        nested: The attrs class the field holds, if it holds one.
        references: The record type the field's strings point to, if any.
    """

    name: str
    many: bool
    nested: type[Any] | None
    references: str | None


def _unwrap(type_: Any) -> tuple[Any, bool]:
    """The item type of ``type_`` without ``None``, and whether it is an array."""
    origin = typing.get_origin(type_)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(type_) if a is not type(None)]
        if len(present) == 1:
            return _unwrap(present[0])
    if origin is tuple:
        args = typing.get_args(type_)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0], True
    return type_, False


def plan(cls: type[Any]) -> tuple[FieldPlan, ...]:
    """The fields of ``cls`` that nest a class or hold references, in field order."""
    found = _PLANS.get(cls)
    if found is None:
        found = _PLANS[cls] = _plan(cls)
    return found


_PLANS: dict[type[Any], tuple[FieldPlan, ...]] = {}


def _plan(cls: type[Any]) -> tuple[FieldPlan, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for field in attrs.fields(cls):
        item, many = _unwrap(hints[field.name])
        nested = item if isinstance(item, type) and attrs.has(item) else None
        if nested is PartialDate:
            nested = None
        references = field.metadata.get("references")
        if nested is not None or references is not None:
            out.append(FieldPlan(field.name, many, nested, references))
    return tuple(out)


#: Dates that may rightly lie ahead: when something is planned to end.
_PLANNED = frozenset({("Period", "end")})


@functools.cache
def date_plan(cls: type[Any]) -> tuple[tuple[str, bool, type[Any] | None], ...]:
    """
    The fields of ``cls`` that hold a date that cannot lie in the future, directly
    (``(name, many, None)``) or nested (``(name, many, class)``), from the model: a new
    date field is checked by itself. A period's end is left out; it may be planned.
    """
    hints = typing.get_type_hints(cls)
    out: list[tuple[str, bool, type[Any] | None]] = []
    for field in attrs.fields(cls):
        item, many = _unwrap(hints[field.name])
        if item is PartialDate:
            if (cls.__name__, field.name) not in _PLANNED:
                out.append((field.name, many, None))
        elif isinstance(item, type) and attrs.has(item) and date_plan(item):
            out.append((field.name, many, item))
    return tuple(out)


@functools.cache
def model_classes() -> tuple[type[Any], ...]:
    """Every attrs class reachable from :class:`~innovscale.EvidenceBase`, in walk order."""
    seen: list[type[Any]] = []
    todo: list[type[Any]] = [EvidenceBase]
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            item, _ = _unwrap(hints[field.name])
            if isinstance(item, type) and attrs.has(item) and item not in seen:
                todo.append(item)
    return tuple(seen)


@functools.cache
def constraint_keywords() -> frozenset[str]:
    """The JSON Schema keywords the model's :class:`Constraints` validators use."""
    found: set[str] = set()

    def collect(keywords: Any) -> None:
        for keyword, limit in keywords.items():
            if keyword == "propertyNames":
                collect(limit)
            else:
                found.add(keyword)

    for cls in model_classes():
        for field in attrs.fields(cls):
            validator = field.validator
            if isinstance(validator, Constraints):
                collect(validator.keywords)
                collect(validator.items)
    return frozenset(found)
