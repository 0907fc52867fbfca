"""
The error-code catalogue: every code any tier can raise, with what it means and how to fix it.

Entries for the model's value constraints and cross-field rules are generated
from the model itself (its :class:`~innovscale.model._fields.Constraints`
keywords and :func:`~innovscale.model._fields.rules`), so a new rule cannot be
raised without appearing here; the parse and integrity entries are written here,
beside the code that raises them.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs

from innovscale.model._fields import class_rules
from innovscale.report import Severity
from innovscale.validation._walk import constraint_keywords, model_classes

__all__ = ["TIERS", "CatalogueEntry", "catalogue", "entry", "severity"]

#: The validation tiers, in the order they run.
TIERS = ("parse", "schema", "integrity")


@attrs.frozen(kw_only=True)
class CatalogueEntry:
    """
    One documented issue code.

    Attributes:
        code: The stable dotted code, e.g. ``"ref.dangling"``.
        severity: Whether the issue makes a document invalid (error) or not (warning).
        tier: The tier that raises it: ``"parse"``, ``"schema"`` or ``"integrity"``.
        title: A short title.
        explanation: What the code means and why it matters.
        example: A small example of input that raises it.
        fix: How to fix it.

    .. versionadded:: 0.1.0
    """

    code: str
    severity: Severity
    tier: str
    title: str
    explanation: str
    example: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        """The entry as JSON-compatible data (the severity as its string value)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "tier": self.tier,
            "title": self.title,
            "explanation": self.explanation,
            "example": self.example,
            "fix": self.fix,
        }


_E = Severity.ERROR
_W = Severity.WARNING

