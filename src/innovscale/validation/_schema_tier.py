"""
The schema/structure tier: the cattrs structuring is the fast path, ``jsonschema`` the explainer.

Valid data pays only for structuring. When structuring fails, the reference
validator (:func:`innovscale.schema.validator`) runs too, so every problem is
found, not the first per object; its errors are mapped to the model's codes and
deduplicated against the structuring issues by ``(code, path)``. A ``oneOf`` or
``anyOf`` failure reports its best match, not every branch.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from innovscale import _json, schema
from innovscale._suggest import closest
from innovscale.model._constraints import describe, hint_for_pattern
from innovscale.model._rules import Rule, class_rules
from innovscale.model._types import NULL_HINT, NULL_MESSAGE, VALUE_INVALID, VALUE_TYPE
from innovscale.report import Issue
from innovscale.serialization import converter
from innovscale.serialization._errors import (
    issues_from_exception,
    missing_field,
    unknown_field_issue,
)
from innovscale.validation._walk import constraint_keywords, model_classes

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["explain", "structure"]

_NOTHING: Any = object()

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def structure(
    value: Any, cls: type[Any], schema_name: str, depth: int = 1, *, generated: bool = True
) -> tuple[Any, list[Issue], bool]:
    """
    Structure ``value`` into ``cls``; on failure, also explain it with the schema.
    ``generated=False`` goes straight to the reference (the generated function has
    refused ``value`` already).

    Returns:
        The structured object (or ``None``), the issues, without positions, and
        whether ``value`` is known to nest within the parse tier's depth limit when
        it sits at ``depth`` in its document (see the converter's fast structuring).
    """
    taken = converter.structure_generated(value, cls, depth) if generated else None
    if taken is not None:
        return taken[0], [], taken[1]
    try:
        obj = converter.structure_reference(value, cls)
    except RecursionError:
        return None, [_json.too_deep()], False
    except Exception as exc:  # noqa: BLE001 - every failure becomes issues
        issues = issues_from_exception(exc)
    else:
        return obj, [], False
    return None, merge(issues, explain(value, schema_name)), False


def merge(first: list[Issue], second: list[Issue]) -> list[Issue]:
    """
    ``first`` followed by the issues of ``second`` that report something new.

    An issue is a repeat when an issue with the same code and path is already
    there, or when its value already has a type error (whatever else is wrong
    with a value of the wrong type follows from that).
    """
    out = list(first)
    seen = {(i.code, i.path) for i in first}
    typed = {i.path for i in first if i.code == VALUE_TYPE.code}
    typed.update(i.path for i in second if i.code == VALUE_TYPE.code)
    for issue in second:
        key = (issue.code, issue.path)
        if key in seen or (issue.path in typed and issue.code != VALUE_TYPE.code):
            continue
        seen.add(key)
        out.append(issue)
    return out


def explain(value: Any, schema_name: str) -> list[Issue]:
    """Every ``jsonschema`` error for ``value``, mapped to innovscale issues."""
    validator = schema.validator(schema_name)
    issues: list[Issue] = []
    # One error at a time: a jsonschema error keeps its schema, instance and context
    # alive, so a list of them costs kilobytes per issue.
    try:
        for error in validator.iter_errors(value):
            issues.extend(_issues(error))
    except RecursionError:  # pragma: no cover - the parse tier limits depth first
        return []
    return issues


@functools.cache
def _rule_nodes() -> dict[int, tuple[Rule, dict[str, Any]]]:  # noqa: C901 - one node per shape of rule schema
    """Every schema node inside a rule's fragment, by identity, with the rule."""
    by_title: dict[str, tuple[Rule, ...]] = {}
    for cls in model_classes():
        rules = tuple(r for r in class_rules(cls) if r.schema is not None)
        if rules:
            by_title[cls.__name__] = rules
    nodes: dict[int, tuple[Rule, dict[str, Any]]] = {}

    def mark(node: Any, rule: Rule, root: dict[str, Any]) -> None:
        if isinstance(node, dict):
            nodes[id(node)] = (rule, root)
            for child in node.values():
                mark(child, rule, root)
        elif isinstance(node, list):
            for child in node:
                mark(child, rule, root)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            title = node.get("title")
            rules = by_title.get(title) if isinstance(title, str) else None
            fragments = node.get("allOf")
            if rules and isinstance(fragments, list) and len(fragments) == len(rules):
                for rule, fragment in zip(rules, fragments, strict=True):
                    mark(fragment, rule, fragment)
            for key, child in node.items():
                if key not in ("examples", "allOf"):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    # The validators' own schema objects (``schema.load`` returns copies): the same
    # objects back the offline registry, so errors point into them.
    for name in schema.names():
        walk(schema.validator(name).schema)
    return nodes


def _steps_below(schema_path: list[Any]) -> int:
    """How many instance steps a rule fragment's schema path descends."""
    start = 0
    for index in range(len(schema_path) - 1):
        if schema_path[index] == "allOf" and isinstance(schema_path[index + 1], int):
            start = index + 2
    steps = 0
    tail = schema_path[start:]
    for index, part in enumerate(tail):
        if (part == "properties" and index + 1 < len(tail)) or part == "items":
            steps += 1
    return steps


def _issues(error: ValidationError) -> list[Issue]:  # noqa: C901, PLR0911, PLR0912 - one issue per JSON Schema keyword
    path = tuple(error.absolute_path)
    keyword = str(error.validator)
    found = _rule_nodes().get(id(error.schema))
    if found is not None:
        rule, _ = found
        steps = _steps_below(list(error.absolute_schema_path))
        where = path[: len(path) - steps] if steps <= len(path) else path
        if rule.field:
            where = (*where, rule.field)
        return [Issue(code=rule.code, message=rule.message, path=where, hint=rule.hint)]
    if keyword in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match  # noqa: PLC0415 - deferred heavy import

        best = best_match(error.context)
        if best is not None:
            return _issues(best)
    instance = error.instance
    if keyword == "required":
        return _required(error, path)
    if keyword == "additionalProperties":
        return _additional(error, path)
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str):
        path = (*path, instance)
    code = f"value.{keyword}"
    if keyword == "type":
        wanted = error.validator_value
        words = (
            " or ".join(_TYPE_WORDS.get(w, str(w)) for w in wanted)
            if isinstance(wanted, list)
            else _TYPE_WORDS.get(str(wanted), str(wanted))
        )
        if instance is None:
            message, hint = NULL_MESSAGE, NULL_HINT
        else:
            message = f"expected {words}, got {_json.type_name(instance, 'a value')}"
            hint = _json.type_hint(words, instance)
        return [Issue(code=code, message=message, path=path, value=instance, hint=hint)]
    if keyword == "enum":
        allowed = error.validator_value
        codes = [str(c) for c in allowed] if isinstance(allowed, list) else []
        close = closest(str(instance), codes)
        hint = f"Did you mean {close!r}?" if close else "Use one of: " + ", ".join(codes)
        return [
            Issue(
                code=code,
                message=f"{instance!r} is not one of the allowed codes",
                path=path,
                value=instance,
                hint=hint,
            )
        ]
    if keyword == "pattern" or keyword in constraint_keywords():
        # The model's own words for the keyword, whichever tier found the problem.
        message, hint = describe(keyword, error.validator_value)
        if keyword == "pattern":
            hint = hint_for_pattern(str(error.validator_value), instance)
        return [Issue(code=code, message=message, path=path, value=instance, hint=hint)]
    return [
        VALUE_INVALID.issue(
            message=error.message,
            path=path,
            value=instance,
            hint="Check the value against the schema reference.",
        )
    ]


def _required(error: ValidationError, path: tuple[str | int, ...]) -> list[Issue]:
    instance = error.instance
    wanted = error.validator_value
    if not isinstance(instance, dict) or not isinstance(wanted, list):  # pragma: no cover - keyword
        return []
    return [
        missing_field(key, (*path, key))
        for key in wanted
        if key not in instance and error.message.startswith(repr(key))
    ]


def _additional(error: ValidationError, path: tuple[str | int, ...]) -> list[Issue]:
    instance = error.instance
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, dict) else {}
    title = error.schema.get("title", "this object") if isinstance(error.schema, dict) else ""
    if not isinstance(instance, dict):  # pragma: no cover - the keyword only fails on objects
        return []
    out = []
    for key in instance:
        if key in known or any(re.search(p, key) for p in patterns):
            continue
        out.append(unknown_field_issue(key, title, known, path))
    return out
