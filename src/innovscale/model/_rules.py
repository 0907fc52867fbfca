"""
Class rules: invariants that involve more than one field of a class.

Attached with :func:`rules` below ``@attrs.frozen``; they run after every
``__init__``, in the fast structure functions, and, where JSON Schema can say them,
in the published schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from innovscale.exceptions import InvariantError

__all__ = ["Rule", "class_rules", "other_text_rule", "rules", "rules_checked_by"]

T = TypeVar("T")


@attrs.frozen
class Rule:
    """
    An invariant that involves more than one field of a class.

    Attributes:
        code: The stable issue code.
        message: What is wrong when the rule fails.
        check: Returns ``True`` when the object obeys the rule.
        field: The field the issue is reported on.
        hint: How to fix it.
        schema: The same rule as a JSON Schema fragment (added to ``allOf``),
            or ``None`` when JSON Schema cannot express it; such rules are
            listed in the docs as model-only rules.
        explain: Given the object that breaks the rule, the message and hint for
            it with its own values (the numbers, the levels of its scheme); by
            default :attr:`message` and :attr:`hint`.
    """

    code: str
    message: str
    check: Callable[[Any], bool]
    field: str | None = None
    hint: str | None = None
    schema: dict[str, Any] | None = None
    explain: Callable[[Any], tuple[str, str | None]] | None = None

    def enforce(self, obj: Any) -> None:
        """Raise :class:`InvariantError` if ``obj`` breaks the rule."""
        if not self.check(obj):
            raise self.error(obj)

    def error(self, obj: Any) -> InvariantError:
        """The error for ``obj`` breaking the rule."""
        value = getattr(obj, self.field) if self.field else None
        message, hint = (self.message, self.hint) if self.explain is None else self.explain(obj)
        return InvariantError(
            message,
            code=self.code,
            path=(self.field,) if self.field else (),
            value=value,
            hint=hint,
        )


def rules(*class_rules: Rule) -> Callable[[type[T]], type[T]]:
    """
    Attach cross-field rules to a class; apply *below* ``@attrs.frozen``.

    The rules run after every ``__init__`` and are read by the schema generator.
    """

    def wrap(cls: type[T]) -> type[T]:
        checks = tuple((rule.check, rule) for rule in class_rules)

        def __attrs_post_init__(self: Any) -> None:  # noqa: N807
            # Rule.enforce, without its frame for the rules an object obeys.
            for check, rule in checks:
                if not check(self):
                    raise rule.error(self)

        cls.__attrs_post_init__ = __attrs_post_init__  # type: ignore[attr-defined]
        _CHECKED_BY[__attrs_post_init__] = class_rules
        return cls

    return wrap


#: The rules that each ``__attrs_post_init__`` made by :func:`rules` checks (attrs makes
#: a new class for slots, but keeps the function).
_CHECKED_BY: dict[Callable[..., Any], tuple[Rule, ...]] = {}


def class_rules(cls: type[Any]) -> tuple[Rule, ...]:
    """The rules attached to ``cls`` (or the class it inherits them from) with :func:`rules`."""
    return rules_checked_by(getattr(cls, "__attrs_post_init__", None)) or ()


def rules_checked_by(post_init: Callable[..., Any] | None) -> tuple[Rule, ...] | None:
    """
    The rules that ``post_init`` (a class's ``__attrs_post_init__``) checks, if
    :func:`rules` made it, in order; ``None`` for any other function.
    """
    return _CHECKED_BY.get(post_init) if post_init is not None else None


def other_text_rule(field: str, text_field: str, *, many: bool = False) -> Rule:
    """``text_field`` is given exactly when ``field`` is (or, for ``many``, contains) ``other``."""

    def check_many(obj: Any) -> bool:
        has_other = False
        for v in getattr(obj, field):
            if v.code == "other":
                has_other = True
                break
        return has_other == (getattr(obj, text_field) is not None)

    def check_one(obj: Any) -> bool:
        value = getattr(obj, field)
        if value is None:
            return getattr(obj, text_field) is None
        is_other: bool = value.code == "other"
        return is_other == (getattr(obj, text_field) is not None)

    check = check_many if many else check_one

    test: dict[str, Any] = {"const": "other"}
    if many:
        test = {"contains": test}
    return Rule(
        code="value.other_text",
        message=f"'{text_field}' must be given when '{field}' is 'other', and only then",
        check=check,
        field=text_field,
        hint=f"Say what the 'other' {field} is in '{text_field}', or pick a listed code.",
        schema={
            "if": {"properties": {field: test}, "required": [field]},
            "then": {"required": [text_field]},
            "else": {"not": {"required": [text_field]}},
        },
    )
