"""Turning structuring failures into issues, in the same words whichever tier found them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from innovscale._codes import define
from innovscale._suggest import closest
from innovscale.exceptions import InvariantError
from innovscale.model._types import VALUE_INVALID
from innovscale.report import Issue

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["issues_from_exception", "unknown_field_issue"]


VALUE_REQUIRED = define(
    "value.required",
    tier="schema",
    title="Required field missing",
    explanation="A field every record of this type must have is missing.",
    example='{"id": "dafne", "name": "DAFNE"} (an innovation without kind, summary, elements)',
    fix="Add the field; the schema reference lists what each record requires.",
)
VALUE_UNKNOWN_FIELD = define(
    "value.unknown_field",
    tier="schema",
    title="Unknown field",
    explanation=(
        "An object has a key the model does not define; often a typo. Unknown data is never "
        "dropped silently."
    ),
    example='{"id": "dafne", "nmae": "DAFNE"}',
    fix=(
        "Correct the name, or keep your own data under 'extensions' with a namespaced key such as "
        "'acme:priority'."
    ),
)


#: The hint of a missing field, unless the field says more.
REQUIRED_HINT = "Add the field; see the schema reference for what it holds."


def missing_field(key: str | None, path: tuple[str | int, ...], hint: str = REQUIRED_HINT) -> Issue:
    """The issue for the required field ``key`` missing at ``path`` (which ends with it)."""
    message = f"required field {key!r} missing" if key else "required field missing"
    return VALUE_REQUIRED.issue(message, path=path, hint=hint)


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
    return VALUE_UNKNOWN_FIELD.issue(
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
        return [missing_field(str(field) if field is not None else None, path)]
    return [
        VALUE_INVALID.issue(
            message=f"{type(exc).__name__}: {exc}",
            path=path,
            hint="Check the value against the schema reference.",
        )
    ]