#: Entries written by hand: code, severity, tier, title, explanation, example and fix.
_WRITTEN: tuple[tuple[str, Severity, str, str, str, str, str], ...] = (
    # -- parse tier -------------------------------------------------------------------------
    (
        "parse.syntax",
        _E,
        "parse",
        "Invalid JSON",
        (
            "The text is not JSON: a missing comma or bracket, a trailing comma, a comment, "
            "single quotes, or a number too long to read. The issue gives the line and column "
            "where the parser stopped."
        ),
        '{"id": "dafne",}',
        "Correct the JSON at the line and column given; a JSON-aware editor shows the spot.",
    ),
    (
        "parse.empty",
        _E,
        "parse",
        "Empty input",
        "The file (or a JSON Lines stream) holds no JSON value at all, only white space.",
        "(an empty file)",
        "Write an evidence base object; start from the examples in the documentation.",
    ),
    (
        "parse.encoding",
        _E,
        "parse",
        "Not UTF-8",
        (
            "JSON documents must be UTF-8. The input holds bytes that are not UTF-8, often "
            "because it was saved as Latin-1, Windows-1252 or UTF-16."
        ),
        'b\'{"title": "caf\\xe9"}\' (Latin-1)',
        "Save the file as UTF-8 (without a byte-order mark).",
    ),
    (
        "parse.bom",
        _W,
        "parse",
        "Byte-order mark",
        (
            "The input starts with a UTF-8 byte-order mark. JSON forbids it and some tools "
            "reject it; innovscale ignores it and validates the content."
        ),
        "b'\\xef\\xbb\\xbf{...}'",
        "Save the file as UTF-8 without a byte-order mark ('UTF-8', not 'UTF-8 with BOM').",
    ),
    (
        "parse.duplicate_key",
        _E,
        "parse",
        "Duplicate key",
        (
            "An object has the same key twice. JSON parsers disagree on which value wins, so "
            "innovscale never picks one silently."
        ),
        '{"id": "dafne", "id": "dafne-uk"}',
        "Keep one of the two values.",
    ),
    (
        "parse.nonfinite",
        _E,
        "parse",
        "NaN or Infinity",
        (
            "The text uses NaN, Infinity or -Infinity, which Python writes but JSON does not "
            "allow, or a number too large for a float (beyond about 1.8e308, such as 1e400), "
            "which would read as infinity and could not be written back."
        ),
        '{"value": NaN}',
        "Leave the field out, or give a finite number.",
    ),
    (
        "parse.unreadable",
        _E,
        "parse",
        "Cannot be read",
        (
            "An input named on the command line does not exist, matches nothing, or cannot "
            "be read (permissions). It is listed in the report as invalid, and "
            "`innovscale validate` exits with status 2."
        ),
        "innovscale validate missing.json",
        "Check the path and its permissions.",
    ),
    (
        "parse.too_large",
        _E,
        "parse",
        "Document too large",
        (
            "A JSON document is larger than the size limit (1 GiB unless set with "
            "`--max-size` or `validate_path(max_size=...)`), so it is refused without being "
            "read: a document is read whole, and parsing needs a few times its size in "
            "memory. JSON Lines files are read line by line and have no limit."
        ),
        "innovscale validate --max-size 1M big.json",
        "Split the base, write it as JSON Lines, or raise the limit.",
    ),
    (
        "parse.surrogate",
        _E,
        "parse",
        "Unpaired surrogate",
        (
            "A string escapes half of a UTF-16 surrogate pair without the other half "
            "(\\ud800 alone). That is not a character: no UTF-8 file can hold it, so the "
            "value could be read but never written back. Refused with and without orjson."
        ),
        '{"name": "caf\\ud800"}',
        "Write the character itself, or both halves of its pair (\\ud83d\\ude00 for U+1F600).",
    ),
    (
        "parse.too_deep",
        _E,
        "parse",
        "Nested too deeply",
        (
            "Arrays and objects are nested more deeply than any innovscale document needs "
            "(the limit guards against malicious input)."
        ),
        "[[[[...]]]] (more than 64 levels)",
        "Flatten the document; innovscale documents are only a few levels deep.",
    ),
    # -- JSON Lines shape -----------------------------------------------------------------------
    (
        "jsonl.line_shape",
        _E,
        "schema",
        "Malformed JSON Lines line",
        (
            "Each line of a JSON Lines evidence base is an object with exactly one key, the "
            "record type, whose value is the record."
        ),
        '{"id": "dafne", "name": "DAFNE"}',
        'Wrap the record in its type: {"innovation": {"id": "dafne", ...}}.',
    ),
    (
        "jsonl.unknown_type",
        _E,
        "schema",
        "Unknown record type",
        (
            "The key of a JSON Lines line is not a record type (evidence_base, source, "
            "organisation, innovation, adoption, enabler_claim, policy_lever, "
            "engagement_activity, evidence, reach_measure)."
        ),
        '{"innovations": {"id": "dafne", ...}}',
        "Use the singular record type name, e.g. 'innovation'.",
    ),
    # -- schema tier: values ------------------------------------------------------------------
    (
        "value.type",
        _E,
        "schema",
        "Wrong type",
        (
            "A value has the wrong JSON type: a number where text is expected, a string where "
            "an array is expected, or null for an optional field. innovscale never coerces."
        ),
        '{"aliases": "DAFNE"}',
        "Give the type the field needs; leave optional fields out instead of writing null.",
    ),
    (
        "value.required",
        _E,
        "schema",
        "Required field missing",
        "A field every record of this type must have is missing.",
        '{"id": "dafne", "name": "DAFNE"} (an innovation without kind, summary, elements)',
        "Add the field; the schema reference lists what each record requires.",
    ),
    (
        "value.unknown_field",
        _E,
        "schema",
        "Unknown field",
        (
            "An object has a key the model does not define; often a typo. Unknown data is "
            "never dropped silently."
        ),
        '{"id": "dafne", "nmae": "DAFNE"}',
        (
            "Correct the name, or keep your own data under 'extensions' with a namespaced key "
            "such as 'acme:priority'."
        ),
    ),
    (
        "value.enum",
        _E,
        "schema",
        "Not a vocabulary code",
        "A field that takes a code from a controlled vocabulary holds something else.",
        '{"kind": "programm"}',
        (
            "Use one of the codes listed in the vocabulary reference; the hint suggests the "
            "closest one."
        ),
    ),
    (
        "value.not_finite",
        _E,
        "schema",
        "Not a finite number",
        (
            "A number is infinite or not a number. JSON text cannot hold one (the parse tier "
            "reports it as parse.nonfinite); a Python float can, and construction refuses it."
        ),
        "ReachMeasure(..., value=float('nan'))",
        "Give a finite number.",
    ),
    (
        "value.surrogate",
        _E,
        "schema",
        "Unpaired surrogate in text",
        (
            "A Python string holds half of a surrogate pair ('\\ud800'), which is not a "
            "character and cannot be written as UTF-8. JSON text with one is refused by the "
            "parse tier (parse.surrogate); construction and writing refuse the Python value."
        ),
        "Organisation(..., name='caf\\ud800')",
        "Remove it, or write the character it was meant to be.",
    ),
    (
        "value.invalid",
        _E,
        "schema",
        "Invalid value",
        (
            "The value could not be accepted for a reason no more specific code covers, "
            "such as an integer too large to hold as a number."
        ),
        '{"value": 1000...000} (400 digits)',
        "Check the value against the schema reference.",
    ),
    (
        "date.invalid",
        _E,
        "schema",
        "Not a real date",
        (
            "A date has the right shape but does not exist in the calendar, such as "
            "29 February in a year that is not a leap year. The JSON Schema pattern allows "
            "29 February in every year, so only innovscale checks this."
        ),
        '{"date": "2019-02-29"}',
        "Correct the date, or give only the year and month.",
    ),
    # -- integrity tier -----------------------------------------------------------------------
    (
        "ref.dangling",
        _E,
        "integrity",
        "Dangling reference",
        (
            "A reference names a record (or, for '<innovation>#<element>', an element) that is "
            "not in the evidence base. The message names the record type the field expects."
        ),
        '{"adoptions": [{"innovation": "dafnee", ...}]} with no innovation \'dafnee\'',
        "Add the missing record, or correct the id; the hint suggests close ids.",
    ),
    (
        "ref.wrong_type",
        _E,
        "integrity",
        "Reference to the wrong type of record",
        (
            "A reference names a record that exists but is of another type, e.g. an adoption's "
            "'adopter' naming an innovation."
        ),
        '{"adopter": "dafne"} where \'dafne\' is an innovation',
        "Name a record of the type the field expects.",
    ),
    (
        "id.duplicate",
        _E,
        "integrity",
        "Duplicate record id",
        (
            "Two records share an id. Ids are unique across the whole evidence base, whatever "
            "the record type, so every reference is unambiguous."
        ),
        '{"sources": [{"id": "dafne", ...}], "innovations": [{"id": "dafne", ...}]}',
        "Rename one of the records and update the references to it.",
    ),
    (
        "element.duplicate_id",
        _E,
        "integrity",
        "Duplicate element id",
        (
            "Two elements of one innovation share an id, so '<innovation>#<element>' "
            "addresses are ambiguous."
        ),
        '{"elements": [{"id": "course", ...}, {"id": "course", ...}]}',
        "Give each element of the innovation its own id.",
    ),
    (
        "vehicle.duplicate_id",
        _E,
        "integrity",
        "Duplicate scaling-vehicle id",
        "Two scaling vehicles of one innovation share an id, so licence chains are ambiguous.",
        '{"scaling_vehicles": [{"id": "uk", ...}, {"id": "uk", ...}]}',
        "Give each scaling vehicle of the innovation its own id.",
    ),
    (
        "adaptation.duplicate_id",
        _E,
        "integrity",
        "Duplicate adaptation id",
        "Two adaptations of one adoption share an id, so evidence cannot point at one.",
        '{"adaptations": [{"id": "weekly", ...}, {"id": "weekly", ...}]}',
        "Give each adaptation of the adoption its own id.",
    ),
    (
        "adaptation.unknown_element",
        _E,
        "integrity",
        "Adaptation of an element the innovation does not have",
        (
            "An adaptation names an element id that the adopted innovation does not have "
            "(sometimes an element of another innovation)."
        ),
        '{"innovation": "dafne", "adaptations": [{"elements": ["triage"], ...}]}',
        "Name an element of the adopted innovation, by its id within that innovation.",
    ),
    (
        "adaptation.core_fidelity",
        _W,
        "integrity",
        "Core element changed but called fidelity-consistent",
        (
            "An adaptation changes a core element yet claims to be fidelity-consistent. Core "
            "elements carry the innovation's impact; changing one is rarely consistent with "
            "fidelity, so the claim needs a second look."
        ),
        (
            '{"elements": ["carbohydrate-counting"], "fidelity": "fidelity_consistent"} '
            "where carbohydrate-counting is core"
        ),
        (
            "Check the coding: make the fidelity 'fidelity_inconsistent' or 'unknown', or say "
            "in 'description' why the core function is preserved."
        ),
    ),
    (
        "vehicle.licence_unknown",
        _E,
        "integrity",
        "Licence from an unknown vehicle",
        "A scaling vehicle's 'licenses_from' names a vehicle id the innovation does not have.",
        '{"scaling_vehicles": [{"id": "uk", "licenses_from": "us", ...}]} with no vehicle \'us\'',
        "Add the licensing vehicle to the same innovation, or correct the id.",
    ),
    (
        "vehicle.licence_cycle",
        _E,
        "integrity",
        "Licence cycle",
        (
            "Scaling vehicles license from each other in a circle, so no vehicle holds the "
            "original licence."
        ),
        '{"id": "a", "licenses_from": "b"}, {"id": "b", "licenses_from": "a"}',
        "Remove 'licenses_from' from the vehicle that holds the original licence.",
    ),
    (
        "date.before_origin",
        _E,
        "integrity",
        "Date before the innovation began",
        (
            "A date (an adoption's start, a reach figure's date, a scaling vehicle's start) is "
            "certainly before the year the innovation originated."
        ),
        '{"origin": {"year": 1998}} and an adoption with {"period": {"start": "1995"}}',
        "Correct the date or the innovation's origin year.",
    ),
    (
        "reach.adoption_mismatch",
        _E,
        "integrity",
        "Reach measure of another innovation's adoption",
        "A reach measure names an adoption of a different innovation than the one it measures.",
        '{"innovation": "dafne", "adoption": "schwartz-at-leeds"}',
        "Name an adoption of the measured innovation, or correct 'innovation'.",
    ),
    (
        "source.unused",
        _W,
        "integrity",
        "Unused source",
        (
            "A source is never cited: no record names it in 'sources' or 'citation'. It may be "
            "left over, or a citation may be missing."
        ),
        '{"sources": [{"id": "heller-2002", ...}]} and nothing citing heller-2002',
        "Cite the source where its facts are used, or remove it.",
    ),
    (
        "claim.no_evidence",
        _W,
        "integrity",
        "Claim resting on nothing",
        (
            "An enabler claim names neither evidence nor sources. A claim is an assessment, "
            "and a reader needs to see what it rests on."
        ),
        '{"id": "dafne-evidence", "enabler": "...", "narrative": "..."}',
        "Add the evidence records or the sources the claim rests on.",
    ),
    (
        "support.takeover_without_funding",
        _W,
        "integrity",
        "Takeover without funding",
        (
            "Support names who took over funding ('takeover') but not what was funded "
            "('funding'), so the pump-priming pattern cannot be read."
        ),
        '{"kind": "pump_priming", "takeover": "leeds-ccg"}',
        "Add 'funding' (amount, currency and months), or remove 'takeover'.",
    ),
    (
        "jsonl.duplicate_header",
        _E,
        "integrity",
        "More than one header line",
        (
            "A JSON Lines evidence base has more than one 'evidence_base' line; only one can "
            "describe the base."
        ),
        '{"evidence_base": {...}} on lines 1 and 40',
        "Keep one header line.",
    ),
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
    entries = [
        CatalogueEntry(
            code=code,
            severity=sev,
            tier=tier,
            title=title,
            explanation=explanation,
            example=example,
            fix=fix,
        )
        for code, sev, tier, title, explanation, example, fix in _WRITTEN
    ]
    entries.extend(_generated())
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
