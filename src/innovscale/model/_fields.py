"""
Field metadata: what each field means, for the schemas, the docs and the integrity tier.

The constraints of a field are in :mod:`innovscale.model._constraints`; the rules of a
class in :mod:`innovscale.model._rules`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["about", "value_at"]


def about(
    description: str,
    *,
    references: str | None = None,
    examples: list[Any] | None = None,
) -> dict[str, Any]:
    """
    Field metadata: the description (rendered in schemas and docs) and, for references,
    the record type the field points to (checked by the integrity tier).
    """
    meta: dict[str, Any] = {"description": description}
    if references is not None:
        meta["references"] = references
    if examples is not None:
        meta["examples"] = examples
    return meta


def value_at(obj: Any, path: tuple[str, ...]) -> Any:
    """The value at a field path of nested objects (``("origin", "year")``), or ``None``."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj
