"""
The error-code catalogue: every code any tier can raise, with what it means and how to fix it.

Entries for the model's value constraints and cross-field rules are generated
from the model itself (its :class:`~innovscale.model._constraints.Constraints`
keywords and :func:`~innovscale.model._rules.rules`), so a new rule cannot be
raised without appearing here; every other code is defined once, as a value, in
the module that raises it (:func:`innovscale._codes.define`), and collected here.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

from innovscale._codes import CatalogueEntry, defined
from innovscale.model._rules import class_rules
from innovscale.report import Severity
from innovscale.validation._walk import constraint_keywords, model_classes

__all__ = ["TIERS", "CatalogueEntry", "catalogue", "entry", "severity"]

#: The validation tiers, in the order they run.
TIERS = ("parse", "schema", "integrity")


_E = Severity.ERROR

#: The modules that define issue codes (with :func:`innovscale._codes.define`), imported
#: before the catalogue is made; tests/test_codes.py checks no other module does.
_DEFINING = (
    "innovscale._json",
    "innovscale.folder",
    "innovscale.migrate",
    "innovscale.model._types",
    "innovscale.model.dates",
    "innovscale.serialization._errors",
    "innovscale.serialization._hooks",
    "innovscale.serialization._jsonl",
    "innovscale.sheets._book",
    "innovscale.validation",
    "innovscale.validation._pipeline",
    "innovscale.validation._integrity",
    "innovscale.validation._rules",
)


#: Title, explanation, example and fix for each constraint keyword the model may use.
_KEYWORD_TEXT: dict[str, tuple[str, str, str, str]] = {
    "const": (
        "Wrong fixed value",
        (
            "A field that must hold one exact value holds another; 'schema_version' must be "
            "the format version this release reads."
        ),
        '{"schema_version": "0.9"}',
        "Use the value given in the message.",
    ),
    "pattern": (
        "Badly formed text",
        (
            "Text does not have the required form: ids are lower-case words joined by '-', "
            "'_' or '.'; dates are YYYY, YYYY-MM or YYYY-MM-DD; element addresses are "
            "'<innovation>#<element>'; extension keys are namespaced ('acme:priority')."
        ),
        '{"id": "DAFNE Programme"}',
        "Rewrite the text in the form the hint describes.",
    ),
    "minLength": (
        "Empty text",
        "A text field is empty. Optional fields are left out rather than written empty.",
        '{"name": ""}',
        "Give the text, or leave the field out if it is optional.",
    ),
    "maxLength": (
        "Text too long",
        "A text is longer than the field allows (ids are at most 100 characters).",
        '{"id": "a-very-long-id-..."} (more than 100 characters)',
        "Shorten the text.",
    ),
    "minimum": (
        "Number too small",
        "A number is below the smallest value the field allows, such as a negative count.",
        '{"value": -3}',
        "Use a number at or above the minimum given in the message.",
    ),
    "maximum": (
        "Number too large",
        "A number is above the largest value the field allows, such as an origin year after 2100.",
        '{"origin": {"year": 2200}}',
        "Use a number at or below the maximum given in the message.",
    ),
    "exclusiveMinimum": (
        "Number not above the limit",
        "A number must be greater than a limit and is not.",
        '{"value": 0}',
        "Use a number above the limit given in the message.",
    ),
    "exclusiveMaximum": (
        "Number not below the limit",
        "A number must be less than a limit and is not.",
        '{"value": 100}',
        "Use a number below the limit given in the message.",
    ),
    "minItems": (
        "Too few items",
        (
            "An array has fewer items than the field needs: an innovation needs at least one "
            "element, a policy lever at least one innovation, a reach measure at least one source."
        ),
        '{"elements": []}',
        "Add the missing items.",
    ),
    "maxItems": (
        "Too many items",
        "An array has more items than the field allows.",
        '{"items": [1, 2, 3]}',
        "Remove items.",
    ),
    "uniqueItems": (
        "Repeated items",
        "An array that lists ids or codes repeats one.",
        '{"sources": ["heller-2002", "heller-2002"]}',
        "Remove the duplicates.",
    ),
}

_RULE_EXAMPLES: dict[str, str] = {
    "value.other_text": '{"kind": "other"} without "kind_other", or "kind_other" with another kind',
    "period.reversed": '{"start": "2012", "end": "2009"}',
    "outcome.interval": '{"value": 8.4, "low": 8.6, "high": 9.0}',
    "element.variation_on_core": '{"kind": "core", "variation": "Any day of the week."}',
    "vehicle.licenses_itself": '{"id": "uk", "licenses_from": "uk"}',
    "innovation.no_core_element": '{"elements": [{"kind": "adaptable", ...}]}',
    "grading.level": '{"scheme": "grade", "level": "3b"}',
    "evidence.about_nothing": '{"about": {}}',
    "funding.amount_without_currency": '{"funding": {"amount": 5000}}',
    "lever.supersedes_itself": '{"id": "nice-dg40", "supersedes": "nice-dg40"}',
}


def _generated() -> list[CatalogueEntry]:
    out = []
    for keyword in sorted(constraint_keywords()):
        title, explanation, example, fix = _KEYWORD_TEXT[keyword]
        out.append(
            CatalogueEntry(
                code=f"value.{keyword}",
                severity=_E,
                tier="schema",
                title=title,
                explanation=explanation + f" (JSON Schema keyword '{keyword}'.)",
                example=example,
                fix=fix,
            )
        )
    rules: dict[str, list[Any]] = {}
    for cls in model_classes():
        for rule in class_rules(cls):
            rules.setdefault(rule.code, []).append((cls, rule))
    for code, found in sorted(rules.items()):
        classes = ", ".join(sorted({cls.__name__ for cls, _ in found}))
        rule = found[0][1]
        expressed = (
            "The published JSON Schemas express this rule too."
            if rule.schema is not None
            else "JSON Schema cannot express this rule: only innovscale checks it."
        )
        message = rule.message
        if len(found) > 1:
            message = "a free-text field must be given exactly when its coded field says 'other'"
        out.append(
            CatalogueEntry(
                code=code,
                severity=_E,
                tier="schema",
                title=message[0].upper() + message[1:],
                explanation=f"A cross-field rule of {classes}: {message}. {expressed}",
                example=_RULE_EXAMPLES.get(code, f"a {classes} that breaks the rule"),
                fix=rule.hint or "See the explanation.",
            )
        )
    return out


@functools.cache
def _entries() -> dict[str, CatalogueEntry]:
    for module in _DEFINING:
        importlib.import_module(module)
    entries = [*defined().values(), *_generated()]
    order = {tier: index for index, tier in enumerate(TIERS)}
    entries.sort(key=lambda e: (order[e.tier], e.code))
    return {e.code: e for e in entries}


def catalogue() -> list[CatalogueEntry]:
    """
    Every issue code any tier can raise, ordered by tier and then code.

    >>> from innovscale.validation import catalogue
    >>> entry = next(e for e in catalogue() if e.code == "ref.dangling")
    >>> entry.tier, entry.severity.value
    ('integrity', 'error')

    .. versionadded:: 0.1.0
    """
    return list(_entries().values())


def entry(code: str) -> CatalogueEntry:
    """
    The catalogue entry for ``code``.

    Raises:
        KeyError: The code is not in the catalogue.
    """
    return _entries()[code]


def severity(code: str) -> Severity:
    """The severity of ``code`` (raises :class:`KeyError` for an undocumented code)."""
    return _entries()[code].severity
