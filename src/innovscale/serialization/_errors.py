"""Turning structuring failures into issues, in the same words whichever tier found them."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any

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


def missing_field(key: str | None, path: tuple[str | int, ...], hint: str | None = None) -> Issue:
    """
    The issue for the required field ``key`` missing at ``path`` (which ends with it); the
    hint says what the field holds, in the model's own words, when ``path`` leads to it.
    """
    message = f"required field {key!r} missing" if key else "required field missing"
    if hint is None:
        described = field_description(path) if key else None
        hint = f"Add {key!r}: {described}" if described else REQUIRED_HINT
    return VALUE_REQUIRED.issue(message, path=path, hint=hint)


def field_description(path: tuple[str | int, ...]) -> str | None:
    """
    The model's description of the field at ``path`` of a document (or of a JSON Lines
    line, whose path starts with its record type), in a sentence's middle; ``None`` if
    no field of the model is there.

    >>> field_description(("innovations", 0, "elements", 2, "function"))
    "why the element matters to the innovation's impact: the job it does."
    >>> one = field_description(("organisation", "kind"))  # a JSON Lines line
    >>> one == field_description(("organisations", 0, "kind"))
    True
    """
    from innovscale.model import RECORD_TYPES, EvidenceBase  # noqa: PLC0415 - the model is loaded by then

    names = [step for step in path if type(step) is str]
    cls: type[Any] | None = EvidenceBase
    if names and names[0] not in _fields_of(EvidenceBase) and names[0] in RECORD_TYPES:
        cls, names = RECORD_TYPES[names[0]], names[1:]
    for name in names[:-1]:
        field = _fields_of(cls).get(name) if cls is not None else None
        if field is None:
            return None
        cls = _model_class(field.type)
    return _described(cls, names[-1]) if cls is not None and names else None


def _described(cls: type[Any], name: str) -> str | None:
    """The description of the field ``name`` of ``cls``, to follow a colon."""
    field = _fields_of(cls).get(name)
    text = field.metadata.get("description") if field is not None else None
    if not isinstance(text, str) or not text:
        return None
    return text[0].lower() + text[1:] if text[1:2].islower() else text


_FIELDS: dict[type[Any], dict[str, attrs.Attribute[Any]]] = {}


def _fields_of(cls: type[Any]) -> dict[str, attrs.Attribute[Any]]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = {a.name: a for a in attrs.fields(attrs.resolve_types(cls))}
    return found


def _model_class(type_: Any) -> type[Any] | None:
    """The one attrs class a field's type holds (``tuple[Element, ...]`` → ``Element``), if any."""
    found: set[type[Any]] = set()
    pending = [type_]
    while pending:
        each = pending.pop()
        if isinstance(each, type) and attrs.has(each):
            found.add(each)
        pending.extend(typing.get_args(each))
    return found.pop() if len(found) == 1 else None


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


def issues_from_exception(
    exc: BaseException, path: tuple[str | int, ...] = (), owner: type[Any] | None = None
) -> list[Issue]:
    """
    Flatten a structuring failure (a cattrs exception group, or an
    :class:`~innovscale.InvariantError`) into :class:`~innovscale.Issue` s with
    ``$``-rooted paths. ``owner`` is the class whose field failed, for the hints.
    """
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        issues: list[Issue] = []
        inner = exc.cl if isinstance(exc, ClassValidationError) and attrs.has(exc.cl) else None
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if hasattr(note, "name"):
                    sub_path = (*path, note.name)
                elif hasattr(note, "index"):
                    sub_path = (*path, note.index)
            issues.extend(issues_from_exception(sub, sub_path, inner or owner))
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
        if field is None:
            return [missing_field(None, path)]
        described = _described(owner, str(field)) if owner is not None else None
        hint = f"Add {str(field)!r}: {described}" if described else None
        return [missing_field(str(field), path, hint)]
    return [
        VALUE_INVALID.issue(
            message=f"{type(exc).__name__}: {exc}",
            path=path,
            hint="Check the value against the schema reference.",
        )
    ]
